"""A backtest window the chosen model could not forecast is missing, not a forecast of 0 units.

(A 13-period average cannot fit a window with 3 periods of history: statsforecast gives NaN.)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd
import pytest

from lamplighter.planning.forecast import ForecastConfig, daily, forecast_demand, periods
from lamplighter.planning.forecast.periods import PeriodForecast, forecast_periods, level_corrections, pick


def test_pick_keeps_a_missing_forecast_missing() -> None:
    frame = pd.DataFrame({"unique_id": ["a", "a", "b"], "cutoff": [0, 1, 0], "y": [3.0, 4.0, 5.0]})
    frame = frame.assign(MA13=[np.nan, 2.0, 7.0], SES=[1.0, 1.0, -2.0])
    choice = pd.DataFrame({"unique_id": ["a", "b"], "model": ["MA13", "SES"]})
    fc = pick(frame, choice)["fc"].to_numpy()
    assert np.isnan(fc[0])  # was 0.0: "forecast 0 units"
    assert fc[1:].tolist() == [2.0, 0.0]  # negative forecasts are still clipped


def test_the_level_correction_uses_only_the_windows_the_model_forecast() -> None:
    # Three 12-period origins; the model missed the first one and forecast 1/1.5 of the
    # actual units at the other two. Read as 0 units, the first window inflated the
    # nested factor (30 / 13.3 -> clipped 2.0, no better than none); left out, the nested
    # check (origin 24 corrected by origin 12's factor) is exact and the factor is 1.5.
    backtest = pd.DataFrame(
        {
            "unique_id": ["a"] * 3,
            "cutoff": [0, 12, 24],
            "y": [10.0, 10.0, 10.0],
            "fc": [np.nan, 10 / 1.5, 10 / 1.5],
        }
    )
    choice = pd.DataFrame({"unique_id": ["a"], "demand_class": ["intermittent"]})
    assert level_corrections(backtest, choice, horizon=12) == {"intermittent": pytest.approx(1.5)}


def _short_first_window_panel() -> pd.DataFrame:
    # 40 series x 27 periods; with two 12-period windows 12 apart the first origin has 3
    # periods to fit, too few for MA13.
    rng = np.random.default_rng(1)
    rate = np.repeat(np.linspace(1.0, 6.0, 40)[:, None], 27, axis=1)
    y = rng.poisson(rate).astype(float)
    ids = np.array([f"S{i:02d}" for i in range(40)])
    return pd.DataFrame({"unique_id": np.repeat(ids, 27), "t": np.tile(np.arange(27), 40), "y": y.ravel()})


def test_a_window_the_chosen_model_missed_stays_missing_through_forecast_periods(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_choose = periods.choose

    def choose_ma13(*args: object, **kwargs: object) -> pd.DataFrame:
        return real_choose(*args, **kwargs).assign(model="MA13")  # type: ignore[arg-type]

    monkeypatch.setattr(periods, "choose", choose_ma13)
    config = ForecastConfig(backtest_windows=2, backtest_step_weeks=12, backtest_horizon_weeks=12)
    pf = forecast_periods(_short_first_window_panel(), 12, config=config)
    first = pf.backtest["cutoff"] == 2
    assert pf.backtest.loc[first, "fc"].isna().all()  # was 0.0 for every row
    assert pf.backtest.loc[~first, "fc"].notna().all()
    assert pf.mean["mean"].notna().all()
    # The top-down weights are scored on the forecast window only: a bottom-up forecast
    # of 0 units against the first window's demand would add its units to every weight's error.
    later = pf.backtest[~first]
    units = later["y"].sum()
    bottom_up = pf.reconciliation.set_index("weight")["wape"].loc[0.0]
    fc_before_level = later.groupby("unique_id")["fc"].sum() / pf.choice.set_index("unique_id")["level_factor"]
    by_sku_y = later.groupby("unique_id")["y"].sum()
    assert bottom_up == pytest.approx(float((fc_before_level - by_sku_y).abs().sum() / units))


def test_quantiles_leave_out_a_window_the_model_did_not_forecast(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(0)
    days, n = 210, 30  # 30 weeks: three 4-week backtest windows
    ds = pd.date_range("2024-01-01", periods=days, freq="D")
    y = rng.poisson(np.broadcast_to(np.linspace(0.5, 8.0, n)[:, None], (n, days))).astype(float)
    history = pd.DataFrame(
        {"unique_id": np.repeat([f"S{i:02d}" for i in range(n)], days), "ds": np.tile(ds, n), "y": y.ravel()}
    )
    real = daily._run_periods

    def first_window(variant: str) -> Callable[..., PeriodForecast]:
        def run(*args: Any) -> PeriodForecast:
            pf = real(*args)
            first = pf.backtest["cutoff"] == pf.backtest["cutoff"].min()
            if variant == "missing":  # the first window not forecast (NaN) ...
                return replace(pf, backtest=pf.backtest.assign(fc=pf.backtest["fc"].where(~first)))
            return replace(pf, backtest=pf.backtest[~first])  # ... counts as never backtested

        return run

    config = ForecastConfig(acceleration=False)
    monkeypatch.setattr(daily, "_run_periods", first_window("missing"))
    missing = forecast_demand(history, 28, config=config).ratios
    monkeypatch.setattr(daily, "_run_periods", first_window("absent"))
    absent = forecast_demand(history, 28, config=config).ratios
    assert np.array_equal(missing.horizons, absent.horizons)
    # Read as 0 units, every ratio of that window was actual / 0.5: far wider quantiles.
    assert np.allclose(missing.q, absent.q)


def test_common_all_leaves_a_window_some_candidate_missed_out_of_everything_downstream() -> None:
    config = ForecastConfig(
        backtest_windows=2, backtest_step_weeks=12, backtest_horizon_weeks=12, score_windows="common-all"
    )
    pf = forecast_periods(_short_first_window_panel(), 12, config=config)
    first = pf.backtest["cutoff"] == 2
    # MA13 could not fit the first window, so whatever was chosen, that window is missing.
    assert pf.backtest.loc[first, "fc"].isna().all()
    assert pf.backtest.loc[~first, "fc"].notna().all()
    # With one window left there is no earlier origin for the nested check: no level factor.
    assert pf.choice["level_factor"].to_numpy() == pytest.approx(1.0)
