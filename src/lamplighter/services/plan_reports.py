"""Reading stored plans: the latest run as it was written, and one SKU's outlook (history and forecast).

Read-only use cases (one snapshot each): nothing is re-planned. The daily forecast is there
only for runs made with the forecasting engine (``PlanningCycleOptions.forecast``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd

from lamplighter.adapters.db.planning_repository import PlanningRepository
from lamplighter.domain.errors import DomainError, UnknownSku
from lamplighter.planning.advice import ADVICE_COLUMNS
from lamplighter.planning.demand import daily_demand
from lamplighter.services.unit_of_work import UnitOfWork


class NoPlanYet(DomainError, LookupError):
    """No plan is stored (for that date, when one was asked for)."""

    code = "no-plan"

    def __init__(self, run_date: date | None) -> None:
        when = f" for {run_date.isoformat()}" if run_date else ""
        super().__init__(f"no plan has been run{when}: run `lamplighter plan` or POST /api/v1/plans")
        self.run_date = run_date


@dataclass(frozen=True, slots=True)
class StoredPlan:
    """A run as stored: its settings, summary and rows (dicts with the table's columns)."""

    run_id: int
    run_date: date
    created_at: datetime
    fill_target: float
    horizon_days: int
    summary: dict[str, Any]
    suggestions: list[dict[str, Any]]
    alerts: list[dict[str, Any]]
    advice: list[dict[str, Any]]

    def advice_frame(self) -> pd.DataFrame:
        """The ad advice with ``planning.advice``'s columns (what the ad team's CSV writer takes)."""
        frame = pd.DataFrame(self.advice, columns=ADVICE_COLUMNS)
        return frame.astype({"days_of_cover": "float64", "throttle_to": "float64"})  # numeric even when empty

    def decisions(self) -> dict[str, list[dict[str, Any]]]:
        """What a person must decide: funded air shipments proposed, and ad pauses due by the run date + 2 days."""
        due = self.run_date + timedelta(days=2)
        return {
            "air": [s for s in self.suggestions if s["mode"] == "air" and s["within_budget"]],
            "pauses": [
                a for a in self.advice if a["action"] == "pause" and (a["pause_by"] is None or a["pause_by"] <= due)
            ],
        }


@dataclass(frozen=True, slots=True)
class SkuOutlook:
    """One SKU's daily demand before the plan's date and the stored forecast after it.

    ``history``: (day, units) with cancellations netted as planning nets them; zeros on
    days without sales. ``forecast``: dicts day, mean, q50, q90, q95, q99 (empty when the
    latest run kept no forecast). ``run_date`` is None when no plan has run.
    """

    sku: str
    run_date: date | None
    history: list[tuple[date, float]]
    forecast: list[dict[str, Any]]
    suggestions: list[dict[str, Any]] = field(default_factory=list)
    alerts: list[dict[str, Any]] = field(default_factory=list)
    advice: dict[str, Any] | None = None


def latest_run(uow: UnitOfWork, run_date: date | None = None) -> StoredPlan:
    """The newest stored plan (or the one of ``run_date``); :class:`NoPlanYet` when there is none."""
    with uow.reader() as reader:
        store = PlanningRepository(reader.connection)
        run = store.latest_run(run_date)
        if run is None:
            raise NoPlanYet(run_date)
        rows = {what: store.rows_of(run["id"], what) for what in ("suggestions", "alerts", "advice")}
    return StoredPlan(
        run_id=int(run["id"]),
        run_date=run["run_date"],
        created_at=run["created_at"],
        fill_target=float(run["fill_target"]),
        horizon_days=int(run["horizon_days"]),
        summary=dict(run["summary"]),
        **rows,
    )


def sku_outlook(uow: UnitOfWork, sku: str, days_back: int = 120) -> SkuOutlook:
    """``days_back`` days of ``sku``'s demand up to the latest plan's date (or its last sale) and that plan's forecast.

    :class:`UnknownSku` when the SKU is not in the catalog. Netting a SKU's cancellations only
    ever looks at that SKU's lines, so reading its lines alone gives planning's numbers.
    """
    with uow.reader() as reader:
        if not reader.skus.exists(sku):
            raise UnknownSku(sku)
        store = PlanningRepository(reader.connection)
        run = store.latest_run()
        lines = store.order_lines(sku)
        if run is None:
            return SkuOutlook(sku, None, _history(lines, None, days_back), [])
        run_id = int(run["id"])
        advice = store.rows_of_sku(run_id, "advice", sku)
        return SkuOutlook(
            sku,
            run["run_date"],
            _history(lines, run["run_date"], days_back),
            store.forecast_of(run_id, sku),
            store.rows_of_sku(run_id, "suggestions", sku),
            store.rows_of_sku(run_id, "alerts", sku),
            advice[0] if advice else None,
        )


def _history(lines: pd.DataFrame, end: date | None, days_back: int) -> list[tuple[date, float]]:
    """Daily demand in ``[end - days_back, end)``; without a plan, up to the day after the last sale."""
    if end is None:
        if lines.empty:
            return []
        end = (lines["ordered_at"].max().normalize() + pd.Timedelta(days=1)).date()
    start = end - timedelta(days=days_back)
    if lines.empty:
        return [(d.date(), 0.0) for d in pd.date_range(start, end, inclusive="left")]
    daily = daily_demand(lines, start, end)
    days = pd.date_range(start, end, inclusive="left")
    units = daily.groupby("ds")["y"].sum().reindex(days, fill_value=0.0)
    return [(d.date(), float(u)) for d, u in zip(days, units.to_numpy(), strict=True)]
