"""Slotting benchmark: metres walked per order line when September 2011 is replayed.

Real data: the Online Retail order lines in ``../shared/data/online_retail`` (Chen, Sain &
Guo 2012). Every product with sales up to 2011-08-31 is slotted into the single-block
layout ``benchmarks/layouts/single_block_11x40x2x4.toml`` (3,520 pick locations) by each
policy, fitted on that history only; then every order of 2011-09 is picked alone on its
optimal route (the exact router of ``planning.routing``). Products first sold in September
are fetched from a reserve location beyond the last aisle.

Second part: the cost of each hard storage rule, as extra walking of the same slotting with
the rule switched off, on the demo seller's generated data and warehouse (last 30 days
replayed, earlier days fitted).

Run: ``.venv/bin/python benchmarks/slotting.py`` (two to three minutes). Last line: ours/abc.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from lamplighter.adapters.files.layout_file import load_layout  # noqa: E402
from lamplighter.adapters.files.order_lines import read_order_lines  # noqa: E402
from lamplighter.domain.layout import Layout  # noqa: E402
from lamplighter.domain.sku import Sku  # noqa: E402
from lamplighter.planning.slotting.policies import (  # noqa: E402
    SlottingOptions,
    SlottingProblem,
    place,
    prepare,
    to_slotting,
)
from lamplighter.planning.slotting.replay import replay  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "online_retail" / "order_lines_2010-12-01_to_2011-09-30.csv.gz"
LAYOUT = ROOT / "benchmarks" / "layouts" / "single_block_11x40x2x4.toml"
DEMO_LAYOUT = ROOT / "src" / "lamplighter" / "demo" / "layout.toml"
SEEDS = (0, 1, 2, 3, 4)
#: Rules measured, by the names ``storage_rules`` gives them (a group is switched off together).
RULE_GROUPS: dict[str, frozenset[str]] = {
    "battery zone (lithium only there, nothing else there)": frozenset(
        {"battery-segregated", "battery-zone-only-batteries", "standalone-lithium-segregated"}
    ),
    "fragile in fragile zone": frozenset({"fragile-in-fragile-zone"}),
    "fragile not on top level": frozenset({"fragile-not-top-level"}),
    "bulky on floor level": frozenset({"bulky-on-floor"}),
    "bulky zone kept for bulky": frozenset({"bulky-zone-only-bulky"}),
    "category zones": frozenset({"category-zone"}),
    "capacity (volume, weight)": frozenset({"capacity-volume", "capacity-weight"}),
}


def metres_per_line(layout: Layout, problem: SlottingProblem, options: SlottingOptions, test: pd.DataFrame) -> float:
    slot, _notes = place(problem, options)
    result = replay(layout, to_slotting(problem, slot).placement, test)
    return result.metres_per_line


def online_retail(search_rounds: int) -> tuple[float, float, float]:
    print(f"data: {DATA.relative_to(ROOT.parent)} (fit < 2011-09-01, replay 2011-09-01 .. 2011-09-30)")
    lines = read_order_lines(DATA, "online-retail").frame
    lines = lines[lines["kind"] == "order"]
    history = lines[lines["ordered_at"] < pd.Timestamp("2011-09-01")]
    september = lines[
        (lines["ordered_at"] >= pd.Timestamp("2011-09-01")) & (lines["ordered_at"] < pd.Timestamp("2011-10-01"))
    ]
    layout = load_layout(LAYOUT)
    # A fixed number of search rounds (not seconds) so the result does not depend on the machine.
    options = SlottingOptions(search_seconds=900.0, search_rounds=search_rounds)
    started = time.monotonic()
    problem = prepare([], layout, history, options)
    new = ~september["sku"].isin(history["sku"])
    print(
        f"layout: {layout.name}, {len(problem.slots):,} pick locations; {len(problem.skus):,} SKUs slotted; "
        f"September: {september['order_id'].nunique():,} orders, {len(september):,} lines "
        f"({int(new.sum()):,} lines of {september.loc[new, 'sku'].nunique()} new products from reserve)"
    )
    results: dict[str, float] = {}
    for policy in ("random", "abc"):
        runs = [metres_per_line(layout, problem, replace(options, policy=policy, seed=s), september) for s in SEEDS]
        results[policy] = float(np.mean(runs))
        print(f"  {policy:<12} {results[policy]:7.3f} m/line (mean of seeds {SEEDS}, spread {np.ptp(runs):.3f})")
    results["coi"] = metres_per_line(layout, problem, replace(options, policy="coi"), september)
    print(f"  {'coi':<12} {results['coi']:7.3f} m/line")
    slot, notes = place(problem, options)
    ours = replay(layout, to_slotting(problem, slot).placement, september)
    results["lamplighter"] = ours.metres_per_line
    print(f"  {'lamplighter':<12} {ours.metres_per_line:7.3f} m/line")
    for note in notes:
        print(f"      {note}")
    print(f"  (all policies in {time.monotonic() - started:.0f} s)")
    for name in ("coi", "lamplighter"):
        print(f"{name}: {results[name] / results['random']:.3f}x random, {results[name] / results['abc']:.3f}x abc")
    return results["lamplighter"], results["random"], results["abc"]


def rule_costs(search_seconds: float) -> None:
    from lamplighter.demo.catalog import to_skus
    from lamplighter.demo.exports import sales_lines
    from lamplighter.demo.generator import generate_demo

    world = generate_demo()
    skus: list[Sku] = to_skus(world.skus)
    lines = sales_lines(world)
    lines = lines[lines["kind"] == "order"]
    split = lines["ordered_at"].max() - pd.Timedelta(days=30)
    history, test = lines[lines["ordered_at"] <= split], lines[lines["ordered_at"] > split]
    layout = load_layout(DEMO_LAYOUT)
    options = SlottingOptions(search_seconds=search_seconds)
    base_problem = prepare(skus, layout, history, options)
    base = metres_per_line(layout, base_problem, options, test)
    print(
        f"\ncost of each hard rule (demo data: {len(skus)} SKUs, {len(test):,} lines of the last 30 days replayed; "
        f"lamplighter policy with all rules: {base:.3f} m/line)"
    )
    for name, rules in RULE_GROUPS.items():
        without = replace(options, ignore_rules=rules)
        loose = metres_per_line(layout, prepare(skus, layout, history, without), without, test)
        print(f"  {name:<55} +{base - loose:6.3f} m/line ({(base - loose) / loose:+.1%}) vs {loose:.3f} without it")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--search-rounds", type=int, default=120, help="local search rounds of the lamplighter policy")
    parser.add_argument("--skip-rules", action="store_true", help="skip the cost-of-rules part")
    args = parser.parse_args()
    if not DATA.exists():
        print(f"skipped: {DATA} is absent (the benchmark needs ../shared/data)")
        return
    ours, _random, abc = online_retail(args.search_rounds)
    if not args.skip_rules:
        rule_costs(0.0)  # velocity placement only: the search's randomness would blur small rule costs
    print(f"ours/abc: {ours / abc:.3f}")


if __name__ == "__main__":
    main()
