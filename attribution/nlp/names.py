"""Person names as words: the generational suffix (`Jr.`, `III`) that is not part of a
surname. Plain Python, so evaluation can compare names without loading spaCy; the
suffixes are the `[suffixes]` of `rules/names.toml`."""

from __future__ import annotations

from collections.abc import Collection


def without_suffix(words: list[str], suffixes: Collection[str]) -> list[str]:
    """A name (lowercase words) without a generational suffix, so that the surname comes
    last (`john g. roberts jr.`)."""
    while len(words) > 1 and words[-1].rstrip(".") in suffixes:
        words = words[:-1]
    return words
