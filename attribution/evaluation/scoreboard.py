"""Evaluation figures as a plain-text table, Markdown, and an error listing.

Systems sit side by side in columns, one metric per row, so a reader compares them on
the same data at a glance.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from attribution.evaluation.gold import GoldDoc, GoldQuote
from attribution.evaluation.metrics import DocScore
from attribution.schema import CLAIM_TYPES, Attribution

Summary = Mapping[str, Any]
CONTEXT = 70


def _prf(m: Mapping[str, Any] | None) -> str:
    if not m:
        return "-"
    ci = m.get("ci95")
    band = f" [{ci[0]:.2f}-{ci[1]:.2f}]" if ci else ""
    return f"{m['p']:.3f} / {m['r']:.3f} / {m['f1']:.3f}{band}"


def _acc(m: Mapping[str, Any] | None) -> str:
    if not m or not m.get("n"):
        return "-"
    return f"{m['accuracy']:.3f} ({m['correct']}/{m['n']})"


def _kind(kind: str) -> Callable[[Summary], str]:
    def cell(s: Summary) -> str:
        k = s.get("recall_by_kind", {}).get(kind)
        return "-" if not k else f"{k['recall']:.3f} ({k['found']}/{k['n']})"

    return cell


def _label(label: str) -> Callable[[Summary], str]:
    def cell(s: Summary) -> str:
        c = s.get("claim_type")
        if not c or label not in c["labels"]:
            return "-"
        m = c["labels"][label]
        return f"{m['p']:.3f} / {m['r']:.3f} / {m['f1']:.3f} (n={m['support']})"

    return cell


def _macro(s: Summary) -> str:
    c = s.get("claim_type")
    if not c:
        return "-"
    ci = c.get("ci95")
    band = f" [{ci[0]:.2f}-{ci[1]:.2f}]" if ci else ""
    return f"{c['macro_f1']:.3f}{band} (n={c['n']})"


ROWS: list[tuple[str, Callable[[Summary], str]]] = [
    ("documents (failed)", lambda s: f"{s['documents']} ({s['failed_documents']})"),
    ("quotes, exact: P / R / F1", lambda s: _prf(s.get("quotes_exact"))),
    ("quotes, overlap: P / R / F1", lambda s: _prf(s.get("quotes_overlap"))),
    ("speaker, strict: accuracy", lambda s: _acc(s.get("speaker_strict"))),
    ("speaker, resolved: accuracy", lambda s: _acc(s.get("speaker_resolved"))),
    ("  gold span whole, no stretches", lambda s: _acc(s.get("speaker_resolved_whole_span"))),
    ("cue: accuracy", lambda s: _acc(s.get("cue"))),
    ("end to end: P / R / F1", lambda s: _prf(s.get("end_to_end"))),
    ("end to end, direct+mixed: P / R / F1", lambda s: _prf(s.get("end_to_end_direct_mixed"))),
    ("recall, direct", _kind("direct")),
    ("recall, indirect", _kind("indirect")),
    ("recall, mixed", _kind("mixed")),
]
CLAIM_ROWS: list[tuple[str, Callable[[Summary], str]]] = [
    ("claim type: macro-F1", _macro),
    *[(f"  {lab}: P / R / F1", _label(lab)) for lab in CLAIM_TYPES],
    ("disputed: P / R / F1", lambda s: _prf(s.get("disputed"))),
]


def _rows(results: Mapping[str, Summary]) -> list[tuple[str, list[str]]]:
    rows = ROWS[:]
    if any("claim_type" in s or "disputed" in s for s in results.values()):
        rows += CLAIM_ROWS
    return [(name, [cell(s) for s in results.values()]) for name, cell in rows]


def table(results: Mapping[str, Summary]) -> str:
    """A fixed-width table: metrics down, systems across."""
    rows = _rows(results)
    names = list(results)
    first = max(len(r[0]) for r in rows) + 2
    widths = [max(len(n), *(len(r[1][i]) for r in rows)) + 2 for i, n in enumerate(names)]
    lines = ["".ljust(first) + "".join(n.ljust(w) for n, w in zip(names, widths, strict=True))]
    lines += [
        name.ljust(first) + "".join(c.ljust(w) for c, w in zip(cells, widths, strict=True))
        for name, cells in rows
    ]
    lines.append("P / R / F1 with a 95% bootstrap interval over documents in brackets.")
    return "\n".join(line.rstrip() for line in lines) + "\n"


def markdown(results: Mapping[str, Summary]) -> str:
    """The same table in Markdown, for the README."""
    names = list(results)
    lines = ["| metric | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    lines += [f"| {name.strip()} | " + " | ".join(cells) + " |" for name, cells in _rows(results)]
    return "\n".join(lines) + "\n"


def _context(text: str, start: int, end: int) -> str:
    left = text[max(0, start - CONTEXT) : start]
    right = text[end : end + CONTEXT]
    body = f"…{left}[[{text[start:end]}]]{right}…"
    return " ".join(body.split())


def _gold_line(text: str, g: GoldQuote) -> str:
    who = g.speaker_text or "no speaker"
    return f"  gold ({g.kind or '?'}, speaker: {who}): {_context(text, g.start, g.end)}"


def _system_line(text: str, a: Attribution) -> str:
    who = f"{a.speaker.text} = {a.speaker.name}" if a.speaker else "no speaker"
    q = a.quote
    head = f"  system ({q.kind}, {a.rule_id}, {a.confidence:.2f}, speaker: {who})"
    return f"{head}: {_context(text, q.start, q.end)}"


def errors(gold: Sequence[GoldDoc], scores: Sequence[DocScore], n: int) -> str:
    """Up to `n` missed, `n` spurious and `n` wrong-speaker cases, with their context."""
    texts = {g.id: g.text for g in gold}
    sections = {"missed": [], "spurious": [], "wrong speaker": []}  # type: dict[str, list[str]]
    for s in scores:
        text = texts[s.id]
        sections["missed"] += [f"[{s.id}]\n{_gold_line(text, g)}" for g in s.missed]
        sections["spurious"] += [f"[{s.id}]\n{_system_line(text, a)}" for a in s.spurious]
        sections["wrong speaker"] += [
            f"[{s.id}]\n{_gold_line(text, g)}\n{_system_line(text, a)}" for g, a in s.wrong_speaker
        ]
    out = []
    for title, items in sections.items():
        out.append(f"== {title}: {len(items)} in all, first {min(n, len(items))}")
        out += items[:n]
    return "\n".join(out) + "\n"
