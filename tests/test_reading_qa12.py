"""Faults `qa12` found by reading new articles as a fact-checker would (issue 17): a
council title before names, person nouns a pronoun may take, a charity named in
apposition, a rejected offer read as a denial. Sentences written for these tests."""

from __future__ import annotations

from attribution import Analyzer
from tests.test_speakers_faults10 import speakers_by_quote


def test_councillor_is_a_title_not_a_first_name(rules_only: Analyzer) -> None:
    """`Councillor Priya Navarro` is Priya Navarro: the title is no part of her name or
    key, as `Councilman` already was not."""
    found = speakers_by_quote(
        rules_only,
        "Councillor Priya Navarro said the sale would raise money. Councillor Desmond "
        "Oyelaran said the figure was wrong.",
    )
    assert found["the sale would raise money"] == ("Priya Navarro", "priya navarro")
    assert found["the figure was wrong"] == ("Desmond Oyelaran", "desmond oyelaran")


def test_a_pronoun_goes_to_a_vet_or_a_campaigner(rules_only: Analyzer) -> None:
    """`vet` and `campaigner` are nouns of people: the pronoun after them is theirs, not
    the earlier speaker's."""
    found = speakers_by_quote(
        rules_only,
        "The mayor said the budget was balanced. A poultry vet said the strain spread "
        'faster. "We see outbreaks everywhere," she said.',
    )
    assert found['"We see outbreaks everywhere,"'][0] == "A poultry vet"
    found = speakers_by_quote(
        rules_only,
        "A spokesman said costs had risen. A consumer rights campaigner said prices were "
        'too high. "Prices go up like a rocket," he said.',
    )
    assert found['"Prices go up like a rocket,"'][0] == "A consumer rights campaigner"


def test_a_charity_is_named_by_its_apposition(rules_only: Analyzer) -> None:
    """`The charity, Redbrook Hospital Friends`: a charity is a body, named by the name
    in apposition, with that name's key."""
    found = speakers_by_quote(
        rules_only, "The charity, Redbrook Hospital Friends, said it had raised a million pounds."
    )
    assert found["it had raised a million pounds"] == (
        "Redbrook Hospital Friends",
        "redbrook hospital friends",
    )


def test_a_rejected_offer_inside_a_content_is_no_denial(rules_only: Analyzer) -> None:
    """`an offer ..., which was rejected` is a refusal the writer reports, not a claim
    denied (rules/disputes.toml [refusals]); `bribes, which he denied` still is."""
    article = rules_only.analyze(
        "According to the newspaper, the club made an offer of two million pounds last "
        "week, which was rejected. The newspaper said the minister had taken bribes, "
        "which he denied."
    )
    flags = {a.quote.text: a.disputed for a in article.attributions}
    assert (
        flags["the club made an offer of two million pounds last week, which was rejected"] is False
    )
    assert flags["the minister had taken bribes, which he denied"] is True
