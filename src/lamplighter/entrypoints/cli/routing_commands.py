"""``lamplighter route`` and ``lamplighter batch``: file-based picker routing and order batching."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from lamplighter.adapters.files.layout_file import load_layout
from lamplighter.adapters.files.sprp import read_sprp
from lamplighter.domain.geometry import AislePoint
from lamplighter.entrypoints.cli.output import console, print_json, print_table
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


def register(app: typer.Typer) -> None:
    app.command("route")(route_command)
