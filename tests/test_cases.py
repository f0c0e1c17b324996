"""The analyzer on short texts written for the purpose (tests/data/attribution_cases.toml).

Each case runs through the rules alone (`--no-model`) and through the trained
classifiers: both paths must find what it expects."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from attribution import Analyzer, Attribution

CASES = tomllib.loads(
    (Path(__file__).parent / "data" / "attribution_cases.toml").read_text("utf-8")
)["case"]


def _find(found: list[Attribution], quote: str) -> Attribution:
    for att in found:
        if att.quote.text == quote:
            return att
    listing = "\n".join(f"  {a.quote.kind}: {a.quote.text!r}" for a in found)
    raise AssertionError(f"no attribution with content {quote!r}; found:\n{listing}")


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(any_analyzer: Analyzer, case: dict[str, Any]) -> None:
    article = any_analyzer.analyze(case["text"], id=case["id"])
    assert article.error is None
    found = list(article.attributions)
    for exp in case["expect"]:
        att = _find(found, exp["quote"])
        assert att.quote.kind == exp["kind"], exp["quote"]
        if "speaker" in exp:
            assert (att.speaker.text if att.speaker else "") == exp["speaker"]
        if "name" in exp:
            assert ((att.speaker.name or "") if att.speaker else "") == exp["name"]
        if "cue" in exp:
            assert att.cue is not None and att.cue.text.lower() == exp["cue"].lower()
        if "fragments" in exp:
            assert len(att.quote.fragments) == exp["fragments"]
    for text in case.get("absent", []):
        assert all(text not in a.quote.text for a in found), f"{text!r} was attributed"
