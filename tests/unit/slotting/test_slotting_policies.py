"""Every policy's placement obeys the hard rules and capacity, over random worlds."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lamplighter.domain.layout import PICK_ZONE_KINDS, Layout
from lamplighter.domain.sku import Sku
from lamplighter.domain.storage_rules import placement_violations
from lamplighter.planning.slotting.pick_stats import abc_classes, pick_statistics
from lamplighter.planning.slotting.policies import POLICIES, SlottingOptions, place, prepare, slot_skus
from tests.factories import make_battery_sku, make_layout, make_sku
from tests.unit.slotting.worlds import catalogues, layouts, order_history

FAST = SlottingOptions(search_seconds=0.3, half_lives_days=(None, 30.0), aisle_weights=(1.0, 16.0))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(layouts(), catalogues(), st.integers(0, 10_000), st.sampled_from(POLICIES))
def test_no_placement_ever_breaks_a_hard_rule_or_capacity(
    layout: Layout, skus: list[Sku], seed: int, policy: str
) -> None:
    options = replace(FAST, policy=policy, seed=seed)  # type: ignore[arg-type]
    problem = prepare(skus, layout, order_history(skus, seed), options)
    slot, _notes = place(problem, options)
    used = [int(s) for s in slot if s >= 0]
    assert len(used) == len(set(used)), "two SKUs share a pick face"
    for sku, face, s in zip(problem.skus, problem.face_units, slot, strict=True):
        if s < 0:
            continue
        location = problem.slots.locations[int(s)]
        assert location.zone.kind in PICK_ZONE_KINDS
        assert placement_violations(sku, location, quantity=int(face)) == []


def test_skus_with_no_allowed_location_stay_unslotted_and_are_listed() -> None:
    layout = make_layout()
    skus = [
        make_sku("LAMP-1"),
        make_battery_sku("BAT-1", standalone=True),
        make_sku("HUGE", length_cm=500.0, weight_kg=900.0),
    ]
    result = slot_skus(skus, layout, order_history(skus, 1), FAST)
    assert "HUGE" in result.unslotted
    assert layout.location(result.placement["BAT-1"]).zone.code == "L"


def test_fast_movers_get_the_locations_nearest_packing_at_golden_levels() -> None:
    layout = make_layout()
    skus = [make_sku(f"S{i}") for i in range(12)]
    lines = order_history(skus, 5, orders=400)
    result = slot_skus(skus, layout, lines, replace(FAST, search_seconds=0))
    busiest = str(pick_statistics(lines).index[0])
    best = layout.location(result.placement[busiest])
    assert best.level in layout.geometry.golden_levels
    others = [layout.depot_distance(code) for code in result.placement.values()]
    assert layout.depot_distance(best.code) == min(others)


def test_pick_statistics_count_lines_units_and_cube_per_order() -> None:
    lines = pd.DataFrame(
        {
            "order_id": ["1", "1", "2", "3"],
            "sku": ["A", "B", "A", "A"],
            "quantity": [2, 1, 4, 1],
            "kind": ["order", "order", "order", "cancel"],
        }
    )
    stats = pick_statistics(lines, {"A": 2.0})
    assert stats.loc["A", "lines"] == 2 and stats.loc["A", "units"] == 6 and stats.loc["A", "orders"] == 2
    assert stats.loc["A", "cube_per_order"] == 6.0  # 6 units x 2 l over 2 lines
    assert stats.loc["B", "cube_per_order"] == 1.0  # unknown volume counts 1 l


def test_abc_classes_split_20_30_50_by_pick_frequency() -> None:
    classes = abc_classes(pd.Series(range(10, 0, -1), index=[f"S{i}" for i in range(10)]))
    assert list(classes) == ["A", "A", "B", "B", "B", "C", "C", "C", "C", "C"]
