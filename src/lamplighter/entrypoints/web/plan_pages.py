"""The planner's page: run the daily plan and read its purchase suggestions, alerts and ad advice.

The suggestions table sorts by any column and exports to CSV in the browser (the table
is the data). Opening the page shows the latest stored run (``services.plan_reports``);
running it again is a button.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from lamplighter.entrypoints.api.deps import UowDep
from lamplighter.entrypoints.api.roles import Scope
from lamplighter.entrypoints.api.routes.plans import plan_out, stored_plan_out
from lamplighter.entrypoints.api.security import PlanDep
from lamplighter.entrypoints.web.templating import NAV, NavItem, render
from lamplighter.services.plan_reports import NoPlanYet, latest_run
from lamplighter.services.planning_cycle import PlanningCycleOptions, run_planning_cycle, with_fill_and_budget

router = APIRouter()
NAV.append(NavItem("Plan", "/plan", Scope.PLAN))


@router.get("/plan")
def plan_page(request: Request, uow: UowDep, _planner: PlanDep) -> Response:
    """The latest stored plan as it was written (nothing is re-run), with the form to run another."""
    try:
        plan = stored_plan_out(latest_run(uow))
    except NoPlanYet:
        return render(request, "plan.html", plan=None, run_date=None, stored=False)
    return render(request, "plan.html", plan=plan, run_date=plan.run_date, stored=True)


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
    return render(request, "plan.html", plan=plan, run_date=plan.run_date, stored=False)
