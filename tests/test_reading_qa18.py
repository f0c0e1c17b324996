"""Faults `qa18` found by reading new articles as a fact-checker would (issue 17): a live
blog's clock time that the parser makes a sentence of its own, or the NER part of a
body's name. Sentences written for these tests."""

from __future__ import annotations

from attribution import Analyzer

ENTRIES = (
    "Strike live\n\n10:15 Labour minister Ruth Abney said the talks had gone well.\n\n"
    "10:22 The RMT union disputed that.\n"
)


def test_a_clock_time_opening_a_paragraph_is_no_sentence_of_its_own(
    rules_only: Analyzer,
) -> None:
    """The parser made `10:22` a sentence of its own; the entry's time now stays with the
    entry, and every paragraph still starts a sentence."""
    sentences = [s.text.strip() for s in rules_only.nlp(ENTRIES).sents]
    assert sentences == [
        "Strike live",
        "10:15 Labour minister Ruth Abney said the talks had gone well.",
        "10:22 The RMT union disputed that.",
    ]


def test_a_clock_time_does_not_cut_an_entry_off_from_the_one_before(
    analyzer: Analyzer,
) -> None:
    """`10:22 The RMT union disputed that.`: the one-word denial answers the claim of the
    entry just before it, and both sides are flagged."""
    found = {a.quote.text: a for a in analyzer.analyze(ENTRIES).attributions}
    assert found["that"].disputed
    assert found["the talks had gone well"].disputed


def test_a_clock_time_is_no_part_of_a_bodys_name(rules_only: Analyzer) -> None:
    """`09:30 Northline Rail says ...`: the NER's entity starts with the entry's time;
    the body's name and key do not."""
    article = rules_only.analyze(
        "09:30 Northline Rail says all trains to Carlisle are cancelled.\n"
    )
    (att,) = article.attributions
    assert att.speaker is not None
    assert (att.speaker.text, att.speaker.name) == ("Northline Rail", "Northline Rail")
    assert att.speaker.key == "northline rail"


def test_a_title_between_a_role_and_a_name_the_ner_took_for_a_body(analyzer: Analyzer) -> None:
    """`Political analyst Dr Nadia Osei` with the name tagged a body: the role noun before
    the title still makes her a person, so `She` in the next sentence is hers."""
    article = analyzer.analyze(
        "Political analyst Dr Nadia Osei of the University of Kent said the swing was the "
        "largest in the county. She said it was too early to say."
    )
    found = {a.quote.text: a.speaker for a in article.attributions}
    she = found["it was too early to say"]
    assert she is not None and (she.name, she.key) == ("Nadia Osei", "nadia osei")


def test_a_possessive_proper_noun_after_the_is_part_of_a_bodys_name(
    rules_only: Analyzer,
) -> None:
    """`The Alzheimer's Society` (tagged `Society`) is named whole; `Obama's White House`
    keeps the body's name without the person who owns it."""
    article = rules_only.analyze(
        "Obama's White House said it was wrong. The Alzheimer's Society says it will help."
    )
    found = {a.quote.text: a.speaker for a in article.attributions}
    society, house = found["it will help"], found["it was wrong"]
    assert society is not None and society.name == "The Alzheimer's Society"
    assert house is not None and house.name == "White House"


def test_a_second_cue_the_parser_hung_on_the_first_is_its_own_attribution(
    analyzer: Analyzer,
) -> None:
    """`said the thanks were welcome but claimed that cuts ...`, `claimed` parsed as a
    second clause `said` reports: the claim is Price's own attribution, with its
    distancing cue, and no part of what he said; `said A and that B` stays one."""
    article = analyzer.analyze(
        'Live\n\n11:52 Ellison has tweeted again: "Thank you to every engineer working in '
        'these conditions." Opposition transport spokesman Daniel Price said the thanks '
        "were welcome but claimed that cuts had left too few crews on standby.\n"
    )
    found = {a.quote.text: a for a in article.attributions}
    assert "the thanks were welcome" in found
    claim = found["that cuts had left too few crews on standby"]
    assert claim.cue is not None and claim.cue.text == "claimed"
    assert claim.speaker is not None and claim.speaker.key == "daniel price"
    assert claim.disputed
    both = analyzer.analyze("The mayor said the plan was sound and that it would pass.")
    assert [a.quote.text for a in both.attributions] == [
        "the plan was sound and that it would pass"
    ]


def test_a_clause_across_a_semicolon_is_not_what_the_cue_reports(
    any_analyzer: Analyzer,
) -> None:
    """The parser hung a clause on the cue across a semicolon of the cue's own: `study
    says; critics urge caution` reported `critics urge caution`, and `closed for a week
    ...; the mayor insists it is safe` the closure too."""
    headline = any_analyzer.analyze(
        "Daily walk cuts dementia risk by a third, study says; critics urge caution\n\n"
        "The study followed 12,400 people."
    )
    assert "critics urge caution" not in [a.quote.text for a in headline.attributions]
    prose = any_analyzer.analyze(
        "The old bridge was closed for a week in March; the mayor insists it is safe."
    )
    assert [(a.quote.text, a.speaker and a.speaker.text) for a in prose.attributions] == [
        ("it is safe", "the mayor")
    ]
