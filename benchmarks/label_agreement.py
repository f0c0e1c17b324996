"""How far two labellers agree on claim types and disputes.

    python benchmarks/label_agreement.py REFERENCE.jsonl OTHER.jsonl

(for instance two labellers' files, or a label file before and after a re-audit:
`git show REV:benchmarks/labels/polnear-dev-claims.jsonl > old.jsonl`).

Both files are label files of the shape `attribution evaluate --labels` reads (ids,
content offsets, labels). Attributions labelled in both (same article, same offsets) are
compared, the first file taken as the reference: the disputed flag as precision, recall,
F1 and Cohen's kappa, the claim type as per-label F1, macro-F1 and accuracy. This is the
ceiling to read the system's figures against: a system cannot be expected to agree with
one labeller more than a second labeller does.

With `--reference-gold`, the reference is a gold JSONL whose quotes carry their own
labels, such as FactAppeal's mapped claim types:

    python benchmarks/label_agreement.py --reference-gold \
        ../shared/datasets/factappeal/val.jsonl benchmarks/labels/factappeal-val-guideline.jsonl
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sklearn.metrics import cohen_kappa_score, f1_score, precision_recall_fscore_support

from attribution.evaluation.gold import GoldError, read_gold_jsonl
from attribution.evaluation.labels import ClaimLabel, read_labels
from attribution.schema import CLAIM_TYPES


def gold_labels(path: Path) -> dict[str, list[ClaimLabel]]:
    """The labels a gold JSONL's quotes carry themselves, in the label files' shape."""
    return {
        doc.id: [
            ClaimLabel(q.start, q.end, q.claim_type, q.disputed, None, n)
            for q in doc.quotes
            if q.claim_type or q.disputed is not None
        ]
        for n, doc in enumerate(read_gold_jsonl(path), start=1)
    }


def paired(a: Path, b: Path, gold: bool = False) -> list[tuple[ClaimLabel, ClaimLabel]]:
    """The labels of attributions both files label, reference first (`gold`: the
    reference is a gold JSONL labelled in its own quotes)."""
    first, second = gold_labels(a) if gold else read_labels(a), read_labels(b)
    out = []
    for doc_id, labels in first.items():
        other = {(lab.start, lab.end): lab for lab in second.get(doc_id, [])}
        out += [
            (lab, other[(lab.start, lab.end)]) for lab in labels if (lab.start, lab.end) in other
        ]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reference", type=Path)
    parser.add_argument("second", type=Path)
    parser.add_argument(
        "--reference-gold",
        action="store_true",
        help="the reference is a gold JSONL whose quotes carry their own labels",
    )
    args = parser.parse_args(argv)
    try:
        pairs = paired(args.reference, args.second, args.reference_gold)
    except (GoldError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not pairs:
        print("error: the two files label no attribution in common", file=sys.stderr)
        return 2
    disputes = [
        (a.disputed, b.disputed)
        for a, b in pairs
        if a.disputed is not None and b.disputed is not None
    ]
    types = [(a.claim_type, b.claim_type) for a, b in pairs if a.claim_type and b.claim_type]
    print(f"attributions labelled in both files: {len(pairs)}")
    if disputes:
        ref, sec = [bool(x) for x, _ in disputes], [bool(y) for _, y in disputes]
        p, r, f, _ = precision_recall_fscore_support(ref, sec, average="binary", zero_division=0)
        kappa = cohen_kappa_score(ref, sec)
        print(
            f"disputed (n={len(disputes)}, {sum(ref)} in the reference): "
            f"P {p:.3f} R {r:.3f} F1 {f:.3f}, kappa {kappa:.3f}"
        )
    if types:
        ref_t, sec_t = [x for x, _ in types], [y for _, y in types]
        per = f1_score(ref_t, sec_t, labels=list(CLAIM_TYPES), average=None, zero_division=0)
        macro = f1_score(ref_t, sec_t, labels=list(CLAIM_TYPES), average="macro", zero_division=0)
        agree = sum(x == y for x, y in types) / len(types)
        print(f"claim type (n={len(types)}): macro-F1 {macro:.3f}, accuracy {agree:.3f}")
        for name, value in zip(CLAIM_TYPES, per, strict=True):
            print(
                f"  {name}: F1 {value:.3f} "
                f"(reference {ref_t.count(name)}, second {sec_t.count(name)})"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
