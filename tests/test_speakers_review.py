"""Review flags and speaker keys in the report (attribution/report/digest.py) and the CSV
writer, on hand-made articles; speakers of shouted and recorded words and nominals by role
(attribution/extract/recorded.py, attribution/speakers/resolver.py) on written articles."""

from __future__ import annotations

from attribution import Analyzer, Article
from attribution.formats.writers import CSV_COLUMNS, csv_rows
from attribution.report.digest import Corpus, digest, needs_review, speaker_rows
from attribution.schema import Attribution, Evidence, Mention, Quote, article_to_dict

TEXT = "Obama spoke. Barack Obama spoke again. Someone spoke. He spoke."


def att(
    name: str | None, key: str | None, conf: float, rule: str = "speaker.subject"
) -> Attribution:
    speaker = None if name is None else Mention(0, 5, "Obama", name, 0, "name", key)
    evidence = () if name is None else (Evidence("speaker", "rule", rule, None, "Obama"),)
    return Attribution(
        Quote(6, 11, "spoke", "indirect"), None, speaker, conf, "cue.clause", evidence
    )


def test_no_speaker_or_a_weak_rule_is_marked_for_review_whatever_the_confidence() -> None:
    assert not needs_review(att("Barack Obama", "barack obama", 0.95))
    assert needs_review(att("Barack Obama", "barack obama", 0.5))
    assert needs_review(att(None, None, 0.95))
    assert needs_review(att("Barack Obama", "barack obama", 0.95, "speaker.sentence_subject"))
    assert needs_review(att("Barack Obama", "barack obama", 0.95, "speaker.previous_quote"))


def test_speaker_key_in_json_csv_speakers_csv_and_the_index() -> None:
    first = Article("a1", TEXT, (att("Obama", "barack obama", 0.9),))
    second = Article("a2", TEXT, (att("Barack Obama", "barack obama", 0.9),) * 2)
    third = Article("a3", TEXT, (att("Bill Clinton", "bill clinton", 0.9),))
    assert article_to_dict(first)["quotes"][0]["speaker"]["speaker_key"] == "barack obama"
    assert "speaker_key" in CSV_COLUMNS
    assert next(csv_rows(first))["speaker_key"] == "barack obama"
    rows = speaker_rows(digest(second))
    assert [(r["speaker"], r["speaker_key"], r["quotes"]) for r in rows] == [
        ("Barack Obama", "barack obama", 2)
    ]
    corpus = Corpus()
    for article in (first, second, third):
        corpus.add(digest(article), None)
    assert corpus.top_speakers() == [("Barack Obama", 3, 2), ("Bill Clinton", 1, 1)]


def test_one_person_under_two_names_in_an_article_is_one_speaker() -> None:
    article = Article(
        "a", TEXT, (att("Obama", "barack obama", 0.9), att("Barack Obama", "barack obama", 0.9))
    )
    d = digest(article)
    assert len(d.named) == 1 and d.named[0].quotes == [0, 1]


def speakers(article: Article) -> list[tuple[str, str | None]]:
    return [(a.quote.text, a.speaker.name if a.speaker else None) for a in article.attributions]


FARM = (
    "Police surrounded the farm where activist Lena Marsh had hidden for a week.\n\n"
    "Marsh said that she would not leave the farm.\n\n"
)


def test_shouted_words_in_a_video_are_the_speakers(analyzer: Analyzer) -> None:
    text = FARM + (
        "In her last video, Marsh can be seen with smudges on her face – apparently blood – "
        "and shouting “We are going to give up, stop shooting!”"
    )
    found = dict(speakers(analyzer.analyze(text)))
    shouted = [q for q in found if "stop shooting" in q]
    assert shouted and found[shouted[0]] == "Lena Marsh"


def test_a_quote_alone_after_a_post_is_its_makers(analyzer: Analyzer) -> None:
    text = FARM + "She posted a video on Instagram.\n\n“We are going to give up, stop shooting!”"
    article = analyzer.analyze(text)
    (alone,) = [a for a in article.attributions if "stop shooting" in a.quote.text]
    assert alone.speaker is not None and alone.speaker.name == "Lena Marsh"
    assert [e.rule_id for e in alone.evidence if e.step == "speaker"] == ["speaker.recording"]
    assert needs_review(alone)


def test_a_quote_no_cue_claimed_is_the_subject_of_the_verb_after_it(analyzer: Analyzer) -> None:
    """`the email read` parses as one noun phrase, so no cue claims the quotation before
    it; the email read it, not the campaign spoken of before."""
    text = (
        "The harbour campaign sent an email to supporters on Friday.\n\n"
        '"We are ahead in the north. We need your help," the email read.'
    )
    article = analyzer.analyze(text)
    (quote,) = [a for a in article.attributions if "need your help" in a.quote.text]
    assert quote.speaker is not None and quote.speaker.text == "email"
    assert [e.rule_id for e in quote.evidence if e.step == "speaker"] == ["speaker.trailing_cue"]


def test_the_congressman_is_the_named_congressman_and_two_fits_are_none(
    analyzer: Analyzer,
) -> None:
    one = analyzer.analyze(
        "Rep. Anthony Weiner spoke to reporters outside his office on Friday.\n\n"
        "The congressman said that he had done nothing wrong."
    )
    assert ("that he had done nothing wrong", "Anthony Weiner") in speakers(one)
    two = analyzer.analyze(
        "Rep. Anthony Weiner and Rep. Peter King met on Friday.\n\n"
        "The congressman said that the meeting had gone well."
    )
    (resolved,) = [a for a in two.attributions if a.speaker and a.speaker.text == "The congressman"]
    assert resolved.speaker is not None and resolved.speaker.name == "The congressman"
    assert any(e.rule_id == "resolve.role_ambiguous" for e in resolved.evidence)


def test_a_study_is_not_the_body_that_spoke_last_but_the_statement_is(analyzer: Analyzer) -> None:
    article = analyzer.analyze(
        "The Harbour Authority said on Monday that the port would reopen.\n\n"
        "A 2014 study found that the port lost money every winter.\n\n"
        "The Harbour Authority announced that the cranes had been repaired.\n\n"
        "The statement said that the staff would return on Friday."
    )
    names = {a.speaker.text: a.speaker.name for a in article.attributions if a.speaker}
    assert names.get("A 2014 study") == "A 2014 study"
    assert names.get("The statement") == "The Harbour Authority"


def resolved(article: Article) -> dict[str, str | None]:
    return {a.speaker.text: a.speaker.name for a in article.attributions if a.speaker}


def test_a_role_is_read_only_from_the_words_of_the_names_phrase(analyzer: Analyzer) -> None:
    """`The judge thanked Tom Reyes` does not make Tom Reyes a judge."""
    article = analyzer.analyze(
        "Carla Mendes met reporters on Monday. The judge thanked Tom Reyes for his patience.\n\n"
        "The judge said that the hearing would resume in May."
    )
    (said,) = [a for a in article.attributions if "resume in May" in a.quote.text]
    assert said.speaker is not None and said.speaker.name == "The judge"


def test_two_given_names_of_one_surname_are_two_people(analyzer: Analyzer) -> None:
    """`Jeh` is on no list of given names, and still tells Jeh Holm from Gary Holm."""
    article = analyzer.analyze(
        "Gary Holm, a builder, said on Monday that the bridge was safe.\n\n"
        "Jeh Holm, the city engineer, said that the bridge needed repairs."
    )
    keys = {a.speaker.name: a.speaker.key for a in article.attributions if a.speaker}
    assert keys == {"Gary Holm": "gary holm", "Jeh Holm": "jeh holm"}


def test_an_indefinite_nominal_is_someone_new(analyzer: Analyzer) -> None:
    """`A source` does not refer back to the source quoted before; `the source` would."""
    article = analyzer.analyze(
        "A source close to the mayor said that the budget would pass.\n\n"
        "A source said that the strike would go on."
    )
    names = [a.speaker.name for a in article.attributions if a.speaker]
    assert names == ["A source close to the mayor", "A source"]


def test_named_people_joined_by_and_speak_as_one_group(analyzer: Analyzer) -> None:
    article = analyzer.analyze(
        "Senator Ruth Alder met Senator Pavel Ek on Monday.\n\n"
        "Ms. Alder and Mr. Ek said that the program had to change."
    )
    (both,) = [a for a in article.attributions if "had to change" in a.quote.text]
    assert both.speaker is not None
    assert (both.speaker.name, both.speaker.key) == ("Ruth Alder and Pavel Ek", None)
    assert [e.rule_id for e in both.evidence if e.step == "resolution"] == ["resolve.group"]


def test_a_named_person_and_others_speak_as_one_group(analyzer: Analyzer) -> None:
    """The others need no name of their own (`his advisers`), and a surname the NER
    left untagged still opens the group (`Paradis and Bennett`); an unknown word does
    not join one (`I-Vt`)."""
    article = analyzer.analyze(
        "Senator Marco Ruiz spoke in Iowa on Monday. Mr. Ruiz and his advisers said the "
        'plan was "dead on arrival."\n\n'
        "Sandra Paradis and Jim Bennett run a diner in Concord. Paradis and Bennett said "
        'they would vote for "whoever wins the nomination."\n\n'
        "Sen. Bernard Sands (I-Vt.) said the bill would pass."
    )
    assert resolved(article) == {
        "Mr. Ruiz and his advisers": "Marco Ruiz and his advisers",
        "Paradis and Bennett": "Sandra Paradis and Jim Bennett",
        "Sen. Bernard Sands (I-Vt": "Bernard Sands",
    }


def test_a_vice_president_is_not_the_president_and_a_justice_is_a_judge(
    analyzer: Analyzer,
) -> None:
    article = analyzer.analyze(
        "President Lena Aho and Vice President Juho Salo visited the port.\n\n"
        "The president said that the cranes would be repaired.\n\n"
        "Supreme Court Justice Mira Koski heard the case on Friday.\n\n"
        "The judge said that the file would stay sealed."
    )
    names = resolved(article)
    assert names["The president"] == "Lena Aho"
    assert names["The judge"] == "Mira Koski"


def test_he_is_the_person_spoken_of_last_though_the_ner_missed_his_surname(
    analyzer: Analyzer,
) -> None:
    """`Trump responded` is left untagged by the NER; it is still the last mention of
    Donald Trump before `He said:`, after `Clinton`."""
    article = analyzer.analyze(
        "Politifact checked a claim by Donald Trump.\n\n"
        "The debate turned to Clinton and criminal justice reform. Trump responded by using "
        "the example of Chicago.\n\nHe said:\n\n"
        "“We have a situation where our inner cities are dangerous.”"
    )
    (said,) = [a for a in article.attributions if "inner cities" in a.quote.text]
    assert said.speaker is not None and said.speaker.name == "Donald Trump"


def test_a_role_the_name_stands_in_apposition_to(analyzer: Analyzer) -> None:
    article = analyzer.analyze(
        "NEW YORK - Republican presidential candidate Donald Trump on Saturday tweeted an "
        "image of his rival.\n\nThe candidate said that the image was a mistake."
    )
    assert resolved(article)["The candidate"] == "Donald Trump"


def test_the_body_of_a_definite_document_refers_back(analyzer: Analyzer) -> None:
    """`the government communique` is definite, so its `government` is the one named
    before, though `government` alone starts with no article."""
    article = analyzer.analyze(
        "The Venezuelan government said on Monday that the group had been broken up.\n\n"
        "The government communique said that two officers had died in the operation."
    )
    assert resolved(article)["The government communique"] == "The Venezuelan government"


def test_one_party_member_is_a_person_not_the_party(analyzer: Analyzer) -> None:
    """`the Kentucky Republican` is one person (the NER tags `Republican` as a group),
    not the `Ohio Republican Party` whose name holds the word; with no one named before
    in that role, it stays as written and `He` still finds the leader."""
    article = analyzer.analyze(
        "Senate Majority Leader Tom Varga is criticizing the Ohio Republican Party over its "
        "budget.\n\nIn a statement, the Kentucky Republican on Tuesday dismissed the party's "
        "plan. He says the budget will fail.\n\n"
    )
    member = [a.speaker for a in article.attributions if a.speaker and "Kentucky" in a.speaker.text]
    assert [(m.name, m.key) for m in member] == [("the Kentucky Republican", None)]
    names = resolved(article)
    assert names["He"] == "Tom Varga"


def test_a_title_heading_the_mention_gives_way_to_the_name_it_goes_on_to(
    analyzer: Analyzer,
) -> None:
    """The parse heads `... Vice President for news and talk Mark Olsen` by `President`;
    the name is the person the mention goes on to, not `Radio Harbor Vice President`."""
    article = analyzer.analyze(
        "Radio Harbor Vice President for news and talk Mark Olsen said that the show would "
        "return in May.\n\n"
    )
    (said,) = article.attributions
    assert said.speaker is not None
    assert (said.speaker.name, said.speaker.key) == ("Mark Olsen", "mark olsen")


def test_he_is_the_named_subject_of_his_own_sentence_not_the_last_speaker(
    analyzer: Analyzer,
) -> None:
    """Mark Vik spoke last, but `he` in `Tom Reyes faced criticism after he said ...` is
    the subject of its own sentence."""
    article = analyzer.analyze(
        "Mark Vik said that the vote was fair.\n\n"
        "Tom Reyes faced criticism from his party after he said that the vote was rigged."
    )
    (rigged,) = [a for a in article.attributions if "rigged" in a.quote.text]
    assert rigged.speaker is not None and rigged.speaker.name == "Tom Reyes"


def test_a_noun_the_parse_conjoined_to_the_cue_is_no_speaker(analyzer: Analyzer) -> None:
    """`stains – apparently blood – on her face and shouting “...”`: the parse makes
    `shouting` a conjunct of `blood`, and the ranker took `blood` for the speaker. A
    common noun that names no one, with the cue conjoined to it, gives way to the person
    subject of the sentence (`speaker.sentence_subject`)."""
    text = FARM + (
        "In her last video, Marsh can be seen with smudges or stains – apparently blood – "
        "on her face and shouting “We are going to give up, stop shooting!”"
    )
    (shouted,) = [a for a in analyzer.analyze(text).attributions if "stop shooting" in a.quote.text]
    assert shouted.speaker is not None and shouted.speaker.name == "Lena Marsh"
    assert [e.rule_id for e in shouted.evidence if e.step == "speaker"] == [
        "speaker.sentence_subject"
    ]


def test_a_dateline_with_its_agency_is_no_speaker(analyzer: Analyzer) -> None:
    """`Porthaven (AFP) – Mayor Ana Ruiz ... saying ...`: the place and the agency open
    the paragraph and name no one; the ranker had taken `Porthaven (AFP`, the subject
    the parse gave the participle's head, for the speaker."""
    article = analyzer.analyze(
        "Mayor backs port plan.\n\nPorthaven (AFP) – Mayor Ana Ruiz on Monday defended the "
        "port plan, saying it would “bring back the jobs we lost.”"
    )
    (jobs,) = [a for a in article.attributions if "jobs" in a.quote.text]
    assert jobs.speaker is not None and jobs.speaker.name == "Ana Ruiz"


def test_he_is_the_person_whose_thing_is_the_subject_of_his_sentence(
    analyzer: Analyzer,
) -> None:
    """Mark Vik spoke last, but `Tom Reyes's campaign ... made him famous, and he said`
    opens with Reyes's name: the `he` is Reyes (`resolve.pronoun_subject_owner`)."""
    article = analyzer.analyze(
        "Mark Vik said that the vote was fair.\n\n"
        "Tom Reyes’s campaign against the count made him famous, and he said that the vote "
        "was rigged."
    )
    (rigged,) = [a for a in article.attributions if "rigged" in a.quote.text]
    assert rigged.speaker is not None and rigged.speaker.name == "Tom Reyes"
    assert [e.rule_id for e in rigged.evidence if e.step == "resolution"] == [
        "resolve.pronoun_subject_owner"
    ]


def test_the_owner_of_the_subject_is_not_he_when_another_person_comes_between(
    analyzer: Analyzer,
) -> None:
    """`Tom Reyes’s show offered Mark Vik a stage to say whatever he wanted`: Vik is
    named between the subject's owner and `he`, so the owner rule does not decide."""
    article = analyzer.analyze(
        "Mark Vik said that the vote was fair.\n\n"
        "Tom Reyes’s show offered Mark Vik a stage, where he said that the vote was rigged."
    )
    (rigged,) = [a for a in article.attributions if "rigged" in a.quote.text]
    assert [e.rule_id for e in rigged.evidence if e.step == "resolution"] != [
        "resolve.pronoun_subject_owner"
    ]
    assert rigged.speaker is not None and rigged.speaker.name == "Mark Vik"


def test_he_after_a_newly_named_subject_is_the_newcomer(any_analyzer: Analyzer) -> None:
    """The sheriff spoke last, but the sentence before `He complained` names Carl Diaz as
    its subject: the `he` is his. With no one named between, it stays the last speaker's."""
    article = any_analyzer.analyze(
        "“The roads are open again,” Sheriff Tom Reyes said on Monday.\n\n"
        "Carl Diaz, a farmer, was less pleased. He complained that the warnings came too late.\n\n"
        "“We did what we could,” Reyes said. He added that a review would follow."
    )
    names = {a.quote.text: a.speaker.name for a in article.attributions if a.speaker}
    assert names["that the warnings came too late"] == "Carl Diaz"
    assert names["that a review would follow"] == "Tom Reyes"
    (complained,) = [a for a in article.attributions if "too late" in a.quote.text]
    assert any(e.rule_id == "resolve.pronoun_previous_subject" for e in complained.evidence)


def test_a_role_in_apposition_with_a_misread_name_is_that_person(analyzer: Analyzer) -> None:
    """The NER reads `Lima` in `Ana Lima` as a place; the spokeswoman is still Ana Lima."""
    article = analyzer.analyze(
        "A union spokeswoman, Ana Lima, wrote on Twitter that the vote was a betrayal."
    )
    keys = {a.speaker.text: a.speaker.key for a in article.attributions if a.speaker}
    assert keys == {"A union spokeswoman, Ana Lima": "ana lima"}
