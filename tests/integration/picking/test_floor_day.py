"""A day on the picking floor against a real database: waves, scans, shorts, cancellations,
packing and shipping, and the ledger still checks at the end."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from lamplighter.adapters.db.order_repository import StoredOrder
from lamplighter.domain.layout import ZoneKind
from lamplighter.domain.orders import OrderStatus
from lamplighter.domain.picking import ScanRefused
from lamplighter.planning.batching import CartCapacity
from lamplighter.services import orders
from lamplighter.services.check import check_ledger
from lamplighter.services.errors import NoLayoutLoaded
from lamplighter.services.floor_kpis import floor_report
from lamplighter.services.picking import (
    OrderPulled,
    cancel_in_wave,
    confirm_pick,
    pick_list,
    units_in_totes,
)
from lamplighter.services.shipping import PackingIncomplete, pack_order, ship_order
from lamplighter.services.stock import first_location_of
from lamplighter.services.unit_of_work import UnitOfWork
from lamplighter.services.waves import NothingToRelease, WaveRequest, release_wave
from tests.factories import make_order, make_sku, stock_a_warehouse

NOW = datetime.now(UTC).replace(microsecond=0)  # shipping stamps the real clock
FAST = WaveRequest(method="savings-ls", search_seconds=0.2, cart=CartCapacity(orders=4, lines=20))


def a_stocked_floor(uow: UnitOfWork) -> None:
    skus = [make_sku("LAMP"), make_sku("BULB"), make_sku("SHADE")]
    stock_a_warehouse(
        uow,
        {("LAMP", "A-01-02-03"): 5, ("LAMP", "B-02-02-08"): 5, ("BULB", "A-02-02-05"): 20, ("SHADE", "B-01-01-02"): 6},
        *skus,
    )
    due = NOW + timedelta(hours=6)
    for n, lines in enumerate([[("LAMP", 1), ("BULB", 2)], [("SHADE", 1)], [("LAMP", 2), ("SHADE", 1)], [("BULB", 1)]]):
        orders.create_order(uow, make_order(f"O-{n}", lines, paid_at=NOW - timedelta(hours=3 - n), ship_by=due))


def stored(uow: UnitOfWork, ref: str) -> StoredOrder:
    with uow.reader() as reader:
        return orders.load_order(reader, ref)


def tasks_of(uow: UnitOfWork, list_id: int) -> list[dict[str, object]]:
    return pick_list(uow, list_id)["tasks"]  # type: ignore[no-any-return]


def test_a_wave_reserves_and_writes_pick_lists_in_walking_order(uow: UnitOfWork) -> None:
    a_stocked_floor(uow)
    released = release_wave(uow, FAST, NOW)
    assert released.orders == 4 and released.lines == 6
    assert released.metres <= released.metres_single_order_trips
    with uow.reader() as reader:
        statuses = {s["external_id"]: s["status"] for s in reader.orders.summaries()}
    assert set(statuses.values()) == {"picking"}
    listed = [t for n in range(1, released.pick_lists + 1) for t in tasks_of(uow, n)]
    assert sum(int(t["quantity"]) for t in listed) == 8  # type: ignore[call-overload]
    assert check_ledger(uow).clean


def test_releasing_before_a_layout_is_loaded_says_so(uow: UnitOfWork) -> None:
    with pytest.raises(NoLayoutLoaded):
        release_wave(uow, FAST, NOW)


def test_releasing_with_nothing_allocated_changes_nothing(uow: UnitOfWork) -> None:
    stock_a_warehouse(uow, {}, make_sku("LAMP"))
    with pytest.raises(NothingToRelease):
        release_wave(uow, FAST, NOW)


def test_a_wrong_scan_is_refused_and_counted(uow: UnitOfWork) -> None:
    a_stocked_floor(uow)
    release_wave(uow, FAST, NOW)
    first = pick_list(uow, 1)["next"]
    with pytest.raises(ScanRefused):
        confirm_pick(uow, first["task_id"], first["location"], "NOT-THIS-SKU")
    assert pick_list(uow, 1)["refused_scans"] == 1
    assert pick_list(uow, 1)["next"]["task_id"] == first["task_id"]


def test_a_day_of_picks_shorts_cancellations_and_shipments_keeps_the_ledger_clean(uow: UnitOfWork) -> None:
    a_stocked_floor(uow)
    released = release_wave(uow, FAST, NOW)
    orders.cancel_order(uow, "tiktok:O-1")
    assert cancel_in_wave(uow, "tiktok:O-1") >= 1
    short_done = False
    for list_id in range(1, released.pick_lists + 1):
        while (task := pick_list(uow, list_id)["next"]) is not None:
            if task["sku"] == "LAMP" and not short_done:
                result = confirm_pick(uow, task["task_id"], task["location"], "LAMP", found=0)
                short_done = True
                assert result.short == task["quantity"] and result.count_task is not None
                assert result.reallocated + result.backordered == task["quantity"]
            else:
                confirm_pick(uow, task["task_id"], task["location"], task["sku"])
    assert short_done
    for ref in ("tiktok:O-0", "tiktok:O-2", "tiktok:O-3"):
        units = [line.sku for line in stored(uow, ref).lines for _ in range(line.picked)]
        if len(units) > 1:
            with pytest.raises(PackingIncomplete):
                pack_order(uow, ref, units[:-1])
        pack_order(uow, ref, units)
        ship_order(uow, ref, "UPS", f"1Z{ref[-1]}")
    assert stored(uow, "tiktok:O-0").order.status is OrderStatus.SHIPPED
    assert stored(uow, "tiktok:O-1").order.status is OrderStatus.CANCELLED
    assert check_ledger(uow).clean
    report = floor_report(uow, NOW + timedelta(hours=8))
    assert report["totals"]["on_time_ship_rate"] == 1.0
    assert report["totals"]["short_pick_rate"] > 0


def test_picking_for_a_cancelled_order_is_refused_and_its_lines_pulled(uow: UnitOfWork) -> None:
    a_stocked_floor(uow)
    released = release_wave(uow, FAST, NOW)
    every_task = [t for n in range(1, released.pick_lists + 1) for t in tasks_of(uow, n)]
    target = next(t for t in every_task if t["order"] == "tiktok:O-2")
    orders.cancel_order(uow, "tiktok:O-2")
    with pytest.raises(OrderPulled):
        confirm_pick(uow, target["task_id"], target["location"], target["sku"])  # type: ignore[arg-type]
    after = [t for n in range(1, released.pick_lists + 1) for t in tasks_of(uow, n)]
    assert {t["status"] for t in after if t["order"] == "tiktok:O-2"} == {"cancelled"}
    assert check_ledger(uow).clean


def test_stock_goes_from_pick_face_to_tote_to_packing_to_the_customer(uow: UnitOfWork) -> None:
    a_stocked_floor(uow)
    released = release_wave(uow, FAST, NOW)
    mine = [t for n in range(1, released.pick_lists + 1) for t in tasks_of(uow, n) if t["order"] == "tiktok:O-0"]
    for task in mine:
        confirm_pick(uow, task["task_id"], task["location"], task["sku"])  # type: ignore[arg-type]
    totes = {int(t["tote"]) for t in mine}  # type: ignore[call-overload]
    with uow.reader() as reader:
        held = units_in_totes(reader, "tiktok:O-0", totes)
        packing = first_location_of(reader, ZoneKind.PACKING)
        packing_before = reader.ledger.balances_of([("BULB", packing)]).get(("BULB", packing))
    assert sorted((sku, units) for (_tote, sku), units in held.items()) == [("BULB", 2), ("LAMP", 1)]
    assert packing_before is None or packing_before.on_hand == 0
    pack_order(uow, "tiktok:O-0", ["LAMP", "BULB", "BULB"])
    with uow.reader() as reader:
        assert units_in_totes(reader, "tiktok:O-0", totes) == {}
        assert reader.ledger.balances_of([("BULB", packing)])[("BULB", packing)].on_hand == 2
    ship_order(uow, "tiktok:O-0", "UPS", "1Z0")
    with uow.reader() as reader:
        assert reader.ledger.balances_of([("BULB", packing)])[("BULB", packing)].on_hand == 0
    assert check_ledger(uow).clean


def test_units_picked_for_an_order_cancelled_mid_wave_go_from_its_tote_to_packing(uow: UnitOfWork) -> None:
    a_stocked_floor(uow)
    released = release_wave(uow, FAST, NOW)
    mine = [t for n in range(1, released.pick_lists + 1) for t in tasks_of(uow, n) if t["order"] == "tiktok:O-2"]
    first = mine[0]
    confirm_pick(uow, first["task_id"], first["location"], first["sku"])  # type: ignore[arg-type]
    orders.cancel_order(uow, "tiktok:O-2")
    assert cancel_in_wave(uow, "tiktok:O-2") == len(mine) - 1
    cancel_in_wave(uow, "tiktok:O-2")  # twice: nothing moves again
    totes = {int(t["tote"]) for t in mine}  # type: ignore[call-overload]
    with uow.reader() as reader:
        packing = first_location_of(reader, ZoneKind.PACKING)
        assert units_in_totes(reader, "tiktok:O-2", totes) == {}
        at_packing = reader.ledger.balances_of([(str(first["sku"]), packing)])[(str(first["sku"]), packing)]
    assert at_packing.on_hand == first["quantity"]
    assert check_ledger(uow).clean
