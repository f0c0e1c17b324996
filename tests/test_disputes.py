"""Disputes (attribution/claims/disputes.py, links.py): contested claims, why, and the
quote on the other side. Texts written for these tests, plus the bundled example."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from attribution import Analyzer, article_to_dict
from attribution.claims import tagger as claims
from attribution.claims.links import Dispute
from attribution.cli.app import main
from attribution.schema import Article, Attribution

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "harbour-strike.txt"


def by_speaker(article: Article, speaker: str) -> tuple[int, Attribution]:
    found = [
        (i, a)
        for i, a in enumerate(article.attributions)
        if a.speaker and speaker in a.speaker.text
    ]
    assert len(found) == 1, [(a.speaker, a.quote.text) for a in article.attributions]
    return found[0]


def rules_fired(att: Attribution) -> set[str]:
    """The dispute rules that fired on a quote (every dispute is a rule's: no model
    flags one, with or without the trained classifiers)."""
    disputed = [e for e in att.evidence if e.step == "disputed"]
    assert all(e.method == "rule" for e in disputed), disputed
    return {e.rule_id for e in disputed}


def test_a_denial_links_both_sides(any_analyzer: Analyzer) -> None:
    text = (
        "The union said wages had been frozen for six years. The company’s chief executive, "
        "Daniel Brandt, denied that wages had been frozen."
    )
    article = any_analyzer.analyze(text)
    u, union = by_speaker(article, "union")
    b, brandt = by_speaker(article, "Brandt")
    assert brandt.disputed and brandt.dispute_reason == "denial"
    assert union.disputed and union.dispute_reason == "denial"
    assert brandt.disputes == (u,) and union.disputed_by == (b,)
    assert "dispute.denial_cue" in rules_fired(brandt)
    assert "dispute.answered_by_denial" in rules_fired(union)


def test_claimed_without_evidence(any_analyzer: Analyzer) -> None:
    text = "The mayor claimed, without providing evidence, that the election had been rigged."
    (att,) = any_analyzer.analyze(text).attributions
    assert att.disputed and att.dispute_reason == "no_evidence"
    assert {"dispute.no_evidence.without", "dispute.distancing_cue"} <= rules_fired(att)
    words = {e.words for e in att.evidence if e.step == "disputed"}
    assert "without providing evidence" in words and "claimed" in words


def test_the_article_calling_a_claim_false_is_a_fact_check(any_analyzer: Analyzer) -> None:
    text = "“Crime has doubled in two years,” the senator said. That claim is false."
    _, att = by_speaker(any_analyzer.analyze(text), "senator")
    assert att.disputed and att.dispute_reason == "fact_check"
    assert "dispute.fact_check.claim_is_false" in rules_fired(att)


def test_a_claim_someone_denied_is_disputed_by_the_words_that_say_so(
    any_analyzer: Analyzer,
) -> None:
    text = (
        "Councillor Ben Wren said he had not been consulted about the sale of the depot, "
        "a claim the planning committee denied."
    )
    (att,) = any_analyzer.analyze(text).attributions
    assert att.disputed and att.dispute_reason == "fact_check"
    assert "dispute.fact_check.a_claim_denied" in rules_fired(att)
    words = {e.words for e in att.evidence if e.step == "disputed"}
    assert any("planning committee denied" in w for w in words)
    undenied = text.replace("the planning committee denied", "the committee has not denied")
    (att,) = any_analyzer.analyze(undenied).attributions
    assert not att.disputed


@pytest.mark.parametrize("mark", ["\u2013", "\u2014", ","])
def test_a_denied_claim_set_off_inside_the_reported_words_flags_them(
    any_analyzer: Analyzer, mark: str
) -> None:
    """The aside stands inside the content the cue reports (the clause runs on to the
    end of the sentence), so it is the writer's comment on those words."""
    gap = "" if mark == "," else " "
    text = (
        f"The ferry operator's director, Mara Quill, said the boats had run on time all "
        f"winter{gap}{mark} a claim the harbour union disputes {mark} and promised new timetables."
    )
    (att,) = [a for a in any_analyzer.analyze(text).attributions if "on time" in a.quote.text]
    assert att.disputed and att.dispute_reason == "fact_check"
    assert "dispute.fact_check.a_claim_denied" in rules_fired(att)
    words = {e.words for e in att.evidence if e.step == "disputed"}
    assert any("union disputes" in w for w in words)
    undenied = text.replace("the harbour union disputes", "no one disputes")
    (att,) = [a for a in any_analyzer.analyze(undenied).attributions if "on time" in a.quote.text]
    assert not att.disputed


def test_a_claim_nobody_denies_is_no_dispute(any_analyzer: Analyzer) -> None:
    text = "Councillor Ben Wren said the depot had been sold in May, a claim nobody disputes."
    (att,) = any_analyzer.analyze(text).attributions
    assert not att.disputed


def test_falsely_is_the_writers_verdict(any_analyzer: Analyzer) -> None:
    text = "The governor falsely said that the bridge had been inspected last year."
    (att,) = any_analyzer.analyze(text).attributions
    assert att.dispute_reason == "fact_check"
    assert "dispute.writer_fact_check" in rules_fired(att)


@pytest.mark.parametrize(
    ("text", "claimant", "answerer", "word"),
    [
        (
            "The mayor said the water shortage was over. Critics said the mayor had "
            "manufactured the shortage to justify the new reservoir.",
            "mayor",
            "Critics",
            "manufactured",
        ),
        (
            "The minister said the tax cut would help working families. Economists said the "
            "tax cut was a bogus promise that would raise taxes for working families.",
            "minister",
            "Economists",
            "bogus",
        ),
    ],
)
def test_contradicting_words_pair_an_answer_with_the_claim_it_answers(
    rules_only: Analyzer, text: str, claimant: str, answerer: str, word: str
) -> None:
    """The claim answered is disputed and points at its answer; the answer, which nobody
    contests in turn, is not disputed."""
    article = rules_only.analyze(text)
    c, claim = by_speaker(article, claimant)
    a, answer = by_speaker(article, answerer)
    assert claim.disputed and claim.dispute_reason == "rebuttal"
    assert claim.disputed_by == (a,) and answer.disputes == (c,)
    assert "dispute.answered_by_contradiction" in rules_fired(claim)
    assert word in answer.quote.text
    assert answer.disputed is False and answer.disputed_by == ()


def test_an_answer_to_an_answer_is_disputed_in_turn(any_analyzer: Analyzer) -> None:
    """An exchange: the authority answers the union's claim, the union's lawyer answers
    the authority. The middle claim is contested by the lawyer, and the lawyer's answer is
    contested by the claim it answers, each linked to the other; the first claim's own
    link stays with the authority, which, calling `the union's figure` false, is
    contested by the union's claim in turn (one point, both sides)."""
    text = (
        "The dockers' union said the port had cut 300 jobs since March. The port authority "
        "said the union's figure was false and that the new cranes had created 120 jobs on "
        "the docks. Maria Lopez, a lawyer for the union, said the story about new cranes "
        "creating jobs on the docks was misleading."
    )
    article = any_analyzer.analyze(text)
    u, union = by_speaker(article, "dockers")
    a, authority = by_speaker(article, "authority")
    lw, lawyer = by_speaker(article, "Lopez")
    assert union.disputed_by == (a,) and u in authority.disputes
    assert authority.disputed and authority.disputed_by == (u, lw)
    assert "dispute.calls_claim_false" in rules_fired(authority)
    assert lawyer.disputed and lawyer.dispute_reason == "rebuttal"
    assert lawyer.disputes == (a,) and lawyer.disputed_by == (a,)
    assert rules_fired(lawyer) == {"dispute.answers_answer"}


def test_a_denied_accusation_keeps_no_distance(analyzer: Analyzer) -> None:
    """`has never accused`: the cue is negated, so the writer distances from nothing;
    the same cue without the negation does. Through the classifier only: the rules alone
    do not keep `accused X of …` as a quote."""
    text = (
        "The ministry has never formally accused the shipping company of fraud. The "
        "regulator accused the shipping company of hiding losses from investors."
    )
    article = analyzer.analyze(text)
    _, ministry = by_speaker(article, "ministry")
    _, regulator = by_speaker(article, "regulator")
    assert ministry.disputed is False and not rules_fired(ministry)
    assert regulator.disputed and rules_fired(regulator) == {"dispute.distancing_cue"}


def test_an_attack_nobody_answers_is_not_disputed(any_analyzer: Analyzer) -> None:
    text = (
        "The senator said the new stadium was a bogus giveaway to billionaires. The "
        "council said the library would reopen in June."
    )
    for att in any_analyzer.analyze(text).attributions:
        assert att.disputed is False and att.disputed_by == () and att.contest_words == ()


def test_a_neutral_said_is_not_disputed(any_analyzer: Analyzer) -> None:
    text = (
        "“Turnout was higher than last year,” the election commission said on Sunday. The "
        "commission said the count would finish on Tuesday."
    )
    article = any_analyzer.analyze(text)
    assert len(article.attributions) == 2
    for att in article.attributions:
        assert att.disputed is False and att.dispute_reason is None
        assert att.disputes == () and att.disputed_by == ()
        assert not rules_fired(att)


def test_an_accusation_and_its_denial_are_both_disputed(analyzer: Analyzer) -> None:
    """Through the classifier only: the rules alone do not keep `accused X of …` as a
    quote, so there is no accusation for the answer to dispute."""
    text = (
        "The opposition accused the finance minister of hiding the audit report. The minister "
        "denied that he had hidden the audit report."
    )
    article = analyzer.analyze(text)
    a, accusation = by_speaker(article, "opposition")
    m, answer = by_speaker(article, "minister")
    assert accusation.disputed and answer.disputed
    assert accusation.dispute_reason == answer.dispute_reason == "denial"
    assert accusation.disputed_by == (m,) and answer.disputed_by == (a,)
    assert [w.text for w in answer.contest_words] == ["denied"]


def test_two_accounts_of_one_event_clash(any_analyzer: Analyzer) -> None:
    text = (
        "Police said the officers were attacked by the gang. “The police kept shooting at us "
        "while we tried to surrender,” said Marta Ruiz, who was in the house."
    )
    article = any_analyzer.analyze(text)
    p, police = by_speaker(article, "Police")
    r, ruiz = by_speaker(article, "Marta Ruiz")
    assert police.disputed and ruiz.disputed
    assert police.dispute_reason == ruiz.dispute_reason == "rebuttal"
    assert ruiz.disputes == (p,) and police.disputed_by == (r,)
    assert "dispute.counter_account" in rules_fired(police) & rules_fired(ruiz)
    assert police.claim_type == "official_statement"
    assert ruiz.claim_type == "personal_account"


def test_one_speaker_is_not_in_dispute_with_herself(any_analyzer: Analyzer) -> None:
    text = (
        "Police said the officers were attacked by the gang. Police said later that the "
        "gang had not attacked anyone."
    )
    article = any_analyzer.analyze(text)
    assert [a.speaker.text for a in article.attributions if a.speaker] == ["Police", "Police"]
    for att in article.attributions:
        assert "dispute.counter_account" not in rules_fired(att)
        assert att.disputes == () and att.disputed_by == ()


def test_the_first_reason_in_order_wins() -> None:
    d = Dispute()
    d.flag("distancing_cue", "dispute.distancing_cue", "claimed")
    d.flag("no_evidence", "dispute.no_evidence.without", "without evidence")
    d.flag("distancing_cue", "dispute.distancing_cue", "claimed")
    assert d.reason == "no_evidence"
    assert [e.rule_id for e in d.evidence] == [
        "dispute.distancing_cue",
        "dispute.no_evidence.without",
    ]


def test_example_flags_the_wage_clash_on_both_sides(example_article: Article) -> None:
    """examples/harbour-strike.txt: Brandt "denied that wages had been frozen" against the
    union leader's claim that wages had not been raised; the JSON shows both, linked."""
    record = json.loads(json.dumps(article_to_dict(example_article)))
    quotes = record["quotes"]
    b = next(i for i, q in enumerate(quotes) if q["text"] == "that wages had been frozen")
    brandt = quotes[b]
    assert brandt["speaker"]["name"] == "Daniel Brandt"
    assert brandt["disputed"] is True and brandt["dispute_reason"] == "denial"
    assert brandt["disputes"], "the denial names the claim it answers"
    for o in brandt["disputes"]:
        okafor = quotes[o]
        assert okafor["speaker"]["name"] == "Maria Okafor"
        assert okafor["disputed"] is True and b in okafor["disputed_by"]
        assert "wages" in okafor["text"]
    steps = {e["step"] for q in quotes for e in q["evidence"]}
    assert {"claim_type", "disputed"} <= steps
    undisputed = [q for q in quotes if not q["disputed"]]
    assert undisputed and all(q["dispute_reason"] is None for q in undisputed)


def test_links_point_both_ways(example_article: Article) -> None:
    atts = example_article.attributions
    linked = [i for i, att in enumerate(atts) if att.disputes or att.disputed_by]
    assert len(linked) >= 2
    for i in linked:
        att = atts[i]
        assert att.disputed and att.dispute_reason is not None
        for j in att.disputes:
            assert i in atts[j].disputed_by and atts[j].disputed
        for j in att.disputed_by:
            assert i in atts[j].disputes
        if att.disputed_by or att.contest_words:
            assert att.disputed
        if att.disputed:
            assert att.disputed_by or att.contest_words, "a disputed quote names its evidence"


def test_a_text_of_many_articles_links_within_blocks(
    rules_only: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    exchange = (
        "The union said wages had been frozen for six years. The company’s chief "
        "executive, Daniel Brandt, denied that wages had been frozen.\n\n"
    )
    whole = rules_only.analyze(exchange * 3)
    per_block = len(whole.attributions) // 3
    assert per_block == 2
    monkeypatch.setattr(claims, "ARTICLE_ATTRIBUTIONS", per_block)
    blocks = rules_only.analyze(exchange * 3)
    links = [(a.disputes, a.disputed_by) for a in blocks.attributions]
    pairs = [((1,), (1,)), ((0,), (0,))]
    assert links == pairs + [((a + 2,), (b + 2,)) for (a,), (b,) in pairs] + [
        ((a + 4,), (b + 4,)) for (a,), (b,) in pairs
    ]
    claim = blocks.attributions[4]
    assert [e.words for e in claim.evidence if e.step == "disputed"] == ["quote 5"]


CONTESTED = [
    "The union said wages had been frozen for six years. The company's chief executive, "
    "Daniel Brandt, denied that wages had been frozen.",
    "The governor falsely claimed that the bridge had been inspected last year.",
    "The group said, without providing evidence, that the vote count had been rigged.",
    "Police said the officers were attacked by the gang. “The police kept shooting at us "
    "while we tried to surrender,” said Marta Ruiz, who was in the house.",
    "The mayor said crime had doubled since May. The police chief said the mayor's figure "
    "was false and that crime had fallen since May.",
    "The senator insisted that the governor should publish his tax returns before the "
    "vote. The governor rejected that idea.",
    '"Crime has doubled since May," Mayor Ortiz said on Monday.\n\nThe city\'s own figures '
    "were published in June.\n\nOrtiz is wrong. Crime fell by 3 percent, the figures show.",
    "The hacker said he had broken into the senator's account. Contrary to the hacker's "
    "claims, investigators say he never obtained access to the account.",
    "The rebel group said 40 soldiers had been killed in the raid. Reuters could not "
    "independently verify the figure.",
]


def test_every_disputed_quote_points_at_its_evidence(any_analyzer: Analyzer) -> None:
    """Each of these articles contests a claim; every quote flagged disputed names the
    quote that contests it or the article's words, with offsets into the text."""
    for article in any_analyzer.analyze_many(CONTESTED):
        flagged = [a for a in article.attributions if a.disputed]
        assert flagged, article.text
        for att in flagged:
            assert att.disputed_by or att.contest_words, att
            for j in att.disputed_by:
                assert j < len(article.attributions)
            for w in att.contest_words:
                assert article.text[w.start : w.end] == w.text


def test_contesting_words_are_written_with_offsets(tmp_path: Path) -> None:
    path = tmp_path / "falsely.txt"
    path.write_text(CONTESTED[1], encoding="utf-8")
    out = tmp_path / "out.json"
    assert main(["analyze", str(path), "--format", "json", "-o", str(out), "--no-model"]) == 0
    (record,) = json.loads(out.read_text("utf-8"))
    (quote,) = record["quotes"]
    words = quote["contest_words"]
    assert quote["disputed"] is True and words
    assert {w["text"] for w in words} <= {"falsely", "claimed"}
    for w in words:
        assert CONTESTED[1][w["start"] : w["end"]] == w["text"]


def test_no_disputes_leaves_only_the_disputed_flags_unset(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outputs = {}
    for flag in ([], ["--no-disputes"]):
        out = tmp_path / f"harbour{len(flag)}.json"
        assert main(["analyze", str(EXAMPLE), "--format", "json", "-o", str(out), *flag]) == 0
        (outputs[bool(flag)],) = json.loads(out.read_text("utf-8"))
    on, off = outputs[False]["quotes"], outputs[True]["quotes"]
    assert any(q["disputed"] for q in on)
    assert [(q["start"], q["end"], q["claim_type"]) for q in on] == [
        (q["start"], q["end"], q["claim_type"]) for q in off
    ]
    for q in off:
        assert q["disputed"] is None and q["dispute_reason"] is None
        assert q["disputes"] == [] and q["disputed_by"] == [] and q["contest_words"] == []


@pytest.mark.parametrize(
    "answer",
    [
        "Critics said the governor did the wrong thing when he signed the budget for schools.",
        "Critics said the governor lies about the budget for schools all the time.",
    ],
)
def test_an_insult_or_a_wrong_deed_is_no_answer_to_a_claim(
    rules_only: Analyzer, answer: str
) -> None:
    """`lies` about a person and `the wrong thing` done judge the person, not a claim."""
    text = f"The governor said the budget for schools would grow by 5 percent. {answer}"
    for att in rules_only.analyze(text).attributions:
        assert att.disputed is False and att.disputed_by == ()


def test_that_is_wrong_still_answers_a_claim(rules_only: Analyzer) -> None:
    text = (
        "The governor said the budget for schools would grow by 5 percent. Teachers said "
        "the governor's figure for the budget for schools is wrong."
    )
    article = rules_only.analyze(text)
    _, claim = by_speaker(article, "governor")
    assert claim.disputed and claim.dispute_reason == "rebuttal"


def test_a_negated_command_is_no_account_that_clashes(any_analyzer: Analyzer) -> None:
    """`"Don't shoot him," she shouted` asks; it tells nothing the police's account of the
    shooting could contradict."""
    text = (
        '"Don\'t shoot him," his sister shouted at the officers, witnesses said.\n\n'
        "The police said an officer shot the man after he raised a rifle."
    )
    for att in any_analyzer.analyze(text).attributions:
        assert all(e.rule_id != "dispute.counter_account" for e in att.evidence)


def test_a_criminal_charge_is_no_distancing_cue(any_analyzer: Analyzer) -> None:
    text = (
        "Federal prosecutors in April charged two developers with defrauding investors of "
        "$200 million.\n\nHe charged that the party had ignored the movement for years."
    )
    for att in any_analyzer.analyze(text).attributions:
        assert att.disputed is False and att.contest_words == ()


def test_a_denial_of_that_idea_answers_the_claim_before_it(any_analyzer: Analyzer) -> None:
    """`rejected that idea` shares no word with the claim it rejects: the claim is the one
    just before it, by another speaker."""
    text = (
        "The senator insisted that the governor should publish his tax returns before the "
        "vote. The governor rejected that idea."
    )
    article = any_analyzer.analyze(text)
    s, senator = by_speaker(article, "senator")
    g, governor = by_speaker(article, "The governor")
    assert senator.disputed and senator.disputed_by == (g,)
    assert governor.disputed and governor.disputes == (s,)
    assert "dispute.answered_by_denial" in rules_fired(senator)


def test_a_verdict_that_names_the_speaker_judges_his_claims_before_it(
    any_analyzer: Analyzer,
) -> None:
    """`Mayor Ortiz is wrong.` judges the mayor's claims a few sentences up, not the
    union's; the flag carries the verdict's words."""
    text = (
        'The union said the strike would go on. "Crime has doubled since May," Mayor Ortiz '
        "said on Monday.\n\nThe city's own figures were published in June.\n\n"
        "Ortiz is wrong. Crime fell by 3 percent, the figures show."
    )
    article = any_analyzer.analyze(text)
    _, mayor = by_speaker(article, "Ortiz")
    _, union = by_speaker(article, "union")
    assert mayor.disputed and mayor.dispute_reason == "fact_check"
    assert any(text[w.start : w.end].startswith("Ortiz is wrong") for w in mayor.contest_words)
    assert not union.disputed


def test_contrary_to_a_claim_marks_the_account_that_contradicts_it(
    any_analyzer: Analyzer,
) -> None:
    text = (
        "The hacker said he had broken into the senator's account. Contrary to the "
        "hacker's claims, investigators say he never obtained access to the account."
    )
    _, police = by_speaker(any_analyzer.analyze(text), "investigators")
    assert police.disputed and police.dispute_reason == "fact_check"
    assert "dispute.fact_check.contrary_to_claims" in rules_fired(police)


@pytest.mark.parametrize(
    ("after", "disputed"),
    [
        ("The figure could not be independently verified.", True),
        ("Reuters could not independently verify the figure.", True),
        ("Heavy rain fell, and the roads could not be verified as open.", False),
    ],
)
def test_could_not_be_verified_in_the_next_sentence_judges_the_claim_before_it(
    any_analyzer: Analyzer, after: str, disputed: bool
) -> None:
    """The writer's `could not be verified` judges the claim before it when its sentence is
    about that claim (`the figure`, `it`), not when it tells of something else."""
    text = f"The rebel group said 40 soldiers had been killed in the raid. {after}"
    _, group = by_speaker(any_analyzer.analyze(text), "rebel group")
    assert group.disputed is disputed
    if disputed:
        assert group.dispute_reason == "no_evidence" and group.contest_words


@pytest.mark.parametrize(
    ("answer", "disputed"),
    [
        (
            "Teachers said the governor's figure for the budget for schools is a ridiculous "
            "figure.",
            True,
        ),
        ("Teachers said the governor's budget for schools was ridiculous.", True),
        ("Teachers said the budget for schools came from a ridiculous governor.", False),
        (
            "Teachers said the budget for schools came from the most unqualified and "
            "ridiculous governor in years.",
            False,
        ),
    ],
)
def test_a_contradiction_word_that_describes_a_person_answers_no_claim(
    rules_only: Analyzer, answer: str, disputed: bool
) -> None:
    """`a ridiculous figure` and `was ridiculous` judge what the governor said; `a
    ridiculous governor` (also as the second of two adjectives) judges the man, so the
    teachers answer no claim."""
    text = f"The governor said the budget for schools would grow by 5 percent. {answer}"
    article = rules_only.analyze(text)
    _, claim = by_speaker(article, "governor")
    assert claim.disputed is disputed
    if disputed:
        assert "dispute.answered_by_contradiction" in rules_fired(claim)


def test_resisting_a_claim_denies_it(analyzer: Analyzer) -> None:
    """`resisted` with a claim as its content is a denial: the denial and the sheriff's
    claim it answers are both disputed, each pointing at the other."""
    text = (
        "Sheriff Tom Reed said the governor could suspend the gun laws for the week by "
        'executive order. Governor Ann Lake resisted: "Governors do not have the power to '
        'suspend the gun laws."'
    )
    article = analyzer.analyze(text)
    s, sheriff = by_speaker(article, "Reed")
    g, governor = by_speaker(article, "Lake")
    assert governor.disputed and governor.dispute_reason == "denial"
    assert "dispute.denial_cue" in rules_fired(governor)
    assert sheriff.disputed and sheriff.disputed_by == (g,) and governor.disputed_by == (s,)


def test_a_denial_verb_inside_a_content_needs_someone_denying(
    any_analyzer: Analyzer,
) -> None:
    """`reports, which he denied` reports a denial; `his inability to resist responding`
    reports nobody denying anything."""
    text = (
        "The paper said the debate underscored a glaring and well-known weakness, which is "
        "his inability to resist responding to any slight or criticism."
    )
    for att in any_analyzer.analyze(text).attributions:
        assert att.disputed is False, rules_fired(att)


def test_an_order_to_withdraw_a_word_answers_no_claim(analyzer: Analyzer) -> None:
    """A chair's order to take back a word is a ruling, not a rebuttal: the contradiction
    word it names (`withdraw the word "misleading"`) answers nothing, so neither the order
    nor the accusation it follows is disputed by it (the accusation keeps its own
    `accused ... of`). Through the classifier: the rules alone keep no accusation."""
    text = (
        "Councillor Maya Fenwick accused the treasurer of giving misleading figures to the "
        'council. The chair told Fenwick to withdraw the word "misleading," which she did.'
    )
    article = analyzer.analyze(text)
    _, accusation = by_speaker(article, "Fenwick")
    _, order = by_speaker(article, "chair")
    assert order.disputed is False and not rules_fired(order)
    assert order.disputes == () and order.disputed_by == ()
    assert accusation.disputed_by == ()
    assert rules_fired(accusation) == {"dispute.distancing_cue"}


def test_a_request_to_stop_a_word_answers_no_claim(rules_only: Analyzer) -> None:
    """`urged X to stop calling the figures misleading` asks for an act: it contests
    nothing, and the claim it follows is not disputed by it."""
    text = (
        "Councillor Maya Fenwick said the treasurer had given misleading figures to the "
        "council. The mayor urged Fenwick to stop calling the figures misleading."
    )
    article = rules_only.analyze(text)
    claim = next(a for a in article.attributions if "had given" in a.quote.text)
    assert claim.disputed is False and claim.disputed_by == ()


def test_told_with_a_clause_still_rebuts(any_analyzer: Analyzer) -> None:
    """The same cue with a clause, not a to-clause, says something of the claim: `told
    reporters that Fenwick's claim was false` still rebuts it."""
    text = (
        "Councillor Maya Fenwick said the treasurer had given misleading figures to the "
        "council. The treasurer, Paul Ostrander, told reporters that Fenwick's claim was false."
    )
    article = any_analyzer.analyze(text)
    f, claim = by_speaker(article, "Fenwick")
    o, answer = by_speaker(article, "Ostrander")
    assert claim.disputed and answer.disputed
    assert claim.disputed_by == (o,) and answer.disputes == (f,)
    assert "dispute.answers_named_claim" in rules_fired(answer)
