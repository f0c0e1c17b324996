"""The Analyzer end to end in Python (attribution/analyzer.py)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attribution import Analyzer, Article, Document


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


def test_example_article_offsets_and_speakers(analyzer: Analyzer, example_text: str) -> None:
    article = analyzer.analyze(example_text, id="harbour")
    assert article.error is None and article.id == "harbour"
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
    assert out[0].attributions[0].speaker is not None
    assert out[4].attributions[0].quote.text == "talks had failed"


def test_huge_article_is_parsed_in_chunks_with_original_offsets(analyzer: Analyzer) -> None:
    para = "“The levee held for now,” the engineer said. Officials said the river was falling.\n\n"
    text = para * (2_000_000 // len(para) + 1)
    assert len(text) > 2_000_000
    article = analyzer.analyze(text, id="huge")
    assert article.error is None
    assert article.text == text
    assert len(article.attributions) >= 2 * (len(text) // len(para)) - 5
    assert_offsets(article)


def test_article_over_the_limit_is_an_error_not_a_crash() -> None:
    small = Analyzer(max_chars=1000)
    article = small.analyze("word " * 500)
    assert article.error is not None and "too long" in article.error


def test_analyze_many_is_lazy(analyzer: Analyzer) -> None:
    consumed = []

    def source():  # type: ignore[no-untyped-def]
        for i in range(1000):
            consumed.append(i)
            yield f"The mayor said item {i} was fine."

    stream = analyzer.analyze_many(source())
    first = next(stream)
    assert first.attributions
    assert len(consumed) < 1000


def test_spacy_component_fills_doc_attributions() -> None:
    import spacy

    from attribution.nlp.model import load_model

    nlp = spacy.load(load_model().meta["lang"] + "_" + load_model().meta["name"])
    nlp.add_pipe("attribution", config={"use_model": False})
    doc = nlp("“The vote is final,” the chairwoman said.")
    (found,) = doc._.attributions
    assert found["kind"] == "direct" and found["speaker"]["text"] == "the chairwoman"


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
