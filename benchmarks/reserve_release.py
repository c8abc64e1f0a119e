"""Reserve + release of one order line through the services: CPU and wall ms per cycle, SQLite and PostgreSQL.

The hot path of ``benchmarks/api_load.py`` without the HTTP layer: ``orders.reserve`` then
``orders.release`` of 1-3 units of a hot SKU for one of 50 orders (4 lines each), each call
its own transaction. The baseline is the same two use cases as they were written before
this benchmark (commit 13287f3), kept below as reference functions: the same SQL, built the
same way (statements constructed per call, the whole order with all its lines and
reservation sums loaded after the lock and again to refresh its status). Both run in the
same process on the same database, in alternating rounds so that the machine's load (it
is shared) falls on both alike. CPU is this process's (``time.process_time``); the
database server's own CPU is not in it but shows in the wall time.

Afterwards nothing may be left reserved and ``check_ledger`` must be clean.
Last line: CPU ms per cycle, ours / baseline, on PostgreSQL (SQLite when it is skipped).

    .venv/bin/python benchmarks/reserve_release.py [--cycles 300] [--rounds 3] [--skip-postgres]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, and_, bindparam, delete, event, func, select, update

from lamplighter.adapters.db.engine import make_engine
from lamplighter.adapters.db.migrate import migrate
from lamplighter.adapters.db.tables import locations, order_lines, orders, reservations, stock_balances, zones
from lamplighter.adapters.db.types import utc_now
from lamplighter.adapters.db.upsert import dialect_insert
from lamplighter.domain.errors import InvalidQuantity, ReservationNotFound, UnknownLocation
from lamplighter.domain.layout import HOLD_ZONE_KINDS, ZoneKind
from lamplighter.domain.ledger import Balance
from lamplighter.domain.ledger import release as release_balance
from lamplighter.domain.ledger import reserve as reserve_balance
from lamplighter.domain.orders import Order, OrderLine, OrderStatus, check_transition
from lamplighter.domain.sku import Sku
from lamplighter.services import catalog, check, stock
from lamplighter.services import locations as layout_service
from lamplighter.services import orders as order_service
from lamplighter.services.demo import demo_layout_document
from lamplighter.services.errors import StockNotSellable, UnknownOrder
from lamplighter.services.ledger import location_key
from lamplighter.services.unit_of_work import UnitOfWork, run_in_transaction
from scratch_postgres import postgres_database

HOT_SKUS = ("LAMP-SUNSET", "STRIP-XMAS", "BULB-E27", "SHADE-LINEN")
SHELVES = ("A-01-02-01", "A-01-02-02", "A-01-03-01", "A-01-03-02")
ORDERS = 50

# -- the baseline: reserve/release as of commit 13287f3, statement for statement ---------------


@dataclass
class _OldLine:
    id: int
    line_no: int
    sku: str
    quantity: int
    picked: int
    cancelled: int
    reserved: int

    @property
    def unallocated(self) -> int:
        return self.quantity - self.cancelled - self.picked - self.reserved


def _old_load(c: Connection, ref: str) -> tuple[int, OrderStatus, list[_OldLine]]:
    """Old ``load_order(lock=True)``: id, lock by id, then the whole order with every line's reservations."""
    channel, _, external_id = ref.partition(":")
    order_id = c.execute(
        select(orders.c.id).where(orders.c.channel == channel, orders.c.external_id == external_id)
    ).scalar()
    if order_id is None:
        raise UnknownOrder(ref)
    c.execute(select(orders.c.id).where(orders.c.id.in_([order_id])).order_by(orders.c.id).with_for_update()).all()
    return _old_get(c, int(order_id))


def _old_get(c: Connection, order_id: int) -> tuple[int, OrderStatus, list[_OldLine]]:
    """Old ``OrderRepository.get`` (``many`` + ``_attach_lines``)."""
    row = c.execute(select(orders).where(orders.c.id.in_([order_id]))).mappings().one()
    ids = [order_id]
    reserved = (
        select(reservations.c.order_line_id, func.sum(reservations.c.quantity).label("reserved"))
        .join(order_lines, order_lines.c.id == reservations.c.order_line_id)
        .where(order_lines.c.order_id.in_(ids))
        .group_by(reservations.c.order_line_id)
        .subquery()
    )
    query = (
        select(order_lines, func.coalesce(reserved.c.reserved, 0).label("reserved"))
        .outerjoin(reserved, reserved.c.order_line_id == order_lines.c.id)
        .where(order_lines.c.order_id.in_(ids))
        .order_by(order_lines.c.order_id, order_lines.c.line_no)
    )
    lines = [
        _OldLine(
            r["id"], r["line_no"], r["sku"], r["quantity"], r["picked_qty"], r["cancelled_qty"], int(r["reserved"])
        )
        for r in c.execute(query).mappings()
    ]
    _ = dict(row["extra"])  # the old code built the whole Order (extra included)
    return order_id, OrderStatus(row["status"]), lines


def _old_line(ref: str, lines: Sequence[_OldLine], line_no: int) -> _OldLine:
    found = next((ln for ln in lines if ln.line_no == line_no), None)
    if found is None:
        raise ReservationNotFound(f"order {ref} has no line {line_no}")
    return found


def _old_lock_balance(c: Connection, sku: str, location: str) -> Balance:
    query = select(stock_balances.c.on_hand, stock_balances.c.reserved).where(
        stock_balances.c.sku == sku, stock_balances.c.location == location
    )
    row = c.execute(query.with_for_update()).first()
    return Balance() if row is None else Balance(row[0], row[1])


def _old_set_balance(c: Connection, sku: str, location: str, balance: Balance) -> None:
    query = (
        update(stock_balances)
        .where(stock_balances.c.sku == bindparam("key_sku"), stock_balances.c.location == bindparam("key_location"))
        .values(on_hand=bindparam("new_on_hand"), reserved=bindparam("new_reserved"))
    )
    row = {"key_sku": sku, "key_location": location, "new_on_hand": balance.on_hand, "new_reserved": balance.reserved}
    c.execute(query, [row])


def _old_reserved_for_line(c: Connection, line_id: int, location: str) -> int:
    where = and_(reservations.c.order_line_id == line_id, reservations.c.location == location)
    return int(c.execute(select(func.coalesce(func.sum(reservations.c.quantity), 0)).where(where)).scalar_one())


def _old_refresh_status(c: Connection, order_id: int) -> None:
    _, status, lines = _old_get(c, order_id)
    if status in (OrderStatus.OPEN, OrderStatus.ALLOCATED):
        covered = all(line.unallocated == 0 for line in lines)
        wanted = OrderStatus.ALLOCATED if covered and lines else OrderStatus.OPEN
        if wanted != status:
            c.execute(update(orders).where(orders.c.id == order_id).values(status=wanted.value, updated_at=utc_now()))


def baseline_reserve(uow: UnitOfWork, ref: str, line_no: int, location: str, quantity: int) -> None:
    """``orders.reserve`` as it was (old ``load_order``, ``reserve_at`` and ``refresh_status``)."""
    place = location_key(location)

    def work(u: UnitOfWork) -> None:
        c = u.connection
        order_id, status, lines = _old_load(c, ref)
        check_transition(ref, status, OrderStatus.ALLOCATED)
        line = _old_line(ref, lines, line_no)
        if quantity > line.unallocated:
            raise InvalidQuantity(
                f"order {ref} line {line_no}: {quantity} is more than the {line.unallocated} still open"
            )
        query = select(zones.c.kind).join(locations, zones.c.code == locations.c.zone).where(locations.c.code == place)
        kind = c.execute(query).scalar()
        if kind is None:
            raise UnknownLocation(place)
        if ZoneKind(kind) in HOLD_ZONE_KINDS:
            raise StockNotSellable(line.sku, place, kind)
        after = reserve_balance(_old_lock_balance(c, line.sku, place), line.sku, place, quantity)
        _old_set_balance(c, line.sku, place, after)
        values = [
            {
                "order_line_id": line.id,
                "sku": line.sku,
                "location": place,
                "quantity": quantity,
                "created_at": utc_now(),
            }
        ]
        statement = dialect_insert(c, reservations).values(values)
        statement = statement.on_conflict_do_update(
            index_elements=["order_line_id", "location"],
            set_={"quantity": reservations.c.quantity + statement.excluded.quantity},
        )
        c.execute(statement)
        _old_refresh_status(c, order_id)

    run_in_transaction(uow, work)


def baseline_release(uow: UnitOfWork, ref: str, line_no: int, location: str, quantity: int) -> None:
    """``orders.release`` as it was (old ``load_order``, ``release_at`` and ``refresh_status``)."""
    place = location_key(location)

    def work(u: UnitOfWork) -> None:
        c = u.connection
        order_id, _status, lines = _old_load(c, ref)
        line = _old_line(ref, lines, line_no)
        held = _old_reserved_for_line(c, line.id, place)
        if quantity > held:
            raise InvalidQuantity(f"release of {line.sku} at {place}: the line holds {held}, not {quantity}")
        after = release_balance(_old_lock_balance(c, line.sku, place), line.sku, place, quantity)
        _old_set_balance(c, line.sku, place, after)
        where = and_(reservations.c.order_line_id == line.id, reservations.c.location == place)
        if _old_reserved_for_line(c, line.id, place) <= quantity:
            c.execute(delete(reservations).where(where))
        else:
            c.execute(update(reservations).where(where).values(quantity=reservations.c.quantity - quantity))
        _old_refresh_status(c, order_id)

    run_in_transaction(uow, work)


# -- the run ----------------------------------------------------------------------------------

Step = Callable[[UnitOfWork, str, int, str, int], None]
PATHS: dict[str, tuple[Step, Step]] = {
    "baseline": (baseline_reserve, baseline_release),
    "ours": (order_service.reserve, order_service.release),
}


def seed(engine: Engine) -> None:
    """The demo layout, the hot SKUs with 100 units each, one open order per client with a line per SKU."""
    layout_service.load_layout_into_db(UnitOfWork(engine), demo_layout_document())
    catalog.save_skus(UnitOfWork(engine), [Sku(code, name=code, category="table-lamp") for code in HOT_SKUS])
    for code, shelf in zip(HOT_SKUS, SHELVES, strict=True):
        stock.receive(UnitOfWork(engine), code, 100, shelf)
    lines = [OrderLine(n, code, 3) for n, code in enumerate(HOT_SKUS, start=1)]
    now = datetime.now(UTC)
    for client in range(ORDERS):
        order_service.create_order(UnitOfWork(engine), Order("bench", f"c{client}", lines, created_at=now))


def cycles(engine: Engine, path: str, n: int, rng: random.Random) -> tuple[float, float]:
    """``n`` reserve+release cycles on ``path``; returns (CPU s, wall s)."""
    reserve, release = PATHS[path]
    plan = [(f"bench:c{rng.randrange(ORDERS)}", rng.randrange(len(HOT_SKUS)), rng.randint(1, 3)) for _ in range(n)]
    cpu, wall = time.process_time(), time.perf_counter()
    for ref, line, quantity in plan:
        reserve(UnitOfWork(engine), ref, line + 1, SHELVES[line], quantity)
        release(UnitOfWork(engine), ref, line + 1, SHELVES[line], quantity)
    return time.process_time() - cpu, time.perf_counter() - wall


def statements_per_cycle(engine: Engine, path: str) -> int:
    """SQL statements of one reserve+release cycle (SQLite's BEGIN IMMEDIATE counted; COMMIT and the pool's ping not)."""
    seen: list[str] = []

    def count(*_args: Any) -> None:
        seen.append("x")

    event.listen(engine, "before_cursor_execute", count)
    try:
        cycles(engine, path, 1, random.Random(0))
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def measure(label: str, url: str, n: int, rounds: int) -> dict[str, float]:
    engine = make_engine(url)
    migrate(engine)
    seed(engine)
    rng = random.Random(42)
    for path in PATHS:  # warm SQLAlchemy's statement cache and the server's plans
        cycles(engine, path, 50, rng)
    totals = {path: [0.0, 0.0] for path in PATHS}
    for r in range(rounds):
        order = list(PATHS) if r % 2 == 0 else list(reversed(PATHS))
        for path in order:
            cpu, wall = cycles(engine, path, n // rounds, rng)
            totals[path][0] += cpu
            totals[path][1] += wall
    done = (n // rounds) * rounds
    statements = {path: statements_per_cycle(engine, path) for path in PATHS}
    result = check.check_ledger(UnitOfWork(engine))
    with engine.connect() as conn:
        reserved = int(conn.execute(select(func.coalesce(func.sum(stock_balances.c.reserved), 0))).scalar_one())
        open_orders = int(
            conn.execute(select(func.count()).select_from(orders).where(orders.c.status != "open")).scalar_one()
        )
    engine.dispose()
    if not result.clean or reserved or open_orders:
        raise SystemExit(
            f"{label}: ledger clean {result.clean}, {reserved} units still reserved, {open_orders} orders not open"
        )
    row: dict[str, float] = {}
    for path in PATHS:
        cpu_ms, wall_ms = (1000 * t / done for t in totals[path])
        row[f"{path}_cpu"], row[f"{path}_wall"] = cpu_ms, wall_ms
        print(
            f"{label:<10} {path:<8} {done:>6} cycles  CPU {cpu_ms:6.2f} ms/cycle  wall {wall_ms:6.2f} ms/cycle  "
            f"{statements[path]:>2} statements/cycle"
        )
    print(
        f"{label:<10} ours/baseline: CPU {row['ours_cpu'] / row['baseline_cpu']:.2f}  "
        f"wall {row['ours_wall'] / row['baseline_wall']:.2f}   (ledger clean, nothing left reserved)"
    )
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cycles", type=int, default=300, help="reserve+release cycles per path and backend")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds the cycles are split into")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    print(
        f"{args.cycles} reserve+release cycles per path, {args.rounds} alternating rounds, {ORDERS} orders x {len(HOT_SKUS)} lines"
    )
    with tempfile.TemporaryDirectory(prefix="lamplighter-reserve-release-") as folder:
        sqlite = measure("SQLite", f"sqlite:///{Path(folder) / 'bench.sqlite'}", args.cycles, args.rounds)
    if args.skip_postgres:
        print(
            f"ratio (ours/baseline CPU ms per reserve+release cycle, SQLite): {sqlite['ours_cpu'] / sqlite['baseline_cpu']:.2f}"
        )
        return
    with postgres_database("lamplighter_bench_rr") as url:
        pg = measure("PostgreSQL", url, args.cycles, args.rounds)
    print(
        f"ratio (ours/baseline CPU ms per reserve+release cycle, PostgreSQL): {pg['ours_cpu'] / pg['baseline_cpu']:.2f}"
    )


if __name__ == "__main__":
    main()
