"""Planning (planner): run the daily cycle -- purchase suggestions (sea/air), alerts and ad advice."""

from __future__ import annotations

import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
from fastapi import APIRouter, Query
from pydantic import BaseModel, Field, field_validator
from starlette.responses import Response

from lamplighter.adapters.files.advice_csv import write_advice_csv
from lamplighter.entrypoints.api.deps import UowDep
from lamplighter.entrypoints.api.idempotency import IdempotencyDep, IdempotentRoute
from lamplighter.entrypoints.api.problems import PROBLEM_RESPONSES
from lamplighter.entrypoints.api.security import PlanDep, ReadDep
from lamplighter.services.plan_reports import StoredPlan, latest_run
from lamplighter.services.planning_cycle import (
    PlanningCycleOptions,
    PlanningCycleResult,
    run_planning_cycle,
    with_fill_and_budget,
)
from lamplighter.services.purchasing import Acceptance, accept_suggestions

router = APIRouter(prefix="/plans", tags=["planning"], responses=PROBLEM_RESPONSES, route_class=IdempotentRoute)


class PlanIn(BaseModel):
    run_date: date | None = Field(default=None, description="Plan date (default today, UTC); history before it.")
    service: float = Field(default=0.97, ge=0.5, le=0.9999, description="Fill-rate target over all SKUs.")
    budget: float | None = Field(default=None, ge=0, le=1e12, description="Cap on goods + freight.")
    forecast: bool = Field(default=True, description="Run the forecasting engine (slower, better rates).")

    @field_validator("run_date")
    @classmethod
    def _plausible(cls, value: date | None) -> date | None:
        # pandas timestamps (the planning frames) only span 1677-2262.
        if value is not None and not date(2000, 1, 1) <= value <= date(2200, 12, 31):
            raise ValueError("run_date must be between 2000-01-01 and 2200-12-31")
        return value


class SuggestionOut(BaseModel):
    sku: str
    mode: str
    quantity: int
    arrives_in_days: int
    goods_cost: float
    freight_cost: float
    reorder_point: float
    order_up_to: float
    stockout_in_days: float | None
    within_budget: bool
    reason: str


class AlertOut(BaseModel):
    sku: str
    kind: str
    severity: str
    value: float | None
    threshold: float | None
    date: date | None
    message: str


class AdviceOut(BaseModel):
    sku: str
    action: str
    pause_by: date | None
    throttle_to: float | None
    days_of_cover: float | None
    stockout_date: date | None
    next_arrival_date: date | None
    bundle_partners: str
    reason: str


class PlanOut(BaseModel):
    run_id: int
    run_date: date
    summary: dict[str, Any]
    suggestions: list[SuggestionOut]
    alerts: list[AlertOut]
    advice: list[AdviceOut]


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of a planning frame with NaN and infinities as None (JSON has neither)."""
    if frame.empty:
        return []
    clean = frame.replace([np.inf, -np.inf], np.nan).astype(object)
    return [{str(k): (None if _missing(v) else v) for k, v in row.items()} for row in clean.to_dict("records")]


def _missing(value: object) -> bool:
    return value is None or value is pd.NaT or (isinstance(value, float) and np.isnan(value))


def plan_out(result: PlanningCycleResult) -> PlanOut:
    plan = result.plan
    return PlanOut(
        run_id=result.run_id,
        run_date=result.run_date,
        summary=result.summary,
        suggestions=[SuggestionOut.model_validate(r) for r in records(plan.suggestions)],
        alerts=[AlertOut.model_validate(r) for r in records(plan.alerts)],
        advice=[AdviceOut.model_validate(r) for r in records(plan.advice)],
    )


@router.post("", status_code=201)
def run_plan(body: PlanIn, uow: UowDep, _planner: PlanDep, _key: IdempotencyDep) -> PlanOut:
    """Plan every SKU for a date and store the run (a re-run for the same date replaces it)."""
    options = with_fill_and_budget(
        PlanningCycleOptions(run_date=body.run_date, forecast=body.forecast), body.service, body.budget
    )
    return plan_out(run_planning_cycle(uow, options))


class AcceptIn(BaseModel):
    sku: str = Field(min_length=1, max_length=64)
    mode: Literal["sea", "air"]
    quantity: int | None = Field(default=None, ge=1, le=10_000_000, description="Default: the suggested quantity.")


class AcceptanceIn(BaseModel):
    run_date: date | None = Field(default=None, description="The plan's date (default: the latest plan).")
    accept: list[AcceptIn] = Field(min_length=1, max_length=5000)


class PurchaseOrderOut(BaseModel):
    """An accepted suggestion on order (``services.purchasing.PurchaseOrder`` without its move id)."""

    po: str
    sku: str
    mode: str
    quantity: int
    ordered_on: date
    eta: date


@router.post("/orders", status_code=201)
def accept_plan_suggestions(
    body: AcceptanceIn, uow: UowDep, planner: PlanDep, _key: IdempotencyDep
) -> list[PurchaseOrderOut]:
    """Accept suggestions of a stored plan (optionally another quantity): each goes on order with its ETA.

    All or nothing; a suggestion is accepted once (409 after that).
    """
    wanted = [Acceptance(a.sku, a.mode, a.quantity) for a in body.accept]
    placed = accept_suggestions(uow, wanted, body.run_date, actor=f"key {planner.prefix}")
    return [PurchaseOrderOut.model_validate(p, from_attributes=True) for p in placed]


class StoredPlanOut(PlanOut):
    created_at: datetime
    fill_target: float = Field(description="Fill-rate target the run planned for.")
    horizon_days: int


def stored_plan_out(plan: StoredPlan) -> StoredPlanOut:
    """A stored run in the API's shape (the alert date is ``date`` here, as when the plan is run)."""
    return StoredPlanOut(
        run_id=plan.run_id,
        run_date=plan.run_date,
        created_at=plan.created_at,
        fill_target=plan.fill_target,
        horizon_days=plan.horizon_days,
        summary=plan.summary,
        suggestions=[SuggestionOut.model_validate(r) for r in plan.suggestions],
        alerts=[AlertOut.model_validate({**r, "date": r["alert_date"]}) for r in plan.alerts],
        advice=[AdviceOut.model_validate(r) for r in plan.advice],
    )


RunDateQuery = Query(None, description="A stored run's date (default: the newest run).")


@router.get("/latest")
def get_latest_plan(uow: UowDep, _viewer: ReadDep, run_date: date | None = RunDateQuery) -> StoredPlanOut:
    """The newest stored plan (or that of ``run_date``) as it was written: suggestions, alerts, ad advice.

    404 (``no-plan``) when no plan has been run (for that date).
    """
    return stored_plan_out(latest_run(uow, run_date))


CSV_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {"schema": {"type": "string"}}}, "description": "The ad team's CSV."}
}


@router.get("/latest/advice.csv", response_class=Response, responses=CSV_RESPONSE)
def get_latest_advice_csv(uow: UowDep, _viewer: ReadDep, run_date: date | None = RunDateQuery) -> Response:
    """The latest plan's ad advice as the ad team's CSV (UTF-8 with BOM, ISO dates; opens in Excel as is)."""
    plan = latest_run(uow, run_date)
    with tempfile.TemporaryDirectory() as scratch:  # the writer takes a path (it is also the CLI's)
        body = write_advice_csv(plan.advice_frame(), Path(scratch) / "advice.csv").read_bytes()
    name = f"ad-advice-{plan.run_date.isoformat()}.csv"
    return Response(
        body, media_type="text/csv; charset=utf-8", headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )
