"""The per-article token table (attribution/extract/table.py) against the Token objects it
stands in for, on a hand-built Doc and on a real parse of a short, self-written text."""

from __future__ import annotations

from spacy.attrs import DEP, NORM, POS, SENT_START
from spacy.tokens import Doc
from spacy.vocab import Vocab

from attribution import Analyzer
from attribution.extract.syntax import mention_at, mention_range, sentence_span, subject_of
from attribution.extract.table import TokenTable, table_of
from attribution.ruleset.loader import load_rules

NO_ONE = load_rules().words.unlikely_speakers


def _columns(table: TokenTable, i: int) -> tuple[object, ...]:
    return (
        table.text[i],
        table.is_alpha[i],
        table.is_quote[i],
        table.lower[i],
        table.lemma[i],
        table.lemma_lower[i],
        table.pos[i],
        table.tag[i],
        table.dep[i],
        table.ent_type[i],
        table.ent_iob[i],
        table.head[i],
        table.idx[i],
        table.end[i],
        table.is_punct[i],
        table.is_space[i],
        table.is_stop[i],
        table.like_num[i],
        table.children(i),
        table.subtree_min[i],
        table.subtree_max[i],
        table.sent_start[i],
    )


def _tokens(doc: Doc, i: int) -> tuple[object, ...]:
    tok = doc[i]
    subtree = [t.i for t in tok.subtree]
    return (
        tok.text,
        tok.is_alpha,
        tok.is_quote,
        tok.lower_,
        tok.lemma_,
        tok.lemma_.lower(),
        tok.pos_,
        tok.tag_,
        tok.dep_,
        tok.ent_type_,
        tok.ent_iob_,
        tok.head.i,
        tok.idx,
        tok.idx + len(tok.text),
        tok.is_punct,
        tok.is_space,
        tok.is_stop,
        tok.like_num,
        [c.i for c in tok.children],
        min(subtree),
        max(subtree),
        bool(tok.is_sent_start),
    )


def test_hand_built_doc() -> None:
    doc = Doc(
        Vocab(),
        words=["Mayor", "Ana", "Diaz", "said", "it", "failed", "."],
        heads=[2, 2, 3, 3, 5, 3, 3],
        deps=["compound", "compound", "nsubj", "ROOT", "nsubj", "ccomp", "punct"],
        pos=["PROPN", "PROPN", "PROPN", "VERB", "PRON", "VERB", "PUNCT"],
        tags=["NNP", "NNP", "NNP", "VBD", "PRP", "VBD", "."],
        lemmas=["Mayor", "Ana", "Diaz", "say", "it", "fail", "."],
        ents=["O", "B-PERSON", "I-PERSON", "O", "O", "O", "O"],
    )
    table = TokenTable(doc)
    assert table.pos[3] == "VERB" and table.head[0] == 2 and table.children(3) == [2, 5, 6]
    assert table.ent_iob[1:3] == ["B", "I"] and table.ent_type[2] == "PERSON"
    assert (table.subtree_min[3], table.subtree_max[3]) == (0, 6)
    assert table.lemma_lower[0] == "mayor"
    for i in range(len(doc)):
        assert _columns(table, i) == _tokens(doc, i)


def test_parsed_doc(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp('"The port stays shut," said Ana Diaz, who leads the dock workers\' union of 40.')
    table = TokenTable(doc)
    assert True in table.like_num and True in table.is_stop
    for i in range(len(doc)):
        assert _columns(table, i) == _tokens(doc, i)


def test_empty_doc() -> None:
    table = TokenTable(Doc(Vocab(), words=[]))
    assert table.pos == [] and table.subtree_min == [] and table.subtree_max == []
    assert table.sent_start == []


def test_table_of_keeps_one_doc(nlp) -> None:  # type: ignore[no-untyped-def]
    first, second = nlp("Ana Diaz said no."), nlp("The union disagreed.")
    table = table_of(first)
    assert table_of(first) is table
    assert table_of(second) is not table and table_of(second).lower[1] == "union"
    assert table_of(first) is not table and table_of(first).lower[1] == "diaz"


def test_expand_and_span_root_as_spacy(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Ana Diaz, the union's leader, said  the port stays shut. Nobody disagreed.")
    table = TokenTable(doc)
    length = len(doc.text)
    for start in range(length):
        for end in range(start + 1, length + 2):
            span = doc.char_span(start, end, alignment_mode="expand")
            got = table.expand(start, end)
            assert got == (None if span is None else (span.start, span.end)), (start, end)
    for lo in range(len(doc)):
        for hi in range(lo + 1, len(doc) + 1):
            assert table.span_root(lo, hi) == doc[lo:hi].root.i, (lo, hi)
    assert table.token_at(length + 5) == -1


def test_exact_and_char_bounds_as_spacy(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("He said , twice,  that the port, which   is shut, stays shut.")
    table = TokenTable(doc)
    length = len(doc.text)
    for start in range(length):
        for end in range(start + 1, length + 2):
            span = doc.char_span(start, end)
            got = table.exact(start, end)
            assert got == (None if span is None else (span.start, span.end)), (start, end)
    for lo in range(len(doc) + 1):
        for hi in range(lo, len(doc) + 1):
            span = doc[lo:hi]
            assert table.char_bounds(lo, hi) == (span.start_char, span.end_char), (lo, hi)


def test_children_with_and_has_child_word(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("The mayor refused to give any details about the plan.")
    table = TokenTable(doc)
    for tok in doc:
        for deps in (("dobj",), ("xcomp", "nsubj"), ("det",)):
            want = [c.i for c in tok.children if c.dep_ in deps]
            assert table.children_with(tok.i, deps) == want
    give = next(t for t in doc if t.lower_ == "give")
    details = next(t for t in doc if t.lower_ == "details")
    assert table.has_child_word(give.i, {"to"})
    assert table.has_child_word(details.i, {"any"}, "det")
    assert not table.has_child_word(details.i, {"any"}, "amod")
    assert not table.has_child_word(give.i, {"the"})


def test_child_with_is_the_first_or_none(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("The mayor refused to give any details about the plan.")
    table = TokenTable(doc)
    for tok in doc:
        for deps in (("dobj",), ("xcomp", "nsubj"), ("det", "amod"), ("agent",)):
            want = next((c.i for c in tok.children if c.dep_ in deps), None)
            assert table.child_with(tok.i, deps) == want
    refused = next(t for t in doc if t.lower_ == "refused")
    assert table.child_with(refused.i, ("nsubj",)) == 1
    assert table.child_with(refused.i, ("dobj",)) is None


def test_sents_and_ents_made_once(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Ana Diaz spoke in Lisbon on Monday. Pedro Gomez did not. Nobody else came.")
    table = TokenTable(doc)
    assert [(s.start, s.end) for s in table.sents] == [(s.start, s.end) for s in doc.sents]
    assert len(table.sents) == 3
    got = [(e.start, e.end, e.label_) for e in table.ents]
    assert got == [(e.start, e.end, e.label_) for e in doc.ents]
    assert table.sents is table.sents and table.ents is table.ents
    sentences = [(s.start, s.end) for s in table.sents]
    assert [sentences[table.sentence_of[tok.i]] for tok in doc] == [
        (tok.sent.start, tok.sent.end) for tok in doc
    ]


def test_doc_text_as_spacy(nlp) -> None:  # type: ignore[no-untyped-def]
    for text in ("He said:  “No.”\n\nShe   did not. ", "", "one"):
        doc = nlp(text)
        assert TokenTable(doc).doc_text == doc.text == text


def test_span_text_as_spacy(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("The mayor,  Ana Diaz, said:\n“No.”  ")
    table = TokenTable(doc)
    for lo in range(len(doc) + 1):
        for hi in range(lo, len(doc) + 1):
            assert table.span_text(lo, hi) == doc[lo:hi].text, (lo, hi)


def test_subjects_are_kept_per_article_and_answer_as_asked_anew(analyzer: Analyzer) -> None:
    """`subject_of` keeps its answers on the article's table; a second question, and a
    question in a narrower range, get what reading the parse again gives."""
    doc = analyzer.nlp(
        "The mayor, who said the bridge was safe, told reporters that the council, "
        "it was reported, had agreed to open it."
    )
    table = table_of(doc)
    first = {tok.i: subject_of(tok, NO_ONE) for tok in doc}
    inner = subject_of(doc[4], NO_ONE, within=(3, 9))
    assert table.subjects
    assert first[10][0] is not None and first[10][0].text == "mayor"
    table.subjects.clear()
    for tok in doc:
        assert subject_of(tok, NO_ONE) == first[tok.i]
    assert subject_of(doc[4], NO_ONE, within=(3, 9)) == inner
    assert table_of(doc) is table


def test_mentions_are_kept_per_article_and_answer_as_mention_range(analyzer: Analyzer) -> None:
    """`mention_at` keeps its answers on the article's table, by head index, and gives
    what `mention_range` of the head's Token gives, asked anew."""
    doc = analyzer.nlp(
        "SAN FRANCISCO — Ana Diaz, who leads the dock workers' union, said the port stays "
        "shut. The mayor disagreed."
    )
    table = table_of(doc)
    first = {tok.i: mention_at(table, tok.i) for tok in doc}
    assert table.mentions == first
    diaz = next(tok.i for tok in doc if tok.text == "Diaz")
    assert table.span_text(*first[diaz]) == "Ana Diaz"
    table.mentions.clear()
    for tok in doc:
        assert mention_range(tok) == first[tok.i]
    assert table.sent_start[0] and table.sent_start[doc[-4].sent.start]


def test_heads_with_and_column_as_spacy(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Ana Diaz said the port stays shut, and the union told workers to wait.")
    table = TokenTable(doc)
    deps = ("ccomp", "dobj", "xcomp")
    expected = {tok.i for tok in doc if any(c.dep_ in deps for c in tok.children)}
    assert expected and table.heads_with(deps) == expected
    assert table.heads_with(("no-such-relation",)) == set()
    for attr in (POS, DEP, SENT_START, NORM):
        assert table.column(attr).tolist() == doc.to_array(attr).tolist()


def test_sentence_span_as_spacy(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("The port stays shut. Ana Diaz, who leads the union, said so. Talks go on.")
    table = table_of(doc)
    for tok in doc:
        assert sentence_span(table, tok.i) == (tok.sent.start, tok.sent.end)
