"""The online-retail and generic order-line readers on small files written by the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from lamplighter.adapters.files.order_lines import OrderFileError, read_order_lines

HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
ROWS = [
    "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6.0,2010-12-01 08:26:00,2.55,17850.0,United Kingdom",
    "536365,POST,POSTAGE,1.0,2010-12-01 08:26:00,18.0,17850.0,United Kingdom",
    "C536379,85123A,WHITE HANGING HEART T-LIGHT HOLDER,-2.0,2010-12-01 09:41:00,2.55,17850.0,United Kingdom",
    '536380,22139,"RETROSPOT TEA SET, CERAMIC",-5.0,2010-12-01 09:45:00,0.0,,United Kingdom',
    "536381,gift_0001_20,GIFT VOUCHER,1.0,2010-12-01 10:00:00,20.0,,United Kingdom",
]


def write(tmp_path: Path, text: str, name: str = "lines.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_online_retail_lines_keep_orders_and_cancellations_and_count_what_they_skip(tmp_path: Path) -> None:
    read = read_order_lines(write(tmp_path, HEADER + "\n".join(ROWS) + "\n"), "online-retail")
    frame = read.frame
    assert frame[["order_id", "sku", "quantity", "kind", "customer"]].values.tolist() == [
        ["536365", "85123A", 6, "order", "17850"],
        ["C536379", "85123A", 2, "cancel", "17850"],
    ]
    assert read.skipped == {"non-product:POST": 1, "non-product:gift_0001_20": 1, "not-an-order-line": 1}
    assert read.descriptions["85123A"] == "WHITE HANGING HEART T-LIGHT HOLDER"


def test_lines_before_and_after_the_window_are_left_out(tmp_path: Path) -> None:
    from datetime import datetime

    read = read_order_lines(
        write(tmp_path, HEADER + "\n".join(ROWS) + "\n"), "online-retail", until=datetime(2010, 12, 1, 9, 0)
    )
    assert read.frame["order_id"].tolist() == ["536365"]


def test_a_missing_column_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, "InvoiceNo,StockCode,Quantity\n536365,85123A,6\n")
    with pytest.raises(OrderFileError, match="missing columns"):
        read_order_lines(path, "online-retail")


def test_a_generic_line_with_a_bad_quantity_names_its_row_and_column(tmp_path: Path) -> None:
    path = write(
        tmp_path, "order_id,sku,quantity,ordered_at\nA1,LAMP,2,2026-03-01 10:00\nA2,LAMP,two,2026-03-01 11:00\n"
    )
    with pytest.raises(OrderFileError, match="row 3, column quantity"):
        read_order_lines(path, "lines")
