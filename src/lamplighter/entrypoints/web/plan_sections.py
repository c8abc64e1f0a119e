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
KIND_LABELS = {
    "stockout_before_arrival": "stock-out first",
    "below_safety_stock": "below safety",
    "slow_mover": "slow mover",
    "overstock": "overstock",
}
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
    top = [{**a, "label": KIND_LABELS.get(a["kind"], a["kind"]), "numbers": alert_numbers(a)} for a in alerts[:shown]]
    return PlanDigest(plan, top, decisions["air"], decisions["pauses"])


def alert_numbers(alert: dict[str, Any]) -> str:
    """The numbers behind an alert in a few words (what ``value`` and ``threshold`` mean depends on its kind)."""
    value, threshold = alert["value"], alert["threshold"]

    def n(x: float | None) -> str:
        return "–" if x is None else "never" if x == float("inf") else f"{x:,.0f}"

    words = {
        "stockout_before_arrival": f"out in {n(value)} d, "
        + ("nothing on the way" if threshold is None else f"stock arrives in {n(threshold)} d"),
        "below_safety_stock": f"{n(value)} on hand, safety stock {n(threshold)}",
        "slow_mover": f"{n(value)} days of supply",
        "overstock": f"{n(value)} units above order-up-to {n(threshold)}",
    }
    return words.get(alert["kind"], f"{n(value)} against {n(threshold)}")
