"""Settings read from the environment (``LAMPLIGHTER_*``), with one place to turn ``--db`` into a URL."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta
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


_STARTED_AT = time.monotonic()


def business_now() -> datetime:
    """The warehouse's 'now' (UTC): the clock, or ``LAMPLIGHTER_NOW`` running forward from process start.

    ``LAMPLIGHTER_NOW`` (ISO 8601, e.g. ``2026-11-20T09:00:00Z``) lets a frozen data set,
    such as the demo's Friday morning, be served as if it were today: deadlines, "overdue"
    and KPIs then read against that morning, and time still passes while you work.
    """
    text = os.environ.get("LAMPLIGHTER_NOW", "").strip()
    if not text:
        return datetime.now(UTC)
    try:
        start = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(
            f"LAMPLIGHTER_NOW: expected an ISO 8601 time such as 2026-11-20T09:00:00Z, got {text!r}"
        ) from None
    if start.tzinfo is None:
        start = start.replace(tzinfo=UTC)
    return start.astimezone(UTC) + timedelta(seconds=time.monotonic() - _STARTED_AT)
