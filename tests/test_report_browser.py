"""The reports in a real browser: Debian's headless Chromium driven by selenium.

Checks through the DOM what a fact-checker sees: every quote of the JSON output is
highlighted in the text and listed in the table, links go both ways, the filters hide
and show rows, article markup stays text, and the page requests nothing but itself
(Chromium's performance log lists every request a page makes).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from report_articles import claims_article, hostile_article

from attribution import Article, article_to_dict
from attribution.report.digest import REVIEW_BELOW
from attribution.report.writer import ReportWriter, render_article

pytestmark = pytest.mark.slow

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,1000",
)
ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    if not chromium or not driver_path:
        message = "Debian's chromium and chromium-driver are needed (see the README test command)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    os.environ.setdefault("SE_AVOID_STATS", "true")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(driver_path))
    try:
        yield driver
    finally:
        driver.quit()


def load(browser: Any, path: Path) -> list[str]:
    """Open a page; the URLs of every request it made while loading."""
    browser.get_log("performance")  # drop what earlier pages logged
    browser.get(path.as_uri())
    browser.execute_script("return document.readyState")
    return requested(browser)


def requested(browser: Any) -> list[str]:
    urls = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] in ("Network.requestWillBeSent", "Network.webSocketCreated"):
            params = message["params"]
            urls.append(params.get("request", {}).get("url") or params.get("url", ""))
    return urls


def assert_offline(urls: list[str]) -> None:
    leaving = [u for u in urls if not u.startswith(("file:", "data:"))]
    assert urls, "the performance log saw no request at all, not even the page"
    assert leaving == [], f"the page made network requests: {leaving}"


def js(browser: Any, script: str, *args: Any) -> Any:
    return browser.execute_script(script, *args)


def visible_rows(browser: Any) -> list[int]:
    return js(
        browser,
        "return Array.from(document.querySelectorAll('table.quotes tr[data-quote-id]'))"
        ".filter(r => r.offsetParent !== null).map(r => Number(r.dataset.quoteId));",
    )


def choose(browser: Any, name: str, label: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element(By.NAME, name)).select_by_visible_text(label)


def test_control_the_request_log_sees_a_page_that_calls_out(browser: Any, tmp_path: Path) -> None:
    page = tmp_path / "calls-out.html"
    page.write_text('<!DOCTYPE html><img src="http://127.0.0.1:9/pixel.png">', "utf-8")
    urls = load(browser, page)
    assert "http://127.0.0.1:9/pixel.png" in urls
    with pytest.raises(AssertionError):
        assert_offline(urls)


def test_example_report_shows_every_quote_and_filters_rows(
    browser: Any, example_article: Article, example_text: str, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    article = example_article
    record = json.loads(json.dumps(article_to_dict(article)))
    quotes = record["quotes"]
    assert len(quotes) >= 10
    page = tmp_path / "harbour-strike.html"
    page.write_text(render_article(article), "utf-8")
    assert_offline(load(browser, page))
    assert js(browser, "return document.getElementById('text').textContent") == example_text

    colours: dict[str, set[str]] = {}
    for i, q in enumerate(quotes):
        pieces = [example_text[a:b] for a, b in q["fragments"]] or [q["text"]]
        shown = js(
            browser,
            "const marks = document.querySelectorAll("
            "`#text mark[data-quote-id='${arguments[0]}']`);"
            "return {text: Array.from(marks).map(m => m.textContent).join(''),"
            " bg: marks.length ? getComputedStyle(marks[0]).backgroundColor : null,"
            " visible: Array.from(marks).every(m => m.getClientRects().length > 0)};",
            i,
        )
        assert shown["text"] == "".join(pieces), f"quote {i} is not highlighted as in the JSON"
        assert shown["visible"] and shown["bg"] not in (None, "rgba(0, 0, 0, 0)")
        name = (q["speaker"] or {}).get("name") or ""
        colours.setdefault(name, set()).add(shown["bg"])

        row = browser.find_element(By.ID, f"row-{i}")
        assert row.is_displayed()
        cell = row.find_element(By.CSS_SELECTOR, ".quote-cell").text
        assert cell.replace(" […] ", "") == "".join(pieces).replace("\n", " ")
        if name:
            assert name in row.find_element(By.CSS_SELECTOR, ".speaker-cell").text
        assert browser.find_element(By.CSS_SELECTOR, f"#text a[href='#row-{i}']")
    assert all(len(c) == 1 for c in colours.values()), "one speaker, one colour"
    assert len({next(iter(c)) for c in colours.values()}) == len(colours), "speakers share a colour"

    # text -> table and back
    browser.find_element(By.CSS_SELECTOR, "#text a[href='#row-5']").click()
    assert js(browser, "return location.hash") == "#row-5"
    browser.find_element(By.CSS_SELECTOR, "#row-5 a.qnum").click()
    assert js(browser, "return location.hash") == "#q-5"

    everyone = list(range(len(quotes)))
    okafor = [i for i, q in enumerate(quotes) if (q["speaker"] or {}).get("name") == "Maria Okafor"]
    assert len(okafor) >= 3
    choose(browser, "speaker", f"Maria Okafor ({len(okafor)})")
    assert visible_rows(browser) == okafor
    dimmed = js(
        browser,
        "return Array.from(document.querySelectorAll('#text mark.q.dim'))"
        ".map(m => Number(m.dataset.quoteId));",
    )
    assert set(dimmed) == set(everyone) - set(okafor)
    assert f"{len(okafor)} of {len(quotes)} quotes" in browser.find_element(By.NAME, "shown").text

    browser.find_element(By.CSS_SELECTOR, "#filters button[type=reset]").click()
    assert visible_rows(browser) == everyone
    browser.find_element(By.NAME, "review").click()
    review = [i for i, q in enumerate(quotes) if q["confidence"] < REVIEW_BELOW]
    assert visible_rows(browser) == review
    browser.find_element(By.CSS_SELECTOR, "#filters button[type=reset]").click()

    # the speakers panel filters too
    browser.find_element(By.CSS_SELECTOR, "button[data-filter-speaker='s1']").click()
    first = quotes[0]["speaker"]["name"]
    assert visible_rows(browser) == [
        i for i, q in enumerate(quotes) if (q["speaker"] or {}).get("name") == first
    ]
    assert_offline([*requested(browser), page.as_uri()])


def test_claim_type_and_disputed_filters(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    page = tmp_path / "riverside.html"
    page.write_text(render_article(claims_article()), "utf-8")
    assert_offline(load(browser, page))
    assert visible_rows(browser) == [0, 1, 2, 3, 4, 5]
    choose(browser, "claim", "Personal account")
    assert visible_rows(browser) == [2, 4]
    choose(browser, "disputed", "Not disputed")
    assert visible_rows(browser) == [2, 4]
    choose(browser, "claim", "All claim types")
    choose(browser, "disputed", "Disputed")
    assert visible_rows(browser) == [1]
    choose(browser, "speaker", "Tomás Ortega (1)")
    assert visible_rows(browser) == []
    browser.find_element(By.CSS_SELECTOR, "#filters button[type=reset]").click()
    choose(browser, "claim", "Not classified")
    assert visible_rows(browser) == [5]
    browser.find_element(By.CSS_SELECTOR, "#filters button[type=reset]").click()
    browser.find_element(By.NAME, "review").click()
    assert visible_rows(browser) == [4, 5]  # confidence 0.55 and 0.6, below REVIEW_BELOW
    pair = browser.find_element(By.CSS_SELECTOR, ".disputes li").text
    assert "Tomás Ortega" in pair and "disputes" in pair and "Ana Lindqvist" in pair


def test_markup_in_an_article_stays_text_in_the_browser(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    page = tmp_path / "hostile.html"
    page.write_text(render_article(hostile_article()), "utf-8")
    assert_offline(load(browser, page))
    assert js(browser, "return window.__xss") is None
    assert js(browser, "return document.querySelectorAll('img, main svg, #text b').length") == 0
    text = browser.find_element(By.ID, "text").text
    assert "<script>window.__xss = 2</script> is not code" in text
    assert 'Eve "><img src=x onerror="window.__xss=3">' in text
    reason = browser.find_element(By.ID, "why-0").get_attribute("textContent")
    assert "</td></tr></table><script>" in reason


def test_index_sorts_and_links_every_article(
    browser: Any, example_article: Article, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    writer = ReportWriter(tmp_path)
    writer.write(example_article)
    writer.write(claims_article())
    writer.write(hostile_article())
    writer.close()
    assert_offline(load(browser, tmp_path / "index.html"))
    assert js(browser, "return document.querySelectorAll('figure.bars').length") == 3

    def column(n: int) -> list[str]:
        cells = browser.find_elements(By.CSS_SELECTOR, f"table.articles tbody td:nth-child({n})")
        return [c.text for c in cells]

    browser.find_element(
        By.XPATH, "//table[contains(@class,'articles')]//button[.='Quotes']"
    ).click()
    counts = [int(c) for c in column(2)]
    assert counts == sorted(counts, reverse=True) and counts[0] >= 10
    browser.find_element(
        By.XPATH, "//table[contains(@class,'articles')]//button[.='Quotes']"
    ).click()
    assert [int(c) for c in column(2)] == sorted(counts)

    link = browser.find_element(By.LINK_TEXT, "Council Votes to Close Riverside Library")
    row = link.find_element(By.XPATH, "./ancestor::td")
    assert "riverside-library" in row.text, "the id shows beside the headline"
    link.click()
    assert browser.current_url.endswith("/riverside-library.html")
    assert "Council Votes to Close Riverside Library" in browser.title
    assert_offline(requested(browser))


def set_width(browser: Any, width: int, height: int = 900) -> None:
    """Make the page's viewport `width` CSS pixels wide (the window adds its own frame)."""
    browser.set_window_size(width, height)
    inner = js(browser, "return window.innerWidth")
    if inner != width:
        browser.set_window_size(2 * width - inner, height)


def screenshot(browser: Any, path: Path) -> Path:
    """The whole page as a PNG at the current width; the path is printed for the log."""
    width = js(browser, "return window.outerWidth")
    height = js(browser, "return document.documentElement.scrollHeight")
    browser.set_window_size(width, min(height + 120, 16000))
    path.parent.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(path))
    print(f"screenshot: {path}")
    browser.set_window_size(width, 900)
    return path


def sideways(browser: Any) -> dict[str, int]:
    """What scrolls sideways: how far the page reaches past the viewport, how far the
    furthest element shows past it (clipped where an ancestor hides its overflow), and
    how many boxes scroll sideways inside the page."""
    return js(
        browser,
        "const doc = document.documentElement, width = doc.clientWidth;"
        "let furthest = 0, inner = 0;"
        "for (const el of document.body.querySelectorAll('*')) {"
        "  const r = el.getBoundingClientRect();"
        "  if (!r.width) continue;"
        "  let right = r.right;"
        "  for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {"
        "    const o = getComputedStyle(a).overflowX;"
        "    if (o === 'hidden' || o === 'clip')"
        "      right = Math.min(right, a.getBoundingClientRect().right);"
        "  }"
        "  furthest = Math.max(furthest, Math.ceil(right) - width);"
        "  const o = getComputedStyle(el).overflowX;"
        "  if ((o === 'auto' || o === 'scroll') && el.scrollWidth > el.clientWidth + 1) inner++;"
        "}"
        "return {page: doc.scrollWidth - doc.clientWidth, element: furthest, inner: inner};",
    )


def assert_no_sideways_scroll(browser: Any, where: str) -> None:
    found = sideways(browser)
    assert found["page"] <= 0, f"{where}: the page scrolls sideways by {found['page']} px"
    assert found["element"] <= 0, f"{where}: something shows {found['element']} px past the edge"
    assert found["inner"] == 0, f"{where}: {found['inner']} boxes scroll sideways inside"


def test_quotes_are_one_line_each_expand_on_click_and_reflow_as_cards(
    browser: Any, example_article: Article, tmp_path: Path
) -> None:
    from dataclasses import replace

    from selenium.webdriver.common.by import By

    quotes = example_article.attributions
    assert len(quotes) >= 15, "a page the size of a short news article"
    page = tmp_path / "harbour-strike.html"
    page.write_text(render_article(example_article), "utf-8")
    shots = tmp_path / "screenshots"

    set_width(browser, 1400)
    assert_offline(load(browser, page))
    open_rows = "return document.querySelectorAll('tr.evidence-row:not([hidden])').length"
    assert js(browser, open_rows) == 0, "rows start collapsed"
    height = js(browser, "return document.documentElement.scrollHeight")
    assert height <= 3000, f"the page is {height} px tall at 1400 px with every row collapsed"
    row_heights = js(
        browser,
        "return Array.from(document.querySelectorAll('tr.quote-row'))"
        ".map(r => r.getBoundingClientRect().height);",
    )
    assert max(row_heights) < 80, "a collapsed row is one line of cells, the quote in two"
    screenshot(browser, shots / "article-1400.png")

    for i in range(len(quotes)):
        row = browser.find_element(By.ID, f"row-{i}")
        detail = browser.find_element(By.ID, f"why-{i}")
        toggle = row.find_element(By.CSS_SELECTOR, "button.toggle")
        assert not detail.is_displayed()
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", row)
        toggle.click()
        assert detail.is_displayed() and toggle.get_attribute("aria-expanded") == "true"
        reasons = detail.find_elements(By.CSS_SELECTOR, "ul.why li")
        assert reasons and all(r.text.strip() for r in reasons), f"quote {i}: no reason shown"
        assert reasons[0].text.lower().startswith("quote\n")
        toggle.click()
        assert not detail.is_displayed()
    # a click anywhere on the row opens it too, and a link from the text opens its row
    browser.find_element(By.CSS_SELECTOR, "#row-2 .quote-cell").click()
    assert browser.find_element(By.ID, "why-2").is_displayed()
    browser.find_element(By.CSS_SELECTOR, "#text a[href='#row-5']").click()
    assert browser.find_element(By.ID, "why-5").is_displayed()

    # one copy button per quote; it puts the citation on the clipboard
    buttons = browser.find_elements(By.CSS_SELECTOR, "tr.quote-row button.copy")
    assert len(buttons) == len(quotes) and all(b.is_displayed() for b in buttons)
    citation = buttons[0].get_attribute("data-citation")
    speaker = quotes[0].speaker
    assert " ".join(quotes[0].quote.text.split()) in citation and "harbour-strike" in citation
    assert speaker is not None and speaker.name and speaker.name in citation
    browser.execute_cdp_cmd(
        "Browser.grantPermissions",
        {"permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]},
    )
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", buttons[0])
    buttons[0].click()
    # The clipboard answers asynchronously: wait for the button to say how it went.
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 5).until(lambda _: buttons[0].text != "Copy")
    assert buttons[0].text in ("Copied", "Press Ctrl+C")
    pasted = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "navigator.clipboard.readText().then(done, () => done(null));"
    )
    assert pasted == citation

    set_width(browser, 390)
    assert_offline(load(browser, page))
    assert (
        js(browser, "return getComputedStyle(document.querySelector('tr.quote-row')).display")
        == "flex"
    ), "on a phone each quote is a card"
    assert_no_sideways_scroll(browser, "article at 390 px")
    screenshot(browser, shots / "article-390.png")
    for toggle in browser.find_elements(By.CSS_SELECTOR, "tr.quote-row button.toggle"):
        browser.execute_script("arguments[0].click()", toggle)
    assert js(browser, open_rows) == len(quotes)
    assert_no_sideways_scroll(browser, "article at 390 px, every row open")
    screenshot(browser, shots / "article-390-open.png")

    # a speaker "name" that is a whole clause (the parser does make them) stays inside
    # the screen too, in the filters, the panel, the cards and the open rows
    first = quotes[0]
    assert first.speaker is not None
    clause = "dozens of papers ranging from such expected backers as The New York Times " * 3
    long_name = replace(first.speaker, name=clause.strip())
    wordy = replace(example_article, attributions=(replace(first, speaker=long_name), *quotes[1:]))
    page.write_text(render_article(wordy), "utf-8")
    load(browser, page)
    for toggle in browser.find_elements(By.CSS_SELECTOR, "tr.quote-row button.toggle"):
        browser.execute_script("arguments[0].click()", toggle)
    assert_no_sideways_scroll(browser, "a long speaker name at 390 px")
    set_width(browser, 1400)


def test_index_reflows_and_its_charts_keep_labels_readable_and_whole(
    browser: Any, example_article: Article, tmp_path: Path
) -> None:
    from dataclasses import replace

    writer = ReportWriter(tmp_path)
    for n in range(8):  # enough quotes for a bar of three digits
        writer.write(replace(example_article, id=f"harbour-strike-{n}"))
    writer.write(claims_article())
    writer.close()
    shots = tmp_path / "screenshots"
    for width in (1400, 390):
        set_width(browser, width)
        assert_offline(load(browser, tmp_path / "index.html"))
        assert_no_sideways_scroll(browser, f"index at {width} px")
        labels = js(
            browser,
            "return Array.from(document.querySelectorAll('.bar-label, .bar-value')).map(el => {"
            "  const range = document.createRange(); range.selectNodeContents(el);"
            "  const text = range.getBoundingClientRect(), box = el.getBoundingClientRect();"
            "  return {text: el.textContent, size: parseFloat(getComputedStyle(el).fontSize),"
            "    inside: text.left >= box.left - 1 && text.right <= box.right + 1"
            "      && box.right <= document.documentElement.clientWidth};"
            "});",
        )
        assert labels and min(lab["size"] for lab in labels) >= 12, "chart text too small"
        assert [lab["text"] for lab in labels if not lab["inside"]] == [], "a label is cut"
        values = [int(lab["text"].replace(",", "")) for lab in labels if lab["text"].isdigit()]
        assert max(values) >= 100
        screenshot(browser, shots / f"index-{width}.png")
    set_width(browser, 1280, 1000)
