"""``--db`` and LAMPLIGHTER_DATABASE_URL name the store."""

from __future__ import annotations

import pytest

from lamplighter.config import DEFAULT_DATABASE_URL, database_url


def test_a_bare_path_means_a_sqlite_file() -> None:
    assert database_url("shop.sqlite") == "sqlite:///shop.sqlite"
    assert database_url("/srv/lamplighter/shop.db") == "sqlite:////srv/lamplighter/shop.db"


def test_a_url_is_taken_as_given() -> None:
    assert database_url("postgresql://wms@db/lamplighter") == "postgresql://wms@db/lamplighter"


def test_without_db_the_environment_decides_then_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LAMPLIGHTER_DATABASE_URL", raising=False)
    assert database_url(None) == DEFAULT_DATABASE_URL == "sqlite:///lamplighter.sqlite"
    monkeypatch.setenv("LAMPLIGHTER_DATABASE_URL", "postgresql://wms@db/lamplighter")
    assert database_url(None) == "postgresql://wms@db/lamplighter"
