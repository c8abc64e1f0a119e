"""The daily plan in the store: what it reads (sales, stock, stock on the way) and the runs it writes."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, delete, func, insert, select

from lamplighter.adapters.db.sales_history import read_sales_lines
from lamplighter.adapters.db.tables import locations, stock_balances, stock_moves, zones
from lamplighter.adapters.db.tables_planning import (
    planning_advice,
    planning_alerts,
    planning_forecasts,
    planning_runs,
    planning_suggestions,
)
from lamplighter.domain.layout import ZoneKind
from lamplighter.domain.ledger import VirtualLocation

FORECAST_COLUMNS = ("mean", "q50", "q90", "q95", "q99")
_NOT_SELLABLE = (ZoneKind.RETURNS.value, ZoneKind.QC.value)
_INBOUND = (VirtualLocation.SUPPLIER.value, VirtualLocation.IN_TRANSIT.value)


class PlanningRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def order_lines(self, sku: str | None = None) -> pd.DataFrame:
        """Imported sales lines as the canonical order-line frame (naive UTC timestamps); one SKU's when given."""
        return read_sales_lines(self._c, sku=sku)

    def sellable_stock(self) -> pd.Series:
        """Units on hand and not reserved per SKU, outside returns and QC zones."""
        query = (
            select(stock_balances.c.sku, func.sum(stock_balances.c.on_hand - stock_balances.c.reserved))
            .join(locations, locations.c.code == stock_balances.c.location)
            .join(zones, zones.c.code == locations.c.zone)
            .where(zones.c.kind.not_in(_NOT_SELLABLE))
            .group_by(stock_balances.c.sku)
        )
        rows = self._c.execute(query).all()
        return pd.Series({str(sku): float(units) for sku, units in rows}, dtype="float64")

    def in_transit(self) -> pd.DataFrame:
        """Open shipments: moves into IN_TRANSIT not yet received, oldest received first (FIFO).

        Columns sku, units, since (when the move was made), reference (free text; may carry
        ``sea``/``air`` and ``ETA YYYY-MM-DD``, as purchase orders recorded by the demo do).
        """
        into = select(stock_moves.c.sku, stock_moves.c.quantity, stock_moves.c.at, stock_moves.c.reference).where(
            stock_moves.c.destination == VirtualLocation.IN_TRANSIT.value
        )
        out = (
            select(stock_moves.c.sku, func.sum(stock_moves.c.quantity))
            .where(stock_moves.c.source == VirtualLocation.IN_TRANSIT.value)
            .group_by(stock_moves.c.sku)
        )
        shipped = pd.DataFrame(
            [tuple(r) for r in self._c.execute(into)], columns=["sku", "units", "since", "reference"]
        )
        if shipped.empty:
            return shipped
        received = pd.Series({str(k): float(v) for k, v in self._c.execute(out)}, dtype="float64")
        shipped = shipped.sort_values(["sku", "since"], kind="stable")
        before = shipped.groupby("sku")["units"].cumsum() - shipped["units"]
        done = shipped["sku"].map(received).fillna(0.0)
        shipped["units"] = (shipped["units"] - (done - before).clip(lower=0.0)).clip(lower=0.0)
        return shipped[shipped["units"] > 0].reset_index(drop=True)

    def receipts(self) -> pd.DataFrame:
        """Goods received (from SUPPLIER or IN_TRANSIT) per SKU and time: sku, at, units (for stock age)."""
        query = select(stock_moves.c.sku, stock_moves.c.at, stock_moves.c.quantity).where(
            stock_moves.c.source.in_(_INBOUND), stock_moves.c.destination.not_in(_INBOUND)
        )
        return pd.DataFrame([tuple(r) for r in self._c.execute(query)], columns=["sku", "at", "units"])

    def save_run(
        self,
        run_date: date,
        created_at: datetime,
        run: dict[str, Any],
        suggestions: pd.DataFrame,
        alerts: pd.DataFrame,
        advice: pd.DataFrame,
    ) -> int:
        """Store a run for ``run_date``, replacing an earlier run of the same date; returns its id."""
        self._c.execute(delete(planning_runs).where(planning_runs.c.run_date == run_date))
        run_id = int(
            self._c.execute(
                insert(planning_runs)
                .values(run_date=run_date, created_at=created_at, **run)
                .returning(planning_runs.c.id)
            ).scalar_one()
        )
        for table, frame in ((planning_suggestions, suggestions), (planning_alerts, alerts), (planning_advice, advice)):
            rows = [_clean({"run_id": run_id, **{str(k): v for k, v in r.items()}}) for r in frame.to_dict("records")]
            if rows:
                self._c.execute(insert(table), rows)
        return run_id

    def save_forecasts(self, run_id: int, daily: pd.DataFrame) -> int:
        """Store a run's daily forecast (unique_id, ds, mean and the quantile columns it has); returns rows written.

        Straight through the driver -- COPY on PostgreSQL, one executemany on SQLite: a catalog of
        thousands of SKUs x 8 weeks is hundreds of thousands of rows, and SQLAlchemy's per-row
        parameter processing would cost more than the database's own work.
        """
        if daily.empty:
            return 0
        frame = pd.DataFrame(
            {
                "run_id": run_id,
                "sku": daily["unique_id"].astype(str).to_numpy(),
                "day": np.datetime_as_string(daily["ds"].to_numpy(dtype="datetime64[D]"), unit="D"),
            }
        )
        for column in FORECAST_COLUMNS:
            values = daily[column].astype("float64") if column in daily else pd.Series(np.nan, index=daily.index)
            if column == "mean":
                values = values.fillna(0.0)  # a day the engine left blank expects nothing
            frame[column] = values.where(np.isfinite(values)).round(4).to_numpy()
        columns = ", ".join(frame.columns)
        if self._c.dialect.name == "postgresql":
            buffer = io.StringIO()
            frame.to_csv(buffer, header=False, index=False)  # NaN -> empty cell -> NULL
            cursor = self._c.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
            with cursor.copy(f"COPY {planning_forecasts.name} ({columns}) FROM STDIN (FORMAT csv)") as copy:
                copy.write(buffer.getvalue())
            return len(frame)
        rows = list(frame.astype(object).where(frame.notna(), None).itertuples(index=False, name=None))
        placeholders = ", ".join("?" * len(frame.columns))
        self._c.exec_driver_sql(f"INSERT INTO {planning_forecasts.name} ({columns}) VALUES ({placeholders})", rows)
        return len(rows)

    def prune_forecasts(self, keep: int) -> int:
        """Delete the daily forecasts of every run but the newest ``keep`` (by run date); returns rows deleted.

        The runs themselves, with their suggestions, alerts and advice, stay for comparison.
        """
        newest = select(planning_runs.c.id).order_by(planning_runs.c.run_date.desc()).limit(keep)
        kept = [int(i) for i in self._c.execute(newest).scalars()]
        query = delete(planning_forecasts)
        if kept:
            query = query.where(planning_forecasts.c.run_id.not_in(kept))
        return int(self._c.execute(query).rowcount or 0)

    def latest_run(self, run_date: date | None = None) -> dict[str, Any] | None:
        """The run of ``run_date``, or the newest run when None; None when there is none."""
        query = select(planning_runs).order_by(planning_runs.c.run_date.desc()).limit(1)
        if run_date is not None:
            query = query.where(planning_runs.c.run_date == run_date)
        row = self._c.execute(query).mappings().first()
        return dict(row) if row else None

    def forecast_of(self, run_id: int, sku: str) -> list[dict[str, Any]]:
        """One SKU's stored daily forecast in a run, by day (day, mean, q50, q90, q95, q99)."""
        columns = [planning_forecasts.c.day, *(planning_forecasts.c[c] for c in FORECAST_COLUMNS)]
        query = (
            select(*columns)
            .where(planning_forecasts.c.run_id == run_id, planning_forecasts.c.sku == sku)
            .order_by(planning_forecasts.c.day)
        )
        return [dict(r) for r in self._c.execute(query).mappings()]

    def rows_of_sku(self, run_id: int, what: str, sku: str) -> list[dict[str, Any]]:
        """``suggestions``, ``alerts`` or ``advice`` of one SKU in one run, in stored order."""
        table = {"suggestions": planning_suggestions, "alerts": planning_alerts, "advice": planning_advice}[what]
        query = select(table).where(table.c.run_id == run_id, table.c.sku == sku).order_by(table.c.id)
        return [dict(r) for r in self._c.execute(query).mappings()]

    def runs(self, limit: int = 30) -> list[dict[str, Any]]:
        """The latest runs, newest first (id, run_date, created_at, fill_target, horizon_days, skus, summary)."""
        query = select(planning_runs).order_by(planning_runs.c.run_date.desc()).limit(limit)
        return [dict(r) for r in self._c.execute(query).mappings()]

    def rows_of(self, run_id: int, what: str) -> list[dict[str, Any]]:
        """``suggestions``, ``alerts`` or ``advice`` of one run, in stored order."""
        table = {"suggestions": planning_suggestions, "alerts": planning_alerts, "advice": planning_advice}[what]
        query = select(table).where(table.c.run_id == run_id).order_by(table.c.id)
        return [dict(r) for r in self._c.execute(query).mappings()]


def _clean(row: dict[str, Any]) -> dict[str, Any]:
    """numpy scalars to Python, NaN and infinity to None (NUMERIC columns take neither)."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, np.generic):
            value = value.item()
        if isinstance(value, float) and not np.isfinite(value):
            value = None
        out[key] = value
    return out
