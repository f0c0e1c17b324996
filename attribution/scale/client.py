"""The thin client of the warm server (`attribution server start`, `scale/server.py`).

A command line that finds a server of its own user, and of exactly its own code, hands
it the command's arguments, working folder, environment, umask and the three standard
streams (their file descriptors, over the Unix socket), then waits for the exit code of
the child process the server forked to run the command. Everything the command prints
or writes goes straight to the client's own streams and files, from the child.

This module runs at every start of the command line, before anything heavy is imported,
so it imports only the standard library and the package's light leaf modules. Whenever
the server cannot be used safely (no socket, a folder other users can enter, a peer of
another uid, a server started from other code or before an edit, any connection error),
`run_through_server` answers None and the command runs in-process as without a server.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import socket
import stat
import struct
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from attribution.resources import PACKAGE, bundled_dir
from attribution.version import __version__

SOCKET_NAME = "server.sock"
LOG_NAME = "server.log"
SERVED_COMMANDS = frozenset({"analyze", "evaluate"})
"""The commands a server runs: those that load the pipeline. Others run in-process."""
SWITCH = "ATTRIBUTION_SERVER"
"""`off`: never use a server; `debug`: say on stderr whether one was used, and why not."""
DIR_VARIABLE = "ATTRIBUTION_SERVER_DIR"
CONNECT_TIMEOUT = 5.0
_HEADER = struct.Struct("!I")
_PEERCRED = struct.Struct("3i")


class ServerLost(RuntimeError):
    """The server's child ended before it reported the command's exit code."""


@dataclass(frozen=True)
class Outcome:
    """What became of a command offered to the server: its exit code, or None when it
    must run in-process, and why (for the `ATTRIBUTION_SERVER=debug` line)."""

    code: int | None
    why: str


def supported() -> bool:
    """Unix sockets that pass file descriptors (Linux, macOS); elsewhere, no server."""
    return os.name == "posix" and hasattr(socket, "AF_UNIX") and hasattr(socket, "send_fds")


def server_dir() -> Path:
    """The folder of this user's server socket: `$ATTRIBUTION_SERVER_DIR`, else
    `$XDG_RUNTIME_DIR/attribution`, else `/tmp/attribution-UID`."""
    if chosen := os.environ.get(DIR_VARIABLE):
        return Path(chosen)
    if runtime := os.environ.get("XDG_RUNTIME_DIR"):
        return Path(runtime) / "attribution"
    return Path("/tmp") / f"attribution-{os.getuid()}"


def is_private(folder: Path) -> bool:
    """True when `folder` is a real folder (not a link) of this user that no one else
    may enter or list (mode 0700 or stricter)."""
    try:
        st = os.lstat(folder)
    except OSError:
        return False
    return stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid() and st.st_mode & 0o077 == 0


def fingerprint() -> str:
    """The identity of the code a process runs: the version, the interpreter, where the
    package is, and every file of the package, the bundled rules and the report
    templates by name, size and modification time. A server answers only clients with
    the same fingerprint, so an upgrade or an edit is never answered by stale code."""
    digest = hashlib.sha256()
    digest.update(f"{__version__}\0{sys.executable}\0{sys.version}\0{PACKAGE}".encode())
    roots = [PACKAGE, bundled_dir("rules", "cues.toml"), bundled_dir("reports", "evidence.toml")]
    for root in roots:
        if root is None:
            continue
        for folder, subdirs, files in os.walk(root):
            subdirs[:] = sorted(d for d in subdirs if d != "__pycache__")
            for name in sorted(files):
                if name.endswith(".pyc"):
                    continue
                path = os.path.join(folder, name)
                with contextlib.suppress(OSError):
                    st = os.stat(path)
                    digest.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def send_frame(sock: socket.socket, message: dict[str, Any], fds: Sequence[int] = ()) -> None:
    """One message: its length, then its JSON; `fds` travel with the first bytes."""
    data = json.dumps(message).encode()
    frame = _HEADER.pack(len(data)) + data
    sent = socket.send_fds(sock, [frame], list(fds)) if fds else 0
    if sent < len(frame):  # not an empty send: a peer that has answered may be gone
        sock.sendall(frame[sent:])


def recv_frame(sock: socket.socket, *, max_fds: int = 0) -> tuple[dict[str, Any], list[int]] | None:
    """The next message and the file descriptors that came with it; None at the end of
    the stream."""
    fds: list[int] = []
    head = b""
    while len(head) < _HEADER.size:
        if max_fds and not head:
            chunk, got, _, _ = socket.recv_fds(sock, _HEADER.size, max_fds)
            fds += got
        else:
            chunk = sock.recv(_HEADER.size - len(head))
        if not chunk:
            _close_all(fds)
            return None
        head += chunk
    (size,) = _HEADER.unpack(head)
    body = b""
    while len(body) < size:
        chunk = sock.recv(min(size - len(body), 1 << 16))
        if not chunk:
            _close_all(fds)
            return None
        body += chunk
    return json.loads(body), fds


def _close_all(fds: list[int]) -> None:
    for fd in fds:
        with contextlib.suppress(OSError):
            os.close(fd)


def peer_uid(sock: socket.socket) -> int | None:
    """The uid of the process at the other end (Linux: SO_PEERCRED; None elsewhere)."""
    option = getattr(socket, "SO_PEERCRED", None)
    if option is None:
        return None
    _, uid, _ = _PEERCRED.unpack(sock.getsockopt(socket.SOL_SOCKET, option, _PEERCRED.size))
    return int(uid)


def connect(folder: Path | None = None) -> socket.socket:
    """A connection to the server in `folder` (default `server_dir()`), after checking
    that the folder is private and the server runs as this user; raises OSError (or
    PermissionError for an unsafe folder or peer)."""
    folder = server_dir() if folder is None else folder
    if not is_private(folder):
        raise PermissionError(f"{folder} is not a private folder of this user")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(CONNECT_TIMEOUT)
        sock.connect(str(folder / SOCKET_NAME))
        uid = peer_uid(sock)
        if uid is not None and uid != os.getuid():
            raise PermissionError(f"the server at {folder} runs as uid {uid}")
    except BaseException:
        sock.close()
        raise
    return sock


def ask(op: str, folder: Path | None = None) -> dict[str, Any] | None:
    """The server's answer to `status` or `stop`; None when no server answers."""
    try:
        with connect(folder) as sock:
            send_frame(sock, {"op": op})
            got = recv_frame(sock)
    except OSError:
        return None
    return None if got is None else got[0]


def served(argv: Sequence[str]) -> bool:
    """Whether `argv` is a command the server runs (`analyze`, `evaluate`)."""
    return bool(argv) and argv[0] in SERVED_COMMANDS


def run_through_server(
    argv: Sequence[str],
    *,
    code_id: str | None = None,
    on_start: Callable[[int], None] | None = None,
) -> Outcome:
    """Run the command `argv` in the user's server, if one can take it.

    `code_id` is this client's fingerprint (default: `fingerprint()`); `on_start` is
    told the pid of the child that runs the command, before the command starts. Ctrl-C
    and SIGTERM are passed on to that child while it runs. Raises ServerLost when the
    child ends without an exit code; any failure before it starts gives an Outcome of
    None, to run in-process.
    """
    if os.environ.get(SWITCH, "").lower() == "off":
        return Outcome(None, f"in-process: {SWITCH}=off")
    if not served(argv):
        return Outcome(None, "in-process: not an analysis command")
    if not supported():
        return Outcome(None, "in-process: no Unix sockets with file descriptors here")
    folder = server_dir()
    if not os.path.exists(folder / SOCKET_NAME):
        return Outcome(None, "in-process: no server running")
    try:
        for fd in (0, 1, 2):
            os.fstat(fd)
        request = _request(argv, code_id or fingerprint())
    except (OSError, ValueError) as exc:
        return Outcome(None, f"in-process: cannot hand over this process's state ({exc})")
    try:
        sock = connect(folder)
    except OSError as exc:
        return Outcome(None, f"in-process: cannot use the server at {folder} ({exc})")
    with sock:
        try:
            send_frame(sock, request, (0, 1, 2))
            first = recv_frame(sock)
        except OSError as exc:
            return Outcome(None, f"in-process: the server did not answer ({exc})")
        if first is None or "pid" not in first[0]:
            reason = "closed the connection" if first is None else first[0].get("refused")
            return Outcome(None, f"in-process: the server refused: {reason}")
        pid = int(first[0]["pid"])
        if on_start is not None:
            on_start(pid)
        sock.settimeout(None)
        try:
            send_frame(sock, {"go": True})
            with _forwarding_signals(sock):
                last = recv_frame(sock)
        except OSError:
            last = None
    if last is None or "exit" not in last[0]:
        raise ServerLost(f"the server's process for this command (pid {pid}) ended early")
    return Outcome(int(last[0]["exit"]), f"through the server (pid {pid})")


def _request(argv: Sequence[str], code_id: str) -> dict[str, Any]:
    mask = os.umask(0o022)
    os.umask(mask)
    return {
        "op": "run",
        "argv": list(argv),
        "cwd": os.getcwd(),
        "env": dict(os.environ),
        "umask": mask,
        "fingerprint": code_id,
        "streams": [_stream_options(s) for s in (sys.stdin, sys.stdout, sys.stderr)],
    }


def _stream_options(stream: Any) -> dict[str, Any]:
    """How this process's text stream is set up, for the child to open its own alike."""
    if stream is None:
        raise ValueError("a standard stream is closed")
    return {
        "encoding": stream.encoding,
        "errors": stream.errors,
        "line_buffering": bool(getattr(stream, "line_buffering", False)),
        "write_through": bool(getattr(stream, "write_through", False)),
    }


@contextlib.contextmanager
def _forwarding_signals(sock: socket.socket) -> Iterator[None]:
    """While the child runs, Ctrl-C and SIGTERM here are sent on to it as messages."""

    def forward(signum: int, frame: object) -> None:
        with contextlib.suppress(OSError):
            send_frame(sock, {"signal": signal.Signals(signum).name})

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
