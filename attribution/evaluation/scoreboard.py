"""Evaluation figures as a plain-text table, Markdown or an HTML page, with a glossary
of what each figure means and the errors listed.

Systems sit side by side in columns, one metric per row, so a reader compares them on
the same data at a glance. In Markdown and HTML each error names its article with a
link (the caller says where each article's report page is); article text is data,
escaped in both.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from attribution.evaluation.gold import GoldDoc, GoldQuote
from attribution.evaluation.metrics import DocScore
from attribution.resources import bundled_dir
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


GLOSSARY: list[tuple[str, str]] = [
    (
        "documents (failed)",
        "the articles scored; failed: those the system gave an error for, scored as "
        "finding nothing.",
    ),
    (
        "P / R / F1",
        "precision: the share of the system's answers that are right; recall: the share of "
        "the gold answers it found; F1: their harmonic mean. In brackets, a 95% interval "
        "from resampling the documents.",
    ),
    (
        "exact / overlap",
        "how a system quote is matched to a gold quote: exact when both hold the same "
        "words; overlap when they share at least half their words (Jaccard 0.5 or more), "
        "each gold quote matched once.",
    ),
    (
        "speaker, strict",
        "on overlap-matched quotes: the speaker found is the words the gold marks as the "
        "speaker (they overlap), or neither has one.",
    ),
    (
        "speaker, resolved",
        "on overlap-matched quotes whose gold speaker is a name: the name the system "
        "resolved names the same person ('Clinton' names 'Hillary Clinton', 'Bill Clinton' "
        "does not), even when the mention was a pronoun.",
    ),
    ("cue", "on matched quotes whose gold has one: the reporting word ('said') is found."),
    (
        "end to end",
        "a quote counts when it is overlap-matched and its speaker is right (strict): the "
        "figure closest to what a reader of the output meets. direct+mixed: quotes in "
        "quotation marks only.",
    ),
    ("recall, direct / indirect / mixed", "recall of the gold quotes of each kind."),
    (
        "claim type macro-F1",
        "F1 of each claim type (official statement, personal account, other) averaged "
        "with equal weight, so a rare type counts as much as a common one; on matched "
        "quotes whose gold has a claim type.",
    ),
    (
        "disputed",
        "P / R / F1 of the flag saying the article contests the quote, on matched quotes "
        "whose gold says whether it is disputed.",
    ),
]
"""What each figure means, in words: `evaluate --explain` and the HTML scoreboard."""

CLAIMS_HINT = (
    "no claim-type or disputed labels in the gold, so no claim scores: add --labels "
    "LABELS.jsonl (ids, offsets and labels laid over the gold; e.g. "
    "benchmarks/labels/polnear-dev-claims.jsonl for PolNeAR dev)"
)


def has_claims(results: Mapping[str, Summary]) -> bool:
    """Whether any system was scored on claim types or disputed flags."""
    return any("claim_type" in s or "disputed" in s for s in results.values())


def glossary() -> str:
    """The glossary as plain text, a term then its meaning, indented."""
    out = ["What the figures mean:"]
    for term, meaning in GLOSSARY:
        out.append(f"  {term}")
        out += [f"      {line}" for line in _wrap(meaning, 80)]
    return "\n".join(out) + "\n"


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _rows(results: Mapping[str, Summary]) -> list[tuple[str, list[str]]]:
    rows = ROWS[:]
    if has_claims(results):
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


@dataclass(frozen=True)
class Side:
    """One side of an error case: the gold quote or the system's, in its context."""

    who: str
    detail: str
    before: str
    quote: str
    after: str


@dataclass(frozen=True)
class Case:
    """One error: the article it is in and its sides (one, or gold and system)."""

    doc_id: str
    sides: tuple[Side, ...]


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _side(who: str, detail: str, text: str, start: int, end: int) -> Side:
    before = _squash(text[max(0, start - CONTEXT) : start])
    after = _squash(text[end : end + CONTEXT])
    return Side(who, detail, before, _squash(text[start:end]), after)


def _gold_side(text: str, g: GoldQuote) -> Side:
    who = g.speaker_text or "no speaker"
    return _side("gold", f"{g.kind or '?'}, speaker: {who}", text, g.start, g.end)


def _system_side(text: str, a: Attribution) -> Side:
    who = f"{a.speaker.text} = {a.speaker.name}" if a.speaker else "no speaker"
    q = a.quote
    detail = f"{q.kind}, {a.rule_id}, {a.confidence:.2f}, speaker: {who}"
    return _side("system", detail, text, q.start, q.end)


def error_cases(gold: Sequence[GoldDoc], scores: Sequence[DocScore]) -> dict[str, list[Case]]:
    """Every missed, spurious and wrong-speaker case, in document order."""
    texts = {g.id: g.text for g in gold}
    out: dict[str, list[Case]] = {"missed": [], "spurious": [], "wrong speaker": []}
    for s in scores:
        text = texts[s.id]
        out["missed"] += [Case(s.id, (_gold_side(text, g),)) for g in s.missed]
        out["spurious"] += [Case(s.id, (_system_side(text, a),)) for a in s.spurious]
        out["wrong speaker"] += [
            Case(s.id, (_gold_side(text, g), _system_side(text, a))) for g, a in s.wrong_speaker
        ]
    return out


def _plain(side: Side) -> str:
    body = " ".join(f"…{side.before}[[{side.quote}]]{side.after}…".split())
    return f"  {side.who} ({side.detail}): {body}"


def errors(gold: Sequence[GoldDoc], scores: Sequence[DocScore], n: int) -> str:
    """Up to `n` missed, `n` spurious and `n` wrong-speaker cases, with their context."""
    out = []
    for title, items in error_cases(gold, scores).items():
        out.append(f"== {title}: {len(items)} in all, first {min(n, len(items))}")
        out += ["\n".join([f"[{c.doc_id}]", *(_plain(x) for x in c.sides)]) for c in items[:n]]
    return "\n".join(out) + "\n"


def _gold_json(g: GoldQuote) -> dict[str, Any]:
    return {"start": g.start, "end": g.end, "kind": g.kind, "speaker": g.speaker_text}


def _system_json(a: Attribution) -> dict[str, Any]:
    q = a.quote
    speaker = a.speaker.text if a.speaker else None
    name = a.speaker.name if a.speaker else None
    return {
        "start": q.start,
        "end": q.end,
        "kind": q.kind,
        "rule_id": a.rule_id,
        "confidence": round(a.confidence, 4),
        "speaker": speaker,
        "speaker_name": name,
    }


def errors_json(scores: Sequence[DocScore], n: int) -> dict[str, Any]:
    """The error lists as data for `--format json`: each list's total and its first `n`
    cases, with character offsets into the article, so a script can read them back
    without parsing the text report."""

    def listed(items: list[dict[str, Any]]) -> dict[str, Any]:
        return {"total": len(items), "cases": items[:n]}

    missed = [{"id": s.id, "gold": _gold_json(g)} for s in scores for g in s.missed]
    spurious = [{"id": s.id, "system": _system_json(a)} for s in scores for a in s.spurious]
    wrong = [
        {"id": s.id, "gold": _gold_json(g), "system": _system_json(a)}
        for s in scores
        for g, a in s.wrong_speaker
    ]
    return {"missed": listed(missed), "spurious": listed(spurious), "wrong speaker": listed(wrong)}


Link = Callable[[str], str | None]
"""Where an article's report page is (a relative or absolute URL), or None: no page."""

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#])")


def md_text(text: str) -> str:
    """Text that Markdown shows as written: its markup characters backslash-escaped, so
    an article's `<script>` or `**` stays text."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def _md_url(url: str) -> str:
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C")


def markdown_errors(
    gold: Sequence[GoldDoc], scores: Sequence[DocScore], n: int, link: Link, system: str
) -> str:
    """The error lists in Markdown, each case's article linked to its report page."""
    out = [f"## Errors of {md_text(system)}", ""]
    for title, items in error_cases(gold, scores).items():
        out += [f"### {title.capitalize()}: {len(items)} in all, first {min(n, len(items))}", ""]
        for case in items[:n]:
            href = link(case.doc_id)
            name = md_text(case.doc_id)
            out.append(f"- [{name}]({_md_url(href)})" if href else f"- {name}")
            for x in case.sides:
                before, after = md_text(x.before.lstrip()), md_text(x.after.rstrip())
                quote = f"…{before}**{md_text(x.quote.strip())}**{after}…"
                out.append(f"  - {x.who} ({md_text(x.detail)}): {quote}")
        out.append("")
    return "\n".join(out)


def markdown_glossary() -> str:
    """The glossary as a Markdown list."""
    lines = ["## What the figures mean", ""]
    lines += [f"- **{md_text(term)}**: {md_text(meaning)}" for term, meaning in GLOSSARY]
    return "\n".join(lines) + "\n"


def html(
    results: Mapping[str, Summary],
    *,
    gold: Sequence[GoldDoc] = (),
    scores: Sequence[DocScore] = (),
    n: int = 0,
    link: Link = lambda _: None,
    title: str = "Evaluation",
) -> str:
    """The scoreboard as one self-contained HTML page: the table, the glossary, and up
    to `n` cases of each error kind of the first system, linked to their report pages.
    Rendered by Jinja2 with autoescaping, so no article text can become markup."""
    cases = {k: v[:n] for k, v in error_cases(gold, scores).items()} if n else {}
    totals = {k: len(v) for k, v in error_cases(gold, scores).items()} if n else {}
    return (
        _environment()
        .get_template("scoreboard.html.j2")
        .render(
            title=title,
            systems=list(results),
            rows=_rows(results),
            glossary=GLOSSARY,
            hint=None if has_claims(results) else CLAIMS_HINT,
            cases=cases,
            totals=totals,
            first=next(iter(results), ""),
            link=link,
        )
    )


def _environment() -> Environment:
    folder = bundled_dir("reports", "scoreboard.html.j2")
    if folder is None:
        raise FileNotFoundError("the bundled scoreboard template is missing; reinstall")
    return Environment(
        loader=FileSystemLoader(str(folder)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
