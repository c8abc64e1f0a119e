"""Settings read from the environment (``LAMPLIGHTER_*``), with one place to turn ``--db`` into a URL."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///lamplighter.sqlite"


class Settings(BaseSettings):
    """Process-wide settings; ``LAMPLIGHTER_DATABASE_URL`` picks the store (SQLite file by default)."""

    model_config = SettingsConfigDict(env_prefix="LAMPLIGHTER_", extra="ignore")

    database_url: str = DEFAULT_DATABASE_URL


def database_url(db: str | Path | None = None) -> str:
    """The database URL for ``--db``: a URL as given, a bare path as a SQLite file, None as the setting.

    A relative SQLite path is relative to the working directory.
    """
    if db is None or str(db) == "":
        return Settings().database_url
    text = str(db)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser()}"
