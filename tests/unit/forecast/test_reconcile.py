"""Top-down level reconciliation: the aggregate forecast, the factor and the backtest's choice of weight."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lamplighter.planning.forecast import ForecastConfig
from lamplighter.planning.forecast.periods import forecast_periods
from lamplighter.planning.forecast.reconcile import (
    MAX_FACTOR,
    aggregate_forecast,
    choose_weight,
    top_down_factor,
)


def test_the_aggregate_forecast_follows_a_trend_and_sees_nothing_after_its_origin() -> None:
    y = 100.0 + 10.0 * np.arange(40)
    fc = aggregate_forecast(y, [29], 4)[29]
    assert fc.shape == (4,)
    assert fc.mean() > y[26:30].mean()  # a trend, not just the last level
    changed = y.copy()
    changed[30:] = 0.0
    assert aggregate_forecast(changed, [29], 4)[29] == pytest.approx(fc)


def test_too_short_an_aggregate_gives_no_forecast_and_factor_one() -> None:
    fc = aggregate_forecast(np.ones(5), [4], 3)[4]
    assert np.isnan(fc).all()
    assert top_down_factor(float(fc.sum()), 10.0) == 1.0


def test_the_factor_is_bounded_and_neutral_without_a_bottom_up_total() -> None:
    assert top_down_factor(120.0, 100.0) == pytest.approx(1.2)
    assert top_down_factor(1000.0, 10.0) == MAX_FACTOR
    assert top_down_factor(1.0, 10.0) == 1 / MAX_FACTOR
    assert top_down_factor(50.0, 0.0) == 1.0


def _totals(ratio: float) -> pd.DataFrame:
    """Two origins, 50 SKUs each, forecasts a fixed share of actuals (with noise)."""
    rng = np.random.default_rng(1)
    y = rng.gamma(2.0, 10.0, 100)
    return pd.DataFrame(
        {
            "unique_id": np.tile(np.arange(50), 2),
            "cutoff": np.repeat([10, 14], 50),
            "y": y,
            "fc": y * ratio * rng.uniform(0.9, 1.1, 100),
        }
    )


def test_the_backtest_takes_the_top_down_factor_when_it_corrects_the_level() -> None:
    weight, scores = choose_weight(_totals(0.8), {10: 1.25, 14: 1.25})
    assert weight == 1.0
    assert scores.set_index("weight")["wape"].is_monotonic_decreasing


def test_the_backtest_refuses_a_factor_that_moves_the_level_the_wrong_way() -> None:
    weight, _ = choose_weight(_totals(1.0), {10: 0.7, 14: 1.3})
    assert weight == 0.0
    weight, _ = choose_weight(_totals(1.0), {10: 1.3, 14: 1.3}, target="bias")
    assert weight == 0.0


def test_a_catalogue_wide_growth_raises_every_forecast() -> None:
    """Each noisy series hides a 3%-a-period growth that their sum shows."""
    rng = np.random.default_rng(0)
    n, t = 150, 60
    base = rng.uniform(0.5, 3.0, n)
    rate = base[:, None] * (1 + 0.03 * np.arange(t + 4))[None, :]
    y = rng.poisson(rate).astype(float)
    panel = pd.DataFrame(
        {"unique_id": np.repeat([f"S{i}" for i in range(n)], t), "t": np.tile(np.arange(t), n), "y": y[:, :t].ravel()}
    )
    plain = forecast_periods(panel, 4, config=ForecastConfig(reconcile=False, level_correction=False))
    recon = forecast_periods(panel, 4, config=ForecastConfig(level_correction=False))
    assert recon.reconciliation["chosen"].sum() == 1
    assert recon.choice["level_factor"].iloc[0] > 1.0
    future = y[:, t:].sum()
    assert abs(recon.mean["mean"].sum() - future) < abs(plain.mean["mean"].sum() - future)
