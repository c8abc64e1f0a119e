"""Importing orders: TikTok Shop exports (live orders and history) and order-line history files.

What each order in a TikTok export becomes, by its status there:
- awaiting shipment / collection, on hold: an open order in the warehouse (``orders``),
  which ``allocate`` then serves; the same order imported again is left as it is;
- shipped, in transit, delivered, completed: sales history only -- the stock left before
  this system knew of it, so no stock moves;
- cancelled: sales history (an order line and a cancel line that nets it), and when the
  warehouse holds the order still open, it is cancelled and its reservations released;
- unpaid: sales history only, until an export shows it paid.
Every line of every order goes to ``sales_lines`` (the demand history).

``online-retail`` and ``lines`` files are history only: their lines stream into
``sales_lines`` chunk by chunk inside the one transaction (memory stays flat).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from lamplighter.adapters.db.catalog_repository import sku_row
from lamplighter.adapters.db.tables import skus
from lamplighter.adapters.db.types import utc_now
from lamplighter.adapters.files import order_lines as order_line_files
from lamplighter.adapters.files.order_lines import OrderFileError, iter_order_lines
from lamplighter.adapters.files.tabular import ImportErrorReport, reject
from lamplighter.adapters.files.tiktok_orders import CHANNEL, ChannelStatus, TikTokOrder, read_tiktok_orders
from lamplighter.domain.orders import OrderStatus
from lamplighter.domain.sku import Sku
from lamplighter.services.imports.batches import ImportOptions, ImportSummary, run_import
from lamplighter.services.imports.prefetch import prefetched
from lamplighter.services.imports.sales_history import SalesWriter
from lamplighter.services.locking import lock_orders
from lamplighter.services.orders import add_order, cancel_within
from lamplighter.services.unit_of_work import UnitOfWork

ORDER_FORMATS = order_line_files.FORMATS
_FOR_THE_WAREHOUSE = frozenset(
    {ChannelStatus.ON_HOLD, ChannelStatus.AWAITING_SHIPMENT, ChannelStatus.AWAITING_COLLECTION}
)
_STILL_IN_WAREHOUSE = (OrderStatus.OPEN, OrderStatus.ALLOCATED, OrderStatus.PICKING, OrderStatus.PACKED)
PLACEHOLDER_CATEGORY = "uncatalogued"


def import_orders(
    uow: UnitOfWork, path: str | Path, fmt: str = "tiktok", options: ImportOptions = ImportOptions()
) -> ImportSummary:
    """Import an order file of format ``tiktok``, ``online-retail`` or ``lines`` (one transaction)."""
    if fmt == "tiktok":
        export = read_tiktok_orders(path, options.read)  # every cell checked before the transaction

        def write_tiktok(u: UnitOfWork, summary: ImportSummary) -> None:
            _write_tiktok(u, summary, export.orders, Path(path), options)
            summary.rows = export.rows
            if export.description_row_skipped:
                summary.skipped["description-row"] = 1

        return run_import(uow, "orders", [path], fmt, options, write_tiktok)
    if fmt not in ORDER_FORMATS:
        raise reject(path, f"a format among {', '.join(ORDER_FORMATS)}", got=fmt)
    return run_import(uow, "orders", [path], fmt, options, lambda u, s: _write_lines(u, s, Path(path), fmt, options))


# -- TikTok exports ---------------------------------------------------------------------------


def _write_tiktok(
    uow: UnitOfWork, summary: ImportSummary, orders: list[TikTokOrder], path: Path, options: ImportOptions
) -> None:
    report = ImportErrorReport(str(path))
    _check_skus(uow, summary, orders, report, options.create_missing_skus)
    report.raise_if_any()
    writer = SalesWriter(uow, CHANNEL, summary, report)
    frame, rows = _sales_frame(orders)
    writer.write(frame, rows)
    for n, order in enumerate(orders, start=1):
        _into_warehouse(uow, summary, order, report)
        options.progress(n, len(orders))
    report.raise_if_any()


def _check_skus(
    uow: UnitOfWork, summary: ImportSummary, orders: list[TikTokOrder], report: ImportErrorReport, create: bool
) -> None:
    lines = [line for order in orders for line in order.lines]
    known = set(uow.skus.many(line.sku for line in lines))
    missing = [line for line in lines if line.sku not in known]
    if create:
        names = {line.sku: line.extra.get("Product Name", "") for line in missing}
        _create_placeholders(uow, summary, names)
        return
    for line in missing:
        report.add(line.row, "Seller SKU", "a SKU of the catalog (import skus first, or --create-skus)", line.sku)


def _sales_frame(orders: list[TikTokOrder]) -> tuple[pd.DataFrame, pd.Series]:
    records: list[tuple[str, str, int, str, int, object, float, object, int]] = []
    for order in orders:
        buyer = order.extra.get("Buyer Username")
        for line in order.lines:
            records.append(
                (
                    order.external_id,
                    "order",
                    line.line_no,
                    line.sku,
                    line.quantity,
                    order.created_at,
                    line.unit_price,
                    buyer,
                    line.row,
                )
            )
            if order.status is ChannelStatus.CANCELLED:
                at = order.cancelled_at or order.created_at
                records.append(
                    (
                        order.external_id,
                        "cancel",
                        line.line_no,
                        line.sku,
                        line.quantity,
                        at,
                        line.unit_price,
                        buyer,
                        line.row,
                    )
                )
    columns = ["order_id", "kind", "line_no", "sku", "quantity", "ordered_at", "unit_price", "customer", "row"]
    frame = pd.DataFrame(records, columns=columns)
    frame["ordered_at"] = pd.to_datetime(frame["ordered_at"])
    return frame, frame["row"]


def _into_warehouse(uow: UnitOfWork, summary: ImportSummary, order: TikTokOrder, report: ImportErrorReport) -> None:
    existing = uow.orders.id_of(CHANNEL, order.external_id)
    stored = uow.orders.get(existing) if existing is not None else None
    if order.status in _FOR_THE_WAREHOUSE:
        if stored is None:
            add_order(uow, order.to_order())
            summary.count("orders_opened")
        elif sorted((ln.line_no, ln.sku, ln.quantity) for ln in stored.order.lines) != [
            (ln.line_no, ln.sku, ln.quantity) for ln in order.lines
        ]:
            report.add(
                order.first_row,
                "Order ID",
                f"order {order.external_id} with the lines it was imported with",
                "different lines",
            )
        else:
            summary.count("orders_unchanged")
    elif order.status is ChannelStatus.CANCELLED:
        if stored is not None and stored.order.status in _STILL_IN_WAREHOUSE:
            summary.count("units_released", _cancel(uow, existing, order))
            summary.count("orders_cancelled")
        else:
            summary.count("cancelled_orders_history")
    elif order.status is ChannelStatus.UNPAID:
        summary.count("unpaid_orders_history")
    else:
        summary.count("shipped_orders_history")
        if stored is not None and stored.order.status in _STILL_IN_WAREHOUSE:
            summary.notes.append(
                f"order {order.external_id} is {order.status.value} in the file but {stored.order.status.value} "
                "in the warehouse: left as it is (ship it through the warehouse)"
            )


def _cancel(uow: UnitOfWork, order_id: int | None, order: TikTokOrder) -> int:
    """Cancel a stored order inside this transaction: release reservations, mark unpicked units cancelled."""
    # Inside the import's transaction, so that a rejected file cancels nothing.
    assert order_id is not None
    lock_orders(uow, [order_id])
    stored = uow.orders.get(order_id)
    assert stored is not None
    return cancel_within(uow, stored)


def _create_placeholders(uow: UnitOfWork, summary: ImportSummary, names: dict[str, str]) -> None:
    """Catalog entries for SKUs known only from sales (default size; category ``uncatalogued``).

    A plain insert (the codes are known to be new): the repository's upsert compiles a
    statement per 500 rows, which costs seconds for the thousands of codes of a history file.
    """
    if not names:
        return
    now = utc_now()
    rows = [
        {
            **sku_row(Sku(code, name=(name or code)[:255], category=PLACEHOLDER_CATEGORY)),
            "created_at": now,
            "updated_at": now,
        }
        for code, name in sorted(names.items())
    ]
    uow.connection.execute(skus.insert(), rows)
    summary.count("skus_created", len(names))


# -- order-line history files (online-retail, lines) -------------------------------------------


def _write_lines(uow: UnitOfWork, summary: ImportSummary, path: Path, fmt: str, options: ImportOptions) -> None:
    report = ImportErrorReport(str(path))
    writer = SalesWriter(uow, fmt, summary, report)
    create = options.create_missing_skus or fmt == "online-retail"  # that file comes without a catalog
    known = uow.skus.codes()
    skipped: Counter[str] = Counter()
    descriptions: dict[str, str] = {}
    carried: dict[tuple[str, str], int] = {}
    done = 0
    read = iter_order_lines(path, fmt, chunk_rows=options.chunk_rows, skipped=skipped, descriptions=descriptions)  # type: ignore[arg-type]
    try:
        # Parsing and numbering run a chunk ahead in a reader thread; this thread only writes.
        for chunk in prefetched(_numbered(c, carried) for c in read):
            rows = None if fmt == "online-retail" else pd.Series(chunk.index + done + 2, index=chunk.index)
            unknown = set(chunk["sku"].unique().tolist()) - known
            if unknown and create:
                _create_placeholders(uow, summary, {code: descriptions.get(code, "") for code in unknown})
            elif unknown:
                for i in chunk.index[chunk["sku"].isin(unknown)][:50]:
                    row = int(rows[i]) if rows is not None else None
                    report.add(row, "sku", "a SKU of the catalog (or --create-skus)", chunk.at[i, "sku"])
            known |= unknown
            writer.write(chunk, rows)
            done += len(chunk)
            options.progress(done, None)
    except OrderFileError as exc:
        raise reject(path, str(exc).removeprefix(f"{path}: ")) from exc
    summary.rows = done + sum(skipped.values())  # lines read, kept or not
    summary.skipped.update(skipped)
    report.raise_if_any()


def _numbered(chunk: pd.DataFrame, carried: dict[tuple[str, str], int]) -> pd.DataFrame:
    """Number lines 1, 2, ... within each (order, kind), continuing across chunks of the file."""
    groups = chunk.groupby(["order_id", "kind"], sort=False)
    sizes = groups.size()  # one row per (order, kind), in order of first appearance, as ngroup numbers them
    keys: list[tuple[str, str]] = sizes.index.tolist()
    # One lookup per order, not per line: an order's earlier lines sit in ``carried``.
    starts = np.array([carried.get(key, 0) for key in keys], dtype="int64")
    numbered = chunk.assign(line_no=groups.cumcount().to_numpy() + 1 + starts[groups.ngroup().to_numpy()])
    carried.update(zip(keys, (starts + sizes.to_numpy()).tolist(), strict=True))
    return numbered
