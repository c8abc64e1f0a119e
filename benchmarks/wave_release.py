"""Wave release at scale: 5,000 TikTok-like orders batched, routed and written as pick lists.

Builds a fresh SQLite database on the benchmark layout
(benchmarks/layouts/single_block_11x40x2x4.toml), 400 SKUs with Zipf popularity, each on
one pick face ordered by popularity from the packing station, and 5,000 open orders of
1-4 lines (the shape of TikTok Shop lighting orders, synthetic and seeded). Then it
releases one wave of all of them twice, in the same run: with FCFS batches (the baseline:
fill each cart in order of arrival) and with Lamplighter's batching. Each release
allocates, batches, routes every trip exactly and writes the pick lists in one
transaction. Peak memory is measured in a child process per release.

Goal (issue 5): under 30 s and under 1 GB peak RSS. Batching runs in groups of 250 orders
in release priority (WaveRequest.group_size), so search time grows linearly with the wave.
Methods in one run: fcfs (baseline), savings (Clarke-Wright, the fast choice for a huge
wave) and lamplighter (savings + local search + ALNS, with --seconds of search shared out).
Last line: metres walked, lamplighter / FCFS batches.

    .venv/bin/python benchmarks/wave_release.py [--orders 5000] [--seconds 10]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import resource
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from multiprocessing.queues import Queue
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from lamplighter.adapters.db.engine import make_engine  # noqa: E402
from lamplighter.adapters.db.migrate import migrate  # noqa: E402
from lamplighter.domain.layout import ZoneKind  # noqa: E402
from lamplighter.domain.orders import Order, OrderLine  # noqa: E402
from lamplighter.domain.sku import Sku  # noqa: E402
from lamplighter.planning.batching import CartCapacity  # noqa: E402
from lamplighter.services.catalog import save_skus  # noqa: E402
from lamplighter.services.check import check_ledger  # noqa: E402
from lamplighter.services.ledger import record_move  # noqa: E402
from lamplighter.services.locations import load_layout_into_db  # noqa: E402
from lamplighter.services.orders import add_order  # noqa: E402
from lamplighter.services.unit_of_work import UnitOfWork, run_in_transaction  # noqa: E402
from lamplighter.services.waves import WaveReleased, WaveRequest, release_wave  # noqa: E402

LAYOUT = ROOT / "benchmarks" / "layouts" / "single_block_11x40x2x4.toml"
NOW = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
# What a release child sends back: the result, wall and CPU seconds, peak RSS in MB, ledger clean.
Outcome = tuple[WaveReleased, float, float, float, bool]


def build(path: Path, n_orders: int, n_skus: int = 400, seed: int = 7) -> None:
    """A fresh database with the layout, SKUs on pick faces by popularity, and open orders."""
    import tomllib

    from lamplighter.domain.ledger import Move, MoveReason

    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    uow = UnitOfWork(engine)
    document = tomllib.loads(LAYOUT.read_text())
    load_layout_into_db(uow, document)
    rng = np.random.default_rng(seed)
    skus = [
        Sku(f"SKU-{i:04d}", f"Lamp {i}", weight_kg=0.3, length_cm=20, width_cm=15, height_cm=10) for i in range(n_skus)
    ]
    save_skus(uow, skus)
    popularity = 1.0 / np.arange(1, n_skus + 1) ** 0.9
    popularity /= popularity.sum()
    lines_per_order = rng.choice([1, 2, 3, 4], size=n_orders, p=[0.6, 0.25, 0.1, 0.05])

    def stock_and_orders(u: UnitOfWork) -> None:
        faces = [c for c in u.locations.in_zones_of_kind(*_pick_kinds()) if c.split("-")[2] in ("02", "03")]
        # Enough stock for three times each SKU's expected demand, 400 units a face, so every
        # order allocates; the most popular SKUs take several faces, nearest the depot first.
        expected = popularity * float(np.sum(lines_per_order)) * 1.5
        free = iter(faces)
        for sku, units in zip(skus, expected, strict=True):
            for _ in range(max(1, int(np.ceil(3 * units / 400)))):
                record_move(u, Move(sku.code, "SUPPLIER", next(free), 400, MoveReason.RECEIPT, "opening"))
        for n in range(n_orders):
            chosen = rng.choice(n_skus, size=int(lines_per_order[n]), replace=False, p=popularity)
            lines = [OrderLine(k + 1, skus[int(s)].code, int(rng.integers(1, 3))) for k, s in enumerate(chosen)]
            paid = NOW - timedelta(minutes=int(rng.integers(1, 24 * 60)))
            add_order(u, Order("tiktok", f"B{n:06d}", lines, paid, paid, paid + timedelta(hours=30)))

    run_in_transaction(uow, stock_and_orders)
    engine.dispose()


def _pick_kinds() -> tuple[ZoneKind, ...]:
    from lamplighter.domain.layout import PICK_ZONE_KINDS

    return tuple(PICK_ZONE_KINDS)


def _release(path: str, method: str, seconds: float, n_orders: int, queue: Queue[Outcome]) -> None:
    engine = make_engine(f"sqlite:///{path}")
    began, cpu_began = time.perf_counter(), time.process_time()
    request = WaveRequest(max_orders=n_orders, method=method, search_seconds=seconds, cart=CartCapacity(8, 60))
    released = release_wave(UnitOfWork(engine), request, NOW)
    elapsed, cpu = time.perf_counter() - began, time.process_time() - cpu_began
    clean = check_ledger(UnitOfWork(engine)).clean
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put((released, elapsed, cpu, peak_mb, clean))


def run(method: str, template: Path, seconds: float, n_orders: int) -> Outcome:
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "wave.sqlite"
        shutil.copy(template, copy)
        context = mp.get_context("spawn")
        queue = context.Queue()
        child = context.Process(target=_release, args=(str(copy), method, seconds, n_orders, queue))
        child.start()
        result: Outcome = queue.get()
        child.join()
        return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orders", type=int, default=5000)
    parser.add_argument("--seconds", type=float, default=10.0, help="batching search budget for ours")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        template = Path(scratch) / "template.sqlite"
        began = time.perf_counter()
        build(template, args.orders)
        print(f"built {args.orders:,} open orders on {LAYOUT.name} in {time.perf_counter() - began:.1f} s")
        print(f"load average before the releases: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
        results: dict[str, WaveReleased] = {}
        for method in ("fcfs", "savings", "lamplighter"):
            released, elapsed, cpu, peak_mb, clean = run(method, template, args.seconds, args.orders)
            results[method] = released
            print(
                f"{method:12s} release {elapsed:6.1f} s ({cpu:5.1f} CPU s)  peak RSS {peak_mb:6.0f} MB  orders {released.orders:,}  "
                f"pick lists {released.pick_lists:,}  lines {released.lines:,}  metres {released.metres:,.0f}  "
                f"m/line {released.metres_per_line:.2f}  single-order m {released.metres_single_order_trips:,.0f}  "
                f"ledger clean {clean}"
            )
        ratio = results["lamplighter"].metres / results["fcfs"].metres
        print(f"metres lamplighter/fcfs-batches: {ratio:.3f}")


if __name__ == "__main__":
    main()
