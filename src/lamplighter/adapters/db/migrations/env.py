"""Alembic environment: migrates the connection ``migrate()`` hands over, or the configured URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from lamplighter.adapters.db import load_all_tables
from lamplighter.adapters.db.engine import make_engine
from lamplighter.adapters.db.tables import metadata

load_all_tables()
config = context.config


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    given = config.attributes.get("connection")
    if given is not None:
        _run(given)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or "sqlite:///lamplighter.sqlite")
    with engine.connect() as connection:
        _run(connection)
        connection.commit()
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (SQL script) migrations are not supported; run lamplighter init")
run_migrations_online()
