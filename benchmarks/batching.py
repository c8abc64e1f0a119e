"""Order batching benchmark on the busiest days of the real Online Retail history.

Each day's invoices are that day's orders. Warehouse: benchmarks/layouts/single_block_11x40x2x4.toml.
Placement (``--placement``): ``abc`` (the default, as issue 5 asks: the slotting engine's
``abc`` policy, seed 0, fitted on the whole file: 20/30/50% of SKUs by pick frequency, class A
nearest the packing station, random within a class), ``frequency`` (SKUs ranked by order lines,
most picked nearest the packing station, golden levels first within a bay), or a sku,location
CSV. SKUs a placement leaves out (more SKUs than the 3,520 locations) share the farthest location. Cart: at most 8 orders and 60 lines;
larger orders go alone. Every method's trips are routed exactly. Methods, in one run: FCFS
single-order trips, FCFS batches, seed, Clarke–Wright savings, savings + shift/swap local
search, and ours (ALNS on routed length from savings + LS, with two-cart re-splits).

    .venv/bin/python benchmarks/batching.py [--days 3] [--seconds 60] [--placement abc|frequency|FILE]

Last line: ours / single-order trips, ours / FCFS batches, ours / savings + LS (worst day).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pandas as pd

from lamplighter.adapters.files.assignment_csv import read_assignment
from lamplighter.adapters.files.layout_file import load_layout
from lamplighter.adapters.files.order_lines import read_order_lines
from lamplighter.domain.geometry import AislePoint
from lamplighter.domain.layout import Layout
from lamplighter.planning.batching import BATCH_METHODS, CartCapacity, SearchOptions, TripLengths, batch_orders
from lamplighter.planning.batching.day_orders import busiest_days, day_orders
from lamplighter.planning.slotting.policies import SlottingOptions, place, prepare, to_slotting

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "online_retail" / "order_lines_2010-12-01_to_2011-09-30.csv.gz"
LAYOUT = ROOT / "benchmarks" / "layouts" / "single_block_11x40x2x4.toml"
ORDER = ["single", "fcfs", "seed", "savings", "savings-ls", "lamplighter"]


def frequency_placement(layout: Layout, lines: pd.DataFrame) -> dict[str, AislePoint]:
    """Most-picked SKUs at the locations nearest the depot (golden levels first)."""
    golden = set(layout.geometry.golden_levels)
    locations = sorted(
        layout.locations.values(),
        key=lambda loc: (layout.grid.distance(layout.grid.depot, loc.point), loc.level not in golden, loc.label),
    )
    ranked = lines[lines["kind"] == "order"]["sku"].value_counts().index
    n = len(locations)
    return {str(sku): locations[r if r < n else n - 1 - (r - n) % n].point for r, sku in enumerate(ranked)}


def abc_placement(layout: Layout, lines: pd.DataFrame) -> dict[str, str]:
    """The slotting engine's ``abc`` policy (seed 0) fitted on every order line of the file."""
    options = SlottingOptions(policy="abc", seed=0)
    problem = prepare([], layout, lines[lines["kind"] == "order"], options)
    slot, _notes = place(problem, options)
    return to_slotting(problem, slot).placement


def labelled_placement(layout: Layout, labels: dict[str, str], lines: pd.DataFrame, name: str) -> dict[str, AislePoint]:
    """A sku -> location placement; SKUs it leaves out (more SKUs than locations) share the farthest location."""
    placement = {sku: layout.location(code).point for sku, code in labels.items()}
    farthest = max(
        (loc.point for loc in layout.locations.values()), key=lambda p: layout.grid.distance(layout.grid.depot, p)
    )
    missing = set(lines["sku"]) - set(placement)
    print(
        f"{name}: {len(placement)} SKUs placed; {len(missing)} SKUs of the order file are not, they go to the farthest location"
    )
    return {**dict.fromkeys(missing, farthest), **placement}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--days", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=60.0, help="our search budget per day (CPU seconds)")
    parser.add_argument("--placement", default="abc", help="abc (default), frequency, or a sku,location CSV file")
    args = parser.parse_args()
    if not DATA.exists():
        raise SystemExit(f"needs {DATA}")
    layout = load_layout(LAYOUT)
    frame = read_order_lines(DATA, "online-retail").frame
    if args.placement == "frequency":
        placement = frequency_placement(layout, frame)
    elif args.placement == "abc":
        placement = labelled_placement(layout, abc_placement(layout, frame), frame, "abc")
    else:
        placement = labelled_placement(layout, read_assignment(Path(args.placement)), frame, args.placement)
    capacity = CartCapacity(orders=8, lines=60)
    print(f"orders: {DATA.name}; layout: {layout.name}; placement: {args.placement}")
    print(f"cart: {capacity.orders} orders, {capacity.lines} lines; ours searches {args.seconds:g} CPU s per day")
    ratios: list[tuple[float, float, float]] = []
    for day in busiest_days(frame, args.days):
        orders = day_orders(frame, day, placement)
        lines = sum(o.lines for o in orders)
        lengths = TripLengths(layout.grid, orders)
        print(f"\n{day}: {len(orders)} orders, {lines} lines")
        metres: dict[str, float] = {}
        for method in ORDER:
            assert method in BATCH_METHODS
            start = time.process_time()
            plan = batch_orders(layout.grid, orders, capacity, method, SearchOptions(seconds=args.seconds), lengths)
            metres[method] = plan.total
            print(
                f"  {method:12s} {len(plan.batches):4d} trips {plan.total:10.1f} m  {plan.total / lines:6.2f} m/line"
                f"  {time.process_time() - start:6.1f} CPU s"
            )
        ours = metres["lamplighter"]
        ratios.append((ours / metres["single"], ours / metres["fcfs"], ours / metres["savings-ls"]))
        print(
            f"  ours/single {ratios[-1][0]:.3f}  ours/fcfs {ratios[-1][1]:.3f}  ours/savings-ls {ratios[-1][2]:.3f}"
            f"  (savings-ls/single {metres['savings-ls'] / metres['single']:.3f}, savings-ls/fcfs {metres['savings-ls'] / metres['fcfs']:.3f})"
        )
    worst = tuple(max(r[i] for r in ratios) for i in range(3))
    print(
        f"\nworst day: ours/single {worst[0]:.3f} (goal <= 0.50), ours/fcfs {worst[1]:.3f} (goal <= 0.80), ours/savings-ls {worst[2]:.3f} (goal <= 0.98)"
    )


if __name__ == "__main__":
    main()
