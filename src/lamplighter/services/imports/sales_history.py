"""Writing canonical order lines into ``sales_lines`` (the demand history planning reads).

Lines are keyed by ``(channel, order_id, kind, line_no)``. A line already stored with the
same SKU and quantity is unchanged; one stored with a different SKU or quantity, or a new
line for an order that an earlier import already holds, is a conflict ("duplicate order id
with different lines") and rejects the file. Cancel lines for an order that was stored
open are new lines, not conflicts: the order has been cancelled since.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Connection, select

from lamplighter.adapters.db.tables_imports import sales_lines
from lamplighter.adapters.files.tabular import ImportErrorReport
from lamplighter.services.imports.batches import ImportSummary
from lamplighter.services.unit_of_work import UnitOfWork

_IN_CHUNK = 500  # bound parameters per IN (...) query, below SQLite's limit
_COLUMNS = (
    "channel",
    "order_id",
    "kind",
    "line_no",
    "sku",
    "quantity",
    "ordered_at",
    "unit_price",
    "customer",
    "batch_id",
)


def copy_rows(connection: Connection, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """PostgreSQL ``COPY sales_lines (columns) FROM STDIN`` of ``rows`` through psycopg 3."""
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    with cursor.copy(f"COPY sales_lines ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


@dataclass(slots=True)
class SalesWriter:
    """Writes one import's sales lines, chunk by chunk, inside the import's transaction."""

    uow: UnitOfWork
    channel: str
    summary: ImportSummary
    report: ImportErrorReport
    ours: set[str] = field(default_factory=set)
    """Orders this batch has written lines for (an order may span two chunks of a file)."""
    earlier: set[str] | None = None
    """Orders of this channel stored before this import (read once: a fresh history needs no lookups)."""

    def write(self, frame: pd.DataFrame, rows: pd.Series | None = None) -> None:
        """Write a frame of canonical lines with a ``line_no`` column; ``rows`` = file rows for errors."""
        if frame.empty:
            return
        stored = self._stored(frame)
        is_new = pd.Series(True, index=frame.index)
        if stored:
            is_new = self._check_against(frame, stored, rows)
        new = frame[is_new]
        self.summary.count("sales_lines_unchanged", int((~is_new).sum()))
        if self.report or new.empty:
            return
        self.ours.update(new["order_id"].unique().tolist())
        self._insert(new)
        kinds = new["kind"].value_counts()
        self.summary.count("sales_lines_added", int(kinds.get("order", 0)))
        self.summary.count("cancel_lines_added", int(kinds.get("cancel", 0)))

    def _insert(self, new: pd.DataFrame) -> None:
        """Bulk insert straight through the driver: COPY on PostgreSQL, executemany on SQLite.

        This is the hot path of a 370k-line history import; SQLAlchemy's per-row parameter
        processing would cost more than the database's own work.
        """
        connection = self.uow.connection
        batch = self.summary.batch_id
        customer = new["customer"].astype(object).where(new["customer"].notna(), None)
        base = [new["order_id"], new["kind"], new["line_no"], new["sku"], new["quantity"]]
        if connection.dialect.name == "postgresql":
            at = new["ordered_at"].dt.tz_localize("UTC").astype(object)
            rows = zip(*(c.tolist() for c in (*base, at, new["unit_price"], customer)), strict=True)
            copy_rows(connection, _COLUMNS, ((self.channel, *r, batch) for r in rows))
            return
        # Stored as SQLAlchemy stores UtcDateTime on SQLite: naive UTC text with microseconds.
        at = new["ordered_at"].dt.strftime("%Y-%m-%d %H:%M:%S.%f")
        rows = zip(*(c.tolist() for c in (*base, at, new["unit_price"], customer)), strict=True)
        placeholders = ", ".join("?" * len(_COLUMNS))
        statement = f"INSERT INTO sales_lines ({', '.join(_COLUMNS)}) VALUES ({placeholders})"
        connection.exec_driver_sql(statement, [(self.channel, *r, batch) for r in rows])

    def _stored(self, frame: pd.DataFrame) -> dict[tuple[str, str, int], tuple[str, int]]:
        """Lines already stored for the frame's orders (other than those this batch wrote)."""
        if self.earlier is None:
            self.earlier = self._earlier_orders()
        ids = sorted((set(frame["order_id"].unique().tolist()) & self.earlier) - self.ours)
        found: dict[tuple[str, str, int], tuple[str, int]] = {}
        t = sales_lines.c
        for start in range(0, len(ids), _IN_CHUNK):
            query = select(t.order_id, t.kind, t.line_no, t.sku, t.quantity).where(
                t.channel == self.channel, t.order_id.in_(ids[start : start + _IN_CHUNK])
            )
            for order_id, kind, line_no, sku, quantity in self.uow.connection.execute(query):
                found[(order_id, kind, int(line_no))] = (sku, int(quantity))
        return found

    def _earlier_orders(self) -> set[str]:
        query = select(sales_lines.c.order_id).where(sales_lines.c.channel == self.channel).distinct()
        return set(self.uow.connection.execute(query).scalars())

    def _check_against(
        self, frame: pd.DataFrame, stored: dict[tuple[str, str, int], tuple[str, int]], rows: pd.Series | None
    ) -> pd.Series:
        """True for lines to insert; reports lines that contradict what is stored."""
        orders_stored = {k[0] for k in stored}
        is_new = pd.Series(True, index=frame.index)
        for i, order_id, kind, line_no, sku, quantity in zip(
            frame.index,
            frame["order_id"],
            frame["kind"],
            frame["line_no"],
            frame["sku"],
            frame["quantity"],
            strict=True,
        ):
            before = stored.get((order_id, kind, int(line_no)))
            if before is not None:
                is_new[i] = False
                if before != (sku, int(quantity)):
                    self._conflict(
                        rows, i, order_id, f"line {line_no} was {before[1]} x {before[0]}", f"{quantity} x {sku}"
                    )
            elif kind == "order" and order_id in orders_stored:
                self._conflict(
                    rows,
                    i,
                    order_id,
                    f"no line {line_no} (the order was imported with fewer lines)",
                    f"{quantity} x {sku}",
                )
        return is_new

    def _conflict(self, rows: pd.Series | None, i: int, order_id: str, expected: str, got: str) -> None:
        row = int(rows[i]) if rows is not None else None
        self.report.add(row, "order_id", f"order {order_id} as imported before: {expected}", got)
