"""Re-slotting and putaway against the store (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from lamplighter.adapters.db.tables_slotting import slotting_plans, slotting_tasks
from lamplighter.domain.errors import PlacementRefused
from lamplighter.planning.slotting.policies import SlottingOptions
from lamplighter.services.catalog import save_skus
from lamplighter.services.imports import import_orders
from lamplighter.services.locations import load_layout_into_db
from lamplighter.services.putaway import UnknownReceipt, put_away_receipt, putaway_suggestions
from lamplighter.services.slotting import reslotting_plan
from lamplighter.services.stock import Who, receive
from lamplighter.services.unit_of_work import UnitOfWork
from tests.factories import make_layout_document, make_sku
from tests.unit.slotting.worlds import order_history

QUICK = SlottingOptions(search_seconds=0.2, half_lives_days=(None,), aisle_weights=(1.0, 16.0))


def _warehouse(uow: UnitOfWork, tmp_path: Path) -> list[str]:
    load_layout_into_db(uow, make_layout_document())
    skus = [make_sku(f"S{i:02d}") for i in range(12)]
    save_skus(uow, skus)
    lines = order_history(skus, 2, orders=150)
    path = tmp_path / "lines.csv"
    lines.assign(cancelled=False).drop(columns=["kind"]).to_csv(path, index=False)
    import_orders(uow, path, "lines")
    return [s.code for s in skus]


def test_a_plan_is_shown_then_accepted_as_move_tasks(uow: UnitOfWork, tmp_path: Path) -> None:
    codes = _warehouse(uow, tmp_path)
    # Today's pick faces: the SKUs stand in the far category aisle, in code order.
    for i, code in enumerate(codes):
        receive(uow, code, 5, f"B-{1 + i % 2:02d}-02-{1 + i // 2:02d}")
    shown = reslotting_plan(uow, 4, options=QUICK)
    assert shown.plan_id is None and 0 < len(shown.plan.moves) <= 4
    assert shown.plan.saving_m > 0
    accepted = reslotting_plan(uow, 4, apply=True, actor="lead", options=QUICK)
    assert accepted.plan_id is not None
    with uow.reader() as reader:
        tasks = reader.connection.execute(select(func.count()).select_from(slotting_tasks)).scalar_one()
        plans = reader.connection.execute(select(func.count()).select_from(slotting_plans)).scalar_one()
    assert plans == 1 and tasks == len(accepted.plan.moves)


def test_putaway_suggests_then_moves_and_refuses_a_rule_breaking_scan(uow: UnitOfWork, tmp_path: Path) -> None:
    _warehouse(uow, tmp_path)
    receive(uow, "S00", 3, "A-01-02-01", who=Who("PO-1"))  # the pick face
    receive(uow, "S00", 10, who=Who("PO-7"))  # into staging
    receive(uow, "S01", 4, who=Who("PO-7"))
    lines = {line.sku: line for line in putaway_suggestions(uow, "PO-7")}
    assert lines["S00"].steps[0].location == "A-01-02-01" and lines["S00"].steps[0].reason == "pick-face"
    assert lines["S01"].steps[0].reason == "new-pick-face"
    with pytest.raises(PlacementRefused, match="battery-zone-only-batteries"):
        put_away_receipt(uow, "PO-7", {"S01": "L-01-01-01"})
    assert len(putaway_suggestions(uow, "PO-7")) == 2, "a refused scan moves nothing"
    moved = put_away_receipt(uow, "PO-7")
    assert len(moved) == 2
    with pytest.raises(UnknownReceipt):
        putaway_suggestions(uow, "PO-7")  # nothing left waiting


def test_overflow_to_reserve_joins_the_sku_s_own_reserve_stock(uow: UnitOfWork) -> None:
    document = make_layout_document()
    document["zones"].append({"code": "V", "kind": "reserve", "aisles": 1, "levels": 1, "location_volume_l": 40})
    load_layout_into_db(uow, document)
    lamp = make_sku("LAMP", length_cm=10, width_cm=10, height_cm=10, weight_kg=0.5)  # 1 litre
    save_skus(uow, [lamp])
    receive(uow, "LAMP", 1, "A-01-02-01", who=Who("PO-1"))  # the pick face, then far reserve stock
    with uow.reader() as reader:
        layout = reader.locations.layout()
    assert layout is not None
    reserve_zone = [loc for loc in layout.locations.values() if loc.zone.code == "V"]
    farthest = max(reserve_zone, key=lambda loc: layout.depot_distance(loc.code)).label
    receive(uow, "LAMP", 30, farthest, who=Who("PO-2"))
    receive(uow, "LAMP", 200, who=Who("PO-7"))  # into staging
    (line,) = putaway_suggestions(uow, "PO-7")
    reserve = [(step.location, step.quantity) for step in line.steps if step.reason == "reserve"]
    assert reserve[0] == (farthest, 10)  # topped up to its 40 litres before any nearer location
    assert sum(q for _, q in reserve) == 200 - sum(s.quantity for s in line.steps if s.reason == "pick-face")
