"""Claim types of a private person's own choices (`ctype18`): `he backed Paul in 2012`
tells what the speaker decided, a personal account, while an office-holder's or a body's
endorsement stays what its speaker is. Texts written for these tests."""

from __future__ import annotations

from attribution import Analyzer
from attribution.claims.facts import Facts
from attribution.claims.tagger import decide_by_rules, own_words
from tests.test_claims import claim_evidence, decided_by

VOTER = (
    "Voters in Dayton head to the polls on Tuesday, and many are still torn. "
    "Mark Delaney, a retired plumber who has lived on the east side for forty years, has "
    "voted in every election since 1972. He supported Barack Obama in 2008. He backed Ron "
    "Paul in 2012. Delaney said he would not vote this year."
)


def by_cue(text: str, analyzer: Analyzer, cue: str) -> list[tuple[str, str, str]]:
    """(claim type, speaker text, quote text) of every attribution whose cue holds `cue`."""
    found = [
        (a.claim_type or "", a.speaker.text if a.speaker else "", a.quote.text)
        for a in analyzer.analyze(text).attributions
        if a.cue is not None and cue in a.cue.text
    ]
    assert found, [(a.cue, a.quote.text) for a in analyzer.analyze(text).attributions]
    return found


def test_a_private_persons_choice_is_their_own_account(analyzer: Analyzer) -> None:
    """`He supported Barack Obama`, `He backed Ron Paul`: the content is only what he
    chose; the cue is his own part in it, as `he said he would not vote` is (the rubric's
    example of a personal account). Each is personal, and the evidence names the cue.
    (The quote model finds these stance cues; the rules alone do not: see the test on
    `decide_by_rules` below.)"""
    atts = analyzer.analyze(VOTER).attributions
    chosen = [a for a in atts if a.cue is not None and a.cue.text in ("supported", "backed")]
    assert len(chosen) == 2, [(a.cue, a.quote.text) for a in atts]
    for att in chosen:
        assert att.claim_type == "personal_account", (att.quote.text, claim_evidence(att))
        decided_by(analyzer, att)
        assert claim_evidence(att)[2].split()[-1] in ("support", "back")


def test_an_office_holders_endorsement_is_made_in_role(analyzer: Analyzer) -> None:
    """The mayor, and a senator the article names by title, endorse in role: official."""
    text = (
        "The school levy goes to a vote in May. The mayor, Linda Carver, endorsed the levy "
        "on Monday. Sen. Paul Okafor backed the plan as well. Both spoke at the town hall."
    )
    for cue in ("endorsed", "backed"):
        labels = {label for label, _, _ in by_cue(text, analyzer, cue)}
        assert labels == {"official_statement"}, (cue, labels)


def test_a_body_or_a_group_that_backs_tells_no_account(analyzer: Analyzer) -> None:
    """A union's endorsement is the union's (official); supporters who back a candidate
    are a group the writer speaks for: neither is a personal account."""
    text = (
        "The race for governor tightened this week. The state teachers' union endorsed "
        "Maria Soto on Friday. Many young voters backed her rival in the primary."
    )
    for cue in ("endorsed", "backed"):
        labels = {label for label, _, _ in by_cue(text, analyzer, cue)}
        assert "personal_account" not in labels, (cue, labels)


def test_the_choice_counts_as_the_speakers_own_word() -> None:
    """`own_words`: a choice cue is the speaker's part in a content that names only what
    was chosen; without it (any other cue) that content holds nothing of theirs, and a
    request still reports what others are asked to do."""
    chose = Facts(speaker="pronoun", cue_lemma="back", cue_class="stance", choice="back")
    assert own_words(chose) == ["back"]
    assert own_words(Facts(speaker="pronoun", cue_lemma="say", cue_class="speech")) == []
    asked = Facts(speaker="pronoun", cue_lemma="urge", cue_class="request", choice="back")
    assert own_words(asked) == []


def test_the_rules_call_a_private_persons_choice_personal() -> None:
    """By the rules alone: a person with no role whose cue is a choice gives a personal
    account (`claim.private_person`, the cue its word); with an official role written
    elsewhere in the article the role decides, and the fact finder leaves `choice` empty
    for such a speaker."""
    f = Facts(
        speaker="pronoun",
        pronoun="he",
        person_pronoun=True,
        cue_lemma="back",
        cue_class="stance",
        choice="back",
        article=True,
    )
    assert decide_by_rules(f) == ("personal_account", "claim.private_person", "back")
    f.choice = ""
    assert decide_by_rules(f)[:2] == ("other", "claim.private_opinion")
    f.roles = {"official": "mayor"}
    assert decide_by_rules(f)[0] == "official_statement"
