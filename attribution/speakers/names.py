"""A speaker's name as a name: headline and epithet words cut away, and the key that
names one person or body across articles.

Plain functions over words and the rules, so the resolver and the benchmarks share them.
The words they cut come from `rules/speaker_names.toml`; the given names that tell a
name's start from `rules/names.toml`; the people a surname alone can stand for from the
`[people]` list of `rules/claims.toml`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping, Sequence

from attribution.nlp.names import without_suffix
from attribution.ruleset.loader import Rules

_KEY_WORD = re.compile(r"[\w'-]+")
_INITIAL = re.compile(r"^\w\.?$")
_ARTICLES = ("the", "a", "an")


def headline_cut(words: Sequence[str], rules: Rules) -> list[str]:
    """The words before the first capitalised headline verb after the first word
    (`Obama Says` -> `Obama`, `Trump Warns Clinton` -> `Trump`): in a title-case line a
    speech verb ends the name."""
    for i, word in enumerate(words):
        if i and word[:1].isupper() and _bare(word) in rules.names.headline_verbs:
            return list(words[:i])
    return list(words)


def without_epithets(words: Sequence[str], rules: Rules) -> list[str]:
    """A person's name without the listed epithets written before it (`Crooked Hillary
    Clinton`, `Derelict Obama`)."""
    out = list(words)
    while len(out) > 1 and _bare(out[0]) in rules.names.epithets:
        out = out[1:]
    return out


def person_name(words: Sequence[str], rules: Rules) -> list[str]:
    """The words of a person's name: headline words and epithets cut away."""
    return without_epithets(headline_cut(words, rules), rules)


def without_open_bracket(name: str | None) -> str | None:
    """A name whose mention stopped inside brackets it opens: closed when they hold one
    word, a short form or a party and state (`California Department of Transportation
    (Caltrans`, `Rep. Paul Dorner (R-WI`); else cut before them, as an aside that is no
    part of the name (`the Vox Populi (Voice of the People` -> `the Vox Populi`)."""
    if not name or name.count("(") <= name.count(")"):
        return name
    at = name.rindex("(")
    if len(name[at + 1 :].split()) == 1:
        return name + ")"
    return name[:at].rstrip(" ,") or name


def is_column_header(text: str, rules: Rules) -> bool:
    """A column title such as AP's `The Latest`, which is never a speaker."""
    phrase = " ".join(text.lower().strip(" :-—–").split())
    return bool(phrase) and phrase in rules.names.column_headers


def speaker_key(name: str | None, kind: str, rules: Rules) -> str | None:
    """The key of a resolved speaker, the same across articles.

    A person is keyed by first given name and surname, lowercase and without accents,
    titles, middle names, initials or `Jr.` (`President Barack H. Obama` ->
    `barack obama`). A surname alone takes the full name of the one person of that
    surname on the `[people]` list (`Obama` -> `barack obama`); with none or several it
    stays the surname. A body is keyed by its name without a leading article. An
    unresolved pronoun or nominal has no key.
    """
    if not name:
        return None
    words = [_fold(w) for w in _KEY_WORD.findall(name)]
    words = [w for w in words if w]
    if kind == "person":
        return _person_key(words, rules)
    while words and words[0] in _ARTICLES:
        words = words[1:]
    return " ".join(words) or None


def _person_key(words: list[str], rules: Rules) -> str | None:
    while len(words) > 1 and words[0].rstrip(".") in rules.titles:
        words = words[1:]
    words = without_suffix([w for w in words if w != "s"], rules.name_suffixes)
    if not words:
        return None
    surname = words[-1]
    given = [w for w in words[:-1] if not _INITIAL.match(w)]
    if given:
        return f"{given[0]} {surname}"
    listed = surname_index(rules.claims.people, rules.name_suffixes).get(surname, ())
    return listed[0] if len(listed) == 1 else surname


_SURNAMES: dict[int, tuple[Mapping[str, str], dict[str, tuple[str, ...]]]] = {}


def surname_index(
    people: Mapping[str, str], suffixes: Collection[str]
) -> dict[str, tuple[str, ...]]:
    """Surname -> the keys of the listed people who bear it (made once per list)."""
    cached = _SURNAMES.get(id(people))
    if cached is not None and cached[0] is people:
        return cached[1]
    index: dict[str, list[str]] = {}
    for full in people:
        words = without_suffix([_fold(w) for w in _KEY_WORD.findall(full)], suffixes)
        given = [w for w in words[:-1] if not _INITIAL.match(w)]
        key = f"{given[0]} {words[-1]}" if given else words[-1]
        if key not in index.setdefault(words[-1], []):
            index[words[-1]].append(key)
    found = {k: tuple(v) for k, v in index.items()}
    _SURNAMES[id(people)] = (people, found)
    return found


def _bare(word: str) -> str:
    return word.lower().strip(".,:;!?\"'“”‘’")


def _fold(word: str) -> str:
    """Lowercase, accents off, possessive and edge punctuation off (`Pérez’s` -> `perez`).
    A word of ASCII has no accent to take off (NFKD leaves it as it is): most names."""
    plain = word.replace("’", "'")
    if not plain.isascii():
        plain = unicodedata.normalize("NFKD", plain)
        plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    plain = plain.lower()
    if plain.endswith("'s"):
        plain = plain[:-2]
    return plain.strip("'-")
