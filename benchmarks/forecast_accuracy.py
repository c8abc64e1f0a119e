"""Forecast accuracy: Lamplighter's forecaster versus statsforecast baselines, in one run.

Data (read-only, ../shared/data):
- Online Retail order lines 2010-12-01..2011-09-30 -> daily demand (cancellations netted).
  Rolling origins inside the history (default 4 origins, 28 days apart, the last horizon
  ending 2011-09-30), 28-day horizon, SKUs with at least 10 selling days before the origin.
  Each model sees only days before its origin.
- carparts (2,509 complete monthly series), last 12 months held out.

Baselines: seasonal naive (7 days / 12 months), a moving average (28 days / 12 months),
AutoETS and CrostonOptimized (statsforecast). Scores, pooled over SKUs and origins:
- WAPE of each SKU's horizon total (primary: what orders and safety stock depend on),
- RMSSE of daily (monthly) values, weighted by units sold in the horizon,
- bias of the horizon totals (sum of forecast - actual over sum of actual).
Last line: ours / best baseline horizon-total WAPE for both data sets.

Run: .venv/bin/python benchmarks/forecast_accuracy.py [--origins 4] [--sample 0] [--n-jobs 2]
--carparts-dev: the development check on carparts, which never sees the scored year: origins
after months 24, 25, 26, 27 of the 39, each scored on the 12 months after it, pooled.
(--sample N: every model is scored on N SKUs per origin drawn at random, seed 0; 0 = all
SKUs, ~15 min because AutoETS on daily series is slow).
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from statsforecast import StatsForecast
from statsforecast.models import AutoETS, CrostonOptimized, SeasonalNaive, WindowAverage

from lamplighter.adapters.files.order_lines import read_order_lines
from lamplighter.planning.demand import daily_demand
from lamplighter.planning.forecast import ForecastConfig, forecast_demand
from lamplighter.planning.forecast.periods import PeriodForecast, forecast_periods

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
RETAIL = DATA / "online_retail" / "order_lines_2010-12-01_to_2011-09-30.csv.gz"
CARPARTS = DATA / "carparts" / "carparts_wide.csv.gz"
RETAIL_END = pd.Timestamp("2011-10-01")
HORIZON = 28
OURS = "Lamplighter"
BASELINES = ("SeasonalNaive", "MovingAverage", "AutoETS", "CrostonOptimized")
DEV_MONTHS = (24, 25, 26, 27)
"""carparts development origins (``--carparts-dev``): months of history before each."""


@dataclass
class Panel:
    """Actuals and every model's forecasts over the horizon, aligned (rows = SKU x origin)."""

    actual: np.ndarray
    forecasts: dict[str, np.ndarray]
    scale: np.ndarray
    """Mean squared one-step naive difference in each row's history (RMSSE denominator)."""


def baseline_models(season: int, window: int) -> list[object]:
    return [
        SeasonalNaive(season_length=season, alias="SeasonalNaive"),
        WindowAverage(window_size=window, alias="MovingAverage"),
        AutoETS(season_length=season, alias="AutoETS"),
        CrostonOptimized(alias="CrostonOptimized"),
    ]


def baselines(frame: pd.DataFrame, h: int, season: int, window: int, freq: str | int, n_jobs: int) -> pd.DataFrame:
    sf = StatsForecast(models=baseline_models(season, window), freq=freq, n_jobs=n_jobs)
    out = sf.forecast(df=frame, h=h)
    return out.reset_index() if "unique_id" not in out.columns else out


def wide(frame: pd.DataFrame, ids: np.ndarray, column: str, h: int) -> np.ndarray:
    frame = frame.assign(step=frame.groupby("unique_id").cumcount())
    table = frame.pivot(index="unique_id", columns="step", values=column).reindex(ids)
    return np.asarray(np.clip(np.nan_to_num(table.to_numpy(dtype="float64")[:, :h]), 0, None), dtype=np.float64)


def naive_scale(history: np.ndarray) -> np.ndarray:
    """M5 scale: mean squared one-step difference from the first sale on (1 when undefined)."""
    started = np.cumsum(history > 0, axis=1) > 0
    diffs = np.diff(history, axis=1) ** 2
    mask = started[:, 1:]
    count = mask.sum(axis=1)
    scale = np.where(count > 0, (diffs * mask).sum(axis=1) / np.maximum(count, 1), 1.0)
    return np.where(scale > 0, scale, 1.0)


def top_down(reconciliation: pd.DataFrame) -> str:
    """The top-down reconciliation's choice in words (weight and aggregate / bottom-up factor)."""
    if reconciliation.empty:
        return "top-down off"
    row = reconciliation[reconciliation["chosen"]].iloc[0]
    return f"top-down weight {row['weight']:g} (aggregate/bottom-up {row['final_factor']:.3f})"


def retail_origin(demand: pd.DataFrame, origin: pd.Timestamp, sample: int, n_jobs: int) -> tuple[Panel, str]:
    history = demand[demand["ds"] < origin]
    selling_days = history[history["y"] > 0].groupby("unique_id").size()
    eligible = np.sort(selling_days[selling_days >= 10].index.to_numpy())
    ids = eligible
    if sample and len(ids) > sample:
        ids = np.sort(np.random.default_rng(0).choice(ids, sample, replace=False))
    # Ours forecasts every eligible SKU, as in use (its class pools need them); every model
    # is scored on the same sampled SKUs. The baselines are per-series models: a SKU's
    # forecast does not depend on which other SKUs are fitted, so they fit the sample only.
    ours = forecast_demand(history[history["unique_id"].isin(eligible)], HORIZON, config=ForecastConfig(n_jobs=n_jobs))
    history = history[history["unique_id"].isin(ids)]
    future = demand[(demand["ds"] >= origin) & (demand["ds"] < origin + pd.Timedelta(days=HORIZON))]
    actual = wide(future[future["unique_id"].isin(ids)], ids, "y", HORIZON)
    forecasts = {OURS: wide(ours.daily, ids, "mean", HORIZON)}
    base = baselines(history, HORIZON, 7, 28, "D", n_jobs)
    for name in BASELINES:
        forecasts[name] = wide(base, ids, name, HORIZON)
    hist = history.pivot(index="unique_id", columns="ds", values="y").reindex(ids).to_numpy(dtype="float64")
    return Panel(actual, forecasts, naive_scale(np.nan_to_num(hist))), top_down(ours.reconciliation)


def online_retail(origins: int, sample: int, n_jobs: int) -> dict[str, dict[str, float]]:
    lines = read_order_lines(RETAIL, "online-retail").frame
    demand = daily_demand(lines, "2010-12-01", RETAIL_END)
    starts = [RETAIL_END - pd.Timedelta(days=HORIZON * (k + 1)) for k in range(origins)]
    panels = []
    for origin in sorted(starts):
        t0 = time.perf_counter()
        p, level = retail_origin(demand, origin, sample, n_jobs)
        panels.append(p)
        units = max(p.actual.sum(), 1e-9)
        bias = {m: (p.forecasts[m].sum() - p.actual.sum()) / units for m in (OURS, "MovingAverage")}
        print(
            f"  online-retail origin {origin.date()}: {p.actual.shape[0]} SKUs, {time.perf_counter() - t0:.0f} s;"
            f" bias ours {bias[OURS]:+.1%}, 28-day average {bias['MovingAverage']:+.1%}; {level}",
            flush=True,
        )
    return score(merge(panels))


def carparts_config(train_months: int, n_jobs: int, score_windows: str = "own") -> ForecastConfig:
    """Backtest windows of 12 months every 12 months, at most 2, each with >= 3 months to fit.

    With the benchmark's 39 months: origins after months 27 and 15 (cutoffs 26 and 14).
    """
    windows = max(1, min(2, (train_months - 12 - 3) // 12 + 1))
    return ForecastConfig(
        backtest_windows=windows,
        backtest_step_weeks=12,
        backtest_horizon_weeks=12,
        score_windows=score_windows,
        n_jobs=n_jobs,
    )


def carparts_origin(
    values: np.ndarray, ids: np.ndarray, months: int, n_jobs: int, score_windows: str = "own"
) -> tuple[Panel, PeriodForecast]:
    """Train on the first ``months`` columns of ``values``, score the 12 after them."""
    train, test = values[:, :months], values[:, months : months + 12]
    n, t = train.shape
    panel = pd.DataFrame({"unique_id": np.repeat(ids, t), "t": np.tile(np.arange(t), n), "y": train.ravel()})
    ours = forecast_periods(panel, 12, season_length=12, config=carparts_config(t, n_jobs, score_windows))
    order = np.argsort(ids)
    forecasts = {OURS: wide(ours.mean, ids[order], "mean", 12)}
    base = baselines(panel.rename(columns={"t": "ds"}), 12, 12, 12, 1, n_jobs)
    for name in BASELINES:
        forecasts[name] = wide(base, ids[order], name, 12)
    return Panel(test[order], forecasts, naive_scale(train[order])), ours


def carparts(n_jobs: int, dev: bool = False, score_windows: str = "own") -> dict[str, dict[str, float]]:
    wide_frame = pd.read_csv(CARPARTS, index_col=0)
    wide_frame = wide_frame.loc[:, wide_frame.notna().all()]
    values = wide_frame.to_numpy(dtype="float64").T
    ids = np.array(wide_frame.columns, dtype=object)
    if dev:
        return carparts_dev(values[:, :-12], ids, n_jobs, score_windows)
    panel, ours = carparts_origin(values, ids, values.shape[1] - 12, n_jobs, score_windows)
    print(
        f"  carparts: {len(ids)} series, {values.shape[1] - 12} months of history, 12 held out;"
        f" {top_down(ours.reconciliation)}",
        flush=True,
    )
    chosen = ours.choice.groupby("demand_class")["model"].first().to_dict()
    print(f"  carparts models chosen per class: {chosen}", flush=True)
    return score(panel)


def carparts_dev(before: np.ndarray, ids: np.ndarray, n_jobs: int, score_windows: str) -> dict[str, dict[str, float]]:
    """Development protocol on the months before the scored year only: origins after months 24-27.

    Each origin trains on the first 24..27 months and scores the 12 after (horizons end by
    month 39, where the scored year begins); pooled over 4 origins it is less noisy than
    one 27-month split, but every internal backtest has at most 15 months to fit.
    """
    panels = []
    for months in DEV_MONTHS:
        p, ours = carparts_origin(before, ids, months, n_jobs, score_windows)
        panels.append(p)
        s = score(p)
        best = min(BASELINES, key=lambda m: s[m]["wape_total"])
        first = ours.choice.groupby("demand_class")[["model", "level_factor"]].first()
        chosen = ", ".join(f"{c} {r.model} x{r.level_factor:.2f}" for c, r in first.iterrows())
        print(
            f"  carparts dev origin after month {months}: ours/{best} {s[OURS]['wape_total'] / s[best]['wape_total']:.3f},"
            f" bias {s[OURS]['bias']:+.1%}; {chosen}; {top_down(ours.reconciliation)}",
            flush=True,
        )
    return score(merge(panels))


def merge(panels: list[Panel]) -> Panel:
    return Panel(
        np.concatenate([p.actual for p in panels]),
        {m: np.concatenate([p.forecasts[m] for p in panels]) for m in panels[0].forecasts},
        np.concatenate([p.scale for p in panels]),
    )


def score(panel: Panel) -> dict[str, dict[str, float]]:
    actual_total = panel.actual.sum(axis=1)
    units = max(actual_total.sum(), 1e-9)
    weights = actual_total / units
    out = {}
    for name, fc in panel.forecasts.items():
        total = fc.sum(axis=1)
        rmsse = np.sqrt(((fc - panel.actual) ** 2).mean(axis=1) / panel.scale)
        out[name] = {
            "wape_total": float(np.abs(total - actual_total).sum() / units),
            "rmsse_w": float((rmsse * weights).sum()),
            "bias": float((total - actual_total).sum() / units),
        }
    return out


def report(title: str, scores: dict[str, dict[str, float]]) -> float:
    print(f"\n{title}")
    print(f"  {'model':<18}{'WAPE(total)':>12}{'RMSSE(w)':>10}{'bias':>9}")
    for name, s in scores.items():
        print(f"  {name:<18}{s['wape_total']:>12.3f}{s['rmsse_w']:>10.3f}{s['bias']:>+9.1%}")
    best = min(BASELINES, key=lambda m: scores[m]["wape_total"])
    ratio = scores[OURS]["wape_total"] / scores[best]["wape_total"]
    print(f"  best baseline: {best}; ours/best = {ratio:.3f} (goal <= 0.95, bias within +-5%)")
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--origins", type=int, default=4)
    parser.add_argument("--sample", type=int, default=400, help="SKUs per Online Retail origin (0 = all)")
    parser.add_argument("--n-jobs", type=int, default=2)
    parser.add_argument("--only", choices=["online-retail", "carparts"], default=None)
    parser.add_argument(
        "--carparts-dev",
        action="store_true",
        help="carparts on the months before the scored year only (origins after months 24-27): for development",
    )
    parser.add_argument(
        "--score-windows",
        choices=["own", "common", "common-all"],
        default="own",
        help="carparts: score each candidate on the backtest windows it forecast (own) or on those all forecast",
    )
    args = parser.parse_args()
    if not RETAIL.exists() or not CARPARTS.exists():
        sys.exit(f"data not found under {DATA}")
    t0 = time.perf_counter()
    ratios = {}
    if args.only in (None, "online-retail"):
        ratios["online-retail"] = report(
            "Online Retail, 28-day horizon", online_retail(args.origins, args.sample, args.n_jobs)
        )
    if args.only in (None, "carparts"):
        title = "carparts DEV (origins after months 24-27, never the scored year)" if args.carparts_dev else None
        ratios["carparts"] = report(
            title or "carparts, 12 months held out", carparts(args.n_jobs, args.carparts_dev, args.score_windows)
        )
    print(f"\n(total {time.perf_counter() - t0:.0f} s)")
    print("ours/best-baseline horizon-total WAPE: " + "  ".join(f"{k} {v:.3f}" for k, v in ratios.items()))


if __name__ == "__main__":
    main()
