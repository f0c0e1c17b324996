"""Cue words the span tagger learnt that the cue lexicon lacks, for a person to review.

    python benchmarks/tagger_cues.py [--models DIR] [--min-weight 1.0] [TEXTS.jsonl ...]

Reads the CRF model (`tagger.crfsuite` in the models folder) and lists the lemmas it
weighs as starting a cue that `rules/cues.toml` does not list, heaviest first. Given
JSONL files of articles (`{"id", "text"}` lines), it also tags them and counts the cue
spans it finds whose words the lexicon lacks (noun and phrase cues such as `allegations
of`, `called on`), most frequent first. Nothing is added to `rules/`: a person decides,
and gives each word its class there.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from attribution import Analyzer
from attribution.extract import crf
from attribution.learn.tagger import TAGGER_FILE, learned_cues
from attribution.resources import bundled_models_dir


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("texts", nargs="*", type=Path, help="JSONL articles to tag")
    ap.add_argument("--models", type=Path, default=bundled_models_dir())
    ap.add_argument("--min-weight", type=float, default=1.0)
    ap.add_argument("--top", type=int, default=60)
    args = ap.parse_args()
    analyzer = Analyzer(use_model=False)
    rules = analyzer.rules
    path = args.models / TAGGER_FILE
    print(f"Lemmas {path} weighs as a cue's start (B-CUE >= {args.min_weight}), not in cues.toml:")
    for lemma, weight in learned_cues(path, rules.cue_class, min_weight=args.min_weight)[
        : args.top
    ]:
        print(f"  {weight:7.3f}  {lemma}")
    if not args.texts:
        return
    tagger = crf.SpanTagger(path)
    found: Counter[str] = Counter()
    for file in args.texts:
        with file.open(encoding="utf-8") as handle:
            texts = [json.loads(line)["text"] for line in handle if line.strip()]
        for doc in analyzer.nlp.pipe(texts, batch_size=16):
            ctx = analyzer.extractor.context(doc)
            tagging = tagger.tag(ctx)
            for lo, hi in tagging.sequences:
                for a, b in crf.spans(tagging.labels, lo, hi, crf.CUE):
                    words = doc[a:b]
                    if not any(rules.cue_class(t.lemma_) for t in words):
                        found[" ".join(t.lemma_.lower() for t in words)] += 1
    print(f"\nCue spans the tagger found in {len(args.texts)} file(s) with no lexicon word:")
    for phrase, n in found.most_common(args.top):
        print(f"  {n:5d}  {phrase}")


if __name__ == "__main__":
    main()
