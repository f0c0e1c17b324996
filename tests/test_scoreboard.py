"""attribution/evaluation/scoreboard.py and `attribution evaluate` for people: the
glossary, the hint about claim labels, the progress bar, and the Markdown and HTML
scoreboards whose error lists link to the articles' report pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from attribution.cli.app import main
from attribution.evaluation.scoreboard import GLOSSARY, md_text
from attribution.report.writer import page_namer

TEXT = (
    "Harbour Strike Goes On <script>alert(1)</script>\n\n"
    "“We will not sign,” the union leader said on Friday. "
    "The port stays shut until spring, according to no one in particular & co."
)
ODD_ID = "port <b>strike</b>"  # not a file name: its page gets a hashed, safe name


def gold_file(tmp_path: Path) -> Path:
    """One article: a quote the analyzer finds and one no rule can find (missed)."""

    def quote(content: str, speaker: str | None, kind: str) -> dict[str, object]:
        a = TEXT.index(content)
        out: dict[str, object] = {"start": a, "end": a + len(content), "text": content}
        out["kind"] = kind
        if speaker:
            s = TEXT.index(speaker)
            out.update(speaker=speaker, speaker_start=s, speaker_end=s + len(speaker))
        return out

    gold = {
        "id": ODD_ID,
        "text": TEXT,
        "quotes": [
            quote("“We will not sign,”", "the union leader", "direct"),
            quote("<script>alert(1)</script>", None, "indirect"),
        ],
    }
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(gold) + "\n", "utf-8")
    return path


def evaluate(tmp_path: Path, *args: str) -> int:
    return main(["evaluate", str(gold_file(tmp_path)), "--no-model", "--bootstrap", "0", *args])


def test_explain_alone_prints_every_term_of_the_glossary(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["evaluate", "--explain"]) == 0
    out = capsys.readouterr().out
    assert [term for term, _ in GLOSSARY if f"  {term}\n" not in out] == []
    assert main(["evaluate"]) == 2
    assert "--explain" in capsys.readouterr().err


def test_scores_without_claim_labels_come_with_one_hint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert evaluate(tmp_path, "--explain", "--progress") == 0
    out, err = capsys.readouterr()
    assert "claim type: macro-F1" not in out and "What the figures mean:" in out
    hints = [line for line in err.splitlines() if line.startswith("attribution: ")]
    assert len(hints) == 1 and "--labels" in hints[0]
    assert "1/1" in err  # the progress bar, forced on (stderr is not a terminal here)
    assert evaluate(tmp_path, "-q") == 0
    assert capsys.readouterr().err == ""


def test_html_scoreboard_escapes_text_and_links_each_error_to_its_page(
    tmp_path: Path,
) -> None:
    page = tmp_path / "scores.html"
    assert evaluate(tmp_path, "--format", "html", "--errors", "5", "-o", str(page), "-q") == 0
    html = page.read_text("utf-8")
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&amp; co." in html
    href = page_namer()(ODD_ID)
    assert href.endswith(".html") and "<" not in href
    assert f'<a href="{href}">port &lt;b&gt;strike&lt;/b&gt;</a>' in html
    assert "Missed: 1 in all" in html
    assert all(term.split(",")[0] in html for term, _ in GLOSSARY)
    assert main([
        "evaluate", str(gold_file(tmp_path)), "--no-model", "--bootstrap", "0", "-q",
        "--format", "html", "--errors", "5", "-o", str(page), "--reports", "../reports",
    ]) == 0  # fmt: skip
    assert f'href="../reports/{href}"' in page.read_text("utf-8")


def test_markdown_scoreboard_lists_errors_as_links_with_text_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert evaluate(tmp_path, "--format", "md", "--errors", "5", "-q") == 0
    out = capsys.readouterr().out
    assert out.startswith("| metric | attribution |")
    assert f"- [{md_text(ODD_ID)}]({page_namer()(ODD_ID)})" in out
    assert "\\<script\\>alert(1)\\</script\\>" in out and "<script>" not in out
    assert md_text("a*b_c|d") == "a\\*b\\_c\\|d"


def test_json_output_carries_errors_and_glossary_as_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert evaluate(tmp_path, "--format", "json", "--errors", "5", "--explain", "-q") == 0
    data = json.loads(capsys.readouterr().out)  # one JSON document, nothing after it
    errors = data["attribution"]["errors"]
    assert errors["missed"]["total"] == 1
    (case,) = errors["missed"]["cases"]
    assert case["id"] == ODD_ID
    assert TEXT[case["gold"]["start"] : case["gold"]["end"]] == "<script>alert(1)</script>"
    assert set(data["attribution"]["glossary"]) == {term for term, _ in GLOSSARY}
    assert evaluate(tmp_path, "--format", "json", "-q") == 0
    assert "errors" not in json.loads(capsys.readouterr().out)["attribution"]
