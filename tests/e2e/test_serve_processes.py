"""``lamplighter serve --workers 2``: two processes on one port, sharing sessions, stopping together."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from lamplighter.adapters.db.engine import make_engine
from lamplighter.adapters.db.migrate import migrate
from lamplighter.services import api_keys
from lamplighter.services.api_keys import Role
from lamplighter.services.unit_of_work import UnitOfWork

LAMPLIGHTER = shutil.which("lamplighter", path=str(Path(sys.executable).parent)) or "lamplighter"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc").exists(), reason="reads child processes from /proc")
def test_two_processes_serve_one_port_and_accept_each_others_sessions(tmp_path: Path) -> None:
    db = tmp_path / "serve.sqlite"
    engine = make_engine(f"sqlite:///{db}")
    migrate(engine)
    key = api_keys.create_key(UnitOfWork(engine), Role.VIEWER, "serve test").secret
    engine.dispose()
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "LAMPLIGHTER_SESSION_SECRET"}
    command = [LAMPLIGHTER, "serve", "--db", str(db), "--port", str(port), "--workers", "2", "--no-access-log"]
    parent = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/api/v1/health", timeout=2).status_code == 200 and len(_children(parent.pid)) == 2:
                    break
            except httpx.HTTPError:
                pass
            assert parent.poll() is None and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)
        workers = _children(parent.pid)
        login = httpx.post(f"{base}/login", data={"api_key": key, "next": "/"}, follow_redirects=False)
        assert login.status_code == 303
        cookie = login.headers["set-cookie"].split(";", 1)[0]
        # Each request on a new connection; the kernel spreads them over both processes by a
        # hash of the client port, so a process with its own session secret would refuse ~half.
        statuses = [
            httpx.get(f"{base}/", headers={"Cookie": cookie}, follow_redirects=False).status_code for _ in range(16)
        ]
        assert statuses == [200] * 16
        # A second server on the same port is refused, not let in to share it (SO_REUSEPORT would).
        again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
        assert again.returncode == 1
        assert f"cannot listen on 127.0.0.1:{port}" in again.stderr and "in use" in again.stderr
        assert _children(parent.pid) == workers
        parent.send_signal(signal.SIGTERM)
        assert parent.wait(timeout=30) == 0
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
    for pid in workers:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
