"""Migrations build exactly the schema the code declares, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from lamplighter.adapters.db import load_all_tables
from lamplighter.adapters.db.engine import make_engine
from lamplighter.adapters.db.migrate import alembic_config, is_initialised, migrate
from lamplighter.adapters.db.tables import metadata


def differences(engine: Engine) -> list[object]:
    load_all_tables()
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, metadata))


def test_migrating_an_empty_database_gives_the_declared_schema(engine: Engine) -> None:
    assert differences(engine) == []
    load_all_tables()
    assert set(inspect(engine).get_table_names()) == set(metadata.tables) | {"alembic_version"}


def test_migrating_twice_changes_nothing(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'twice.sqlite'}")
    assert not is_initialised(engine)
    migrate(engine)
    migrate(engine)
    assert is_initialised(engine)
    assert differences(engine) == []
    engine.dispose()


def test_every_area_branches_from_the_core_and_all_heads_are_applied(engine: Engine) -> None:
    scripts = ScriptDirectory.from_config(alembic_config())
    heads = set(scripts.get_heads())
    with engine.connect() as connection:
        applied = set(MigrationContext.configure(connection).get_current_heads())
    assert applied == heads
    for revision in scripts.walk_revisions():
        assert revision.revision == "0001_core" or revision.down_revision is not None
