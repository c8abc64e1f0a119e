"""Run the Alembic migrations that live inside the package (no ``alembic.ini`` needed)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect

if TYPE_CHECKING:  # Alembic costs a quarter of a second to import; only migrating needs it
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "alembic_version"


def alembic_config(engine: Engine | None = None) -> Config:
    """An Alembic config pointing at the package's migrations (and at ``engine`` when given)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("path_separator", "os")
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("version_locations", str(MIGRATIONS / "versions"))
    if engine is not None:
        config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return config


def migrate(engine: Engine) -> None:
    """Bring the database up to date: ``alembic upgrade heads`` (every area's branch), in one transaction."""
    from alembic import command

    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "heads")


def is_initialised(engine: Engine) -> bool:
    """True when the database has been migrated at least once."""
    with engine.connect() as connection:
        return inspect(connection).has_table(VERSION_TABLE)
