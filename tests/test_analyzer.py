"""The Analyzer end to end in Python (attribution/analyzer.py)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc

from attribution import Analyzer, Article, Attribution, Document
from attribution.analyzer import bounded_batches
from attribution.defaults import DEFAULT_CHUNK_CHARS
from attribution.nlp.text import chunks, paragraphs


def assert_offsets(article: Article) -> None:
    """Every span the analyzer emits points into the original text."""
    text = article.text
    for att in article.attributions:
        q = att.quote
        assert text[q.start : q.end] == q.text
        for frag in q.fragments:
            assert text[frag.start : frag.end] == frag.text
            assert q.start <= frag.start < frag.end <= q.end
        for span in (att.cue, att.speaker):
            if span is not None:
                assert text[span.start : span.end] == span.text
        assert 0.0 <= att.confidence <= 1.0


def test_example_article_offsets_and_speakers(example_article: Article) -> None:
    article = example_article
    assert article.error is None and article.id == "harbour-strike"
    assert_offsets(article)
    names = {a.speaker.name for a in article.attributions if a.speaker}
    assert {"Maria Okafor", "Daniel Brandt", "the Harbour Authority"} <= names
    kinds = {a.quote.kind for a in article.attributions}
    assert kinds == {"direct", "indirect", "mixed"}


WORDS = st.sampled_from(
    [
        "said",
        "he",
        "She",
        "told",
        "reporters",
        "the",
        "minister",
        "according",
        "to",
        "police",
        "“",
        "”",
        '"',
        "'",
        "‘",
        "’",
        "«",
        "»",
        "„",
        "''",
        ",",
        ".",
        ":",
        "–",
        "\n",
        "\n\n",
        "that",
        "Perez",
        "added",
        "“We",
        "win.”",
        "don’t",
        "voters’",
        "(",
        ")",
        "é",
        "\t",
        "  ",
    ]
)
TEXTS = st.one_of(
    st.text(max_size=300),
    st.lists(WORDS, max_size=80).map(" ".join),
    st.lists(WORDS, max_size=80).map("".join),
)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=TEXTS)
def test_arbitrary_text_never_raises_and_offsets_hold(analyzer: Analyzer, text: str) -> None:
    article = analyzer.analyze(text)
    if not text.strip() or "\x00" in text:
        assert article.error is not None
        return
    assert article.error is None, article.error
    assert article.text == text
    assert_offsets(article)


def test_stream_keeps_order_and_isolates_failures(analyzer: Analyzer) -> None:
    items = [
        Document("a", "“We are ready,” the coach said."),
        Document("b", ""),
        Document("c", None, "cannot read c.txt"),
        Document("d", "x\x00y"),
        ("e", "The union said talks had failed."),
        "Plain text with no quotes at all.",
    ]
    out = list(analyzer.analyze_many(iter(items)))
    assert [a.id for a in out] == ["a", "b", "c", "d", "e", "article-6"]
    assert [a.error is None for a in out] == [True, False, False, False, True, True]
    assert out[2].error == "cannot read c.txt"
    assert [(a.quote.text, a.speaker and a.speaker.text) for a in out[0].attributions] == [
        ("“We are ready,”", "the coach")
    ]
    assert out[4].attributions[0].quote.text == "talks had failed"


FLOOD = (
    "Flood Waters Recede in {town}\n\n"
    "{town} – The river fell by half a metre overnight, the water board said on Sunday.\n\n"
    "“The levee held, and we expect it to hold through the week,” said {name}, the board’s "
    "chief engineer.\n\n"
    "“We lost the ground floor in one night.\n\n"
    "“Everything we kept down there is gone,” said Ana Ruiz, who has lived by the river for "
    "thirty years.\n\n"
    "Police said two roads would stay closed until Tuesday. {surname} said the damage would be "
    "counted by Friday.\n\n"
    "The mayor denied that the town had ignored the warnings. Residents said the alarms had "
    "sounded too late.\n\n"
)
TOWNS = [("Lowmere", "Karl Weiss"), ("Eastbrook", "Ines Hald"), ("Fenwick", "Tom Oduya")]
BACKGROUND = (
    "The river rises every spring when the snow melts in the hills above the valley. "
    "Most years the water stays inside its banks and the fields along the road stay dry. "
    "This year the thaw came late and fast, and three days of rain followed it.\n\n"
    "The old stone bridge at the edge of town has stood since 1870. Its arches were "
    "rebuilt twice, once after the flood of 1927 and again in the 1980s, when the road "
    "above them was widened for lorries.\n\n"
    "Farms on the eastern bank grow barley and potatoes. The soil there is heavy and "
    "slow to drain, so a wet week in April can delay planting by a month or more.\n\n"
    "The town hall, the school and the fire station all sit on higher ground to the "
    "west. The market square floods first, and the shops around it keep sandbags in "
    "their cellars from March to June.\n\n"
)


def flood_reports(size: int, towns: list[tuple[str, str]] = TOWNS) -> str:
    """Our own flood report, town after town, until the text is at least `size` long.
    Its quote over two paragraphs (`“We lost …\n\n“Everything …”`) may straddle a cut."""
    blocks, length = [], 0
    while length < size:
        town, name = towns[len(blocks) % len(towns)]
        blocks.append(FLOOD.format(town=town, name=name, surname=name.split()[-1]))
        length += len(blocks[-1])
    return "".join(blocks)


def found(article: Article, skip: list[tuple[int, int]]) -> set[tuple[object, ...]]:
    """What the analyzer found, as comparable keys, leaving out quotes that start in `skip`."""
    return {
        (
            a.quote.start,
            a.quote.end,
            a.quote.kind,
            a.quote.text,
            (a.speaker.start, a.speaker.end, a.speaker.name) if a.speaker else None,
            (a.cue.start, a.cue.end) if a.cue else None,
            a.claim_type,
            a.disputed,
        )
        for a in article.attributions
        if not any(s <= a.quote.start < e for s, e in skip)
    }


def first_paragraphs(text: str, chunk_chars: int) -> tuple[list[int], list[tuple[int, int]]]:
    """The cuts between `text`'s chunks, and the paragraph each chunk starts with: the
    parser sees no context before a cut, so the first sentence of a chunk may be tagged
    differently from the same sentence in the whole text."""
    cuts = [a for a, _ in chunks(text, chunk_chars)[1:]]
    paras = paragraphs(text)
    return cuts, [next((a, b) for a, b in paras if a >= cut) for cut in cuts]


def shift(att: Attribution, by: int) -> Attribution:
    """The attribution moved `by` characters on: its quote, speaker and cue."""
    return dataclasses.replace(
        att,
        quote=dataclasses.replace(att.quote, start=att.quote.start + by, end=att.quote.end + by),
        speaker=att.speaker
        and dataclasses.replace(
            att.speaker, start=att.speaker.start + by, end=att.speaker.end + by
        ),
        cue=att.cue
        and dataclasses.replace(att.cue, start=att.cue.start + by, end=att.cue.end + by),
    )


CHUNK_CHARS = 2_000


def test_a_long_article_is_parsed_in_chunks_and_read_as_one(
    analyzer: Analyzer, parser_input: Callable[[Analyzer], list[str]]
) -> None:
    """20 KB in 2 KB chunks: offsets are the original text's, a quote over the cut between
    two chunks is found whole, and away from the cuts the chunked parse finds exactly
    what the parse of the whole text finds."""
    text = flood_reports(20_000)
    cuts, first = first_paragraphs(text, CHUNK_CHARS)
    assert len(cuts) >= 9
    whole = Analyzer(chunk_chars=len(text)).analyze(text)  # parsed whole

    small = Analyzer(chunk_chars=CHUNK_CHARS)
    parsed = parser_input(small)  # the texts the parser is given
    chunked = small.analyze(text)
    assert len(parsed) == len(cuts) + 1 and "".join(parsed) == text
    assert max(map(len, parsed)) <= CHUNK_CHARS
    assert chunked.error is None and chunked.text == text and chunked.meta["chars"] == len(text)
    assert_offsets(chunked)

    across = [a for a in whole.attributions if any(a.quote.start < c < a.quote.end for c in cuts)]
    assert across, "no quote straddles a cut: the text no longer tests what it should"
    assert found(chunked, []) >= found(Article("", text, tuple(across)), [])
    assert {a.speaker.name for a in across if a.speaker} == {"Ana Ruiz"}

    far = found(whole, first)
    assert len(far) >= len(whole.attributions) - 2 * len(cuts)
    assert found(chunked, first) == far


def test_the_default_chunk_size_cuts_a_long_article_inside_a_quote_and_reads_it_whole(
    analyzer: Analyzer,
    monkeypatch: pytest.MonkeyPatch,
    parser_input: Callable[[Analyzer], list[str]],
) -> None:
    """An article a little longer than `DEFAULT_CHUNK_CHARS`, padded so that its first cut
    falls between the two paragraphs of Ana Ruiz's quote: the default analyzer parses it
    in two pieces no longer than the default, and finds that quote, its speaker and cue
    at the same offsets as a parse of the whole text does."""
    block = FLOOD.format(town="Lowmere", name="Karl Weiss", surname="Weiss")
    inner = block.index("night.\n\n") + len("night.\n\n")
    filler = BACKGROUND * ((DEFAULT_CHUNK_CHARS - inner - 100) // len(BACKGROUND))
    pad = DEFAULT_CHUNK_CHARS - inner - len(filler) - len("The gauge read high, then fell.\n\n")
    filler += "The gauge read " + "high, " * (pad // 6) + "then fell.\n\n"
    text = filler + block + FLOOD.format(town="Eastbrook", name="Ines Hald", surname="Hald")
    cut = len(filler) + inner
    assert analyzer.chunk_chars == DEFAULT_CHUNK_CHARS
    assert chunks(text, DEFAULT_CHUNK_CHARS) == [(0, cut), (cut, len(text))]

    parsed = parser_input(analyzer)
    chunked = analyzer.analyze(text)
    monkeypatch.undo()
    assert parsed == [text[:cut], text[cut:]]
    assert chunked.error is None and chunked.text == text
    assert_offsets(chunked)

    start = len(filler) + block.index("“We lost")
    (across,) = [a for a in chunked.attributions if a.quote.start == start]
    assert across.quote.end > cut and across.quote.text.endswith("gone,”")
    assert across.speaker is not None and across.speaker.name == "Ana Ruiz"
    whole = Analyzer(chunk_chars=len(text)).analyze(text)
    assert found(chunked, [(0, len(filler))]) == found(whole, [(0, len(filler))])


@pytest.mark.slow
def test_an_article_over_the_pipelines_max_length_is_parsed_in_chunks_with_original_offsets(
    analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Over spaCy's `max_length` (which a text parsed whole would raise on): read in
    chunks of the default size; every town's report gives, away from the cuts, what the
    same report gives on its own. Background without quotes between the reports keeps
    the number of quotes near a real article's. `max_length` is lowered from 1,000,000 to
    150,000 for the test, so 160 KB prove what 2 MB did (230 s)."""
    monkeypatch.setattr(analyzer.nlp, "max_length", 150_000)
    block = flood_reports(1, TOWNS[:1]) + BACKGROUND * 2
    text = block * (160_000 // len(block) + 1)
    assert len(text) > analyzer.nlp.max_length > analyzer.chunk_chars
    with pytest.raises(ValueError, match="max_length"):
        analyzer.nlp(text)
    article = analyzer.analyze(text, id="huge")
    assert article.error is None and article.text == text
    assert_offsets(article)
    _, first = first_paragraphs(text, analyzer.chunk_chars)
    alone = analyzer.analyze(block).attributions
    assert len(alone) >= 5, "the report's own quotes are what the big text is checked against"
    starts = range(0, len(text), len(block))
    shifted = Article("", text, tuple(shift(a, k) for k in starts for a in alone))
    assert {key[:6] for key in found(article, first)} == {key[:6] for key in found(shifted, first)}


def test_article_over_the_limit_is_an_error_not_a_crash() -> None:
    small = Analyzer(max_chars=1000)
    article = small.analyze("word " * 500)
    assert article.error is not None and "too long" in article.error


def test_a_text_over_the_default_limit_is_refused_before_the_parse(analyzer: Analyzer) -> None:
    # 1.1 million characters: parsed, this would take minutes and gigabytes
    article = analyzer.analyze("The harbour board met again. " * 38_000)
    assert article.error is not None and "limit 1,000,000" in article.error
    assert article.attributions == ()


def test_analyze_many_is_lazy(analyzer: Analyzer) -> None:
    consumed = []

    def source():  # type: ignore[no-untyped-def]
        for i in range(1000):
            consumed.append(i)
            yield f"The mayor said item {i} was fine."

    stream = analyzer.analyze_many(source())
    first = next(stream)
    assert [a.quote.text for a in first.attributions] == ["item 0 was fine"]
    assert len(consumed) <= 2 * analyzer.batch_size  # one batch for the parser, not all


def test_batches_close_at_the_article_count_or_the_character_budget() -> None:
    items = ["a" * 10, "b" * 10, "c" * 10, "d" * 10, "e" * 50, "f" * 5, "g" * 5, "h" * 5, "i"]
    got = list(bounded_batches(items, size=3, chars=25, length=len))
    assert [[s[0] for s in b] for b in got] == [
        ["a", "b"],  # c would take it past 25 characters
        ["c", "d"],  # e would too
        ["e"],  # longer than the budget: alone
        ["f", "g", "h"],  # three articles
        ["i"],
    ]


def test_a_long_article_is_parsed_apart_and_results_keep_input_order(
    analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(analyzer, "batch_size", 3)
    monkeypatch.setattr(analyzer, "batch_chars", 120)
    long = " ".join(f"The minister said the plan for {town} was sound." for town, _ in TOWNS)
    texts = [
        "“We are ready,” the coach said.",
        "The union said talks had failed.",
        long,
        "Nobody said anything.",
        "“It rained,” Ana Ruiz said.",
        "The mayor said it would reopen.",
        "Plain text.",
        "“No,” he said.",
    ]
    items = [Document(f"n{i}", t) for i, t in enumerate(texts)]
    seen: list[list[str]] = []
    batches = analyzer.batches

    def recorded(docs):  # type: ignore[no-untyped-def]
        for batch in batches(docs):
            seen.append([d.id for d in batch])
            yield batch

    monkeypatch.setattr(analyzer, "batches", recorded)
    out = list(analyzer.analyze_many(iter(items)))
    assert [a.id for a in out] == [d.id for d in items]
    assert len(long) > 120 and ["n2"] in seen
    for batch in seen:
        held = sum(len(texts[int(i[1:])]) for i in batch)
        assert len(batch) <= 3 and (held <= 120 or len(batch) == 1)
    assert [i for b in seen for i in b] == [d.id for d in items]
    for article, text in zip(out, texts, strict=True):
        alone = analyzer.analyze(text, id=article.id)
        assert article.error is None and article.attributions == alone.attributions
    assert [(a.quote.text, a.speaker and a.speaker.text) for a in out[4].attributions] == [
        ("“It rained,”", "Ana Ruiz")
    ]


def test_a_long_articles_chunks_are_parsed_in_batches_within_the_budget(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """10 KB in 2 KB chunks with a 5,000-character budget: no `nlp.pipe` batch of its
    chunks holds more than 5,000 characters, and the article reads as it does when all its
    chunks are parsed in one batch."""
    text = flood_reports(10_000)
    small = Analyzer(chunk_chars=CHUNK_CHARS, batch_chars=5_000)
    pipe = small.nlp.pipe
    held: list[int] = []

    def recorded(items, **kwargs):  # type: ignore[no-untyped-def]
        if kwargs.get("as_tuples"):  # the article's chunks, not a re-parse of a long sentence
            items = list(items)
            held.append(sum(len(t.text if isinstance(t, Doc) else t) for t, _ in items))
        return pipe(items, **kwargs)

    monkeypatch.setattr(small.nlp, "pipe", recorded)
    bounded = small.analyze(text)
    assert bounded.error is None, bounded.error
    assert len(held) >= 3 and max(held) <= 5_000 and sum(held) == len(text)
    monkeypatch.setattr(small, "batch_chars", 10_000_000)
    held.clear()
    assert small.analyze(text) == bounded and held == [len(text)]


def test_spacy_component_fills_doc_attributions() -> None:
    import spacy

    from attribution.nlp.model import load_model

    nlp = spacy.load(load_model().meta["lang"] + "_" + load_model().meta["name"])
    nlp.add_pipe("attribution", config={"use_model": False})
    doc = nlp("“The vote is final,” the chairwoman said.")
    (found,) = doc._.attributions
    assert found["kind"] == "direct" and found["speaker"]["text"] == "the chairwoman"


def test_the_default_pipeline_loads_lean_and_parses_as_spacy_loads_it(nlp) -> None:  # type: ignore[no-untyped-def]
    """Loaded without its disabled `senter` and without building a tokenizer twice, the
    pipeline tokenizes, tags, parses and finds entities exactly as `spacy.load` does."""
    import spacy

    full = spacy.load(nlp.meta["lang"] + "_" + nlp.meta["name"])
    assert "senter" in full.component_names and "senter" in full.disabled
    assert "senter" not in nlp.component_names
    assert nlp.tokenizer.to_bytes(exclude=["vocab"]) == full.tokenizer.to_bytes(exclude=["vocab"])
    text = (
        "“We won’t sign,” Dr. O’Neill told reporters at 10 a.m. on the U.S.-Mexico border "
        "(e-mail: press@port.example). The port's co-owners said talks would resume."
    )

    def parse(pipeline):  # type: ignore[no-untyped-def]
        return [
            (t.text, t.whitespace_, t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_, t.ent_type_)
            for t in pipeline(text)
        ]

    with nlp.select_pipes(disable=["attribution_paragraphs", "attribution_surnames"]):
        assert parse(nlp) == parse(full)


SURNAME_AS_ORG = (
    "The county treasurer, Owen Tallis, closed the audit on Monday. "
    "Tallis said the accounts had balanced for the first time in years."
)


def test_a_surname_the_ner_takes_for_an_organisation_is_the_person(nlp, analyzer) -> None:  # type: ignore[no-untyped-def]
    """The small model tags the lone `Tallis` ORG; the article named Owen Tallis, so the
    pipeline makes it PERSON, and the quote is his, resolved to his full name."""
    with nlp.select_pipes(disable=["attribution_surnames"]):
        assert [e.label_ for e in nlp(SURNAME_AS_ORG).ents if e.text == "Tallis"] == ["ORG"]
    doc = nlp(SURNAME_AS_ORG)
    assert [e.label_ for e in doc.ents if e.text == "Tallis"] == ["PERSON"]
    (att,) = [a for a in analyzer.analyze(SURNAME_AS_ORG).attributions if a.speaker]
    assert att.speaker.text == "Tallis" and att.speaker.name == "Owen Tallis"


def test_a_lone_organisation_name_stays_one_without_a_person_of_that_surname(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Brandt said the plant would close. The union said it would strike.")
    assert [(e.text, e.label_) for e in doc.ents] == [("Brandt", "ORG")]


def test_the_lemmatizer_word_lists_answer_from_a_set_and_lemmatize_as_spacy_does(nlp) -> None:  # type: ignore[no-untyped-def]
    """The rule lemmatizer's `lemma_index` lists are kept as lists (same words, same
    order) but answer `in` from a set; every lemma is what the plain lists give."""
    import spacy

    from attribution.nlp.model import LemmaIndex

    table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert table and all(type(words) is LemmaIndex for words in table.values())
    plain = spacy.load(nlp.meta["lang"] + "_" + nlp.meta["name"])
    plain_table = plain.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert all(type(words) is list for words in plain_table.values())
    for key, words in table.items():
        assert list(words) == plain_table[key]
        assert words[0] in words and "zzqxv" not in words
    text = (
        "The geese were fleeing the oxen, the ministers' aides said, and the data showed "
        "worse harvests; she had been bettering her wives' earliest, mousiest guesses."
    )
    lemmas = [(t.text, t.lemma_) for t in plain(text)]
    with nlp.select_pipes(disable=["attribution_paragraphs", "attribution_surnames"]):
        assert [(t.text, t.lemma_) for t in nlp(text)] == lemmas
