"""`attribution server start|stop|status`: the warm server (`scale/server.py`) that keeps
the pipeline loaded, so `analyze` and `evaluate` skip the second of start-up."""

from __future__ import annotations

import argparse
import os
import select
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from attribution.cli.common import EXIT_FATAL, EXIT_OK, CliError, Parser, non_negative
from attribution.resources import PACKAGE
from attribution.scale.client import (
    LOG_NAME,
    SOCKET_NAME,
    ask,
    fingerprint,
    is_private,
    server_dir,
    supported,
)

DEFAULT_IDLE_MINUTES = 30.0
START_TIMEOUT = 180.0
STOP_TIMEOUT = 15.0
EXIT_NOT_RUNNING = 1
READY = "ready"


def add_parsers(sub: Any, *, run: Callable[[Sequence[str]], int]) -> None:
    """Register `server` on the main parser's subcommands; `run` is the command line's
    `main`, which the server's children run."""
    server = sub.add_parser(
        "server",
        help="a warm server that keeps the pipeline loaded for the next analyze commands",
        description="While a server of this user runs, `attribution analyze` and `evaluate` "
        "hand their work to it and skip the start-up (import spaCy, load the pipeline). "
        "Its socket is in $ATTRIBUTION_SERVER_DIR, else $XDG_RUNTIME_DIR/attribution, "
        "else /tmp/attribution-UID. ATTRIBUTION_SERVER=off runs commands in-process; "
        "ATTRIBUTION_SERVER=debug says on stderr which way each command ran.",
    )
    ssub = server.add_subparsers(dest="server_command", required=True, parser_class=Parser)
    start = ssub.add_parser(
        "start", help="start the server in the background (returns once it is ready)"
    )
    start.add_argument(
        "--idle",
        type=non_negative("minutes"),
        default=DEFAULT_IDLE_MINUTES,
        metavar="MINUTES",
        help="stop after this many minutes without a command (default %(default)g; 0: never)",
    )
    start.add_argument(
        "--foreground",
        action="store_true",
        help="serve in this process, logging on stderr, until stopped or Ctrl-C",
    )
    start.add_argument("--detached", action="store_true", help=argparse.SUPPRESS)
    start.set_defaults(func=lambda args: cmd_start(args, run))
    stop = ssub.add_parser("stop", help="stop the server")
    stop.set_defaults(func=cmd_stop)
    status = ssub.add_parser(
        "status", help="say whether a server runs, its pid and version (exit code 1: none)"
    )
    status.set_defaults(func=cmd_status)


def cmd_start(args: argparse.Namespace, run: Callable[[Sequence[str]], int]) -> int:
    if not supported():
        raise CliError("the server needs Unix sockets that pass file descriptors (Linux, macOS)")
    folder = server_dir()
    idle = args.idle * 60 if args.idle > 0 else float("inf")
    if args.foreground:
        return _serve(run, folder, idle=idle, detached=args.detached)
    current = ask("status", folder)
    if current is not None:
        if current.get("fingerprint") == fingerprint():
            print(f"attribution: server already running (pid {current['pid']}) at {folder}")
            return EXIT_OK
        ask("stop", folder)
        _wait_gone(folder, int(current["pid"]))
        print(f"attribution: stopped the server of other code (pid {current['pid']})")
    _make_private(folder)
    return _spawn(folder, args.idle)


def _serve(
    run: Callable[[Sequence[str]], int], folder: Path, *, idle: float, detached: bool
) -> int:
    from attribution.scale.server import ServerError, serve

    def ready(path: Path) -> None:
        if detached:
            print(READY, flush=True)
            devnull = os.open(os.devnull, os.O_RDWR)
            os.dup2(devnull, 0)
            os.dup2(devnull, 1)
            os.close(devnull)
        else:
            print(f"attribution: server listening at {path} (pid {os.getpid()}); Ctrl-C stops it")
            sys.stdout.flush()

    try:
        serve(run, folder, idle=idle, on_ready=ready)
    except ServerError as exc:
        raise CliError(str(exc)) from None
    return EXIT_OK


def _make_private(folder: Path) -> None:
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise CliError(f"cannot create {folder}: {exc.strerror or exc}") from None
    if not is_private(folder):
        raise CliError(f"{folder} must be a folder of this user with mode 0700")


def _spawn(folder: Path, idle_minutes: float) -> int:
    """Start `server start --foreground` in a new session, its log in the folder, and
    return once it says it is ready (or has failed)."""
    env = dict(os.environ)  # the server must run this very code, wherever it is started
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(PACKAGE.parent), env.get("PYTHONPATH")) if p
    )
    cmd = [sys.executable, "-m", "attribution", "server", "start", "--foreground", "--detached"]
    cmd += ["--idle", repr(idle_minutes)]
    log_path = folder / LOG_NAME
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=log,
            cwd="/",
            env=env,
            start_new_session=True,
        )
    assert proc.stdout is not None
    line = b""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline and not line.endswith(b"\n"):
        readable, _, _ = select.select([proc.stdout], [], [], 0.5)
        if readable:
            chunk = os.read(proc.stdout.fileno(), 256)
            if not chunk:
                break
            line += chunk
    proc.stdout.close()
    if line.strip() != READY.encode():
        if proc.poll() is None:
            proc.terminate()
        raise CliError(f"the server did not start: {_last_line(log_path)} (log: {log_path})")
    print(f"attribution: server listening at {folder / SOCKET_NAME} (pid {proc.pid})")
    return EXIT_OK


def _last_line(path: Path) -> str:
    try:
        lines = path.read_text("utf-8", errors="replace").strip().splitlines()
    except OSError:
        return "no log"
    return lines[-1] if lines else "no message"


def _wait_gone(folder: Path, pid: int) -> bool:
    """Wait until the server `pid` has removed its socket, the last thing it does;
    False on timeout."""
    deadline = time.monotonic() + STOP_TIMEOUT
    while time.monotonic() < deadline:
        if not (folder / SOCKET_NAME).exists():
            return True
        time.sleep(0.05)
    return False


def _reach(op: str) -> tuple[Path, dict[str, Any]] | None:
    """The server's folder and its answer to `op`; None, having said so, when no server
    runs here (or none can on this system), so `stop` and `status` word it alike."""
    if not supported():
        print("attribution: no server runs on this system")
        return None
    folder = server_dir()
    got = ask(op, folder)
    if got is None:
        print(f"attribution: no server running at {folder}")
        return None
    return folder, got


def cmd_stop(args: argparse.Namespace) -> int:
    reached = _reach("stop")
    if reached is None:
        return EXIT_OK
    folder, got = reached
    pid = int(got["pid"])
    if not _wait_gone(folder, pid):
        print(f"attribution: error: the server (pid {pid}) has not stopped", file=sys.stderr)
        return EXIT_FATAL
    print(f"attribution: server stopped (pid {pid})")
    return EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    reached = _reach("status")
    if reached is None:
        return EXIT_NOT_RUNNING
    folder, got = reached
    fresh = got.get("fingerprint") == fingerprint()
    state = (
        "answering this code"
        if fresh
        else "NOT answering: started from other code or before an edit (restart it)"
    )
    print(
        f"attribution: server running (pid {got['pid']}, attribution {got['version']}), "
        f"{state}; socket {folder / SOCKET_NAME}"
    )
    return EXIT_OK
