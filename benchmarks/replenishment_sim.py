"""Replenishment simulation on the real Online Retail history: ours vs the rules sellers use today.

Data: ../shared/data/online_retail/order_lines_2010-12-01_to_2011-09-30.csv.gz (UCI Online
Retail, Chen, Sain & Guo 2012). Demand = units ordered and not cancelled (cancellations netted,
``planning.demand``). The 300 best-selling products by units ordered BEFORE the measured period
(what a planner could know on 2011-06-01). Every policy starts with no stock on 2011-03-01 (warm-up)
and is measured from 2011-06-01 to 2011-09-30; sea freight only (35 +- 7 days), daily review,
unmet demand lost, lead times drawn once per (day, SKU) and shared by all policies.

Policies: ours at a 97% fill-rate target (``--outlook``: the moment outlook -- the default of
``lamplighter simulate`` and ``plan`` -- the forecasting engine's calibrated quantiles, or both);
``cover`` for N = 10..150 days (the sellers' rule; its fill-vs-stock curve);
``rop`` (daily sales x (lead time + 3 + 14)); textbook ``ss`` at 90/95/97/99% cycle service.

Last line: our average stock (units) / the stock the cover curve needs at our fill rate
(interpolated between the two N that bracket it), for the default (moment) outlook; the line
above it gives the forecasting engine's. Goals: fill >= 0.97 and ratio <= 0.85.

    .venv/bin/python benchmarks/replenishment_sim.py [--outlook moment|forecast|both] [--top 300]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from lamplighter.adapters.files.order_lines import read_order_lines
from lamplighter.planning.demand import daily_demand
from lamplighter.planning.replenishment.lanes import SEA
from lamplighter.planning.simulation.engine import SimulationResult, SimulationSetup, draw_lead_times, simulate
from lamplighter.planning.simulation.setup import SimulationWindow, make_policy, setup_from_demand

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "online_retail"
FILE = DATA / "order_lines_2010-12-01_to_2011-09-30.csv.gz"
WINDOW = SimulationWindow(
    pd.Timestamp("2011-03-01").date(), pd.Timestamp("2011-06-01").date(), pd.Timestamp("2011-09-30").date()
)
COVER_DAYS = (10, 20, 30, 40, 50, 60, 75, 90, 105, 120, 135, 150)
SS_SERVICE = (0.90, 0.95, 0.97, 0.99)


def build_setup(top: int, rank_whole_file: bool = False) -> SimulationSetup:
    lines = read_order_lines(FILE, "online-retail").frame
    first = lines["ordered_at"].min().normalize()
    last = pd.Timestamp(WINDOW.end) + pd.Timedelta(days=1)
    daily = daily_demand(lines, first, last)
    prices = lines[lines["kind"] == "order"].groupby("sku")["unit_price"].median()
    rank_before = last.date() if rank_whole_file else None
    window = SimulationWindow(WINDOW.warmup_start, WINDOW.start, WINDOW.end, top=top, rank_before=rank_before)
    return setup_from_demand(daily, prices, window, {"sea": SEA})


def cover_stock_at(fill: float, curve: list[tuple[float, float]]) -> tuple[float, str]:
    """Stock the cover curve needs for ``fill``: linear between bracketing points, else extrapolated (said so)."""
    points = sorted(curve)
    fills = np.array([f for f, _ in points])
    stocks = np.maximum.accumulate(np.array([s for _, s in points]))
    if fills[0] <= fill <= fills[-1]:
        return float(np.interp(fill, fills, stocks)), "interpolated"
    lo, hi = (0, 1) if fill < fills[0] else (-2, -1)
    slope = (stocks[hi] - stocks[lo]) / max(fills[hi] - fills[lo], 1e-9)
    return float(stocks[hi] + slope * (fill - fills[hi])), "EXTRAPOLATED beyond the curve"


def row(name: str, r: SimulationResult, seconds: float) -> dict[str, object]:
    return {
        "policy": name,
        "fill": round(r.fill_rate, 4),
        "stockout_sku_days": r.stockout_sku_days,
        "avg_stock_units": round(r.avg_stock_units),
        "avg_stock_value": round(r.avg_stock_value),
        "sea_orders": r.orders_by_mode.get("sea", 0),
        "freight": round(r.freight_cost),
        "seconds": round(seconds, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outlook", choices=("moment", "forecast", "both"), default="both")
    parser.add_argument("--top", type=int, default=300)
    parser.add_argument(
        "--rank-whole-file",
        action="store_true",
        help="pick the best sellers on the whole file (includes products launched inside the measured months)",
    )
    args = parser.parse_args()
    if not FILE.exists():
        print(f"skipped: {FILE} not found (the shared data folder is needed)")
        return 0
    began = time.perf_counter()
    setup = build_setup(args.top, args.rank_whole_file)
    draws = draw_lead_times(setup)
    print(
        f"{FILE.name}: {len(setup.skus)} SKUs, warm-up {WINDOW.warmup_start}, measured {WINDOW.start}..{WINDOW.end}, sea 35+-7 days"
    )
    rows, curve = [], []

    def run(name: str, policy_name: str, **kw: object) -> SimulationResult:
        t = time.perf_counter()
        result = simulate(make_policy(policy_name, **kw), setup, draws)  # type: ignore[arg-type]
        rows.append(row(name, result, time.perf_counter() - t))
        return result

    for n in COVER_DAYS:
        r = run(f"cover N={n}", "cover", cover_days=float(n))
        curve.append((r.fill_rate, r.avg_stock_units))
    run("rop", "rop")
    ss = {s: run(f"ss {s:.0%}", "ss", service=s) for s in SS_SERVICE}
    outlooks = ("moment", "forecast") if args.outlook == "both" else (args.outlook,)
    ours = {o: run(f"lamplighter 97% ({o})", "lamplighter", service=0.97, outlook=o) for o in outlooks}
    print(pd.DataFrame(rows).to_string(index=False))
    for s, r in ss.items():
        need, how = cover_stock_at(r.fill_rate, curve)
        print(f"ss {s:.0%}: stock / cover curve at fill {r.fill_rate:.4f} = {r.avg_stock_units / need:.3f} ({how})")
    ratios = {}
    for o, r in ours.items():
        need, how = cover_stock_at(r.fill_rate, curve)
        ratios[o] = r.avg_stock_units / need
        goal = "meets" if r.fill_rate >= 0.97 and ratios[o] <= 0.85 else "MISSES"
        print(
            f"lamplighter ({o}): fill {r.fill_rate:.4f}, stock {r.avg_stock_units:,.0f} vs cover curve {need:,.0f} ({how}): {goal} the goals (fill >= 0.97, ratio <= 0.85)"
        )
    print(f"total {time.perf_counter() - began:.0f} s")
    headline = "moment" if "moment" in ratios else outlooks[0]  # the default of `lamplighter simulate`
    print(f"ratio ours ({headline} outlook) avg stock / cover-curve stock at equal fill: {ratios[headline]:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
