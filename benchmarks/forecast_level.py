"""Forecast level on every eligible SKU: which point forecast meets which score, against the 28-day average.

``forecast_accuracy`` scores 400 sampled SKUs per origin because AutoETS is slow. This run
scores ours on *every* SKU with at least 10 selling days before each origin (Online Retail
order lines, 28-day horizon), against the 28-day moving average only (the best baseline
there), on the development origins (2011-03-19, 04-16, 05-14: every setting of the forecaster
was chosen on these) and the scored ones (2011-06-11 .. 09-03, as in ``forecast_accuracy``).

For each origin it prints the horizon-total WAPE and bias of four point forecasts of ours:
the mean with the default level correction (``level_target="wape"``, what the planner and
``forecast_accuracy`` use), the mean with the level correction aimed at bias, and for both
the calibrated median of the 28-day total (``Forecast.totals["q50"]``). The WAPE of a total
is smallest at the median of its distribution and the bias is zero at its mean; on lumpy
demand the two differ, so one number cannot be best at both. This shows by how much, and
splits each origin's bias by the SKUs' age (weeks since their first sale).

    .venv/bin/python benchmarks/forecast_level.py [--n-jobs 2]

Last line: ours (default mean) / 28-day average horizon-total WAPE, pooled over the scored origins.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass

import numpy as np
import pandas as pd

from forecast_accuracy import HORIZON, RETAIL, RETAIL_END
from lamplighter.adapters.files.order_lines import read_order_lines
from lamplighter.planning.demand import daily_demand
from lamplighter.planning.forecast import ForecastConfig, forecast_demand

DEVELOPMENT = ("2011-03-19", "2011-04-16", "2011-05-14")
SCORED = ("2011-06-11", "2011-07-09", "2011-08-06", "2011-09-03")
BASELINE = "28-day average"
DEFAULT = "mean (wape)"
AGE_WEEKS = ((0, 8), (8, 26), (26, 99))


@dataclass
class Origin:
    """One origin's eligible SKUs: actual 28-day totals, every point forecast of them, weeks since first sale."""

    actual: np.ndarray
    totals: dict[str, np.ndarray]
    age_weeks: np.ndarray


def origin_totals(demand: pd.DataFrame, origin: pd.Timestamp, n_jobs: int) -> Origin:
    history = demand[demand["ds"] < origin]
    selling = history[history["y"] > 0]
    selling_days = selling.groupby("unique_id").size()
    eligible = np.sort(selling_days[selling_days >= 10].index.to_numpy())
    history = history[history["unique_id"].isin(eligible)]
    first_sale = selling.groupby("unique_id")["ds"].min().reindex(eligible)
    horizon = demand[(demand["ds"] >= origin) & (demand["ds"] < origin + pd.Timedelta(days=HORIZON))]

    def per_sku(frame: pd.DataFrame) -> np.ndarray:
        return frame.groupby("unique_id")["y"].sum().reindex(eligible, fill_value=0.0).to_numpy(dtype="float64")

    actual = per_sku(horizon[horizon["unique_id"].isin(eligible)])
    totals = {BASELINE: per_sku(history[history["ds"] >= origin - pd.Timedelta(days=HORIZON)])}
    for target in ("wape", "bias"):
        config = ForecastConfig(n_jobs=n_jobs, level_target=target)
        fc = forecast_demand(history, HORIZON, config=config).totals.set_index("unique_id").reindex(eligible)
        totals[f"mean ({target})"] = fc["mean"].to_numpy(dtype="float64")
        totals[f"q50 ({target})"] = fc["q50"].to_numpy(dtype="float64")
    return Origin(actual, totals, ((origin - first_sale).dt.days / 7).to_numpy(dtype="float64"))


def by_age(at: Origin) -> str:
    """Bias of ours (default) and of the 28-day average per SKU age, and each group's share of the units."""
    units = max(float(at.actual.sum()), 1e-9)
    parts = []
    for low, high in AGE_WEEKS:
        group = (at.age_weeks >= low) & (at.age_weeks < high)
        if group.any():
            actual = max(float(at.actual[group].sum()), 1e-9)
            ours, base = ((at.totals[m][group].sum() - actual) / actual for m in (DEFAULT, BASELINE))
            parts.append(f"{low}-{high} weeks {actual / units:.0%} of units, ours {ours:+.0%}, 28-day {base:+.0%}")
    return "; ".join(parts)


def scores(actual: np.ndarray, forecast: np.ndarray) -> tuple[float, float]:
    units = max(float(actual.sum()), 1e-9)
    return float(np.abs(forecast - actual).sum()) / units, float((forecast - actual).sum()) / units


def run(demand: pd.DataFrame, title: str, origins: tuple[str, ...], n_jobs: int) -> dict[str, tuple[float, float]]:
    print(f"\n{title}")
    actuals: list[np.ndarray] = []
    forecasts: dict[str, list[np.ndarray]] = {}
    for origin in origins:
        began = time.perf_counter()
        at = origin_totals(demand, pd.Timestamp(origin), n_jobs)
        actuals.append(at.actual)
        cells = []
        for name, total in at.totals.items():
            forecasts.setdefault(name, []).append(total)
            wape, bias = scores(at.actual, total)
            cells.append(f"{name} {wape:.3f} {bias:+.1%}")
        print(f"  {origin} ({len(at.actual):,} SKUs, {time.perf_counter() - began:.0f} s): " + "; ".join(cells))
        print(f"    bias by weeks since first sale: {by_age(at)}", flush=True)
    pooled_actual = np.concatenate(actuals)
    pooled = {name: scores(pooled_actual, np.concatenate(parts)) for name, parts in forecasts.items()}
    base = pooled[BASELINE][0]
    print(f"  {'pooled':<16}{'WAPE(total)':>12}{'/ 28-day':>10}{'bias':>9}")
    for name, (wape, bias) in pooled.items():
        print(f"  {name:<16}{wape:>12.3f}{wape / base:>10.3f}{bias:>+9.1%}")
    return pooled


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-jobs", type=int, default=2)
    args = parser.parse_args()
    lines = read_order_lines(RETAIL, "online-retail").frame
    demand = daily_demand(lines, "2010-12-01", RETAIL_END)
    run(demand, "Development origins (settings were chosen here)", DEVELOPMENT, args.n_jobs)
    scored = run(demand, "Scored origins (as forecast_accuracy, every eligible SKU)", SCORED, args.n_jobs)
    ratio = scored[DEFAULT][0] / scored[BASELINE][0]
    print(f"ours ({DEFAULT}) / {BASELINE} horizon-total WAPE, scored origins, every eligible SKU: {ratio:.3f}")


if __name__ == "__main__":
    main()
