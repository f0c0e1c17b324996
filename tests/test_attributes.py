"""The attribute ruler's patterns found by table lookups (`nlp/attributes.py`) write what
spaCy's own `AttributeRuler` writes."""

from __future__ import annotations

from typing import Any, cast

import pytest
import spacy
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.vocab import Vocab

from attribution.nlp.attributes import FastAttributes, compile_rules, speed_up_attributes

# Contractions, dialect spellings the English rules list, `gets`/`got`, an expletive
# `there`, pronoun objects, a double space and a line break: each reaches one of the
# pipeline's patterns that fix more than a tag.
SENTENCES = (
    "Y'all ain't seen nothin' yet, the ferry captain told the crowd.\n\n"
    "It gets worse, she said; I got the letter and they sent it to me.  "
    "There is no plan, and there were never any talks, the union's chair said. "
    "Whether or not the port reopens, we'd have done it anyway, because it's ours."
)


def up_to_ruler(nlp: Language, text: str) -> Doc:
    """`text` through the pipeline's components before its attribute ruler."""
    doc = nlp.make_doc(text)
    for name, component in nlp.pipeline:
        if name == "attribute_ruler":
            return doc
        doc = component(doc)
    raise AssertionError("no attribute ruler in the pipeline")


def test_the_pipeline_runs_the_lookup_ruler_under_the_old_name(nlp: Language) -> None:
    assert "attribute_ruler" in nlp.pipe_names
    fast = nlp.get_pipe("attribute_ruler")
    assert isinstance(fast, FastAttributes) and fast.rules is not None
    assert len(fast.ruler.patterns) > 100


def test_same_matches_and_same_tokens_as_spacys_ruler(nlp: Language) -> None:
    fast = nlp.get_pipe("attribute_ruler")
    assert isinstance(fast, FastAttributes)
    ours, theirs = up_to_ruler(nlp, SENTENCES), up_to_ruler(nlp, SENTENCES)
    expected = list(fast.ruler.match(theirs))
    assert fast.matches(ours) == expected
    assert len({key for key, *_ in expected}) > 40
    fast(ours)
    fast.ruler(theirs)
    assert ours.to_bytes() == theirs.to_bytes()
    lemmas = {t.text: (t.lemma_, t.pos_) for t in ours}
    assert lemmas["ai"] == ("be", "AUX") and lemmas["nothin'"][0] == "nothing"
    assert lemmas["gets"][0] == "get" and lemmas["got"][0] == "get"


def written_doc(vocab: Vocab) -> Doc:
    words = ["Y'", "all", "said", "it", "  ", "was", "nothin'", "to", "them", "."]
    tags = ["PRP", "DT", "VBD", "PRP", "_SP", "VBD", "NN", "IN", "PRP", "."]
    heads = [1, 2, 2, 5, 3, 2, 5, 5, 7, 2]
    deps = ["det", "nsubj", "ROOT", "nsubj", "dep", "ccomp", "attr", "prep", "pobj", "punct"]
    return Doc(vocab, words=words, tags=tags, heads=heads, deps=deps)


# One pattern of each kind the lookups read: a value, a set, a set to avoid, a regular
# expression, the space flag, two tokens with the second one written, two alternatives
# under one key, and a later pattern overriding an earlier one on the same token.
WRITTEN_PATTERNS: list[dict[str, Any]] = [
    {"patterns": [[{"TAG": "PRP"}]], "attrs": {"POS": "PRON"}},
    {"patterns": [[{"LOWER": {"REGEX": "^y'?$"}}, {"LOWER": "all"}]], "attrs": {"LEMMA": "you"}},
    {"patterns": [[{"TAG": {"IN": ["VBD", "VBZ"]}, "LOWER": "was"}]], "attrs": {"LEMMA": "be"}},
    {"patterns": [[{"DEP": {"NOT_IN": ["nsubj", ""]}, "TAG": "PRP"}]], "attrs": {"POS": "X"}},
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"POS": "SPACE"}},
    {"patterns": [[{"LOWER": "to"}, {"TAG": "PRP"}]], "attrs": {"POS": "ADP"}, "index": 0},
    {"patterns": [[{"LOWER": "said"}], [{"ORTH": "nothin'"}]], "attrs": {"MORPH": "Tense=Past"}},
    {"patterns": [[{"LOWER": "them", "DEP": "pobj"}]], "attrs": {"LEMMA": "they"}, "index": -1},
]


def english_vocab() -> Vocab:
    """A vocabulary that knows English words' lowercase forms and spaces."""
    return spacy.blank("en").vocab


def ruler_of(vocab: Vocab, patterns: list[dict[str, Any]]) -> AttributeRuler:
    ruler = AttributeRuler(vocab)
    ruler.add_patterns(cast(Any, patterns))
    return ruler


def test_every_kind_of_pattern_on_a_written_doc() -> None:
    vocab = english_vocab()
    ruler = ruler_of(vocab, WRITTEN_PATTERNS)
    fast = FastAttributes(ruler)
    assert fast.rules is not None
    ours, theirs = written_doc(vocab), written_doc(vocab)
    expected = list(ruler.match(theirs))
    assert fast.matches(ours) == expected
    assert {key for key, *_ in expected} == set(range(len(WRITTEN_PATTERNS)))
    fast(ours)
    ruler(theirs)
    assert ours.to_bytes() == theirs.to_bytes()
    assert [t.pos_ for t in ours][3:5] == ["PRON", "SPACE"] and ours[8].pos_ == "X"
    assert ours[0].lemma_ == "you" and ours[8].lemma_ == "they"


@pytest.mark.parametrize(
    "token",
    [{"LOWER": "said", "OP": "+"}, {"LENGTH": {">=": 3}}, {"POS": "PRON"}, {"LOWER": 3}],
)
def test_a_pattern_the_lookups_cannot_read_leaves_spacys_ruler_running(
    token: dict[str, Any],
) -> None:
    vocab = english_vocab()
    ruler = ruler_of(vocab, [*WRITTEN_PATTERNS, {"patterns": [[token]], "attrs": {"POS": "VERB"}}])
    assert compile_rules(ruler) is None
    fast = FastAttributes(ruler)
    ours, theirs = written_doc(vocab), written_doc(vocab)
    assert fast.matches(ours) == list(ruler.match(theirs))
    fast(ours)
    ruler(theirs)
    assert ours.to_bytes() == theirs.to_bytes()


def test_a_pipeline_saved_and_loaded_keeps_the_lookups(nlp: Language) -> None:
    fast = nlp.get_pipe("attribute_ruler")
    assert isinstance(fast, FastAttributes)
    again = FastAttributes(AttributeRuler(nlp.vocab)).from_bytes(fast.to_bytes())
    assert again.rules is not None
    assert again.ruler.patterns == fast.ruler.patterns
    doc = up_to_ruler(nlp, SENTENCES)
    assert again.matches(doc) == fast.matches(doc)


def test_a_pipeline_without_a_ruler_is_left_as_it_is() -> None:
    nlp = Language(Vocab())
    assert not speed_up_attributes(nlp)
    nlp.add_pipe("attribute_ruler")
    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    ruler.add_patterns(cast(Any, [{"patterns": [[{"LENGTH": {">=": 3}}]], "attrs": {"POS": "X"}}]))
    assert not speed_up_attributes(nlp)
    assert nlp.pipe_names == ["attribute_ruler"] and nlp.get_pipe("attribute_ruler") is ruler
