"""The demo built into a real SQLite file: the ledger checks, the rules hold, the first screen has its stories."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select

from lamplighter.adapters.db.tables_imports import ad_daily, sales_lines
from lamplighter.demo import scenarios as sc
from lamplighter.demo.generator import DemoParams
from lamplighter.demo.stock import ARRIVED_THIS_MORNING
from lamplighter.domain.layout import HOLD_ZONE_KINDS
from lamplighter.domain.storage_rules import Occupancy, Purpose, placement_violations
from lamplighter.services.check import check_ledger
from lamplighter.services.demo import DemoBuilt, DemoDatabaseInUse, build_demo, open_fresh_store, plan_the_demo_day
from lamplighter.services.demo_overview import demo_overview
from lamplighter.services.unit_of_work import UnitOfWork, run_in_transaction

pytestmark = pytest.mark.xdist_group("demo")  # one worker builds the demo once for the module

PARAMS = DemoParams()  # the demo `make demo` builds: the stories need the whole year (last Christmas)


@dataclass(frozen=True)
class Built:
    path: Path
    uow: UnitOfWork
    built: DemoBuilt


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    uow = open_fresh_store(f"sqlite:///{path}")
    yield Built(path, uow, build_demo(uow, PARAMS))
    uow.engine.dispose()


def test_the_ledger_of_the_demo_checks_clean(demo: Built) -> None:
    result = check_ledger(demo.uow)
    assert result.clean, result.problems()[:5]
    assert result.moves_checked >= demo.built.placements + demo.built.returns_waiting


def test_every_unit_in_the_demo_sits_where_the_hard_rules_allow(demo: Built) -> None:
    def read(u: UnitOfWork) -> list[str]:
        layout = u.locations.layout()
        assert layout is not None
        catalog = {s.code: s for s in u.skus.all()}
        broken: list[str] = []
        filled: dict[str, Occupancy] = {}
        for row in u.ledger.stock_rows():
            sku, location = catalog[str(row["sku"])], layout.location(str(row["location"]))
            purpose: Purpose = "hold" if location.zone.kind in HOLD_ZONE_KINDS else "pick"
            quantity = int(str(row["on_hand"]))
            before = filled.get(location.label, Occupancy())
            broken += placement_violations(sku, location, quantity=quantity, occupancy=before, purpose=purpose)
            filled[location.label] = Occupancy(
                before.volume_l + quantity * sku.volume_l, before.weight_kg + quantity * sku.weight_kg
            )
        return broken

    assert run_in_transaction(demo.uow.reader(), read) == []


def test_history_and_ads_are_stored_and_history_moves_no_stock(demo: Built) -> None:
    def counts(u: UnitOfWork) -> tuple[int, int]:
        lines = u.connection.execute(select(func.count()).select_from(sales_lines)).scalar_one()
        ads = u.connection.execute(select(func.count()).select_from(ad_daily)).scalar_one()
        return int(lines), int(ads)

    lines, ads = run_in_transaction(demo.uow.reader(), counts)
    assert lines == demo.built.sales_lines > 10_000
    assert ads == demo.built.ad_days > 1_000
    # Only the stock on the shelves, the returns and the purchase orders touch the ledger, never the year of orders.
    shipped = demo.built.purchase_orders  # each left its supplier: SUPPLIER -> IN_TRANSIT
    moves = demo.built.placements + demo.built.returns_waiting + shipped + ARRIVED_THIS_MORNING
    assert check_ledger(demo.uow).moves_checked == moves


def test_todays_orders_are_allocated_and_some_must_ship_today(demo: Built) -> None:
    report = demo.built.allocation
    assert demo.built.open_orders > 50
    assert len(report.complete) > 0.9 * demo.built.open_orders
    overview = demo_overview(demo.uow, demo.built.now)
    assert 0 < overview.open_orders["due_today"] <= demo.built.open_orders
    assert overview.open_orders["allocated"] == len(report.complete)


def test_the_first_screen_shows_the_stories(demo: Built) -> None:
    overview = demo_overview(demo.uow, demo.built.now)
    assert overview.top_sellers[0]["sku"] == sc.VIRAL_SUNSET_LAMP
    assert 170 <= overview.top_sellers[0]["sold_per_day"] <= 230
    assert overview.low_stock, "some SKUs are nearly out"
    zones = {row["zone"]: row for row in overview.stock_by_zone}
    assert zones["L"]["on_hand"] > 0 and zones["A"]["on_hand"] > 0 and zones["V"]["on_hand"] > 0
    assert zones["S"]["on_hand"] == demo.built.units_in_staging > 0
    assert [s["story"] for s in overview.stories][:2] == ["Viral sunset lamp", "Christmas LED strip takes off"]


def test_purchase_orders_on_the_water_are_in_transit_in_the_ledger(demo: Built) -> None:
    def on_the_water(u: UnitOfWork) -> int:
        totals = u.ledger.on_hand_from_moves()
        return sum(units for (_sku, where), units in totals.items() if where == "IN_TRANSIT")

    assert run_in_transaction(demo.uow.reader(), on_the_water) == demo.built.units_in_transit > 0


def test_the_days_plan_tells_the_christmas_strip_story(demo: Built) -> None:
    planned = plan_the_demo_day(demo.uow, demo.built)
    assert planned.run_date == PARAMS.today and planned.skus == demo.built.skus
    strip = planned.plan.suggestions[planned.plan.suggestions["sku"] == sc.CHRISTMAS_LED_STRIP]
    assert "air" in set(strip["mode"]), "the strip runs out before its sea stock lands: fly the gap"
    air = strip[strip["mode"] == "air"].iloc[0]
    assert air["arrives_in_days"] <= air["stockout_in_days"], "the air shipment lands before the stock runs out"
    actions = planned.plan.advice.set_index("sku")["action"]
    assert actions[sc.CHRISTMAS_LED_STRIP] != "pause"  # so the stock-out that would pause the ads never comes
    assert (actions == "clearance").sum() >= 10  # the slow movers


def test_the_demo_rebuilds_its_own_file_but_never_replaces_a_stranger(demo: Built, tmp_path: Path) -> None:
    stranger = tmp_path / "not-a-demo.sqlite"
    stranger.write_bytes(b"precious data that is not a database")
    with pytest.raises(DemoDatabaseInUse):
        open_fresh_store(f"sqlite:///{stranger}")
    assert stranger.read_bytes().startswith(b"precious")
    again = tmp_path / "again.sqlite"
    open_fresh_store(f"sqlite:///{again}")  # a stopped demo: migrated, nothing in it yet
    open_fresh_store(f"sqlite:///{again}").engine.dispose()
    # Last test of the module: replacing the built demo leaves an empty, migrated store.
    rebuilt = open_fresh_store(f"sqlite:///{demo.path}")
    assert check_ledger(rebuilt).moves_checked == 0
    rebuilt.engine.dispose()
