"""The imported sales history as the canonical order-line frame that planning and slotting read."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
from sqlalchemy import Connection, select

from lamplighter.adapters.db.tables_imports import sales_lines
from lamplighter.adapters.files.order_lines import CANONICAL_COLUMNS


def read_sales_lines(connection: Connection, *, sku: str | None = None, since: datetime | None = None) -> pd.DataFrame:
    """Sales lines (orders and cancels) with naive UTC timestamps; one SKU's, or from ``since``, when given."""
    query = select(
        (sales_lines.c.channel + ":" + sales_lines.c.order_id).label("order_id"),
        sales_lines.c.sku,
        sales_lines.c.quantity,
        sales_lines.c.ordered_at,
        sales_lines.c.unit_price,
        sales_lines.c.customer,
        sales_lines.c.kind,
    )
    if sku is not None:
        query = query.where(sales_lines.c.sku == sku)
    if since is not None:
        query = query.where(sales_lines.c.ordered_at >= since)
    frame = pd.DataFrame([tuple(r) for r in connection.execute(query)], columns=CANONICAL_COLUMNS)
    frame["ordered_at"] = pd.to_datetime(frame["ordered_at"], utc=True).dt.tz_localize(None)
    return frame
