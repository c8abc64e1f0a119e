"""``lamplighter demo``: build the demo lighting seller in a fresh database, then read what a user sees first.

Every step goes through the use cases the rest of Lamplighter uses, in this order: the
layout (``services.locations``), the catalog and lanes (``services.catalog``), the opening
stock as receipts placed by the storage rules (``services.ledger.record_moves``), a year of
sales history through the importers' sales writer and the Ads Manager import
(``services.imports``), today's open orders (``services.orders.add_order``) allocated first
due first (``allocate_open_orders``), the returns of the last days
(``services.stock.receive_return``), the purchase orders on order (SUPPLIER -> IN_TRANSIT)
and this morning's container (``services.stock.receive``). ``plan_the_demo_day`` then runs
``services.planning_cycle`` for the demo's today.

History orders are sales history only: the stock they took left before "today", so they
move no stock. The opening stock is what the shelves hold this morning; a container that
landed at seven waits in inbound staging for putaway.
"""

from __future__ import annotations

import tempfile
import time as clock
import tomllib
from dataclasses import dataclass, field
from datetime import datetime, time
from importlib.resources import files
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DatabaseError

from lamplighter.adapters.db.engine import make_engine
from lamplighter.adapters.db.migrate import is_initialised, migrate
from lamplighter.adapters.files.tabular import ImportErrorReport
from lamplighter.demo import exports
from lamplighter.demo.catalog import to_skus
from lamplighter.demo.generator import DemoParams, DemoWorld, generate_demo
from lamplighter.demo.placement import Placement, place_opening_stock
from lamplighter.demo.sales import CHANNEL
from lamplighter.demo.stock import recent_daily_units
from lamplighter.domain.allocation import AllocationOrder
from lamplighter.domain.errors import DomainError, UnknownLocation
from lamplighter.domain.layout import Layout, ZoneKind
from lamplighter.domain.ledger import Move, MoveReason, VirtualLocation
from lamplighter.domain.storage_rules import Occupancy, check_placement, may_store
from lamplighter.services.catalog import save_skus, save_suppliers
from lamplighter.services.imports.ads import import_ads
from lamplighter.services.imports.batches import ImportOptions, ImportSummary, run_import
from lamplighter.services.imports.sales_history import SalesWriter
from lamplighter.services.ledger import record_moves
from lamplighter.services.locations import load_layout_into_db
from lamplighter.services.orders import AllocationReport, add_order, allocate_open_orders
from lamplighter.services.planning_cycle import PlanningCycleOptions, PlanningCycleResult, run_planning_cycle
from lamplighter.services.stock import Who, receive, receive_return
from lamplighter.services.unit_of_work import UnitOfWork, run_in_transaction

DEMO_ACTOR = "demo"
RECEIVED_AT = time(7, 0)  # containers are unloaded at seven
HISTORY_CHUNK = 50_000


class DemoDatabaseInUse(DomainError):
    """The demo builds only into an empty database, an earlier demo's, or a SQLite file it is told to replace."""

    code = "demo-database-in-use"

    def __init__(self, url: str) -> None:
        super().__init__(
            f"database {url} is not an earlier demo's and is not empty; "
            "pass --fresh to replace a SQLite file, or name another --db"
        )
        self.url = url


@dataclass(frozen=True, slots=True)
class DemoBuilt:
    """What the demo wrote, with the seconds each step took."""

    url: str
    params: DemoParams
    now: datetime
    skus: int
    locations: int
    placements: int
    units_placed: int
    sales_lines: int
    ad_days: int
    open_orders: int
    allocation: AllocationReport
    returns_waiting: int
    units_in_staging: int
    purchase_orders: int
    units_in_transit: int
    container: str
    seconds: dict[str, float] = field(default_factory=dict)


def demo_layout_document() -> dict[str, Any]:
    """The demo warehouse's layout (``lamplighter/demo/layout.toml``) as a document."""
    return tomllib.loads((files("lamplighter.demo") / "layout.toml").read_text(encoding="utf-8"))


def open_fresh_store(url: str, *, replace: bool = False) -> UnitOfWork:
    """A migrated, empty store at ``url`` for the demo.

    An earlier demo's SQLite file (or one a crashed demo left empty) is deleted first, so
    re-running the demo rebuilds it from scratch; any other existing database is refused
    (DemoDatabaseInUse) unless ``replace`` (SQLite only: PostgreSQL databases must be empty).
    """
    parsed = make_url(url)
    safe = parsed.render_as_string(hide_password=True)
    engine = make_engine(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        if Path(parsed.database).exists() and not (replace or _holds_a_demo(engine)):
            raise DemoDatabaseInUse(safe)
        engine.dispose()
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{parsed.database}{suffix}").unlink(missing_ok=True)
        engine = make_engine(url)
    if is_initialised(engine):
        raise DemoDatabaseInUse(safe)
    migrate(engine)
    return UnitOfWork(engine)


def _holds_a_demo(engine: Engine) -> bool:
    """True for an earlier demo's database, or one with no layout and no SKUs yet (a demo stopped early)."""
    try:
        if not is_initialised(engine):
            return Path(str(engine.url.database)).stat().st_size == 0
        with UnitOfWork(engine, read_only=True) as uow:
            layout = uow.locations.layout()
            return (layout is None and not uow.skus.codes()) or (
                layout is not None and layout.name == demo_layout_document()["name"]
            )
    except DatabaseError:  # not a SQLite database at all: never ours to delete
        return False


def build_demo(uow: UnitOfWork, params: DemoParams = DemoParams()) -> DemoBuilt:
    """Generate the demo seller for ``params`` and load it into the (empty, migrated) store of ``uow``."""
    clock = _Clock()
    world = generate_demo(params)
    clock.lap("generate")
    layout_document = demo_layout_document()
    loaded = load_layout_into_db(uow, layout_document)
    layout = Layout.from_dict(layout_document)
    save_skus(uow, to_skus(world.skus))
    save_suppliers(uow, *exports.suppliers_and_lanes(world))
    clock.lap("layout and catalog")
    placements = _place_opening_stock(uow, world, layout)
    clock.lap("opening stock")
    history = _write_sales_history(uow, world)
    ad_days = _import_ads(uow, world)
    clock.lap("sales history and ads")
    open_orders = exports.open_orders(world)
    run_in_transaction(uow, lambda u: [add_order(u, order) for order in open_orders])
    allocation = allocate_open_orders(uow, AllocationOrder.SHIP_BY)
    clock.lap("open orders")
    returns = _receive_recent_returns(uow, world, layout)
    on_the_water = _ship_purchase_orders(uow, world)
    arrived, container = _receive_this_mornings_container(uow, world)
    clock.lap("returns and arrivals")
    return DemoBuilt(
        url=uow.engine.url.render_as_string(hide_password=True),
        params=params,
        now=world.now,
        skus=len(world.skus),
        locations=loaded.locations,
        placements=len(placements),
        units_placed=sum(p.quantity for p in placements),
        sales_lines=history,
        ad_days=ad_days,
        open_orders=len(open_orders),
        allocation=allocation,
        returns_waiting=returns,
        units_in_staging=arrived,
        purchase_orders=len(world.purchase_orders),
        units_in_transit=on_the_water - arrived,
        container=container,
        seconds=clock.laps,
    )


def _place_opening_stock(uow: UnitOfWork, world: DemoWorld, layout: Layout) -> list[Placement]:
    """Receive this morning's stock straight into the locations the storage rules allow (one transaction)."""
    daily = recent_daily_units(world.order_lines, world.orders, pd.Index(world.skus["code"]), world.params.today)
    quantities = dict(zip(world.opening_stock["sku"], world.opening_stock["quantity"].astype(int), strict=True))
    fast = exports.fast_movers(world, daily)
    rates = {str(code): float(units) for code, units in daily.items()}
    placements = place_opening_stock(layout, to_skus(world.skus), quantities, rates, fast)
    # Dated when that stock came in, so the age of stock (slow movers) reads true.
    received = {
        str(sku): datetime.combine(day, RECEIVED_AT)
        for sku, day in zip(world.opening_stock["sku"], world.opening_stock["received_on"], strict=True)
    }
    moves = [
        Move(
            p.sku,
            VirtualLocation.SUPPLIER.value,
            p.location,
            p.quantity,
            MoveReason.RECEIPT,
            reference="demo opening stock",
            actor=DEMO_ACTOR,
            at=received[p.sku],
        )
        for p in placements
    ]

    def work(u: UnitOfWork) -> None:
        _check_against_the_store(u, placements)
        record_moves(u, moves)

    run_in_transaction(uow, work)
    return placements


def _check_against_the_store(uow: UnitOfWork, placements: list[Placement]) -> None:
    """Check every placement with the stored layout and SKUs (the rules, and capacity as it fills).

    The planner already obeys the rules; this is the ledger side's own check, in memory,
    because the store is empty before the opening stock (PlacementRefused names the rule).
    """
    layout = uow.locations.layout()
    if layout is None:
        raise UnknownLocation("<the demo layout>")
    catalog = uow.skus.many({p.sku for p in placements})
    filled: dict[str, Occupancy] = {}
    for p in placements:
        sku, before = catalog[p.sku], filled.get(p.location, Occupancy())
        check_placement(sku, layout.location(p.location), quantity=p.quantity, occupancy=before)
        filled[p.location] = Occupancy(
            before.volume_l + p.quantity * sku.volume_l, before.weight_kg + p.quantity * sku.weight_kg
        )


def _write_sales_history(uow: UnitOfWork, world: DemoWorld) -> int:
    """A year of order lines (and cancel lines) as sales history, through the importers' writer."""
    lines = exports.sales_lines(world)
    # The batch is named by a file's hash, as any import is; a manifest carrying a hash of the
    # lines stands in for a 15 MB CSV that nobody would read (same lines, same batch).
    digest = int(pd.util.hash_pandas_object(lines, index=False).sum()) & (2**64 - 1)
    with tempfile.TemporaryDirectory(prefix="lamplighter-demo-") as folder:
        path = Path(folder) / f"demo-sales-history-seed-{world.params.seed}.txt"
        path.write_text(f"{world.params}\nlines={len(lines)}\ncontent={digest:016x}\n", encoding="utf-8")

        def write(u: UnitOfWork, summary: ImportSummary) -> None:
            report = ImportErrorReport(str(path))
            writer = SalesWriter(u, CHANNEL, summary, report)
            for start in range(0, len(lines), HISTORY_CHUNK):
                writer.write(lines.iloc[start : start + HISTORY_CHUNK])
            report.raise_if_any()
            summary.rows = len(lines)

        run_import(uow, "orders", [path], "demo", ImportOptions(actor=DEMO_ACTOR), write)
    return len(lines)


def _import_ads(uow: UnitOfWork, world: DemoWorld) -> int:
    """The year of ad days as an Ads Manager export plus its campaign mapping, imported as a seller would."""
    with tempfile.TemporaryDirectory(prefix="lamplighter-demo-") as folder:
        report, mapping = Path(folder) / "ads_manager.csv", Path(folder) / "ad_mapping.csv"
        exports.ads_manager_report(world).to_csv(report, index=False)
        exports.ad_mapping(world).to_csv(mapping, index=False)
        summary = import_ads(uow, report, mapping, ImportOptions(actor=DEMO_ACTOR))
    return summary.changes.get("ad_days_written", 0)


def _receive_recent_returns(uow: UnitOfWork, world: DemoWorld, layout: Layout) -> int:
    """Returns of the last days wait in the returns zone for QC, spread over its locations."""
    waiting = exports.returns_awaiting_qc(world)
    by_code = {s.code: s for s in to_skus(world.skus)}
    shelves = [loc for zone in layout.zones_of_kind(ZoneKind.RETURNS) for loc in layout.locations_in(zone)]
    for i, (order_id, code, quantity) in enumerate(
        zip(waiting["order_id"], waiting["sku"], waiting["returned_quantity"], strict=True)
    ):
        # Glass stays off the top level even on hold; rotate so no shelf overfills.
        allowed = [loc.label for loc in shelves if may_store(by_code[str(code)], loc, purpose="hold")]
        who = Who(reference=f"return {CHANNEL}:{order_id}", actor=DEMO_ACTOR)
        receive_return(uow, str(code), int(quantity), allowed[i % len(allowed)], who=who)
    return len(waiting)


def plan_the_demo_day(uow: UnitOfWork, built: DemoBuilt) -> PlanningCycleResult:
    """The daily planning cycle for the demo's today (stored like any run): what to buy, alerts, ad advice."""
    return run_planning_cycle(uow, PlanningCycleOptions(run_date=built.params.today))


def _ship_purchase_orders(uow: UnitOfWork, world: DemoWorld) -> int:
    """Every purchase order on order since the day it was placed: SUPPLIER -> IN_TRANSIT (one transaction).

    Dated when ordered, not when shipped: planning reads IN_TRANSIT as the whole pipeline
    (production then freight) and expects it a lead time after the move. The ledger has no
    ETA; the reference carries PO, mode and ETA for people. Returns the units on order.
    """
    orders = world.purchase_orders
    moves = [
        Move(
            str(sku),
            VirtualLocation.SUPPLIER.value,
            VirtualLocation.IN_TRANSIT.value,
            int(quantity),
            MoveReason.TRANSFER,
            reference=f"{po_id} {mode} ETA {eta:%Y-%m-%d}",
            actor=DEMO_ACTOR,
            at=datetime.combine(ordered_on, RECEIVED_AT),
        )
        for po_id, sku, quantity, mode, ordered_on, eta in zip(
            orders["po_id"],
            orders["sku"],
            orders["quantity"],
            orders["mode"],
            orders["ordered_on"],
            orders["eta"],
            strict=True,
        )
    ]
    run_in_transaction(uow, lambda u: record_moves(u, moves))
    return int(orders["quantity"].sum())


def _receive_this_mornings_container(uow: UnitOfWork, world: DemoWorld) -> tuple[int, str]:
    """The purchase orders that landed this morning, received into inbound staging to await putaway.

    Returns the units received and the container's reference (the receipt to put away).
    """
    arrived = world.purchase_orders[world.purchase_orders["status"] == "arrived"]
    for container, sku, quantity in zip(arrived["container"], arrived["sku"], arrived["quantity"], strict=True):
        who = Who(reference=str(container), actor=DEMO_ACTOR)
        receive(uow, str(sku), int(quantity), source=VirtualLocation.IN_TRANSIT.value, who=who)
    return int(arrived["quantity"].sum()), str(next(iter(arrived["container"]), ""))


class _Clock:
    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = clock.perf_counter()

    def lap(self, name: str) -> None:
        now = clock.perf_counter()
        self.laps[name] = round(now - self._last, 2)
        self._last = now
