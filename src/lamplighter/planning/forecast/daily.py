"""``forecast_demand``: daily demand history in, calibrated daily and lead-time forecasts out.

Pipeline (all SKUs at once, numpy over an SKU x day matrix):
1. calendar: closed weekdays and closed dates are detected and left out of the fit;
2. outliers: a day above ``outlier_factor`` x the SKU's 95th percentile of selling days is
   capped in the fit (the actuals used for calibration stay uncapped);
3. weeks: the fit runs on weekly buckets ending at the cutoff, a part-closed week scaled up
   to a full trading week (weekly forecasts beat daily ones on horizon totals here, and cost
   7x less); leading zeros before a SKU's first sale are dropped;
4. model choice per class by rolling-origin backtest (:mod:`.periods`);
5. days: each week's forecast is spread over the open days by the SKU's weekday profile;
6. quantiles calibrated on the backtest's daily and cumulative errors (:mod:`.quantiles`);
7. trend acceleration (:mod:`.acceleration`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from lamplighter.planning.forecast.acceleration import REASON_COLUMNS, acceleration_factors
from lamplighter.planning.forecast.calendar import future_open, open_days, weekday_profile
from lamplighter.planning.forecast.config import ForecastConfig
from lamplighter.planning.forecast.drivers import driver_columns, weekly_drivers
from lamplighter.planning.forecast.periods import PeriodForecast, forecast_periods
from lamplighter.planning.forecast.quantiles import FLOOR, RatioTable, calibrate
from lamplighter.planning.forecast.result import Forecast, level_column

MIN_FIT_WEEKS = 13
"""Weeks of history a series needs before the first backtest origin (the 13-week average)."""


class NotEnoughHistory(ValueError):
    """The history is too short to backtest even one origin."""

    def __init__(self, weeks: int, needed: int) -> None:
        super().__init__(f"demand history covers {weeks} full weeks; forecasting needs at least {needed}")
        self.weeks = weeks
        self.needed = needed


@dataclass(frozen=True, slots=True)
class _Weeks:
    rate: np.ndarray
    """(n, W) units per full trading week, kept weeks only."""
    days: np.ndarray
    """(W, 7) day positions (columns of the day matrix) of each kept week."""
    per_week_open: int


def forecast_demand(
    history: pd.DataFrame,
    horizon: int,
    *,
    config: ForecastConfig | None = None,
    drivers: pd.DataFrame | None = None,
    future_drivers: pd.DataFrame | None = None,
) -> Forecast:
    """Forecast every SKU's daily demand for ``horizon`` days after the last day of ``history``.

    ``history``: long frame unique_id, ds (daily), y (units >= 0), as from
    ``lamplighter.planning.demand.daily_demand``; missing SKU-days count as 0. The cutoff is
    the day after the last ``ds``. ``drivers``/``future_drivers``: see the package docstring.
    """
    config = config or ForecastConfig()
    if horizon < 1:
        raise ValueError("horizon must be at least 1 day")
    ids, days, matrix = _matrix(history)
    is_open, closed_wd = open_days(days, matrix.sum(axis=0), len(ids), config.closed_weekdays)
    fitted = _cap_outliers(matrix, is_open, config.outlier_factor)
    weeks = _weekly(fitted, is_open, closed_wd)
    config = _fit_backtest(config, weeks.rate.shape[1])
    panel = _panel(ids, weeks.rate, config)
    horizon_weeks = -(-horizon // 7) + 1
    x = _driver_panel(drivers, future_drivers, ids, days, weeks, horizon_weeks)
    pf = _run_periods(panel, horizon_weeks, config, x)
    profile = weekday_profile(fitted, days.dayofweek.to_numpy(), is_open, closed_wd)
    choice = pf.choice.set_index("unique_id").loc[ids]
    if config.outlier_uplift:
        pf = _restore_capped_units(pf, ids, matrix, fitted, is_open, choice["demand_class"].to_numpy())
    table = _calibrate(pf, ids, days, matrix, weeks, is_open, profile, choice["demand_class"].to_numpy())
    weekly_mean = _by_sku(pf.mean, ids, "step", "mean")
    factor, reasons = _acceleration(pf, ids, weeks, weekly_mean, table, choice, config)
    weekly_mean = weekly_mean * factor[:, None]
    future = pd.date_range(days[-1] + pd.Timedelta(days=1), periods=horizon, freq="D")
    open_f = future_open(future, closed_wd, config.closed_dates)
    step = np.arange(horizon) // 7
    day_mean = weekly_mean[:, step] / weeks.per_week_open * profile[:, future.dayofweek.to_numpy()] * open_f
    skus = pd.DataFrame(
        {
            "unique_id": ids,
            "demand_class": choice["demand_class"].to_numpy(),
            "adi": choice["adi"].to_numpy(),
            "cv2": choice["cv2"].to_numpy(),
            "model": choice["model"].to_numpy(),
            "rate": day_mean.mean(axis=1),
            "level_factor": choice["level_factor"].to_numpy(),
            "acceleration": factor,
        }
    )
    daily = _daily_frame(ids, future, day_mean, skus, table, config.levels)
    cumulative = np.concatenate([np.zeros((len(ids), 1)), np.cumsum(day_mean, axis=1)], axis=1)
    return Forecast(daily, skus, reasons, pf.scores, config.levels, horizon, cumulative, table, pf.reconciliation)


def _matrix(history: pd.DataFrame) -> tuple[np.ndarray, pd.DatetimeIndex, np.ndarray]:
    if history.empty:
        raise ValueError("demand history is empty")
    ds = pd.to_datetime(history["ds"]).dt.normalize()
    days = pd.date_range(ds.min(), ds.max(), freq="D")
    sku = pd.Categorical(history["unique_id"].astype(str))
    ids = np.asarray(sku.categories, dtype=object)
    matrix = np.zeros((len(ids), len(days)))
    col = ((ds - days[0]) // pd.Timedelta(days=1)).to_numpy()
    np.add.at(matrix, (sku.codes, col), np.clip(history["y"].to_numpy(dtype="float64"), 0, None))
    return ids, days, matrix


def _cap_outliers(matrix: np.ndarray, is_open: np.ndarray, factor: float) -> np.ndarray:
    if factor <= 0 or matrix.size == 0:
        return matrix
    # 95th percentile of each row's selling days by one sort of the whole matrix
    # (np.nanpercentile loops per row and costs seconds at 10,000 SKUs).
    ordered = np.sort(np.where(is_open, matrix, 0.0), axis=1)
    selling = (ordered > 0).sum(axis=1)
    position = ordered.shape[1] - selling + np.floor(0.95 * np.maximum(selling - 1, 0)).astype(int)
    p95 = np.take_along_axis(ordered, np.minimum(position, ordered.shape[1] - 1)[:, None], axis=1)[:, 0]
    cap = np.where(selling > 0, factor * p95, np.inf)
    return np.asarray(np.minimum(matrix, cap[:, None]))


def _restore_capped_units(
    pf: PeriodForecast,
    ids: np.ndarray,
    matrix: np.ndarray,
    fitted: np.ndarray,
    is_open: np.ndarray,
    demand_class: np.ndarray,
) -> PeriodForecast:
    """Give back, per class, the share of units the outlier cap took out of the fit.

    Capping makes each SKU's level robust to one huge line, but big lines do recur
    somewhere in the class: spreading the removed units over the class (in proportion to
    each SKU's forecast) keeps the robustness per SKU without biasing the total down.
    """
    kept = pd.Series(fitted[:, is_open].sum(axis=1)).groupby(demand_class).sum()
    real = pd.Series(matrix[:, is_open].sum(axis=1)).groupby(demand_class).sum()
    share = (real / kept.where(kept > 0)).fillna(1.0)
    per_sku = pd.Series(pd.Series(demand_class).map(share).to_numpy(), index=ids)
    mean = pf.mean.assign(mean=pf.mean["mean"] * pf.mean["unique_id"].map(per_sku).to_numpy())
    backtest = pf.backtest.assign(fc=pf.backtest["fc"] * pf.backtest["unique_id"].map(per_sku).to_numpy())
    return replace(pf, mean=mean, backtest=backtest)


def _weekly(matrix: np.ndarray, is_open: np.ndarray, closed_wd: tuple[int, ...]) -> _Weeks:
    n_days = matrix.shape[1]
    week_days = np.arange(n_days % 7, n_days).reshape(-1, 7)
    open_count = is_open[week_days].sum(axis=1)
    per_week = max(7 - len(closed_wd), 1)
    kept = open_count > 0
    units = (matrix[:, week_days] * is_open[week_days]).sum(axis=2)
    rate = units[:, kept] * (per_week / open_count[kept])
    return _Weeks(rate=rate, days=week_days[kept], per_week_open=per_week)


def _fit_backtest(config: ForecastConfig, weeks: int) -> ForecastConfig:
    """Fewer backtest windows when the history is short; refuse when not even one fits."""
    h, step = config.backtest_horizon_weeks, config.backtest_step_weeks
    needed = h + 4
    if weeks < needed:
        raise NotEnoughHistory(weeks, needed)
    windows = min(config.backtest_windows, max(1, (weeks - h - MIN_FIT_WEEKS) // step + 1))
    return replace(config, backtest_windows=windows)


def _panel(ids: np.ndarray, rate: np.ndarray, config: ForecastConfig) -> pd.DataFrame:
    """Long weekly panel; leading zeros dropped but every series keeps enough weeks to backtest."""
    w = rate.shape[1]
    min_len = min(
        w, (config.backtest_windows - 1) * config.backtest_step_weeks + config.backtest_horizon_weeks + MIN_FIT_WEEKS
    )
    first_sale = np.where((rate > 0).any(axis=1), (rate > 0).argmax(axis=1), w)
    start = np.minimum(first_sale, w - min_len)
    keep = np.arange(w)[None, :] >= start[:, None]
    sku_idx, t = np.nonzero(keep)
    return pd.DataFrame({"unique_id": ids[sku_idx], "t": t, "y": rate[sku_idx, t]})


def _run_periods(
    panel: pd.DataFrame,
    horizon_weeks: int,
    config: ForecastConfig,
    x: pd.DataFrame | None,
) -> PeriodForecast:
    return forecast_periods(panel, horizon_weeks, season_length=1, config=config, x=x)


def _driver_panel(
    drivers: pd.DataFrame | None,
    future_drivers: pd.DataFrame | None,
    ids: np.ndarray,
    days: pd.DatetimeIndex,
    weeks: _Weeks,
    horizon_weeks: int,
) -> pd.DataFrame | None:
    """Drivers as weekly means on the fit's week index; future weeks continue after the last."""
    if drivers is None:
        return None
    past = weekly_drivers(drivers, ids, days, weeks.days)
    cols = driver_columns(past)
    if future_drivers is None or future_drivers.empty:
        raise ValueError("drivers need future_drivers for the horizon (the plan); pass zeros if there is none")
    first = days[-1] + pd.Timedelta(days=1)
    step = ((pd.to_datetime(future_drivers["ds"]).dt.normalize() - first) // pd.Timedelta(days=1)).to_numpy() // 7
    future = future_drivers.assign(t=weeks.rate.shape[1] + step, unique_id=future_drivers["unique_id"].astype(str))
    future = future[(step >= 0) & (step < horizon_weeks)].groupby(["unique_id", "t"], as_index=False)[cols].mean()
    return pd.concat([past, future], ignore_index=True)


def _by_sku(frame: pd.DataFrame, ids: np.ndarray, column: str, value: str) -> np.ndarray:
    wide = frame.pivot(index="unique_id", columns=column, values=value).reindex(ids)
    return wide.to_numpy(dtype="float64")


def _window_cube(pf: PeriodForecast, ids: np.ndarray, value: str) -> tuple[np.ndarray, np.ndarray]:
    """Backtest values as (n, windows, steps) and the sorted cutoffs (week index).

    NaN where the chosen model had no forecast (or the SKU no row): missing, not 0 units.
    """
    cutoffs = np.sort(pf.backtest["cutoff"].unique())
    steps = np.sort(pf.backtest["step"].unique())
    wide = pf.backtest.set_index(["unique_id", "cutoff", "step"])[value].unstack(["cutoff", "step"])
    wide = wide.reindex(index=ids, columns=pd.MultiIndex.from_product([cutoffs, steps]))
    return wide.to_numpy(dtype="float64").reshape(len(ids), len(cutoffs), len(steps)), cutoffs


def _calibrate(
    pf: PeriodForecast,
    ids: np.ndarray,
    days: pd.DatetimeIndex,
    matrix: np.ndarray,
    weeks: _Weeks,
    is_open: np.ndarray,
    profile: np.ndarray,
    demand_class: np.ndarray,
) -> RatioTable:
    fc, cutoffs = _window_cube(pf, ids, "fc")
    steps = fc.shape[2]
    grid = np.array([*range(1, 8), *range(14, steps * 7 + 1, 7)])
    weekday = days.dayofweek.to_numpy()
    cum_a, cum_f, mar_a, mar_f, cum_rate, mar_rate, cum_cls, mar_cls = [], [], [], [], [], [], [], []
    for w, cutoff in enumerate(cutoffs):
        cols = weeks.days[int(cutoff) + 1 : int(cutoff) + 1 + steps].ravel()
        daily_fc = np.repeat(fc[:, w, :], 7, axis=1)[:, : len(cols)] / weeks.per_week_open
        daily_fc = daily_fc * profile[:, weekday[cols]] * is_open[cols]
        # A SKU not yet launched at this origin says nothing about the error of a known SKU,
        # nor does a window its model did not forecast (NaN: missing, not a forecast of 0).
        known = (matrix[:, : weeks.days[int(cutoff)][-1] + 1].sum(axis=1) > 0) & ~np.isnan(daily_fc).any(axis=1)
        actual = matrix[known][:, cols]
        daily_fc = daily_fc[known]
        rate = daily_fc.mean(axis=1)
        cum_a.append(np.cumsum(actual, axis=1)[:, grid - 1])
        cum_f.append(np.cumsum(daily_fc, axis=1)[:, grid - 1])
        cum_rate.append(rate)
        cum_cls.append(demand_class[known])
        open_cols = is_open[cols]
        mar_a.append(actual[:, open_cols].ravel())
        mar_f.append(daily_fc[:, open_cols].ravel())
        mar_rate.append(np.repeat(rate, open_cols.sum()))
        mar_cls.append(np.repeat(demand_class[known], open_cols.sum()))
    cumulative = calibrate(
        np.concatenate(cum_a), np.concatenate(cum_f), np.concatenate(cum_cls), np.concatenate(cum_rate), grid
    )
    marginal = calibrate(
        np.concatenate(mar_a)[:, None],
        np.concatenate(mar_f)[:, None],
        np.concatenate(mar_cls),
        np.concatenate(mar_rate),
        np.array([0]),
    )
    return RatioTable(
        horizons=np.concatenate([[0.0], grid.astype("float64")]),
        q=np.concatenate([marginal.q, cumulative.q], axis=2),
    )


def _acceleration(
    pf: PeriodForecast,
    ids: np.ndarray,
    weeks: _Weeks,
    weekly_mean: np.ndarray,
    table: RatioTable,
    choice: pd.DataFrame,
    config: ForecastConfig,
) -> tuple[np.ndarray, pd.DataFrame]:
    if not config.acceleration:
        return np.ones(len(ids)), pd.DataFrame(columns=REASON_COLUMNS)
    fc, _ = _window_cube(pf, ids, "fc")
    actual = weeks.rate[:, -2:]
    rate = weekly_mean.mean(axis=1) / 7.0
    threshold = table.ratios(
        choice["demand_class"].to_numpy(), rate, np.full(len(ids), 14.0), np.array([config.acceleration_level])
    )[:, 0]
    # A SKU whose last backtest window was not forecast (NaN) has no expected units to
    # outrun: NaN thresholds compare False, so it is never raised.
    return acceleration_factors(
        ids, actual, fc[:, -1, -2:], threshold, weekly_mean.mean(axis=1), config.acceleration_max_factor
    )


def _daily_frame(
    ids: np.ndarray,
    future: pd.DatetimeIndex,
    day_mean: np.ndarray,
    skus: pd.DataFrame,
    table: RatioTable,
    levels: tuple[float, ...],
) -> pd.DataFrame:
    n, h = day_mean.shape
    ratio = table.daily_ratios(skus["demand_class"].to_numpy(), skus["rate"].to_numpy(), np.asarray(levels))
    frame = pd.DataFrame(
        {"unique_id": np.repeat(ids, h), "ds": np.tile(future.to_numpy(), n), "mean": day_mean.ravel()}
    )
    base = np.maximum(day_mean, FLOOR)
    open_day = day_mean > 0
    for j, level in enumerate(levels):
        frame[level_column(level)] = np.where(open_day, base * ratio[:, j : j + 1], 0.0).ravel()
    frame["model"] = np.repeat(skus["model"].to_numpy(), h)
    return frame
