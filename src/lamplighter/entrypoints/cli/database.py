"""The ``--db`` option every command shares, and opening the store it names."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.engine import make_url

from lamplighter.adapters.db.engine import make_engine
from lamplighter.adapters.db.migrate import is_initialised
from lamplighter.config import database_url
from lamplighter.services.errors import DatabaseNotInitialised
from lamplighter.services.unit_of_work import UnitOfWork

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Database URL, or a SQLite file path (default: LAMPLIGHTER_DATABASE_URL)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]


def open_store(db: str | None) -> UnitOfWork:
    """A unit of work on the database ``--db`` names; DatabaseNotInitialised before ``lamplighter init``."""
    url = database_url(db)
    parsed = make_url(url)
    safe = parsed.render_as_string(hide_password=True)
    # Opening a missing SQLite file would create an empty one: refuse before that.
    if parsed.get_backend_name() == "sqlite" and parsed.database and not Path(parsed.database).exists():
        raise DatabaseNotInitialised(safe)
    engine = make_engine(url)
    if not is_initialised(engine):
        raise DatabaseNotInitialised(safe)
    return UnitOfWork(engine)
