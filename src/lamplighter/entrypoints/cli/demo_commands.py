"""``lamplighter demo``: build the demo lighting seller and show what a user looks at first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Annotated, Any

import typer
from rich.table import Table

from lamplighter.config import database_url
from lamplighter.demo import scenarios as sc
from lamplighter.demo.generator import DemoParams
from lamplighter.entrypoints.cli.database import JsonOption
from lamplighter.entrypoints.cli.output import console, print_json
from lamplighter.entrypoints.errors import register as register_error
from lamplighter.services.demo import (
    DemoBuilt,
    DemoDatabaseInUse,
    DemoOverview,
    build_demo,
    demo_overview,
    open_fresh_store,
)

DEFAULT_DEMO_DB = "demo.sqlite"


def demo(
    db: Annotated[
        str, typer.Option("--db", help="SQLite file (rebuilt each run) or an empty database's URL.")
    ] = DEFAULT_DEMO_DB,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the generator: same seed, same demo.")] = sc.DEFAULT_SEED,
    fresh: Annotated[bool, typer.Option("--fresh", help="Replace the SQLite file even if it is not a demo's.")] = False,
    days: Annotated[int, typer.Option("--days", min=60, help="Days of sales history before today.")] = 365,
    as_json: JsonOption = False,
) -> None:
    """Build a realistic lighting seller (a year of TikTok orders and ads, stock placed by the rules) and show it."""
    uow = open_fresh_store(database_url(db), replace=fresh)
    params = DemoParams(seed=seed, history_days=days)
    if as_json:
        built = build_demo(uow, params)
    else:
        with console.status(f"Building the demo seller (seed {seed}) in {db} ..."):
            built = build_demo(uow, params)
    overview = demo_overview(uow, built.now)
    if as_json:
        print_json({"built": _built_dict(built), "overview": asdict(overview)})
        return
    _show(built, overview, db)


def _built_dict(built: DemoBuilt) -> dict[str, Any]:
    data = asdict(built)
    data["params"] = {"seed": built.params.seed, "today": built.params.today, "history_days": built.params.history_days}
    return data


def _show(built: DemoBuilt, overview: DemoOverview, db: str) -> None:
    total = sum(built.seconds.values())
    console.print(
        f"[bold]Lamplighter demo[/bold] in [cyan]{db}[/cyan] (seed {built.params.seed}), built in {total:.1f} s.\n"
        f"It is [bold]{built.now:%A %d %B %Y, %H:%M}[/bold], a week before Black Friday. "
        f"{built.skus} SKUs on {built.locations:,} locations; {built.units_placed:,} units on the shelves "
        f"({built.placements:,} placements by the storage rules); {built.sales_lines:,} sales lines and "
        f"{built.ad_days:,} ad days of history; {built.returns_waiting} returns waiting for QC and "
        f"{built.units_in_staging:,} units from this morning's container waiting for putaway."
    )
    _table("Stock by zone", overview.stock_by_zone, _ZONE_COLUMNS)
    _table(f"Top sellers, last 30 days to {overview.now:%d %b}", overview.top_sellers, _SKU_COLUMNS)
    _table("Low stock: under 7 days of cover at that pace", overview.low_stock, _SKU_COLUMNS)
    report = built.allocation
    console.print(
        f"[bold]Open orders[/bold]: {built.open_orders} since yesterday's 14:00 cut-off, "
        f"{len(report.complete)} allocated in full ({report.reserved_units:,} units reserved, first due first), "
        f"{len(report.partial)} short of stock; [bold]{overview.open_orders['due_today']} must ship today[/bold]."
    )
    due = overview.open_orders["due_today"]
    _table("Due to ship today, soonest first", overview.due_today, _ORDER_COLUMNS, limit=8, total=due)
    _table("The handbook's stories in this data", overview.stories, _STORY_COLUMNS)
    _next_steps(db, built.container)


Column = tuple[str, str, Callable[[Any], str]]


def _text(limit: int) -> Callable[[Any], str]:
    return lambda value: str(value) if len(str(value)) <= limit else str(value)[: limit - 1] + "…"


def _number(digits: int = 0) -> Callable[[Any], str]:
    return lambda value: f"{float(value):,.{digits}f}"


def _clock(value: Any) -> str:
    return f"{value:%a %H:%M}"


_ZONE_COLUMNS: list[Column] = [
    ("zone", "zone", str),
    ("name", "", _text(24)),
    ("skus", "SKUs", _number()),
    ("locations_used", "used", str),
    ("on_hand", "on hand", _number()),
    ("reserved", "reserved", _number()),
    ("volume_full", "full", str),
]
_SKU_COLUMNS: list[Column] = [
    ("sku", "SKU", str),
    ("name", "", _text(30)),
    ("sold_per_day", "a day", _number(1)),
    ("available", "available", _number()),
    ("days_of_cover", "days", _number(1)),
]
_ORDER_COLUMNS: list[Column] = [
    ("order", "TikTok order", lambda ref: str(ref).partition(":")[2]),
    ("status", "status", str),
    ("paid", "paid", _clock),
    ("ship_by", "ship by", _clock),
    ("lines", "lines", _number()),
    ("units", "units", _number()),
]
_STORY_COLUMNS: list[Column] = [("story", "story", str), ("sku", "SKU", _text(20)), ("today", "this morning", str)]


def _table(
    title: str, rows: list[dict[str, Any]], columns: list[Column], limit: int = 12, total: int | None = None
) -> None:
    """A compact Rich table; numbers right-aligned, long names cut so it fits 80 columns."""
    if not rows:
        console.print(f"[bold]{title}[/bold]: none")
        return
    table = Table(title=title, title_justify="left", header_style="bold cyan", title_style="bold")
    for key, header, _format in columns:
        numeric = all(isinstance(r.get(key), int | float) for r in rows)
        table.add_column(header, justify="right" if numeric else "left", no_wrap=key != "today", min_width=len(header))
    for row in rows[:limit]:
        table.add_row(*[fmt(row[key]) for key, _header, fmt in columns])
    total = len(rows) if total is None else total
    if total > limit:
        table.caption = f"... and {total - limit} more"
    console.print(table)


_NEXT = (
    ("stock", "stock --db {db} --zone A", "the golden zone"),
    ("putaway", "putaway {container} --db {db}", "where this morning's container goes"),
    ("wave", "wave release --db {db} --max-orders 48", "pick lists for the first orders due"),
    ("slot", "slot --db {db} --max-moves 20", "re-slotting moves and the walking they save"),
    ("plan", "plan --db {db}", "forecast, replenishment, alerts, ad advice"),
    ("check", "check --db {db}", "the ledger, recomputed from its moves"),
    ("serve", "serve --db {db}", "the dashboard"),
)
_app: typer.Typer | None = None


def _next_steps(db: str, container: str) -> None:
    """Suggest only the commands this installation has."""
    have = _command_names(_app) if _app is not None else set()
    console.print("\n[bold]Next[/bold]:")
    for name, line, why in _NEXT:
        if name in have:
            console.print(f"  [cyan]lamplighter {line.format(db=db, container=container)}[/cyan]  [dim]# {why}[/dim]")


def _command_names(app: typer.Typer) -> set[str]:
    names = {c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands}
    return names | {g.name or "" for g in app.registered_groups}


def register(app: typer.Typer) -> None:
    global _app
    _app = app
    register_error(DemoDatabaseInUse, 2, 409)
    app.command("demo")(demo)
