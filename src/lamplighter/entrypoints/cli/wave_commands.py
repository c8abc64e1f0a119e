"""``lamplighter wave | picklist | pick | pack | ship | kpis``: the picking floor from the command line."""

from __future__ import annotations

from datetime import time
from pathlib import Path
from typing import Annotated, Any

import typer

from lamplighter.entrypoints.cli.database import DbOption, JsonOption, open_store
from lamplighter.entrypoints.cli.output import console, print_json, print_table
from lamplighter.entrypoints.cli.picklist_html import pick_list_html
from lamplighter.planning.batching import BATCH_METHODS, CartCapacity
from lamplighter.services import picking, shipping, waves
from lamplighter.services.locations import stored_layout

wave_app = typer.Typer(help="Release waves of allocated orders as picker trips.", no_args_is_help=True)
picklist_app = typer.Typer(help="Show or print pick lists in walking order.", no_args_is_help=True)
pick_app = typer.Typer(help="Confirm picks by scan.", no_args_is_help=True)


@wave_app.command("release")
def release(
    max_orders: Annotated[int, typer.Option("--max-orders", help="At most this many orders.")] = 500,
    cutoff: Annotated[str, typer.Option("--cutoff", help="Carrier cut-off today, HH:MM.")] = "16:00",
    method: Annotated[str, typer.Option("--method", help=f"Batching: {', '.join(BATCH_METHODS)}.")] = "lamplighter",
    cart_orders: Annotated[int, typer.Option("--cart-orders", help="Totes on a cart.")] = 8,
    cart_lines: Annotated[int, typer.Option("--cart-lines", help="Lines a cart takes.")] = 60,
    seconds: Annotated[float, typer.Option("--seconds", help="Search time for batching.")] = 5.0,
    no_allocate: Annotated[bool, typer.Option("--no-allocate", help="Do not allocate open orders first.")] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Allocate, batch and route a wave; writes its pick lists (all or nothing)."""
    if method not in BATCH_METHODS:
        raise typer.BadParameter(f"expected one of {', '.join(BATCH_METHODS)}", param_hint="--method")
    try:
        hh, mm = (int(part) for part in cutoff.split(":"))
        cut = time(hh, mm)
    except ValueError:
        raise typer.BadParameter(f"expected HH:MM such as 16:00, got {cutoff!r}", param_hint="--cutoff") from None
    request = waves.WaveRequest(
        max_orders=max_orders,
        cutoff=cut,
        method=method,
        cart=CartCapacity(orders=cart_orders, lines=cart_lines),
        search_seconds=seconds,
        allocate_first=not no_allocate,
        actor="cli",
    )
    with console.status("Batching and routing the wave…", spinner="dots"):
        released = waves.release_wave(open_store(db), request)
    row = {
        "wave": released.wave_id,
        "orders": released.orders,
        "pick_lists": released.pick_lists,
        "lines": released.lines,
        "metres": round(released.metres, 1),
        "metres_per_line": round(released.metres_per_line, 2),
        "single_order_metres": round(released.metres_single_order_trips, 1),
    }
    if as_json:
        print_json(row)
        return
    print_table("Wave released", [row])
    saved = released.metres_single_order_trips - released.metres
    if released.metres_single_order_trips:
        share = saved / released.metres_single_order_trips
        console.print(f"Batching saves {saved:,.0f} m ({share:.0%}) against picking each order alone.")
    console.print(f"Next: [bold]lamplighter picklist show <id>[/bold] for the {released.pick_lists} pick lists.")


@wave_app.command("list")
def list_waves(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Recent waves and their pick lists."""
    rows = picking.wave_summaries(open_store(db))
    if as_json:
        print_json(rows)
    else:
        print_table("Waves", rows)


@picklist_app.command("show")
def show(
    pick_list_id: Annotated[int, typer.Argument(help="Pick list id.")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """A pick list's lines in walking order, with the next line to pick."""
    listed = picking.pick_list(open_store(db), pick_list_id)
    if as_json:
        print_json(listed)
        return
    columns = ["sequence", "location", "sku", "quantity", "tote", "order", "leg_m", "status", "task_id"]
    title = f"Pick list {pick_list_id} (wave {listed['wave_id']}, {float(listed['metres']):,.0f} m, {listed['status']})"
    print_table(title, listed["tasks"], columns, {"sequence": "#", "quantity": "qty", "task_id": "task"})


@picklist_app.command("print")
def print_pick_list(
    pick_list_id: Annotated[int, typer.Argument(help="Pick list id.")],
    out: Annotated[Path, typer.Option("--out", help="HTML file to write.")] = Path("picklist.html"),
    db: DbOption = None,
) -> None:
    """Write a printable HTML pick list in walking order with the route drawn on the layout."""
    store = open_store(db)
    html = pick_list_html(picking.pick_list(store, pick_list_id), stored_layout(store))
    out.write_text(html, encoding="utf-8")
    console.print(f"Wrote {out} ({len(html):,} bytes): open it in a browser and print.")


@pick_app.command("confirm")
def confirm(
    task_id: Annotated[int, typer.Argument(help="Pick task id (from picklist show).")],
    location: Annotated[str, typer.Option("--location", help="Scanned location barcode.")],
    sku: Annotated[str, typer.Option("--sku", help="Scanned SKU barcode.")],
    found: Annotated[int | None, typer.Option("--found", help="Units found when fewer than asked.")] = None,
    picker: Annotated[str, typer.Option("--picker", help="Who picks.")] = "picker",
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Confirm a pick by scanning the location and the SKU (a wrong scan is refused)."""
    result = picking.confirm_pick(open_store(db), task_id, location, sku, found=found, picker=picker)
    row: dict[str, Any] = {
        "task": result.task_id,
        "picked": result.picked,
        "short": result.short,
        "reallocated": result.reallocated,
        "backordered": result.backordered,
        "count_task": result.count_task,
        "list_done": result.list_done,
    }
    if as_json:
        print_json(row)
    else:
        print_table("Pick confirmed", [row])


def pack(
    order: Annotated[str, typer.Argument(help="Order ref, channel:external_id.")],
    scan: Annotated[list[str], typer.Option("--scan", help="One SKU barcode per unit packed.")],
    packer: Annotated[str, typer.Option("--packer", help="Who packs.")] = "packer",
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Pack an order after scanning every unit against its picked lines."""
    result = shipping.pack_order(open_store(db), order, scan, packer=packer)
    print_json(result) if as_json else print_table("Packed", [result])


def ship(
    order: Annotated[str, typer.Argument(help="Order ref, channel:external_id.")],
    carrier: Annotated[str, typer.Option("--carrier", help="Carrier name.")],
    tracking: Annotated[str, typer.Option("--tracking", help="Tracking id.")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Hand a packed order to the carrier (its units leave for CUSTOMER)."""
    result = shipping.ship_order(open_store(db), order, carrier, tracking, actor="cli")
    print_json(result) if as_json else print_table("Shipped", [result])


def kpis(
    by: Annotated[str, typer.Option("--by", help="Also break down by 'day' or 'wave'.")] = "day",
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Floor KPIs: on-time ship rate, cycle time, lines per hour, metres per line, mis-picks, shorts."""
    if by not in ("day", "wave"):
        raise typer.BadParameter("expected day or wave", param_hint="--by")
    from lamplighter.services import floor_kpis  # pandas: loaded for this command only

    report = floor_kpis.floor_report(open_store(db))
    if as_json:
        print_json(report)
        return
    totals = report["totals"]
    print_table("Floor KPIs (all waves)", [{"kpi": k, "value": v} for k, v in totals.items()])
    columns = [by, "orders_due", "on_time_ship_rate", "cycle_time_p50_h", "lines_per_picker_hour", "metres_per_line", "short_pick_rate", "mis_picks_prevented"]  # fmt: skip
    print_table(f"By {by}", report[f"by_{by}"], columns)


def register(app: typer.Typer) -> None:
    app.add_typer(wave_app, name="wave")
    app.add_typer(picklist_app, name="picklist")
    app.add_typer(pick_app, name="pick")
    app.command("pack")(pack)
    app.command("ship")(ship)
    app.command("kpis")(kpis)
