"""Does a lexical pre-filter save parse time without changing the output? (issue 7)

    python benchmarks/prefilter.py ../shared/datasets/polnear/dev.jsonl [--repeat 2]

The experiment: paragraphs with no quotation mark, no colon and no word that could be a
reporting cue (any inflection of a cue lemma in rules/cues.toml, "according", "citing",
"per") cannot hold a quote's content or cue, so they get a lighter pass: the pipeline
without the dependency parser, sentences from spaCy's `senter`, and a flat tree per
sentence so the joined Doc keeps those sentence boundaries. Every paragraph still gets
tagged, lemmatised and NER-tagged, so names for speaker resolution are still found.

It prints how much text the filter sends to the lighter pass, the time of both runs
(best of `--repeat`, same process), how many articles' `article_to_dict` output
differs, and the gold attributions each run recovers: a gold quote is recovered when
some system quote overlaps it with word-token Jaccard >= 0.5 (content split around its
cue is the union of `labels.content_fragments`). It also reports, for each pipeline
component, how many articles change when that component is disabled: a component that
changes nothing could be disabled for free.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import time
import warnings
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy
import spacy
from spacy.attrs import DEP, HEAD
from spacy.language import Language
from spacy.tokens import Doc

from attribution import Analyzer, Article, article_to_dict
from attribution.nlp.text import paragraphs

WORD = re.compile(r"\w+")
IRREGULAR = {
    "say": ["said"],
    "tell": ["told"],
    "write": ["wrote", "written"],
    "think": ["thought"],
    "feel": ["felt"],
    "know": ["knew", "known"],
    "find": ["found"],
    "hear": ["heard"],
    "understand": ["understood"],
    "speak": ["spoke", "spoken"],
    "swear": ["swore", "sworn"],
    "sing": ["sang", "sung"],
    "go on": ["went", "gone"],
    "learn": ["learnt"],
    "show": ["shown"],
}
EXTRA_CUES = ("according", "citing", "per")


def cue_stems(lemmas: Iterable[str]) -> tuple[set[str], set[str]]:
    """Prefixes that any inflection of a cue lemma starts with, and irregular forms."""
    stems, forms = set(), set(EXTRA_CUES)
    for lemma in lemmas:
        first = lemma.split()[0]
        stems.add(first[:-1] if first.endswith(("e", "y")) and len(first) > 3 else first)
        forms.update(IRREGULAR.get(lemma, []))
    return stems, forms


class Prefilter:
    """Tells paragraphs that may hold an attribution from those that cannot."""

    def __init__(self, analyzer: Analyzer) -> None:
        rules = analyzer.rules
        self.marks = {c for p in rules.quote_pairs for c in p.open + p.close} | {":"}
        self.stems, self.forms = cue_stems(rules.cues)

    def needs_parse(self, text: str) -> bool:
        if any(c in self.marks for c in text):
            return True
        for word in WORD.findall(text.lower()):
            if word in self.forms or any(word.startswith(s) for s in self.stems):
                return True
        return False

    def segments(self, text: str) -> list[tuple[int, int, bool]]:
        """Contiguous (start, end, full) pieces covering the text, cut between paragraphs."""
        out: list[tuple[int, int, bool]] = []
        for a, b in paragraphs(text):
            full = self.needs_parse(text[a:b])
            if out and out[-1][2] == full:
                out[-1] = (out[-1][0], b, full)
            else:
                out.append((out[-1][1] if out else 0, b, full))
        if not out:
            return [(0, len(text), True)]
        out[-1] = (out[-1][0], len(text), out[-1][2])
        return out


def flat_tree(doc: Doc) -> Doc:
    """Attach each sentence's tokens to its first token, so from_docs keeps the sentences."""
    heads = numpy.zeros((len(doc), 2), dtype="uint64")
    dep, root = doc.vocab.strings.add("dep"), doc.vocab.strings.add("ROOT")
    for sent in doc.sents:
        for tok in sent:
            offset = (sent.start - tok.i) % 2**64  # from_array reads offsets as uint64
            heads[tok.i] = (offset, dep if tok.i != sent.start else root)
    doc.from_array([HEAD, DEP], heads)
    return doc


def light_pipeline(model: str, vocab: Any) -> Language:
    nlp = spacy.load(model, exclude=["parser"], vocab=vocab)
    nlp.enable_pipe("senter")
    nlp.add_pipe("attribution_paragraphs", after="senter")  # line breaks end sentences
    return nlp


def analyze_filtered(
    analyzer: Analyzer,
    light: Language,
    filt: Prefilter,
    texts: Sequence[tuple[str, str]],
    batch: int = 16,
) -> Iterator[Article]:
    """The Analyzer's output with light paragraphs parsed by the light pipeline.

    Articles go in groups of `batch`; each group's full and light pieces go through
    `nlp.pipe` and `light.pipe` in one batch each, as the Analyzer batches articles.
    """
    for i in range(0, len(texts), batch):
        group = texts[i : i + batch]
        pieces = [
            (j, text[a:b], full)
            for j, (_, text) in enumerate(group)
            for a, b, full in filt.segments(text)
        ]
        full = iter(analyzer.nlp.pipe([t for _, t, f in pieces if f], batch_size=batch))
        lite = iter(light.pipe([t for _, t, f in pieces if not f], batch_size=batch))
        parts: list[list[Doc]] = [[] for _ in group]
        for j, _, is_full in pieces:
            parts[j].append(next(full) if is_full else flat_tree(next(lite)))
        for (doc_id, text), docs in zip(group, parts, strict=True):
            doc = docs[0] if len(docs) == 1 else Doc.from_docs(docs, ensure_whitespace=False)
            found = analyzer.extractor.extract(doc)
            meta = {**analyzer.meta, "chars": len(text)}
            yield Article(doc_id, text, tuple(found), None, meta)


def token_sets(text: str, ranges: Sequence[Sequence[int]]) -> set[int]:
    return {m.start() for a, b in ranges for m in WORD.finditer(text, a, b)}


def recovered(text: str, gold: list[dict[str, Any]], system: dict[str, Any]) -> int:
    found = [token_sets(text, q["fragments"] or [[q["start"], q["end"]]]) for q in system["quotes"]]
    count = 0
    for g in gold:
        frags = (g.get("labels") or {}).get("content_fragments") or [[g["start"], g["end"]]]
        want = token_sets(text, frags)
        if want and any(len(want & s) / len(want | s) >= 0.5 for s in found):
            count += 1
    return count


def timed(run: Any) -> tuple[float, list[dict[str, Any]]]:
    start = time.perf_counter()
    out = [article_to_dict(a) for a in run()]
    return time.perf_counter() - start, out


def coverage(filt: Prefilter, texts: Sequence[tuple[str, str]]) -> str:
    """How much of the corpus the filter sends to the lighter pass."""
    paras = light = chars = light_chars = 0
    for _, text in texts:
        for a, b in paragraphs(text):
            paras, chars = paras + 1, chars + b - a
            if not filt.needs_parse(text[a:b]):
                light, light_chars = light + 1, light_chars + b - a
    return (
        f"lighter pass: {light} of {paras} paragraphs ({100 * light / paras:.1f}%), "
        f"{100 * light_chars / chars:.1f}% of the characters"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="labelled JSONL (PolNeAR dev)")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--no-components", action="store_true", help="skip the component check")
    args = parser.parse_args(argv)
    with args.path.open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    texts = [(r["id"], r["text"]) for r in records]
    analyzer = Analyzer()
    model = analyzer.nlp.meta["lang"] + "_" + analyzer.nlp.meta["name"]
    light, filt = light_pipeline(model, analyzer.nlp.vocab), Prefilter(analyzer)
    print(f"corpus: {len(texts)} articles, {sum(len(r['quotes']) for r in records)} gold quotes")
    print(coverage(filt, texts))
    runs = {
        "full parse (analyze_many)": lambda: analyzer.analyze_many(texts),
        "lexical pre-filter": lambda: analyze_filtered(analyzer, light, filt, texts),
    }
    best = {name: float("inf") for name in runs}
    outputs: dict[str, list[dict[str, Any]]] = {}
    for _ in range(args.repeat):
        for name, run in runs.items():
            secs, outputs[name] = timed(run)
            best[name] = min(best[name], secs)
    gold = sum(len(r["quotes"]) for r in records)
    print(f"{'run':<30}{'seconds':>9}{'quotes':>8}{'gold recovered':>16}")
    for name, out in outputs.items():
        found = sum(len(a["quotes"]) for a in out)
        hits = sum(recovered(r["text"], r["quotes"], a) for r, a in zip(records, out, strict=True))
        print(f"{name:<30}{best[name]:>9.2f}{found:>8}{hits:>10}/{gold}")
    base, filtered = outputs.values()
    saved = 1 - best["lexical pre-filter"] / best["full parse (analyze_many)"]
    print(f"time saved: {100 * saved:.1f}%")
    changed = sum(a != b for a, b in zip(base, filtered, strict=True))
    print(f"articles whose output differs: {changed} of {len(texts)}")
    if not args.no_components:
        components(analyzer, texts, base)
    return 0


def components(
    analyzer: Analyzer, texts: Sequence[tuple[str, str]], base: list[dict[str, Any]]
) -> None:
    """How many articles change when each component is left out of the parse.

    The parser is not tried: every cue and speaker rule reads the dependency tree, and
    the extraction crashes on a Doc without one. tok2vec feeds the tagger and parser.
    """
    nlp = analyzer.nlp
    skip = ("tok2vec", "parser", "attribution_paragraphs")
    logging.disable(logging.CRITICAL)  # articles that fail are counted, not logged
    warnings.simplefilter("ignore")
    for name in [n for n in nlp.pipe_names if n not in skip]:
        with nlp.select_pipes(disable=[name]):
            try:
                out = [article_to_dict(a) for a in analyzer.analyze_many(texts)]
                changed = sum(a != b for a, b in zip(base, out, strict=True))
                print(f"without {name}: {changed} of {len(texts)} articles change")
            except Exception as exc:
                print(f"without {name}: fails ({type(exc).__name__}: {exc})")


if __name__ == "__main__":
    sys.exit(main())
