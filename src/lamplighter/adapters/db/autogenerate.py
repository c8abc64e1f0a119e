"""Draft a migration from the metadata: ``python -m lamplighter.adapters.db.autogenerate MESSAGE --rev-id ID``.

It migrates a scratch SQLite database to the current heads, then lets Alembic compare it
with the metadata and write the difference as a new revision. Review the draft by hand.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from alembic import command

from lamplighter.adapters.db import load_all_tables
from lamplighter.adapters.db.engine import make_engine
from lamplighter.adapters.db.migrate import alembic_config, migrate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("message")
    parser.add_argument("--rev-id", required=True)
    parser.add_argument("--head", default="0001_core", help="revision the new one follows")
    parser.add_argument("--branch", default=None, help="branch label for a new area")
    args = parser.parse_args()
    load_all_tables()
    with tempfile.TemporaryDirectory() as scratch:
        engine = make_engine(f"sqlite:///{Path(scratch) / 'draft.sqlite'}")
        migrate(engine)
        config = alembic_config(engine)
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.revision(
                config,
                message=args.message,
                autogenerate=True,
                rev_id=args.rev_id,
                head=args.head,
                branch_label=args.branch,
                splice=args.head != "heads",
            )
        engine.dispose()


if __name__ == "__main__":
    main()
