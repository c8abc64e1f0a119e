"""Order imports against a real database: TikTok exports into the warehouse, history files into sales_lines."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from lamplighter.adapters.db.tables_imports import sales_lines
from lamplighter.adapters.files.tabular import FileRejected
from lamplighter.domain.orders import OrderStatus
from lamplighter.services.check import check_ledger
from lamplighter.services.imports import ImportOptions, import_orders, import_stock_counts
from lamplighter.services.orders import allocate_open_orders
from lamplighter.services.unit_of_work import UnitOfWork
from tests.integration.imports.helpers import BAD, FIXTURES, WRITTEN_BY_IMPORTS, a_warehouse_with_skus, row_counts

US = FIXTURES / "tiktok_orders_us.csv"


def _statuses(uow: UnitOfWork) -> dict[str, str]:
    with uow.reader() as reader:
        return {str(r["external_id"]): str(r["status"]) for r in reader.orders.summaries()}


def test_open_tiktok_orders_enter_the_warehouse_and_the_rest_is_history(uow: UnitOfWork) -> None:
    a_warehouse_with_skus(uow)
    summary = import_orders(uow, US)
    assert summary.changes["orders_opened"] == 2  # awaiting shipment, awaiting collection
    assert summary.changes["shipped_orders_history"] == 3  # completed, delivered, in transit
    assert summary.changes["cancelled_orders_history"] == 1
    assert summary.changes["unpaid_orders_history"] == 1
    assert summary.changes["sales_lines_added"] == 8 and summary.changes["cancel_lines_added"] == 1
    assert set(_statuses(uow)) == {"576461413038785012", "576461413038785018"}
    assert row_counts(uow, "stock_moves") == {"stock_moves": 0}  # shipped history moves no stock


def test_the_same_export_again_changes_nothing_even_from_excel(uow: UnitOfWork) -> None:
    a_warehouse_with_skus(uow)
    import_orders(uow, US)
    before = row_counts(uow, *WRITTEN_BY_IMPORTS)
    assert import_orders(uow, US).already_imported_at is not None
    excel = import_orders(uow, FIXTURES / "tiktok_orders.xlsx")
    assert excel.changes["sales_lines_unchanged"] == 9 and excel.changes["orders_unchanged"] == 2
    assert "sales_lines_added" not in excel.changes or excel.changes["sales_lines_added"] == 0
    after = row_counts(uow, *WRITTEN_BY_IMPORTS)
    assert after["import_batches"] == before["import_batches"] + 1
    assert {k: v for k, v in after.items() if k != "import_batches"} == {
        k: v for k, v in before.items() if k != "import_batches"
    }


def test_a_later_export_cancels_an_allocated_order_and_releases_its_stock(uow: UnitOfWork) -> None:
    a_warehouse_with_skus(uow)
    import_stock_counts(uow, FIXTURES / "stock_counts.csv")
    import_orders(uow, US)
    allocated = allocate_open_orders(uow)
    assert allocated.reserved_units == 4  # 2 + 1 for ...012, 1 for ...018
    later = import_orders(uow, FIXTURES / "tiktok_orders_later.csv")
    assert later.changes["orders_cancelled"] == 1 and later.changes["units_released"] == 3
    assert later.changes["cancel_lines_added"] == 2 and later.changes["orders_opened"] == 1
    assert any("576461413038785018" in note for note in later.notes)  # completed outside the warehouse
    statuses = _statuses(uow)
    assert statuses["576461413038785012"] == OrderStatus.CANCELLED.value
    assert statuses["576461413038785019"] == OrderStatus.OPEN.value
    with uow.reader() as reader:
        assert reader.ledger.balances()[("LL-SUNSET-01", "A-01-02-01")].reserved == 1
    assert check_ledger(uow).clean


def test_an_unknown_sku_rejects_the_export_and_writes_nothing(uow: UnitOfWork) -> None:
    a_warehouse_with_skus(uow)
    before = row_counts(uow, *WRITTEN_BY_IMPORTS)
    with pytest.raises(FileRejected) as exc:
        import_orders(uow, BAD / "tiktok_unknown_sku.csv")
    assert [(p.row, p.column, p.got) for p in exc.value.report.problems] == [(4, "Seller SKU", "LL-GHOST-99")]
    assert row_counts(uow, *WRITTEN_BY_IMPORTS) == before


def test_unknown_skus_can_be_created_as_placeholders(uow: UnitOfWork) -> None:
    a_warehouse_with_skus(uow)
    summary = import_orders(uow, BAD / "tiktok_unknown_sku.csv", options=ImportOptions(create_missing_skus=True))
    assert summary.changes["skus_created"] == 1
    with uow.reader() as reader:
        assert reader.skus.require("LL-GHOST-99").category == "uncatalogued"


def test_an_order_imported_again_with_different_lines_is_rejected(uow: UnitOfWork, tmp_path: Path) -> None:
    a_warehouse_with_skus(uow)
    import_orders(uow, US)
    changed = tmp_path / "changed.csv"
    changed.write_bytes(US.read_bytes().replace(b"LL-BULB-E27", b"LL-SHADE-LIN"))
    before = row_counts(uow, *WRITTEN_BY_IMPORTS)
    with pytest.raises(FileRejected) as exc:
        import_orders(uow, changed)
    problems = [(p.row, p.column) for p in exc.value.report.problems]
    assert (4, "order_id") in problems and (3, "Order ID") in problems
    assert row_counts(uow, *WRITTEN_BY_IMPORTS) == before


def test_a_dry_run_of_an_export_writes_nothing(uow: UnitOfWork) -> None:
    a_warehouse_with_skus(uow)
    before = row_counts(uow, *WRITTEN_BY_IMPORTS)
    summary = import_orders(uow, US, options=ImportOptions(dry_run=True))
    assert summary.dry_run and summary.changes["orders_opened"] == 2
    assert row_counts(uow, *WRITTEN_BY_IMPORTS) == before


def test_online_retail_history_streams_across_chunks_with_cancellations_and_skips(uow: UnitOfWork) -> None:
    a_warehouse_with_skus(uow)
    done: list[int] = []
    options = ImportOptions(chunk_rows=3, progress=lambda n, _total: done.append(n))
    summary = import_orders(uow, FIXTURES / "online_retail_sample.csv", "online-retail", options)
    assert summary.skipped == {"non-product:POST": 1, "not-an-order-line": 1}
    assert summary.changes["skus_created"] == 4  # the file comes without a catalog
    assert done[-1] == 6 and summary.rows == 8  # lines read; 2 skipped
    with uow.reader() as reader:
        query = select(
            sales_lines.c.order_id, sales_lines.c.kind, sales_lines.c.line_no, sales_lines.c.sku, sales_lines.c.quantity
        )
        lines = sorted(
            tuple(r) for r in reader.connection.execute(query.where(sales_lines.c.channel == "online-retail"))
        )
    assert lines == [
        ("700001", "order", 1, "21733", 6),
        ("700001", "order", 2, "85123A", 12),
        ("700001", "order", 3, "85123A", 6),
        ("700002", "order", 1, "71053", 4),
        ("700005", "order", 1, "84029G", 3),
        ("C700003", "cancel", 1, "71053", 2),
    ]
    again = import_orders(uow, FIXTURES / "online_retail_sample.csv", "online-retail")
    assert again.already_imported_at is not None


def test_a_generic_lines_file_conflicting_with_an_earlier_one_is_rejected(uow: UnitOfWork) -> None:
    a_warehouse_with_skus(uow)
    import_orders(uow, FIXTURES / "order_lines.csv", "lines")
    with pytest.raises(FileRejected) as exc:
        import_orders(uow, BAD / "lines_duplicate_order.csv", "lines")
    assert [(p.row, p.column) for p in exc.value.report.problems] == [(2, "order_id"), (3, "order_id")]
