"""``lamplighter stock | receive | move | adjust | check``: the stock ledger from the command line."""

from __future__ import annotations

from typing import Annotated

import typer

from lamplighter.domain.ledger import MoveReason, VirtualLocation
from lamplighter.entrypoints.cli.database import DbOption, JsonOption, open_store
from lamplighter.entrypoints.cli.output import console, fail, print_json, print_table
from lamplighter.services import stock
from lamplighter.services.check import check_ledger
from lamplighter.services.stock import Who

Reference = Annotated[str, typer.Option("--ref", help="Reference written on the move (PO, order, note).")]
Actor = Annotated[str, typer.Option("--actor", help="Who did it.")]


def show_stock(
    sku: Annotated[str | None, typer.Option("--sku", help="Only this SKU.")] = None,
    location: Annotated[str | None, typer.Option("--location", help="Only this location code.")] = None,
    zone: Annotated[str | None, typer.Option("--zone", help="Only this zone code.")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Stock on hand, reserved and available per SKU and location."""
    rows = stock.stock_report(open_store(db), sku=sku, location=location, zone=zone)
    if as_json:
        print_json(rows)
        return
    units = sum(int(str(r["on_hand"])) for r in rows)
    print_table(f"Stock: {len(rows):,} rows, {units:,} units", rows)


def receive(
    sku: Annotated[str, typer.Argument(help="SKU code.")],
    quantity: Annotated[int, typer.Argument(help="Units received.")],
    to: Annotated[str | None, typer.Option("--to", help="Location (default: inbound staging).")] = None,
    source: Annotated[
        VirtualLocation, typer.Option("--from", help="SUPPLIER or IN_TRANSIT.")
    ] = VirtualLocation.SUPPLIER,
    reference: Reference = "",
    actor: Actor = "cli",
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Receive goods into staging (or a location)."""
    move_id = stock.receive(open_store(db), sku, quantity, to, source=source.value, who=Who(reference, actor))
    _done(move_id, f"received {quantity} x {sku}", as_json)


def move(
    sku: Annotated[str, typer.Argument(help="SKU code.")],
    quantity: Annotated[int, typer.Argument(help="Units to move.")],
    source: Annotated[str, typer.Argument(help="From location.")],
    destination: Annotated[str, typer.Argument(help="To location.")],
    reason: Annotated[str, typer.Option("--reason", help="transfer, putaway or restock.")] = "transfer",
    reference: Reference = "",
    actor: Actor = "cli",
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Move unreserved stock between locations (checked against zone rules and capacity)."""
    allowed = {r.value: r for r in (MoveReason.TRANSFER, MoveReason.PUTAWAY, MoveReason.RESTOCK)}
    if reason not in allowed:
        raise typer.BadParameter(f"expected one of {', '.join(allowed)}, got {reason!r}", param_hint="--reason")
    who = Who(reference, actor)
    move_id = stock.move_stock(open_store(db), sku, quantity, source, destination, reason=allowed[reason], who=who)
    _done(move_id, f"moved {quantity} x {sku} {source} -> {destination}", as_json)


def adjust(
    sku: Annotated[str, typer.Argument(help="SKU code.")],
    location: Annotated[str, typer.Argument(help="Location code.")],
    reason: Annotated[str, typer.Option("--reason", help="Why (written on the move).")],
    delta: Annotated[int | None, typer.Option("--delta", help="Units to add (or remove, negative).")] = None,
    counted: Annotated[int | None, typer.Option("--count", help="Cycle count: the units found there.")] = None,
    actor: Actor = "cli",
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Correct stock by a delta, or to a counted quantity (a cycle count); both write a move."""
    if (delta is None) == (counted is None):
        raise typer.BadParameter("give exactly one of --delta or --count")
    uow, who = open_store(db), Who(reason, actor)
    if delta is not None:
        move_id: int | None = stock.adjust(uow, sku, location, delta, who=who)
    else:
        assert counted is not None
        move_id = stock.count(uow, sku, location, counted, who=who)
    _done(move_id, f"adjusted {sku} at {location}" if move_id else "count matches; nothing written", as_json)


def check(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Recompute balances from the moves; exit 1 and list every drift when they disagree."""
    result = check_ledger(open_store(db))
    if as_json:
        print_json(
            {
                "clean": result.clean,
                "moves_checked": result.moves_checked,
                "balances_checked": result.balances_checked,
                "problems": result.problems(),
            }
        )
    elif result.clean:
        console.print(f"ledger clean: {result.moves_checked:,} moves, {result.balances_checked:,} balances agree")
    else:
        for problem in result.problems():
            fail(problem)
    if not result.clean:
        # SystemExit, not typer.Exit: app.main() runs Typer with standalone_mode=False, where an
        # Exit's code is returned rather than raised, and main() does not pass it on.
        raise SystemExit(1)


def _done(move_id: int | None, message: str, as_json: bool) -> None:
    if as_json:
        print_json({"move_id": move_id, "message": message})
    else:
        console.print(message + (f" (move {move_id})" if move_id else ""))


def register(app: typer.Typer) -> None:
    app.command("stock")(show_stock)
    app.command("receive")(receive)
    app.command("move")(move)
    app.command("adjust")(adjust)
    app.command("check")(check)
