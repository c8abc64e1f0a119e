"""Opening stock placement: every unit placed, every placement within the hard rules and capacity."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import pandas as pd
import pytest

from lamplighter.adapters.files.layout_file import load_layout
from lamplighter.demo import scenarios as sc
from lamplighter.demo.catalog import to_skus
from lamplighter.demo.generator import DemoParams, generate_demo
from lamplighter.demo.placement import NoRoomForStock, Placement, place_opening_stock
from lamplighter.demo.stock import recent_daily_units
from lamplighter.domain.layout import Layout, ZoneKind
from lamplighter.domain.sku import Sku
from lamplighter.domain.storage_rules import Occupancy, placement_violations
from tests.factories import make_battery_sku, make_layout, make_sku

FAST = [code for trio in zip(sc.HERO_LAMPS, sc.HERO_BULBS, sc.HERO_SHADES, strict=True) for code in trio]


@cache
def demo_layout() -> Layout:
    return load_layout(str(files("lamplighter.demo") / "layout.toml"))


@cache
def demo_placements() -> tuple[list[Sku], dict[str, int], list[Placement]]:
    world = generate_demo(DemoParams(history_days=120))
    skus = to_skus(world.skus)
    quantities = dict(zip(world.opening_stock["sku"], world.opening_stock["quantity"].astype(int), strict=True))
    daily = recent_daily_units(world.order_lines, world.orders, pd.Index(world.skus["code"]), world.params.today)
    rates = {str(code): float(units) for code, units in daily.items()}
    return skus, quantities, place_opening_stock(demo_layout(), skus, quantities, rates, FAST)


def test_every_unit_of_opening_stock_is_placed() -> None:
    _skus, quantities, placements = demo_placements()
    placed: dict[str, int] = {}
    for p in placements:
        placed[p.sku] = placed.get(p.sku, 0) + p.quantity
    assert placed == {sku: q for sku, q in quantities.items() if q > 0}


def test_every_placement_keeps_the_hard_rules_and_capacity() -> None:
    skus, _quantities, placements = demo_placements()
    by_code = {s.code: s for s in skus}
    layout = demo_layout()
    filled: dict[str, Occupancy] = {}
    for p in placements:
        sku, location = by_code[p.sku], layout.location(p.location)
        before = filled.get(p.location, Occupancy())
        assert placement_violations(sku, location, quantity=p.quantity, occupancy=before) == [], p
        filled[p.location] = Occupancy(
            before.volume_l + p.quantity * sku.volume_l, before.weight_kg + p.quantity * sku.weight_kg
        )


def test_lithium_stays_in_the_cage_and_hero_lamps_start_in_the_golden_zone() -> None:
    skus, _quantities, placements = demo_placements()
    layout = demo_layout()
    lithium = {s.code for s in skus if s.has_battery}
    kinds = {(p.sku, layout.location(p.location).zone.kind) for p in placements}
    assert all(kind is ZoneKind.BATTERY for sku, kind in kinds if sku in lithium)
    for lamp in sc.HERO_LAMPS:
        first = next(p for p in placements if p.sku == lamp)
        assert layout.location(first.location).zone.kind is ZoneKind.FAST
        assert layout.location(first.location).level in layout.geometry.golden_levels


def test_pick_faces_hold_one_sku_each() -> None:
    _skus, _quantities, placements = demo_placements()
    layout = demo_layout()
    owners: dict[str, set[str]] = {}
    for p in placements:
        if layout.location(p.location).zone.kind is not ZoneKind.RESERVE:
            owners.setdefault(p.location, set()).add(p.sku)
    assert all(len(skus) == 1 for skus in owners.values())


@pytest.mark.parametrize("seed", [9, 12, 18])
def test_other_seeds_fit_the_demo_warehouse_too(seed: int) -> None:
    world = generate_demo(DemoParams(seed=seed))
    quantities = dict(zip(world.opening_stock["sku"], world.opening_stock["quantity"].astype(int), strict=True))
    daily = recent_daily_units(world.order_lines, world.orders, pd.Index(world.skus["code"]), world.params.today)
    rates = {str(code): float(units) for code, units in daily.items()}
    placements = place_opening_stock(demo_layout(), to_skus(world.skus), quantities, rates, FAST)
    assert sum(p.quantity for p in placements) == sum(quantities.values())


def test_a_warehouse_too_small_refuses_with_the_facts() -> None:
    layout = make_layout(bays_per_row=1)
    lamp = make_sku("BIG-LAMP", length_cm=50, width_cm=50, height_cm=50, weight_kg=5)
    with pytest.raises(NoRoomForStock, match="BIG-LAMP: placed"):
        place_opening_stock(layout, [lamp], {"BIG-LAMP": 10_000}, {}, [])


def test_standalone_lithium_needs_a_segregated_cage() -> None:
    layout = make_layout()
    cells = make_battery_sku("CELL", standalone=True)
    placements = place_opening_stock(layout, [cells], {"CELL": 5}, {"CELL": 1.0}, [])
    assert {layout.location(p.location).zone.kind for p in placements} == {ZoneKind.BATTERY}
