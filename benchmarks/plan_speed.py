"""Plan speed: the daily plan for 10,000 synthetic SKUs with two years of daily history.

Stages run in order on one shared :class:`PlanState`; each is timed. To add a stage
(replenishment, alerts, advice), append ``Stage("name", function)`` to :data:`STAGES`
(the function takes and fills the state). Baseline in the same run: statsforecast AutoETS
alone (daily, weekly season) on a 500-SKU sample of the same series. Prints seconds per SKU
for both and, last, the ratio ours/AutoETS per SKU. Goals: whole plan < 60 s, peak memory
< 4 GB, ratio <= 0.1 (with full model selection: every candidate at every backtest origin).

Run: .venv/bin/python benchmarks/plan_speed.py [--skus 10000] [--days 730] [--baseline 500] [--n-jobs 2]
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from statsforecast import StatsForecast
from statsforecast.models import AutoETS

from lamplighter.planning.forecast import Forecast, ForecastConfig, forecast_demand
from lamplighter.planning.replenishment.daily_plan import PlanInputs, daily_plan
from lamplighter.planning.replenishment.lanes import Lane
from lamplighter.planning.replenishment.suggestions import OpenOrders, SkuFacts

HORIZON = 90
"""Days forecast: long enough for sea lead times plus a review period."""


@dataclass
class PlanState:
    history: pd.DataFrame
    n_jobs: int
    forecast: Forecast | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    """Where later stages keep their results."""


@dataclass(frozen=True)
class Stage:
    name: str
    run: Callable[[PlanState], None]


def forecast_stage(state: PlanState) -> None:
    state.forecast = forecast_demand(state.history, HORIZON, config=ForecastConfig(n_jobs=state.n_jobs))
    state.extra["lead_time_totals"] = state.forecast.totals_for(35)


def replenishment_stage(state: PlanState) -> None:
    """Reorder points, sea/air suggestions, alerts and ad advice for every SKU (``daily_plan``).

    The synthetic catalog has one supplier per SKU with a sea lane (35 +- 7 days) and an air
    lane (8 +- 2 days), today's stock drawn around 40 days of recent sales, and nothing on
    the water, so every stage has real work (suggestions, stock-out alerts, advice).
    """
    assert state.forecast is not None
    history = state.history
    ids = history["unique_id"].unique()
    wide = history["y"].to_numpy().reshape(len(ids), -1)
    n = len(ids)
    rng = np.random.default_rng(1)
    rate = state.forecast.skus.reindex(ids)["rate"].to_numpy(dtype=np.float64) / 7.0
    facts = SkuFacts(
        skus=tuple(ids),
        unit_cost=rng.uniform(2, 40, n),
        unit_price=rng.uniform(8, 120, n),
        weight_kg=rng.uniform(0.1, 4, n),
        volume_m3=rng.uniform(0.001, 0.03, n),
        case_pack=rng.choice([1.0, 6.0, 12.0], n),
        moq=rng.choice([1.0, 50.0, 100.0], n),
        lithium_standalone=rng.random(n) < 0.02,
    )
    lanes = {"sea": Lane("sea", 35.0, 7.0, 0.4, 90.0), "air": Lane("air", 8.0, 2.0, 5.5, 900.0, False)}
    production = rng.uniform(7, 20, n)
    inputs = PlanInputs(
        today=date(2025, 1, 1),
        facts=facts,
        history=wide,
        on_hand=np.floor(wide[:, -28:].mean(axis=1) * rng.uniform(0, 80, n)),
        incoming=OpenOrders.none(),
        lanes=lanes,
        lead_mean={m: production + lane.transit_mean_days for m, lane in lanes.items()},
        lead_sd={m: np.full(n, lane.transit_sd_days) for m, lane in lanes.items()},
        oldest_stock_days=rng.uniform(0, 400, n),
        forecast_rate=rate,
    )
    plan = daily_plan(inputs)
    state.extra["plan"] = plan
    print(
        f"    {len(plan.suggestions):,} suggestions, {len(plan.alerts):,} alerts, "
        f"advice { ({str(k): int(v) for k, v in plan.advice['action'].value_counts().items()}) }"
    )


STAGES: list[Stage] = [
    Stage("forecast (model selection, quantiles, lead-time totals)", forecast_stage),
    Stage("replenishment, alerts and ad advice (daily_plan)", replenishment_stage),
]


def synthetic_history(skus: int, days: int, seed: int = 0) -> pd.DataFrame:
    """Smooth, trending, seasonal, intermittent and lumpy SKUs (units a day), one frame."""
    rng = np.random.default_rng(seed)
    t = np.arange(days)
    level = rng.lognormal(0.0, 1.5, skus)
    trend = 1 + rng.normal(0, 0.4, skus)[:, None] * t / days
    weekly = 1 + rng.uniform(0, 0.5, skus)[:, None] * np.sin(2 * np.pi * (t % 7) / 7)
    yearly = 1 + rng.uniform(0, 0.4, skus)[:, None] * np.sin(2 * np.pi * t / 365.25)
    rate = np.clip(level[:, None] * trend * weekly * yearly, 0, None)
    lumpy = rng.random(skus) < 0.3
    size = np.where(lumpy[:, None], rng.geometric(0.2, (skus, days)), 1)
    y = rng.poisson(rate / np.where(lumpy[:, None], 5.0, 1.0)) * size
    ids = np.array([f"SKU{i:05d}" for i in range(skus)])
    ds = pd.date_range("2023-01-02", periods=days, freq="D")
    return pd.DataFrame(
        {"unique_id": np.repeat(ids, days), "ds": np.tile(ds.to_numpy(), skus), "y": y.ravel().astype("float64")}
    )


def autoets_baseline(history: pd.DataFrame, sample: int, n_jobs: int) -> tuple[float, int]:
    ids = history["unique_id"].unique()
    chosen = np.random.default_rng(1).choice(ids, min(sample, len(ids)), replace=False)
    frame = history[history["unique_id"].isin(chosen)]
    t0 = time.perf_counter()
    StatsForecast(models=[AutoETS(season_length=7)], freq="D", n_jobs=n_jobs).forecast(df=frame, h=HORIZON)
    return time.perf_counter() - t0, len(chosen)


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (statsforecast's worker pools)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def peak_memory_gb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024**2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skus", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--baseline", type=int, default=500)
    parser.add_argument("--n-jobs", type=int, default=2)
    args = parser.parse_args()
    history = synthetic_history(args.skus, args.days)
    state = PlanState(history=history, n_jobs=args.n_jobs)
    total = cpu_total = 0.0
    for stage in STAGES:
        t0, c0 = time.perf_counter(), cpu_seconds()
        stage.run(state)
        took, cpu = time.perf_counter() - t0, cpu_seconds() - c0
        total += took
        cpu_total += cpu
        print(f"  {stage.name:<60}{took:8.1f} s wall {cpu:8.1f} s CPU", flush=True)
    assert state.forecast is not None
    models = state.forecast.skus["model"].value_counts().to_dict()
    print(f"plan: {args.skus:,} SKUs x {args.days} days in {total:.1f} s wall, {cpu_total:.1f} s CPU (goal < 60 s)")
    print(f"models chosen: {models}; machine load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"peak memory (process + children): {peak_memory_gb():.2f} GB (goal < 4 GB)")
    c0 = cpu_seconds()
    base_s, base_n = autoets_baseline(history, args.baseline, args.n_jobs)
    base_cpu = cpu_seconds() - c0
    ours_per, base_per = total / args.skus, base_s / base_n
    print(f"wall seconds per SKU: ours {ours_per:.5f} (whole plan), AutoETS alone {base_per:.5f} ({base_n} SKUs)")
    print(f"CPU seconds per SKU: ours {cpu_total / args.skus:.5f}, AutoETS alone {base_cpu / base_n:.5f}")
    print(f"ours/AutoETS wall seconds per SKU: {ours_per / base_per:.3f} (goal <= 0.1)")


if __name__ == "__main__":
    main()
