"""``lamplighter slot`` and ``lamplighter replay``: file-based slotting and its yardstick.

Both work on files only (layout TOML, order lines, SKU attributes, assignment CSV), so any
order history can be evaluated without a database.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import cast

import typer

from lamplighter.adapters.files.layout_file import load_layout
from lamplighter.adapters.files.order_formats import FORMATS, OrderFileFormat
from lamplighter.entrypoints.cli.database import DbOption, open_store
from lamplighter.entrypoints.cli.output import console, print_json, print_table
from lamplighter.planning.slotting.policy_names import POLICIES, SlottingPolicy
from lamplighter.services.stock import Who

# The slotting engine, its readers and services load pandas and the solvers: each command
# imports them when it runs, so the rest of the CLI starts fast.

_DATE = ["%Y-%m-%d"]


def _format(value: str) -> OrderFileFormat:
    if value not in FORMATS:
        raise typer.BadParameter(f"expected one of {', '.join(FORMATS)}, got {value!r}")
    return cast(OrderFileFormat, value)


def _policy(value: str) -> SlottingPolicy:
    if value not in POLICIES:
        raise typer.BadParameter(f"expected one of {', '.join(POLICIES)}, got {value!r}")
    return cast(SlottingPolicy, value)


def slot(
    layout: Path | None = typer.Option(None, "--layout", help="Layout TOML file (file mode)."),
    orders: Path | None = typer.Option(None, "--orders", help="Order-line file with the pick history (file mode)."),
    fmt: str = typer.Option("lines", "--format", help=f"Order file format: {', '.join(FORMATS)}."),
    skus: Path | None = typer.Option(
        None, "--skus", help="SKU attributes CSV (code plus any of category, dimensions, weight_kg, fragile, battery)."
    ),
    until: datetime | None = typer.Option(
        None, "--until", formats=_DATE, help="Use history up to and including this day."
    ),
    policy: str = typer.Option("lamplighter", "--policy", help=f"Slotting policy: {', '.join(POLICIES)}."),
    out: Path | None = typer.Option(None, "--out", help="Assignment CSV to write (sku,location) (file mode)."),
    svg: Path | None = typer.Option(None, "--svg", help="Also write the layout as an SVG heat map of pick frequency."),
    seed: int = typer.Option(0, "--seed", help="Seed for random choices."),
    search_seconds: float = typer.Option(20.0, "--search-seconds", help="Local search budget (lamplighter policy)."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
    max_moves: int | None = typer.Option(None, "--max-moves", help="Store mode: plan at most N pick-face moves."),
    apply: bool = typer.Option(False, "--apply", help="Store mode: accept the plan and write its move tasks."),
    db: DbOption = None,
) -> None:
    """Slot SKUs: from files (--layout --orders --out) or, with --max-moves, re-slot the store's pick faces."""
    if max_moves is not None:
        _reslot_store(db, max_moves, apply, search_seconds, as_json)
        return
    if layout is None or orders is None or out is None:
        raise typer.BadParameter("file mode needs --layout, --orders and --out (or use --max-moves N for the store)")
    from lamplighter.adapters.files.assignment_csv import write_assignment
    from lamplighter.adapters.files.layout_svg import layout_svg
    from lamplighter.adapters.files.order_lines import read_order_lines
    from lamplighter.adapters.files.skus_for_slotting import read_skus_for_slotting
    from lamplighter.planning.slotting.policies import SlottingOptions, slot_skus

    plan = load_layout(layout)
    catalogue = read_skus_for_slotting(skus) if skus is not None else []
    end = None if until is None else until + timedelta(days=1)
    with console.status("reading orders and slotting...", spinner="dots") if not as_json else _nothing():
        history = read_order_lines(orders, _format(fmt), until=end).frame
        options = SlottingOptions(policy=_policy(policy), seed=seed, search_seconds=search_seconds)
        result = slot_skus(catalogue, plan, history, options)
    write_assignment(out, result.placement)
    if svg is not None:
        picks = result.stats["lines"]
        heat = {loc: float(picks.get(sku, 0.0)) for sku, loc in result.placement.items()}
        svg.write_text(layout_svg(plan, heat, f"{plan.name}: {policy} slotting, picks per bay"), encoding="utf-8")
    lines = len(history[history["kind"] == "order"]) if "kind" in history else len(history)
    summary = {
        "policy": policy,
        "skus": len(result.placement) + len(result.unslotted),
        "slotted": len(result.placement),
        "unslotted": len(result.unslotted),
        "history_lines": lines,
        "evaluation_baskets": result.baskets,
        "expected_metres": round(result.expected_metres, 1),
        "assignment": str(out),
        "svg": None if svg is None else str(svg),
        "notes": list(result.notes),
    }
    if as_json:
        print_json(summary)
        return
    print_table(f"slotting ({policy})", [{k: v for k, v in summary.items() if k != "notes"}])
    for note in result.notes:
        console.print(f"  {note}")


def replay(
    layout: Path = typer.Option(..., "--layout", help="Layout TOML file."),
    assignment: Path = typer.Option(..., "--assignment", help="Assignment CSV (sku,location)."),
    orders: Path = typer.Option(..., "--orders", help="Order-line file to replay."),
    fmt: str = typer.Option("lines", "--format", help=f"Order file format: {', '.join(FORMATS)}."),
    since: datetime | None = typer.Option(None, "--from", formats=_DATE, help="First day replayed."),
    until: datetime | None = typer.Option(None, "--to", formats=_DATE, help="Last day replayed (inclusive)."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
) -> None:
    """Metres walked when each order is picked alone on its optimal route (SKUs without a location from a far reserve)."""
    from lamplighter.adapters.files.assignment_csv import read_assignment
    from lamplighter.adapters.files.order_lines import read_order_lines
    from lamplighter.planning.slotting.replay import replay as replay_orders

    plan = load_layout(layout)
    placement = read_assignment(assignment)
    for code in placement.values():
        plan.location(code)  # an unknown location fails here, naming it
    end = None if until is None else until + timedelta(days=1)
    with console.status("routing every order...", spinner="dots") if not as_json else _nothing():
        lines = read_order_lines(orders, _format(fmt), since=since, until=end).frame
        result = replay_orders(plan, placement, lines)
    if as_json:
        print_json(result.as_dict())
    else:
        print_table("replay: one order per trip, optimal route", [result.as_dict()])


def _reslot_store(db: str | None, max_moves: int, apply: bool, search_seconds: float, as_json: bool) -> None:
    from lamplighter.planning.slotting.policies import SlottingOptions
    from lamplighter.services.slotting import reslotting_plan

    options = SlottingOptions(search_seconds=search_seconds)
    with console.status("planning moves...", spinner="dots") if not as_json else _nothing():
        stored = reslotting_plan(open_store(db), max_moves, apply=apply, options=options)
    plan = stored.plan
    rows = [
        {"sku": m.sku, "from": m.from_location or "(reserve)", "to": m.to_location, "saving_m": round(m.saving_m, 1)}
        for m in plan.moves
    ]
    summary = {
        "moves": len(plan.moves),
        "orders_replayed": plan.orders,
        "metres_before": round(plan.metres_before, 1),
        "metres_after": round(plan.metres_after, 1),
        "saving_m": round(plan.saving_m, 1),
        "accepted_plan": stored.plan_id,
    }
    if as_json:
        print_json({**summary, "plan": rows})
        return
    print_table(f"re-slotting: {len(rows)} moves, best walking saved per move first", rows)
    print_table("saving over the recent orders (optimal single-order routes)", [summary])
    if stored.plan_id is None and rows:
        console.print("accept with --apply to write the moves as tasks")


def putaway_receipt(
    receipt: str = typer.Argument(..., help="Reference of the receipt (or return) whose stock waits for putaway."),
    apply: bool = typer.Option(False, "--apply", help="Move the stock to the suggested locations."),
    to: list[str] = typer.Option(
        [], "--to", help="Override by scan: SKU=LOCATION (repeatable); checked by the hard rules."
    ),
    actor: str = typer.Option("system", "--actor", help="Who puts the stock away."),
    db: DbOption = None,
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
) -> None:
    """Suggest (and with --apply or --to, perform) the putaway of a receipt."""
    from lamplighter.services.putaway import put_away_receipt, putaway_suggestions

    overrides = dict(_override(text) for text in to)
    uow = open_store(db)
    lines = putaway_suggestions(uow, receipt)
    rows = [
        {
            "sku": line.sku,
            "from": line.source,
            "to": overrides.get(line.sku, s.location),
            "quantity": s.quantity,
            "why": "scan" if line.sku in overrides else s.reason,
        }
        for line in lines
        for s in line.steps
    ]
    moved: list[int] = []
    if apply or overrides:
        moved = put_away_receipt(uow, receipt, overrides, who=Who(receipt, actor))
    if as_json:
        print_json({"receipt": receipt, "putaway": rows, "moves": moved})
        return
    print_table(f"putaway of {receipt}" + (" (done)" if moved else " (suggested; --apply to move)"), rows)


def _override(text: str) -> tuple[str, str]:
    sku, sep, location = text.partition("=")
    if not sep or not sku.strip() or not location.strip():
        raise typer.BadParameter(f"--to expects SKU=LOCATION, got {text!r}")
    return sku.strip(), location.strip().upper()


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *args: object) -> None:
        return None


def register(app: typer.Typer) -> None:
    app.command("slot")(slot)
    app.command("replay")(replay)
    app.command("putaway")(putaway_receipt)
