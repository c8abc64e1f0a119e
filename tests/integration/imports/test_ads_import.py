"""Ads Manager reports into ad_daily, assigned to SKUs through the mapping."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from lamplighter.adapters.db.tables_imports import ad_daily
from lamplighter.adapters.files.tabular import FileRejected
from lamplighter.services.imports import import_ads
from lamplighter.services.unit_of_work import UnitOfWork
from tests.integration.imports.helpers import FIXTURES, a_warehouse_with_skus, row_counts

REPORT, MAPPING = FIXTURES / "tiktok_ads.csv", FIXTURES / "ad_mapping.csv"


def _spend_by_sku(uow: UnitOfWork) -> dict[str, float]:
    with uow.reader() as reader:
        query = select(ad_daily.c.sku, func.sum(ad_daily.c.spend)).group_by(ad_daily.c.sku)
        return {str(sku): float(total) for sku, total in reader.connection.execute(query)}


def test_daily_spend_lands_on_the_mapped_skus(uow: UnitOfWork) -> None:
    a_warehouse_with_skus(uow)
    summary = import_ads(uow, REPORT, MAPPING)
    assert summary.skipped == {"total-rows": 1}
    assert summary.changes == {"ad_days_unchanged": 0, "ad_days_written": 6}
    assert _spend_by_sku(uow) == pytest.approx(
        {"LL-SUNSET-01": 120.5 + 80 + 0.4 + 42.0, "LL-BULB-E27": 18.0, "LL-STRIP-5M": 0.0}
    )


def test_reimporting_changes_nothing_and_a_new_mapping_reassigns(uow: UnitOfWork, tmp_path: Path) -> None:
    a_warehouse_with_skus(uow)
    import_ads(uow, REPORT, MAPPING)
    assert import_ads(uow, REPORT, MAPPING).already_imported_at is not None
    mapping = tmp_path / "mapping.csv"
    mapping.write_text(MAPPING.read_text().replace("0.7", "0.5").replace("0.3", "0.5"), encoding="utf-8")
    summary = import_ads(uow, REPORT, mapping)
    assert summary.changes == {"ad_days_unchanged": 4, "ad_days_written": 2}
    assert _spend_by_sku(uow)["LL-BULB-E27"] == pytest.approx(30.0)


def test_a_mapping_to_an_unknown_sku_rejects_the_import(uow: UnitOfWork, tmp_path: Path) -> None:
    a_warehouse_with_skus(uow)
    mapping = tmp_path / "mapping.csv"
    mapping.write_text("level,name,sku\ncampaign,Christmas strips,LL-GHOST\n", encoding="utf-8")
    with pytest.raises(FileRejected) as exc:
        import_ads(uow, REPORT, mapping)
    assert [(p.row, p.column, p.got) for p in exc.value.report.problems] == [(2, "sku", "LL-GHOST")]
    assert row_counts(uow, "ad_daily", "import_batches")["ad_daily"] == 0
