"""HTML reports, speakers and the corpus index without a browser (attribution/report/)."""

from __future__ import annotations

import base64
import csv
import dataclasses
import hashlib
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from report_articles import (
    HOSTILE_ID,
    HOSTILE_NAME,
    HOSTILE_REASON,
    HOSTILE_TEXT,
    claims_article,
    hostile_article,
)

from attribution import Analyzer
from attribution.formats.writers import CSV_COLUMNS
from attribution.report.digest import SPEAKER_COLUMNS, Corpus, digest, speaker_rows
from attribution.report.writer import ReportWriter, render_article, render_index, text_tokens
from attribution.schema import Article


class Page(HTMLParser):
    """A parsed page: every element with its attributes, and the text outside scripts."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.texts: list[str] = []
        self._in_script = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        (self.scripts if self._in_script else self.texts).append(data)

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [
            a
            for t, a in self.elements
            if t == tag and all(a.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]

    @property
    def text(self) -> str:
        return "".join(self.texts)


def test_digest_groups_speakers_counts_claims_and_pairs_disputes() -> None:
    d = digest(claims_article())
    names = [s.name for s in d.speakers]
    assert names == [
        "the Mayor’s Office",
        "Ana Lindqvist",
        "Tomás Ortega",
        "the council report",
        "Jo",
        None,
    ]
    ortega = d.speakers[2]
    assert dict(ortega.mentions) == {"he": 1} and ortega.quotes == [2]
    assert ortega.claim_mix() == [("personal_account", "Personal account", 1)]
    assert d.speakers[-1].claim_mix() == [("unclassified", "Not classified", 1)]
    (pair,) = d.pairs
    assert (pair.quote, pair.target) == (2, 1)
    assert (d.speaker(pair.by).name, d.speaker(pair.of).name) == ("Tomás Ortega", "Ana Lindqvist")
    assert d.lone_disputed == []
    assert d.review == [False, False, False, False, True, True]
    assert d.has_claims and d.has_disputes


def test_disputes_named_from_either_side_or_out_of_range_are_paired_once() -> None:
    article = claims_article()
    atts = list(article.attributions)
    from dataclasses import replace

    atts[2] = replace(atts[2], disputes=(1, 99, 2))  # 99: no such quote; 2: itself
    atts[3] = replace(atts[3], disputed=True, dispute_reason="nobody answers it")
    d = digest(replace(article, attributions=tuple(atts)))
    assert [(p.quote, p.target) for p in d.pairs] == [(2, 1)]
    assert d.lone_disputed == [3]


def test_speaker_rows_one_per_resolved_speaker() -> None:
    rows = speaker_rows(digest(claims_article()))
    assert [r["speaker"] for r in rows] == [
        "the Mayor’s Office",
        "Ana Lindqvist",
        "Tomás Ortega",
        "the council report",
        "Jo",
    ]
    ortega = rows[2]
    assert ortega["disputes"] == "Ana Lindqvist" and ortega["personal_account"] == 1
    assert rows[1]["disputed_by"] == "Tomás Ortega" and rows[1]["disputed"] == 1
    assert set(rows[0]) == set(SPEAKER_COLUMNS)


def test_blank_line_runs_become_gaps_and_the_text_stays_exact() -> None:
    from dataclasses import replace

    article = claims_article()
    text = article.text.replace("\n\n", "\n \n\n\n", 1)
    shift = len(text) - len(article.text)
    atts = tuple(
        replace(
            a,
            quote=replace(a.quote, start=a.quote.start + shift, end=a.quote.end + shift),
            cue=None,
            speaker=None,
        )
        for a in article.attributions
    )
    toks = text_tokens(digest(replace(article, text=text, attributions=atts)))
    assert "".join(t.text for t in toks) == text
    gaps = [t.text for t in toks if t.kind == "gap"]
    assert gaps[0] == "\n \n\n\n" and all(g.count("\n") >= 2 for g in gaps)
    assert len(gaps) == 6  # seven paragraphs


def test_article_page_highlights_every_quote_and_lists_it_in_the_table() -> None:
    article = claims_article()
    page = Page(render_article(article))
    for i, att in enumerate(article.attributions):
        assert page.find("mark", data_quote_id=str(i), id=f"q-{i}"), f"quote {i} not highlighted"
        (row,) = page.find("tr", data_quote_id=str(i), id=f"row-{i}")
        assert page.find("a", href=f"#row-{i}", data_quote_id=str(i)), "no link from text to row"
        assert page.find("a", href=f"#q-{i}"), "no link from row to text"
        assert row["data-claim"] == (att.claim_type or "unclassified")
    assert page.find("tr", id="row-1")[0]["data-disputed"] == "yes"
    assert page.find("tr", id="row-3")[0]["data-disputed"] == "unknown"
    assert page.find("tr", id="row-4")[0]["data-review"] == "yes"
    assert "Tomás Ortega" in page.text and "disputes" in page.text
    assert page.find("li", data_by="s3", data_of="s2"), "dispute pair missing"
    assert page.find("select", name="claim") and page.find("select", name="disputed")
    assert len(page.find("th")) == 7


def test_each_quote_has_an_evidence_row_in_plain_words_and_a_citation() -> None:
    article = claims_article()
    html = render_article(article)
    page = Page(html)
    for i, att in enumerate(article.attributions):
        assert page.find("tr", id=f"why-{i}", data_for=str(i))
        (toggle,) = page.find("button", aria_controls=f"why-{i}")
        assert toggle["aria-expanded"] == "false"
        (copy,) = page.find("button", aria_label=f"Copy citation of quote {i}")
        citation = copy["data-citation"] or ""
        assert " ".join(att.quote.text.split()) in citation
        assert article.id in citation and f"quote #{i}" in citation
        name = att.speaker.name if att.speaker and att.speaker.name else "speaker not identified"
        assert name in citation
    # the evidence in words, with the rule ids kept beneath for the technical reader
    assert "found by the cue \u2018said\u2019: the clause it introduces" in page.text
    assert "decided by the trained claim-type classifier (score 0.91)" in page.text
    assert "<code>cue.clause</code>" in html
    assert 'contested by <a href="#row-2">#2</a>' in html


def test_article_without_claims_or_disputes_degrades_to_a_note(analyzer: Analyzer) -> None:
    text = "“The bridge is closed,” the engineer said. Police said nobody was hurt."
    analysed = analyzer.analyze(text, id="bridge")
    unflagged = tuple(
        dataclasses.replace(a, claim_type=None, disputed=None, dispute_reason=None)
        for a in analysed.attributions
    )
    page = Page(render_article(dataclasses.replace(analysed, attributions=unflagged)))
    assert not page.find("select", name="claim") and not page.find("select", name="disputed")
    assert "Claim types and disputes were not analysed for this article." in page.text
    assert len(page.find("th")) == 5, "claim type and disputed columns should be left out"
    assert "Disputes" not in page.text
    assert len(page.find("tr", data_claim="unclassified")) == 2


def test_article_markup_in_the_data_is_shown_as_text_everywhere() -> None:
    html = render_article(hostile_article())
    page = Page(html)
    assert not page.find("img") and not page.find("svg") and not page.find("b")
    assert len(page.scripts) == 1 and "__xss" not in page.scripts[0]
    for needle in (HOSTILE_ID, HOSTILE_NAME, HOSTILE_REASON, "<script>window.__xss = 2</script>"):
        assert needle in page.text
    assert HOSTILE_TEXT.splitlines()[0] in page.text
    handlers = [k for _, attrs in page.elements for k in attrs if k.startswith("on")]
    assert handlers == []
    assert "&lt;script&gt;window.__xss = 2&lt;/script&gt;" in html


def test_page_is_self_contained_and_allows_only_its_own_script() -> None:
    html = render_article(claims_article())
    page = Page(html)
    (csp,) = page.find("meta", http_equiv="Content-Security-Policy")
    policy = csp["content"] or ""
    assert "default-src 'none'" in policy
    (script,) = page.scripts
    digest_ = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"'sha256-{digest_}'" in policy and "unsafe-inline" not in policy.split("script-src")[1]
    for _, attrs in page.elements:
        for name in ("src", "href", "srcset", "action", "data"):
            value = attrs.get(name)
            assert value is None or value.startswith("#"), f"{name}={value} leaves the page"
    assert "@import" not in html and "url(" not in html


def test_index_lists_articles_speakers_and_claim_charts_as_html_bars() -> None:
    corpus = Corpus()
    corpus.add(digest(claims_article()), "riverside-library.html")
    corpus.add(digest(Article("broken", "", error="empty article: no text")), None)
    html = render_index(corpus)
    page = Page(html)
    assert page.find("a", href="riverside-library.html")
    assert "empty article: no text" in page.text
    assert page.find("figure", id="chart-claims") and page.find("figure", id="chart-speakers")
    assert not page.find("svg")
    assert "Official statement" in page.text and "Tomás Ortega" in page.text
    assert len(page.scripts) == 1
    assert "<!--" not in html
    assert render_index(corpus) == html, "the index is not deterministic"
    assert corpus.articles[0].claims == {
        "official_statement": 2,
        "personal_account": 2,
        "other": 1,
        "unclassified": 1,
    }


def test_index_without_claims_says_so_instead_of_an_empty_chart() -> None:
    corpus = Corpus()
    corpus.add(digest(Article("none", "Nothing was said here.")), "none.html")
    page = Page(render_index(corpus))
    assert "Claim types were not analysed in this batch." in page.text
    assert not page.find("figure", id="chart-claims")
    assert not page.find("figure", id="chart-speakers")


def test_writer_streams_pages_csvs_and_index(tmp_path: Path) -> None:
    writer = ReportWriter(tmp_path / "out")
    writer.write(claims_article())
    writer.write(claims_article())  # same id twice: two pages
    writer.write(Article("index", "Index is a reserved name, the editor said."))
    writer.write(Article("broken", "", error="empty article: no text"))
    writer.write(hostile_article())
    writer.close()
    out = tmp_path / "out"
    names = sorted(p.name for p in out.iterdir())
    assert "riverside-library.html" in names and "riverside-library-2.html" in names
    assert "index-2.html" in names and "broken.html" not in names
    assert {"index.html", "quotes.csv", "speakers.csv", "articles.csv"} <= set(names)
    footer = (out / "index.html").read_text("utf-8")
    assert "quotes.csv, speakers.csv and articles.csv beside this page" in footer
    assert len([n for n in names if n.endswith(".html")]) == 5

    raw = (out / "quotes.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    quotes = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert list(quotes[0]) == CSV_COLUMNS
    assert len(quotes) == 6 + 6 + 1 + 2
    assert any(r["article_id"] == "broken" and r["error"] for r in quotes)
    assert quotes[2]["speaker_name"] == "Tomás Ortega" and quotes[2]["quote"].startswith("“I have")

    with (out / "speakers.csv").open(encoding="utf-8-sig", newline="") as handle:
        speakers = list(csv.DictReader(handle))
    assert list(speakers[0]) == SPEAKER_COLUMNS
    assert [r["speaker"] for r in speakers[:5]] == [
        "the Mayor’s Office",
        "Ana Lindqvist",
        "Tomás Ortega",
        "the council report",
        "Jo",
    ]
    eve = next(r for r in speakers if r["speaker"] == HOSTILE_NAME)
    assert eve["mentions"] == 'Eve "><img src=x onerror="window.__xss=3">'
    assert eve["disputed"] == "1" and eve["disputed_by"] == "Mallory"

    index = Page((out / "index.html").read_text("utf-8"))
    links = [a["href"] for a in index.find("a") if a.get("href", "").endswith(".html")]  # type: ignore[union-attr]
    assert sorted(links) == sorted(n for n in names if n.endswith(".html") and n != "index.html")
    back = Page((out / "riverside-library.html").read_text("utf-8"))
    assert back.find("a", href="index.html")


def test_csv_only_writer_writes_no_pages(tmp_path: Path) -> None:
    writer = ReportWriter(tmp_path, html=False)
    writer.write(claims_article())
    writer.close()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["articles.csv", "quotes.csv", "speakers.csv"]


def test_reports_and_their_csvs_do_not_load_spacy(tmp_path: Path) -> None:
    code = (
        "import sys, pathlib; sys.path.insert(0, 'tests');"
        "from report_articles import claims_article;"
        "from attribution.report.writer import ReportWriter;"
        f"w = ReportWriter(pathlib.Path({str(tmp_path)!r}));"
        "w.write(claims_article()); w.close();"
        "assert 'spacy' not in sys.modules, 'spacy imported'"
    )
    root = Path(__file__).parent.parent
    proc = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "index.html").is_file() and (tmp_path / "riverside-library.html").is_file()


@pytest.mark.parametrize("bad", ["file", "file/sub"])
def test_writer_reports_an_unwritable_folder_in_one_line(tmp_path: Path, bad: str) -> None:
    from attribution.report.writer import ReportError

    (tmp_path / "file").write_text("x")
    with pytest.raises(ReportError) as info:
        ReportWriter(tmp_path / bad)
    assert "\n" not in str(info.value) and "cannot write" in str(info.value)


def test_each_claim_decision_shows_the_words_behind_it(analyzer: Analyzer) -> None:
    """The evidence list names the words a claim-type or dispute rule fired on
    (`denied`), not only the rule id, so a reader can check the decision."""
    text = (
        "The transport ministry denied that the bridge had been closed for repairs. "
        "A spokeswoman for the ministry said the bridge would stay open."
    )
    article = analyzer.analyze(text)
    denial = next(a for a in article.attributions if a.cue and a.cue.text == "denied")
    rule = next(e for e in denial.evidence if e.step == "disputed" and e.method == "rule")
    assert rule.words == "denied"
    html = render_article(article)
    assert f'<code>{rule.rule_id}</code> <span class="words">denied</span>' in html


def test_bar_chart_measures_each_bar_against_the_longest_and_keeps_the_value_as_text() -> None:
    from attribution.report.charts import bar_chart

    chart = bar_chart("x", [("Ana", 115), ("Jo", 23), ("Eve", 0)], colours=("#111", "#222"))
    assert [b.percent for b in chart.bars] == [100.0, 20.0, 0.0]
    assert [b.colour for b in chart.bars] == ["#111", "#222", "#111"]
    assert chart.summary == "Ana 115, Jo 23, Eve 0"
    assert all(b.percent == 0.0 for b in bar_chart("y", [("none", 0)]).bars)
    corpus = Corpus()
    corpus.add(digest(claims_article()), "riverside-library.html")
    html = render_index(corpus)
    (figure,) = Page(html).find("figure", id="chart-claims")
    assert "Official statement 2" in (figure["aria-label"] or "")
    assert '<span class="bar empty"' in html, "a zero bar is drawn empty, not as a sliver"
