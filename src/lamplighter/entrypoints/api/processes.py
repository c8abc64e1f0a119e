"""Serve the app from several processes on one port, each with its own listening socket.

One Python process runs one request's Python at a time (the GIL), so a busy server needs a
process per core. uvicorn's own ``--workers`` lets every process accept from one shared
socket, and whichever wakes first takes the connection: with 50 keep-alive clients that gave
37/13 and 31/19 splits, and the busier process's clients waited about three times as long
(``benchmarks/api_load``). Here each process listens on a socket of its own bound to the same
address with ``SO_REUSEPORT``, and the kernel spreads new connections over them by a hash of
the client's address and port. uvicorn has no option for that, hence this small launcher.

Every process must sign dashboard sessions with the same secret, or a cookie issued by one
would be refused by the next: when none is configured the launcher makes one for this run.
"""

from __future__ import annotations

import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from types import FrameType

#: The app factory the processes serve (it reads its settings from LAMPLIGHTER_* variables).
APP_FACTORY = "lamplighter.entrypoints.api.app:create_app"
SESSION_SECRET_ENV = "LAMPLIGHTER_SESSION_SECRET"
PORT_ENV = "LAMPLIGHTER_PORT"


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def claim_port(host: str, port: int) -> int:
    """The port to serve on, after checking that nothing listens there yet (0: a free one).

    The processes' sockets share the port with ``SO_REUSEPORT``, which would as gladly share
    it with a server already running there under the same user (an earlier ``serve`` left
    running): the kernel would then hand half the connections to the old code. A plain bind,
    without that option, fails while any listener holds the port; ``SO_REUSEADDR`` lets it
    through connections of an earlier server that are only closing (TIME_WAIT).
    """
    with socket.socket(_family(host), socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host, port))
        return int(probe.getsockname()[1])


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket listening on ``host:port`` that other sockets with ``SO_REUSEPORT`` may share."""
    listener = socket.socket(_family(host), socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    listener.bind((host, port))
    listener.listen(2048)
    return listener


def start_processes(
    host: str, port: int, count: int, env: dict[str, str], *, access_log: bool = True, log_level: str = "info"
) -> tuple[int, list[subprocess.Popen[bytes]]]:
    """Start ``count`` uvicorn processes serving the app on ``host:port``; the port (0: a free one) and the processes.

    ``env`` is the processes' environment (the app's LAMPLIGHTER_* settings); the port is
    added to it, and a session secret when it has none, so that every process accepts every
    session cookie. Raises OSError when something already listens on the port (see
    :func:`claim_port`).
    """
    if count < 1:
        raise ValueError(f"at least one process is needed, not {count}")
    port = claim_port(host, port)
    env = {**env, PORT_ENV: str(port)}
    env.setdefault(SESSION_SECRET_ENV, secrets.token_urlsafe(32))
    command = [sys.executable, "-m", "uvicorn", "--factory", APP_FACTORY, "--log-level", log_level]
    command += ["--no-proxy-headers"] + ([] if access_log else ["--no-access-log"])
    processes: list[subprocess.Popen[bytes]] = []
    try:
        for _ in range(count):
            listener = listening_socket(host, port)
            try:
                fd = listener.fileno()
                processes.append(subprocess.Popen([*command, "--fd", str(fd)], env=env, pass_fds=[fd]))
            finally:
                listener.close()  # the child holds its own copy now
    except BaseException:
        stop_processes(processes)
        raise
    return port, processes


def stop_processes(processes: Sequence[subprocess.Popen[bytes]], timeout_s: float = 20.0) -> None:
    """Ask every process to finish its requests and stop; kill those still running after ``timeout_s``."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
    deadline = time.monotonic() + timeout_s
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def supervise(processes: Sequence[subprocess.Popen[bytes]]) -> int:
    """Wait until a process exits or this one is told to stop (Ctrl-C, SIGTERM); then stop them all.

    Returns the exit code: 0 when asked to stop, else the first exited process's code, so
    that a process that crashed (a port in use, a database that went away) is not hidden.
    """
    stopping = False

    def stop(_signal: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        while not stopping:
            exited = next((p for p in processes if p.poll() is not None), None)
            if exited is not None:
                stop_processes(processes)
                return exited.returncode or 1
            time.sleep(0.2)
    except KeyboardInterrupt:
        pass  # the processes got the same Ctrl-C from the terminal
    finally:
        signal.signal(signal.SIGTERM, previous)
    stop_processes(processes)
    return 0
