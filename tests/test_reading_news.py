"""Faults found by reading new articles as a fact-checker would (issue 20): a cue the
lexicon lacked and a contradiction the words between its own parted. Sentences written
for these tests."""

from __future__ import annotations

from attribution import Analyzer


def test_as_she_put_it_reports_the_quotation_after_it(any_analyzer: Analyzer) -> None:
    """`as she later put it, "..."` is a speech cue (`put it`, rules/cues.toml)."""
    article = any_analyzer.analyze(
        "Eleanor Vance studied zoology at a time when, as she later put it, "
        '"women were expected to take notes at the back of the boat, not steer it."'
    )
    found = {a.quote.text: a.speaker.name if a.speaker else None for a in article.attributions}
    quote = '"women were expected to take notes at the back of the boat, not steer it."'
    assert found.get(quote) == "Eleanor Vance"


def test_an_adverb_or_a_quotation_mark_does_not_part_a_contradiction(
    rules_only: Analyzer,
) -> None:
    """`Parry was "simply wrong"` answers Parry's claim as `Parry was wrong` does: the
    claim is disputed and points at its answer."""
    article = rules_only.analyze(
        "Owen Parry said the government had delivered fewer than half of the homes it "
        'promised in 2021. Fiona Leckie said Parry was "simply wrong" and that '
        "the number of new homes had risen in each of the last three years."
    )
    atts = list(article.attributions)
    claim = next(a for a in atts if a.speaker and a.speaker.name == "Owen Parry")
    answer = next(a for a in atts if a.speaker and a.speaker.name == "Fiona Leckie")
    assert claim.disputed and claim.dispute_reason == "rebuttal"
    assert claim.disputed_by == (atts.index(answer),)


def test_a_denial_of_this_contests_the_claim_before_it(analyzer: Analyzer) -> None:
    """`A police spokesperson denied this`: the pointer stands for the claim just
    before, so the claim and the denial are both disputed and linked."""
    article = analyzer.analyze(
        "Local councillor Amina Yusuf said residents had complained for months about "
        "mopeds. She said the police had ignored those warnings. A police spokesperson "
        "denied this, saying patrols in the area had been increased since January."
    )
    atts = list(article.attributions)
    claim = next(a for a in atts if a.quote.text == "the police had ignored those warnings")
    denial = next(a for a in atts if a.quote.text == "this")
    assert claim.disputed and denial.disputed and denial.dispute_reason == "denial"
    assert atts.index(claim) in denial.disputes


def test_a_denial_of_it_after_a_request_is_a_refusal(analyzer: Analyzer) -> None:
    """`The ministry denied it` after a request denies no claim: nothing is flagged."""
    article = analyzer.analyze(
        "The union asked the ministry for a meeting on Monday. The ministry denied it, "
        "saying talks would wait until May."
    )
    assert not any(a.disputed for a in article.attributions)


def test_a_clause_before_an_appended_cue_is_what_was_announced(any_analyzer: Analyzer) -> None:
    """`..., the two companies announced on Tuesday, forming ...`: the participle after
    the cue makes the parser read the cue as a modifier of `companies`; the clause
    before the comma is still what they announced."""
    article = any_analyzer.analyze(
        "Harbor Mills and Ostend Paper have agreed to combine in a cash deal worth about "
        "$2 billion, the two companies announced on Tuesday, forming the largest paper "
        "maker in Europe."
    )
    found = {a.quote.text: a.speaker.text if a.speaker else None for a in article.attributions}
    clause = (
        "Harbor Mills and Ostend Paper have agreed to combine in a cash deal worth about $2 billion"
    )
    assert found.get(clause) == "the two companies"


def test_a_thing_before_an_appended_participle_reports_nothing(analyzer: Analyzer) -> None:
    """`..., a report published on Monday, showing ...`: a document in that place is an
    apposition, not the speaker of the clause before it."""
    article = analyzer.analyze(
        "Food prices rose by 5 percent in March, a report published on Monday, showing "
        "the sharpest rise in a decade."
    )
    assert not any(a.quote.text.startswith("Food prices") for a in article.attributions)


def test_a_question_put_to_the_speaker_is_not_theirs(any_analyzer: Analyzer) -> None:
    """`Asked what ..., Moreno replied`: PolNeAR labels the question with no source (the
    reporter asked it); the tagger reads this `Asked` as a past tense, not a participle,
    and the answerer must not be made to ask it."""
    article = any_analyzer.analyze(
        "Kate Moreno runs the covered market in Leith. Asked what a fair rent for a stall "
        "looks like, Moreno replied that nobody had agreed on one in years."
    )
    asked = next(a for a in article.attributions if a.cue and a.cue.text == "Asked")
    assert asked.quote.text == "what a fair rent for a stall looks like"
    assert asked.speaker is None


def test_who_of_a_second_relative_clause_is_the_noun_before_it(analyzer: Analyzer) -> None:
    """`A nurse who works nights, and who asked not to be named`: the second `who` (the
    parser conjoins its verb to `nurse`) stands for the nurse, as the first does."""
    article = analyzer.analyze(
        "Dr. Ruth Okoro, who runs the clinic, and who asked that her patients not be "
        "named, said the ward had been short of staff for weeks."
    )
    asked = next(a for a in article.attributions if a.cue and a.cue.text == "asked")
    assert asked.speaker is not None and asked.speaker.text == "who"
    assert asked.speaker.name == "Ruth Okoro"


def test_who_after_a_clause_of_that_is_not_the_noun_of_that(analyzer: Analyzer) -> None:
    """`who authorized the raid that killed ... and who hoped`: the second `who` is
    conjoined to the `that` clause of `raid`, which is no clause of `who`: no name."""
    article = analyzer.analyze(
        "A president who authorized the raid that killed the rebel leader and who hoped "
        "to leave office in peace now faces a new war."
    )
    hoped = next(a for a in article.attributions if a.cue and a.cue.text == "hoped")
    assert hoped.speaker is not None and hoped.speaker.name is None
