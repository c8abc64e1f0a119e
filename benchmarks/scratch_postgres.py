"""A throw-away PostgreSQL database for a benchmark run (created, yielded, dropped)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

#: The server the benchmarks use; CI and the machines here run one with trust auth.
POSTGRES_ADMIN = os.environ.get(
    "LAMPLIGHTER_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


@contextmanager
def postgres_database(prefix: str) -> Iterator[str]:
    """The URL of a new, empty database ``<prefix>_<pid>``, dropped (even if in use) afterwards."""
    admin_url = make_url(POSTGRES_ADMIN)
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"{prefix}_{os.getpid()}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
