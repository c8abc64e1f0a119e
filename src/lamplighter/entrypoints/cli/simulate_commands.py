"""``lamplighter simulate``: replay real demand day by day under a replenishment policy, no database needed."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from lamplighter.adapters.files.order_formats import FORMATS, OrderFileFormat
from lamplighter.entrypoints.cli.output import err_console, print_json, print_table
from lamplighter.planning.simulation.names import OUTLOOKS, POLICIES

if TYPE_CHECKING:  # the simulation loads pandas and scipy: imported when the command runs
    from lamplighter.planning.simulation.engine import SimulationResult
    from lamplighter.planning.simulation.setup import SimulationWindow


def simulate_command(
    orders: Path = typer.Option(..., "--orders", help="Order-lines file (CSV, CSV.gz, or Excel for tiktok)."),
    fmt: str = typer.Option(..., "--format", help=f"File format: {' | '.join(FORMATS)}."),
    warmup_start: datetime = typer.Option(..., "--warmup-start", help="First simulated day: stock builds from zero."),
    start: datetime = typer.Option(..., "--start", help="First measured day."),
    end: datetime = typer.Option(..., "--end", help="Last measured day (included)."),
    policy: str = typer.Option("lamplighter", "--policy", help=f"Policy: {' | '.join(POLICIES)}."),
    cover_days: float = typer.Option(30.0, "--cover-days", min=1.0, help="N of the cover policy (days of sales)."),
    service: float = typer.Option(
        0.97, "--service", min=0.5, max=0.9999, help="lamplighter: fill-rate target; ss: cycle service level."
    ),
    lanes: Path | None = typer.Option(None, "--lanes", help="Lanes CSV (default: sea 35+-7 days, air 8+-2)."),
    sea_only: bool = typer.Option(False, "--sea-only", help="Ignore air lanes."),
    top: int | None = typer.Option(None, "--top", min=1, help="Only the N best sellers before --start."),
    outlook: str = typer.Option("moment", "--outlook", help=f"lamplighter's demand outlook: {' | '.join(OUTLOOKS)}."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable result on stdout."),
) -> None:
    """Simulate a replenishment POLICY on real demand: fill rate, stock-outs, stock held, orders, freight."""
    if fmt not in FORMATS:
        raise typer.BadParameter(f"expected one of {', '.join(FORMATS)}, got {fmt!r}", param_hint="--format")
    if policy not in POLICIES:
        raise typer.BadParameter(f"expected one of {', '.join(POLICIES)}, got {policy!r}", param_hint="--policy")
    import pandas as pd

    from lamplighter.adapters.files.lanes_file import load_simulation_lanes
    from lamplighter.adapters.files.order_lines import read_order_lines
    from lamplighter.planning.demand import daily_demand
    from lamplighter.planning.simulation.engine import simulate
    from lamplighter.planning.simulation.setup import SimulationWindow, make_policy, setup_from_demand

    window = SimulationWindow(warmup_start.date(), start.date(), end.date(), top=top)
    loaded = load_simulation_lanes(lanes)
    chosen = {m: lane for m, lane in loaded.lanes.items() if not (sea_only and m != "sea")}
    last = pd.Timestamp(window.end) + pd.Timedelta(days=1)
    read = read_order_lines(orders, cast(OrderFileFormat, fmt), until=last.to_pydatetime())
    if read.frame.empty:
        raise ValueError(f"{orders}: no order lines before {last.date()}")
    first = read.frame["ordered_at"].min().normalize()
    daily = daily_demand(read.frame, first, last)
    prices = read.frame[read.frame["kind"] == "order"].groupby("sku")["unit_price"].median()
    setup = setup_from_demand(daily, prices, window, chosen, loaded.production_mean_days, loaded.production_sd_days)
    rule = make_policy(policy, service=service, cover_days=cover_days, outlook=outlook)
    with Progress(
        TextColumn(f"simulating {policy} on {len(setup.skus):,} SKUs"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        disable=as_json,
    ) as progress:
        task = progress.add_task("days", total=setup.end - setup.warmup)
        result = simulate(rule, setup, on_day=lambda done, _total: progress.update(task, completed=done))
    summary = _summary(result, orders, window, policy, service, cover_days, chosen, len(setup.skus))
    if as_json:
        print_json(summary)
        return
    print_table(
        f"{policy} on {orders.name}, {window.start} to {window.end}",
        [{"what": k, "value": v} for k, v in _flat(summary).items()],
    )


def _summary(
    result: SimulationResult,
    orders: Path,
    window: SimulationWindow,
    policy: str,
    service: float,
    cover_days: float,
    lanes: dict[str, Any],
    skus: int,
) -> dict[str, Any]:
    return {
        "orders_file": str(orders),
        "policy": policy,
        "service": service,
        "cover_days": cover_days if policy == "cover" else None,
        "warmup_start": window.warmup_start,
        "start": window.start,
        "end": window.end,
        "skus": skus,
        "lanes": {m: f"{lane.transit_mean_days:g}+-{lane.transit_sd_days:g} days" for m, lane in lanes.items()},
        **result.as_dict(),
    }


def _flat(summary: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in summary.items():
        if value is None or key == "policy":
            continue
        if isinstance(value, dict):
            out[key.replace("_", " ")] = ", ".join(f"{k} {_num(v)}" for k, v in value.items())
        else:
            out[key.replace("_", " ")] = _num(value) if isinstance(value, float) else value
    return out


def _num(value: object) -> str:
    if isinstance(value, float) and 0.0 < value < 1.0:
        return f"{value:.4f}"  # rates: fill rate, service
    if isinstance(value, float):
        return f"{value:,.0f}"
    return str(value)


def register(app: typer.Typer) -> None:
    app.command("simulate")(simulate_command)
