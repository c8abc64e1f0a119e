"""The unit of work: one transaction per use case, rolled back unless committed, retried when the database says so.

A :class:`UnitOfWork` is reusable but not re-entrant, and not shared between threads:
give each thread or request its own (``UnitOfWork(engine)`` is cheap; the engine is shared).
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Callable
from types import TracebackType
from typing import Self, TypeVar

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

from lamplighter.adapters.db.catalog_repository import SkuRepository, SupplierRepository
from lamplighter.adapters.db.engine import READ_ONLY_OPTION
from lamplighter.adapters.db.layout_repository import LocationRepository
from lamplighter.adapters.db.ledger_repository import LedgerRepository
from lamplighter.adapters.db.order_repository import OrderRepository

T = TypeVar("T")

#: SQLSTATEs PostgreSQL uses for "try again": serialization failure and deadlock.
RETRYABLE_SQLSTATES = frozenset({"40001", "40P01"})


class UnitOfWork:
    """``with uow: ...; uow.commit()``; leaving the block without commit rolls back."""

    skus: SkuRepository
    suppliers: SupplierRepository
    locations: LocationRepository
    ledger: LedgerRepository
    orders: OrderRepository

    def __init__(self, engine: Engine, *, read_only: bool = False) -> None:
        self.engine = engine
        self.read_only = read_only
        self._connection: Connection | None = None

    def __enter__(self) -> Self:
        if self._connection is not None:
            raise RuntimeError("this unit of work is already open; use one per thread and use case")
        connection = self.engine.connect()
        if self.read_only:
            connection.execution_options(**{READ_ONLY_OPTION: True})
            if connection.dialect.name == "postgresql":
                # One snapshot for every query of a report (check compares moves with balances).
                connection.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        connection.begin()
        self._connection = connection
        self.skus = SkuRepository(connection)
        self.suppliers = SupplierRepository(connection)
        self.locations = LocationRepository(connection)
        self.ledger = LedgerRepository(connection)
        self.orders = OrderRepository(connection)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            if connection.in_transaction():
                connection.rollback()
        finally:
            connection.close()

    @property
    def connection(self) -> Connection:
        """The open connection, for repositories of other areas (``tables_<area>`` modules)."""
        if self._connection is None:
            raise RuntimeError("the unit of work is not open")
        return self._connection

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def commit(self) -> None:
        self.connection.commit()

    def reader(self) -> UnitOfWork:
        """A unit of work on the same engine for reports: it never takes SQLite's write lock."""
        return UnitOfWork(self.engine, read_only=True)

    def rollback(self) -> None:
        self.connection.rollback()


def is_retryable(error: BaseException) -> bool:
    """True for serialization failures and deadlocks (PostgreSQL) and a busy database (SQLite)."""
    if not isinstance(error, DBAPIError):
        return False
    original = error.orig
    if getattr(original, "sqlstate", None) in RETRYABLE_SQLSTATES:
        return True
    if isinstance(original, sqlite3.OperationalError):
        text = str(original).lower()
        return "locked" in text or "busy" in text
    return False


def run_in_transaction(uow: UnitOfWork, work: Callable[[UnitOfWork], T], *, retries: int = 5) -> T:
    """Run ``work(uow)`` in one transaction and commit; retry it up to ``retries`` times when retryable.

    ``work`` must do nothing outside the database that cannot be repeated, since a retry
    runs it again from the start. Other errors roll back and propagate.
    """
    for attempt in range(retries + 1):
        committing = False
        try:
            with uow:
                result = work(uow)
                committing = True
                uow.commit()
                return result
        except DBAPIError as error:
            # A connection found dead before the commit (the server restarted; the engine does not
            # ping on checkout) changed nothing, so the work runs again on a fresh one. A commit
            # that loses its connection may or may not have happened: that is not retried.
            lost_before_commit = error.connection_invalidated and not committing
            if attempt == retries or not (is_retryable(error) or lost_before_commit):
                raise
            # Back off with jitter so the retried transactions do not collide again.
            time.sleep(random.uniform(0, 0.01 * 2**attempt))
    raise AssertionError("unreachable")
