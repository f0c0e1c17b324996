"""Speaker names the `speakers21` pass found and mended: a name compounded with the role
in an apposition (`longtime Nora Pell aide Dana Albright`), two titles joined by `and`
before one name, a body's name the NER ran on across a headline's colon, an outlet's
possessive before a person's name, a possessive pronoun's cue voiced by the subject, a name
that ends inside its brackets, and a statement introduced by a colon. Sentences written for
these tests."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Span

from attribution import Analyzer
from attribution.ruleset.loader import Rules
from attribution.speakers.names import without_open_bracket
from attribution.speakers.resolver import Resolver
from tests.test_speakers_faults10 import speakers_by_quote


def test_a_name_compounded_with_the_role_is_not_the_apposition(any_analyzer: Analyzer) -> None:
    """`his wife, longtime Nora Pell aide Dana Albright`: the apposition names Albright;
    Pell only says whose aide she is."""
    found = speakers_by_quote(
        any_analyzer,
        "First his wife, longtime Nora Pell aide Dana Albright, announced they were separated.",
    )
    assert found["they were separated"] == ("Dana Albright", "dana albright")


def test_a_role_of_someone_named_names_no_one(any_analyzer: Analyzer) -> None:
    """`His spokesman, a longtime Nora Pell aide`: no name stands for the spokesman;
    he is not Pell."""
    found = speakers_by_quote(
        any_analyzer, "His spokesman, a longtime Nora Pell aide, said the meeting was cancelled."
    )
    name, key = found["the meeting was cancelled"]
    assert name is not None and "Pell" in name and name != "Nora Pell" and key is None


def test_two_titles_joined_before_one_name_are_one_person(any_analyzer: Analyzer) -> None:
    """`Fox Radio Vice President and Chicago Bureau Chief Alma Dorner`: one person with
    two titles, not a group of a title and a name."""
    found = speakers_by_quote(
        any_analyzer,
        "Fox Radio Vice President and Chicago Bureau Chief Alma Dorner said the network "
        "was frustrated.",
    )
    assert found["the network was frustrated"] == ("Alma Dorner", "alma dorner")


def test_an_outlets_possessive_is_not_the_persons_name(any_analyzer: Analyzer) -> None:
    """`The Harbour Gazette's Tobin Marsh`: the outlet owns the reporter, whose name is
    his own (and so is his key), not `The Harbour Gazette Tobin Marsh`."""
    found = speakers_by_quote(
        any_analyzer,
        "Last month, The Harbour Gazette’s Tobin Marsh asked Ruiz whether questions about "
        "his age were fair game.",
    )
    assert found["whether questions about his age were fair game"] == (
        "Tobin Marsh",
        "tobin marsh",
    )


def test_a_bodys_name_stops_at_a_headlines_colon(nlp: Language, rules: Rules) -> None:
    """A headline `Harbor Watch: City Council Hid Key Memo` the NER read as one body up to
    `Council`: the body is `Harbor Watch`, and a later `Harbor Watch` is that body. The
    entities are set by hand, so the test does not hang on the NER's reading."""
    doc = nlp(
        "Harbor Watch: City Council Hid Key Memo For Years. Harbor Watch said the memo "
        "was found in 2014."
    )
    assert [t.text for t in doc[11:13]] == ["Harbor", "Watch"]
    doc.ents = [Span(doc, 0, 5, "ORG"), Span(doc, 11, 13, "ORG")]
    resolved = Resolver(doc, rules).resolve(doc[12])
    assert (resolved.name, resolved.key) == ("Harbor Watch", "harbor watch")


def _mention_and_rule(analyzer: Analyzer, text: str, quote: str) -> tuple[str | None, str]:
    """The speaker mention as written and the speaker rule of the quote `quote`."""
    for a in analyzer.analyze(text).attributions:
        if a.quote.text == quote:
            rule = next(e.rule_id for e in a.evidence if e.step == "speaker")
            return (a.speaker.text if a.speaker else None), rule
    raise AssertionError(f"no quote {quote!r}")


def test_the_subject_voices_the_belief_her_owns(analyzer: Analyzer) -> None:
    """`Dorothy Lane shared her belief that ...`: the speaker is Lane, the subject the
    `her` points back at, not the pronoun."""
    found = _mention_and_rule(
        analyzer,
        "At the rally last month, Dorothy Lane shared her belief that none of it was "
        "beyond the pale.",
        "that none of it was beyond the pale",
    )
    assert found == ("Dorothy Lane", "speaker.owner_subject")


def test_a_share_of_a_plural_voices_their_concerns(analyzer: Analyzer) -> None:
    """`Some of those surveyed shared their concerns about ...`: `their` fits the share
    of a plural; the subject speaks."""
    found = _mention_and_rule(
        analyzer,
        "Some of those surveyed shared their concerns about the choices they face.",
        "the choices they face",
    )
    assert found == ("Some of those surveyed", "speaker.owner_subject")


def test_a_pronoun_after_another_name_keeps_its_own_mention(analyzer: Analyzer) -> None:
    """`Tom Ruiz voiced displeasure with some of Vega's proposals, in particular his
    proposal ...`: with Vega named between, `his` is not bound to the subject."""
    found = _mention_and_rule(
        analyzer,
        "During the primaries, Tom Ruiz voiced displeasure with some of Vega’s proposals, "
        "in particular his proposal for a ban on new towers.",
        "a ban on new towers",
    )
    assert found == ("his", "speaker.possessor")


def test_a_name_never_ends_inside_its_brackets() -> None:
    """A mention that stopped inside brackets it opened: one word inside (a short form,
    a party and state) is closed; a longer aside is cut; closed brackets stay."""
    assert without_open_bracket("Valdoria Roads Agency (VRA") == "Valdoria Roads Agency (VRA)"
    assert without_open_bracket("Rep. Paul Dorner (R-WI") == "Rep. Paul Dorner (R-WI)"
    assert without_open_bracket("the Harbour Notes (Voice of the Town") == "the Harbour Notes"
    assert without_open_bracket("the Harbour Notes (Voice of the Town)") == (
        "the Harbour Notes (Voice of the Town)"
    )
    assert without_open_bracket(None) is None


def test_a_nominal_leaves_its_bracketed_aside(any_analyzer: Analyzer) -> None:
    """`Residents (mostly retirees, but also some students) said`: the mention stops
    before the closing bracket; the name is `Residents`."""
    found = speakers_by_quote(
        any_analyzer,
        "Residents (mostly retirees, but also some students) said the bridge was unsafe.",
    )
    assert found["the bridge was unsafe"] == ("Residents", None)


def test_a_statement_introduced_by_a_colon_is_its_subjects(any_analyzer: Analyzer) -> None:
    """`Opposition leader Tom Vega issued the following statement:` and the statement
    alone in the next paragraph: no cue claims it, and the sentence that introduces it
    names its speaker."""
    text = (
        "The prime minister was briefed on the attack in Lindholm on Friday.\n\n"
        "Opposition leader Tom Vega issued the following statement:\n\n"
        "“Our prayers are with all those affected by the horrible attack in Lindholm. "
        "This cannot continue.”\n\n"
        "Vega has called himself the law and order candidate."
    )
    quote = (
        "“Our prayers are with all those affected by the horrible attack in Lindholm. "
        "This cannot continue.”"
    )
    assert speakers_by_quote(any_analyzer, text)[quote] == ("Tom Vega", "tom vega")
    assert _mention_and_rule(any_analyzer, text, quote)[1] == "speaker.introduced"
