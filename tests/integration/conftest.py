"""Storage fixtures for integration tests, on SQLite and on PostgreSQL.

Use them in any integration test:

- ``engine``: a migrated, empty database; the test runs once on SQLite and once on
  PostgreSQL (that run is marked ``postgres``). Tables are emptied before each test.
- ``uow``: a ``UnitOfWork`` on that engine (pass it to services).
- ``uow_factory``: a callable making a fresh ``UnitOfWork`` (one per thread).
- ``sqlite_engine`` / ``postgres_engine``: one backend only.

Each test session and each xdist worker gets its own SQLite file and its own PostgreSQL
database (``lamplighter_test_<worker>_<pid>``), created here and dropped at the end.
PostgreSQL comes from ``LAMPLIGHTER_TEST_POSTGRES_URL`` (default: postgres on
127.0.0.1:5432); when it does not answer the PostgreSQL runs are skipped, except with
``CI=true``, where they fail.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from lamplighter.adapters.db import load_all_tables
from lamplighter.adapters.db.engine import make_engine
from lamplighter.adapters.db.migrate import migrate
from lamplighter.adapters.db.tables import metadata
from lamplighter.services.unit_of_work import UnitOfWork

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def empty_tables(engine: Engine) -> None:
    """Delete every row of every table (children first); the schema stays."""
    load_all_tables()
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(metadata.sorted_tables):
                connection.execute(table.delete())


@pytest.fixture(scope="session")
def _sqlite_session_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    path: Path = tmp_path_factory.mktemp(f"db-{_worker()}") / "lamplighter.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def _postgres_session_engine() -> Iterator[Engine]:
    admin_url = make_url(os.environ.get("LAMPLIGHTER_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL))
    if admin_url.drivername in ("postgresql", "postgres"):
        admin_url = admin_url.set(drivername="postgresql+psycopg")
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5})
    name = f"lamplighter_test_{_worker()}_{os.getpid()}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as error:
        admin.dispose()
        reason = f"PostgreSQL at {admin_url.render_as_string()} does not answer: {str(error).splitlines()[0]}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true, so PostgreSQL tests must run: {reason}")
        pytest.skip(reason)
    engine = make_engine(admin_url.set(database=name).render_as_string(hide_password=False), pool_size=25)
    try:
        migrate(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def sqlite_engine(_sqlite_session_engine: Engine) -> Engine:
    """A migrated, empty SQLite database (a file, WAL)."""
    empty_tables(_sqlite_session_engine)
    return _sqlite_session_engine


@pytest.fixture
def postgres_engine(_postgres_session_engine: Engine) -> Engine:
    """A migrated, empty PostgreSQL database (skipped locally when no server answers)."""
    empty_tables(_postgres_session_engine)
    return _postgres_session_engine


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest) -> Engine:
    """A migrated, empty database: each test using it runs on SQLite and on PostgreSQL."""
    fixture = "sqlite_engine" if request.param == "sqlite" else "postgres_engine"
    found: Engine = request.getfixturevalue(fixture)
    return found


@pytest.fixture
def uow(engine: Engine) -> UnitOfWork:
    return UnitOfWork(engine)


@pytest.fixture
def uow_factory(engine: Engine) -> Callable[[], UnitOfWork]:
    return lambda: UnitOfWork(engine)
