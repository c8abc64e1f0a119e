"""Floor KPIs from the store: totals, by day and by wave (computed by ``planning.kpis``)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pandas as pd

from lamplighter.adapters.db.picking_repository import PickingRepository
from lamplighter.config import business_now
from lamplighter.planning.kpis import floor_kpis, kpis_by
from lamplighter.services.unit_of_work import UnitOfWork, run_in_transaction

_ORDER_COLUMNS = ["order_ref", "paid_at", "ship_by", "shipped_at", "wave_id"]
_LIST_COLUMNS = [
    "pick_list_id", "wave_id", "started_at", "finished_at", "lines", "units", "metres", "short_lines", "refused_scans",
]  # fmt: skip


def _frame(rows: list[dict[str, Any]], columns: list[str], times: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    for column in times:
        # Naive UTC, so deadlines and timestamps compare on both backends.
        frame[column] = pd.to_datetime(frame[column], utc=True).dt.tz_localize(None)
    for column in ("metres",):
        if column in frame:
            frame[column] = frame[column].astype(float)
    return frame


def floor_report(uow: UnitOfWork, now: datetime | None = None) -> dict[str, Any]:
    """KPIs of every wave so far: ``totals``, ``by_day`` and ``by_wave``."""
    moment = (now or business_now()).astimezone(UTC).replace(tzinfo=None)

    def work(u: UnitOfWork) -> dict[str, Any]:
        repo = PickingRepository(u.connection)
        orders = _frame(repo.order_kpi_rows(), _ORDER_COLUMNS, ["paid_at", "ship_by", "shipped_at"])
        lists = _frame(repo.pick_list_kpi_rows(), _LIST_COLUMNS, ["started_at", "finished_at"])
        return {
            "totals": floor_kpis(orders, lists, moment).as_dict(),
            "by_day": kpis_by(orders, lists, moment, "day"),
            "by_wave": kpis_by(orders, lists, moment, "wave"),
        }

    return run_in_transaction(uow.reader(), work)
