"""HTML reports: one self-contained page per article and an index for a batch.

Templates live in `reports/` (shipped as `attribution/_data/reports`) and are rendered by
Jinja2 with autoescaping on: article text, ids, names and reasons are data and are
escaped everywhere. Pages carry their CSS and script inline and a Content-Security-Policy
that allows no request and no script but their own, so a report opens from disk, works
offline and cannot be made to run an article's `<script>`.

`ReportWriter` streams a batch into a folder: `<article>.html` per article, `quotes.csv`
and `speakers.csv` as it goes, and `index.html` at the end from the small per-article
summaries it kept (never whole articles), so memory stays flat however long the batch.
"""

from __future__ import annotations

import base64
import contextlib
import csv
import hashlib
import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import IO, TYPE_CHECKING

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from attribution.formats.writers import CsvWriter, UniqueNames, atomic_output, csv_cell
from attribution.report.charts import Chart, bar_chart
from attribution.report.digest import (
    ARTICLE_COLUMNS,
    CLAIM_LABELS,
    REVIEW_BELOW,
    SPEAKER_COLUMNS,
    UNCLASSIFIED,
    Corpus,
    Digest,
    article_row,
    claim_key,
    digest,
    headline,
    speaker_rows,
)
from attribution.report.highlight import Mark, Token, tokens
from attribution.report.phrases import PHRASES_FILE, Phrases, load_phrases
from attribution.resources import PACKAGE, bundled_dir
from attribution.schema import CLAIM_TYPES, OFFICIAL_STATEMENT, OTHER_CLAIM, PERSONAL_ACCOUNT
from attribution.version import __version__

if TYPE_CHECKING:
    from attribution.schema import Article, Attribution

# Speaker colours: (ink, tint). Inks reach 4.5:1 on white, tints keep black text above 12:1.
PALETTE = (
    ("#1f5fa8", "#dce9f9"),
    ("#a84f00", "#fde5cc"),
    ("#2b7a30", "#d9f0d6"),
    ("#b3261e", "#fbdcd9"),
    ("#6a3d9a", "#ebe0f5"),
    ("#00756a", "#d0efea"),
    ("#b0195a", "#fbdbe8"),
    ("#6b5a00", "#f3ebc2"),
    ("#7a4a3a", "#f0e1da"),
    ("#3d5566", "#dfe7ec"),
)

NO_COLOUR = ("#5f6770", "#eceef0")
CLAIM_COLOURS: dict[str, str] = {
    OFFICIAL_STATEMENT: "#1f5fa8",
    PERSONAL_ACCOUNT: "#a84f00",
    OTHER_CLAIM: "#6a3d9a",
    UNCLASSIFIED: "#8a939c",
}
KIND_COLOURS = {"direct": "#2b7a30", "mixed": "#00756a", "indirect": "#3d5566"}


class ReportError(Exception):
    """The report folder or one of its files cannot be written (a one-line message)."""


def bundled_reports_dir() -> Path:
    """The report templates shipped with the package (wheel) or beside it (checkout)."""
    found = bundled_dir("reports", "article.html.j2")
    if found is None:
        raise ReportError(
            f"{PACKAGE}: the bundled report templates are missing; reinstall attribution"
        )
    return found


@lru_cache(maxsize=4)
def environment(folder: str | None = None) -> Environment:
    """The Jinja2 environment for a template folder (default: the bundled templates)."""
    env = Environment(
        loader=FileSystemLoader(folder or str(bundled_reports_dir())),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        palette=PALETTE,
        no_colour=NO_COLOUR,
        claim_labels=CLAIM_LABELS,
        claim_types=CLAIM_TYPES,
        claim_colours=CLAIM_COLOURS,
        unclassified=UNCLASSIFIED,
        version=__version__,
    )
    env.filters["claim_key"] = claim_key
    return env


def _asset(env: Environment, name: str) -> tuple[Markup, str]:
    """An inline script, trusted (it is ours), with its CSP hash."""
    loader = env.loader
    assert loader is not None
    source = loader.get_source(env, name)[0]
    digest_ = base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode()
    return Markup(source), f"'sha256-{digest_}'"


def text_tokens(d: Digest) -> list[Token]:
    """The article text as highlight tokens: quotes (by fragment), cues and mentions."""
    marks: list[Mark] = []
    refs: list[tuple[int, int]] = []
    for i, att in enumerate(d.article.attributions):
        key = d.speaker_of[i]
        pieces = att.quote.fragments or (att.quote,)
        marks.extend(Mark(p.start, p.end, "quote", (i,), key) for p in pieces)
        if att.cue is not None:
            marks.append(Mark(att.cue.start, att.cue.end, "cue", (i,), key))
        if att.speaker is not None:
            marks.append(Mark(att.speaker.start, att.speaker.end, "speaker", (i,), key))
        refs.append((att.quote.end, i))
    return list(_paragraph_gaps(tokens(d.article.text, marks, refs)))


PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")


def _paragraph_gaps(toks: list[Token]) -> Iterator[Token]:
    """Text tokens with each run of blank lines split out as a `gap` token.

    The page shows every gap at one height, however many blank lines the source has,
    while the text in the page stays exactly the article's (the gap keeps its newlines).
    """
    for t in toks:
        if t.kind != "text" or "\n" not in t.text:
            yield t
            continue
        last = 0
        for m in PARAGRAPH_BREAK.finditer(t.text):
            if m.start() > last:
                yield Token("text", t.text[last : m.start()])
            yield Token("gap", m.group())
            last = m.end()
        if last < len(t.text):
            yield Token("text", t.text[last:])


def phrases_for(templates: str | None = None) -> Phrases:
    """The evidence phrases of a template folder, or the bundled ones when it has none."""
    path = Path(templates or bundled_reports_dir()) / PHRASES_FILE
    return load_phrases(path if path.is_file() else bundled_reports_dir() / PHRASES_FILE)


def quote_text(att: Attribution) -> str:
    """A quote as one line: the pieces of a split quote joined by `[…]`."""
    pieces = [f.text for f in att.quote.fragments] or [att.quote.text]
    return " […] ".join(" ".join(p.split()) for p in pieces)


def citation(article: Article, index: int, title: str | None) -> str:
    """What the "copy citation" button copies: the quote, who said it, and where."""
    att = article.attributions[index]
    speaker = att.speaker.name if att.speaker is not None and att.speaker.name else None
    where = f"\u201c{title}\u201d, article {article.id}" if title else f"article {article.id}"
    return (
        f"\u201c{quote_text(att)}\u201d\n"
        f"\u2014 {speaker or 'speaker not identified'} ({where}, quote #{index})"
    )


def render_article(
    article: Article,
    *,
    index_href: str | None = None,
    review_below: float = REVIEW_BELOW,
    templates: str | None = None,
) -> str:
    """The HTML report of one analysed article, as one self-contained page."""
    d = digest(article, review_below=review_below)
    return render_digest(d, index_href=index_href, review_below=review_below, templates=templates)


def render_digest(
    d: Digest,
    *,
    index_href: str | None = None,
    review_below: float = REVIEW_BELOW,
    templates: str | None = None,
) -> str:
    """`render_article` for an article already digested."""
    env = environment(templates)
    script, script_hash = _asset(env, "article.js")
    colour = {s.key: f"c{s.colour % len(PALETTE)}" if s.colour >= 0 else "cx" for s in d.speakers}
    phrases = phrases_for(templates)
    title = headline(d.article.text)
    atts = d.article.attributions
    return env.get_template("article.html.j2").render(
        d=d,
        article=d.article,
        atts=d.article.attributions,
        tokens=text_tokens(d),
        colour=colour,
        headline=title,
        reasons=[phrases.explain(a) for a in atts],
        dispute_reason=phrases.dispute_reason,
        citations=[citation(d.article, i, title) for i in range(len(atts))],
        columns=5 + d.has_claims + d.has_disputes,
        index_href=index_href,
        review_below=review_below,
        script=script,
        script_hash=script_hash,
    )


def render_index(corpus: Corpus, *, templates: str | None = None, top: int = 15) -> str:
    """The corpus summary page: articles table, most quoted speakers, claim-type charts."""
    env = environment(templates)
    script, script_hash = _asset(env, "index.js")
    speakers = corpus.top_speakers(top)
    charts: dict[str, Chart | None] = {
        "kinds": bar_chart(
            "kinds",
            [(k, corpus.kinds.get(k, 0)) for k in ("direct", "mixed", "indirect")],
            colours=[KIND_COLOURS[k] for k in ("direct", "mixed", "indirect")],
            title="Quotes by kind",
        ),
        "speakers": bar_chart(
            "speakers",
            [(name, quotes) for name, quotes, _ in speakers],
            colours=[PALETTE[0][0]],
            title="Most quoted speakers",
        )
        if speakers
        else None,
        "claims": None,
    }
    if corpus.has_claims:
        keys = [*CLAIM_TYPES, UNCLASSIFIED]
        charts["claims"] = bar_chart(
            "claims",
            [(CLAIM_LABELS.get(k, "Not classified"), corpus.claims.get(k, 0)) for k in keys],
            colours=[CLAIM_COLOURS[k] for k in keys],
            title="Quotes by claim type",
        )
    return env.get_template("index.html.j2").render(
        corpus=corpus,
        speakers=speakers,
        charts=charts,
        script=script,
        script_hash=script_hash,
        title="Attribution report",
    )


def page_namer() -> Callable[[str], str]:
    """The page file names of one batch's articles, asked for in the order they are
    written: `safe_name` made unique, never `index.html`. `ReportWriter` names its pages
    with it, and the evaluation's error lists link to the same names."""
    names = UniqueNames(taken=("index",))
    return lambda article_id: f"{names.name_for(article_id)}.html"


class ReportWriter:
    """Writes a batch's reports into `folder` as articles stream in; `close` adds the index.

    With `html=False` only the CSV set is written: `quotes.csv`, `speakers.csv` and
    `articles.csv`.
    """

    def __init__(
        self, folder: Path, *, html: bool = True, review_below: float = REVIEW_BELOW
    ) -> None:
        self.folder = folder
        self.html = html
        self.review_below = review_below
        self.corpus = Corpus()
        self.page_file = page_namer()
        self._pending: list[contextlib.AbstractContextManager[IO[str]]] = []
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._quotes_file = self._open("quotes.csv")
            self._speakers_file = self._open("speakers.csv")
            self._articles_file = self._open("articles.csv")
        except OSError as exc:
            raise ReportError(f"cannot write to {folder}: {exc.strerror or exc}") from None
        self.quotes = CsvWriter(self._quotes_file)
        self.speakers = csv.DictWriter(self._speakers_file, fieldnames=SPEAKER_COLUMNS)
        self.speakers.writeheader()
        self.articles = csv.DictWriter(self._articles_file, fieldnames=ARTICLE_COLUMNS)
        self.articles.writeheader()

    def _open(self, name: str) -> IO[str]:
        """A CSV file written under a temporary name until `close` renames it into place."""
        opened = atomic_output(self.folder / name, encoding="utf-8-sig", newline="")
        handle = opened.__enter__()
        self._pending.append(opened)
        return handle

    def file_for(self, article_id: str) -> str:
        """A file name for an article's report, unique within this batch."""
        return self.page_file(article_id)

    def write(self, article: Article) -> None:
        """Add one article: its CSV rows, its page (unless it failed) and its index row."""
        d = digest(article, review_below=self.review_below)
        file = None
        try:
            self.quotes.write(article)
            for row in speaker_rows(d):
                self.speakers.writerow({k: csv_cell(v) for k, v in row.items()})
            self.articles.writerow({k: csv_cell(v) for k, v in article_row(d).items()})
            if self.html and article.error is None:
                file = self.file_for(article.id)
                page = render_digest(d, index_href="index.html", review_below=self.review_below)
                with atomic_output(self.folder / file) as handle:
                    handle.write(page)
        except OSError as exc:
            raise ReportError(f"cannot write to {self.folder}: {exc.strerror or exc}") from None
        self.corpus.add(d, file)

    def abort(self) -> None:
        """Give up the run: remove the CSV files' temporary names, leave no partial file."""
        while self._pending:
            with contextlib.suppress(Exception):
                self._pending.pop(0).__exit__(ReportError, ReportError("aborted"), None)

    def close(self) -> None:
        """Finish the CSV files and, for HTML, write `index.html`."""
        try:
            while self._pending:
                self._pending.pop(0).__exit__(None, None, None)
            if self.html:
                page = render_index(self.corpus)
                with atomic_output(self.folder / "index.html") as handle:
                    handle.write(page)
        except OSError as exc:
            raise ReportError(f"cannot write to {self.folder}: {exc.strerror or exc}") from None
