"""Shared fixtures: the model and analyzers are loaded, and the bundled example analysed,
once per test session."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from spacy.tokens import Doc

from attribution import Analyzer, Article
from attribution.nlp.model import load_model
from attribution.ruleset.loader import Rules, load_rules

HERE = Path(__file__).parent
ROOT = HERE.parent


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    return load_model()


@pytest.fixture(scope="session")
def rules() -> Rules:
    return load_rules()


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    return Analyzer()


@pytest.fixture(scope="session")
def example_text() -> str:
    return (ROOT / "examples" / "harbour-strike.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def example_article(analyzer: Analyzer, example_text: str) -> Article:
    """examples/harbour-strike.txt through the trained classifiers (Articles are frozen:
    tests share this one instead of analysing the text again)."""
    return analyzer.analyze(example_text, id="harbour-strike")


@pytest.fixture(scope="session")
def rules_only() -> Analyzer:
    return Analyzer(use_model=False)


@pytest.fixture(params=["rules", "model"])
def any_analyzer(
    request: pytest.FixtureRequest, analyzer: Analyzer, rules_only: Analyzer
) -> Analyzer:
    """Each test runs through the rules alone and through the trained classifiers."""
    return rules_only if request.param == "rules" else analyzer


@pytest.fixture
def parser_input(monkeypatch: pytest.MonkeyPatch) -> Callable[[Analyzer], list[str]]:
    """`parser_input(analyzer)` returns the list that every text the analyzer's pipeline is
    then given to parse is appended to (`monkeypatch.undo()` stops the recording)."""

    def record(analyzer: Analyzer) -> list[str]:
        parsed: list[str] = []
        make_doc = analyzer.nlp.make_doc

        def recorded(piece: str) -> Doc:
            parsed.append(piece)
            return make_doc(piece)

        monkeypatch.setattr(analyzer.nlp, "make_doc", recorded)
        return parsed

    return record
