"""The SQL store: SQLAlchemy 2 Core tables, repositories, engines and Alembic migrations.

One store serves SQLite (a file, the default) and PostgreSQL (by URL).

How to add the tables of your area (importers, planning, slotting, picking, API, ...):

1. Define them in ``lamplighter/adapters/db/tables_<area>.py`` on the shared metadata::

       from lamplighter.adapters.db.tables import metadata
       wave_runs = Table("wave_runs", metadata, Column(...), ...)

   Foreign keys to core tables by name (``ForeignKey("skus.code")``) work because the
   metadata is shared. ``load_all_tables()`` imports every ``tables_*.py`` module of this
   package, so the migration environment, ``migrate`` and the tests see every table.
2. Add one migration for your area in ``migrations/versions/<id>_<area>.py`` with
   ``revision = "<id>_<area>"`` (e.g. ``"0003_planning"``), ``down_revision = "0001_core"``
   and ``branch_labels = ("<area>",)``: each area is its own branch off the core, and
   ``migrate(engine)`` runs ``alembic upgrade heads`` (plural), so branches never conflict.
   Write ``op.create_table`` calls by hand or generate them with
   ``python -m lamplighter.adapters.db.autogenerate "<message>" --rev-id <id>_<area> --branch <area>``
   (see that module) and review the result. A later change to your tables is a new
   revision whose ``down_revision`` is your area's previous one.
3. ``tests/integration/storage/test_migrations.py`` checks that migrating an empty
   database gives exactly the tables, columns, indexes and constraints of the metadata.

Rules: timestamps are ``UtcDateTime`` (timezone-aware UTC on both backends), money and
measures are ``money()``/``measure()`` (exact NUMERIC, float in Python), surrogate keys
are ``IdType``; constraint names come from the metadata's naming convention.
"""

from __future__ import annotations

import importlib
import pkgutil

_loaded = False


def load_all_tables() -> None:
    """Import ``tables`` and every ``tables_<area>`` module so ``metadata`` holds all tables."""
    global _loaded
    if _loaded:
        return
    import lamplighter.adapters.db as package

    importlib.import_module("lamplighter.adapters.db.tables")
    for module in pkgutil.iter_modules(package.__path__):
        if module.name.startswith("tables_"):
            importlib.import_module(f"lamplighter.adapters.db.{module.name}")
    _loaded = True
