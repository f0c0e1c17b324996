"""Cue, complement and subject rules on hand-built parses (attribution/extract/syntax.py).

The Docs are built by hand so that these tests mean the same whatever the parser does.
"""

from __future__ import annotations

from spacy.tokens import Doc

from attribution.extract import syntax
from attribution.ruleset.loader import Rules, load_rules

NO_ONE = load_rules().words.unlikely_speakers


def make_doc(nlp, rows: list[tuple[str, int, str, str, str]]) -> Doc:  # type: ignore[no-untyped-def]
    """rows: (word, head index, dep, pos, lemma)."""
    words = [r[0] for r in rows]
    spaces = [i + 1 < len(rows) and rows[i + 1][3] != "PUNCT" for i in range(len(rows))]
    return Doc(
        nlp.vocab,
        words=words,
        spaces=spaces,
        heads=[r[1] for r in rows],
        deps=[r[2] for r in rows],
        pos=[r[3] for r in rows],
        lemmas=[r[4] for r in rows],
    )


def text_of(doc: Doc, rng: tuple[int, int]) -> str:
    return doc[rng[0] : rng[1]].text


def test_cue_with_clause_and_subject(nlp, rules: Rules) -> None:  # type: ignore[no-untyped-def]
    doc = make_doc(
        nlp,
        [
            ("The", 1, "det", "DET", "the"),
            ("mayor", 2, "nsubj", "NOUN", "mayor"),
            ("said", 2, "ROOT", "VERB", "say"),
            ("that", 6, "mark", "SCONJ", "that"),
            ("taxes", 6, "nsubj", "NOUN", "tax"),
            ("would", 6, "aux", "AUX", "would"),
            ("rise", 2, "ccomp", "VERB", "rise"),
            (".", 2, "punct", "PUNCT", "."),
        ],
    )
    (cue,) = list(syntax.find_cues(doc, rules))
    assert (cue.lemma, cue.cue_class) == ("say", "speech")
    comp = syntax.clausal_complement(cue.verb)
    assert comp is not None and text_of(doc, comp) == "that taxes would rise"
    subj, rule = syntax.subject_of(cue.verb, NO_ONE)
    assert subj is not None and subj.text == "mayor" and rule == "speaker.subject"


def test_inverted_subject_and_inherited_speaker(nlp, rules: Rules) -> None:  # type: ignore[no-untyped-def]
    # "It rained", said Smith, adding that it would stop.
    doc = make_doc(
        nlp,
        [
            ("It", 1, "nsubj", "PRON", "it"),
            ("rained", 3, "ccomp", "VERB", "rain"),
            (",", 3, "punct", "PUNCT", ","),
            ("said", 3, "ROOT", "VERB", "say"),
            ("Smith", 3, "nsubj", "PROPN", "Smith"),
            (",", 3, "punct", "PUNCT", ","),
            ("adding", 3, "advcl", "VERB", "add"),
            ("that", 10, "mark", "SCONJ", "that"),
            ("it", 10, "nsubj", "PRON", "it"),
            ("would", 10, "aux", "AUX", "would"),
            ("stop", 6, "ccomp", "VERB", "stop"),
        ],
    )
    said, adding = list(syntax.find_cues(doc, rules))
    assert syntax.subject_of(said.verb, NO_ONE) == (doc[4], "speaker.inverted")
    assert syntax.subject_of(adding.verb, NO_ONE) == (doc[4], "speaker.inherited")


def test_relative_pronoun_is_the_speaker_mention(nlp, rules: Rules) -> None:  # type: ignore[no-untyped-def]
    # The union, which said talks failed, ...
    doc = make_doc(
        nlp,
        [
            ("The", 1, "det", "DET", "the"),
            ("union", 1, "ROOT", "NOUN", "union"),
            (",", 1, "punct", "PUNCT", ","),
            ("which", 4, "nsubj", "PRON", "which"),
            ("said", 1, "relcl", "VERB", "say"),
            ("talks", 6, "nsubj", "NOUN", "talk"),
            ("failed", 4, "ccomp", "VERB", "fail"),
        ],
    )
    doc[3].tag_ = "WDT"
    (cue,) = list(syntax.find_cues(doc, rules))
    assert syntax.subject_of(cue.verb, NO_ONE) == (doc[3], "speaker.relative")


def test_passive_agent_is_the_speaker(nlp, rules: Rules) -> None:  # type: ignore[no-untyped-def]
    # It was announced by the ministry that talks failed.
    doc = make_doc(
        nlp,
        [
            ("It", 2, "nsubjpass", "PRON", "it"),
            ("was", 2, "auxpass", "AUX", "be"),
            ("announced", 2, "ROOT", "VERB", "announce"),
            ("by", 2, "agent", "ADP", "by"),
            ("the", 5, "det", "DET", "the"),
            ("ministry", 3, "pobj", "NOUN", "ministry"),
            ("that", 8, "mark", "SCONJ", "that"),
            ("talks", 8, "nsubj", "NOUN", "talk"),
            ("failed", 2, "ccomp", "VERB", "fail"),
        ],
    )
    (cue,) = list(syntax.find_cues(doc, rules))
    assert text_of(doc, cue.tokens) == "was announced"
    assert syntax.subject_of(cue.verb, NO_ONE) == (doc[5], "speaker.agent")


def test_two_word_cue_needs_its_particle(nlp, rules: Rules) -> None:  # type: ignore[no-untyped-def]
    # They called for calm.  /  They called him.
    doc = make_doc(
        nlp,
        [
            ("They", 1, "nsubj", "PRON", "they"),
            ("called", 1, "ROOT", "VERB", "call"),
            ("for", 1, "prep", "ADP", "for"),
            ("calm", 2, "pobj", "NOUN", "calm"),
        ],
    )
    (cue,) = list(syntax.find_cues(doc, rules))
    assert (cue.lemma, cue.cue_class, text_of(doc, cue.tokens)) == (
        "call for",
        "request",
        "called for",
    )
    assert syntax.object_complement(cue.verb, cue.tokens[1]) == (3, 4)


def test_parenthetical_between_dashes(nlp, rules: Rules) -> None:  # type: ignore[no-untyped-def]
    # Rebels fired – the army said – from the hills.
    doc = make_doc(
        nlp,
        [
            ("Rebels", 1, "nsubj", "NOUN", "rebel"),
            ("fired", 1, "ROOT", "VERB", "fire"),
            ("–", 5, "punct", "PUNCT", "–"),
            ("the", 4, "det", "DET", "the"),
            ("army", 5, "nsubj", "NOUN", "army"),
            ("said", 1, "parataxis", "VERB", "say"),
            ("–", 5, "punct", "PUNCT", "–"),
            ("from", 1, "prep", "ADP", "from"),
            ("the", 9, "det", "DET", "the"),
            ("hills", 7, "pobj", "NOUN", "hill"),
        ],
    )
    (cue,) = list(syntax.find_cues(doc, rules))
    paren = syntax.parenthetical_range(cue.verb)
    assert paren == (2, 7)
    pieces = syntax.comma_bounded(doc, 0, len(doc), paren)
    assert [text_of(doc, p) for p in pieces] == ["Rebels fired", "from the hills"]
    assert syntax.subject_of(cue.verb, NO_ONE, within=paren) == (doc[4], "speaker.subject")


def test_mention_drops_relative_clause_keeps_apposition(nlp) -> None:  # type: ignore[no-untyped-def]
    # Perez, who fled, and Ana Diaz, a lawyer
    doc = make_doc(
        nlp,
        [
            ("Perez", 0, "ROOT", "PROPN", "Perez"),
            (",", 0, "punct", "PUNCT", ","),
            ("who", 3, "nsubj", "PRON", "who"),
            ("fled", 0, "relcl", "VERB", "flee"),
            (",", 0, "punct", "PUNCT", ","),
        ],
    )
    assert text_of(doc, syntax.mention_range(doc[0])) == "Perez"
    doc2 = make_doc(
        nlp,
        [
            ("Ana", 1, "compound", "PROPN", "Ana"),
            ("Diaz", 1, "ROOT", "PROPN", "Diaz"),
            (",", 1, "punct", "PUNCT", ","),
            ("a", 4, "det", "DET", "a"),
            ("lawyer", 1, "appos", "NOUN", "lawyer"),
        ],
    )
    assert text_of(doc2, syntax.mention_range(doc2[1])) == "Ana Diaz, a lawyer"


def _says_and(nlp, verb: str, lemma: str):  # type: ignore[no-untyped-def]
    """`He says the plan is dead and VERB it a waste .`, the parser's way: the second
    verb coordinated with the reported clause's verb, with no subject of its own."""
    return make_doc(
        nlp,
        [
            ("He", 1, "nsubj", "PRON", "he"),
            ("says", 1, "ROOT", "VERB", "say"),
            ("the", 3, "det", "DET", "the"),
            ("plan", 4, "nsubj", "NOUN", "plan"),
            ("is", 1, "ccomp", "AUX", "be"),
            ("dead", 4, "acomp", "ADJ", "dead"),
            ("and", 4, "cc", "CCONJ", "and"),
            (verb, 4, "conj", "VERB", lemma),
            ("it", 7, "dobj", "PRON", "it"),
            ("a", 10, "det", "DET", "a"),
            ("waste", 7, "oprd", "NOUN", "waste"),
            (".", 1, "punct", "PUNCT", "."),
        ],
    )


def test_the_speakers_next_cue_ends_the_clause(nlp, rules: Rules) -> None:  # type: ignore[no-untyped-def]
    doc = _says_and(nlp, "calls", "call")
    comp = syntax.clausal_complement(doc[1])
    assert comp is not None and text_of(doc, comp) == "the plan is dead and calls it a waste"
    assert text_of(doc, syntax.without_next_cue(doc[1], comp, rules)) == "the plan is dead"


def test_a_believing_verb_stays_in_the_clause(nlp, rules: Rules) -> None:  # type: ignore[no-untyped-def]
    # `wants`, `expects`, `shows` are more often the content's own verbs.
    doc = _says_and(nlp, "wants", "want")
    comp = syntax.clausal_complement(doc[1])
    assert comp is not None
    assert syntax.without_next_cue(doc[1], comp, rules) == comp


def test_called_on_x_to_starts_at_x(nlp) -> None:  # type: ignore[no-untyped-def]
    # PolNeAR: `called on Sanders to do the same` reports `Sanders to do the same`.
    doc = make_doc(
        nlp,
        [
            ("Clinton", 1, "nsubj", "PROPN", "Clinton"),
            ("called", 1, "ROOT", "VERB", "call"),
            ("on", 1, "prep", "ADP", "on"),
            ("Sanders", 2, "pobj", "PROPN", "Sanders"),
            ("to", 5, "aux", "PART", "to"),
            ("do", 1, "xcomp", "VERB", "do"),
            ("the", 7, "det", "DET", "the"),
            ("same", 5, "dobj", "ADJ", "same"),
            (".", 1, "punct", "PUNCT", "."),
        ],
    )
    rng = syntax.infinitive_complement(doc[1])
    assert rng is not None and text_of(doc, rng) == "Sanders to do the same"


def test_a_to_clause_ends_before_which_he_did(nlp) -> None:  # type: ignore[no-untyped-def]
    # `, which he did` tells that the act was done, not what was asked; a relative clause
    # that says something of the object (`, which includes new hires`) stays.
    rows = [
        ("The", 1, "det", "DET", "the"),
        ("chair", 2, "nsubj", "NOUN", "chair"),
        ("told", 2, "ROOT", "VERB", "tell"),
        ("Ames", 2, "dobj", "PROPN", "Ames"),
        ("to", 5, "aux", "PART", "to"),
        ("withdraw", 2, "xcomp", "VERB", "withdraw"),
        ("the", 7, "det", "DET", "the"),
        ("remark", 5, "dobj", "NOUN", "remark"),
        (",", 7, "punct", "PUNCT", ","),
        ("which", 11, "dobj", "PRON", "which"),
        ("he", 11, "nsubj", "PRON", "he"),
        ("did", 7, "relcl", "VERB", "do"),
        (".", 2, "punct", "PUNCT", "."),
    ]
    doc = make_doc(nlp, rows)
    rng = syntax.infinitive_complement(doc[2])
    assert rng is not None and text_of(doc, rng) == "Ames to withdraw the remark"
    rows[9:12] = [
        ("which", 10, "nsubj", "PRON", "which"),
        ("includes", 7, "relcl", "VERB", "include"),
        ("cuts", 10, "dobj", "NOUN", "cut"),
    ]
    doc = make_doc(nlp, rows)
    rng = syntax.infinitive_complement(doc[2])
    assert rng is not None
    assert text_of(doc, rng) == "Ames to withdraw the remark, which includes cuts"


def test_a_phrase_before_the_cue_is_not_its_object(nlp) -> None:  # type: ignore[no-untyped-def]
    # `In an interview, Ryan criticized the plan`: the object is `the plan`, not the
    # object of the sentence's opening preposition.
    doc = make_doc(
        nlp,
        [
            ("In", 5, "prep", "ADP", "in"),
            ("an", 2, "det", "DET", "an"),
            ("interview", 0, "pobj", "NOUN", "interview"),
            (",", 5, "punct", "PUNCT", ","),
            ("Ryan", 5, "nsubj", "PROPN", "Ryan"),
            ("criticized", 5, "ROOT", "VERB", "criticize"),
            ("the", 7, "det", "DET", "the"),
            ("plan", 5, "dobj", "NOUN", "plan"),
            (".", 5, "punct", "PUNCT", "."),
        ],
    )
    rng = syntax.object_complement(doc[5], 6)
    assert rng is not None and text_of(doc, rng) == "the plan"


def test_a_mention_stops_at_a_colon(nlp) -> None:  # type: ignore[no-untyped-def]
    # A headline `Poll: Sanders leads`, parsed with `Poll` as its root: the mention is
    # `Poll`, not the headline (which left the label rule no content).
    doc = make_doc(
        nlp,
        [
            ("Poll", 0, "ROOT", "NOUN", "poll"),
            (":", 0, "punct", "PUNCT", ":"),
            ("Sanders", 3, "nsubj", "PROPN", "Sanders"),
            ("leads", 0, "appos", "VERB", "lead"),
        ],
    )
    assert syntax.mention_range(doc[0]) == (0, 1)


def test_an_asked_question_hung_on_the_cue(nlp, rules: Rules) -> None:  # type: ignore[no-untyped-def]
    # `asked workers if they planned to come`, the parser's way: the if-clause is an
    # adverbial clause of `asked`; what was asked is that clause.
    doc = make_doc(
        nlp,
        [
            ("He", 1, "nsubj", "PRON", "he"),
            ("asked", 1, "ROOT", "VERB", "ask"),
            ("workers", 1, "dobj", "NOUN", "worker"),
            ("if", 5, "mark", "SCONJ", "if"),
            ("they", 5, "nsubj", "PRON", "they"),
            ("planned", 1, "advcl", "VERB", "plan"),
            ("to", 7, "aux", "PART", "to"),
            ("come", 5, "xcomp", "VERB", "come"),
            (".", 1, "punct", "PUNCT", "."),
        ],
    )
    rng = syntax.asked_question(doc[1], rules.words.question_marks)
    assert rng is not None and text_of(doc, rng) == "if they planned to come"


def test_a_reporting_noun_and_its_preposition(nlp, rules: Rules) -> None:  # type: ignore[no-untyped-def]
    # `his criticism of the deal`: the noun and its preposition are the cue, the
    # preposition's object what was said, the owner the speaker. A noun outside cues.toml's
    # [nouns] (`the roof of the house`) is no cue.
    doc = make_doc(
        nlp,
        [
            ("His", 1, "poss", "PRON", "his"),
            ("criticism", 5, "nsubj", "NOUN", "criticism"),
            ("of", 1, "prep", "ADP", "of"),
            ("the", 4, "det", "DET", "the"),
            ("deal", 2, "pobj", "NOUN", "deal"),
            ("stung", 5, "ROOT", "VERB", "sting"),
            ("the", 7, "det", "DET", "the"),
            ("roof", 5, "dobj", "NOUN", "roof"),
            ("of", 7, "prep", "ADP", "of"),
            ("the", 10, "det", "DET", "the"),
            ("house", 8, "pobj", "NOUN", "house"),
            (".", 5, "punct", "PUNCT", "."),
        ],
    )
    (cue,) = list(syntax.find_noun_cues(doc, rules.words))
    assert (cue.lemma, cue.cue_class, text_of(doc, cue.tokens)) == (
        "criticism of",
        "noun",
        "criticism of",
    )
    rng = syntax.noun_complement(cue.verb, cue.tokens)
    assert rng is not None and text_of(doc, rng) == "the deal"
    speaker, rule = syntax.subject_of(cue.verb, NO_ONE)
    assert speaker is not None and speaker.text == "His" and rule == "speaker.possessor"


def test_a_reporting_noun_with_a_to_clause(nlp, rules: Rules) -> None:  # type: ignore[no-untyped-def]
    # `her proposal to cut taxes`: the to-clause is what was proposed.
    doc = make_doc(
        nlp,
        [
            ("Her", 1, "poss", "PRON", "her"),
            ("proposal", 5, "nsubj", "NOUN", "proposal"),
            ("to", 3, "aux", "PART", "to"),
            ("cut", 1, "acl", "VERB", "cut"),
            ("taxes", 3, "dobj", "NOUN", "tax"),
            ("failed", 5, "ROOT", "VERB", "fail"),
            (".", 5, "punct", "PUNCT", "."),
        ],
    )
    (cue,) = list(syntax.find_noun_cues(doc, rules.words))
    assert (cue.lemma, text_of(doc, cue.tokens)) == ("proposal", "proposal")
    rng = syntax.noun_complement(cue.verb, cue.tokens)
    assert rng is not None and text_of(doc, rng) == "to cut taxes"


def test_a_predicate_adjective_and_its_preposition(nlp, rules: Rules) -> None:  # type: ignore[no-untyped-def]
    # `Republicans have been critical of the deal`: the adjective after the copula and its
    # preposition are the cue, the preposition's object what is reported, the copula's
    # subject the speaker. A noun in that place (`the town is part of the county`) is no
    # cue, and nor is an adjective whose copula has no subject.
    doc = make_doc(
        nlp,
        [
            ("Republicans", 2, "nsubj", "PROPN", "Republicans"),
            ("have", 2, "aux", "AUX", "have"),
            ("been", 2, "ROOT", "AUX", "be"),
            ("critical", 2, "acomp", "ADJ", "critical"),
            ("of", 3, "prep", "ADP", "of"),
            ("the", 6, "det", "DET", "the"),
            ("deal", 4, "pobj", "NOUN", "deal"),
            (",", 2, "punct", "PUNCT", ","),
            ("and", 2, "cc", "CCONJ", "and"),
            ("the", 10, "det", "DET", "the"),
            ("town", 11, "nsubj", "NOUN", "town"),
            ("is", 2, "conj", "AUX", "be"),
            ("part", 11, "attr", "NOUN", "part"),
            ("of", 12, "prep", "ADP", "of"),
            ("the", 15, "det", "DET", "the"),
            ("county", 13, "pobj", "NOUN", "county"),
            (".", 2, "punct", "PUNCT", "."),
        ],
    )
    (cue,) = list(syntax.find_predicate_cues(doc, rules.words))
    assert (cue.lemma, cue.cue_class, text_of(doc, cue.tokens)) == (
        "critical of",
        "predicate",
        "critical of",
    )
    rng = syntax.noun_complement(cue.verb, cue.tokens)
    assert rng is not None and text_of(doc, rng) == "the deal"
    speaker, rule = syntax.subject_of(cue.verb.head, NO_ONE)
    assert speaker is not None and speaker.text == "Republicans" and rule == "speaker.subject"
    without_subject = make_doc(
        nlp,
        [
            ("Be", 0, "ROOT", "AUX", "be"),
            ("critical", 0, "acomp", "ADJ", "critical"),
            ("of", 1, "prep", "ADP", "of"),
            ("it", 2, "pobj", "PRON", "it"),
            (".", 0, "punct", "PUNCT", "."),
        ],
    )
    assert list(syntax.find_predicate_cues(without_subject, rules.words)) == []


def test_a_passive_participle_clause_shares_its_subject_with_no_speaker(nlp, rules: Rules) -> None:  # type: ignore[no-untyped-def]
    # `Asked about the plan, Ruiz said ...`: Ruiz was asked; who asked is not named. A
    # belief (`Worried about the plan, Ruiz said ...`) is Ruiz's own.
    rows = [
        ("Asked", 5, "advcl", "VERB", "ask"),
        ("about", 0, "prep", "ADP", "about"),
        ("the", 3, "det", "DET", "the"),
        ("plan", 1, "pobj", "NOUN", "plan"),
        ("Ruiz", 5, "nsubj", "PROPN", "Ruiz"),
        ("said", 5, "ROOT", "VERB", "say"),
        ("no", 5, "dobj", "INTJ", "no"),
        (".", 5, "punct", "PUNCT", "."),
    ]
    doc = make_doc(nlp, rows)
    doc[0].tag_ = "VBN"
    speaker, rule = syntax.subject_of(doc[0], NO_ONE)
    assert speaker is not None and speaker.text == "Ruiz" and rule == "speaker.inherited"
    assert syntax.unnamed_actor(doc[0], speaker, rule, "request", rules.words.addressed)
    assert not syntax.unnamed_actor(doc[0], speaker, rule, "belief", rules.words.addressed)
    assert not syntax.unnamed_actor(
        doc[5], speaker, "speaker.subject", "speech", rules.words.addressed
    )
    # `Ruiz reported that ...` parsed as a participle after its subject: a main verb.
    later = make_doc(
        nlp,
        [
            ("Ruiz", 3, "nsubj", "PROPN", "Ruiz"),
            ("reported", 3, "advcl", "VERB", "report"),
            ("it", 1, "dobj", "PRON", "it"),
            ("said", 3, "ROOT", "VERB", "say"),
            ("no", 3, "dobj", "INTJ", "no"),
            (".", 3, "punct", "PUNCT", "."),
        ],
    )
    later[1].tag_ = "VBN"
    speaker, rule = syntax.subject_of(later[1], NO_ONE)
    assert speaker is not None and rule == "speaker.inherited"
    assert not syntax.unnamed_actor(later[1], speaker, rule, "speech", rules.words.addressed)


def test_of_two_subjects_before_the_verb_the_nearer_speaks(nlp, rules: Rules) -> None:  # type: ignore[no-untyped-def]
    """A dateline the parser hung as a second subject (`Harbourton – Mayor Brenner
    said ...`): the subject next to the verb is the speaker, not the place."""
    doc = make_doc(
        nlp,
        [
            ("Harbourton", 4, "nsubj", "PROPN", "Harbourton"),
            ("–", 0, "punct", "PUNCT", "–"),
            ("Mayor", 3, "compound", "PROPN", "Mayor"),
            ("Brenner", 4, "nsubj", "PROPN", "Brenner"),
            ("said", 4, "ROOT", "VERB", "say"),
            ("that", 8, "mark", "SCONJ", "that"),
            ("taxes", 8, "nsubj", "NOUN", "tax"),
            ("would", 8, "aux", "AUX", "would"),
            ("rise", 4, "ccomp", "VERB", "rise"),
            (".", 4, "punct", "PUNCT", "."),
        ],
    )
    (cue,) = list(syntax.find_cues(doc, rules))
    assert syntax.subject_of(cue.verb, NO_ONE) == (doc[3], "speaker.subject")


def test_an_infinitive_on_a_verb_with_a_person_object_is_the_objects(nlp, rules: Rules) -> None:  # type: ignore[no-untyped-def]
    # The strike pushed the dockers to say that wages must rise.
    rows = [
        ("The", 1, "det", "DET", "the"),
        ("strike", 2, "nsubj", "NOUN", "strike"),
        ("pushed", 2, "ROOT", "VERB", "push"),
        ("the", 4, "det", "DET", "the"),
        ("dockers", 2, "dobj", "NOUN", "docker"),
        ("to", 6, "aux", "PART", "to"),
        ("say", 2, "xcomp", "VERB", "say"),
        ("that", 10, "mark", "SCONJ", "that"),
        ("wages", 10, "nsubj", "NOUN", "wage"),
        ("must", 10, "aux", "AUX", "must"),
        ("rise", 6, "ccomp", "VERB", "rise"),
    ]
    for tag, speaker, rule in (
        ("NNS", 4, "speaker.object_control"),
        ("NN", 1, "speaker.inherited"),  # a thing (`the plan`) does not speak
    ):
        doc = make_doc(nlp, rows)
        doc[4].tag_ = tag
        (cue,) = [c for c in syntax.find_cues(doc, rules) if c.lemma == "say"]
        assert syntax.subject_of(cue.verb, NO_ONE) == (doc[speaker], rule)


def test_a_subject_before_a_parenthetical_speaker_keeps_the_verb(nlp, rules: Rules) -> None:  # type: ignore[no-untyped-def]
    """`Ruiz, who fled – police said – reported ...`: the parser hangs both subjects on
    `said`; the nearer and its verb are set off by dashes, a parenthetical source, so
    `reported` stays Ruiz's."""
    doc = make_doc(
        nlp,
        [
            ("Ruiz", 7, "nsubj", "PROPN", "Ruiz"),
            (",", 0, "punct", "PUNCT", ","),
            ("who", 3, "nsubj", "PRON", "who"),
            ("fled", 0, "relcl", "VERB", "flee"),
            ("–", 3, "punct", "PUNCT", "–"),
            ("the", 6, "det", "DET", "the"),
            ("police", 7, "nsubj", "NOUN", "police"),
            ("said", 7, "ROOT", "VERB", "say"),
            ("–", 7, "punct", "PUNCT", "–"),
            ("reported", 7, "advcl", "VERB", "report"),
            ("that", 12, "mark", "SCONJ", "that"),
            ("troops", 12, "nsubj", "NOUN", "troop"),
            ("came", 9, "ccomp", "VERB", "come"),
        ],
    )
    reported = next(c for c in syntax.find_cues(doc, rules) if c.lemma == "report")
    assert syntax.subject_of(reported.verb, NO_ONE) == (doc[0], "speaker.inherited")


def _said_in_a_memo(nlp, mark_dep: str) -> Doc:  # type: ignore[no-untyped-def]
    """`The firm said in a memo that staff would stay`, with the that-clause hung as a
    relative clause on `memo`, as the parser sometimes does; `that` is a complementiser
    (`mark`) or, in a real relative clause, its subject."""
    return make_doc(
        nlp,
        [
            ("The", 1, "det", "DET", "the"),
            ("firm", 2, "nsubj", "NOUN", "firm"),
            ("said", 2, "ROOT", "VERB", "say"),
            ("in", 2, "prep", "ADP", "in"),
            ("a", 5, "det", "DET", "a"),
            ("memo", 3, "pobj", "NOUN", "memo"),
            ("that", 9, mark_dep, "SCONJ", "that"),
            ("staff", 9, "nsubj", "NOUN", "staff"),
            ("would", 9, "aux", "AUX", "would"),
            ("stay", 5, "relcl", "VERB", "stay"),
            (".", 2, "punct", "PUNCT", "."),
        ],
    )


def test_a_that_clause_hung_on_the_cues_phrase_is_its_complement(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = _said_in_a_memo(nlp, "mark")
    assert syntax.clausal_complement(doc[2]) is None
    comp = syntax.misattached_complement(doc[2])
    assert comp is not None
    assert text_of(doc, comp) == "that staff would stay"


def test_a_real_relative_clause_is_not_the_cues_complement(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = _said_in_a_memo(nlp, "nsubj")
    assert syntax.misattached_complement(doc[2]) is None


def test_a_participle_under_a_passive_verb_inherits_no_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    """`Ruiz, who is accused of staging an attack`: the accusation is someone else's
    telling, so `staging` does not take `who` (Ruiz) as its speaker through `accused`.
    Through an active verb (`Ruiz left before staging`) the participle still inherits."""
    rows = [
        ("Ruiz", 0, "ROOT", "PROPN", "Ruiz"),
        (",", 0, "punct", "PUNCT", ","),
        ("who", 4, "nsubjpass", "PRON", "who"),
        ("is", 4, "auxpass", "AUX", "be"),
        ("accused", 0, "relcl", "VERB", "accuse"),
        ("of", 4, "prep", "ADP", "of"),
        ("staging", 5, "pcomp", "VERB", "stage"),
        ("an", 8, "det", "DET", "an"),
        ("attack", 6, "dobj", "NOUN", "attack"),
    ]
    doc = make_doc(nlp, rows)
    speaker, rule = syntax.subject_of(doc[6], NO_ONE)
    assert speaker is None or speaker.i != 2, rule
    active = make_doc(
        nlp,
        [
            ("Ruiz", 1, "nsubj", "PROPN", "Ruiz"),
            ("left", 1, "ROOT", "VERB", "leave"),
            ("before", 1, "prep", "ADP", "before"),
            ("staging", 2, "pcomp", "VERB", "stage"),
            ("an", 5, "det", "DET", "an"),
            ("attack", 3, "dobj", "NOUN", "attack"),
        ],
    )
    speaker, rule = syntax.subject_of(active[3], NO_ONE)
    assert speaker is not None and speaker.i == 0 and rule == "speaker.inherited"


def test_pronouns_that_name_no_one_come_from_the_rules(nlp) -> None:  # type: ignore[no-untyped-def]
    """Which pronouns name no one is `unlikely_speakers` in the rules, not a list in the
    code: an object pronoun listed there does not do the infinitive, so the subject that
    the infinitive inherits does."""
    text = "The mayor urged them to cut the budget."
    doc = nlp(text)
    assert syntax.subject_of(doc[5], NO_ONE) == (doc[3], "speaker.object_control")
    doc = nlp(text)  # a new parse: the table keeps its answers
    assert syntax.subject_of(doc[5], NO_ONE | {"them"}) == (doc[1], "speaker.inherited")


def _a_claim_that(nlp, pos: str) -> Doc:  # type: ignore[no-untyped-def]
    """`a claim that the board disputes`, with `disputes` parsed as `pos`."""
    return make_doc(
        nlp,
        [
            ("a", 1, "det", "DET", "a"),
            ("claim", 1, "ROOT", "NOUN", "claim"),
            ("that", 5, "mark", "SCONJ", "that"),
            ("the", 4, "det", "DET", "the"),
            ("board", 5, "nsubj" if pos == "VERB" else "compound", "NOUN", "board"),
            ("disputes", 1, "acl", pos, "dispute"),
            (".", 1, "punct", "PUNCT", "."),
        ],
    )


def test_a_noun_cues_clause_headed_by_a_noun_is_no_clause(nlp) -> None:  # type: ignore[no-untyped-def]
    # the parser read `disputes` as a noun: the words are no clause the claim reports
    doc = _a_claim_that(nlp, "NOUN")
    assert syntax.clausal_complement(doc[1]) is None
    doc = _a_claim_that(nlp, "VERB")
    comp = syntax.clausal_complement(doc[1])
    assert comp is not None and text_of(doc, comp) == "that the board disputes"
