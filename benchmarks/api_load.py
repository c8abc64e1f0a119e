"""API under load: 50 clients reserving and releasing a few hot SKUs for 30 s, PostgreSQL and SQLite.

Each client owns one order with a line per hot SKU and loops: reserve 1-3 units of a
random hot SKU at its shelf, then release them. A refusal (409) happens only when the
clients on one SKU hold nearly all its 60 units at once, which is rare (none in the runs
reported); every reservation and release of a hot SKU still queues on its balance row, and
the point is that none is granted beyond the stock. The server is ``lamplighter serve --workers 2`` on
loopback: two processes, each with its own listening socket on the port (SO_REUSEPORT;
``--shared-socket``: ``uvicorn --workers 2`` on one socket).

Afterwards: no 5xx, every balance has ``0 <= reserved <= on_hand`` (also sampled during
the run), every reservation released, and ``check_ledger`` is clean.

Goal (issue 6) on PostgreSQL on a 2-core machine: >= 400 requests/s with p99 < 150 ms.
The last line is PostgreSQL req/s divided by that 400 req/s goal (the p99 ratio to its
150 ms goal is printed just above it).

    .venv/bin/python benchmarks/api_load.py [--seconds 30] [--clients 50] [--skip-postgres | --skip-sqlite]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx
import numpy as np
from sqlalchemy import create_engine, func, select

from lamplighter.adapters.db.engine import make_engine
from lamplighter.adapters.db.migrate import migrate
from lamplighter.adapters.db.tables import stock_balances
from lamplighter.domain.orders import Order, OrderLine
from lamplighter.domain.sku import Sku
from lamplighter.entrypoints.api.processes import APP_FACTORY
from lamplighter.services import api_keys, catalog, check, locations, orders, stock
from lamplighter.services.api_keys import Role
from lamplighter.services.demo import demo_layout_document
from lamplighter.services.unit_of_work import UnitOfWork
from scratch_postgres import postgres_database

HOT_SKUS = ("LAMP-SUNSET", "STRIP-XMAS", "BULB-E27", "SHADE-LINEN")
SHELVES = ("A-01-02-01", "A-01-02-02", "A-01-03-01", "A-01-03-02")
UNITS_PER_SKU = 60
GOAL_REQ_PER_S = 400.0
GOAL_P99_MS = 150.0


def _stat(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return []


def _cpu_s(pid: int, *, reaped_children: bool = False) -> float:
    """User + system CPU seconds of a process (0 when it is gone), plus its reaped children's if asked."""
    fields = _stat(pid)
    if not fields:
        return 0.0
    ticks = int(fields[11]) + int(fields[12])
    if reaped_children:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / os.sysconf("SC_CLK_TCK")


def _descendants(root: int) -> list[int]:
    """Every live process below ``root``."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat(int(entry.name))):
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], list(children.get(root, []))
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _process_tree_cpu_s(root: int) -> float:
    """CPU seconds of ``root`` (with its exited, reaped children) and of every live process below it."""
    return sum(_cpu_s(pid, reaped_children=True) for pid in [root, *_descendants(root)])


def connection_owners(root: int, port: int) -> dict[int, int]:
    """Client port -> id of the process under ``root`` holding that established connection to ``port``.

    Read from ``/proc/net/tcp*`` (socket inode of each connection to the port, and the
    client's port) and each process's open descriptors (which inodes it holds).
    """
    client_port_of: dict[str, int] = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                local, remote, state, inode = fields[1], fields[2], fields[3], fields[9]
                if state == "01" and int(local.rsplit(":", 1)[1], 16) == port:
                    client_port_of[inode] = int(remote.rsplit(":", 1)[1], 16)
    owners: dict[int, int] = {}
    for pid in [root, *_descendants(root)]:
        with contextlib.suppress(OSError):
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                with contextlib.suppress(OSError):
                    target = os.readlink(fd)
                    if target.startswith("socket:[") and target[8:-1] in client_port_of:
                        owners[client_port_of[target[8:-1]]] = pid
    return owners


def _postmaster_pid() -> int | None:
    """The local PostgreSQL server's main process (its backends are its children), if this machine runs one."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat(int(entry.name))):
            try:
                comm = (entry / "comm").read_text().strip()
                parent_comm = Path(f"/proc/{fields[1]}/comm").read_text().strip()
            except OSError:
                continue
            if comm == "postgres" and parent_comm != "postgres":
                return int(entry.name)
    return None


@dataclass
class CpuMeter:
    """CPU seconds spent during the load by the client (this process), the API server and PostgreSQL.

    The server's and PostgreSQL's are whole process trees, exited children included (a
    backend that closes hands its CPU time to the postmaster). PostgreSQL's is the whole
    local server's, so another job using it at the same time would be counted too.
    """

    server_pids: list[int]
    postgres_pid: int | None
    client_s: float = 0.0
    server_s: float = 0.0
    postgres_s: float = 0.0
    _start: tuple[float, float, float] = (0.0, 0.0, 0.0)

    def start(self) -> None:
        self._start = self._now()

    def stop(self) -> None:
        now = self._now()
        self.client_s, self.server_s, self.postgres_s = (b - a for a, b in zip(self._start, now, strict=True))

    def _now(self) -> tuple[float, float, float]:
        postgres = _process_tree_cpu_s(self.postgres_pid) if self.postgres_pid else 0.0
        server = sum(_process_tree_cpu_s(pid) for pid in self.server_pids)
        return time.process_time(), server, postgres


@dataclass
class Tally:
    latencies_ms: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    oversold_samples: int = 0
    samples: int = 0
    by_client: dict[int, list[float]] = field(default_factory=dict)
    #: Which server process holds each client's connection (client number -> process id).
    owners: dict[int, int] = field(default_factory=dict)

    def add(self, status: int, ms: float, client: int) -> None:
        self.latencies_ms.append(ms)
        self.statuses[status] = self.statuses.get(status, 0) + 1
        self.by_client.setdefault(client, []).append(ms)


def seed(url: str, clients: int) -> str:
    """Layout, hot SKUs with scarce stock, one order per client; returns a lead's API key."""
    engine = make_engine(url)
    migrate(engine)
    locations.load_layout_into_db(UnitOfWork(engine), demo_layout_document())
    catalog.save_skus(UnitOfWork(engine), [Sku(code, name=code, category="table-lamp") for code in HOT_SKUS])
    for code, shelf in zip(HOT_SKUS, SHELVES, strict=True):
        stock.receive(UnitOfWork(engine), code, UNITS_PER_SKU, shelf)
    lines = [OrderLine(n, code, 3) for n, code in enumerate(HOT_SKUS, start=1)]
    for client in range(clients):
        orders.create_order(UnitOfWork(engine), Order("bench", f"c{client}", lines, created_at=_now()))
    key = api_keys.create_key(UnitOfWork(engine), Role.LEAD, "api_load").secret
    engine.dispose()
    return key


def _now() -> datetime:
    return datetime.now(UTC)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def server(url: str, workers: int, *, shared_socket: bool = False) -> Iterator[tuple[str, list[int]]]:
    """Serve the API as a user would, ``lamplighter serve --workers N``; yields the base URL and the server's process id.

    That gives each process its own listening socket on the port (SO_REUSEPORT), so the
    kernel spreads connections over them by a hash of the client's address. With
    ``shared_socket`` it is ``uvicorn --workers N`` on one socket, where whichever worker wakes
    first accepts: with 50 connections opened at once that gave 37/13 and 31/19 splits, and
    the clients of the busier worker waited about three times as long (both get the same CPU).
    Access logs are off in both, as in every run reported.
    """
    port = _free_port()
    env = {**os.environ, "LAMPLIGHTER_DATABASE_URL": url}
    if shared_socket:
        command = [sys.executable, "-m", "uvicorn", "--factory", APP_FACTORY]
        command += ["--log-level", "warning", "--no-access-log", "--host", "127.0.0.1", "--port", str(port)]
        command += ["--workers", str(workers)]
    else:
        lamplighter = str(Path(sys.executable).with_name("lamplighter"))
        command = [lamplighter, "serve", "--db", url, "--port", str(port), "--workers", str(workers)]
        command += ["--no-access-log", "--log-level", "warning"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(base, [process])
        yield base, [process.pid]
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_until_serving(base: str, processes: list[subprocess.Popen[bytes]]) -> None:
    """Until 20 health checks in a row answer, each on a new connection (so every process is up)."""
    deadline = time.monotonic() + 90
    answered = 0
    while answered < 20:
        try:
            answered = answered + 1 if httpx.get(f"{base}/api/v1/health", timeout=2).status_code == 200 else 0
        except httpx.HTTPError:
            answered = 0
        if time.monotonic() > deadline or any(process.poll() is not None for process in processes):
            raise RuntimeError("the API server did not start")
        if answered == 0:
            time.sleep(0.2)


class KeepAliveConnection:
    """One keep-alive HTTP/1.1 connection over TCP that speaks just enough of the protocol for JSON POSTs.

    It writes whole requests and reads whole responses (status line, headers, a body of
    ``Content-Length`` bytes). httpx cost ~7 ms of CPU per request here, more than the server
    itself, on the same two cores; this costs a small fraction of that (the run prints it).
    """

    def __init__(self, base: str, headers: dict[str, str]) -> None:
        self.host, port = base.removeprefix("http://").split(":")
        self.port = int(port)
        self.fixed = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.local_port = 0

    async def post(self, path: str, body: dict[str, object], timeout_s: float = 30.0) -> tuple[int, bytes]:
        payload = json.dumps(body).encode()
        head = (
            f"POST {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n{self.fixed}"
            f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n\r\n"
        )
        async with asyncio.timeout(timeout_s):
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
                self.local_port = int(self.writer.get_extra_info("sockname")[1])
            assert self.reader is not None
            self.writer.write(head.encode() + payload)
            header_block = await self.reader.readuntil(b"\r\n\r\n")
            status_line, *header_lines = header_block.decode("latin-1").split("\r\n")
            headers = dict(line.split(":", 1) for line in header_lines if line)
            headers = {name.lower(): value.strip() for name, value in headers.items()}
            if "content-length" not in headers:
                raise RuntimeError(f"response without Content-Length: {status_line}")
            content = await self.reader.readexactly(int(headers["content-length"]))
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return int(status_line.split(" ", 2)[1]), content

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            await self.writer.wait_closed()
        self.reader = self.writer = None


async def client_loop(
    http: KeepAliveConnection, client: int, window: tuple[float, float], tally: Tally, warmup: Tally
) -> None:
    """Reserve then release until the window ends; requests sent before it begins go to ``warmup``."""
    rng = random.Random(client)
    ref = f"bench:c{client}"
    measure_from, stop_at = window
    while time.monotonic() < stop_at:
        line = rng.randrange(len(HOT_SKUS))
        body = {"line_no": line + 1, "location": SHELVES[line], "quantity": rng.randint(1, 3)}
        for path in ("reservations", "releases"):
            started = time.monotonic()
            status, _ = await http.post(f"/api/v1/orders/{ref}/{path}", body)
            (tally if started >= measure_from else warmup).add(status, (time.monotonic() - started) * 1000, client)
            if status != 201 and path == "reservations":
                break


async def watch_invariant(url: str, stop_at: float, tally: Tally) -> None:
    """Sample the balances once a second: reserved must never exceed on hand."""
    engine = create_engine(url)
    query = select(func.count()).select_from(stock_balances).where(stock_balances.c.reserved > stock_balances.c.on_hand)
    try:
        while time.monotonic() < stop_at:
            with engine.connect() as conn:
                tally.oversold_samples += int(conn.execute(query).scalar_one())
            tally.samples += 1
            await asyncio.sleep(1.0)
    finally:
        engine.dispose()


async def load(
    base: str, key: str, url: str, clients: int, seconds: float, cpu: CpuMeter, warmup_s: float = 0.0
) -> tuple[Tally, float, Tally]:
    """Run the clients for ``warmup_s`` + ``seconds``; the tally and CPU are of the last ``seconds``.

    The warm-up (same load, same invariant watch) lets every connection, pooled database
    connection, cached key and prepared statement come into being before the clock starts;
    its requests are returned apart.
    """
    tally, warmup = Tally(), Tally()
    connections = [KeepAliveConnection(base, {"X-API-Key": key}) for _ in range(clients)]
    gc.collect()
    gc.freeze()  # the client's full collections (~100 ms over the seeded heap) would count as latency
    measure_from = time.monotonic() + warmup_s
    stop_at = measure_from + seconds

    async def start_meter() -> None:
        await asyncio.sleep(max(0.0, measure_from - time.monotonic()))
        cpu.start()
        owners = connection_owners(cpu.server_pids[0], int(base.rsplit(":", 1)[1]))
        for client, http in enumerate(connections):
            if (process := owners.get(http.local_port)) is not None:
                tally.owners[client] = process

    try:
        await asyncio.gather(
            start_meter(),
            watch_invariant(url, stop_at, tally),
            *(client_loop(http, c, (measure_from, stop_at), tally, warmup) for c, http in enumerate(connections)),
        )
        elapsed = time.monotonic() - measure_from
        cpu.stop()
    finally:
        gc.unfreeze()
        for http in connections:
            await http.close()
    return tally, elapsed, warmup


def print_split(tally: Tally) -> None:
    """How the kernel spread the connections over the server processes, and what each one's clients saw."""
    by_process: dict[int, list[int]] = {}
    for client, process in tally.owners.items():
        by_process.setdefault(process, []).append(client)
    if len(by_process) < 2:
        return
    parts = []
    for clients in sorted(by_process.values(), key=len):
        lat = np.concatenate([tally.by_client.get(c, []) for c in clients])
        parts.append(f"{len(clients)} ({np.mean(lat):.0f} / {np.percentile(lat, 99):.0f} ms)")
    print(f"{'':<10} connections per server process (mean / p99 latency of their clients): {', '.join(parts)}")


def after_checks(url: str) -> tuple[bool, int]:
    engine = make_engine(url)
    result = check.check_ledger(UnitOfWork(engine))
    with engine.connect() as conn:
        reserved = int(conn.execute(select(func.coalesce(func.sum(stock_balances.c.reserved), 0))).scalar_one())
    engine.dispose()
    return result.clean, reserved


def run(
    label: str, url: str, clients: int, seconds: float, workers: int, shared_socket: bool, warmup_s: float
) -> dict[str, float]:
    key = seed(url, clients)
    with server(url, workers, shared_socket=shared_socket) as (base, pids):
        cpu = CpuMeter(pids, _postmaster_pid() if url.startswith("postgresql") else None)
        tally, elapsed, warmup = asyncio.run(load(base, key, url, clients, seconds, cpu, warmup_s))
    clean, still_reserved = after_checks(url)
    lat = np.array(tally.latencies_ms)
    total = len(lat)
    errors = sum(n for status, n in tally.statuses.items() if status >= 500)
    row = {
        "requests": float(total),
        "req_per_s": total / elapsed,
        "p50_ms": float(np.percentile(lat, 50)) if total else float("nan"),
        "p99_ms": float(np.percentile(lat, 99)) if total else float("nan"),
    }
    print(
        f"{label:<10} {total:>7,} requests in {elapsed:4.1f} s = {row['req_per_s']:7.1f} req/s  "
        f"p50 {row['p50_ms']:6.1f} ms  p99 {row['p99_ms']:6.1f} ms  statuses {dict(sorted(tally.statuses.items()))}"
    )
    print(
        f"{'':<10} 5xx: {errors}  oversold balances seen: {tally.oversold_samples} in {tally.samples} samples  "
        f"units still reserved: {still_reserved}  check_ledger clean: {clean}"
    )
    if warmup.latencies_ms:
        warm = np.array(warmup.latencies_ms)
        print(
            f"{'':<10} warm-up (not counted): {len(warm):,} requests, p50 {np.percentile(warm, 50):.1f} ms, "
            f"p99 {np.percentile(warm, 99):.1f} ms, max {warm.max():.1f} ms, statuses {dict(sorted(warmup.statuses.items()))}"
        )
    print_split(tally)
    errors += sum(n for status, n in warmup.statuses.items() if status >= 500)
    per = 1000 / max(total, 1)
    print(
        f"{'':<10} CPU ms per request: client {cpu.client_s * per:.2f}  server {cpu.server_s * per:.2f}"
        f"  PostgreSQL {cpu.postgres_s * per:.2f}  (load average {os.getloadavg()[0]:.2f})"
    )
    row.update(client_cpu_ms=cpu.client_s * per, server_cpu_ms=cpu.server_s * per, postgres_cpu_ms=cpu.postgres_s * per)
    if errors or tally.oversold_samples or still_reserved or not clean:
        raise SystemExit(f"{label}: the load broke an invariant (see above)")
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2, help="uvicorn processes")
    parser.add_argument(
        "--warmup", type=float, default=2.0, help="seconds of the same load before the measured seconds (not counted)"
    )
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true", help="PostgreSQL only (no SQLite run to compare with)")
    parser.add_argument(
        "--shared-socket", action="store_true", help="uvicorn --workers N on one socket (default: a socket per process)"
    )
    args = parser.parse_args()
    accept = "one shared socket" if args.shared_socket else "a SO_REUSEPORT socket each"
    print(
        f"{args.clients} clients x {args.seconds:.0f} s, {len(HOT_SKUS)} hot SKUs x {UNITS_PER_SKU} units, "
        f"{args.workers} uvicorn processes ({accept}), after {args.warmup:.0f} s of warm-up"
    )
    sqlite: dict[str, float] | None = None
    if not args.skip_sqlite:
        with tempfile.TemporaryDirectory(prefix="lamplighter-api-load-") as folder:
            url = f"sqlite:///{Path(folder) / 'load.sqlite'}"
            sqlite = run("SQLite", url, args.clients, args.seconds, args.workers, args.shared_socket, args.warmup)
    if args.skip_postgres:
        if sqlite is not None:
            print(f"ratio (SQLite req/s / {GOAL_REQ_PER_S:.0f} req/s goal): {sqlite['req_per_s'] / GOAL_REQ_PER_S:.2f}")
        return
    with postgres_database("lamplighter_bench_api") as url:
        pg = run("PostgreSQL", url, args.clients, args.seconds, args.workers, args.shared_socket, args.warmup)
    if sqlite is not None:
        print(f"PostgreSQL / SQLite req/s: {pg['req_per_s'] / sqlite['req_per_s']:.2f}")
    cpu_ms = pg["client_cpu_ms"] + pg["server_cpu_ms"] + pg["postgres_cpu_ms"]
    cores = os.cpu_count() or 1
    print(
        f"PostgreSQL CPU per request, all parties: {cpu_ms:.2f} ms, so {cores} idle cores could serve at most "
        f"{cores * 1000 / cpu_ms:.0f} req/s; {args.clients} closed-loop clients wait {args.clients / GOAL_REQ_PER_S * 1000:.0f} ms "
        f"on average at {GOAL_REQ_PER_S:.0f} req/s (Little's law), so p99 < {GOAL_P99_MS:.0f} ms needs more than that rate"
    )
    print(f"PostgreSQL p99 / {GOAL_P99_MS:.0f} ms goal: {pg['p99_ms'] / GOAL_P99_MS:.2f} (below 1 meets it)")
    print(
        f"ratio (PostgreSQL req/s / {GOAL_REQ_PER_S:.0f} req/s goal; 1 or more meets it): {pg['req_per_s'] / GOAL_REQ_PER_S:.2f}"
    )


if __name__ == "__main__":
    main()
