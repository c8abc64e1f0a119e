"""Engines for SQLite (the zero set-up default) and PostgreSQL (psycopg 3)."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError

#: How long a SQLite writer waits for another writer's lock before SQLite reports "busy".
SQLITE_BUSY_TIMEOUT_MS = 10_000
#: Connection execution option: this transaction only reads (SQLite then begins without the write lock).
READ_ONLY_OPTION = "lamplighter_read_only"
#: A pooled PostgreSQL connection idle for longer than this is pinged before it is used again.
IDLE_PING_AFTER_S = 10.0


def make_engine(
    url: str, *, pool_size: int = 10, echo: bool = False, idle_ping_after_s: float = IDLE_PING_AFTER_S
) -> Engine:
    """An engine for ``url``; SQLite gets WAL, foreign keys and ``BEGIN IMMEDIATE`` transactions.

    ``postgresql://`` URLs are driven by psycopg 3. With SQLite every transaction takes the
    write lock when it begins, so two writers queue instead of failing at commit.
    """
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(parsed, echo=echo, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        _configure_sqlite(engine)
        return engine
    # No ping on every checkout (pool_pre_ping): it cost a round trip and a transaction per use
    # case, a third of the server's work in benchmarks/api_load.py. Only a connection that sat
    # idle in the pool (when a server restart may have closed it) is pinged; a busy one that
    # proves dead fails its statement, run_in_transaction runs the use case again if that was
    # before the commit, and the pool drops the other connections of that age.
    engine = create_engine(parsed, echo=echo, pool_size=pool_size, max_overflow=2 * pool_size)
    _ping_idle_connections(engine, idle_ping_after_s)
    return engine


def _ping_idle_connections(engine: Engine, idle_s: float) -> None:
    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_connection: Any, record: Any) -> None:
        record.info["returned_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        returned_at = record.info.get("returned_at")
        if returned_at is None or time.monotonic() - returned_at < idle_s:
            return  # new, or busy: it was fine a moment ago
        try:
            engine.dialect.do_ping(dbapi_connection)
            dbapi_connection.rollback()  # the ping began a transaction
        except Exception as error:
            # The pool throws this connection away and checks out another (SQLAlchemy's documented way).
            raise DisconnectionError(f"a pooled connection idle for {idle_s:g}+ s is gone") from error


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Hand transaction control to SQLAlchemy so the "begin" hook below decides how to begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")  # safe with WAL; commits skip fsync
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Readers need no write lock: in WAL mode they see a snapshot while a writer works.
        if connection.get_execution_options().get(READ_ONLY_OPTION):
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"
