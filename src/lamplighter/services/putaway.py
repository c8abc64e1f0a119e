"""Putaway of a receipt: suggest where its stock goes, then move it (suggested or overridden by scan).

Suggestions follow ``planning.slotting.putaway``: the SKU's pick face if it has room, else
the best allowed free pick location, overflow to reserve; returns go to returns/QC. Every
move goes through the ledger's putaway, which refuses a location that breaks a hard rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from lamplighter.adapters.db.slotting_repository import SlottingRepository
from lamplighter.domain.errors import DomainError
from lamplighter.domain.layout import ZoneKind
from lamplighter.domain.storage_rules import Occupancy, Purpose
from lamplighter.planning.slotting.policies import SlottingOptions, SlottingProblem, prepare
from lamplighter.planning.slotting.putaway import PutawayStep, suggest_putaway, walking_costs
from lamplighter.services.errors import NoLayoutLoaded
from lamplighter.services.stock import SYSTEM, Who, check_destination, putaway
from lamplighter.services.unit_of_work import UnitOfWork, run_in_transaction


class UnknownReceipt(DomainError):
    code = "unknown-receipt"

    def __init__(self, reference: str) -> None:
        super().__init__(f"no receipt or return with reference {reference!r} has stock waiting for putaway")
        self.reference = reference


@dataclass(frozen=True, slots=True)
class ReceiptLine:
    sku: str
    source: str  # where the stock waits (staging, returns)
    quantity: int
    steps: tuple[PutawayStep, ...]


def putaway_suggestions(uow: UnitOfWork, reference: str) -> list[ReceiptLine]:
    """Where each SKU of receipt ``reference`` should go (read only). Raises UnknownReceipt."""

    def work(u: UnitOfWork) -> list[ReceiptLine]:
        layout = u.locations.layout()
        if layout is None:
            raise NoLayoutLoaded()
        store = SlottingRepository(u.connection)
        faces, occupancy = store.pick_faces(), dict(store.occupancy())
        problem: SlottingProblem | None = None
        lines: list[ReceiptLine] = []
        for sku_code, source, received in store.received(reference):
            waiting = min(received, store.on_hand(sku_code, source))
            if waiting <= 0 or source not in layout.locations:
                continue
            sku = u.skus.require(sku_code)
            kind = layout.location(source).zone.kind
            purpose: Purpose = "hold" if kind is ZoneKind.RETURNS else "pick"
            costs = None
            if purpose == "pick" and sku_code not in faces:
                # A new pick face goes where it adds least to the expected walking of recent orders.
                problem = problem or prepare(u.skus.all(), layout, store.order_lines(), SlottingOptions())
                free = [label for label in layout.locations if label not in occupancy]
                costs = walking_costs(problem, faces, sku_code, free)
            steps = suggest_putaway(
                sku,
                waiting,
                layout,
                pick_face=faces.get(sku_code),
                occupancy=occupancy,
                slot_cost=costs or None,
                purpose=purpose,
                holding=store.locations_of(sku_code),
            )
            _occupy(occupancy, steps, sku.volume_l, sku.weight_kg)
            lines.append(ReceiptLine(sku_code, source, waiting, tuple(steps)))
        if not lines:
            raise UnknownReceipt(reference)
        return lines

    return run_in_transaction(uow.reader(), work)


def put_away_receipt(
    uow: UnitOfWork, reference: str, overrides: Mapping[str, str] | None = None, *, who: Who = SYSTEM
) -> list[int]:
    """Move the receipt's stock to the suggested locations, or to ``overrides[sku]`` (a scanned
    location, checked by the hard rules: PlacementRefused names the rule). Returns the move ids."""
    overrides = overrides or {}
    lines = putaway_suggestions(uow, reference)
    # Every scanned override is checked before anything moves: a refused scan moves nothing.
    scans = [(line.sku, overrides[line.sku], line.quantity) for line in lines if line.sku in overrides]
    run_in_transaction(uow.reader(), lambda u: _check_scans(u, scans))
    moved: list[int] = []
    for line in lines:
        if line.sku in overrides:
            target = overrides[line.sku]
            moved.append(putaway(uow, line.sku, line.quantity, line.source, target, who=who))
            continue
        for step in line.steps:
            if step.location != line.source:
                moved.append(putaway(uow, line.sku, step.quantity, line.source, step.location, who=who))
    return moved


def _check_scans(uow: UnitOfWork, scans: list[tuple[str, str, int]]) -> None:
    for sku, location, quantity in scans:
        check_destination(uow, sku, location, quantity)


def _occupy(occupancy: dict[str, Occupancy], steps: list[PutawayStep], volume_l: float, weight_kg: float) -> None:
    # Later lines of the same receipt see the room the earlier ones take.
    for step in steps:
        before = occupancy.get(step.location, Occupancy())
        occupancy[step.location] = Occupancy(
            before.volume_l + step.quantity * volume_l, before.weight_kg + step.quantity * weight_kg
        )
