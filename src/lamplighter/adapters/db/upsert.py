"""Insert-or-update on both backends (``INSERT ... ON CONFLICT``), in chunks."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite


def dialect_insert(connection: Connection, table: Table) -> Any:
    """The backend's own INSERT (it has ``on_conflict_do_update``/``do_nothing``)."""
    if connection.dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


def upsert(
    connection: Connection,
    table: Table,
    rows: Sequence[dict[str, Any]],
    *,
    keys: Sequence[str],
    keep: Sequence[str] = (),
    chunk: int = 500,
) -> None:
    """Insert ``rows``; where ``keys`` already exist update every other column except ``keep``."""
    if not rows:
        return
    columns = [c for c in rows[0] if c not in keys and c not in keep]
    for start in range(0, len(rows), chunk):
        statement = dialect_insert(connection, table).values(rows[start : start + chunk])
        if columns:
            statement = statement.on_conflict_do_update(
                index_elements=list(keys), set_={c: statement.excluded[c] for c in columns}
            )
        else:
            statement = statement.on_conflict_do_nothing(index_elements=list(keys))
        connection.execute(statement)


def insert_missing(connection: Connection, table: Table, row: dict[str, Any], keys: Sequence[str]) -> None:
    """Insert ``row`` unless its key exists (never fails on a concurrent insert of the same key)."""
    connection.execute(dialect_insert(connection, table).values(row).on_conflict_do_nothing(index_elements=list(keys)))
