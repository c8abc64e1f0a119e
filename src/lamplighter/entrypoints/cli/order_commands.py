"""``lamplighter orders | allocate``: customer orders and their allocation to stock."""

from __future__ import annotations

from typing import Annotated

import typer

from lamplighter.domain.allocation import AllocationOrder
from lamplighter.domain.orders import OrderStatus
from lamplighter.entrypoints.cli.database import DbOption, JsonOption, open_store
from lamplighter.entrypoints.cli.output import console, print_json, print_table
from lamplighter.services import orders


def show_orders(
    status: Annotated[OrderStatus | None, typer.Option("--status", help="Only orders in this status.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many, newest first.")] = 50,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Orders, newest first, with their lines and units."""
    rows = orders.order_summaries(open_store(db), status, limit)
    if as_json:
        print_json(rows)
    else:
        print_table(f"Orders ({len(rows)} shown)", rows)


def allocate(
    by: Annotated[AllocationOrder, typer.Option("--by", help="Serve first paid, or first due (ship-by).")] = (
        AllocationOrder.PAID_TIME
    ),
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Reserve stock for open orders, nearest the packing station first; report partial orders."""
    report = orders.allocate_open_orders(open_store(db), by)
    partial = [
        {"order": ref, "line": line_no, "sku": sku, "wanted": wanted, "got": got}
        for ref, lines in sorted(report.partial.items())
        for line_no, sku, wanted, got in lines
    ]
    if as_json:
        print_json(
            {
                "complete": len(report.complete),
                "partial": partial,
                "reserved_units": report.reserved_units,
                "reservations": report.reservations,
            }
        )
        return
    console.print(
        f"allocated {len(report.complete):,} orders in full; {len(report.partial):,} partial; "
        f"{report.reserved_units:,} units reserved in {report.reservations:,} reservations"
    )
    if partial:
        print_table("Short lines", partial)


def register(app: typer.Typer) -> None:
    app.command("orders")(show_orders)
    app.command("allocate")(allocate)
