"""Catalog and stock-count imports against a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lamplighter.adapters.files.tabular import FileRejected
from lamplighter.services.check import check_ledger
from lamplighter.services.imports import ImportOptions, import_lanes, import_skus, import_stock_counts, import_suppliers
from lamplighter.services.unit_of_work import UnitOfWork
from tests.integration.imports.helpers import BAD, FIXTURES, WRITTEN_BY_IMPORTS, a_warehouse_with_skus, row_counts


def test_the_same_sku_file_imported_twice_changes_nothing(uow: UnitOfWork) -> None:
    first = import_skus(uow, FIXTURES / "skus.csv")
    before = row_counts(uow, *WRITTEN_BY_IMPORTS)
    again = import_skus(uow, FIXTURES / "skus.csv")
    assert first.changes["skus_added"] == 7
    assert again.already_imported_at is not None and not again.changed
    assert row_counts(uow, *WRITTEN_BY_IMPORTS) == before


def test_the_same_skus_from_excel_are_unchanged(uow: UnitOfWork) -> None:
    import_skus(uow, FIXTURES / "skus.csv")
    summary = import_skus(uow, FIXTURES / "skus.xlsx")
    assert summary.changes == {"skus_added": 0, "skus_updated": 0, "skus_unchanged": 7}


def test_an_edited_sku_file_updates_only_what_changed(uow: UnitOfWork, tmp_path: Path) -> None:
    import_skus(uow, FIXTURES / "skus.csv")
    edited = tmp_path / "skus.csv"
    edited.write_text((FIXTURES / "skus.csv").read_text().replace("19.99", "17.99"), encoding="utf-8")
    summary = import_skus(uow, edited)
    assert summary.changes == {"skus_added": 0, "skus_updated": 1, "skus_unchanged": 6}
    with uow.reader() as reader:
        assert reader.skus.require("LL-SUNSET-01").unit_price == pytest.approx(17.99)


def test_a_dry_run_reports_and_writes_nothing(uow: UnitOfWork) -> None:
    summary = import_skus(uow, FIXTURES / "skus.csv", ImportOptions(dry_run=True))
    assert summary.dry_run and summary.changes["skus_added"] == 7
    assert row_counts(uow, "skus", "import_batches") == {"skus": 0, "import_batches": 0}


def test_lanes_need_their_supplier(uow: UnitOfWork) -> None:
    with pytest.raises(FileRejected) as exc:
        import_lanes(uow, FIXTURES / "lanes.csv")
    assert [(p.row, p.column) for p in exc.value.report.problems] == [(2, "supplier"), (3, "supplier"), (4, "supplier")]
    import_suppliers(uow, FIXTURES / "suppliers.csv")
    assert import_lanes(uow, FIXTURES / "lanes.csv").changes["lanes_added"] == 3
    assert row_counts(uow, "freight_lanes") == {"freight_lanes": 3}


def test_stock_counts_become_cycle_count_moves_and_the_ledger_checks(uow: UnitOfWork) -> None:
    a_warehouse_with_skus(uow)
    summary = import_stock_counts(uow, FIXTURES / "stock_counts.csv")
    assert summary.changes == {"units_added": 595, "counts_adjusted": 6}
    with uow.reader() as reader:
        assert reader.ledger.balances()[("LL-SUNSET-01", "A-01-02-01")].on_hand == 120
    assert check_ledger(uow).clean


def test_a_later_count_moves_only_the_difference(uow: UnitOfWork, tmp_path: Path) -> None:
    a_warehouse_with_skus(uow)
    import_stock_counts(uow, FIXTURES / "stock_counts.csv")
    recount = tmp_path / "recount.csv"
    recount.write_text(
        "sku,location,counted\nLL-SUNSET-01,A-01-02-01,117\nLL-BULB-E27,F-01-01-02,300\n", encoding="utf-8"
    )
    summary = import_stock_counts(uow, recount)
    assert summary.changes == {"units_removed": 3, "counts_adjusted": 1, "counts_unchanged": 1}


def test_counts_of_unknown_skus_or_locations_write_nothing(uow: UnitOfWork, tmp_path: Path) -> None:
    a_warehouse_with_skus(uow)
    counts = tmp_path / "counts.csv"
    counts.write_text(
        "sku,location,counted\nLL-SUNSET-01,A-01-02-01,5\nLL-GHOST,A-01-02-02,1\nLL-BULB-E27,A-09-09-09,2\n",
        encoding="utf-8",
    )
    before = row_counts(uow, *WRITTEN_BY_IMPORTS)
    with pytest.raises(FileRejected) as exc:
        import_stock_counts(uow, counts)
    assert [(p.row, p.column) for p in exc.value.report.problems] == [(3, "sku"), (4, "location")]
    assert row_counts(uow, *WRITTEN_BY_IMPORTS) == before


def test_a_bad_location_code_is_rejected_before_anything_is_written(uow: UnitOfWork) -> None:
    a_warehouse_with_skus(uow)
    with pytest.raises(FileRejected, match="A1-2-3"):
        import_stock_counts(uow, BAD / "stock_bad_location.csv")
    assert row_counts(uow, "stock_moves") == {"stock_moves": 0}
