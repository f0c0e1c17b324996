"""The warm server (`attribution server`, scale/server.py) and its thin client
(scale/client.py): the same output, messages and exit codes as the command line run
in-process, a fall-back whenever the server cannot be trusted, and a client that loads
nothing heavy. One server is started for the module, in a folder of its own."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from attribution.scale import client

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = (
    "Dock workers walked off the job on Tuesday, the union said.\n\n"
    '"We will not go back until the offer is fair," said Maria Okafor, who leads the '
    "union. The port authority said it was disappointed.\n"
)


def _env(folder: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    env[client.DIR_VARIABLE] = str(folder)
    env.pop(client.SWITCH, None)
    env.update(extra)
    return env


def _cli(
    args: list[str], env: dict[str, str], cwd: Path, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "attribution", *args],
        env=env,
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _stale_socket(path: Path) -> None:
    """A socket file no process listens on, as a killed server leaves it."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(path))
    sock.close()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A running server's folder; `start` first clears a stale socket left in it."""
    where = tmp_path_factory.mktemp("server")
    where.chmod(0o700)
    _stale_socket(where / client.SOCKET_NAME)
    started = _cli(["server", "start", "--idle", "10"], _env(where), where)
    assert started.returncode == 0, started.stderr
    assert "server listening at" in started.stdout
    yield where
    _cli(["server", "stop"], _env(where), where)
    print((where / client.LOG_NAME).read_text("utf-8"))  # shown when a test failed


@pytest.fixture()
def work(tmp_path: Path) -> Path:
    (tmp_path / "strike.txt").write_text(ARTICLE, encoding="utf-8")
    return tmp_path


def test_output_is_the_command_lines_own(folder: Path, work: Path) -> None:
    served = _cli(["analyze", "strike.txt"], _env(folder, ATTRIBUTION_SERVER="debug"), work)
    alone = _cli(["analyze", "strike.txt"], _env(folder, ATTRIBUTION_SERVER="off"), work)
    assert "through the server" in served.stderr
    assert served.returncode == alone.returncode == 0
    assert served.stdout == alone.stdout
    assert json.loads(served.stdout)["quotes"]


def test_output_file_stdin_and_umask_are_the_clients(folder: Path, work: Path) -> None:
    text = ARTICLE.replace("\n", "\r\n")
    cmd = ["analyze", "-", "--format", "csv", "-o"]
    old = os.umask(0o077)
    try:
        served = _cli([*cmd, "served.csv"], _env(folder, ATTRIBUTION_SERVER="debug"), work, text)
    finally:
        os.umask(old)
    alone = _cli([*cmd, "alone.csv"], _env(folder, ATTRIBUTION_SERVER="off"), work, text)
    assert "through the server" in served.stderr
    assert served.returncode == alone.returncode == 0
    assert (work / "served.csv").stat().st_mode & 0o077 == 0
    assert (work / "served.csv").read_bytes() == (work / "alone.csv").read_bytes()
    assert "Okafor" in (work / "served.csv").read_text("utf-8-sig")


def test_errors_are_one_line_with_the_command_lines_exit_code(folder: Path, work: Path) -> None:
    for args in (["analyze", "missing.txt"], ["analyze", "--jobs", "0", "strike.txt"]):
        served = _cli(args, _env(folder, ATTRIBUTION_SERVER="debug"), work)
        alone = _cli(args, _env(folder, ATTRIBUTION_SERVER="off"), work)
        assert served.returncode == alone.returncode == 2
        lines = served.stderr.splitlines()
        assert lines[0].startswith("attribution: through the server")
        assert lines[1:] == alone.stderr.splitlines()
        assert len(lines) == 2


def test_status_names_the_running_server_and_start_keeps_it(folder: Path, work: Path) -> None:
    got = _cli(["server", "status"], _env(folder), work)
    assert got.returncode == 0
    assert "server running (pid " in got.stdout
    assert "answering this code" in got.stdout
    pid = got.stdout.split("(pid ", 1)[1].split(",", 1)[0]
    again = _cli(["server", "start"], _env(folder), work)
    assert again.returncode == 0
    assert again.stdout.strip() == f"attribution: server already running (pid {pid}) at {folder}"


def test_a_client_of_other_code_runs_in_process(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(client.DIR_VARIABLE, str(folder))
    monkeypatch.delenv(client.SWITCH, raising=False)
    outcome = client.run_through_server(["analyze", "x.txt"], code_id="an older version")
    assert outcome.code is None
    assert "other code" in outcome.why


def test_a_stale_socket_or_an_open_folder_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(client.DIR_VARIABLE, str(tmp_path))
    monkeypatch.delenv(client.SWITCH, raising=False)
    tmp_path.chmod(0o700)
    _stale_socket(tmp_path / client.SOCKET_NAME)
    stale = client.run_through_server(["analyze", "x.txt"])
    assert stale.code is None and "cannot use the server" in stale.why
    tmp_path.chmod(0o755)
    assert not client.is_private(tmp_path)
    open_folder = client.run_through_server(["analyze", "x.txt"])
    assert open_folder.code is None and "not a private folder" in open_folder.why
    status = _cli(["server", "status"], _env(tmp_path), tmp_path)
    assert status.returncode == 1
    assert "no server running" in status.stdout


def test_commands_other_than_analysis_and_off_run_in_process(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(client.DIR_VARIABLE, str(folder))
    monkeypatch.setenv(client.SWITCH, "off")
    assert client.run_through_server(["analyze", "x.txt"]).code is None
    monkeypatch.delenv(client.SWITCH)
    assert client.run_through_server(["rules", "check"]).code is None
    assert client.run_through_server(["server", "status"]).code is None


def test_the_client_imports_nothing_heavy(folder: Path, work: Path) -> None:
    probe = (
        "import sys\n"
        "sys.argv = ['attribution', 'analyze', 'strike.txt', '-o', 'probe.jsonl']\n"
        "from attribution.cli.app import main\n"
        "code = main()\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'spacy', 'numpy', 'thinc'})\n"
        "heavy += [m for m in sys.modules if m == 'attribution.analyzer']\n"
        "print(code, heavy)\n"
    )
    got = subprocess.run(
        [sys.executable, "-c", probe],
        env=_env(folder),
        cwd=work,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert got.stdout.strip() == "0 []", got.stderr
    assert json.loads((work / "probe.jsonl").read_text("utf-8"))["id"] == "strike"


def _waiting_client(folder: Path, work: Path) -> tuple[subprocess.Popen[str], int]:
    """A client whose command waits for stdin, and the pid of the server's child."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "attribution", "analyze", "-"],
        env=_env(folder, ATTRIBUTION_SERVER="debug"),
        cwd=work,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    line = proc.stderr.readline()
    assert line.startswith("attribution: through the server (pid "), line
    return proc, int(line.rsplit(" ", 1)[1].rstrip(")\n"))


def test_ctrl_c_in_the_client_stops_the_command(folder: Path, work: Path) -> None:
    proc, child = _waiting_client(folder, work)
    time.sleep(0.3)
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=60) == 130  # stdin still open: the command was waiting on it
    _, err = proc.communicate()
    assert err.strip() == "attribution: interrupted"
    assert not _running(child)


def test_a_child_that_dies_gives_one_line_and_a_failure(folder: Path, work: Path) -> None:
    proc, child = _waiting_client(folder, work)
    os.kill(child, signal.SIGKILL)
    assert proc.wait(timeout=60) == 2
    _, err = proc.communicate()
    assert (
        err.strip()
        == f"attribution: error: the server's process for this command (pid {child}) ended early"
    )
    assert _cli(["server", "status"], _env(folder), work).returncode == 0  # still serving


def _running(pid: int, wait: float = 5.0) -> bool:
    """Whether `pid` still exists (as a process, not a zombie) after up to `wait` s."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return False
        if state == "Z":
            return False
        time.sleep(0.05)
    return True


def test_children_are_reaped(folder: Path, work: Path) -> None:
    status = client.ask("status", folder)
    assert status is not None
    _cli(["analyze", "strike.txt"], _env(folder), work)
    time.sleep(0.5)
    server = int(status["pid"])
    zombies = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[1] == str(server) and fields[0] == "Z":
            zombies.append(stat.parent.name)
    assert zombies == []


def _light_server(folder: Path, idle: float) -> subprocess.Popen[bytes]:
    """A server that loads nothing (its commands are never run here), started fast."""
    folder.chmod(0o700)
    code = (
        "import sys\nfrom pathlib import Path\nfrom attribution.scale.server import serve\n"
        f"serve(lambda argv: 0, Path(sys.argv[1]), idle={idle}, warm=lambda: None)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code, str(folder)], env=_env(folder))
    deadline = time.monotonic() + 30
    while client.ask("status", folder) is None and time.monotonic() < deadline:
        time.sleep(0.05)
    return proc


def test_the_idle_timeout_ends_the_server(tmp_path: Path) -> None:
    proc = _light_server(tmp_path, idle=0.5)
    assert client.ask("status", tmp_path) is not None
    assert proc.wait(timeout=30) == 0
    assert not (tmp_path / client.SOCKET_NAME).exists()


def test_stop_and_sigterm_end_the_server(tmp_path: Path) -> None:
    proc = _light_server(tmp_path, idle=60)
    stopped = _cli(["server", "stop"], _env(tmp_path), tmp_path)
    assert stopped.returncode == 0
    assert stopped.stdout.strip() == f"attribution: server stopped (pid {proc.pid})"
    assert proc.wait(timeout=30) == 0
    assert not (tmp_path / client.SOCKET_NAME).exists()
    proc = _light_server(tmp_path, idle=60)
    proc.terminate()
    assert proc.wait(timeout=30) == 0
    assert not (tmp_path / client.SOCKET_NAME).exists()


def _threads() -> int:
    status = Path("/proc/self/status").read_text()
    return int(next(ln.split()[1] for ln in status.splitlines() if ln.startswith("Threads:")))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_signal_relay_is_a_process_not_a_thread() -> None:
    """The served command's signals come through a forked relay process, so the command
    starts no thread here (a process that has had a second thread analyses ~10% slower):
    a Ctrl-C the client passes on interrupts this process, and the relay ends with it."""
    from attribution.scale import server

    ours, theirs = socket.socketpair()
    before = _threads()
    relay = server.start_relay(ours)
    try:
        assert _threads() <= before and relay != os.getpid()
        with pytest.raises(KeyboardInterrupt):
            client.send_frame(theirs, {"signal": "SIGINT"})
            time.sleep(10)
    finally:
        server.stop_relay(relay)
        ours.close()
        theirs.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(relay, os.WNOHANG)
