"""``lamplighter init``: create or migrate the database and load the warehouse layout."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated, Any

import typer
from sqlalchemy.engine import make_url

from lamplighter.adapters.db.engine import make_engine
from lamplighter.adapters.db.migrate import migrate
from lamplighter.adapters.files.layout_file import load_layout
from lamplighter.config import database_url
from lamplighter.entrypoints.cli.database import DbOption, JsonOption
from lamplighter.entrypoints.cli.output import console, print_json
from lamplighter.services.locations import load_layout_into_db
from lamplighter.services.unit_of_work import UnitOfWork


def init(
    db: DbOption = None,
    layout: Annotated[Path | None, typer.Option("--layout", help="Layout TOML file to load into the database.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Create the database (or bring it up to date) and optionally load a layout."""
    document: dict[str, Any] | None = None
    if layout is not None:
        load_layout(layout)  # validates with file and field in every message
        document = tomllib.loads(layout.read_text(encoding="utf-8"))
    url = database_url(db)
    engine = make_engine(url)
    migrate(engine)
    result: dict[str, Any] = {"database": make_url(url).render_as_string(hide_password=True), "migrated": True}
    if document is not None:
        loaded = load_layout_into_db(UnitOfWork(engine), document)
        result["layout"] = {
            "name": loaded.name,
            "zones": loaded.zones,
            "locations": loaded.locations,
            "removed": loaded.removed,
        }
    engine.dispose()
    if as_json:
        print_json(result)
        return
    console.print(f"database ready: {result['database']}")
    if "layout" in result:
        info = result["layout"]
        console.print(f"layout {info['name']!r}: {info['zones']} zones, {info['locations']:,} locations")


def register(app: typer.Typer) -> None:
    app.command("init")(init)
