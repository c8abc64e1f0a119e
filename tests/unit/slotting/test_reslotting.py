"""Re-slotting plans: bounded, never leave a SKU without a pick face, savings that a replay confirms."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lamplighter.planning.slotting.policies import SlottingOptions, place, prepare, to_slotting
from lamplighter.planning.slotting.replay import replay
from lamplighter.planning.slotting.reslotting import evaluation_lines, plan_options, plan_reslotting
from tests.factories import make_layout, make_sku
from tests.unit.slotting.worlds import order_history

OPTIONS = plan_options(SlottingOptions(search_seconds=0.2, half_lives_days=(None,), aisle_weights=(1.0, 16.0)))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 6), st.integers(0, 1000), st.sampled_from([(), (5,)]))
def test_a_plan_has_at_most_n_moves_and_its_saving_matches_a_replay(
    max_moves: int, seed: int, middle: tuple[int, ...]
) -> None:
    layout = make_layout(middle_cross_aisles_after_bay=list(middle))
    skus = [make_sku(f"S{i:02d}") for i in range(30)]
    lines = order_history(skus, seed, orders=150)
    problem = prepare(skus, layout, lines, OPTIONS)
    current, _ = place(problem, replace(OPTIONS, policy="random", seed=seed))
    plan, after = plan_reslotting(problem, layout, current, max_moves, OPTIONS)

    assert len(plan.moves) <= max_moves
    assert all((after >= 0)[current >= 0]), "a SKU lost its pick location"
    window = evaluation_lines(lines, OPTIONS)
    before_m = replay(layout, to_slotting(problem, current).placement, window).metres
    after_m = replay(layout, to_slotting(problem, after).placement, window).metres
    assert plan.saving_m == pytest.approx(before_m - after_m, abs=1e-6)
    assert plan.saving_m >= -1e-9
    if not middle:  # single block: every move's own saving is exact too
        assert sum(m.saving_m for m in plan.moves) == pytest.approx(plan.saving_m, abs=1e-6)


def test_moves_are_ranked_by_walking_saved_and_applied_in_that_order() -> None:
    layout = make_layout()
    skus = [make_sku(f"S{i:02d}") for i in range(30)]
    lines = order_history(skus, 11, orders=300)
    problem = prepare(skus, layout, lines, OPTIONS)
    current, _ = place(problem, replace(OPTIONS, policy="random", seed=3))
    plan, _after = plan_reslotting(problem, layout, current, 5, OPTIONS)
    assert plan.moves, "a random placement of skewed demand leaves something to gain"
    assert all(m.saving_m > 0 for m in plan.moves)
    for move in plan.moves:
        assert move.from_location != move.to_location
