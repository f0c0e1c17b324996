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
    assert "</td></tr></table><script>" in browser.find_element(By.ID, "row-0").text


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
    assert js(browser, "return document.querySelectorAll('svg.pygal-chart').length") == 3

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
