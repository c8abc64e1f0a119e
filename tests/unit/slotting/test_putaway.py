"""Putaway: pick face first, then the best allowed free location, then reserve; overrides obey the rules."""

from __future__ import annotations

import pandas as pd
import pytest

from lamplighter.domain.errors import PlacementRefused
from lamplighter.domain.layout import Layout
from lamplighter.domain.storage_rules import Occupancy
from lamplighter.planning.slotting.policies import SlottingOptions, prepare
from lamplighter.planning.slotting.putaway import NoRoomForPutaway, confirm_putaway, suggest_putaway, walking_costs
from tests.factories import make_battery_sku, make_layout, make_sku


def _layout() -> Layout:
    zones = [
        {"code": "P", "kind": "packing"},
        {
            "code": "A",
            "kind": "fast",
            "aisles": 1,
            "levels": 2,
            "bays": 2,
            "location_volume_l": 10,
            "location_weight_kg": 100,
        },
        {"code": "L", "kind": "battery", "aisles": 1, "levels": 1, "bays": 2, "segregated": True},
        {
            "code": "V",
            "kind": "reserve",
            "aisles": 1,
            "levels": 1,
            "bays": 2,
            "location_volume_l": 20,
            "location_weight_kg": 100,
        },
        {"code": "R", "kind": "returns", "aisles": 1, "levels": 1, "bays": 1},
    ]
    return Layout.from_dict({"name": "t", "geometry": {"bays_per_row": 2}, "zones": zones})


def test_fills_the_pick_face_then_overflows_to_reserve() -> None:
    sku = make_sku("LAMP", length_cm=10, width_cm=10, height_cm=10, weight_kg=0.5)  # 1 litre
    steps = suggest_putaway(sku, 35, _layout(), pick_face="A-01-02-01", occupancy={"A-01-02-01": Occupancy(4.0, 2.0)})
    assert [(s.location, s.quantity, s.reason) for s in steps] == [
        ("A-01-02-01", 6, "pick-face"),
        ("V-01-01-01", 20, "reserve"),
        ("V-02-01-01", 9, "reserve"),
    ]


def test_a_sku_without_a_pick_face_gets_the_best_allowed_free_location() -> None:
    layout = _layout()
    steps = suggest_putaway(
        make_battery_sku("BAT"), 3, layout, pick_face=None, occupancy={"L-01-01-01": Occupancy(1.0, 0.5)}
    )
    assert steps[0].location == "L-02-01-01" and steps[0].reason == "new-pick-face"


def test_the_given_walking_cost_ranks_free_locations() -> None:
    costs = {"A-01-01-02": 1.0, "A-01-02-01": 5.0}
    steps = suggest_putaway(make_sku("LAMP"), 1, _layout(), pick_face=None, occupancy={}, slot_cost=costs)
    assert steps[0].location == "A-01-01-02"


def test_returns_go_to_the_returns_zone_only() -> None:
    steps = suggest_putaway(make_sku("LAMP"), 2, _layout(), pick_face="A-01-01-01", occupancy={}, purpose="hold")
    assert [s.location for s in steps] == ["R-01-01-01"]


def test_putaway_into_a_full_location_is_refused_with_the_rule_named() -> None:
    layout = _layout()
    with pytest.raises(PlacementRefused, match=r"capacity-volume: 12\.0 l would exceed 10\.0 l"):
        confirm_putaway(make_sku("LAMP"), layout.location("A-01-01-01"), 3, Occupancy(9.0, 1.0))


def test_an_override_into_a_forbidden_zone_is_refused() -> None:
    with pytest.raises(PlacementRefused, match="battery-segregated"):
        confirm_putaway(make_battery_sku("BAT"), _layout().location("A-01-01-01"), 1, Occupancy())


def test_a_receipt_that_fits_nowhere_is_refused_with_what_is_left() -> None:
    with pytest.raises(NoRoomForPutaway, match="last 10 units"):
        suggest_putaway(make_sku("LAMP"), 100, _layout(), pick_face="A-01-01-01", occupancy={})


def test_a_new_pick_face_goes_where_it_adds_least_walking_for_recent_orders() -> None:
    layout = make_layout()
    lamp, shade = make_sku("LAMP"), make_sku("SHADE")
    at = pd.Timestamp("2026-03-01")
    lines = pd.DataFrame(
        [
            (f"O{i}", code, 1, at + pd.Timedelta(hours=i), 1.0, None, "order")
            for i in range(40)
            for code in ("LAMP", "SHADE")
        ],
        columns=["order_id", "sku", "quantity", "ordered_at", "unit_price", "customer", "kind"],
    )
    problem = prepare([lamp, shade], layout, lines, SlottingOptions(search_seconds=0))
    placement = {"LAMP": "B-02-02-10"}  # the lamp stands deep in aisle B, which every order visits
    costs = walking_costs(problem, placement, "SHADE", ["A-01-02-01", "B-01-02-10", "F-01-01-01"])
    assert min(costs, key=costs.__getitem__) == "B-01-02-10"
    steps = suggest_putaway(
        shade, 2, layout, pick_face=None, occupancy={"B-02-02-10": Occupancy(1, 1)}, slot_cost=costs
    )
    assert steps[0].location == "B-01-02-10"


def _reserve_only() -> Layout:
    """Eight 20-litre reserve locations; nearest first: V-01-01-01, V-02-01-01, V-01-01-02, ..."""
    zones = [
        {"code": "P", "kind": "packing"},
        {"code": "V", "kind": "reserve", "aisles": 1, "levels": 1, "bays": 4, "location_volume_l": 20},
    ]
    return Layout.from_dict({"name": "r", "geometry": {"bays_per_row": 4}, "zones": zones})


def _reserve_steps(
    quantity: int, occupancy: dict[str, Occupancy], holding: tuple[str, ...] = ()
) -> list[tuple[str, int]]:
    sku = make_sku("LAMP", length_cm=10, width_cm=10, height_cm=10, weight_kg=0.5)  # 1 litre
    steps = suggest_putaway(sku, quantity, _reserve_only(), pick_face=None, occupancy=occupancy, holding=holding)
    return [(s.location, s.quantity) for s in steps if s.reason == "reserve"]


def test_overflow_tops_up_the_reserve_locations_that_already_hold_the_sku_first() -> None:
    occupancy = {"V-01-01-04": Occupancy(12.0, 6.0)}  # the farthest, holding 12 of this lamp
    assert _reserve_steps(10, occupancy, holding=("V-01-01-04",)) == [("V-01-01-04", 8), ("V-01-01-01", 2)]


def test_the_rest_goes_whole_to_the_nearest_empty_location_not_into_slivers_of_shared_ones() -> None:
    # The two nearest hold other SKUs with 5 litres free each: nearest-first topping up would
    # split 9 units 5 + 4 among them; one empty location takes all nine.
    occupancy = {"V-01-01-01": Occupancy(15.0, 1.0), "V-02-01-01": Occupancy(15.0, 1.0)}
    assert _reserve_steps(9, occupancy) == [("V-01-01-02", 9)]


def test_a_receipt_larger_than_any_location_takes_the_fewest_locations() -> None:
    occupancy = {"V-01-01-01": Occupancy(18.0, 1.0), "V-02-01-01": Occupancy(18.0, 1.0)}  # 2 litres free each
    assert _reserve_steps(30, occupancy) == [("V-01-01-02", 20), ("V-02-01-02", 10)]
