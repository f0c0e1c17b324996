"""The warm server: a process that holds the loaded pipeline and forks a child per command.

Every command line pays about a second to import spaCy and load the pipeline before it
reads its first article. The server pays it once (`warm_up`: the default `Analyzer`,
and the modules an analysis imports on its way), then waits on a Unix socket in a
private folder. For each connection it forks a child, which starts with all of that
loaded and shared copy-on-write. The child reads the client's request (see
`scale/client.py`): it takes over the client's standard streams (file descriptors
passed over the socket), working folder, environment and umask, runs the command
line's own `main(argv)` in-process, and reports the exit code. What the user sees, and
every file written, is what the command line itself gives; a child that fails or dies
takes only its own command with it.

The server answers only its own user (the folder is 0700, and the peer's uid is
checked), and runs a command only for a client whose code fingerprint is its own. It
ends on `stop`, on SIGTERM or Ctrl-C, and after `idle` seconds without a command,
removing its socket; children are reaped as they end.
"""

from __future__ import annotations

import contextlib
import gc
import io
import logging
import os
import signal
import socket
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from attribution.scale.client import (
    SOCKET_NAME,
    ask,
    fingerprint,
    is_private,
    peer_uid,
    recv_frame,
    send_frame,
)
from attribution.scale.processes import killed_with_parent
from attribution.version import __version__

Command = Callable[[Sequence[str]], int]
POLL_SECONDS = 1.0
REQUEST_TIMEOUT = 30.0


class ServerError(RuntimeError):
    """The server cannot start: an unsafe folder, or a server already running there."""


class _Stop(Exception):
    """SIGTERM or SIGINT reached the server: leave the loop and clean up."""


WARM_UP_TEXT = '"The talks have failed," the union said on Tuesday.'


def warm_up() -> object:
    """Load what every analysis needs, once: the default Analyzer (the pipeline, the
    rules and the classifiers), the modules an analysis imports on its way, and what
    the first parse fills lazily (one short text analysed)."""
    from attribution.analyzer import Analyzer
    from attribution.formats import readers, writers  # noqa: F401
    from attribution.scale import processes  # noqa: F401

    analyzer = Analyzer()
    analyzer.analyze(WARM_UP_TEXT)
    return analyzer


def prepare(folder: Path) -> Path:
    """The socket's path in `folder`, made private (0700) if new; a socket no server
    answers on (left by a server that was killed) is removed. Raises ServerError when
    the folder is not this user's alone or a server already answers there."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not is_private(folder):
        raise ServerError(f"{folder} must be a folder of this user with mode 0700")
    path = folder / SOCKET_NAME
    if path.exists() or path.is_symlink():
        if ask("status", folder) is not None:
            raise ServerError(f"a server already answers at {path}")
        path.unlink()
    return path


def serve(
    run: Command,
    folder: Path,
    *,
    idle: float,
    on_ready: Callable[[Path], None] | None = None,
    warm: Callable[[], object] = warm_up,
) -> None:
    """Serve commands with `run` (the command line's `main`) until stopped, or until
    `idle` seconds pass with no command running or arriving. `warm` loads what the
    children should start with (default `warm_up`)."""
    path = prepare(folder)
    loaded = warm()
    code_id = fingerprint()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    os.chmod(path, 0o600)
    listener.listen(16)
    listener.settimeout(POLL_SECONDS)
    identity = os.stat(path).st_ino
    gc.collect()
    gc.freeze()  # the children's collections leave the warm objects' pages shared
    children: set[int] = set()
    ended: set[int] = set()  # filled by the SIGCHLD handler as children end
    handlers = {signal.SIGTERM: _raise_stop, signal.SIGINT: _raise_stop}
    handlers[signal.SIGCHLD] = lambda signum, frame: ended.update(_reap())
    previous = {sig: signal.signal(sig, handler) for sig, handler in handlers.items()}
    if on_ready is not None:
        on_ready(path)
    last = time.monotonic()
    try:
        while True:
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                conn = None
            if ended:
                done = set(ended)
                ended.difference_update(done)  # one step: the handler may add meanwhile
                children.difference_update(done)
                last = time.monotonic()
            if conn is None:
                if not children and time.monotonic() - last > idle:
                    return
                continue
            last = time.monotonic()
            with conn:
                if peer_uid(conn) not in (None, os.getuid()):
                    continue
                pid = os.fork()
                if pid == 0:
                    _child(conn, listener, run, code_id, loaded)
                children.add(pid)
    except _Stop:
        return
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        listener.close()
        with contextlib.suppress(OSError):
            if os.stat(path).st_ino == identity:
                path.unlink()
        _reap()


def _raise_stop(signum: int, frame: object) -> None:
    raise _Stop


def _reap() -> set[int]:
    """Collect every child that has ended (no zombies), and say which."""
    ended: set[int] = set()
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return ended
        if pid == 0:
            return ended
        ended.add(pid)


def _child(
    conn: socket.socket, listener: socket.socket, run: Command, code_id: str, warm: object
) -> None:
    """The forked child: one request, then `os._exit`; it never returns to the loop."""
    status = 1
    try:
        listener.close()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # the command reaps its own workers
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        conn.settimeout(REQUEST_TIMEOUT)
        got = recv_frame(conn, max_fds=3)
        if got is not None:
            _answer(conn, got[0], got[1], run, code_id, warm)
        status = 0
    except BaseException:
        with contextlib.suppress(BaseException):
            traceback.print_exc()
    finally:
        os._exit(status)


def _answer(
    conn: socket.socket,
    request: dict[str, Any],
    fds: list[int],
    run: Command,
    code_id: str,
    warm: object,
) -> None:
    op = request.get("op")
    if op == "status":
        send_frame(conn, _status(code_id))
    elif op == "stop":
        os.kill(os.getppid(), signal.SIGTERM)
        send_frame(conn, {**_status(code_id), "stopping": True})
    elif op != "run" or len(fds) != 3:
        send_frame(conn, {"refused": f"unknown request {op!r}"})
    elif request.get("fingerprint") != code_id:
        send_frame(conn, {"refused": "the server runs other code (started before an edit?)"})
    else:
        conn.settimeout(None)
        _take_over(request, fds)
        send_frame(conn, {"pid": os.getpid()})
        go = recv_frame(conn)  # the client has said what it had to on its stderr
        if go is None or not go[0].get("go"):
            return
        relay = start_relay(conn)
        try:
            code = _run(run, request["argv"])
        finally:
            stop_relay(relay)
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        with contextlib.suppress(OSError):
            send_frame(conn, {"exit": code})


def _status(code_id: str) -> dict[str, Any]:
    return {"pid": os.getppid(), "version": __version__, "fingerprint": code_id}


def _take_over(request: dict[str, Any], fds: list[int]) -> None:
    """Become the client's process: its folder, environment, umask and streams."""
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    os.umask(int(request["umask"]))
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    options = request["streams"]
    sys.stdin = _text_stream(0, "r", options[0])
    sys.stdout = _text_stream(1, "w", options[1])
    sys.stderr = _text_stream(2, "w", options[2])
    root = logging.getLogger()
    for handler in list(root.handlers):  # the command's basicConfig writes to its stderr
        root.removeHandler(handler)


def _text_stream(fd: int, mode: str, options: dict[str, Any]) -> io.TextIOWrapper:
    """A standard stream on `fd` set up as the client's was (newlines untranslated, as
    Python opens its standard streams on POSIX)."""
    raw = open(fd, mode + "b", closefd=False)  # noqa: SIM115 - lives as long as the process
    return io.TextIOWrapper(
        raw,
        encoding=options["encoding"],
        errors=options["errors"],
        newline="\n",
        line_buffering=options["line_buffering"],
        write_through=options["write_through"],
    )


def start_relay(conn: socket.socket) -> int:
    """Fork the process that relays the client's signals to this one (`_relay_signals`)
    and return its pid. A process, not a thread: a process that has had a second thread
    runs the analysis about 10% slower (glibc's malloc leaves its single-threaded path),
    and so would every `--jobs` worker forked from it."""
    target = os.getpid()
    pid = os.fork()
    if pid == 0:
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            killed_with_parent(target)  # a command that crashes takes its relay along
            _relay_signals(conn, target)
        finally:
            os._exit(0)
    return pid


def stop_relay(pid: int) -> None:
    """End the relay once the command has finished, before the exit code is sent, so a
    client that then hangs up is not taken for one that went away mid-command."""
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


def _relay_signals(conn: socket.socket, target: int) -> None:
    """Ctrl-C and SIGTERM the client passes on become process `target`'s own; a client
    that goes away ends the command as SIGTERM would. Ends when `target` does."""
    while True:
        try:
            got = recv_frame(conn)
        except OSError:
            got = None
        if os.getppid() != target:
            return
        if got is None:
            with contextlib.suppress(OSError):
                os.kill(target, signal.SIGTERM)
            return
        name = got[0].get("signal")
        if name in ("SIGINT", "SIGTERM"):
            with contextlib.suppress(OSError):
                os.kill(target, getattr(signal, name))


def _run(run: Command, argv: list[str]) -> int:
    """The command's exit code, as `python -m attribution` would end with it."""
    try:
        return run(argv)
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            return exc.code or 0
        print(exc.code, file=sys.stderr)
        return 1
    except BaseException:
        traceback.print_exc()
        return 1
