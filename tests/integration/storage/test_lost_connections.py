"""The engine does not ping connections on checkout: a use case whose pooled connection died runs again on a new one."""

from __future__ import annotations

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.pool import NullPool

from lamplighter.services import stock
from lamplighter.services.check import check_ledger
from lamplighter.services.unit_of_work import UnitOfWork
from tests.factories import stock_a_warehouse


def test_a_use_case_survives_the_server_closing_its_pooled_connections(postgres_engine: Engine) -> None:
    uow = UnitOfWork(postgres_engine)
    stock_a_warehouse(uow, {("SKU-1", "A-01-01-01"): 5})
    outsider = create_engine(postgres_engine.url, poolclass=NullPool)
    with outsider.connect() as conn:
        ended = conn.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ).scalar_one()
    outsider.dispose()
    assert ended >= 1  # the pool's idle connections are now dead

    stock.receive(uow, "SKU-1", 3, "A-01-01-01")

    assert {r["location"]: r["on_hand"] for r in stock.stock_report(uow, sku="SKU-1")} == {"A-01-01-01": 8}
    assert check_ledger(uow).clean
