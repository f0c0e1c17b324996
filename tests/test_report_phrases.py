"""The evidence in plain words (attribution/report/phrases.py, reports/evidence.toml)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from attribution.report.phrases import FAMILY, PHRASES_FILE, Part, load_phrases
from attribution.report.writer import bundled_reports_dir
from attribution.ruleset.agreement import PREP_LABEL
from attribution.ruleset.files import RulesError
from attribution.ruleset.ids import (
    CODE_CUE_CLASSES,
    DISPUTE_PATTERN_LABELS,
    ClaimRule,
    DisputeRule,
    QuoteNote,
    QuoteRule,
    ResolveRule,
    SpeakerRule,
    cue_rule,
    dispute_pattern_rule,
    prep_rule,
)
from attribution.ruleset.loader import load_rules
from attribution.schema import DISPUTE_REASONS, Attribution, Evidence, Mention, Quote, Span

BUNDLED = bundled_reports_dir() / PHRASES_FILE


def evidence_ids() -> set[str]:
    """Every rule id the code and the bundled rule files can put into the evidence."""
    rules = load_rules()
    declared = {
        str(member)
        for enum in (QuoteRule, QuoteNote, SpeakerRule, ResolveRule, ClaimRule, DisputeRule)
        for member in enum
    }
    cues = {cue_rule(c) for c in {*rules.cues.values(), *CODE_CUE_CLASSES}}
    preps = {prep_rule(p.id) for p in rules.patterns if p.label == PREP_LABEL}
    disputes = {
        dispute_pattern_rule(p.id)
        for p in rules.claims.patterns
        if p.label in DISPUTE_PATTERN_LABELS
    }
    return declared | cues | preps | disputes


def test_every_id_that_can_reach_the_evidence_has_a_phrase() -> None:
    phrases = load_phrases(BUNDLED)
    ids = evidence_ids()
    assert len(ids) > 120
    missing = sorted(i for i in ids if phrases.phrase(i) is None)
    assert missing == []


def test_the_phrases_name_no_id_that_cannot_occur() -> None:
    phrases = load_phrases(BUNDLED)
    ids = evidence_ids()
    stray = [
        key
        for key in phrases.rules
        if not (key in ids or (key.endswith(FAMILY) and any(i.startswith(key[:-1]) for i in ids)))
    ]
    assert stray == []


def quote_with(*evidence: Evidence) -> Attribution:
    text = "“The bridge is closed,” he said."
    return Attribution(
        quote=Quote(0, 23, text[:23], "direct"),
        cue=Span(27, 31, "said"),
        speaker=Mention(24, 26, "he", "Ana Ruiz", 1, "pronoun"),
        confidence=0.8,
        rule_id="cue.parenthetical",
        evidence=evidence,
    )


def test_a_reason_is_the_rule_phrase_filled_with_the_quote_s_own_words() -> None:
    phrases = load_phrases(BUNDLED)
    att = quote_with(
        Evidence("quote", "model", QuoteRule.PARENTHETICAL, 0.7712, "said"),
        Evidence("speaker", "rule", SpeakerRule.SUBJECT, None, "he"),
        Evidence("resolution", "rule", ResolveRule.PRONOUN_PREVIOUS_SPEAKER, None, "Ana Ruiz"),
        Evidence("disputed", "rule", DisputeRule.COUNTER_ACCOUNT, None, "quote 3 (bridge)"),
        Evidence("claim_type", "rule", ClaimRule.DEFAULT, None, ""),
    )
    reasons = phrases.explain(att)
    assert [r.label for r in reasons] == ["Quote", "Speaker", "Name", "Claim type", "Disputed"]
    assert reasons[0].text == (
        "found by the cue ‘said’, set inside or after the quotation; "
        "kept by the trained quote classifier (score 0.77)"
    )
    assert reasons[1].text == "the speaker is the subject of ‘said’"
    assert reasons[2].text == "the pronoun ‘he’ is the previous speaker, Ana Ruiz"
    assert reasons[4].text == "it tells the same event differently from #3"
    assert Part("#3", "#row-3") in reasons[4].parts


def test_a_speech_cue_that_is_no_verb_is_not_called_one() -> None:
    phrases = load_phrases(BUNDLED)
    att = quote_with(Evidence("cue", "rule", "cues.speech", None, "according to"))
    assert phrases.explain(att)[0].text == "‘according to’ reports speech"


def test_an_optional_stretch_goes_when_its_words_are_empty_and_unknown_ids_fall_back() -> None:
    phrases = load_phrases(BUNDLED)
    with_words = quote_with(Evidence("claim_type", "rule", ClaimRule.ANONYMOUS, None, "a source"))
    without = quote_with(Evidence("claim_type", "rule", ClaimRule.ANONYMOUS, None, ""))
    assert phrases.explain(with_words)[0].text == "an anonymous source (‘a source’)"
    assert phrases.explain(without)[0].text == "an anonymous source"
    user_rule = quote_with(Evidence("disputed", "rule", "dispute.my_own_rule", None, "bogus"))
    assert phrases.explain(user_rule)[0].text == "contested: bogus"
    family = quote_with(Evidence("disputed", "rule", "dispute.no_evidence.new", None, "no proof"))
    assert phrases.explain(family)[0].text == "the article says there is no evidence (‘no proof’)"


def test_every_dispute_reason_is_said_in_words() -> None:
    phrases = load_phrases(BUNDLED)
    for reason in DISPUTE_REASONS:
        said = phrases.dispute_reason(reason)
        assert said != reason and " " in said
    assert phrases.dispute_reason("<b>new</b>") == "<b>new</b>", "unknown reasons show as is"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('"cue.clause" = "found by', '"cue.clause" = "found {speaker} by'), "unknown placeholder"),
        (('"cue.colon" = "found', '"cue.colon" = "[found'), "unpaired bracket"),
        (("quote = { label", "quoted = { label"), "needs 'quote'"),
        (("[model]\n", "[models]\n"), "unknown table [models]"),
        (('"cue.label" = "the', '"cue.label" = 3 #'), "must be a non-empty string"),
        (("rebuttal = ", "rebutal = "), "unknown key 'rebutal' in [reasons]"),
    ],
)
def test_a_broken_phrase_file_names_its_file_and_line(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    raw = BUNDLED.read_text("utf-8")
    assert change[0] in raw
    broken = tmp_path / PHRASES_FILE
    broken.write_text(raw.replace(change[0], change[1], 1), "utf-8")
    with pytest.raises(RulesError, match=re.escape(message)) as info:
        load_phrases(broken)
    where, line = str(info.value).split(":")[:2]
    assert where == str(broken) and int(line) > 1
