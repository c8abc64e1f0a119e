"""``lamplighter route`` and ``lamplighter batch``: file-based picker routing and order batching."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, cast

import typer

from lamplighter.adapters.files.layout_file import load_layout
from lamplighter.adapters.files.order_formats import FORMATS, OrderFileFormat
from lamplighter.adapters.files.sprp import read_sprp
from lamplighter.domain.geometry import AislePoint
from lamplighter.entrypoints.cli.output import console, print_json, print_table
from lamplighter.planning.batching import BATCH_METHODS, CartCapacity, SearchOptions, batch_orders
from lamplighter.planning.routing import METHODS, route

_METHOD_HELP = "Routing method: " + "|".join(METHODS) + "."


def route_command(
    layout: Path | None = typer.Option(None, "--layout", help="Layout TOML file."),
    picks: str | None = typer.Option(
        None, "--picks", help="Comma-separated location codes, e.g. A-01-02-03,B-02-01-05."
    ),
    sprp: Path | None = typer.Option(None, "--sprp", help="An instance in the SPRP format (Heßler & Irnich)."),
    two_block: bool = typer.Option(
        False, "--two-block", help="SPRP: add the middle cross aisle of the two-block variant."
    ),
    method: str = typer.Option("exact", "--method", help=_METHOD_HELP),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
) -> None:
    """Shortest picker tour from the packing station through the picks and back (or a heuristic's)."""
    if method not in METHODS:
        raise typer.BadParameter(f"{method!r} is not one of {', '.join(METHODS)}", param_hint="--method")
    if (sprp is None) == (layout is None):
        raise typer.BadParameter("give either --layout with --picks, or --sprp", param_hint="--layout/--sprp")
    labels: list[str]
    points: list[AislePoint]
    if sprp is not None:
        instance = read_sprp(sprp, two_block)
        grid, points, units = instance.grid, list(instance.points), "instance units"
        labels = [f"article {a}" for a in instance.articles]
    else:
        assert layout is not None
        if not picks:
            raise typer.BadParameter("list the locations to visit", param_hint="--picks")
        loaded = load_layout(layout)
        locations = [loaded.location(code) for code in picks.split(",") if code.strip()]
        grid, points, units = loaded.grid, [loc.point for loc in locations], "m"
        labels = [loc.label for loc in locations]
    tour = route(grid, points, method)
    stops = [{"stop": n + 1, "pick": labels[i], "leg": tour.legs[n]} for n, i in enumerate(tour.order)]
    _show_tour(method, tour.length, units, stops, tour.legs[-1], as_json)


def _show_tour(method: str, length: float, units: str, stops: list[dict[str, Any]], back: float, as_json: bool) -> None:
    if as_json:
        print_json({"method": method, "length": length, "units": units, "stops": stops, "return_leg": back})
        return
    print_table(
        f"{method} tour: {length:,.2f} {units}", [*stops, {"stop": len(stops) + 1, "pick": "(depot)", "leg": back}]
    )
    console.print(f"total {length:,.2f} {units}")


def batch_command(
    layout: Path = typer.Option(..., "--layout", help="Layout TOML file."),
    assignment: Path = typer.Option(
        ..., "--assignment", help="CSV with columns sku,location (where each SKU is picked)."
    ),
    orders: Path = typer.Option(..., "--orders", help="Order-line file."),
    fmt: str = typer.Option("lines", "--format", help="Order file format: " + "|".join(FORMATS) + "."),
    day: datetime = typer.Option(..., "--day", formats=["%Y-%m-%d"], help="Batch the orders placed on this day."),
    capacity_orders: int = typer.Option(8, "--capacity-orders", min=1, help="Orders (totes) per cart."),
    capacity_lines: int = typer.Option(60, "--capacity-lines", min=1, help="Order lines per cart."),
    method: str = typer.Option("lamplighter", "--method", help="Batching method: " + "|".join(BATCH_METHODS) + "."),
    seconds: float = typer.Option(
        20.0, "--seconds", min=0.0, help="Search time for --method lamplighter (CPU seconds)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
) -> None:
    """Group a day's orders into picker trips under cart capacity; every trip routed exactly."""
    if method not in BATCH_METHODS:
        raise typer.BadParameter(f"{method!r} is not one of {', '.join(BATCH_METHODS)}", param_hint="--method")
    if fmt not in FORMATS:
        raise typer.BadParameter(f"{fmt!r} is not one of {', '.join(FORMATS)}", param_hint="--format")
    # pandas-backed readers load when the command runs: every other command starts faster
    from lamplighter.adapters.files.assignment_csv import read_assignment
    from lamplighter.adapters.files.order_lines import read_order_lines
    from lamplighter.planning.batching.day_orders import day_orders

    loaded = load_layout(layout)
    placement = {sku: loaded.location(code).point for sku, code in read_assignment(assignment).items()}
    lines = read_order_lines(orders, cast(OrderFileFormat, fmt)).frame
    day_list = day_orders(lines, day.date(), placement)
    if not day_list:
        raise typer.BadParameter(f"{orders}: no orders on {day.date()}", param_hint="--day")
    capacity = CartCapacity(orders=capacity_orders, lines=capacity_lines)
    plan = batch_orders(loaded.grid, day_list, capacity, method, SearchOptions(seconds=seconds))
    total_lines = sum(o.lines for o in day_list)
    rows = [
        {
            "trip": n + 1,
            "orders": [day_list[i].order_id for i in batch],
            "lines": sum(day_list[i].lines for i in batch),
            "metres": length,
            "alone": len(batch) == 1 and batch[0] in plan.alone,
        }
        for n, (batch, length) in enumerate(zip(plan.batches, plan.lengths, strict=True))
    ]
    summary = {
        "method": method,
        "day": day.date().isoformat(),
        "orders": len(day_list),
        "lines": total_lines,
        "trips": len(rows),
        "metres": plan.total,
        "metres_per_line": plan.total / total_lines,
    }
    if as_json:
        print_json({**summary, "batches": rows})
        return
    shown = [
        {**r, "orders": ", ".join(day_list[i].order_id for i in b), "alone": "yes" if r["alone"] else ""}
        for r, b in zip(rows, plan.batches, strict=True)
    ]
    print_table(f"{method}: {len(rows)} trips on {summary['day']}", shown)
    console.print(f"total {plan.total:,.1f} m for {total_lines:,} lines ({plan.total / total_lines:.2f} m/line)")


def register(app: typer.Typer) -> None:
    app.command("route")(route_command)
    app.command("batch")(batch_command)
