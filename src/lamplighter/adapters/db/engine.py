"""Engines for SQLite (the zero set-up default) and PostgreSQL (psycopg 3)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

#: How long a SQLite writer waits for another writer's lock before SQLite reports "busy".
SQLITE_BUSY_TIMEOUT_MS = 10_000
#: Connection execution option: this transaction only reads (SQLite then begins without the write lock).
READ_ONLY_OPTION = "lamplighter_read_only"


def make_engine(url: str, *, pool_size: int = 10, echo: bool = False) -> Engine:
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
    # No ping on checkout: it cost a round trip and a transaction per use case (a third of
    # the server's work in benchmarks/api_load.py); run_in_transaction retries a use case
    # whose connection turns out dead before its commit, and the pool then drops the rest.
    return create_engine(parsed, echo=echo, pool_size=pool_size, max_overflow=2 * pool_size)


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
