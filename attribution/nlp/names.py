"""Person names as words: the generational suffix (`Jr.`, `III`) that is not part of a
surname. Plain Python, so evaluation can compare names without loading spaCy."""

from __future__ import annotations

NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


def without_suffix(words: list[str]) -> list[str]:
    """A name (lowercase words) without a generational suffix, so that the surname comes
    last (`john g. roberts jr.`)."""
    while len(words) > 1 and words[-1].rstrip(".") in NAME_SUFFIXES:
        words = words[:-1]
    return words
