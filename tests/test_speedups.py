"""Speed-ups that must not change a result: weight scoring and sentence lookups."""

from __future__ import annotations

import numpy as np
import pytest

from attribution import Analyzer
from attribution.extract.features import for_vectorizer
from attribution.extract.models import new_pipeline
from attribution.weights.scorer import LinearScorer


def test_scorer_matches_predict_proba_on_an_article(
    analyzer: Analyzer, example_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Quote, speaker, claim-type and disputed rows of a real article, scored both ways."""
    seen: list[tuple[LinearScorer, list[dict[str, float]], np.ndarray]] = []
    score = LinearScorer.predict_proba

    def spy(self: LinearScorer, rows: list[dict[str, float]]) -> np.ndarray:
        out = score(self, rows)
        seen.append((self, list(rows), out))
        return out

    monkeypatch.setattr(LinearScorer, "predict_proba", spy)
    analyzer.analyze(example_text)
    models = analyzer.extractor.models
    claim = analyzer.extractor.claims.model
    assert models is not None and claim is not None
    pipelines = {
        id(models._quote_scorer): models.quote,
        id(models._speaker_scorer): models.speaker,
        id(claim._scorer): claim.pipeline,
    }
    assert {id(s) for s, _, _ in seen} == set(pipelines)
    for scorer, rows, out in seen:
        expected = pipelines[id(scorer)].predict_proba([for_vectorizer(r) for r in rows])
        assert out.shape == expected.shape
        assert np.allclose(out, expected, rtol=0, atol=1e-9)


def test_string_values_unseen_names_and_zeros_follow_dictvectorizer() -> None:
    rows = [{"cue": "say", "n": 2.0}, {"cue": "deny", "n": 0.5}, {"cue": "eat", "n": 1}] * 4
    pipe = new_pipeline().fit(rows, [1, 1, 0] * 4)
    probe = [{"cue": "say", "n": 3}, {"cue": "unseen"}, {"n": 0.0}, {}, {"flag": True}]
    scorer = LinearScorer.from_pipeline(pipe)
    assert np.allclose(scorer.predict_proba(probe), pipe.predict_proba(probe), atol=1e-12)


def test_an_array_scores_as_its_spread_out_features() -> None:
    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(12, 5))
    rows = [{"cue_v": v, "kind": "direct" if v[0] > 0 else "indirect"} for v in vectors]
    labels = [int(v[1] > 0) for v in vectors]
    flat = [for_vectorizer(r) for r in rows]
    assert set(flat[0]) == {"cue_v0", "cue_v1", "cue_v2", "cue_v3", "cue_v4", "kind"}
    binary = new_pipeline().fit(flat, labels)
    three = new_pipeline().fit(flat, [int(v[1] > 0) + int(v[2] > 0) for v in vectors])
    for pipe in (binary, three):
        scorer = LinearScorer.from_pipeline(pipe)
        assert np.allclose(scorer.predict_proba(rows), pipe.predict_proba(flat), atol=1e-12)


def test_a_value_dictvectorizer_would_read_differently_is_refused() -> None:
    pipe = new_pipeline().fit([{"a": 1.0}, {"a": 0.0}], [1, 0])
    with pytest.raises(TypeError, match="'tags'"):
        LinearScorer.from_pipeline(pipe).predict_proba([{"tags": ["x", "y"]}])  # type: ignore[list-item]


def test_context_sentence_lookup_agrees_with_the_parse(
    analyzer: Analyzer, example_text: str
) -> None:
    """The feature code asks the context for sentences; it must answer as `Token.sent`."""
    doc = analyzer.nlp(example_text)
    ctx = analyzer.extractor.context(doc)
    assert len(list(doc.sents)) > 3
    for tok in doc:
        assert (ctx.sent(tok).start, ctx.sent(tok).end) == (tok.sent.start, tok.sent.end)


def test_context_quote_lookup_agrees_with_the_quote_index(
    analyzer: Analyzer, example_text: str
) -> None:
    doc = analyzer.nlp(example_text)
    ctx = analyzer.extractor.context(doc)
    quoted = [t for t in doc if ctx.in_quote(t)]
    assert quoted and len(quoted) < len(doc)
    for tok in doc:
        assert ctx.in_quote(tok) == bool(ctx.quote_index.overlapping(tok.idx, tok.idx + 1))
