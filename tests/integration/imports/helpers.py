"""Small helpers for import tests: fixture paths, a warehouse to import into, row counts."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from lamplighter.adapters.db.tables import metadata
from lamplighter.services.imports import import_skus
from lamplighter.services.locations import load_layout_into_db
from lamplighter.services.unit_of_work import UnitOfWork
from tests.factories import make_layout_document

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "imports"
BAD = FIXTURES / "bad"


def a_warehouse_with_skus(uow: UnitOfWork) -> None:
    """The test layout loaded and the fixture catalog imported."""
    load_layout_into_db(uow, make_layout_document())
    import_skus(uow, FIXTURES / "skus.csv")


def row_counts(uow: UnitOfWork, *tables: str) -> dict[str, int]:
    """Rows per table, read in a transaction of its own."""
    with uow.reader() as reader:
        return {
            t: int(reader.connection.execute(select(func.count()).select_from(metadata.tables[t])).scalar_one())
            for t in tables
        }


WRITTEN_BY_IMPORTS = ("skus", "suppliers", "freight_lanes", "stock_moves", "stock_balances", "orders", "order_lines",
                      "reservations", "import_batches", "sales_lines", "ad_daily")  # fmt: skip
