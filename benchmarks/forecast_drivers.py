"""Drivers benchmark: the same forecaster with and without known future promotions.

Data: ../shared/data/orange_juice/orange_juice_yx.csv.gz (Dominick's, 83 stores x 11 brands,
weeks 40-160): units = exp(logmove); drivers ``deal`` (in-store promotion) and ``feat``
(feature advertisement), both known in advance (the promotion calendar). Each series' last
12 observed weeks are held out; weeks a store did not report are skipped (a series is its
observed weeks in order). Both runs use the same candidate models, rolling-origin backtest
inside the training weeks (3 origins, 12 weeks apart) and selection by weekly WAPE; the
driver run may also choose each model's ``+X`` twin (lift from a pooled log-linear
regression re-estimated at every origin), and only does so where the backtest says it wins.

Score: WAPE of weekly units over the held-out weeks (primary: promotions move single weeks),
WAPE of the 12-week totals, and bias. Last line: error with drivers / error without.
Run: .venv/bin/python benchmarks/forecast_drivers.py [--n-jobs 2]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from lamplighter.planning.forecast import ForecastConfig
from lamplighter.planning.forecast.periods import forecast_periods

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "orange_juice" / "orange_juice_yx.csv.gz"
HOLDOUT = 12


def load() -> tuple[pd.DataFrame, pd.DataFrame]:
    raw = pd.read_csv(DATA).sort_values(["store", "brand", "week"])
    raw["unique_id"] = raw["store"].astype(str) + "-" + raw["brand"].astype(str)
    count = raw.groupby("unique_id")["week"].transform("size")
    rank = raw.groupby("unique_id").cumcount()
    last = int(count.max()) - 1
    frame = pd.DataFrame(
        {
            "unique_id": raw["unique_id"].to_numpy(),
            "t": (rank - count + 1 + last).to_numpy(),
            "y": np.exp(raw["logmove"].to_numpy()),
            "deal": raw["deal"].to_numpy(dtype="float64"),
            "feat": raw["feat"].to_numpy(dtype="float64"),
        }
    )
    return frame, frame[["unique_id", "t", "deal", "feat"]]


def run(frame: pd.DataFrame, x: pd.DataFrame | None, n_jobs: int) -> tuple[pd.DataFrame, pd.Series]:
    cut = int(frame["t"].max()) - HOLDOUT
    train = frame[frame["t"] <= cut][["unique_id", "t", "y"]]
    test = frame[frame["t"] > cut]
    config = ForecastConfig(
        backtest_windows=3, backtest_step_weeks=HOLDOUT, backtest_horizon_weeks=HOLDOUT, score="period", n_jobs=n_jobs
    )
    result = forecast_periods(train, HOLDOUT, season_length=1, config=config, x=x)
    fc = result.mean.assign(t=cut + result.mean["step"]).merge(test[["unique_id", "t", "y"]], on=["unique_id", "t"])
    return fc, result.choice.groupby("demand_class")["model"].first()


def scores(actual: np.ndarray, fc: np.ndarray, ids: np.ndarray) -> dict[str, float]:
    units = actual.sum()
    totals = pd.DataFrame({"id": ids, "a": actual, "f": fc}).groupby("id")[["a", "f"]].sum()
    return {
        "wape_weekly": float(np.abs(fc - actual).sum() / units),
        "wape_total": float(np.abs(totals["f"] - totals["a"]).sum() / units),
        "bias": float((fc - actual).sum() / units),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-jobs", type=int, default=2)
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"data not found: {DATA}")
    t0 = time.perf_counter()
    frame, x = load()
    results = {}
    for name, drivers in (("without drivers", None), ("with deal+feat", x)):
        fc, chosen = run(frame, drivers, args.n_jobs)
        results[name] = scores(fc["y"].to_numpy(), fc["mean"].to_numpy(), fc["unique_id"].to_numpy())
        print(f"  {name}: chosen per class {chosen.to_dict()}")
    print(f"\norange juice: {frame['unique_id'].nunique()} store-brand series, last {HOLDOUT} weeks held out")
    print(f"  {'model':<18}{'WAPE(week)':>11}{'WAPE(total)':>12}{'bias':>9}")
    for name, s in results.items():
        print(f"  {name:<18}{s['wape_weekly']:>11.3f}{s['wape_total']:>12.3f}{s['bias']:>+9.1%}")
    ratio = results["with deal+feat"]["wape_weekly"] / results["without drivers"]["wape_weekly"]
    print(f"(total {time.perf_counter() - t0:.0f} s; goal: ratio <= 0.90)")
    print(f"with/without drivers weekly WAPE: {ratio:.3f}")


if __name__ == "__main__":
    main()
