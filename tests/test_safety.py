"""Nothing lost, nothing injected, nothing stalls (issue 19): output that cannot eat
its input, per-article isolation, safe file names, time bounds, worker lifetimes and
neutralised CSV cells."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc

from attribution import Analyzer
from attribution.analyzer import ArticleTimeout, time_limit
from attribution.cli.app import main
from attribution.evaluation.gold import read_review_csv
from attribution.formats.writers import (
    CsvWriter,
    UniqueNames,
    atomic_output,
    csv_cell,
    csv_value,
    safe_name,
)
from attribution.nlp.text import LONGEST_PARSED_SENTENCE, pieces
from attribution.ruleset.ids import ResolveRule
from attribution.ruleset.loader import Rules
from attribution.scale import processes
from attribution.schema import Article, Attribution, Document, Mention, Quote
from attribution.speakers.resolver import Resolver

SAID = 'The mayor said on Monday: "We will rebuild the bridge by June."'
PORTABLE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.~\-]*")
RESERVED = {"con", "prn", "aux", "nul"} | {f"{p}{n}" for p in ("com", "lpt") for n in "123456789"}


def jsonl(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    return path


# 1. Output onto input


def test_output_onto_the_input_file_is_refused_and_the_input_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    batch = jsonl(tmp_path / "x.jsonl", [{"id": "a", "text": SAID}])
    before = batch.read_bytes()
    assert main(["analyze", str(batch), "-o", str(batch)]) == 2
    assert batch.read_bytes() == before
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is the input" in err


def test_output_through_a_symlink_or_dotted_path_to_the_input_is_refused(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(SAID, "utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(story)
    dotted = tmp_path / "sub" / ".." / "story.txt"
    (tmp_path / "sub").mkdir()
    assert main(["analyze", str(story), "-o", str(link)]) == 2
    assert main(["analyze", str(story), "-o", str(dotted), "--format", "csv"]) == 2
    assert story.read_text("utf-8") == SAID


def test_a_text_output_inside_an_input_folder_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "stories"
    (folder / "old").mkdir(parents=True)
    (folder / "pier.txt").write_text(SAID, "utf-8")
    for out in (folder / "result.txt", folder / "old" / "notes.md"):
        assert main(["analyze", str(folder), "-o", str(out), "--no-model"]) == 2
        assert not out.exists()
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "would read it as an article" in err
    # output the reader skips (JSONL, a report folder) may still go inside
    assert main(["analyze", str(folder), "-o", str(folder / "out.jsonl"), "--no-model"]) == 0
    assert main(["analyze", str(folder), "-o", str(folder / "out.jsonl"), "--no-model"]) == 0
    assert len((folder / "out.jsonl").read_text("utf-8").splitlines()) == 1


def test_an_interrupted_run_leaves_no_output_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    batch = jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": SAID}, {"id": "b", "text": SAID}])

    def interrupted(self: Analyzer, items: object) -> Iterator[Article]:
        yield Article("a", SAID)
        raise KeyboardInterrupt

    monkeypatch.setattr(Analyzer, "analyze_many", interrupted)
    for fmt in ("jsonl", "json", "csv"):
        out = tmp_path / f"out.{fmt}"
        assert main(["analyze", str(batch), "-o", str(out), "--format", fmt]) == 130
        assert not out.exists()
    html = tmp_path / "pages"
    assert main(["analyze", str(batch), "-o", str(html), "--format", "html"]) == 130
    assert not (html / "quotes.csv").exists() and not (html / "index.html").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []
    assert [p.name for p in html.iterdir()] == ["a.html"]  # each page is whole or absent
    assert (html / "a.html").read_text("utf-8").rstrip().endswith("</html>")


def test_an_interrupted_json_array_on_stdout_does_not_look_complete(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    batch = jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": SAID}])

    def interrupted(self: Analyzer, items: object) -> Iterator[Article]:
        yield Article("a", SAID)
        raise KeyboardInterrupt

    monkeypatch.setattr(Analyzer, "analyze_many", interrupted)
    assert main(["analyze", str(batch), "--format", "json"]) == 130
    out = capsys.readouterr().out
    with pytest.raises(json.JSONDecodeError):
        json.loads(out)


def test_atomic_output_replaces_a_symlink_instead_of_writing_through_it(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me", "utf-8")
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "a.json").symlink_to(outside)
    with atomic_output(folder / "a.json") as handle:
        handle.write("new")
    assert outside.read_text("utf-8") == "keep me"
    assert not (folder / "a.json").is_symlink() and (folder / "a.json").read_text() == "new"
    with pytest.raises(RuntimeError), atomic_output(folder / "b.json") as handle:
        handle.write("half")
        raise RuntimeError
    assert sorted(p.name for p in folder.iterdir()) == ["a.json"]


# 2. A lone surrogate


def test_a_lone_surrogate_costs_its_article_only_in_one_process(tmp_path: Path) -> None:
    batch = tmp_path / "in.jsonl"
    batch.write_text(
        '{"id": "bad", "text": "He said: \\"no\\ud800 way.\\""}\n'
        + json.dumps({"id": "good", "text": SAID})
        + "\n",
        "utf-8",
    )
    out = tmp_path / "out.jsonl"
    assert main(["analyze", str(batch), "-o", str(out), "--no-model"]) == 1
    bad, good = (json.loads(line) for line in out.read_text("utf-8").splitlines())
    assert "lone surrogate" in bad["error"] and "offset 12" in bad["error"]
    assert good["error"] is None and good["quotes"]


def test_a_surrogate_in_an_id_is_written_as_its_json_escape(tmp_path: Path) -> None:
    batch = tmp_path / "in.jsonl"
    batch.write_text('{"id": "x\\udc80y", "text": "Police said two men fled."}\n', "utf-8")
    for fmt in ("jsonl", "json", "csv"):
        out = tmp_path / f"out.{fmt}"
        assert main(["analyze", str(batch), "-o", str(out), "--format", fmt, "--no-model"]) == 0
        if fmt == "jsonl":
            assert json.loads(out.read_text("utf-8"))["id"] == "x\udc80y"
    html = tmp_path / "pages"
    assert main(["analyze", str(batch), "-o", str(html), "--format", "html", "--no-model"]) == 0


def test_an_analyzer_isolates_a_batch_whose_parse_raises(
    rules_only: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = rules_only.nlp.pipe

    def pipe(texts, **kwargs):  # type: ignore[no-untyped-def]
        for item in real(texts, **kwargs):
            if "boom" in item[0].text:
                raise ValueError("the parser fell over")
            yield item

    monkeypatch.setattr(rules_only.nlp, "pipe", pipe)
    docs = [Document("a", SAID), Document("b", "boom, said the cannon."), Document("c", SAID)]
    a, b, c = rules_only.analyze_many(docs)
    assert a.error is None and c.error is None and a.attributions and c.attributions
    assert b.error == "internal error: ValueError: the parser fell over"


# 3. One safe name for every per-article file

IDS = st.one_of(
    st.text(max_size=300),
    st.sampled_from(["", ".", "..", "a/b", "a b", "a:b", "a\\b", "CON", "nul.txt", "a\x00b"]),
    st.text(alphabet="aA._-/ ", max_size=8),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(IDS, max_size=20))
def test_unique_names_are_distinct_portable_and_stable(ids: list[str]) -> None:
    names = UniqueNames(taken=("index",))
    got = [names.name_for(i) for i in ids]
    assert len({g.lower() for g in got} | {"index"}) == len(ids) + 1
    for name in got:
        assert PORTABLE.fullmatch(name) and len(name) <= 110, name
        assert name.split(".")[0].lower() not in RESERVED and not name.endswith(".")
    again = UniqueNames(taken=("index",))
    assert [again.name_for(i) for i in ids] == got


@settings(max_examples=300, deadline=None)
@given(IDS, IDS)
def test_safe_name_is_injective(a: str, b: str) -> None:
    assert (safe_name(a) == safe_name(b)) == (a == b)


def test_json_folder_output_gives_every_article_its_own_file(tmp_path: Path) -> None:
    ids = ["..", ".", "", "a/b", "a b", "a:b", "a_b", "dup", "dup", "CON", "x" * 150 + "1"]
    ids += ["x" * 150 + "2", "Dup"]
    batch = jsonl(tmp_path / "in.jsonl", [{"id": i, "text": SAID} for i in ids])
    out = tmp_path / "out"
    out.mkdir()
    outside = tmp_path / "secret.json"
    outside.write_text("{}", "utf-8")
    (out / "a_b.json").symlink_to(outside)
    assert main(["analyze", str(batch), "-o", f"{out}/", "--format", "json", "--no-model"]) == 0
    files = sorted(out.iterdir())
    assert len(files) == len(ids)
    assert sorted(json.loads(f.read_text("utf-8"))[0]["id"] for f in files) == sorted(ids)
    assert outside.read_text("utf-8") == "{}"


def test_an_id_given_twice_is_warned_about_once_per_repeat(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = [{"id": i, "text": SAID} for i in ("pier", "ferry", "pier")]
    batch = jsonl(tmp_path / "in.jsonl", records)
    out = tmp_path / "out.csv"
    assert main(["analyze", str(batch), "-o", str(out), "--format", "csv", "--no-model"]) == 0
    err = capsys.readouterr().err
    assert err.count("the id of an earlier article too") == 1 and "attribution: pier:" in err
    assert "their rows in the tables share it\n" in err  # a CSV row, not a file, per article
    assert (
        main(["analyze", str(batch), "-o", str(tmp_path / "q.csv"), "--format", "csv", "-q"]) == 0
    )
    assert "earlier article" not in capsys.readouterr().err


def test_an_id_given_twice_is_warned_about_once_on_dask(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The Dask engine gives the same warning, once per id, from the ids its workers read
    (partitions of one article, so the repeats are in other partitions)."""
    pytest.importorskip("distributed")
    records = [{"id": i, "text": SAID} for i in ("pier", "ferry", "pier", "pier", "ferry")]
    batch = jsonl(tmp_path / "in.jsonl", records)
    args = ["analyze", str(batch), "--engine", "dask", "--jobs", "1", "--no-model"]
    assert main([*args, "--partition-size", "1", "-o", str(tmp_path / "out")]) == 0
    err = [line for line in capsys.readouterr().err.splitlines() if "earlier article" in line]
    assert err == [
        "attribution: pier: the id of an earlier article too: their records share it",
        "attribution: ferry: the id of an earlier article too: their records share it",
    ]
    assert main([*args, "-q", "-o", str(tmp_path / "quiet")]) == 0
    assert "earlier article" not in capsys.readouterr().err


# 4. Stalls


def test_long_runs_without_spaces_are_single_pieces_keeping_offsets() -> None:
    text = 'He said: "Yes." ' + '"' * 5000 + " She left."
    got = pieces(text, 100_000)
    assert [text[a:b] for a, b, _ in got] == ['He said: "Yes." ', '"' * 5000, " She left."]
    assert [whole for *_, whole in got] == [False, True, False]
    assert pieces("short text", 100_000) == [(0, 10, False)]


def test_a_text_without_sentence_ends_is_parsed_in_bounded_pieces() -> None:
    text = "the mayor said the budget was fine and nobody asked why " * 500
    got = pieces(text, 100_000)
    assert "".join(text[a:b] for a, b, _ in got) == text
    assert max(b - a for a, b, _ in got) <= 5_000 and len(got) > 5
    assert all(text[a] == " " for a, _, _ in got[1:])  # cut at spaces
    prose = "The mayor spoke. " * 2_000  # sentence ends everywhere: never cut
    assert pieces(prose, 100_000) == [(0, len(prose), False)]


def test_runs_of_punctuation_no_longer_stall(rules_only: Analyzer) -> None:
    # before: 20,000 quote marks took about 65 s in the tokenizer
    for unit in ('"', "([{", "\u201c\u201d"):
        start = time.perf_counter()
        article = rules_only.analyze(SAID + " " + unit * 20_000 + " " + SAID)
        assert time.perf_counter() - start < 15
        assert article.error is None and len(article.attributions) == 2
        for att in article.attributions:
            assert article.text[att.quote.start : att.quote.end] == att.quote.text


def test_a_sentence_longer_than_any_prose_is_parsed_again_in_cuts(
    parser_input: Callable[[Analyzer], list[str]],
) -> None:
    """`Mr. Smith said that Dr. Jones said that ...`: full stops everywhere, so no cut
    before the parse, which reads 10 KB as one sentence whose clauses every cue then
    walks. The piece is parsed again in cuts of at most 2,000 characters that make up the
    text, and offsets stay the text's."""
    analyzer = Analyzer(use_model=False)
    text = ("Mr. Smith said that Dr. Jones said that " * 250).strip() + "."
    parsed = parser_input(analyzer)
    article = analyzer.analyze(text)
    assert parsed[0] == text and "".join(parsed[1:]) == text
    assert len(parsed) > 5 and max(map(len, parsed[1:])) <= LONGEST_PARSED_SENTENCE
    assert article.error is None and article.attributions
    for att in article.attributions:
        assert text[att.quote.start : att.quote.end] == att.quote.text
    prose = 'The mayor said on Monday: "We will rebuild the bridge." ' * 100
    parsed.clear()
    analyzer.analyze(prose)
    assert parsed == [prose]


def test_speaker_resolution_is_linear_in_mentions(nlp, rules: Rules) -> None:  # type: ignore[no-untyped-def]
    """One man named 20,000 times, and after each a `she` that fits no one: the resolver
    read every mention before each name and each pronoun (minutes on 1 MB); it now ranks
    the article's entities past a few mentions, so this resolves in seconds, every `she`
    to no one and every `Smith` to the one man."""
    n = 20_000
    doc = Doc(
        nlp.vocab,
        words=["Mr.", "Smith", "said", ".", "she", "said", "."] * n,
        pos=["PROPN", "PROPN", "VERB", "PUNCT", "PRON", "VERB", "PUNCT"] * n,
        ents=["O", "B-PERSON", "O", "O", "O", "O", "O"] * n,
    )
    start = time.perf_counter()
    resolver = Resolver(doc, rules)
    pronouns = [resolver.resolve(doc[i]).rule_id for i in range(4, len(doc), 7)]
    names = {resolver.resolve(doc[i]).entity for i in range(1, len(doc), 7 * 100)}
    assert time.perf_counter() - start < 10
    assert set(pronouns) == {ResolveRule.PRONOUN_UNRESOLVED} and len(pronouns) == n
    assert names == {0} and len(resolver.entities) == 1


def test_an_article_over_its_time_budget_becomes_its_error_record(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    analyzer = Analyzer(use_model=False, article_timeout=0.5)
    real = analyzer.extractor.extract

    def slow(doc):  # type: ignore[no-untyped-def]
        if "slow" in doc.text:
            while True:
                time.sleep(0.01)
        return real(doc)

    monkeypatch.setattr(analyzer.extractor, "extract", slow)
    a, b = analyzer.analyze_many([Document("s", "The slow one said nothing."), ("f", SAID)])
    assert a.error is not None and a.error.startswith("timed out: not done after 0.5 s")
    assert b.error is None and b.attributions


def test_the_time_budget_holds_off_the_main_thread_and_ends_with_its_block() -> None:
    """Where SIGALRM cannot reach (a Dask task's thread), a stall still times out; a
    block left in time is never interrupted afterwards."""
    seen: list[str] = []

    def work() -> None:
        start = time.monotonic()
        try:
            with time_limit(0.3):
                while time.monotonic() - start < 20:
                    time.sleep(0.01)
            seen.append("not stopped")
        except ArticleTimeout:
            seen.append("stopped" if time.monotonic() - start < 10 else "stopped late")
        with time_limit(0.2):
            pass
        time.sleep(0.5)
        seen.append("nothing late")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert seen == ["stopped", "nothing late"]


def test_an_unknown_encoding_is_refused_before_the_model_loads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not an error record for every article of a batch: the option itself is wrong."""
    story = tmp_path / "story.txt"
    story.write_text(SAID, "utf-8")
    assert main(["analyze", str(story), "--encoding", "latin-9x"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("attribution: error: unknown encoding 'latin-9x' (--encoding)")
    assert err.count("\n") == 1


def test_article_timeout_option_is_checked(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["analyze", "x.txt", "--article-timeout", "soon"])
    assert exc.value.code == 2
    assert "--article-timeout: expected seconds, got 'soon'" in capsys.readouterr().err


# 5. Workers and signals

ORPHAN_SCRIPT = """
import multiprocessing, sys, time
from attribution import Analyzer
from attribution.scale.processes import analyze_in_processes
analyzer = Analyzer(use_model=False)
texts = (("a%d" % i, "He said: \\"fine.\\"") for i in range(10**9))
for n, article in enumerate(analyze_in_processes(analyzer, texts, jobs=2)):
    if n == 0:
        print(" ".join(str(p.pid) for p in multiprocessing.active_children()), flush=True)
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def _threads(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(ln.split()[1] for ln in status.splitlines() if ln.startswith("Threads:")))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_run_on_one_thread_and_die_when_their_parent_is_killed() -> None:
    """On Linux the kernel ends a worker whose parent dies, so no thread watches the
    parent: a process that has had a second thread runs its analysis about 10% slower
    (glibc's malloc leaves its single-threaded path)."""
    proc = subprocess.Popen(
        [sys.executable, "-c", ORPHAN_SCRIPT], stdout=subprocess.PIPE, env=dict(os.environ)
    )
    assert proc.stdout is not None
    workers = [int(p) for p in proc.stdout.readline().split()]
    try:
        assert workers and all(_alive(p) for p in workers)
        assert [_threads(p) for p in workers] == [1] * len(workers)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    deadline = time.monotonic() + 10
    while any(_alive(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_alive(p) for p in workers)


def _wait_until_it_catches(pid: int, sig: int) -> None:
    """Wait until process `pid` has a handler for `sig` (Linux: the SigCgt mask in
    /proc), so that a loaded machine's slow start-up does not let the default action
    kill it first; elsewhere, a second."""
    status = Path(f"/proc/{pid}/status")
    if not status.exists():
        time.sleep(1)
        return
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        caught = next(
            (ln.split()[1] for ln in status.read_text().splitlines() if ln.startswith("SigCgt:")),
            "0",
        )
        if int(caught, 16) >> (sig - 1) & 1:
            return
        time.sleep(0.05)


def test_sigterm_is_handled_like_ctrl_c(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen(
        [sys.executable, "-m", "attribution", "analyze", "-", "-o", str(out), "--no-model"],
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    _wait_until_it_catches(proc.pid, signal.SIGTERM)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM
    assert err.decode().strip().endswith("attribution: interrupted")
    assert list(tmp_path.iterdir()) == []


def test_jobs_are_capped_at_the_work_there_is(
    rules_only: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[int] = []
    real = processes._Pool.__init__

    def record(self, config, jobs, context):  # type: ignore[no-untyped-def]
        started.append(jobs)
        real(self, config, jobs, context)

    monkeypatch.setattr(processes._Pool, "__init__", record)
    out = list(processes.analyze_in_processes(rules_only, [SAID], jobs=50))
    assert started == [1] and out[0].attributions
    list(processes.analyze_in_processes(rules_only, [SAID] * 3, jobs=2))
    assert started == [1, 2]


# 6. CSV formula injection


def test_formula_cells_are_neutralised_and_read_back_exactly(tmp_path: Path) -> None:
    text = '=HYPERLINK("x") said: "-5 degrees is @cold." \'=odd\' said: "+1"'
    speaker = Mention(0, 15, text[0:15], None)
    quote = Quote(23, 43, text[23:43], "direct")
    speaker2 = Mention(45, 51, text[45:51], None)
    quote2 = Quote(59, 61, text[59:61], "direct")
    article = Article(
        "=cmd|' /C calc'!A0",
        text,
        (
            Attribution(quote=quote, cue=None, speaker=speaker, confidence=0.9, rule_id="r"),
            Attribution(quote=quote2, cue=None, speaker=speaker2, confidence=0.9, rule_id="r"),
        ),
    )
    handle = io.StringIO()
    CsvWriter(handle).write(article)
    rows = list(csv.DictReader(io.StringIO(handle.getvalue())))
    assert rows[0]["article_id"] == "'=cmd|' /C calc'!A0"
    assert rows[0]["speaker"] == '\'=HYPERLINK("x")' and rows[1]["speaker"] == "''=odd'"
    assert rows[0]["quote"].startswith("'-5")
    for row in rows:
        for value in row.values():
            assert not value or value[0] not in "=+-@\t\r"
    path = tmp_path / "review.csv"
    path.write_text(handle.getvalue(), "utf-8")
    (doc,) = read_review_csv(path, {article.id: text})
    assert [text[q.start : q.end] for q in doc.quotes] == [quote.text, quote2.text]
    assert [q.speaker_text for q in doc.quotes] == [speaker.text, speaker2.text]


@given(st.text(max_size=20))
def test_csv_cells_round_trip(value: str) -> None:
    cell = csv_cell(value)
    assert csv_value(cell) == value
    assert not cell or cell[0] not in "=+-@\t\r"


# 7. The Dask dashboard


def test_the_local_dask_cluster_listens_on_this_machine_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    distributed = pytest.importorskip("distributed")
    from attribution.scale import dask_engine

    seen: dict[str, object] = {}

    class Fake:
        def __init__(self, **kwargs: object) -> None:
            seen.update(kwargs)

        def __enter__(self) -> Fake:
            return self

        def __exit__(self, *exc: object) -> None:
            return None

    monkeypatch.setattr(distributed, "LocalCluster", Fake)
    monkeypatch.setattr(distributed, "Client", lambda cluster: Fake())
    with dask_engine._client(None, 1):
        pass
    assert seen["host"] == "127.0.0.1"
    assert str(seen["dashboard_address"]).startswith("127.0.0.1:")


# 8. Invisible characters

INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f"
SENTENCES = [
    "The mayor said: \u201cWe will rebuild the bridge by June.\u201d",
    '\u201cIt is over,\u201d the coach said. "We lost," he added.',
    "She called it \u2018a disgrace\u2019 and left. \u00abNon\u00bb, dit-il.",
    'Police said the men "fled on foot" after the raid.',
]


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(SENTENCES),
    st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(INVISIBLE)), max_size=6),
)
def test_invisible_characters_never_change_the_quotations_found(
    rules: object, sentence: str, inserts: list[tuple[int, str]]
) -> None:
    from attribution.extract.quotemarks import QuoteScanner
    from attribution.nlp.text import paragraphs

    scanner = QuoteScanner(rules.quote_pairs)  # type: ignore[attr-defined]
    marks = [i for i, ch in enumerate(sentence) if ch in '"\u201c\u201d\u2018\u2019\u00ab\u00bb']
    text, where = sentence, {}
    for pick, ch in sorted(inserts, key=lambda p: -(marks[p[0] % len(marks)])):
        at = marks[pick % len(marks)]  # just before a quotation mark
        text = text[:at] + ch + text[at:]
    # map each original offset to its place in the new text
    shift, j = [], 0
    for i in range(len(sentence) + 1):
        while j < len(text) and i < len(sentence) and text[j] != sentence[i]:
            j += 1
        shift.append(j)
        j += 1
    where = dict(enumerate(shift))
    plain = scanner.scan(sentence, paragraphs(sentence))
    seen = scanner.scan(text, paragraphs(text))
    assert [(where[q.inner_start], q.closed) for q in plain] == [
        (q.inner_start, q.closed) for q in seen
    ]
    assert [text[q.inner_start : q.inner_end].strip(INVISIBLE) for q in seen] == [
        sentence[q.inner_start : q.inner_end] for q in plain
    ]


def test_a_zero_width_space_before_a_quote_mark_keeps_the_direct_quote(
    rules_only: Analyzer,
) -> None:
    for ch in INVISIBLE:
        text = f"The mayor said: {ch}\u201cWe will rebuild the bridge by June.\u201d"
        (att,) = rules_only.analyze(text).attributions
        assert att.quote.kind == "direct" and att.quote.text.endswith("June.\u201d")


# 9. One-line errors instead of tracebacks


def test_a_full_disk_is_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from attribution.formats.writers import JsonlWriter

    batch = jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": SAID}])

    def full(self: JsonlWriter, article: Article) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(JsonlWriter, "write", full)
    out = tmp_path / "out.jsonl"
    assert main(["analyze", str(batch), "-o", str(out), "--no-model"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "No space left on device" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


def test_an_unwritable_parquet_folder_fails_before_any_article_is_analysed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Parquet is written when the run ends: without this check a batch was analysed in
    full and then lost."""
    import tempfile

    batch = jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": SAID}])
    out = tmp_path / "out"
    real_file = tempfile.TemporaryFile

    def refuse(*args: object, **kwargs: object) -> object:
        if kwargs.get("dir") == out:
            raise PermissionError(13, "Permission denied")
        return real_file(*args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(tempfile, "TemporaryFile", refuse)
    analysed: list[str] = []
    real_many = Analyzer.analyze_many

    def counting(self: Analyzer, *args: object, **kwargs: object) -> Iterator[Article]:
        for article in real_many(self, *args, **kwargs):  # type: ignore[arg-type]
            analysed.append(article.id)
            yield article

    monkeypatch.setattr(Analyzer, "analyze_many", counting)
    args = ["analyze", str(batch), "--format", "parquet", "-o", f"{out}/", "--no-model"]
    assert main(args) == 2
    assert analysed == []
    assert (
        capsys.readouterr().err == f"attribution: error: cannot write to {out}: Permission denied\n"
    )


def gold_line(doc_id: object, text: str, quotes: object) -> str:
    return json.dumps({"id": doc_id, "text": text, "quotes": quotes}) + "\n"


GOLD_TEXT = 'The mayor said: "We will rebuild it."'
GOLD_QUOTE = {"start": 16, "end": 37, "kind": "direct"}


@pytest.mark.parametrize(
    ("lines", "says"),
    [
        ([gold_line("a", GOLD_TEXT, ["not a quote"])], "not a gold document"),
        ([gold_line("a", GOLD_TEXT, [{"start": 1e300, "end": 2e300}])], "whole numbers"),
        ([gold_line("a", GOLD_TEXT, [{"start": 20, "end": 10}])], "not within the text"),
        ([gold_line("a", GOLD_TEXT, [{"start": -3, "end": 10}])], "not within the text"),
        ([gold_line("a", GOLD_TEXT, [{"start": 0, "end": 999}])], "not within the text"),
        ([gold_line("a", GOLD_TEXT, []), gold_line("a", GOLD_TEXT, [])], "earlier line"),
        ([gold_line(["a"], GOLD_TEXT, [])], "'id' must be a string or a number"),
        (['{"id": "a", "text": "cut'], "Unterminated string starting at column"),
    ],
)
def test_malformed_gold_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lines: list[str], says: str
) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(lines), "utf-8")
    system = tmp_path / "system.jsonl"
    system.write_text("", "utf-8")
    assert main(["evaluate", str(gold), "--system", str(system)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and says in err and "at at" not in err, err


def _evaluate_inputs(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A gold file of one article, an empty saved output and empty labels for it."""
    gold = tmp_path / "gold.jsonl"
    gold.write_text(gold_line("a", GOLD_TEXT, [GOLD_QUOTE]), "utf-8")
    system = tmp_path / "system.jsonl"
    system.write_text("", "utf-8")
    labels = tmp_path / "labels.jsonl"
    labels.write_text('{"id": "a", "quotes": []}\n', "utf-8")
    return gold, system, labels


@pytest.mark.parametrize("which", ["gold", "system", "labels"])
def test_evaluate_output_onto_one_of_its_inputs_is_refused_and_the_input_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], which: str
) -> None:
    gold, system, labels = _evaluate_inputs(tmp_path)
    target = {"gold": gold, "system": system, "labels": labels}[which]
    before = target.read_bytes()
    args = ["evaluate", str(gold), "--system", str(system), "--labels", str(labels)]
    assert main([*args, "-o", str(target)]) == 2
    assert target.read_bytes() == before
    err = capsys.readouterr().err
    assert (
        err == f"attribution: error: output {target} is the input {target}: choose another output\n"
    )


@pytest.mark.parametrize("which", ["gold", "system", "labels"])
def test_evaluate_reading_a_file_that_is_not_utf8_is_one_line_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], which: str
) -> None:
    gold, system, labels = _evaluate_inputs(tmp_path)
    target = {"gold": gold, "system": system, "labels": labels}[which]
    target.write_bytes(target.read_bytes() + b"\n\n\xff\xfe binary \x00\x81\n")
    assert main(["evaluate", str(gold), "--system", str(system), "--labels", str(labels)]) == 2
    err = capsys.readouterr().err
    line = 4 if which != "system" else 3
    assert err.count("\n") == 1 and f"{target}:{line}: cannot read" in err, err
    assert "not UTF-8 text (byte 0xff)" in err


def test_a_reviewed_csv_that_is_not_utf8_is_one_line_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    review = tmp_path / "review.csv"
    review.write_bytes("article_id,quote\nstory,caf\xe9\n".encode("latin-1"))
    story = tmp_path / "story.txt"
    story.write_text(SAID, "utf-8")
    assert main(["evaluate", str(review), "--texts", str(story)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{review}:2: cannot read reviewed CSV" in err, err


def test_bootstrap_accepts_zero_and_says_so_when_refusing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["evaluate", "gold.jsonl", "--bootstrap", "-1"])
    assert exc.value.code == 2
    assert "--bootstrap: expected 0 or more, got '-1'" in capsys.readouterr().err


# 10. evaluate checks the system file and accepts what the output format allows


def system_line(quote: dict[str, object], doc_id: object = "a") -> str:
    return json.dumps({"id": doc_id, "error": None, "quotes": [quote]}) + "\n"


def test_evaluate_accepts_null_confidence_claim_type_and_disputed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(gold_line("a", GOLD_TEXT, [GOLD_QUOTE]), "utf-8")
    system = tmp_path / "system.jsonl"
    quote = {**GOLD_QUOTE, "text": GOLD_TEXT[16:37], "confidence": None}
    quote |= {"claim_type": None, "disputed": None, "speaker": None, "cue": None}
    system.write_text(system_line(quote), "utf-8")
    assert main(["evaluate", str(gold), "--system", str(system), "--format", "json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["system"]["quotes_exact"]["f1"] == 1.0


@pytest.mark.parametrize(
    ("quotes", "says"),
    [
        ([{"start": 1e300, "end": 2e300, "kind": "direct"}], "whole numbers"),
        ([{"start": 30, "end": 10, "kind": "direct"}], "not within the text"),
        ([{"start": -5, "end": 10, "kind": "direct"}], "not within the text"),
        ([{"start": 16, "end": 37, "kind": "direct", "speaker": {"start": 0, "end": 90}}], "0-37"),
    ],
)
def test_evaluate_refuses_system_offsets_outside_the_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], quotes: list[dict[str, object]], says: str
) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(gold_line("a", GOLD_TEXT, [GOLD_QUOTE]), "utf-8")
    system = tmp_path / "system.jsonl"
    system.write_text(system_line(quotes[0]), "utf-8")
    assert main(["evaluate", str(gold), "--system", str(system)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and says in err


def test_evaluate_refuses_duplicate_system_ids(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(gold_line("a", GOLD_TEXT, [GOLD_QUOTE]), "utf-8")
    system = tmp_path / "system.jsonl"
    quote = {**GOLD_QUOTE, "text": GOLD_TEXT[16:37]}
    system.write_text(system_line(quote) + system_line(quote), "utf-8")
    assert main(["evaluate", str(gold), "--system", str(system)]) == 2


# 11. Encodings, byte-order marks, stdin and ids


def analyze_records(*args: str, stdin: bytes | None = None) -> tuple[int, list[dict[str, object]]]:
    proc = subprocess.run(
        [sys.executable, "-m", "attribution", "analyze", *args, "--no-model"],
        input=stdin,
        capture_output=True,
        timeout=300,
    )
    return proc.returncode, [json.loads(line) for line in proc.stdout.decode().splitlines()]


def test_byte_order_marks_and_utf16_are_honoured_for_text_and_jsonl(tmp_path: Path) -> None:
    from attribution.formats.readers import read_paths

    (tmp_path / "le.txt").write_bytes(b"\xff\xfe" + SAID.encode("utf-16-le"))
    (tmp_path / "be.txt").write_bytes(b"\xfe\xff" + SAID.encode("utf-16-be"))
    (tmp_path / "sig.txt").write_bytes(b"\xef\xbb\xbf" + SAID.encode("utf-8"))
    record = json.dumps({"id": "first", "text": SAID}, ensure_ascii=False) + "\n"
    (tmp_path / "sig.jsonl").write_bytes(b"\xef\xbb\xbf" + (record * 2).encode("utf-8"))
    (tmp_path / "wide.jsonl").write_bytes((record * 2).encode("utf-16"))
    (tmp_path / "plain16.txt").write_bytes(SAID.encode("utf-16-le"))
    names = ["le.txt", "be.txt", "sig.txt", "sig.jsonl", "wide.jsonl"]
    docs = list(read_paths([str(tmp_path / n) for n in names]))
    assert [d.error for d in docs] == [None] * 7
    assert {d.text for d in docs} == {SAID}
    assert [d.id for d in docs][3:] == ["first"] * 4
    (plain,) = read_paths([str(tmp_path / "plain16.txt")], encoding="utf-16")
    assert plain.text == SAID and plain.error is None


@pytest.mark.parametrize("order", ["le", "be"])
def test_utf16_without_a_byte_order_mark_is_an_error_saying_which_encoding_to_pass(
    tmp_path: Path, order: str
) -> None:
    from attribution.formats.readers import read_paths

    (tmp_path / "plain16.txt").write_bytes(SAID.encode(f"utf-16-{order}"))
    (doc,) = read_paths([str(tmp_path / "plain16.txt")])
    assert doc.text is None and doc.error is not None
    assert doc.error.endswith(f"pass --encoding utf-16-{order})")
    (tmp_path / "noise.bin").write_bytes(bytes(range(256)) * 4)
    (noise,) = read_paths([str(tmp_path / "noise.bin")], input_format="text")
    assert noise.error == "binary file: not text"


def test_stdin_jsonl_with_a_bom_or_a_bad_first_line_is_read_as_jsonl() -> None:
    record = (json.dumps({"id": "s1", "text": SAID}) + "\n").encode("utf-8")
    code, records = analyze_records("-", stdin=b"\xef\xbb\xbf" + record)
    assert code == 0 and [r["id"] for r in records] == ["s1"]
    code, records = analyze_records("-", stdin=b'{"id": "s0", "text": "cut\n' + record)
    assert code == 1 and [r["id"] for r in records] == ["stdin:1", "s1"]
    assert "invalid JSON" in str(records[0]["error"])
    code, records = analyze_records("-", stdin=SAID.encode("utf-16"))
    assert code == 0 and records[0]["id"] == "stdin" and records[0]["quotes"]


def test_ids_are_strings_or_numbers_as_written(tmp_path: Path) -> None:
    from attribution.formats.readers import read_paths

    lines = [{"id": 7, "text": SAID}, {"id": 1.5, "text": SAID}, {"id": "x", "text": SAID}]
    lines += [{"id": ["a", "b"], "text": SAID}, {"id": None, "text": SAID}, {"text": SAID}]
    docs = list(read_paths([str(jsonl(tmp_path / "ids.jsonl", lines))]))
    assert [d.id for d in docs] == ["7", "1.5", "x", "ids:4", "ids:5", "ids:6"]
    assert docs[3].error == "line 4: 'id' must be a string or a number, not list"
    assert docs[4].error == "line 5: 'id' must be a string or a number, not null"
    assert docs[5].error is None
