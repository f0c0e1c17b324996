"""Nesting overlapping spans into markup tokens (attribution/report/highlight.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from attribution.report.highlight import Mark, Token, merge_marks, tokens


def _text_of(toks: list[Token]) -> str:
    return "".join(t.text for t in toks if t.kind == "text")


def _check_nesting(toks: list[Token]) -> None:
    stack: list[Mark] = []
    for t in toks:
        if t.kind == "open":
            assert t.mark is not None
            stack.append(t.mark)
        elif t.kind == "close":
            assert stack and stack[-1] == t.mark, "closed a mark that is not the innermost"
            stack.pop()
    assert stack == []


def _covered(toks: list[Token], mark_kind: str, quote_id: int) -> str:
    """The text inside the marks of one kind and quote, in order."""
    depth = 0
    out = []
    for t in toks:
        if (
            t.kind == "open"
            and t.mark
            and t.mark.kind == mark_kind
            and quote_id in t.mark.quote_ids
        ):
            depth += 1
        elif t.kind == "close" and t.mark and t.mark.kind == mark_kind:
            if quote_id in t.mark.quote_ids:
                depth -= 1
        elif t.kind == "text" and depth:
            out.append(t.text)
    return "".join(out)


def test_nested_quote_with_a_mention_inside_stays_well_formed() -> None:
    text = "He said the workers got bonuses and called the walkout reckless."
    outer = Mark(8, 64, "quote", (0,), "s1")
    inner = Mark(35, 64, "quote", (1,), "s2")
    mention = Mark(8, 19, "speaker", (1,), "s2")
    cue = Mark(3, 7, "cue", (0,), "s1")
    toks = tokens(text, [outer, inner, mention, cue], refs=[(64, 0), (64, 1)])
    _check_nesting(toks)
    assert _text_of(toks) == text
    assert _covered(toks, "quote", 0) == text[8:64]
    assert _covered(toks, "quote", 1) == text[35:64]
    assert _covered(toks, "speaker", 1) == "the workers"
    assert [t.quote_id for t in toks if t.kind == "ref"] == [0, 1]
    # the outer quote opens first, the inner one inside it
    opens = [t.mark for t in toks if t.kind == "open"]
    assert opens.index(outer) < opens.index(inner)


def test_partial_overlap_splits_the_later_mark_and_marks_only_the_first_piece() -> None:
    text = "abcdefghijklmnop"
    a = Mark(0, 10, "quote", (0,))
    b = Mark(5, 15, "quote", (1,))
    toks = tokens(text, [a, b])
    _check_nesting(toks)
    assert _covered(toks, "quote", 1) == text[5:15]
    pieces = [t for t in toks if t.kind == "open" and t.mark == b]
    assert len(pieces) == 2 and [p.first for p in pieces] == [True, False]


def test_fragments_of_one_quote_anchor_once_and_refs_follow_the_closing_tag() -> None:
    text = "“Nobody wants a strike,” Okafor said. “But rent is due.”"
    frags = [Mark(0, 24, "quote", (0,)), Mark(38, 56, "quote", (0,))]
    toks = tokens(text, frags, refs=[(56, 0)])
    firsts = [t.first for t in toks if t.kind == "open"]
    assert firsts == [True, False]
    assert toks[-1].kind == "ref" and toks[-2].kind == "close"


def test_shared_mentions_are_merged_and_empty_or_outside_spans_are_harmless() -> None:
    merged = merge_marks(
        [
            Mark(0, 4, "speaker", (1,), "s1"),
            Mark(0, 4, "speaker", (2,), "s1"),
            Mark(3, 3, "cue", (1,)),
        ]
    )
    assert merged == [Mark(0, 4, "speaker", (1, 2), "s1")]
    toks = tokens("short", [Mark(2, 99, "quote", (0,)), Mark(-5, 1, "cue", (0,))], [(99, 0)])
    _check_nesting(toks)
    assert _text_of(toks) == "short"
    assert _covered(toks, "quote", 0) == "ort"


@given(
    st.text(min_size=1, max_size=40),
    st.lists(
        st.tuples(
            st.integers(0, 40),
            st.integers(0, 40),
            st.sampled_from(["quote", "cue", "speaker"]),
            st.integers(0, 4),
        ),
        max_size=12,
    ),
)
def test_any_spans_give_well_formed_markup_over_the_whole_text(
    text: str, spans: list[tuple[int, int, str, int]]
) -> None:
    marks = [Mark(min(a, b), max(a, b), kind, (q,)) for a, b, kind, q in spans]  # type: ignore[arg-type]
    toks = tokens(text, marks, refs=[(m.end, m.quote_ids[0]) for m in marks])
    _check_nesting(toks)
    assert _text_of(toks) == text
    for m in marks:
        if m.kind == "quote" and m.start < min(m.end, len(text)):
            # every character of the quote is inside a mark of that quote
            assert text[m.start : min(m.end, len(text))] in _covered(toks, "quote", m.quote_ids[0])
