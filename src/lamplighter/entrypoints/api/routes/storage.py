"""Slotting and putaway (lead): re-slotting plans with the walking they save, putaway of receipts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from lamplighter.entrypoints.api.deps import UowDep
from lamplighter.entrypoints.api.idempotency import IdempotencyDep, IdempotentRoute
from lamplighter.entrypoints.api.problems import PROBLEM_RESPONSES
from lamplighter.entrypoints.api.security import OperateDep
from lamplighter.services import putaway, slotting
from lamplighter.services.stock import Who

router = APIRouter(tags=["slotting and putaway"], responses=PROBLEM_RESPONSES, route_class=IdempotentRoute)
MaxMoves = Annotated[int, Query(ge=0, le=500, description="At most this many pick-face moves.")]
Reference = Annotated[str, Path(min_length=1, max_length=128, description="The receipt's reference.")]


class SlotMoveOut(BaseModel):
    sku: str
    from_location: str | None
    to_location: str
    saving_m: float


class SlottingPlanOut(BaseModel):
    plan_id: int | None = Field(description="Set when the plan was accepted (its moves became tasks).")
    moves: list[SlotMoveOut]
    metres_before: float
    metres_after: float
    saving_m: float
    orders: int


class PutawayStepOut(BaseModel):
    location: str
    quantity: int
    reason: str


class ReceiptLineOut(BaseModel):
    sku: str
    source: str
    quantity: int
    steps: list[PutawayStepOut]


class PutawayIn(BaseModel):
    overrides: dict[str, str] = Field(
        default_factory=dict, description="SKU -> scanned location, instead of the suggestion."
    )


class PutawayDone(BaseModel):
    move_ids: list[int]


def _plan_out(stored: slotting.StoredPlan) -> SlottingPlanOut:
    plan = stored.plan
    return SlottingPlanOut(
        plan_id=stored.plan_id,
        moves=[
            SlotMoveOut(
                sku=m.sku, from_location=m.from_location, to_location=m.to_location, saving_m=round(m.saving_m, 2)
            )
            for m in plan.moves
        ],
        metres_before=round(plan.metres_before, 1),
        metres_after=round(plan.metres_after, 1),
        saving_m=round(plan.saving_m, 1),
        orders=plan.orders,
    )


@router.get("/slotting/plan")
def preview_reslotting(uow: UowDep, _lead: OperateDep, max_moves: MaxMoves = 20) -> SlottingPlanOut:
    """A re-slotting plan from the current pick faces and the sales history (nothing written)."""
    return _plan_out(slotting.reslotting_plan(uow, max_moves))


@router.post("/slotting/plans", status_code=201)
def accept_reslotting(uow: UowDep, lead: OperateDep, _key: IdempotencyDep, max_moves: MaxMoves = 20) -> SlottingPlanOut:
    """Plan and accept: the plan is stored and each move becomes an open task."""
    return _plan_out(slotting.reslotting_plan(uow, max_moves, apply=True, actor=f"key:{lead.prefix}"))


@router.get("/putaway/{reference}")
def putaway_suggestions(reference: Reference, uow: UowDep, _lead: OperateDep) -> list[ReceiptLineOut]:
    """Where each SKU of a receipt waiting in staging (or returns) should go, and why."""
    return [
        ReceiptLineOut(
            sku=line.sku,
            source=line.source,
            quantity=line.quantity,
            steps=[PutawayStepOut(location=s.location, quantity=s.quantity, reason=s.reason) for s in line.steps],
        )
        for line in putaway.putaway_suggestions(uow, reference)
    ]


@router.post("/putaway/{reference}", status_code=201)
def put_away(reference: Reference, body: PutawayIn, uow: UowDep, lead: OperateDep, _key: IdempotencyDep) -> PutawayDone:
    """Move the receipt's stock to the suggestions (or to scanned overrides, checked by the rules)."""
    who = Who(reference=reference, actor=f"key:{lead.prefix}")
    return PutawayDone(move_ids=putaway.put_away_receipt(uow, reference, body.overrides, who=who))
