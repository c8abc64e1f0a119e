"""forecast_demand on small synthetic histories (kept small: statsforecast fits are the cost)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lamplighter.planning.forecast import ForecastConfig, NotEnoughHistory, classify, forecast_demand

START = pd.Timestamp("2024-01-01")  # a Monday


def history(rates: np.ndarray, days: int, seed: int = 0, closed_weekday: int | None = 5) -> pd.DataFrame:
    """Poisson demand per SKU (rates: units a day); the shop is shut on ``closed_weekday``."""
    rng = np.random.default_rng(seed)
    ds = pd.date_range(START, periods=days, freq="D")
    y = rng.poisson(np.broadcast_to(rates[:, None], (len(rates), days))).astype(float)
    if closed_weekday is not None:
        y[:, ds.dayofweek == closed_weekday] = 0.0
    return pd.DataFrame(
        {
            "unique_id": np.repeat([f"S{i:03d}" for i in range(len(rates))], days),
            "ds": np.tile(ds, len(rates)),
            "y": y.ravel(),
        }
    )


@pytest.fixture(scope="module")
def steady() -> pd.DataFrame:
    return history(np.linspace(0.2, 20, 40), 280)


def test_daily_frame_has_every_sku_and_day_with_ordered_quantiles(steady: pd.DataFrame) -> None:
    fc = forecast_demand(steady, 21)
    assert list(fc.daily.columns) == ["unique_id", "ds", "mean", "q50", "q90", "q95", "q99", "model"]
    assert len(fc.daily) == 40 * 21
    q = fc.daily[["q50", "q90", "q95", "q99"]].to_numpy()
    assert (np.diff(q, axis=1) >= -1e-9).all()
    assert fc.daily["ds"].min() == steady["ds"].max() + pd.Timedelta(days=1)


def test_a_closed_weekday_is_forecast_as_zero_not_as_a_quiet_day(steady: pd.DataFrame) -> None:
    fc = forecast_demand(steady, 14)
    saturday = fc.daily["ds"].dt.dayofweek == 5
    assert (fc.daily.loc[saturday, ["mean", "q99"]] == 0).all().all()
    busiest = fc.daily[fc.daily["unique_id"] == "S039"]
    # Saturdays are left out of the fit, so an open day is not diluted to 6/7 of its rate (17.1).
    assert busiest.loc[~saturday, "mean"].mean() == pytest.approx(20, rel=0.08)


def test_lead_time_totals_are_cumulative_and_calibrated(steady: pd.DataFrame) -> None:
    fc = forecast_demand(steady, 28)
    totals = fc.totals_for(np.full(40, 14))
    daily_sum = (
        fc.daily[fc.daily["ds"] < fc.daily["ds"].min() + pd.Timedelta(days=14)].groupby("unique_id")["mean"].sum()
    )
    assert totals["mean"].to_numpy() == pytest.approx(daily_sum.to_numpy())
    assert (totals["q95"] >= totals["q50"]).all()
    later = history(np.linspace(0.2, 20, 40), 280 + 14, seed=7).query("ds >= @fc.daily.ds.min()")
    actual = later.groupby("unique_id")["y"].sum().to_numpy()
    coverage = (actual <= totals["q90"].to_numpy()).mean()
    assert 0.75 <= coverage <= 1.0


def test_totals_for_accepts_a_series_by_sku_and_grows_with_lead_time(steady: pd.DataFrame) -> None:
    fc = forecast_demand(steady, 28)
    short = fc.totals_for(pd.Series({"S010": 7, "S020": 7}))
    long = fc.totals_for(pd.Series({"S010": 40, "S020": 40}))
    assert short["unique_id"].tolist() == ["S010", "S020"]
    assert (long["mean"].to_numpy() > short["mean"].to_numpy()).all()
    assert (long["q95"].to_numpy() > short["q95"].to_numpy()).all()
    assert fc.totals_for(0)["q99"].eq(0).all()


def test_a_sku_whose_sales_take_off_gets_its_forecast_raised_with_a_reason() -> None:
    frame = history(np.full(30, 5.0), 210)
    hot = frame["unique_id"] == "S000"
    last_two_weeks = frame["ds"] >= frame["ds"].max() - pd.Timedelta(days=13)
    growth = np.where(frame.loc[hot & last_two_weeks, "ds"] >= frame["ds"].max() - pd.Timedelta(days=6), 4.0, 2.5)
    frame.loc[hot & last_two_weeks, "y"] *= growth
    fc = forecast_demand(frame, 28)
    assert fc.reasons["unique_id"].tolist() == ["S000"]
    assert fc.reasons["factor"].iloc[0] > 2.0
    assert "last 2 weeks" in fc.reasons["message"].iloc[0]
    rate = fc.skus.set_index("unique_id")["rate"]
    assert rate["S000"] > 2.0 * rate.drop("S000").mean()


def test_no_acceleration_when_switched_off() -> None:
    frame = history(np.full(30, 5.0), 210)
    frame.loc[(frame["unique_id"] == "S000") & (frame["ds"] >= frame["ds"].max() - pd.Timedelta(days=13)), "y"] *= 4
    fc = forecast_demand(frame, 14, config=ForecastConfig(acceleration=False))
    assert fc.reasons.empty


def test_a_too_short_history_is_refused_with_the_facts() -> None:
    with pytest.raises(NotEnoughHistory, match="needs at least"):
        forecast_demand(history(np.full(3, 1.0), 30), 7)


def test_classes_follow_adi_and_cv2() -> None:
    frame = pd.DataFrame(
        {
            "unique_id": ["smooth"] * 4 + ["erratic"] * 4 + ["intermittent"] * 4 + ["lumpy"] * 4,
            "y": [5, 6, 5, 6, 1, 9, 1, 9, 0, 5, 0, 5, 0, 1, 0, 9],
        }
    )
    classes = classify(frame).set_index("unique_id")["demand_class"]
    assert classes.to_dict() == {n: n for n in ("smooth", "erratic", "intermittent", "lumpy")}
