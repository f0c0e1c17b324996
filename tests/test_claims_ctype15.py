"""Claim types of speakers new articles show (`ctype15`): councillors, government data,
bodies named by an apposition. Texts written for these tests."""

from __future__ import annotations

import pytest

from attribution import Analyzer
from attribution.claims.facts import Facts
from attribution.claims.tagger import team_work
from tests.test_claims import claim_evidence, decided_by


def quotes_of(text: str, analyzer: Analyzer, speaker: str) -> list[tuple[str, str]]:
    """(claim type, quote text) of every attribution whose speaker name holds `speaker`."""
    article = analyzer.analyze(text)
    found = [
        (a.claim_type, a.quote.text)
        for a in article.attributions
        if a.speaker and a.speaker.name and speaker in a.speaker.name
    ]
    assert found, [(a.speaker, a.quote.text) for a in article.attributions]
    return found


@pytest.mark.parametrize("title", ["Councillor", "Councilor", "Alderman"])
def test_a_councillor_speaks_in_office(any_analyzer: Analyzer, title: str) -> None:
    """A councillor holds an elected office, whichever spelling of the title: official,
    as a councilwoman is, on the indirect claim and the quote that follows it."""
    text = (
        f"{title} Ruth Amsel said the library would stay open until nine on weekdays. "
        '"We will not shut a single branch this year," Amsel said at the meeting. '
        "The vote is due in March."
    )
    found = quotes_of(text, any_analyzer, "Amsel")
    assert [label for label, _ in found] == ["official_statement"] * len(found), found
    atts = any_analyzer.analyze(text).attributions
    att = next(a for a in atts if a.speaker and "Amsel" in a.speaker.text)
    decided_by(any_analyzer, att)
    if any_analyzer.meta["method"] == "rules":
        assert title.lower() in claim_evidence(att)[2]


def test_a_name_an_apposition_calls_a_body_speaks_for_it(any_analyzer: Analyzer) -> None:
    """`Friends of the Calder, an environmental group`: the group speaks (official, as an
    NGO does), not the `friends` inside its name."""
    text = (
        "Friends of the Calder, an environmental group, said it had warned of the risk in "
        "a report last year."
    )
    (label,) = {label for label, _ in quotes_of(text, any_analyzer, "Friends of the Calder")}
    assert label == "official_statement"


def test_a_group_of_private_people_is_still_those_people(any_analyzer: Analyzer) -> None:
    """An apposition that gathers private people (`a group of local residents`) names no
    body, and a personal word with no apposition (`Friends of the late singer`) stays one:
    neither speaks in role."""
    text = (
        "Neighbours of Elm Park, a group of local residents, said the council had ignored "
        "their letters. Friends of the late singer said he had been ill for years."
    )
    for speaker in ("Neighbours of Elm Park", "Friends of the late singer"):
        labels = {label for label, _ in quotes_of(text, any_analyzer, speaker)}
        assert "official_statement" not in labels, (speaker, labels)


def test_who_chairs_a_body_speaks_for_it(any_analyzer: Analyzer) -> None:
    """`who chairs the Save Elm Bridge committee` gives the role a title would: the
    committee's count and plans are official, here and where only the surname speaks."""
    text = (
        '"We counted 9,000 people on the bridge," said Maeve Ryan, who chairs the Save Elm '
        "Bridge committee. Ryan said a second march would go ahead in May."
    )
    labels = {label for label, _ in quotes_of(text, any_analyzer, "Ryan")}
    assert labels == {"official_statement"}


def test_who_runs_a_shop_or_ran_a_body_is_given_no_office(any_analyzer: Analyzer) -> None:
    """A shop names no body, `ran` a union is a past role, and a university department
    is a learned body: no official role."""
    text = (
        "Helen Cho, who runs a bakery beside the bridge, said the council was wasting time. "
        "Tom Reid, who ran the union until 2019, said the strike was a mistake. "
        "Eric Marsh, who heads the politics department at Marlow University, said the "
        "state was hard to predict."
    )
    for speaker in ("Helen Cho", "Tom Reid", "Eric Marsh"):
        labels = {label for label, _ in quotes_of(text, any_analyzer, speaker)}
        assert labels == {"other"}, (speaker, labels)


def test_a_chamber_of_commerce_is_a_body(any_analyzer: Analyzer) -> None:
    text = "The Marlow Chamber of Commerce said its members were divided on the plan."
    (label,) = {label for label, _ in quotes_of(text, any_analyzer, "Chamber")}
    assert label == "official_statement"


@pytest.mark.parametrize("paper", ["The Evening Ledger", "The Marlow Sentinel", "The Telegraph"])
def test_a_newspaper_is_media_by_its_name(any_analyzer: Analyzer, paper: str) -> None:
    """A newspaper is `other` (CLAIMS-RUBRIC: media reports), though its name holds no
    word like `newspaper`: the name words papers take are media words."""
    text = (
        f"{paper} reported on Friday that the hospital had spent $3 million on agency "
        "staff. The hospital said the figure was wrong."
    )
    (label,) = {label for label, _ in quotes_of(text, any_analyzer, paper.split()[-1])}
    assert label == "other"


def test_a_paper_standing_by_its_story_is_media(any_analyzer: Analyzer) -> None:
    """`The Ledger said it stood by its story`: the paper, not an organisation in role."""
    text = (
        "Harlow Foods denied a report in the Ledger that it would shut its bakery. The "
        "Ledger said on Tuesday that it stood by its story."
    )
    labels = {
        label for label, quote in quotes_of(text, any_analyzer, "Ledger") if "stood by" in quote
    }
    assert labels == {"other"}


def test_an_experts_we_tells_the_teams_work(any_analyzer: Analyzer) -> None:
    """An academic's `We took those into account` is their team's professional work:
    `other`, as experts are (CLAIMS-RUBRIC), not a personal account."""
    text = (
        "Dr Pieter Hals of Arden University, who led the study, said coffee slowed memory "
        "loss. Hals said his team had adjusted for education and income. "
        '"We took those into account, and the effect held," he said.'
    )
    article = any_analyzer.analyze(text)
    labels = {a.claim_type for a in article.attributions if "We took" in a.quote.text}
    assert labels == {"other"}


def test_an_experts_i_or_hardship_is_no_team_work() -> None:
    """Only a group's voice is a team's work: an expert's `I`, or a hardship they lived,
    is left to the other rules; and a private person's `we` is no expert's."""
    group = frozenset({"we", "us", "our"})
    expert = {"expert": "professor"}
    assert team_work(Facts(roles=expert, first_person=["we"], self_past=["took"]), group)
    assert not team_work(Facts(roles=expert, first_person=["i", "we"]), group)
    assert not team_work(Facts(roles=expert, first_person=["we"], hardship=["push"]), group)
    assert not team_work(Facts(roles={"personal": "nurse"}, first_person=["we"]), group)


def test_a_company_known_by_its_name_speaks_for_itself(any_analyzer: Analyzer) -> None:
    """`Carmine Foods said ...` at the head of a story, where the parser reads the name as
    no organisation: a word that ends a company's name makes it one."""
    text = (
        "Carmine Foods to close Dunmore plant\n\n"
        "Carmine Foods said on Monday it would close its canning plant in Dunmore by the end "
        "of the year, putting about 400 people out of work."
    )
    labels = {label for label, _ in quotes_of(text, any_analyzer, "Carmine Foods")}
    assert labels == {"official_statement"}
