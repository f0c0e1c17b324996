"""The rule-id registry (attribution/ruleset/ids.py): ids are declared there once, and
the code names them from there."""

from __future__ import annotations

import ast
import re

import pytest
from layout import PACKAGE, modules

from attribution.ruleset.claims import WRITER_REASONS
from attribution.ruleset.ids import (
    ClaimRule,
    DisputeRule,
    QuoteRule,
    ResolveRule,
    SpeakerRule,
    cue_class_of,
    cue_rule,
    prep_rule,
)

# A string that is a whole rule id of one of the registry's families.
RULE_ID = re.compile(
    r"(cue|cues|verb|variant|quote|speaker|resolve|claim|dispute|textacy)\.[a-z_]+(\.[a-z_]+)?"
)
FILE_NAME = re.compile(r".*\.(json|jsonl|toml|csv|html|js|txt|parquet)")
REGISTRY = PACKAGE / "ruleset" / "ids.py"


def _is_rule_id(value: str) -> bool:
    return bool(RULE_ID.fullmatch(value)) and not FILE_NAME.fullmatch(value)


def test_no_rule_id_literal_outside_the_registry() -> None:
    found = []
    for name, path in modules().items():
        if path == REGISTRY:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            literal = isinstance(node, ast.Constant) and isinstance(node.value, str)
            if literal and _is_rule_id(node.value):
                found.append(f"{name}:{node.lineno}: {node.value!r}")
            if isinstance(node, ast.JoinedStr):
                head = node.values[0] if node.values else None
                if isinstance(head, ast.Constant) and RULE_ID.match(f"{head.value}x"):
                    found.append(f"{name}:{node.lineno}: f-string {ast.unparse(node)}")
    assert found == [], "rule ids belong in attribution/ruleset/ids.py"


def test_the_checker_tells_ids_from_other_strings() -> None:
    assert _is_rule_id("speaker.subject")
    assert _is_rule_id("dispute.no_evidence.unverified")
    assert not _is_rule_id("quote.json")
    assert not _is_rule_id("cue words")


def test_families_cover_every_value_the_code_passes() -> None:
    for how in ("sentence", "before", "previous"):
        assert SpeakerRule.ranked(how) == f"speaker.ranked_{how}"
    for kind in ("person", "org", "nominal"):
        assert ResolveRule.entity(kind) == f"resolve.{kind}"
    for cls in ("expert", "media", "research", "anonymous"):
        assert ClaimRule.speaker(cls) == f"claim.{cls}_speaker"
    for cls in ("official", "expert", "media", "affiliation"):
        assert ClaimRule.role(cls) == f"claim.{cls}_role"
    for reason in WRITER_REASONS:
        assert DisputeRule.writer(reason) == f"dispute.writer_{reason}"
    for answer in ("denial", "contradiction"):
        assert DisputeRule.answered_by(answer) == f"dispute.answered_by_{answer}"


def test_an_undeclared_id_is_refused() -> None:
    with pytest.raises(ValueError, match=r"speaker\.ranked_rule"):
        SpeakerRule.ranked("rule")


def test_ids_are_plain_strings_in_output() -> None:
    import json

    assert json.dumps({"rule_id": QuoteRule.CLAUSE}) == '{"rule_id": "cue.clause"}'
    assert f"rule={QuoteRule.CLAUSE}" == "rule=cue.clause"
    assert str(SpeakerRule.NONE) == "speaker.none"


def test_ids_made_from_rule_files() -> None:
    assert prep_rule("prep.according_to") == "cue.according_to"
    assert cue_rule("speech") == "cues.speech"
    assert cue_class_of("cues.speech") == "speech"
    assert cue_class_of("speaker.subject") is None
