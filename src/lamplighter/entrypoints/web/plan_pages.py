"""The planner's page: run the daily plan and read its purchase suggestions, alerts and ad advice.

The suggestions table sorts by any column and exports to CSV in the browser (the table
is the data). Opening the page shows the latest stored run (``services.plan_reports``);
running it again is a button. The planner ticks suggestions, edits their quantities if need
be, and accepts them: each goes on order (``services.purchasing``).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from lamplighter.domain.errors import DomainError
from lamplighter.entrypoints.api.deps import UowDep
from lamplighter.entrypoints.api.roles import Scope
from lamplighter.entrypoints.api.routes.plans import plan_out, stored_plan_out
from lamplighter.entrypoints.api.security import PlanDep
from lamplighter.entrypoints.web.templating import NAV, NavItem, render
from lamplighter.services.plan_reports import NoPlanYet, latest_run
from lamplighter.services.planning_cycle import PlanningCycleOptions, run_planning_cycle, with_fill_and_budget
from lamplighter.services.purchasing import Acceptance, accept_suggestions, orders_placed

router = APIRouter()
NAV.append(NavItem("Plan", "/plan", Scope.PLAN))


@router.get("/plan")
def plan_page(request: Request, uow: UowDep, _planner: PlanDep) -> Response:
    """The latest stored plan as it was written (nothing is re-run), with the form to run another."""
    try:
        plan = stored_plan_out(latest_run(uow))
    except NoPlanYet:
        return render(request, "plan.html", plan=None, run_date=None, stored=False)
    return render(
        request, "plan.html", plan=plan, run_date=plan.run_date, stored=True, on_order=orders_placed(uow, plan.run_date)
    )


@router.post("/plan")
def run_plan(
    request: Request,
    uow: UowDep,
    _planner: PlanDep,
    run_date: Annotated[date | None, Form()] = None,
    service: Annotated[float, Form(ge=0.5, le=0.9999)] = 0.97,
    forecast: Annotated[bool, Form()] = False,
) -> Response:
    """Run the plan for a date and show it (the run is stored by date, replacing that date's)."""
    options = with_fill_and_budget(PlanningCycleOptions(run_date=run_date, forecast=forecast), service, None)
    plan = plan_out(run_planning_cycle(uow, options))
    return render(
        request,
        "plan.html",
        plan=plan,
        run_date=plan.run_date,
        stored=False,
        on_order=orders_placed(uow, plan.run_date),
    )


@router.post("/plan/accept")
async def accept_plan_rows(request: Request, uow: UowDep, planner: PlanDep) -> Response:
    """Put the ticked suggestions on order, with the quantities as edited; the page shows what happened."""
    form = await request.form()
    run_date = date.fromisoformat(str(form.get("run_date", "")))
    wanted = []
    problem = None
    for key in form.getlist("accept"):
        sku, _, mode = str(key).rpartition(":")
        text = str(form.get(f"qty:{key}", "")).strip()
        if text and not text.isdigit():
            problem = f"{sku} ({mode}): the quantity must be a whole number, got {text!r}"
            break
        wanted.append(Acceptance(sku, mode, int(text) if text else None))
    placed = []
    if problem is None and not wanted:
        problem = "tick the suggestions to accept first"
    if problem is None:
        try:
            actor = f"key {planner.prefix}"
            placed = await run_in_threadpool(accept_suggestions, uow, wanted, run_date, actor=actor)
        except DomainError as error:
            problem = f"nothing was ordered: {error}"
    plan = stored_plan_out(latest_run(uow, run_date))
    return render(
        request,
        "plan.html",
        status_code=200 if problem is None else 422,
        plan=plan,
        run_date=plan.run_date,
        stored=True,
        on_order=orders_placed(uow, plan.run_date),
        placed=placed,
        refused=problem,
    )
