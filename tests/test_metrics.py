"""Evaluation figures computed by hand on tiny gold/system pairs
(attribution/evaluation/metrics.py)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from attribution.evaluation.gold import GoldDoc, GoldQuote
from attribution.evaluation.metrics import (
    claim_figures,
    evaluate,
    gold_names,
    match,
    name_right,
    score_document,
    word_set,
)
from attribution.ruleset.loader import load_names
from attribution.schema import Article, Attribution, Mention, Quote, Span

TEXT = (
    "Anna Berg said the bridge was closed. “We are fine,” Bo said. He added that rain fell all day."
)


def span(text: str, words: str, start: int = 0) -> tuple[int, int]:
    a = text.index(words, start)
    return a, a + len(words)


def gold_quote(
    content: str, speaker: str | None, cue: str | None = None, kind: str = "indirect", **kw
) -> GoldQuote:  # type: ignore[no-untyped-def]
    return GoldQuote(
        content=(span(TEXT, content),),
        kind=kind,
        speaker=(span(TEXT, speaker),) if speaker else (),
        speaker_text=speaker,
        cue=(span(TEXT, cue),) if cue else (),
        **kw,
    )


def system_quote(
    content: str,
    speaker: str | None,
    name: str | None = None,
    cue: str | None = None,
    kind: str = "indirect",
    **kw,
) -> Attribution:  # type: ignore[no-untyped-def]
    a, b = span(TEXT, content)
    mention = None
    if speaker:
        sa, sb = span(TEXT, speaker)
        mention = Mention(sa, sb, speaker, name or speaker)
    cue_span = None
    if cue:
        ca, cb = span(TEXT, cue)
        cue_span = Span(ca, cb, cue)
    return Attribution(Quote(a, b, TEXT[a:b], kind), cue_span, mention, 0.9, "test", **kw)  # type: ignore[arg-type]


GOLD = GoldDoc(
    "d1",
    TEXT,
    (
        gold_quote("the bridge was closed", "Anna Berg", "said"),
        gold_quote("“We are fine,”", "Bo", "said", kind="direct"),
        gold_quote("that rain fell all day", "He", "added"),
    ),
)


def test_word_sets_and_matching() -> None:
    assert len(word_set(TEXT, [span(TEXT, "the bridge was closed")])) == 4
    g = [frozenset({1, 2, 3, 4}), frozenset({10, 11})]
    s = [frozenset({1, 2, 3}), frozenset({10, 11, 12, 13, 14})]
    assert match(g, s, exact=False) == [(0, 0)]  # 3/4 = .75 pairs; 2/5 = .4 does not
    assert match(g, s, exact=True) == []
    assert match(g, [frozenset({1, 2, 3, 4})], exact=True) == [(0, 0)]


def test_figures_by_hand() -> None:
    system = Article(
        "d1",
        TEXT,
        (
            system_quote("the bridge was closed", "Anna Berg", cue="said"),  # exact, speaker right
            system_quote(
                "“We are fine,” Bo", "Bo", cue="said", kind="direct"
            ),  # overlap 3/4, right
            system_quote("rain fell all day", None, kind="indirect"),  # overlap 4/5, no speaker
            system_quote("Anna Berg said", "Bo", kind="indirect"),  # spurious
        ),
    )
    summary, (doc,) = evaluate([GOLD], [system], bootstrap=0)
    ex = summary["quotes_exact"]
    assert (ex["tp"], ex["fp"], ex["fn"]) == (1, 3, 2)
    ov = summary["quotes_overlap"]
    assert (ov["tp"], ov["fp"], ov["fn"]) == (3, 1, 0)
    assert ov["p"] == pytest.approx(0.75) and ov["r"] == 1.0 and ov["f1"] == pytest.approx(6 / 7)
    assert summary["speaker_strict"] == {"accuracy": pytest.approx(2 / 3), "correct": 2, "n": 3}
    assert summary["cue"]["correct"] == 2 and summary["cue"]["n"] == 3
    e2e = summary["end_to_end"]
    assert (e2e["tp"], e2e["fp"], e2e["fn"]) == (2, 2, 1)
    dm = summary["end_to_end_direct_mixed"]
    assert (dm["tp"], dm["fp"], dm["fn"]) == (1, 0, 0)
    assert summary["recall_by_kind"]["direct"] == {"recall": 1.0, "found": 1, "n": 1}
    assert [a.quote.text for a in doc.spurious] == ["Anna Berg said"]
    assert len(doc.wrong_speaker) == 1 and doc.wrong_speaker[0][1].speaker is None


def test_split_content_is_the_union_of_its_pieces() -> None:
    text = "“The plan,” she said, “is dead.”"
    gold = GoldDoc(
        "s",
        text,
        (GoldQuote(content=(span(text, "“The plan,”"), span(text, "“is dead.”")), kind="direct"),),
    )
    whole = Attribution(Quote(0, len(text), text, "direct"), None, None, 1.0, "t")
    one_piece = Attribution(Quote(0, 11, text[:11], "direct"), None, None, 1.0, "t")
    # gold words: The plan is dead (4); the whole span adds she, said: 4/6 >= .5
    assert score_document(gold, Article("s", text, (whole,))).counts["quotes_overlap_tp"] == 1
    # one piece: 2/4 = .5 still counts; exact needs the same four words
    assert score_document(gold, Article("s", text, (one_piece,))).counts["quotes_overlap_tp"] == 1
    assert score_document(gold, Article("s", text, (one_piece,))).counts["quotes_exact_tp"] == 0
    frags = Attribution(
        Quote(0, len(text), text, "direct", (Span(0, 11, text[:11]), Span(22, 32, text[22:32]))),
        None,
        None,
        1.0,
        "t",
    )
    assert score_document(gold, Article("s", text, (frags,))).counts["quotes_exact_tp"] == 1


def test_pronoun_speaker_strict_by_span_resolved_not_counted() -> None:
    system = Article(
        "d1", TEXT, (system_quote("that rain fell all day", "He", name="Bo", cue="added"),)
    )
    doc = score_document(GOLD, system)
    assert doc.counts["speaker_ok"] == 1 and doc.counts["name_n"] == 0
    named = Article(
        "d1", TEXT, (system_quote("the bridge was closed", "Anna Berg", name="Anna Berg"),)
    )
    assert score_document(GOLD, named).counts["name_ok"] == 1
    wrong = Article("d1", TEXT, (system_quote("the bridge was closed", "Anna Berg", name="Bo"),))
    assert score_document(GOLD, wrong).counts["name_ok"] == 0


@pytest.mark.parametrize(
    ("system_name", "right"),
    [
        ("Anna Berg", True),
        ("Anna L. Berg Jr.", True),
        ("Berg", True),
        ("Mrs. Anna Berg", True),
        ("Lena Berg", False),
        ("Anna Holm", False),
    ],
)
def test_a_resolved_name_must_name_the_same_person(system_name: str, right: bool) -> None:
    """Relatives share a surname: `Lena Berg` does not name `Anna Berg`."""
    att = system_quote("the bridge was closed", "Anna Berg", name=system_name)
    assert score_document(GOLD, Article("d1", TEXT, (att,))).counts["name_ok"] == int(right)


@pytest.mark.parametrize(
    ("gold", "names"),
    [
        ("Mr. King, 82,", ["Mr. King, 82,", "Mr. King"]),
        (
            "Clinton, the former secretary of State",
            ["Clinton, the former secretary of State", "Clinton"],
        ),
        ("Mr. Morgan of the Sierra Club", ["Mr. Morgan of the Sierra Club", "Mr. Morgan"]),
        (
            "The minister of the economy, Mr. Guajardo Villarreal,",
            ["The minister of the economy, Mr. Guajardo Villarreal,", "Mr. Guajardo Villarreal"],
        ),
        ("Kall -- co-editor of a book --", ["Kall -- co-editor of a book --", "Kall"]),
        ("Mr. Grassley and Mr. Leahy", ["Mr. Grassley and Mr. Leahy"]),
        ("E.U. leaders", ["E.U. leaders"]),
        ("a Clinton surrogate", ["a Clinton surrogate"]),
    ],
)
def test_the_names_a_gold_span_is_compared_by(gold: str, names: list[str]) -> None:
    assert gold_names(gold) == names


def test_the_words_that_let_a_name_run_on_come_from_the_name_rules() -> None:
    gold = "Senator Cruz from Texas"
    assert gold_names(gold) == [gold]
    names = replace(load_names(), name_goes_on=frozenset({"from"}))
    assert gold_names(gold, names) == [gold, "Senator Cruz"]


def test_a_name_with_its_apposition_in_gold_and_a_labelled_nominal() -> None:
    text = "Berg, 82, said the bridge was closed. The mayor said it would open."
    apposition = GoldQuote(content=((15, 36),), speaker=((0, 8),), speaker_text="Berg, 82,")
    system = Attribution(
        Quote(15, 36, text[15:36], "indirect"), None, Mention(0, 4, "Berg", "Anna Berg"), 0.9, "t"
    )
    assert name_right(apposition, system) is True
    assert name_right(apposition, system, whole_span=True) is False
    nominal = GoldQuote(content=((47, 65),), speaker=((38, 47),), speaker_text="The mayor")
    mayor = Attribution(
        Quote(47, 65, text[47:65], "indirect"),
        None,
        Mention(38, 47, "The mayor", "Ola Moe"),
        0.9,
        "t",
    )
    assert name_right(nominal, mayor) is False
    labelled = GoldQuote(
        content=((47, 65),), speaker=((38, 47),), speaker_text="The mayor", speaker_name="Ola Moe"
    )
    assert name_right(labelled, mayor) is True
    as_written = Attribution(
        Quote(47, 65, text[47:65], "indirect"),
        None,
        Mention(38, 47, "The mayor", "The mayor"),
        0.9,
        "t",
    )
    assert name_right(labelled, as_written) is False


def test_missing_documents_and_empty_outputs() -> None:
    other = GoldDoc("d2", TEXT, (gold_quote("the bridge was closed", "Anna Berg"),))
    summary, _ = evaluate([GOLD, other], [Article("d1", TEXT, ())], bootstrap=0)
    ov = summary["quotes_overlap"]
    assert (ov["tp"], ov["fp"], ov["fn"]) == (0, 0, 4)
    assert (ov["p"], ov["r"], ov["f1"]) == (0.0, 0.0, 0.0)
    assert summary["missing_documents"] == 1 and summary["failed_documents"] == 1
    failed = Article(
        "d1", TEXT, (system_quote("the bridge was closed", "Anna Berg"),), error="boom"
    )
    summary, _ = evaluate([GOLD], [failed], bootstrap=0)
    assert summary["quotes_overlap"]["tp"] == 0 and summary["failed_documents"] == 1


def test_claim_types_and_disputed() -> None:
    pairs = [
        ("official_statement", "official_statement"),
        ("official_statement", "other"),
        ("personal_account", "personal_account"),
        ("other", "other"),
        ("other", "none"),
    ]
    fig = claim_figures(pairs)
    assert fig["labels"]["official_statement"]["p"] == 1.0
    assert fig["labels"]["official_statement"]["r"] == 0.5
    assert fig["labels"]["other"]["p"] == 0.5 and fig["labels"]["other"]["r"] == 0.5
    assert fig["macro_f1"] == pytest.approx((2 / 3 + 1.0 + 0.5) / 3)
    assert fig["confusion"]["other"]["none"] == 1
    gold = GoldDoc(
        "c",
        TEXT,
        (
            gold_quote(
                "the bridge was closed", "Anna Berg", claim_type="official_statement", disputed=True
            ),
        ),
    )
    sys = Article(
        "c",
        TEXT,
        (system_quote("the bridge was closed", "Anna Berg", claim_type="other", disputed=True),),
    )
    summary, _ = evaluate([gold], [sys], bootstrap=0)
    assert summary["claim_type"]["confusion"]["official_statement"]["other"] == 1
    assert summary["disputed"]["tp"] == 1 and summary["disputed"]["f1"] == 1.0


def test_bootstrap_interval_brackets_the_estimate() -> None:
    docs, answers = [], []
    for i in range(12):
        docs.append(GoldDoc(f"d{i}", TEXT, GOLD.quotes))
        keep = GOLD.quotes[: 1 + i % 3]
        answers.append(
            Article(
                f"d{i}",
                TEXT,
                tuple(system_quote(TEXT[q.start : q.end], q.speaker_text) for q in keep),
            )
        )
    summary, _ = evaluate(docs, answers, bootstrap=300)
    lo, hi = summary["quotes_overlap"]["ci95"]
    assert lo <= summary["quotes_overlap"]["f1"] <= hi and lo < hi
    assert evaluate(docs, answers, bootstrap=300)[0]["quotes_overlap"]["ci95"] == [lo, hi]


def test_a_possessive_gold_speaker_is_a_pronoun_and_gives_no_name() -> None:
    text = "His aides said the bridge was closed."
    gold = GoldQuote(content=((15, 36),), speaker=((0, 3),), speaker_text="His")
    system = Attribution(
        Quote(15, 36, text[15:36], "indirect"), None, Mention(0, 3, "His", "Bo Holm"), 0.9, "t"
    )
    assert name_right(gold, system) is None
