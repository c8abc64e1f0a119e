"""One SKU's outlook (viewer): daily demand history and the latest plan's forecast, suggestion and advice."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from lamplighter.entrypoints.api.deps import UowDep
from lamplighter.entrypoints.api.problems import PROBLEM_RESPONSES
from lamplighter.entrypoints.api.routes.plans import AdviceOut, AlertOut, SuggestionOut
from lamplighter.entrypoints.api.security import ReadDep
from lamplighter.services.plan_reports import SkuOutlook, sku_outlook

router = APIRouter(prefix="/skus", tags=["planning"], responses=PROBLEM_RESPONSES)


class DemandDayOut(BaseModel):
    day: date
    units: float = Field(description="Units ordered and not cancelled (cancellations netted as planning does).")


class ForecastDayOut(BaseModel):
    day: date
    mean: float
    q50: float | None
    q90: float | None
    q95: float | None
    q99: float | None


class OutlookOut(BaseModel):
    sku: str
    run_date: date | None = Field(description="Date of the plan the forecast comes from (None: no plan yet).")
    history: list[DemandDayOut]
    forecast: list[ForecastDayOut] = Field(description="Empty when the plan ran without the forecasting engine.")
    suggestions: list[SuggestionOut]
    alerts: list[AlertOut]
    advice: AdviceOut | None


def outlook_out(outlook: SkuOutlook) -> OutlookOut:
    return OutlookOut(
        sku=outlook.sku,
        run_date=outlook.run_date,
        history=[DemandDayOut(day=d, units=u) for d, u in outlook.history],
        forecast=[ForecastDayOut.model_validate(r) for r in outlook.forecast],
        suggestions=[SuggestionOut.model_validate(r) for r in outlook.suggestions],
        alerts=[AlertOut.model_validate({**r, "date": r["alert_date"]}) for r in outlook.alerts],
        advice=AdviceOut.model_validate(outlook.advice) if outlook.advice else None,
    )


@router.get("/{code}/outlook")
def get_sku_outlook(
    code: str,
    uow: UowDep,
    _viewer: ReadDep,
    days_back: int = Query(120, ge=7, le=1100, description="Days of history before the plan's date."),
) -> OutlookOut:
    """Daily demand of a SKU before the latest plan's date and that plan's daily forecast with its quantiles."""
    return outlook_out(sku_outlook(uow, code, days_back))
