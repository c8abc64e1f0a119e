"""Safety stock, reorder points and fill-rate reorder points against hand-worked examples."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lamplighter.planning.replenishment.safety_stock import (
    expected_shortage,
    lead_time_demand_sd,
    normal_loss,
    reorder_point,
    reorder_point_for_fill_rate,
    reorder_point_from_samples,
    safety_factor_for_fill_rate,
    safety_stock,
    shortage_curve,
)


def test_sunset_lamp_safety_stock_combines_demand_and_lead_time_spread() -> None:
    # 200 a day (sd 40), 25 days (sd 5): sqrt(25 * 40^2 + 200^2 * 5^2) = sqrt(40,000 + 1,000,000) = 1,019.8
    assert lead_time_demand_sd(200.0, 40.0, 25.0, 5.0) == pytest.approx(1019.80, abs=0.01)
    # At a 97.5% cycle service level z = 1.95996: safety stock 1,998.8, reorder point 5,000 + 1,998.8.
    assert safety_stock(0.975, 200.0, 40.0, 25.0, 5.0) == pytest.approx(1998.8, abs=0.1)
    assert reorder_point(0.975, 200.0, 40.0, 25.0, 5.0) == pytest.approx(6998.8, abs=0.1)


def test_without_lead_time_spread_only_demand_spread_counts() -> None:
    # sqrt(16 * 30^2) = 120; z(0.95) = 1.64485 -> 197.4
    assert safety_stock(0.95, 100.0, 30.0, 16.0, 0.0) == pytest.approx(197.38, abs=0.01)


def test_fifty_percent_cycle_service_needs_no_safety_stock() -> None:
    assert safety_stock(0.5, 100.0, 30.0, 16.0, 3.0) == pytest.approx(0.0, abs=1e-9)


def test_service_level_outside_zero_one_is_refused() -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        safety_stock(1.0, 100.0, 30.0, 16.0, 3.0)


def test_fill_rate_safety_factor_matches_normal_loss_by_hand() -> None:
    # G(0) = 1/sqrt(2 pi) = 0.39894: with sd 100 and Q 400 a 90.03% fill rate needs k = 0.
    assert normal_loss(0.0) == pytest.approx(0.398942, abs=1e-6)
    beta = 1 - 39.8942 / 400
    assert safety_factor_for_fill_rate(beta, 400.0, 100.0) == pytest.approx(0.0, abs=1e-4)
    # A bigger order quantity reaches the same fill rate with less safety stock.
    assert safety_factor_for_fill_rate(0.98, 800.0, 100.0) < safety_factor_for_fill_rate(0.98, 400.0, 100.0)


def test_sample_reorder_point_and_expected_shortage_by_hand() -> None:
    samples = np.array([[0.0, 10.0, 20.0, 30.0, 40.0]])  # levels 0.1, 0.3, 0.5, 0.7, 0.9
    assert reorder_point_from_samples(samples, 0.8)[0] == pytest.approx(35.0)
    # E[(D - 25)+] = (5 + 15) / 5 = 4
    assert expected_shortage(samples, np.array([25.0]))[0] == pytest.approx(4.0)
    assert shortage_curve(samples)[0] == pytest.approx([20.0, 12.0, 6.0, 2.0, 0.0])


def test_fill_rate_reorder_point_allows_the_shortfall_per_cycle() -> None:
    samples = np.array([[0.0, 10.0, 20.0, 30.0, 40.0]])
    # Q = 100 at 96% fill allows 4 units short per cycle: s = 25 (see the hand example above).
    assert reorder_point_for_fill_rate(samples, 0.96, 100.0)[0] == pytest.approx(25.0)


@given(
    d=st.floats(0.1, 500),
    extra=st.floats(0.0, 500),
    sd=st.floats(0.0, 200),
    lead=st.floats(1, 120),
    lead_sd=st.floats(0, 30),
    service=st.floats(0.5, 0.999),
)
def test_more_demand_never_lowers_the_reorder_point(
    d: float, extra: float, sd: float, lead: float, lead_sd: float, service: float
) -> None:
    low = reorder_point(service, d, sd, lead, lead_sd)
    high = reorder_point(service, d + extra, sd, lead, lead_sd)
    assert high >= low - 1e-9 * max(1.0, float(abs(low)))


@given(
    d=st.floats(0.0, 500),
    sd=st.floats(0.0, 200),
    lead=st.floats(0.0, 120),
    longer=st.floats(0.0, 120),
    lead_sd=st.floats(0, 30),
    service=st.floats(0.5, 0.999),
)
def test_longer_lead_time_never_lowers_safety_stock(
    d: float, sd: float, lead: float, longer: float, lead_sd: float, service: float
) -> None:
    short = safety_stock(service, d, sd, lead, lead_sd)
    long = safety_stock(service, d, sd, lead + longer, lead_sd)
    assert long >= short - 1e-9 * max(1.0, float(abs(short)))


@given(
    values=st.lists(st.floats(0, 1000), min_size=2, max_size=30),
    extra=st.floats(0, 1000),
    fill=st.floats(0.5, 0.999),
    qty=st.floats(1, 1000),
)
def test_more_demand_never_lowers_the_fill_rate_reorder_point(
    values: list[float], extra: float, fill: float, qty: float
) -> None:
    samples = np.sort(np.array([values]))
    low = reorder_point_for_fill_rate(samples, fill, qty)[0]
    high = reorder_point_for_fill_rate(samples + extra, fill, qty)[0]
    assert high >= low - 1e-6
