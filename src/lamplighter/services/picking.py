"""The picking floor: pick lists in walking order, scan confirmation and short picks.

Each step is one transaction; a pick moves stock from the pick face into its order's tote
(``TOTES``, the tote on the move's reference: ``<order> tote <n>``); packing moves it from the
tote to the packing station and shipping to CUSTOMER (both in ``shipping``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from lamplighter.adapters.db.picking_repository import PickingRepository, StoredTask
from lamplighter.domain.errors import DomainError, InvalidTransition
from lamplighter.domain.layout import ZoneKind
from lamplighter.domain.ledger import Move, MoveReason, VirtualLocation
from lamplighter.domain.orders import Order, OrderLine, OrderStatus
from lamplighter.domain.picking import PickTask, ScanRefused, check_pick_scan, pick_outcome
from lamplighter.services.ledger import record_move, release_at, reserve_at
from lamplighter.services.locking import lock_stock_of_skus
from lamplighter.services.orders import add_order, load_order
from lamplighter.services.stock import first_location_of
from lamplighter.services.unit_of_work import UnitOfWork, run_in_transaction


class UnknownPickTask(DomainError, KeyError):
    code = "unknown-pick-task"

    def __init__(self, what: str) -> None:
        super().__init__(f"no such pick task or list: {what}")

    def __str__(self) -> str:
        return str(self.args[0])


class TaskAlreadyDone(DomainError):
    code = "task-already-done"


class OrderPulled(DomainError):
    """The order was cancelled after its wave was released: its lines are pulled from the batch."""

    code = "order-pulled"


@dataclass(frozen=True, slots=True)
class PickResult:
    task_id: int
    picked: int
    short: int
    reallocated: int
    backordered: int
    count_task: int | None
    list_done: bool


def _repo(uow: UnitOfWork) -> PickingRepository:
    return PickingRepository(uow.connection)


def _as_pick_task(task: StoredTask) -> PickTask:
    return PickTask(
        task.sequence, task.order_ref, task.line_no, task.sku, task.location, task.quantity, task.tote, task.leg_m
    )


def pick_list(uow: UnitOfWork, pick_list_id: int) -> dict[str, Any]:
    """A pick list with its tasks in walking order; tasks of cancelled orders show as pulled."""

    def work(u: UnitOfWork) -> dict[str, Any]:
        repo = _repo(u)
        header = repo.pick_list(pick_list_id)
        if header is None:
            raise UnknownPickTask(f"pick list {pick_list_id}")
        tasks = []
        for t in repo.tasks_of_list(pick_list_id):
            status = "pulled" if t.status == "open" and t.order_status == OrderStatus.CANCELLED else t.status
            tasks.append(
                {
                    "task_id": t.id, "sequence": t.sequence, "location": t.location, "sku": t.sku,
                    "quantity": t.quantity, "tote": t.tote, "order": t.order_ref, "leg_m": t.leg_m,
                    "picked": t.picked, "short": t.short, "status": status,
                }
            )  # fmt: skip
        next_task = next((t for t in tasks if t["status"] == "open"), None)
        return {**header, "tasks": tasks, "next": next_task}

    return run_in_transaction(uow.reader(), work)


def confirm_pick(
    uow: UnitOfWork,
    task_id: int,
    location_scan: str,
    sku_scan: str,
    *,
    found: int | None = None,
    picker: str = "picker",
    barcodes: Mapping[str, str] | None = None,
) -> PickResult:
    """Confirm one pick by scanning its location and SKU; ``found`` below the quantity is a short pick.

    A wrong scan raises ScanRefused and is counted on the pick list as a prevented mis-pick.
    A short pick releases the missing units, raises a count task, re-reserves from another
    location when stock is there (a new task at the end of the list), else back-orders them.
    """
    try:
        return run_in_transaction(uow, lambda u: _confirm(u, task_id, location_scan, sku_scan, found, picker, barcodes))
    except ScanRefused:
        run_in_transaction(uow, lambda u: _after_refusal(u, task_id, pulled=False))
        raise
    except OrderPulled:
        run_in_transaction(uow, lambda u: _after_refusal(u, task_id, pulled=True))
        raise


def _after_refusal(uow: UnitOfWork, task_id: int, *, pulled: bool) -> None:
    """Record what a refused confirmation means, in its own transaction (the pick itself rolled back)."""
    repo = _repo(uow)
    task = repo.task(task_id)
    if task is None:
        return
    if pulled:
        repo.cancel_open_tasks_of_order(task.order_id)
        repo.finish_list_if_done(task.pick_list_id)
    else:
        repo.count_refused_scan(task.pick_list_id)


def _confirm(
    uow: UnitOfWork,
    task_id: int,
    location_scan: str,
    sku_scan: str,
    found: int | None,
    picker: str,
    barcodes: Mapping[str, str] | None,
) -> PickResult:
    repo = _repo(uow)
    stored = repo.task(task_id, lock=True)
    if stored is None:
        raise UnknownPickTask(f"task {task_id}")
    if stored.status != "open":
        raise TaskAlreadyDone(f"task {task_id} is already {stored.status}")
    order = load_order(uow, stored.order_ref, lock=True)
    if order.order.status is OrderStatus.CANCELLED:
        raise OrderPulled(f"order {stored.order_ref} was cancelled: leave task {task_id} and its tote empty")
    task = _as_pick_task(stored)
    check_pick_scan(task, location_scan, sku_scan, barcodes)
    repo.start_list(stored.pick_list_id, picker)
    outcome = pick_outcome(task, found)
    if outcome.picked:
        record_move(
            uow,
            Move(
                stored.sku,
                stored.location,
                VirtualLocation.TOTES.value,
                outcome.picked,
                MoveReason.PICK,
                tote_reference(stored.order_ref, stored.tote),
                picker,
                reserved=outcome.picked,
            ),
        )
        uow.ledger.reduce_reservation(stored.order_line_id, stored.location, outcome.picked)
        uow.orders.add_picked(stored.order_line_id, outcome.picked)
    repo.confirm_task(task_id, outcome.picked, outcome.short, outcome.status.value)
    reallocated = backordered = 0
    count_task = None
    if outcome.short:
        release_at(uow, stored.order_line_id, stored.sku, stored.location, outcome.short)
        count_task = repo.add_count_task(
            stored.sku, stored.location, f"short pick on task {task_id}: {outcome.short} of {task.quantity} missing"
        )
        reallocated = _reallocate(uow, repo, stored, outcome.short)
        backordered = outcome.short - reallocated
        if backordered:
            _backorder(uow, stored, backordered)
    done = repo.finish_list_if_done(stored.pick_list_id)
    return PickResult(task_id, outcome.picked, outcome.short, reallocated, backordered, count_task, done)


def _reallocate(uow: UnitOfWork, repo: PickingRepository, task: StoredTask, missing: int) -> int:
    """Reserve the missing units elsewhere (nearest first) and add tasks at the end of the list."""
    balances = lock_stock_of_skus(uow, [task.sku])
    kinds = uow.locations.zone_kinds()
    pickable = {ZoneKind.FAST, ZoneKind.CATEGORY, ZoneKind.FRAGILE, ZoneKind.BATTERY, ZoneKind.BULKY, ZoneKind.RESERVE}
    candidates = [
        (loc, b.available)
        for (_sku, loc), b in balances.items()
        if loc != task.location and kinds.get(loc) in pickable and b.available > 0
    ]
    distance = uow.locations.depot_distances([loc for loc, _ in candidates])
    candidates.sort(key=lambda c: (distance.get(c[0], float("inf")), c[0]))
    taken = 0
    for location, available in candidates:
        if taken == missing:
            break
        take = min(available, missing - taken)
        reserve_at(uow, task.order_line_id, task.sku, location, take)
        repo.add_tasks(
            [
                {
                    "pick_list_id": task.pick_list_id,
                    "sequence": repo.next_sequence(task.pick_list_id),
                    "order_id": task.order_id,
                    "order_line_id": task.order_line_id,
                    "sku": task.sku,
                    "location": location,
                    "quantity": take,
                    "tote": task.tote,
                    "leg_m": 0.0,
                }
            ]
        )
        taken += take
    return taken


def _backorder(uow: UnitOfWork, task: StoredTask, units: int) -> None:
    """Take the missing units off this order's line and open a back-order for them."""
    uow.orders.add_cancelled(task.order_line_id, units)
    original = load_order(uow, task.order_ref).order
    backorder = Order(
        original.channel,
        f"{original.external_id}-BO{task.id}",
        [OrderLine(1, task.sku, units)],
        original.created_at,
        original.paid_at,
        original.ship_by,
        OrderStatus.OPEN,
        original.priority + 1,
        {"backorder_of": original.external_id},
    )
    add_order(uow, backorder)


def tote_reference(order_ref: str, tote: int) -> str:
    """The reference of every move into, and out of, one order's tote."""
    return f"{order_ref} tote {tote}"


def units_in_totes(uow: UnitOfWork, order_ref: str, totes: Iterable[int]) -> dict[tuple[str, str], int]:
    """What an order's totes hold now, per (tote reference, SKU), from the ledger."""
    return uow.ledger.held_by_references(VirtualLocation.TOTES.value, {tote_reference(order_ref, t) for t in totes})


def empty_totes(uow: UnitOfWork, order_ref: str, totes: Iterable[int], reason: MoveReason, actor: str) -> int:
    """Move everything in an order's totes to the packing station; returns the units moved."""
    held = units_in_totes(uow, order_ref, totes)
    if held:
        packing = first_location_of(uow, ZoneKind.PACKING)
        for (reference, sku), units in sorted(held.items()):
            record_move(uow, Move(sku, VirtualLocation.TOTES.value, packing, units, reason, reference, actor))
    return sum(held.values())


def cancel_in_wave(uow: UnitOfWork, ref: str) -> int:
    """Pull a cancelled order's open tasks from its batch; returns how many were pulled.

    Units already picked into its totes go to the packing station, where they are restocked.
    """

    def work(u: UnitOfWork) -> int:
        stored = load_order(u, ref, lock=True)
        if stored.order.status is not OrderStatus.CANCELLED:
            raise InvalidTransition(f"order {ref}", stored.order.status.value, "pulled from its wave")
        pulled = _repo(u).cancel_open_tasks_of_order(stored.id)
        totes = {t.tote for t in _repo(u).tasks_of_order(stored.id)}
        empty_totes(u, ref, totes, MoveReason.TRANSFER, "system")
        for list_id in {t.pick_list_id for t in _repo(u).tasks_of_order(stored.id)}:
            _repo(u).finish_list_if_done(list_id)
        return pulled

    return run_in_transaction(uow, work)


def wave_summaries(uow: UnitOfWork, limit: int = 20) -> list[dict[str, Any]]:
    """Recent waves with their pick lists' progress."""

    def work(u: UnitOfWork) -> list[dict[str, Any]]:
        repo = _repo(u)
        rows = []
        for wave in repo.waves(limit):
            lists = repo.pick_lists_of_wave(int(wave["id"]))
            rows.append(
                {
                    "wave": wave["id"],
                    "released_at": wave["released_at"],
                    "method": wave["method"],
                    "orders": wave["orders"],
                    "metres": round(float(wave["metres"]), 1),
                    "pick_lists": ", ".join(str(p["id"]) for p in lists),
                    "done": sum(1 for p in lists if p["status"] == "done"),
                }
            )
        return rows

    return run_in_transaction(uow.reader(), work)
