"""Faults `qa11` found by reading new articles as a fact-checker would (issues 17 and 20):
post-nominal letters, offices written as proper nouns, role words before an untagged
name, person nouns, kickers, bodies named in apposition, a clause torn at its `and`.
Sentences written for these tests."""

from __future__ import annotations

from attribution import Analyzer
from tests.test_speakers_faults10 import speakers_by_quote


def test_post_nominal_letters_are_no_surname(any_analyzer: Analyzer) -> None:
    """`KC` after two barristers' names is no surname they share: each keeps their own
    name and key (the NER tags `KC` apart, as a body, after the second)."""
    found = speakers_by_quote(
        any_analyzer,
        "The defence barrister, Simon Achterberg KC, said his client was innocent. "
        '"Every transfer was hidden," prosecutor Amelia Brand KC said.',
    )
    assert found["his client was innocent"][1] == "simon achterberg"
    assert found['"Every transfer was hidden,"'] == ("Amelia Brand", "amelia brand")


def test_an_office_written_as_a_proper_noun_is_no_persons_namesake(
    any_analyzer: Analyzer,
) -> None:
    """`Kestria's defence ministry` is not `Valdoria's foreign ministry` by the surname
    `ministry`: the parser tags both as proper nouns the NER leaves untagged."""
    found = speakers_by_quote(
        any_analyzer,
        "Valdoria's foreign ministry said the drone had crossed the border. Kestria's "
        "defence ministry denied that any of its aircraft had crossed it.",
    )
    first = found["the drone had crossed the border"]
    second = found["that any of its aircraft had crossed it"]
    assert first[0] is not None and "Valdoria" in first[0]
    assert second[0] is not None and "Kestria" in second[0]
    assert first[1] != second[1]


def test_a_role_before_an_untagged_name_is_no_part_of_it(rules_only: Analyzer) -> None:
    """`Prosecutor Amelia Brand`, `Retired teacher June Whitlock`: names the NER leaves
    untagged keep no role word, and their keys are the person's."""
    found = speakers_by_quote(rules_only, "Prosecutor Amelia Brand said the money was gone.")
    assert found["the money was gone"] == ("Amelia Brand", "amelia brand")
    found = speakers_by_quote(
        rules_only, "Retired teacher June Whitlock said she had voted for the challenger."
    )
    assert found["she had voted for the challenger"] == ("June Whitlock", "june whitlock")


def test_a_pronoun_goes_to_an_accountant_or_a_respondent(rules_only: Analyzer) -> None:
    """`accountant` and `respondent` are nouns of people: the pronoun after them is
    theirs, not the named speaker's before."""
    found = speakers_by_quote(
        rules_only,
        "Prosecutor Amelia Brand said the money was gone. A forensic accountant told the "
        "court that the payments followed a pattern. He said the transfers were made at "
        "the end of each month.",
    )
    name = found["the transfers were made at the end of each month"][0]
    assert name == "A forensic accountant"
    found = speakers_by_quote(
        rules_only,
        "Lorna Betts said small firms could not cope. One respondent said she would use "
        'the day to look after her mother. "I already do it at night," she told the paper.',
    )
    assert found['"I already do it at night,"'][0] == "One respondent"


def test_a_kicker_before_a_colon_is_no_speaker(rules_only: Analyzer) -> None:
    """`Review:` and `Breaking:` open a headline as the page's kicker: no quote speaks
    as them; a `Poll:` label still does."""
    article = rules_only.analyze(
        "Review: The new opera turns an old station into a stage\n\n"
        "The opera opens on Friday, the theatre said.\n"
    )
    assert all(a.speaker is None or a.speaker.name != "Review" for a in article.attributions)
    assert not any(a.quote.text.startswith("The new opera") for a in article.attributions)
    article = rules_only.analyze(
        "Poll: Most voters back the new library plan\n\n"
        "Most voters back the plan, a new survey found.\n"
    )
    assert any(a.speaker is not None and a.speaker.name == "Poll" for a in article.attributions)


def test_a_body_named_in_apposition_speaks_by_its_name(any_analyzer: Analyzer) -> None:
    """`The state news agency KNA`, `The technology website GadgetLine`: the name the
    noun is written with, not the whole phrase."""
    found = speakers_by_quote(
        any_analyzer,
        "The state news agency KNA reported that the minister had called her counterpart.",
    )
    assert found["that the minister had called her counterpart"] == ("KNA", "kna")
    found = speakers_by_quote(
        any_analyzer, "The technology website GadgetLine wrote that the display was sharp."
    )
    assert found["that the display was sharp"] == ("GadgetLine", "gadgetline")


def test_a_clause_torn_at_its_and_goes_on(any_analyzer: Analyzer) -> None:
    """The parser hangs the second verb on `told` and the `and` in the clause: the
    content does not end at `and`, it runs through the second verb."""
    article = any_analyzer.analyze(
        "A spokesman, Colonel Arvid Neumann, told reporters in the Kestrian capital that "
        'the drone had been on "a routine training flight" and had "at no point left '
        'Kestrian airspace."'
    )
    texts = [a.quote.text for a in article.attributions]
    assert any(t.rstrip('".').endswith("left Kestrian airspace") for t in texts), texts
    assert not any(t.endswith(" and") for t in texts)


def test_the_writers_answer_appended_to_a_clause_is_no_part_of_it(
    any_analyzer: Analyzer,
) -> None:
    """`..., a figure the department said was wrong`: the content ends before the
    writer's noun phrase that names who answers it, and the answer disputes the claim;
    a relative clause with no subject of its own (`one that seemed ...`) stays."""
    article = any_analyzer.analyze(
        "A council spokesman said the scheme had been approved. Ravi Chandran said that "
        "spending on flood defences had fallen by a third over five years, a figure the "
        "environment department said was wrong."
    )
    by_text = {a.quote.text: a for a in article.attributions}
    claim = by_text["that spending on flood defences had fallen by a third over five years"]
    assert claim.disputed
    assert not by_text["the scheme had been approved"].disputed
    article = any_analyzer.analyze(
        "The two candidates are locked in a tight race in the state, one that until "
        "recently seemed safe for the mayor, a new poll has found."
    )
    assert any(a.quote.text.endswith("safe for the mayor") for a in article.attributions)


def test_footage_the_writer_could_not_verify_disputes_what_showed_it(
    any_analyzer: Analyzer,
) -> None:
    """`Reuters could not independently verify the footage.`: the thing shown in the
    sentence before is what could not be verified, so its claim is flagged; a plan
    (`the timetable`) is no such thing."""
    article = any_analyzer.analyze(
        "State television showed footage of what it said was the drone over a village "
        "near the border. Reuters could not independently verify the footage."
    )
    assert [a.disputed for a in article.attributions] == [True]
    article = any_analyzer.analyze(
        "The minister said the talks would resume. Reuters could not independently "
        "verify the timetable."
    )
    assert not any(a.disputed for a in article.attributions)
