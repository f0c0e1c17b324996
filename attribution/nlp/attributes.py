"""The attribute ruler's patterns applied by table lookups instead of spaCy's `Matcher`.

The English pipelines map each fine-grained tag to its part of speech, morphology and some
lemmas with an `AttributeRuler` of a few hundred one- and two-token patterns (179 in
`en_core_web_sm` 3.8). Its `Matcher` walks every pattern's states at every token, which
costs about a sixth of the whole parse (0.96 of 6.1 CPU s on 40 PolNeAR dev articles),
about as much as the parser. Each of those patterns asks that a few attributes of each of
its tokens (text, lowercase, tag, dependency, whether a space) be one value, be in a set,
not be in a set, or hold what a regular expression finds; so the tokens a pattern can
start at are found by one dictionary lookup on the values its first token fixes.

`FastAttributes` takes the place of the pipeline's ruler. It finds the same matches as
`AttributeRuler.match`, in the same order, and hands them to that ruler's own
`set_annotations`, so the attributes written are spaCy's. A ruler with any pattern it
cannot read so (an operator such as `OP` or `>=`, another attribute, an extension) runs
as spaCy's own (`compile_rules` gives None).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from math import prod
from pathlib import Path
from typing import Any, cast

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LOWER, ORTH, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.vocab import Vocab

# The token attributes a pattern may ask for, as `Doc.to_array` reads them: string
# attributes as the hashes of their values, IS_SPACE as 0 or 1.
ATTRIBUTES = {"ORTH": ORTH, "LOWER": LOWER, "TAG": TAG, "DEP": DEP, "IS_SPACE": IS_SPACE}
STRING_ATTRIBUTES = frozenset({"ORTH", "LOWER", "TAG", "DEP"})
COLUMNS = tuple(ATTRIBUTES)
# The column a group's tokens are first picked out by: the one with the fewest tokens of a
# given value first (words before tags).
FILTER_ORDER = (0, 1, 3, 2, 4)
# A first token allowing more value tuples than this is tried at every token instead.
MAX_INDEX_KEYS = 256


@dataclass(frozen=True)
class TokenTest:
    """One token of a pattern: the columns that must hold one value (`equal`), one of
    a set (`one_of`), none of a set (`none_of`), or a string that a regular expression
    finds something in (`search`: column and the expression's number in
    `CompiledRules.expressions`)."""

    equal: tuple[tuple[int, int], ...] = ()
    one_of: tuple[tuple[int, frozenset[int]], ...] = ()
    none_of: tuple[tuple[int, frozenset[int]], ...] = ()
    search: tuple[tuple[int, int], ...] = ()

    def holds(self, row: Sequence[int], found_in: Callable[[int, int], bool]) -> bool:
        return (
            all(row[c] == v for c, v in self.equal)
            and all(row[c] in vs for c, vs in self.one_of)
            and all(row[c] not in vs for c, vs in self.none_of)
            and all(found_in(x, row[c]) for c, x in self.search)
        )

    def index_keys(self) -> tuple[tuple[int, ...], list[tuple[int, ...]]] | None:
        """The columns this test fixes, in `COLUMNS` order, and every tuple of their
        values it allows (each of `one_of`'s values in turn); None when it fixes no
        column or allows too many tuples."""
        fixed = sorted(
            [(c, (v,)) for c, v in self.equal] + [(c, tuple(sorted(vs))) for c, vs in self.one_of]
        )
        if not fixed or prod(len(values) for _, values in fixed) > MAX_INDEX_KEYS:
            return None
        columns = tuple(c for c, _ in fixed)
        return columns, list(itertools.product(*(values for _, values in fixed)))

    def residue(self) -> TokenTest:
        """What is left to test on a token found through `index_keys`."""
        return TokenTest(none_of=self.none_of, search=self.search)


Candidate = tuple[int, TokenTest, tuple[TokenTest, ...]]


class Group:
    """The patterns whose first token fixes `columns`, by the values it fixes them to:
    the keys of one-token patterns with nothing left to test, and the other patterns
    (`split`). `column` picks out the tokens to look up (the first of `FILTER_ORDER`
    among `columns`), and `column_values` are the values it may have."""

    def __init__(
        self, columns: tuple[int, ...], by_value: dict[tuple[int, ...], list[Candidate]]
    ) -> None:
        self.columns = columns
        first = min(range(len(columns)), key=lambda k: FILTER_ORDER.index(columns[k]))
        self.column = columns[first]
        values = sorted({key[first] for key in by_value})
        self.column_values = np.array(values, dtype=np.uint64)
        empty = TokenTest()
        self.split = {
            values: (
                [key for key, test, rest in candidates if test == empty and not rest],
                [(key, test, rest) for key, test, rest in candidates if test != empty or rest],
            )
            for values, candidates in by_value.items()
        }


class CompiledRules:
    """A ruler's patterns, grouped by the columns their first token fixes (`Group`);
    `scan` holds the patterns whose first token fixes no column, tried at every token
    its regular expression (if any) allows."""

    def __init__(
        self,
        patterns: Sequence[tuple[int, Sequence[TokenTest]]],
        expressions: Sequence[re.Pattern[str]],
        vocab: Vocab,
    ) -> None:
        self.strings = vocab.strings
        self.expressions = list(expressions)
        self.searched: list[dict[int, bool]] = [{} for _ in self.expressions]
        grouped: dict[tuple[int, ...], dict[tuple[int, ...], list[Candidate]]] = {}
        self.scan: list[Candidate] = []
        for key, tests in patterns:
            first, rest = tests[0], tuple(tests[1:])
            found = first.index_keys()
            if found is None:
                self.scan.append((key, first, rest))
                continue
            columns, keys = found
            by_value = grouped.setdefault(columns, {})
            for values in keys:
                by_value.setdefault(values, []).append((key, first.residue(), rest))
        self.groups = [Group(columns, by_value) for columns, by_value in grouped.items()]

    def found_in(self, expression: int, value: int) -> bool:
        """Whether expression number `expression` finds something in the string
        `value` hashes, remembered for the next token of that string."""
        memo = self.searched[expression]
        found = memo.get(value)
        if found is None:
            found = memo[value] = bool(self.expressions[expression].search(self.strings[value]))
        return found

    def match(self, doc: Doc) -> list[tuple[int, int, int]]:
        """(key number, start, end) of every match, as the `Matcher` finds them, in
        the order the ruler applies them: by key number, then start."""
        n = len(doc)
        if n == 0:
            return []
        table = doc.to_array([ATTRIBUTES[name] for name in COLUMNS]).astype(np.uint64)
        rows: list[list[int]] = table.tolist()
        found: set[tuple[int, int, int]] = set()
        found_in = self.found_in

        def extend(i: int, candidates: Iterable[Candidate]) -> None:
            for key, first, rest in candidates:
                end = i + 1 + len(rest)
                if (
                    end <= n
                    and first.holds(rows[i], found_in)
                    and all(t.holds(rows[i + 1 + j], found_in) for j, t in enumerate(rest))
                ):
                    found.add((key, i, end))

        for group in self.groups:
            hits = np.flatnonzero(np.isin(table[:, group.column], group.column_values))
            columns, split = group.columns, group.split
            for i in hits.tolist():
                row = rows[i]
                starting = split.get(tuple([row[c] for c in columns]))
                if starting is not None:
                    keys, others = starting
                    for key in keys:
                        found.add((key, i, i + 1))
                    if others:
                        extend(i, others)
        for candidate in self.scan:
            starts: Iterable[int] = range(n)
            test = candidate[1]
            if test.search:
                column, expression = test.search[0]
                values = np.unique(table[:, column]).tolist()
                allowed = [v for v in values if found_in(expression, v)]
                starts = np.flatnonzero(np.isin(table[:, column], allowed)).tolist()
            for i in starts:
                extend(i, (candidate,))
        return sorted(found)


def _token_test(vocab: Vocab, token: Any, expressions: list[re.Pattern[str]]) -> TokenTest | None:
    """One pattern token as a `TokenTest` (its regular expressions added to
    `expressions`), or None if it asks for anything else (see the module's docstring)."""
    if not isinstance(token, dict) or not token:
        return None
    parts: dict[str, list[Any]] = {"equal": [], "one_of": [], "none_of": [], "search": []}
    for name, value in token.items():
        if name not in ATTRIBUTES:
            return None
        column = COLUMNS.index(name)
        if name not in STRING_ATTRIBUTES:
            if not isinstance(value, bool):
                return None
            parts["equal"].append((column, int(value)))
        elif isinstance(value, str):
            parts["equal"].append((column, vocab.strings.add(value)))
        elif isinstance(value, dict) and value:
            for op, arg in value.items():
                if op == "REGEX" and isinstance(arg, str):
                    parts["search"].append((column, len(expressions)))
                    expressions.append(re.compile(arg))
                elif op in ("IN", "NOT_IN") and isinstance(arg, list):
                    if not all(isinstance(v, str) for v in arg):
                        return None
                    hashes = frozenset(vocab.strings.add(v) for v in arg)
                    parts["one_of" if op == "IN" else "none_of"].append((column, hashes))
                else:
                    return None
        else:
            return None
    return TokenTest(**{k: tuple(v) for k, v in parts.items()})


def compile_rules(ruler: AttributeRuler) -> CompiledRules | None:
    """The ruler's patterns for `CompiledRules`, or None when one of them is not of
    the kind it reads (see the module's docstring)."""
    patterns = []
    expressions: list[re.Pattern[str]] = []
    for key, entry in enumerate(ruler.patterns):
        alternatives: Any = entry["patterns"]
        for pattern in alternatives:
            if not isinstance(pattern, list) or not pattern:
                return None
            tests = [_token_test(ruler.vocab, token, expressions) for token in pattern]
            if any(test is None for test in tests):
                return None
            patterns.append((key, [test for test in tests if test is not None]))
    return CompiledRules(patterns, expressions, ruler.vocab)


class FastAttributes:
    """An `AttributeRuler` whose matches are found by `CompiledRules` (see the module's
    docstring); while its patterns do not compile, it runs as spaCy's own. Saved and
    loaded as the ruler it holds."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self.ruler = ruler
        self.rules = compile_rules(ruler)

    def __call__(self, doc: Doc) -> Doc:
        if self.rules is None:
            return self.ruler(doc)
        self.ruler.set_annotations(doc, self.matches(doc))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)

    def matches(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """The matches as `AttributeRuler.match` gives them: (key number, key hash,
        start, end)."""
        if self.rules is None:
            return list(self.ruler.match(doc))
        strings = self.ruler.vocab.strings
        return [(key, strings[str(key)], start, end) for key, start, end in self.rules.match(doc)]

    def add_patterns(self, patterns: Iterable[dict[str, Any]]) -> None:
        """Add `AttributeRuler` patterns (as `AttributeRuler.patterns` lists them)."""
        self.ruler.add_patterns(patterns)
        self.rules = compile_rules(self.ruler)

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return self.ruler.to_bytes(exclude=list(exclude))

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> FastAttributes:
        self.ruler.from_bytes(data, exclude=list(exclude))
        self.rules = compile_rules(self.ruler)
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        self.ruler.to_disk(path, exclude=list(exclude))

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> FastAttributes:
        self.ruler.from_disk(path, exclude=list(exclude))
        self.rules = compile_rules(self.ruler)
        return self


@Language.factory("attribution_attributes")
def make_fast_attributes(nlp: Language, name: str) -> FastAttributes:
    """An empty `FastAttributes`: patterns come from `add_patterns` or a saved ruler."""
    return FastAttributes(AttributeRuler(nlp.vocab, name))


def speed_up_attributes(nlp: Language, name: str = "attribute_ruler") -> bool:
    """Put `attribution_attributes` in the place and under the name of the pipeline's
    attribute ruler `name`, with its patterns, when they compile (see the module's
    docstring); whether it did. Components that look the ruler up by name find the new
    one, which holds the old patterns in an `AttributeRuler` of its own (`.ruler`)."""
    if name not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe(name)
    if not isinstance(ruler, AttributeRuler):
        return False
    temporary = f"{name}_attribution"
    fast = cast(FastAttributes, nlp.add_pipe("attribution_attributes", name=temporary, after=name))
    fast.add_patterns(ruler.patterns)
    if fast.rules is None:
        nlp.remove_pipe(temporary)
        return False
    nlp.remove_pipe(name)
    nlp.rename_pipe(temporary, name)
    return True
