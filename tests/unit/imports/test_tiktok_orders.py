"""TikTok Shop order exports: quirks of real exports, statuses, grouping, the canonical frame."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lamplighter.adapters.files.order_lines import CANONICAL_COLUMNS, read_order_lines
from lamplighter.adapters.files.tabular import FileRejected
from lamplighter.adapters.files.tiktok_orders import (
    STATUS_WORDS,
    ChannelStatus,
    canonical_order_lines,
    read_tiktok_orders,
    status_key,
)
from lamplighter.domain.orders import OrderStatus

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "imports"
US = FIXTURES / "tiktok_orders_us.csv"


def test_skips_the_description_row_and_groups_sku_lines_into_orders() -> None:
    export = read_tiktok_orders(US)
    assert export.description_row_skipped
    assert export.rows == 8
    first = export.orders[0]
    assert first.external_id == "576461413038785012"
    assert [(ln.sku, ln.quantity, ln.row) for ln in first.lines] == [("LL-SUNSET-01", 2, 3), ("LL-BULB-E27", 1, 4)]


def test_ids_lose_their_trailing_tab_and_keep_every_digit() -> None:
    export = read_tiktok_orders(US)
    completed = next(o for o in export.orders if o.status is ChannelStatus.COMPLETED)
    assert completed.external_id == "576461413038785013"
    assert completed.extra["Tracking ID"] == "9400111899223345566778"
    assert completed.lines[0].extra["SKU ID"] == "1729385610250141002"


def test_reads_us_times_with_am_pm() -> None:
    order = read_tiktok_orders(US).orders[1]
    assert order.created_at == datetime(2026, 2, 20, 21, 15)
    assert order.shipped_at == datetime(2026, 2, 21, 14, 0)


def test_statuses_map_to_ours() -> None:
    by_id = {o.external_id: o for o in read_tiktok_orders(US).orders}
    assert by_id["576461413038785012"].order_status is OrderStatus.OPEN
    assert by_id["576461413038785013"].order_status is OrderStatus.SHIPPED
    assert by_id["576461413038785014"].order_status is OrderStatus.SHIPPED
    assert by_id["576461413038785015"].order_status is OrderStatus.CANCELLED
    assert by_id["576461413038785016"].order_status is OrderStatus.SHIPPED


def test_localised_status_words_and_iso_times() -> None:
    statuses = [o.status for o in read_tiktok_orders(FIXTURES / "tiktok_orders_localised.csv").orders]
    assert statuses == [
        ChannelStatus.AWAITING_SHIPMENT,  # Pendiente de envío
        ChannelStatus.COMPLETED,  # Selesai
        ChannelStatus.CANCELLED,  # Đã hủy
        ChannelStatus.DELIVERED,  # จัดส่งสำเร็จ
        ChannelStatus.AWAITING_SHIPMENT,  # Menunggu penghantaran
        ChannelStatus.DELIVERED,  # Entregado
    ]


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("Belum dibayar", ChannelStatus.UNPAID),
        ("ที่ต้องจัดส่ง", ChannelStatus.AWAITING_SHIPMENT),
        ("Đang giao", ChannelStatus.IN_TRANSIT),
        ("Dibatalkan", ChannelStatus.CANCELLED),
        ("cancelado", ChannelStatus.CANCELLED),
        ("Đã huỷ", ChannelStatus.CANCELLED),
    ],
)
def test_status_words_of_other_markets(word: str, status: ChannelStatus) -> None:
    assert {status_key(k): v for k, v in STATUS_WORDS.items()}[status_key(word)] is status


@given(st.sampled_from(sorted(STATUS_WORDS)), st.sampled_from(["", " ", "  "]), st.booleans())
def test_status_words_match_in_any_case_and_spacing(word: str, pad: str, upper: bool) -> None:
    written = pad + (word.upper() if upper else word) + pad
    keys = {status_key(k): v for k, v in STATUS_WORDS.items()}
    assert keys[status_key(written)] is STATUS_WORDS[word]


def test_excel_export_reads_like_the_csv() -> None:
    csv_orders = read_tiktok_orders(US).orders
    excel_orders = read_tiktok_orders(FIXTURES / "tiktok_orders.xlsx").orders
    assert [(o.external_id, o.status, o.created_at, o.lines) for o in excel_orders] == [
        (o.external_id, o.status, o.created_at, o.lines) for o in csv_orders
    ]


def test_keeps_unused_columns_as_text() -> None:
    order = read_tiktok_orders(US).orders[0]
    assert order.extra["Warehouse Name"] == "Lamplighter LA"
    assert order.to_order().extra["channel_status"] == "awaiting-shipment"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("tiktok_missing_column.csv", [(1, "Seller SKU", "a column named 'Seller SKU'")]),
        ("tiktok_wrong_type.csv", [(3, "Quantity", "a whole number >= 1")]),
        ("tiktok_negative_quantity.csv", [(4, "Quantity", "a whole number >= 1")]),
        (
            "tiktok_duplicate_order.csv",
            [
                (5, "Order Status", "the same value as row 2 of order 576461413038785012"),
                (5, "Created Time", "the same value as row 2 of order 576461413038785012"),
            ],
        ),
    ],
)
def test_malformed_exports_are_rejected_with_row_and_column(name: str, expected: list[tuple[int, str, str]]) -> None:
    with pytest.raises(FileRejected) as exc:
        read_tiktok_orders(FIXTURES / "bad" / name)
    assert [(p.row, p.column, p.expected) for p in exc.value.report.problems] == expected


def test_canonical_frame_nets_cancelled_orders_with_cancel_lines() -> None:
    frame = canonical_order_lines(US)
    assert list(frame.columns) == CANONICAL_COLUMNS
    cancelled = frame[frame["order_id"] == "576461413038785015"]
    assert cancelled["kind"].tolist() == ["order", "cancel"]
    assert cancelled["quantity"].tolist() == [4, 4]
    assert frame["quantity"].dtype == "int64"
    assert len(frame[frame["kind"] == "order"]) == 8


def test_order_lines_reader_delegates_the_tiktok_format() -> None:
    lines = read_order_lines(US, "tiktok")
    assert len(lines.frame) == 9
