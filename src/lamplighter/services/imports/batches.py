"""What every import shares: options, the summary it returns, and its one transaction.

An import runs in one unit of work: it records an ``import_batches`` row (kind + SHA-256
of the file's bytes), validates, writes, and commits -- or, on any problem, rolls back so
a rejected file writes nothing. The same file imported again is recognised by its hash
and changes nothing; files that overlap earlier ones are reconciled by natural keys.
A dry run does all of it and rolls back, so its summary says exactly what would change.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from lamplighter.adapters.db.tables_imports import import_batches
from lamplighter.adapters.db.types import utc_now
from lamplighter.adapters.files.tabular import ReadOptions, reject
from lamplighter.services.unit_of_work import UnitOfWork, run_in_transaction

Progress = Callable[[int, int | None], None]
"""Called with (rows done, rows in all or None when unknown) as a long import goes."""


def no_progress(_done: int, _total: int | None) -> None:
    return None


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """How to run an import: ``dry_run`` rolls back at the end; ``encoding``/``sheet`` for the file.

    ``create_missing_skus``: order lines of SKUs not in the catalog create placeholder SKUs
    (named from the file where it says) instead of rejecting the file.
    """

    dry_run: bool = False
    encoding: str | None = None
    sheet: str | None = None
    create_missing_skus: bool = False
    actor: str = "import"
    progress: Progress = no_progress
    chunk_rows: int = 50_000
    """Lines per chunk when a history file is streamed (memory grows with it)."""

    @property
    def read(self) -> ReadOptions:
        return ReadOptions(encoding=self.encoding, sheet=self.sheet, chunk_rows=self.chunk_rows)


@dataclass(slots=True)
class ImportSummary:
    """What an import changed (or, in a dry run, would change), by counter name."""

    kind: str
    file: str
    format: str = ""
    sha256: str = ""
    rows: int = 0
    dry_run: bool = False
    batch_id: int | None = None
    already_imported_at: datetime | None = None
    changes: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def count(self, name: str, n: int = 1) -> None:
        self.changes[name] = self.changes.get(name, 0) + n

    @property
    def changed(self) -> bool:
        return any(v for k, v in self.changes.items() if not k.endswith("unchanged"))

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "file": self.file,
            "format": self.format,
            "sha256": self.sha256,
            "rows": self.rows,
            "dry_run": self.dry_run,
            "batch_id": self.batch_id,
            "already_imported_at": self.already_imported_at,
            "changes": dict(self.changes),
            "skipped": dict(self.skipped),
            "notes": list(self.notes),
        }


def file_sha256(*paths: str | Path) -> str:
    """SHA-256 over the bytes of ``paths`` in order (a report and its mapping hash together)."""
    digest = hashlib.sha256()
    for path in paths:
        with Path(path).open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


Writer = Callable[[UnitOfWork, ImportSummary], None]


class _RollBack(Exception):
    """Leaves the transaction without committing (a dry run), carrying its summary."""

    def __init__(self, summary: ImportSummary) -> None:
        super().__init__("dry run")
        self.summary = summary


def run_import(
    uow: UnitOfWork, kind: str, files: Sequence[str | Path], fmt: str, options: ImportOptions, write: Writer
) -> ImportSummary:
    """Run ``write`` in one transaction under a new batch row; skip a file already imported.

    ``write`` validates and writes, filling the summary (``batch_id`` is set before it
    runs); it raises FileRejected (or a domain error) to reject the file, rolling back.
    """
    for path in files:
        if not Path(path).is_file():
            raise reject(path, "an existing file", got="no such file")
    sha = file_sha256(*files)

    def work(u: UnitOfWork) -> ImportSummary:
        summary = ImportSummary(kind, str(files[0]), fmt, sha, dry_run=options.dry_run)
        earlier = u.connection.execute(
            select(import_batches.c.id, import_batches.c.imported_at).where(
                import_batches.c.kind == kind, import_batches.c.sha256 == sha
            )
        ).first()
        if earlier is not None:
            summary.batch_id, summary.already_imported_at = int(earlier[0]), earlier[1]
            summary.notes.append(f"this file was imported already (batch {earlier[0]}); nothing changed")
            return summary
        summary.batch_id = _open_batch(u, kind, str(files[0]), sha, fmt)
        write(u, summary)
        u.connection.execute(
            update(import_batches)
            .where(import_batches.c.id == summary.batch_id)
            .values(rows=summary.rows, summary={"changes": summary.changes, "skipped": summary.skipped})
        )
        if options.dry_run:
            raise _RollBack(summary)
        return summary

    try:
        return run_in_transaction(uow, work)
    except _RollBack as rolled_back:
        rolled_back.summary.batch_id = None
        return rolled_back.summary


def _open_batch(uow: UnitOfWork, kind: str, file_name: str, sha: str, fmt: str) -> int:
    inserted = uow.connection.execute(
        import_batches.insert()
        .values(
            kind=kind, file_name=file_name[-512:], sha256=sha, format=fmt, rows=0, summary={}, imported_at=utc_now()
        )
        .returning(import_batches.c.id)
    )
    return int(inserted.scalar_one())


def recent_batches(uow: UnitOfWork, limit: int = 50) -> list[dict[str, Any]]:
    """The latest imports, newest first (read only)."""
    query = select(import_batches).order_by(import_batches.c.id.desc()).limit(limit)
    return run_in_transaction(uow.reader(), lambda u: [dict(r) for r in u.connection.execute(query).mappings()])
