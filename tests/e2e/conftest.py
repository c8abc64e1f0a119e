"""Fixtures for end-to-end tests: a migrated SQLite file, the app on it, keys of every role."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from lamplighter.adapters.db.engine import make_engine
from lamplighter.adapters.db.migrate import migrate
from lamplighter.entrypoints.api import create_app
from lamplighter.entrypoints.api.settings import ApiSettings
from lamplighter.services import api_keys
from lamplighter.services.api_keys import Role
from lamplighter.services.unit_of_work import UnitOfWork
from tests.integration.conftest import empty_tables

KeyMaker = Callable[[Role], str]


@pytest.fixture(scope="session")
def _migrated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'api.sqlite'}")
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def engine(_migrated: Engine) -> Engine:
    """A migrated SQLite database, emptied before each test (migrating once is the slow part)."""
    empty_tables(_migrated)
    return _migrated


@pytest.fixture
def settings(tmp_path: Path) -> ApiSettings:
    return ApiSettings(database_url=f"sqlite:///{tmp_path / 'api.sqlite'}", idempotency_wait_s=2.0)


@pytest.fixture
def app(settings: ApiSettings, engine: Engine) -> FastAPI:
    return create_app(settings, engine=engine)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    # https so that the secure session cookie is sent back, as a browser would.
    with TestClient(app, base_url="https://testserver", raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def make_key(engine: Engine) -> KeyMaker:
    def make(role: Role) -> str:
        return api_keys.create_key(UnitOfWork(engine), role, f"test {role.value}").secret

    return make


def auth(key: str) -> dict[str, str]:
    return {"X-API-Key": key}
