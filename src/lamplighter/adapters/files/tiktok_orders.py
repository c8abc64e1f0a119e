"""TikTok Shop order exports (CSV or Excel): one row per SKU line, grouped into orders.

What real exports do and how it is handled here:
- an optional second row of field descriptions ("Platform unique order ID.") -- skipped;
- a UTF-8 byte-order mark and a tab after long numeric ids (Order ID, SKU ID, Tracking ID)
  so spreadsheets keep every digit -- stripped; ids are never read as numbers;
- US timestamps ``03/01/2026 10:00:00 AM`` (and ISO 8601 from the API);
- status words in the shop's language -- mapped through :data:`STATUS_WORDS`.
Columns this module does not use are kept, as text, in each order's ``extra``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

import pandas as pd

from lamplighter.adapters.files.tabular import (
    ImportErrorReport,
    ReadOptions,
    cell,
    duplicated_rows,
    read_table,
    require_columns,
    to_datetime,
    to_int,
    to_number,
)
from lamplighter.domain.orders import Order, OrderLine, OrderStatus

CHANNEL = "tiktok"
REQUIRED = ["Order ID", "Order Status", "Seller SKU", "Quantity", "Created Time"]
_TIMES = ["Paid Time", "RTS Time", "Shipped Time", "Delivered Time", "Cancelled Time"]
_LINE_COLUMNS = ["SKU ID", "Product Name", "Variation", "Sku Quantity of return", "SKU Subtotal After Discount"]
_USED = {*REQUIRED, *_TIMES, *_LINE_COLUMNS, "SKU Unit Original Price"}


class ChannelStatus(StrEnum):
    """TikTok's order statuses, language-free."""

    UNPAID = "unpaid"
    ON_HOLD = "on-hold"
    AWAITING_SHIPMENT = "awaiting-shipment"
    AWAITING_COLLECTION = "awaiting-collection"
    IN_TRANSIT = "in-transit"
    DELIVERED = "delivered"
    COMPLETED = "completed"
    CANCELLED = "cancelled"

    @property
    def order_status(self) -> OrderStatus:
        """Ours: gone from the warehouse -> shipped; cancelled; everything else still to pick -> open."""
        if self in _GONE:
            return OrderStatus.SHIPPED
        if self is ChannelStatus.CANCELLED:
            return OrderStatus.CANCELLED
        return OrderStatus.OPEN


_GONE = frozenset({ChannelStatus.IN_TRANSIT, ChannelStatus.DELIVERED, ChannelStatus.COMPLETED})

_S = ChannelStatus
# Status words as shops in each market export them (English, Spanish, Portuguese, Indonesian,
# Malay, Vietnamese, Thai, Filipino English). Keys are compared case-folded and NFC-normalised.
STATUS_WORDS: dict[str, ChannelStatus] = {
    # English
    "unpaid": _S.UNPAID, "awaiting payment": _S.UNPAID, "on hold": _S.ON_HOLD,
    "awaiting shipment": _S.AWAITING_SHIPMENT, "to ship": _S.AWAITING_SHIPMENT,
    "partially shipping": _S.AWAITING_SHIPMENT, "awaiting collection": _S.AWAITING_COLLECTION,
    "ready to ship": _S.AWAITING_COLLECTION, "in transit": _S.IN_TRANSIT, "shipped": _S.IN_TRANSIT,
    "delivered": _S.DELIVERED, "completed": _S.COMPLETED, "cancelled": _S.CANCELLED, "canceled": _S.CANCELLED,
    # Spanish / Portuguese
    "no pagado": _S.UNPAID, "pendiente de pago": _S.UNPAID, "aguardando pagamento": _S.UNPAID,
    "en espera": _S.ON_HOLD, "pendiente de envío": _S.AWAITING_SHIPMENT, "por enviar": _S.AWAITING_SHIPMENT,
    "esperando envío": _S.AWAITING_SHIPMENT, "aguardando envio": _S.AWAITING_SHIPMENT,
    "esperando recogida": _S.AWAITING_COLLECTION, "pendiente de recogida": _S.AWAITING_COLLECTION,
    "enviado": _S.IN_TRANSIT, "en tránsito": _S.IN_TRANSIT, "em trânsito": _S.IN_TRANSIT,
    "entregado": _S.DELIVERED, "entregue": _S.DELIVERED, "completado": _S.COMPLETED, "concluído": _S.COMPLETED,
    "cancelado": _S.CANCELLED,
    # Indonesian / Malay
    "belum dibayar": _S.UNPAID, "menunggu pembayaran": _S.UNPAID, "ditahan": _S.ON_HOLD,
    "perlu dikirim": _S.AWAITING_SHIPMENT, "menunggu pengiriman": _S.AWAITING_SHIPMENT,
    "akan dikirim": _S.AWAITING_SHIPMENT, "menunggu penghantaran": _S.AWAITING_SHIPMENT,
    "untuk dihantar": _S.AWAITING_SHIPMENT, "menunggu diambil": _S.AWAITING_COLLECTION,
    "menunggu pengambilan": _S.AWAITING_COLLECTION, "menunggu kutipan": _S.AWAITING_COLLECTION,
    "dikirim": _S.IN_TRANSIT, "dalam pengiriman": _S.IN_TRANSIT, "sedang dikirim": _S.IN_TRANSIT,
    "dihantar": _S.IN_TRANSIT, "dalam transit": _S.IN_TRANSIT, "terkirim": _S.DELIVERED,
    "sudah diterima": _S.DELIVERED, "telah diterima": _S.DELIVERED, "telah dihantar": _S.DELIVERED,
    "diterima": _S.DELIVERED, "selesai": _S.COMPLETED, "dibatalkan": _S.CANCELLED,
    # Vietnamese (both tone-mark placements of "hủy")
    "chưa thanh toán": _S.UNPAID, "chờ thanh toán": _S.UNPAID, "tạm giữ": _S.ON_HOLD,
    "chờ giao hàng": _S.AWAITING_SHIPMENT, "chờ vận chuyển": _S.AWAITING_SHIPMENT,
    "chờ lấy hàng": _S.AWAITING_COLLECTION, "đang giao": _S.IN_TRANSIT, "đang vận chuyển": _S.IN_TRANSIT,
    "đang giao hàng": _S.IN_TRANSIT, "đã giao": _S.DELIVERED, "đã giao hàng": _S.DELIVERED,
    "đã hoàn thành": _S.COMPLETED, "hoàn thành": _S.COMPLETED, "đã hủy": _S.CANCELLED, "đã huỷ": _S.CANCELLED,
    # Thai
    "ยังไม่ชำระเงิน": _S.UNPAID, "รอการชำระเงิน": _S.UNPAID, "ระงับไว้": _S.ON_HOLD,
    "ที่ต้องจัดส่ง": _S.AWAITING_SHIPMENT, "รอจัดส่ง": _S.AWAITING_SHIPMENT, "รอการจัดส่ง": _S.AWAITING_SHIPMENT,
    "รอรับพัสดุ": _S.AWAITING_COLLECTION, "กำลังจัดส่ง": _S.IN_TRANSIT, "จัดส่งแล้ว": _S.IN_TRANSIT,
    "จัดส่งสำเร็จ": _S.DELIVERED, "ได้รับแล้ว": _S.DELIVERED, "สำเร็จ": _S.COMPLETED,
    "เสร็จสมบูรณ์": _S.COMPLETED, "ยกเลิก": _S.CANCELLED, "ยกเลิกแล้ว": _S.CANCELLED,
}  # fmt: skip


def status_key(word: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", word).strip().casefold())


_STATUS_BY_KEY = {status_key(k): v for k, v in STATUS_WORDS.items()}


@dataclass(frozen=True, slots=True)
class TikTokLine:
    line_no: int
    sku: str
    quantity: int
    unit_price: float
    row: int
    """Spreadsheet row of this line (header = 1)."""
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TikTokOrder:
    external_id: str
    status: ChannelStatus
    created_at: datetime
    paid_at: datetime | None
    shipped_at: datetime | None
    cancelled_at: datetime | None
    lines: tuple[TikTokLine, ...]
    first_row: int
    extra: dict[str, str] = field(default_factory=dict)
    """Columns not used above, as written in the file (first row of the order)."""

    @property
    def order_status(self) -> OrderStatus:
        return self.status.order_status

    def to_order(self) -> Order:
        """The domain order (status already ours); ``extra`` holds the channel status word too."""
        lines = [OrderLine(li.line_no, li.sku, li.quantity, li.unit_price) for li in self.lines]
        extra = {"channel_status": self.status.value, **self.extra}
        return Order(CHANNEL, self.external_id, lines, self.created_at, self.paid_at, None, self.order_status, 0, extra)


@dataclass(slots=True)
class TikTokOrderFile:
    orders: list[TikTokOrder]
    rows: int
    description_row_skipped: bool


def read_tiktok_orders(path: str | Path, options: ReadOptions = ReadOptions()) -> TikTokOrderFile:
    """Read and check a whole export; raises FileRejected listing every bad cell (file, row, column)."""
    report = ImportErrorReport(str(path))
    frame = read_table(path, options)
    require_columns(frame, REQUIRED, report)
    report.raise_if_any()
    skipped = _is_description_row(frame)
    if skipped:
        frame = frame.iloc[1:]
    if frame.empty:
        report.add(None, None, "at least one order row", got="only a header")
        report.raise_if_any()
    parsed = _parse_cells(frame, report)
    _check_orders_agree(frame, parsed, report)
    report.raise_if_any()
    return TikTokOrderFile(_group(frame, parsed), len(frame), skipped)


def _is_description_row(frame: pd.DataFrame) -> bool:
    """The second row of some exports describes each field in words, instead of holding an order."""
    if frame.empty:
        return False
    first = frame.iloc[0]
    quantity_is_text = not re.fullmatch(r"[\d,.]+", first["Quantity"])
    id_is_text = not re.fullmatch(r"[\w-]+", first["Order ID"])
    return quantity_is_text and id_is_text


def _parse_cells(frame: pd.DataFrame, report: ImportErrorReport) -> pd.DataFrame:
    for column in ("Order ID", "Seller SKU"):
        blank = frame[column] == ""
        for row in frame.index[blank][:20]:
            report.add(int(row), column, "a value", got="")
    keys = frame["Order Status"].map(status_key)
    status = keys.map(_STATUS_BY_KEY)
    for row in frame.index[status.isna()][:50]:
        report.add(
            int(row),
            "Order Status",
            "a TikTok order status (e.g. Awaiting shipment, Completed)",
            cell(frame, row, "Order Status"),
        )
    parsed = pd.DataFrame(index=frame.index)
    parsed["status"] = status
    parsed["quantity"] = to_int(frame, "Quantity", report, minimum=1)
    parsed["created_at"] = to_datetime(frame, "Created Time", report)
    for column in _TIMES:
        parsed[column] = to_datetime(frame, column, report, required=False) if column in frame else pd.NaT
    price = "SKU Unit Original Price"
    parsed["unit_price"] = to_number(frame, price, report, minimum=0, required=False) if price in frame else 0.0
    line_key = ["Order ID", "SKU ID" if "SKU ID" in frame else "Seller SKU"]
    duplicated_rows(frame, line_key, report, "SKU line of an order")
    return parsed


def _check_orders_agree(frame: pd.DataFrame, parsed: pd.DataFrame, report: ImportErrorReport) -> None:
    """Rows of one order must agree on its status and creation time."""
    for column, values in (("Order Status", parsed["status"]), ("Created Time", parsed["created_at"])):
        first = values.groupby(frame["Order ID"], sort=False).transform("first")
        first_row = pd.Series(frame.index, index=frame.index).groupby(frame["Order ID"], sort=False).transform("min")
        differs = (values != first) & values.notna() & first.notna()
        for row in frame.index[differs][:20]:
            expected = f"the same value as row {int(first_row[row])} of order {cell(frame, row, 'Order ID')}"
            report.add(int(row), column, expected, cell(frame, row, column))


def _group(frame: pd.DataFrame, parsed: pd.DataFrame) -> list[TikTokOrder]:
    extra_columns = [c for c in frame.columns if c not in _USED]
    line_columns = [c for c in _LINE_COLUMNS if c in frame.columns]
    text: dict[int, dict[str, str]] = frame.to_dict("index")  # type: ignore[assignment]
    facts: dict[int, dict[str, Any]] = parsed.to_dict("index")  # type: ignore[assignment]
    orders: list[TikTokOrder] = []
    for order_id, rows in frame.groupby("Order ID", sort=False).groups.items():
        head = int(rows[0])
        first, cells = facts[head], text[head]
        lines = tuple(
            TikTokLine(
                n,
                text[r]["Seller SKU"],
                int(facts[r]["quantity"]),
                float(facts[r]["unit_price"]),
                int(r),
                {c: text[r][c] for c in line_columns if text[r][c]},
            )
            for n, r in enumerate(rows, start=1)
        )
        orders.append(
            TikTokOrder(
                str(order_id),
                ChannelStatus(first["status"]),
                first["created_at"].to_pydatetime(),
                _when(first["Paid Time"]),
                _when(first["Shipped Time"]),
                _when(first["Cancelled Time"]),
                lines,
                head,
                {c: cells[c] for c in extra_columns if cells[c]},
            )
        )
    return orders


def _when(value: Any) -> datetime | None:
    return None if pd.isna(value) else pd.Timestamp(value).to_pydatetime()


def canonical_order_lines(path: str | Path, options: ReadOptions = ReadOptions()) -> pd.DataFrame:
    """The export as the canonical order-line frame of ``order_lines`` (demand for planning).

    Every line is an ``order`` line at its creation time; a cancelled order adds a
    ``cancel`` line per line (at its cancellation time) that nets it out.
    """
    from lamplighter.adapters.files.order_lines import CANONICAL_COLUMNS

    export = read_tiktok_orders(path, options)
    rows: list[tuple[str, str, int, datetime, float, object, str]] = []
    for order in export.orders:
        buyer = order.extra.get("Buyer Username") or order.extra.get("Buyer Nickname")
        for line in order.lines:
            rows.append((order.external_id, line.sku, line.quantity, order.created_at, line.unit_price, buyer, "order"))
            if order.status is ChannelStatus.CANCELLED:
                at = order.cancelled_at or order.created_at
                rows.append((order.external_id, line.sku, line.quantity, at, line.unit_price, buyer, "cancel"))
    frame = pd.DataFrame(rows, columns=CANONICAL_COLUMNS)
    frame["quantity"] = frame["quantity"].astype("int64")
    frame["ordered_at"] = pd.to_datetime(frame["ordered_at"])
    frame["unit_price"] = frame["unit_price"].astype("float64")
    return frame
