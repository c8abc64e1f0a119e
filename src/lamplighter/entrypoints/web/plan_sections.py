"""Sections of other pages drawn from the latest stored plan: a SKU's outlook, the overview's alerts and decisions.

Read from the store (``services.plan_reports``); nothing is re-planned to draw a page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from markupsafe import Markup

from lamplighter.entrypoints.web.charts import ForecastPoint, demand_chart
from lamplighter.entrypoints.web.templating import templates
from lamplighter.services.plan_reports import NoPlanYet, StoredPlan, latest_run, sku_outlook
from lamplighter.services.unit_of_work import UnitOfWork

ALERTS_SHOWN = 8
_SEVERITY_ORDER = {"critical": 0, "warning": 1, "info": 2}


def sku_outlook_section(uow: UnitOfWork, code: str) -> Markup:
    """The SKU page's chart (history, forecast, q50–q90 band), its replenishment suggestion and its ad advice."""
    outlook = sku_outlook(uow, code)
    points = [
        ForecastPoint(f["day"], f["mean"], _or(f["q50"], f["mean"]), _or(f["q90"], f["mean"])) for f in outlook.forecast
    ]
    chart = demand_chart(outlook.history, points, band_label="q50–q90 band")
    forecast_mean = sum(p.mean for p in points) / len(points) if points else None
    html = templates.env.get_template("_sku_outlook.html").render(
        outlook=outlook, chart=chart, sold=sum(u for _, u in outlook.history), forecast_mean=forecast_mean
    )
    return Markup(html)  # rendered by the autoescaping environment: safe as it is


def _or(value: float | None, fallback: float) -> float:
    return fallback if value is None else float(value)


@dataclass(frozen=True, slots=True)
class PlanDigest:
    """What the overview shows of the latest plan: its date, the top alerts and the decisions waiting."""

    plan: StoredPlan
    top_alerts: list[dict[str, Any]]
    air: list[dict[str, Any]]
    pauses: list[dict[str, Any]]


def plan_digest(uow: UnitOfWork, shown: int = ALERTS_SHOWN) -> PlanDigest | None:
    """The latest plan's most urgent alerts (critical first, soonest first) and its decisions; None before any plan."""
    try:
        plan = latest_run(uow)
    except NoPlanYet:
        return None
    alerts = sorted(
        plan.alerts,
        key=lambda a: (_SEVERITY_ORDER.get(a["severity"], 3), a["alert_date"] or date.max, a["sku"]),
    )
    decisions = plan.decisions()
    return PlanDigest(plan, alerts[:shown], decisions["air"], decisions["pauses"])
