"""Issue 17, `nominals14`: `the statement said` after someone `said in a statement`,
`the company` after a company named in that role, `the chancellor` after `Chancellor
...`; two companies in the role, or an indefinite `a prosecutor`, resolve to no one.
Sentences written for these tests."""

from __future__ import annotations

from attribution import Analyzer
from tests.test_speakers_faults10 import speakers_by_quote


def _resolution(analyzer: Analyzer, text: str, words: str) -> tuple[str | None, list[str]]:
    """The speaker's name of the one quote holding `words`, and its resolution rules."""
    article = analyzer.analyze(text)
    (quote,) = [a for a in article.attributions if words in a.quote.text]
    name = quote.speaker.name if quote.speaker else None
    return name, [e.rule_id for e in quote.evidence if e.step == "resolution"]


def test_the_statement_is_the_persons_who_spoke_in_a_statement(any_analyzer: Analyzer) -> None:
    """`In a statement read by her lawyer, Marta Quill said ... "...," the statement
    said.`: the statement is hers, with her key, and the rule says why."""
    text = (
        "In a statement read by her lawyer, the former mayor, Marta Quill, said she had "
        'done nothing wrong. "I kept every rule I was given," the statement said.'
    )
    name, rules = _resolution(any_analyzer, text, "every rule")
    assert name == "Marta Quill"
    assert rules == ["resolve.document_statement_giver"]


def test_the_statement_without_a_statement_before_stays_as_written(
    any_analyzer: Analyzer,
) -> None:
    """A person who spoke, but not in a statement, gives no one's `the statement`."""
    text = (
        "Marta Quill told reporters she had done nothing wrong. "
        '"I kept every rule I was given," the statement said.'
    )
    found = speakers_by_quote(any_analyzer, text)
    assert found['"I kept every rule I was given,"'] == ("the statement", None)


def test_the_company_is_the_one_named_in_that_role(any_analyzer: Analyzer) -> None:
    """`Brellin, the garden tools maker` is the later `The company`."""
    text = (
        "Shares in Brellin, the garden tools maker, rose 4 percent on Wednesday. "
        "The company said its spring orders were the best in ten years."
    )
    name, rules = _resolution(any_analyzer, text, "spring orders")
    assert name == "Brellin"
    assert rules == ["resolve.body_role"]


def test_two_companies_in_the_role_leave_the_company_unresolved(
    any_analyzer: Analyzer,
) -> None:
    """Two bodies named as companies: `The company` is neither, and says so."""
    text = (
        "Talks between Brellin, the garden tools company, and Osterby, a rival steel "
        "company, broke down on Friday. The company said it would not make a new offer."
    )
    name, rules = _resolution(any_analyzer, text, "a new offer")
    assert name == "The company"
    assert rules == ["resolve.body_role_ambiguous"]


def test_the_chancellor_is_the_one_named_with_the_title(any_analyzer: Analyzer) -> None:
    text = (
        "Chancellor Ruth Alder said on Tuesday that the budget would balance by 2029. "
        "The chancellor said taxes on fuel would not rise."
    )
    found = speakers_by_quote(any_analyzer, text)
    assert found["taxes on fuel would not rise"] == ("Ruth Alder", "ruth alder")


def test_an_indefinite_prosecutor_is_someone_new(any_analyzer: Analyzer) -> None:
    """`A prosecutor` after `Prosecutor Dana Whitlock` introduces someone else."""
    text = (
        "Prosecutor Dana Whitlock told the court that the landlord had forged the "
        "certificates. A prosecutor from another county said such trials were rare."
    )
    found = speakers_by_quote(any_analyzer, text)
    name, key = found["such trials were rare"]
    assert name != "Dana Whitlock" and key is None
