"""``lamplighter demo``: build the demo lighting seller and show what a user looks at first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from lamplighter.config import database_url
from lamplighter.demo import scenarios as sc
from lamplighter.entrypoints.cli.database import JsonOption
from lamplighter.entrypoints.cli.output import console, print_json

if TYPE_CHECKING:  # the services load the forecasting stack: imported when the command runs
    import pandas as pd

    from lamplighter.services.demo import DemoBuilt
    from lamplighter.services.demo_overview import DemoOverview
    from lamplighter.services.planning_cycle import PlanningCycleResult

DEFAULT_DEMO_DB = "demo.sqlite"
PLAN_ROWS = 6
_WRAPPING = frozenset({"today", "reason", "message"})  # sentences wrap; codes and numbers never do


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
    from lamplighter.services.demo import build_demo, open_fresh_store, plan_the_demo_day
    from lamplighter.services.demo_overview import demo_overview

    uow = open_fresh_store(database_url(db), replace=fresh)
    from lamplighter.demo.generator import DemoParams

    params = DemoParams(seed=seed, history_days=days)
    if as_json:
        built = build_demo(uow, params)
    else:
        with console.status(f"Building the demo seller (seed {seed}) in {db} ..."):
            built = build_demo(uow, params)
    if as_json:
        planned = plan_the_demo_day(uow, built)
    else:
        with console.status("Planning the day: forecasts, purchases, alerts, ad advice ..."):
            planned = plan_the_demo_day(uow, built)
    overview = demo_overview(uow, built.now)
    if as_json:
        print_json({"built": _built_dict(built), "overview": asdict(overview), "plan": _plan_dict(planned)})
        return
    _show(built, overview, db)
    _show_plan(planned)
    _next_steps(db, built.container, built.params.today)


def _plan_dict(planned: PlanningCycleResult, top: int = PLAN_ROWS) -> dict[str, Any]:
    return {
        "run_id": planned.run_id,
        "run_date": planned.run_date,
        "summary": planned.summary,
        "purchases": _records(planned.plan.suggestions.head(top)),
        "alerts": _records(planned.plan.alerts.head(top)),
        "ad_advice": _records(_urgent_advice(planned.plan.advice).head(top)),
    }


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    return [{str(k): v for k, v in row.items()} for row in rows]


def _urgent_advice(advice: pd.DataFrame) -> pd.DataFrame:
    """Pause first, then throttle, scale and clearance, soonest stock-out first; 'hold' left out."""
    rank = advice["action"].map({"pause": 0, "throttle": 1, "scale": 2, "clearance": 3}).fillna(9)
    ranked = advice.assign(_rank=rank).sort_values(["_rank", "days_of_cover"], kind="stable")
    return ranked[ranked["_rank"] < 9].drop(columns="_rank")


def _show_plan(planned: PlanningCycleResult) -> None:
    s = planned.summary
    console.print(
        f"\n[bold]Plan for {planned.run_date:%d %b}[/bold] (run {planned.run_id}, demand from {s['rates_from']}): "
        f"{s['orders']['sea']} sea and {s['orders']['air']} air purchases, "
        f"{s['units']['sea']:,} + {s['units']['air']:,} units, {s['spend']:,.0f} goods and freight; "
        f"planned fill rate {s['planned_fill']:.1%}."
    )
    _table("Most urgent purchases", _records(planned.plan.suggestions), _PURCHASE_COLUMNS, limit=PLAN_ROWS)
    _table("Alerts", _records(planned.plan.alerts), _ALERT_COLUMNS, limit=PLAN_ROWS)
    _table("Ad advice", _records(_urgent_advice(planned.plan.advice)), _ADVICE_COLUMNS, limit=PLAN_ROWS)
    _table("What the plan says about the stories", _story_plans(planned), _STORY_PLAN_COLUMNS)


def _story_plans(planned: PlanningCycleResult) -> list[dict[str, Any]]:
    """The scenario SKUs' purchases and ad advice, side by side."""
    suggestions, advice = planned.plan.suggestions, planned.plan.advice.set_index("sku")
    rows = []
    for sku in (sc.VIRAL_SUNSET_LAMP, sc.CHRISTMAS_LED_STRIP, *sc.HERO_LAMPS[:1]):
        mine = suggestions[suggestions["sku"] == sku]
        buys = ", ".join(f"{int(q):,} by {m}" for m, q in zip(mine["mode"], mine["quantity"], strict=True))
        why = "; ".join(str(r) for r in mine["reason"]) or "nothing to buy today"
        action = str(advice.at[sku, "action"]) if sku in advice.index else ""
        rows.append({"sku": sku, "buy": buys or "-", "ads": action, "reason": why})
    return rows


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
_PURCHASE_COLUMNS: list[Column] = [
    ("sku", "SKU", str),
    ("mode", "by", str),
    ("quantity", "units", _number()),
    ("stockout_in_days", "out in", lambda v: "" if v is None else f"{float(v):.0f} d"),
    ("reason", "why", str),
]
_ALERT_COLUMNS: list[Column] = [("sku", "SKU", str), ("kind", "alert", str), ("message", "why", str)]
_ADVICE_COLUMNS: list[Column] = [("sku", "SKU", str), ("action", "ads", str), ("reason", "why", str)]
_STORY_PLAN_COLUMNS: list[Column] = [
    ("sku", "SKU", str),
    ("buy", "buy", str),
    ("ads", "ads", str),
    ("reason", "why", str),
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
    shown = rows[:limit]
    cells = [[fmt(row[key]) for key, _header, fmt in columns] for row in shown]
    for i, (key, header, _format) in enumerate(columns):
        numeric = all(isinstance(r.get(key), int | float) for r in shown)
        # Codes and numbers keep their width; sentences wrap in what is left.
        widest = max([len(header), *(len(line[i]) for line in cells)])
        wraps = key in _WRAPPING
        table.add_column(
            header,
            justify="right" if numeric else "left",
            no_wrap=not wraps,
            min_width=None if wraps else min(widest, 32),
        )
    for line in cells:
        table.add_row(*line)
    total = len(rows) if total is None else total
    if total > limit:
        table.caption = f"... and {total - limit} more"
    console.print(table)


_NEXT = (
    ("stock", "stock --db {db} --zone A", "the golden zone"),
    ("putaway", "putaway {container} --db {db}", "where this morning's container goes"),
    ("wave", "wave release --db {db} --max-orders 48", "pick lists for the first orders due"),
    ("slot", "slot --db {db} --max-moves 20", "re-slotting moves and the walking they save"),
    ("plan", "plan --db {db} --date {today}", "the plan again, with more rows"),
    ("accept", "accept SUN-001:air --db {db}", "put the viral lamp's air shipment on order"),
    ("check", "check --db {db}", "the ledger, recomputed from its moves"),
    ("serve", "serve --db {db}", "the dashboard"),
)
_app: typer.Typer | None = None


def _next_steps(db: str, container: str, today: date) -> None:
    """Suggest only the commands this installation has."""
    have = _command_names(_app) if _app is not None else set()
    console.print("\n[bold]Next[/bold]:")
    console.print(
        f"  [cyan]export LAMPLIGHTER_NOW={today.isoformat()}T09:00:00Z[/cyan]  "
        "[dim]# work in the demo's Friday morning: deadlines, waves and the dashboard read against it[/dim]"
    )
    for name, line, why in _NEXT:
        if name in have:
            command = line.format(db=db, container=container, today=today)
            console.print(f"  [cyan]lamplighter {command}[/cyan]  [dim]# {why}[/dim]")


def _command_names(app: typer.Typer) -> set[str]:
    names = {c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands}
    return names | {g.name or "" for g in app.registered_groups}


def register(app: typer.Typer) -> None:
    global _app
    _app = app
    app.command("demo")(demo)
