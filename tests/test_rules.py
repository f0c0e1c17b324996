"""Loading and validating rule files (attribution/rules.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from attribution import Analyzer
from attribution.ruleset.loader import RulesError, bundled_rules_dir, load_rules

BROKEN = Path(__file__).parent / "data" / "broken_rules"


def test_bundled_rules_load(rules) -> None:  # type: ignore[no-untyped-def]
    assert rules.cue_class("say") == "speech"
    assert rules.cue_class("deny") == "denial"
    assert rules.titles["mrs"] == "female"
    assert rules.speaker_nouns["communique"] == "document"
    assert {p.id for p in rules.patterns} >= {"prep.according_to", "scare.so_called"}
    assert all(Path(s).is_file() for s in rules.sources)


@pytest.mark.parametrize(
    ("case", "file_line", "words"),
    [
        ("bad_toml", "cues.toml:3:", "invalid TOML"),
        ("duplicate_lemma", "cues.toml:6:", '"tell" is listed both'),
        ("not_a_list", "cues.toml:3:", "must be a list"),
        ("bad_level", "quotemarks.toml:6:", "'level' must be one of"),
        ("bad_json", "patterns.jsonl:2:", "invalid JSON"),
        ("bad_token", "patterns.jsonl:1:", "invalid spaCy token pattern"),
        ("duplicate_id", "patterns.jsonl:3:", "duplicate pattern id 'a'"),
        ("out_of_range", "decisions.toml:5:", "must be a number from 0 to 1"),
        ("unknown_gender", "titles.toml:3:", "unknown gender 'other'"),
        ("claims_unknown_class", "claims.toml:3:", "unknown class 'bosses'"),
        ("claims_word_twice", "claims.toml:3:", '"chief" is listed both'),
        ("claims_people_surname", "claims.toml:12:", "'okafor' in [people] is not a full name"),
        ("disputes_bad_reason", "disputes.toml:3:", "unknown class 'shrug'"),
        ("claim_patterns_bad_label", "claim_patterns.jsonl:2:", "'label' must be one of"),
    ],
)
def test_broken_rule_files_name_file_and_line(case: str, file_line: str, words: str) -> None:
    with pytest.raises(RulesError) as err:
        load_rules(BROKEN / case)
    message = str(err.value)
    assert file_line in message
    assert words in message
    assert "\n" not in message


def test_missing_rules_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match="does not exist"):
        load_rules(tmp_path / "nowhere")


def test_a_file_given_as_the_rules_folder_is_named_as_a_file(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text("not rules", "utf-8")
    with pytest.raises(RulesError, match="is a file, not a rules folder"):
        load_rules(story)


def test_a_misnamed_rules_file_is_an_error_not_ignored(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("what I changed and why", "utf-8")
    cues = (bundled_rules_dir() / "cues.toml").read_text("utf-8")
    (tmp_path / "cue.toml").write_text(
        cues.replace('"say", "tell"', '"say", "opine", "tell"'), "utf-8"
    )
    with pytest.raises(RulesError, match=r"cue\.toml:1: not a rules file .*cues\.toml"):
        load_rules(tmp_path)
    (tmp_path / "cue.toml").rename(tmp_path / "cues.toml")
    assert load_rules(tmp_path).cue_class("opine") == "speech"


def test_user_folder_overrides_only_its_own_files(tmp_path: Path) -> None:
    cues = (bundled_rules_dir() / "cues.toml").read_text("utf-8")
    (tmp_path / "cues.toml").write_text(
        cues.replace('"say", "tell"', '"say", "opine", "tell"'), "utf-8"
    )
    rules = load_rules(tmp_path)
    assert rules.cue_class("opine") == "speech"
    assert rules.sources[0] == str(tmp_path.resolve() / "cues.toml")
    assert rules.sources[1] == str(bundled_rules_dir() / "quotemarks.toml")


def test_edited_cue_changes_what_the_rules_find(tmp_path: Path) -> None:
    text = "The professor opined that the bridge was unsafe."
    assert not Analyzer(use_model=False).analyze(text).attributions
    cues = (bundled_rules_dir() / "cues.toml").read_text("utf-8")
    (tmp_path / "cues.toml").write_text(
        cues.replace('"say", "tell"', '"say", "opine", "tell"'), "utf-8"
    )
    found = Analyzer(rules_dir=tmp_path, use_model=False).analyze(text).attributions
    assert [a.quote.text for a in found] == ["that the bridge was unsafe"]
    assert found[0].cue is not None and found[0].cue.text == "opined"


def test_bundled_claim_rules_load(rules) -> None:  # type: ignore[no-untyped-def]
    claims = rules.claims
    assert claims.speaker_class("ministry") == "official"
    assert claims.speaker_class("witness") == "personal"
    assert claims.speaker_class("economist") == "expert"
    assert claims.people["donald trump"] == "official"
    assert claims.dispute_cues["deny"] == "denial"
    assert claims.dispute_cues["allege"] == "distancing_cue"
    labels = {p.label for p in claims.patterns}
    assert labels == {"NO_EVIDENCE", "FACT_CHECK", "CONTRADICTION", "ANONYMOUS", "POLL_SHARE"}


def test_edited_claim_lexicon_changes_the_claim_type(tmp_path: Path) -> None:
    text = "The harbourmaster said the port would reopen on Friday."
    before = Analyzer(use_model=False).analyze(text).attributions
    assert [a.claim_type for a in before] == ["other"]
    claims = (bundled_rules_dir() / "claims.toml").read_text("utf-8")
    (tmp_path / "claims.toml").write_text(
        claims.replace("official = [\n", 'official = [\n  "harbourmaster",\n', 1), "utf-8"
    )
    after = Analyzer(rules_dir=tmp_path, use_model=False).analyze(text).attributions
    assert [a.claim_type for a in after] == ["official_statement"]
    (ev,) = [e for e in after[0].evidence if e.step == "claim_type"]
    assert (ev.rule_id, ev.words) == ("claim.official_speaker", "harbourmaster")


def test_self_reference_determiners_are_read_from_the_rules(tmp_path: Path) -> None:
    """`[word_sets] self_reference_determiners` decides which article nouns are the writer's
    own note: with `that` added, `That article said ...` proposes no quote either."""
    text = (
        "The harbour board met on Monday.\n\n"
        "That article said the ferry timetable would be cut in half from May."
    )
    said = Analyzer(use_model=False).analyze(text).attributions
    assert [a.speaker.text for a in said if a.speaker] == ["That article"]
    speakers = (bundled_rules_dir() / "speakers.toml").read_text("utf-8")
    (tmp_path / "speakers.toml").write_text(
        speakers.replace(
            'self_reference_determiners = ["this"]', 'self_reference_determiners = ["this", "that"]'
        ),
        "utf-8",
    )
    assert not Analyzer(rules_dir=tmp_path, use_model=False).analyze(text).attributions


def test_a_speakers_file_without_a_required_list_is_refused(tmp_path: Path) -> None:
    speakers = (bundled_rules_dir() / "speakers.toml").read_text("utf-8")
    (tmp_path / "speakers.toml").write_text(
        speakers.replace('self_reference_determiners = ["this"]\n', ""), "utf-8"
    )
    with pytest.raises(RulesError, match=r"speakers\.toml:\d+: .*self_reference_determiners"):
        load_rules(tmp_path)


def test_a_told_after_entry_must_be_a_noun_and_a_verb(tmp_path: Path) -> None:
    disputes = (bundled_rules_dir() / "disputes.toml").read_text("utf-8")
    broken = disputes.replace('"report report", ', '"report", ', 1)
    assert broken != disputes
    (tmp_path / "disputes.toml").write_text(broken, "utf-8")
    with pytest.raises(
        RulesError, match=r"disputes.toml:61: \[told_after\] 'report' is not two words"
    ):
        load_rules(tmp_path)
    assert ("report", "report") in load_rules().claims.told_after
