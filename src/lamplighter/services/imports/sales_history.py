"""Writing canonical order lines into ``sales_lines`` (the demand history planning reads).

Lines are keyed by ``(channel, order_id, kind, line_no)``. A line already stored with the
same SKU and quantity is unchanged; one stored with a different SKU or quantity, or a new
line for an order that an earlier import already holds, is a conflict ("duplicate order id
with different lines") and rejects the file. Cancel lines for an order that was stored
open are new lines, not conflicts: the order has been cancelled since.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import select

from lamplighter.adapters.db.tables_imports import sales_lines
from lamplighter.adapters.files.tabular import ImportErrorReport
from lamplighter.services.imports.batches import ImportSummary
from lamplighter.services.unit_of_work import UnitOfWork

_IN_CHUNK = 500  # bound parameters per IN (...) query, below SQLite's limit


@dataclass(slots=True)
class SalesWriter:
    """Writes one import's sales lines, chunk by chunk, inside the import's transaction."""

    uow: UnitOfWork
    channel: str
    summary: ImportSummary
    report: ImportErrorReport
    ours: set[str] = field(default_factory=set)
    """Orders this batch has written lines for (an order may span two chunks of a file)."""

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
        self.uow.connection.execute(sales_lines.insert(), self._records(new))
        kinds = new["kind"].value_counts()
        self.summary.count("sales_lines_added", int(kinds.get("order", 0)))
        self.summary.count("cancel_lines_added", int(kinds.get("cancel", 0)))

    def _records(self, new: pd.DataFrame) -> list[dict[str, object]]:
        customer = new["customer"].astype(object).where(new["customer"].notna(), None)
        return [
            {
                "batch_id": self.summary.batch_id,
                "channel": self.channel,
                "order_id": o,
                "kind": k,
                "line_no": n,
                "sku": s,
                "quantity": q,
                "ordered_at": t,
                "unit_price": p,
                "customer": c,
            }
            for o, k, n, s, q, t, p, c in zip(
                new["order_id"].tolist(),
                new["kind"].tolist(),
                new["line_no"].tolist(),
                new["sku"].tolist(),
                new["quantity"].tolist(),
                new["ordered_at"].astype(object).tolist(),
                new["unit_price"].tolist(),
                customer.tolist(),
                strict=True,
            )
        ]

    def _stored(self, frame: pd.DataFrame) -> dict[tuple[str, str, int], tuple[str, int]]:
        """Lines already stored for the frame's orders (other than those this batch wrote)."""
        ids = sorted(set(frame["order_id"].unique().tolist()) - self.ours)
        found: dict[tuple[str, str, int], tuple[str, int]] = {}
        t = sales_lines.c
        for start in range(0, len(ids), _IN_CHUNK):
            query = select(t.order_id, t.kind, t.line_no, t.sku, t.quantity).where(
                t.channel == self.channel, t.order_id.in_(ids[start : start + _IN_CHUNK])
            )
            for order_id, kind, line_no, sku, quantity in self.uow.connection.execute(query):
                found[(order_id, kind, int(line_no))] = (sku, int(quantity))
        return found

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
