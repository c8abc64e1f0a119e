"""The engine does not ping connections on checkout: a use case whose pooled connection died runs again on a new one."""

from __future__ import annotations

import math

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from lamplighter.adapters.db.engine import make_engine
from lamplighter.services import api_keys, stock
from lamplighter.services.check import check_ledger
from lamplighter.services.unit_of_work import UnitOfWork
from tests.factories import stock_a_warehouse


def end_sessions(engine: Engine, pid: int | None = None) -> int:
    """What a server restart does to a pool: close every connection to the database (or the one of ``pid``)."""
    outsider = create_engine(engine.url, poolclass=NullPool)
    which = "pid = :pid" if pid is not None else "pid <> pg_backend_pid()"
    query = text(
        f"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND {which}"
    )
    with outsider.connect() as conn:
        ended = conn.execute(query, {"pid": pid}).scalar_one()
    outsider.dispose()
    return int(ended)


def test_a_use_case_survives_the_server_closing_its_pooled_connections(postgres_engine: Engine) -> None:
    uow = UnitOfWork(postgres_engine)
    stock_a_warehouse(uow, {("SKU-1", "A-01-01-01"): 5})
    assert end_sessions(postgres_engine) >= 1  # the pool's idle connections are now dead

    stock.receive(uow, "SKU-1", 3, "A-01-01-01")

    assert {r["location"]: r["on_hand"] for r in stock.stock_report(uow, sku="SKU-1")} == {"A-01-01-01": 8}
    assert check_ledger(uow).clean


@pytest.mark.parametrize("idle_ping_after_s", [0.0, math.inf])
def test_a_connection_that_sat_idle_is_pinged_before_a_plain_read(
    postgres_engine: Engine, idle_ping_after_s: float
) -> None:
    stock_a_warehouse(UnitOfWork(postgres_engine), {("SKU-1", "A-01-01-01"): 5})
    engine = make_engine(postgres_engine.url.render_as_string(hide_password=False), idle_ping_after_s=idle_ping_after_s)
    try:
        with engine.connect() as conn:  # the pool's one connection, used and returned
            pid = int(conn.exec_driver_sql("SELECT pg_backend_pid()").scalar_one())
        assert end_sessions(engine, pid) == 1
        if idle_ping_after_s == 0:
            assert api_keys.count_active_keys(UnitOfWork(engine)) == 0
        else:  # without the ping the dead connection reaches the read (the test can tell the two apart)
            with pytest.raises(OperationalError):
                api_keys.count_active_keys(UnitOfWork(engine))
    finally:
        engine.dispose()
