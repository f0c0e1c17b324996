"""Speed-ups that must not change a result: weight scoring and sentence lookups."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sklearn.pipeline import Pipeline
from spacy.attrs import LOWER, POS

from attribution import Analyzer
from attribution.claims.facts import FactFinder
from attribution.extract import candidates
from attribution.extract.features import (
    for_vectorizer,
    quote_features,
    speaker_candidates,
    speaker_features,
    speaker_options,
    speaker_rows,
)
from attribution.extract.syntax import token_mask
from attribution.learn.pipelines import new_claim_pipeline, new_pipeline, to_linear_model
from attribution.weights.scorer import LinearScorer, softmax
from attribution.weights.store import ModelSpec, PipelineId, read_model, write_model

SMALL = PipelineId("en_core_web_sm", "3.8.0")


def stored(pipe: Pipeline, folder: Path | None = None) -> LinearScorer:
    """The scorer of a fitted pipeline as the analyzer gets it: converted with every
    weight as fitted and, given a folder, written to a model file and read back."""
    classes = tuple(c.item() for c in pipe.classes_)
    model = to_linear_model(
        pipe,
        name="probe",
        feature_version=1,
        pipeline=SMALL,
        decision={},
        min_weight=0.0,
        digits=None,
    )
    if folder is not None:
        spec = ModelSpec("probe", "probe model", 1, classes, (), "attribution train")
        model = read_model(write_model(model, folder), spec, SMALL)
    return model.scorer()


def test_stored_weights_give_the_pipelines_probabilities_on_an_article(
    analyzer: Analyzer, example_text: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Quote, speaker and claim-type rows of a real article (strings, numbers, arrays):
    a pipeline fitted on them and its stored model file score them alike."""
    seen: dict[int, list[dict[str, Any]]] = {}
    score = LinearScorer.predict_proba

    def spy(self: LinearScorer, rows: list[dict[str, Any]]) -> np.ndarray:
        seen.setdefault(id(self), []).extend(rows)
        return score(self, rows)

    monkeypatch.setattr(LinearScorer, "predict_proba", spy)
    analyzer.analyze(example_text)
    models, claim = analyzer.extractor.models, analyzer.extractor.claims.model
    assert models is not None and claim is not None
    quote_rows = seen[id(models._quote_scorer)]
    speaker_rows = seen[id(models._speaker_scorer)]
    claim_rows = seen[id(claim._scorer)]
    assert len(seen) == 3 and min(map(len, (quote_rows, speaker_rows, claim_rows))) >= 3
    assert any(isinstance(v, np.ndarray) for r in quote_rows for v in r.values())
    labels = ("official_statement", "other", "personal_account")
    for kind, rows, pipe in (
        ("quote", quote_rows, new_pipeline()),
        ("speaker", speaker_rows, new_pipeline()),
        ("claim_type", claim_rows, new_claim_pipeline(1.0)),
    ):
        flat = [for_vectorizer(r) for r in rows]
        y = (
            [labels[i % 3] for i in range(len(rows))]
            if rows is claim_rows
            else [i % 2 for i in range(len(rows))]
        )
        pipe.fit(flat, y)
        expected = pipe.predict_proba(flat)
        for scorer in (stored(pipe), stored(pipe, tmp_path / kind)):
            out = scorer.predict_proba(rows)
            assert out.shape == expected.shape
            assert np.allclose(out, expected, rtol=0, atol=1e-9)


def test_string_values_unseen_names_and_zeros_follow_dictvectorizer() -> None:
    rows = [{"cue": "say", "n": 2.0}, {"cue": "deny", "n": 0.5}, {"cue": "eat", "n": 1}] * 4
    pipe = new_pipeline().fit(rows, [1, 1, 0] * 4)
    probe = [{"cue": "say", "n": 3}, {"cue": "unseen"}, {"n": 0.0}, {}, {"flag": True}]
    assert np.allclose(stored(pipe).predict_proba(probe), pipe.predict_proba(probe), atol=1e-12)


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
        assert np.allclose(stored(pipe).predict_proba(rows), pipe.predict_proba(flat), atol=1e-12)


def test_binary_scores_are_each_rows_own_sum_to_the_bit() -> None:
    """Each score is the sum of its own row's terms in the row's order, to the bit
    (floating-point sums depend on the order, and the output is compared byte for byte),
    on rows of any length with strings, arrays, booleans, unseen names or no features."""
    weights: dict[str, Any] = {f"w{i}": 10.0 ** (i % 5 - 3) * (-1) ** i for i in range(40)}
    weights |= {"cue=say": 0.7, "cue=deny": -1.3, "flag": 0.25, "v0": 0.1, "v1": -2.0}
    scorer = LinearScorer((0, 1), np.array([-0.4]), weights)
    rng = np.random.default_rng(3)
    rows: list[dict[str, Any]] = [{}, {"unseen": 2.0}, {"flag": True, "cue": "nope"}]
    for size in (1, 5, 17, 40):
        for _ in range(3):
            row: dict[str, Any] = {f"w{i}": float(rng.normal()) for i in rng.permutation(40)[:size]}
            row |= {"cue": "say" if size % 2 else "deny", "v": rng.normal(size=2), "n": 3}
            rows.append(row)
    expected = []
    for row in rows:
        total = 0.0
        for key, value in row.items():
            if isinstance(value, np.ndarray):
                total += float(value @ np.array([weights["v0"], weights["v1"]]))
            elif isinstance(value, str):
                total += weights.get(f"{key}={value}", 0.0)
            else:
                total += weights.get(key, 0.0) * float(value)
        expected.append(-0.4 + total)
    scores = 1.0 / (1.0 + np.exp(-np.array(expected)))
    assert scorer.predict_proba(rows)[:, 1].tolist() == scores.tolist()
    assert scorer.predict_proba([]).shape == (0, 2)


def test_three_class_scores_are_each_rows_own_sum_to_the_bit() -> None:
    """With more classes, too: ints, floats, strings and arrays, each row's terms added
    in the row's order."""
    rng = np.random.default_rng(5)
    weights: dict[str, Any] = {f"w{i}": rng.normal(size=3) * 10.0 ** (i % 4) for i in range(30)}
    weights |= {"cue=say": rng.normal(size=3), "v0": rng.normal(size=3), "v1": rng.normal(size=3)}
    intercept = rng.normal(size=3)
    scorer = LinearScorer(("a", "b", "c"), intercept, weights)
    rows: list[dict[str, Any]] = [{}, {"unseen": 1}, {"cue": "say", "flag": True}]
    for size in (2, 9, 30):
        row: dict[str, Any] = {f"w{i}": float(rng.normal()) for i in rng.permutation(30)[:size]}
        rows.append(row | {"n": 2, "w0": 1, "cue": "say", "v": rng.normal(size=2)})
    expected = []
    for row in rows:
        z = intercept.copy()
        for key, value in row.items():
            if isinstance(value, np.ndarray):
                z += value @ np.array([weights["v0"], weights["v1"]])
            elif isinstance(value, str):
                z += weights.get(f"{key}={value}", 0.0)
            else:
                z += weights.get(key, np.zeros(3)) * float(value)
        expected.append(z)
    assert scorer.predict_proba(rows).tolist() == softmax(np.array(expected)).tolist()


def test_rounded_stored_weights_stay_within_a_rounding_error(tmp_path: Path) -> None:
    """What `attribution train` saves: weights rounded to 6 digits, tiny ones dropped."""
    rows = [{"lemma": "say", "words": 3.0}, {"lemma": "eat", "words": 1.0}] * 8
    pipe = new_pipeline().fit(rows, [1, 0] * 8)
    spec = ModelSpec("quote", "quote classifier", 1, (0, 1), ("threshold",), "attribution train")
    model = to_linear_model(
        pipe, name="quote", feature_version=1, pipeline=SMALL, decision={"threshold": 0.5}
    )
    scorer = read_model(write_model(model, tmp_path), spec, SMALL).scorer()
    probe = [{"lemma": "say", "words": 4.0}, {"lemma": "eat"}, {"unseen": "x"}]
    assert np.allclose(scorer.predict_proba(probe), pipe.predict_proba(probe), rtol=0, atol=1e-5)


def test_a_value_dictvectorizer_would_read_differently_is_refused() -> None:
    pipe = new_pipeline().fit([{"a": 1.0}, {"a": 0.0}], [1, 0])
    with pytest.raises(TypeError, match="'tags'"):
        stored(pipe).predict_proba([{"tags": ["x", "y"]}])


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


def test_context_paragraph_and_heading_of_each_token_agree_with_the_offsets(
    analyzer: Analyzer,
) -> None:
    """`paragraph_at` and `heading_at` answer for every token at once what `paragraph_of`
    and `in_heading` answer of its first character."""
    text = (
        "LAGOS, Nigeria (AP) — The harbour pilots stopped work on Monday.\n\n"
        "HARBOUR NEWS The port authority said the strike would end soon.\n\n"
        '"We are not moving," said Ada Eze, a pilot.'
    )
    doc = analyzer.nlp(text)
    ctx = analyzer.extractor.context(doc)
    assert ctx.paragraph_at == [ctx.paragraph_of(t.idx) for t in doc]
    assert ctx.heading_at == [ctx.in_heading(t.idx) for t in doc]
    assert ctx.paragraph_at[-1] == 2
    heading = [t.text for t in doc if ctx.heading_at[t.i]]
    assert "LAGOS" in heading and "HARBOUR" in heading and "port" not in heading


def test_token_mask_marks_the_tokens_with_one_of_the_values(analyzer: Analyzer) -> None:
    doc = analyzer.nlp("The mayor said the bridge will open, and the council agreed.")
    verbs = token_mask(doc, POS, ("VERB", "AUX"))
    assert verbs.tolist() == [t.pos_ in ("VERB", "AUX") for t in doc]
    assert [t.text for t in doc if verbs[t.i]] == ["said", "will", "open", "agreed"]
    assert token_mask(doc, LOWER, ("the",)).sum() == 3
    assert not token_mask(doc, LOWER, ()).any()


def test_quote_features_read_once_per_cue_are_each_candidates_own_in_order(
    analyzer: Analyzer,
) -> None:
    """The cue's own features are kept per cue; every candidate of the cue still gets
    the same features, in the same order (the scorer sums them in that order), as a
    context that never saw the cue gives it."""
    text = (
        "The mayor said on Monday that the bridge would open in May, and the council "
        "warned residents about the traffic. She told reporters the plan was final."
    )
    doc = analyzer.nlp(text)
    ctx = analyzer.extractor.context(doc)
    cands = candidates.propose(ctx, broad=True)
    heads = [c.cue_head for c in cands if c.cue_head is not None]
    assert any(heads.count(h) > 1 for h in heads)
    shared = [quote_features(ctx, c) for c in cands]
    assert ctx.cue_parts
    for cand, got in zip(cands, shared, strict=True):
        alone = quote_features(analyzer.extractor.context(doc), cand)
        assert list(got) == list(alone)
        for key, value in got.items():
            assert np.array_equal(value, alone[key]), key


def test_speaker_options_and_rows_by_index_are_the_tokens_features_in_order(
    analyzer: Analyzer,
) -> None:
    """The speaker ranker reads mentions by token index: the same mentions, found the
    same way, as `speaker_candidates` gives as tokens (with and without a previous
    speaker), and for each the same features in the same order as `speaker_features`."""
    text = (
        'Police chief Dana Whitfield said the road was closed. "We will reopen it soon," '
        "she added. The council, which met on Monday, warned residents about the traffic."
    )
    doc = analyzer.nlp(text)
    ctx = analyzer.extractor.context(doc)
    cands = candidates.propose(ctx, broad=True)
    assert len(cands) >= 3
    seen = 0
    for cand in cands:
        for previous in (None, doc[3]):
            tokens = speaker_candidates(ctx, cand, previous)
            options = speaker_options(ctx, cand, None if previous is None else previous.i)
            assert [(tok.i, how) for tok, how in tokens] == options
            rows = speaker_rows(ctx, cand, options)
            for (tok, how), row in zip(tokens, rows, strict=True):
                alone = speaker_features(analyzer.extractor.context(doc), cand, tok, how)
                assert list(row.items()) == list(alone.items())
                seen += 1
    assert seen >= 10


def test_role_words_read_once_per_token_as_a_fresh_reading_gives_them(
    analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A speaker's role words are read once per token and article: the quote after the
    first, which the same mention speaks, asks again and gets what a fresh reading
    gives, without a second reading."""
    text = (
        'Police chief Dana Whitfield said the road was closed. "We will reopen it soon," '
        'she added. "Nobody was hurt," Whitfield told reporters on Tuesday.'
    )
    doc = analyzer.nlp(text)
    tagger = analyzer.extractor.claims
    matches = tagger.matcher(doc, list(doc.sents))
    finder = FactFinder(doc, tagger.rules, matches)
    reads: list[int] = []
    read = FactFinder._read_role_words

    def counted(self: FactFinder, tok: int) -> dict[str, str]:
        reads.append(tok)
        return read(self, tok)

    monkeypatch.setattr(FactFinder, "_read_role_words", counted)
    heads = [t for t in doc if t.text in ("Whitfield", "she")]
    first = [finder._role_words(t.i) for t in heads]
    again = [finder._role_words(t.i) for t in heads]
    assert again == first and sorted(reads) == sorted(t.i for t in heads)
    fresh = FactFinder(doc, tagger.rules, matches)
    assert [fresh._role_words(t.i) for t in heads] == first
    assert any(first), "the role noun before the name is read"
