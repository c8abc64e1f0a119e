"""Column types shared by every table: UTC timestamps that survive SQLite, money as exact decimals."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, Dialect, Integer, Numeric
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator[datetime]):
    """Timestamps stored as UTC and always read back timezone-aware.

    SQLite keeps no zone, so naive values are taken as UTC on the way in and
    every value comes back with ``tzinfo=UTC`` on both backends.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)  # type: ignore[no-any-return]
        return value.astimezone(UTC)  # type: ignore[no-any-return]


def money() -> Numeric[float]:
    """Money in shop currency: exact in the database, float in Python (as the domain uses)."""
    return Numeric(14, 4, asdecimal=False)


def measure() -> Numeric[float]:
    """Dimensions, weights, days and rates: exact in the database, float in Python."""
    return Numeric(14, 4, asdecimal=False)


#: Surrogate keys: BIGINT on PostgreSQL, INTEGER (the rowid) on SQLite so it autoincrements.
IdType = BigInteger().with_variant(Integer(), "sqlite")


def utc_now() -> datetime:
    return datetime.now(UTC)
