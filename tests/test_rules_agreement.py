"""The rule files checked against the code's rule ids (attribution/ruleset/agreement.py),
and every regular expression of a rule pattern compiled: on load, so by
`attribution rules check` and before any analysis."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from attribution.cli.app import main
from attribution.ruleset.loader import RulesError, bundled_rules_dir, load_rules


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(bundled_rules_dir(), folder)
    return folder


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def _problems(folder: Path) -> list[str]:
    with pytest.raises(RulesError) as err:
        load_rules(folder)
    return str(err.value).splitlines()


def _line(path: Path, needle: str) -> int:
    lines = path.read_text("utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def test_the_bundled_rules_agree_with_the_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "check"]) == 0
    assert "every rule id agreeing with the code" in capsys.readouterr().out


def test_a_prep_pattern_without_a_base_score_fails(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    decisions = folder / "decisions.toml"
    _edit(decisions, '"cue.per" = 0.85\n', "")
    [problem] = _problems(folder)
    assert problem.startswith(f"{decisions}:{_line(decisions, '[rule_base]')}: ")
    assert "no base score for 'cue.per'" in problem
    assert f"'prep.per' ({folder / 'patterns.jsonl'}:" in problem


def test_a_citing_pattern_needs_its_base_score_too(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    patterns = folder / "patterns.jsonl"
    with patterns.open("a", encoding="utf-8") as f:
        f.write('{"id": "prep.citing", "label": "CUE_PREP", "pattern": [{"LOWER": "citing"}]}\n')
    [problem] = _problems(folder)
    assert "no base score for 'cue.citing'" in problem
    assert f"{patterns}:{_line(patterns, 'prep.citing')})" in problem
    _edit(folder / "decisions.toml", '"cue.per" = 0.85\n', '"cue.per" = 0.85\n"cue.citing" = 0.8\n')
    assert load_rules(folder).decisions.rule_base["cue.citing"] == 0.8


def test_a_candidate_rule_without_a_base_score_fails(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder / "decisions.toml", '"cue.colon" = 0.8\n', "")
    [problem] = _problems(folder)
    assert "no base score for 'cue.colon', a candidate rule of the code" in problem


def test_keys_no_code_reads_fail_each_on_its_line(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    decisions = folder / "decisions.toml"
    _edit(decisions, '"cue.clause" = 0.85\n', '"cue.clause" = 0.85\n"cue.clasue" = 0.85\n')
    _edit(decisions, "speech = 1.0\n", "speech = 1.0\nspeach = 1.0\n")
    _edit(decisions, "unclosed_quote = 0.8\n", "unclosed_quote = 0.8\nopen_quote = 0.5\n")
    problems = _problems(folder)
    assert problems == [
        f"{decisions}:{_line(decisions, 'cue.clasue')}: [rule_base] 'cue.clasue' is no rule "
        "the code or a CUE_PREP pattern emits (see attribution/ruleset/ids.py, QuoteRule)",
        f"{decisions}:{_line(decisions, 'speach')}: [class_factor] 'speach' is no cue class "
        "(cues.toml has accusation, belief, denial, distance, evidence, hedge, intent, naming, "
        "request, speech, stance; the code gives none, noun, predicate)",
        f"{decisions}:{_line(decisions, 'open_quote')}: [kind_factor] 'open_quote' is not read "
        "by the code (it reads naming_without_quote, unclosed_quote)",
    ]


def test_a_cue_class_the_code_reads_must_stay(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder / "cues.toml", "[classes.hedge]", "[classes.impression]")
    [problem] = _problems(folder)
    assert problem.startswith(f"{folder / 'cues.toml'}:1: no class 'hedge'")


def test_pattern_ids_cannot_take_a_rule_of_the_code(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    patterns, claim_patterns = folder / "patterns.jsonl", folder / "claim_patterns.jsonl"
    _edit(patterns, '"id": "prep.in_the_words_of"', '"id": "prep.clause"')
    _edit(claim_patterns, '"id": "fact_check.rated"', '"id": "counter_account"')
    _edit(folder / "decisions.toml", '"cue.in_the_words_of" = 0.85\n', "")
    assert _problems(folder) == [
        f"{patterns}:{_line(patterns, 'prep.clause')}: 'prep.clause' would propose quotes as "
        "'cue.clause', the id of a candidate rule of the code; give the pattern another id",
        f"{claim_patterns}:{_line(claim_patterns, 'counter_account')}: 'counter_account' would "
        "flag claims as 'dispute.counter_account', the id of a dispute rule of the code; give the "
        "pattern another id",
    ]


def test_the_cli_check_fails_on_a_broken_copy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _copy(tmp_path)
    _edit(folder / "decisions.toml", '"cue.per" = 0.85\n', "")
    assert main(["rules", "check", str(folder)]) == 2
    assert "no base score for 'cue.per'" in capsys.readouterr().err


def _broken_regex(tmp_path: Path) -> Path:
    folder = tmp_path / "bad_regex"
    folder.mkdir()
    (folder / "patterns.jsonl").write_text(
        '{"id": "scare.fine", "label": "SCARE", "pattern": [{"LOWER": "so-called"}]}\n'
        '{"id": "scare.bad", "label": "SCARE", "pattern": '
        '[{"TEXT": {"REGEX": "^(dubbed"}}]}\n',
        "utf-8",
    )
    return folder


def test_an_invalid_regex_fails_the_check_with_its_line(tmp_path: Path) -> None:
    folder = _broken_regex(tmp_path)
    with pytest.raises(RulesError) as err:
        load_rules(folder)
    assert str(err.value).startswith(
        f"{folder / 'patterns.jsonl'}:2: invalid regular expression '^(dubbed' for TEXT: "
        "missing ), unterminated subpattern"
    )


def test_analyze_refuses_an_invalid_regex_instead_of_crashing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _broken_regex(tmp_path)
    article = tmp_path / "a.txt"
    article.write_text("The mayor said the bridge was safe.", "utf-8")
    code = main(["analyze", str(article), "--rules", str(folder), "--no-model", "-q"])
    assert code == 2
    assert "invalid regular expression" in capsys.readouterr().err
