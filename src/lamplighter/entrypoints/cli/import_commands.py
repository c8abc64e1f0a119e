"""``lamplighter import``: SKUs, suppliers, lanes, stock counts, orders and ads from files.

Each sub-command reads one file, prints what changed (a Rich table, or ``--json``), and
exits 2 with every problem (file, row, column, expected, got) when the file is rejected.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from lamplighter.adapters.db.engine import make_engine
from lamplighter.adapters.db.migrate import migrate
from lamplighter.config import database_url
from lamplighter.domain.errors import DomainError
from lamplighter.entrypoints.cli.output import console, err_console, fail, print_json
from lamplighter.entrypoints.errors import exit_code_for
from lamplighter.services.unit_of_work import UnitOfWork

if TYPE_CHECKING:  # the importers load pandas: imported when a command runs, not at start-up
    from lamplighter.adapters.files.tabular import FileRejected
    from lamplighter.services.imports import ImportOptions, ImportSummary

import_app = typer.Typer(
    help="Import catalog, stock counts, orders and ads from CSV/Excel files.", no_args_is_help=True
)

REJECTED_EXIT = 2
SHOWN_SKIPS = 8

FileArg = typer.Argument(..., help="CSV (UTF-8) or Excel (.xlsx) file.", exists=False)
DbOption = typer.Option(None, "--db", help="Database URL or SQLite file (default: LAMPLIGHTER_DATABASE_URL).")
JsonOption = typer.Option(False, "--json", help="Machine-readable output.")
DryRunOption = typer.Option(False, "--dry-run", help="Check and report what would change; write nothing.")
EncodingOption = typer.Option(None, "--encoding", help="Text encoding of a CSV that is not UTF-8 (e.g. cp1252).")
SheetOption = typer.Option(None, "--sheet", help="Excel sheet to read (default: the first).")


def _imports() -> ModuleType:
    from lamplighter.services import imports

    return imports


def _uow(db: str | None) -> UnitOfWork:
    engine = make_engine(database_url(db))
    migrate(engine)
    return UnitOfWork(engine)


@contextmanager
def _progress(enabled: bool, what: str) -> Iterator[Callable[[int, int | None], None]]:
    """A Rich progress bar fed by the service's (done, total) callback; silent for --json."""
    if not enabled:
        yield _imports().batches.no_progress
        return
    columns = (SpinnerColumn(), TextColumn(what), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err_console, transient=True) as bar:
        task = bar.add_task(what, total=None)

        def update(done: int, total: int | None) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def _run(as_json: bool, what: str, call: Callable[[ImportOptions], ImportSummary], options: ImportOptions) -> None:
    from lamplighter.adapters.files.tabular import FileRejected

    try:
        with _progress(not as_json, what) as progress:
            summary = call(_with_progress(options, progress))
    except FileRejected as exc:
        _print_rejected(exc, as_json)
        raise SystemExit(REJECTED_EXIT) from None
    except DomainError as exc:
        if as_json:
            print_json({"ok": False, "error": exc.code, "message": str(exc)})
        else:
            fail(str(exc))
        raise SystemExit(exit_code_for(exc)) from None
    _print_summary(summary, as_json)


def _with_progress(options: ImportOptions, progress: Callable[[int, int | None], None]) -> ImportOptions:
    return dataclasses.replace(options, progress=progress)


def _print_rejected(exc: FileRejected, as_json: bool) -> None:
    report = exc.report
    if as_json:
        problems = [p.as_dict() for p in report.problems]
        print_json(
            {"ok": False, "error": "file-rejected", "file": report.file, "count": report.count, "problems": problems}
        )
        return
    fail(f"{report.file}: rejected, nothing written ({report.count} problem(s))")
    table = Table(header_style="bold red", show_lines=False)
    for column in ("row", "column", "expected", "got"):
        table.add_column(column)
    for p in report.problems:
        table.add_row("" if p.row is None else str(p.row), p.column or "", p.expected, "" if p.got is None else p.got)
    err_console.print(table)
    if report.count > len(report.problems):
        err_console.print(f"... and {report.count - len(report.problems)} more")


def _print_summary(summary: ImportSummary, as_json: bool) -> None:
    if as_json:
        print_json({"ok": True, **summary.as_dict()})
        return
    if summary.already_imported_at is not None:
        when = summary.already_imported_at.isoformat(sep=" ", timespec="seconds")
        console.print(
            f"[bold]{summary.file}[/bold]: already imported on {when} (batch {summary.batch_id}); nothing changed"
        )
        return
    head = "[yellow]dry run, nothing written[/yellow] -- would change:" if summary.dry_run else "imported:"
    console.print(f"[bold]{summary.file}[/bold] ({summary.kind}, {summary.rows:,} rows) {head}")
    table = Table(show_header=True, header_style="bold cyan")
    table.add_column("what")
    table.add_column("count", justify="right")
    for name, value in summary.changes.items():
        table.add_row(name.replace("_", " "), f"{value:,}")
    skipped = sorted(summary.skipped.items(), key=lambda item: -item[1])
    for name, value in skipped[:SHOWN_SKIPS]:
        table.add_row(f"skipped: {name}", f"{value:,}")
    if len(skipped) > SHOWN_SKIPS:
        rest = skipped[SHOWN_SKIPS:]
        table.add_row(f"skipped: {len(rest)} other reasons (see --json)", f"{sum(v for _, v in rest):,}")
    if summary.changes or summary.skipped:
        console.print(table)
    for note in summary.notes:
        console.print(f"note: {note}")


def _options(dry_run: bool, encoding: str | None, sheet: str | None, create_skus: bool = False) -> ImportOptions:
    from lamplighter.services.imports import ImportOptions

    return ImportOptions(dry_run=dry_run, encoding=encoding, sheet=sheet, create_missing_skus=create_skus)


@import_app.command("skus")
def skus(
    file: Path = FileArg, dry_run: bool = DryRunOption, as_json: bool = JsonOption, db: str | None = DbOption,
    encoding: str | None = EncodingOption, sheet: str | None = SheetOption,
) -> None:  # fmt: skip
    """SKUs: code, name, length_cm, width_cm, height_cm, weight_kg, and optional attributes."""
    uow = _uow(db)
    _run(as_json, "SKUs", lambda o: _imports().import_skus(uow, file, o), _options(dry_run, encoding, sheet))


@import_app.command("suppliers")
def suppliers(
    file: Path = FileArg, dry_run: bool = DryRunOption, as_json: bool = JsonOption, db: str | None = DbOption,
    encoding: str | None = EncodingOption, sheet: str | None = SheetOption,
) -> None:  # fmt: skip
    """Suppliers: code, name[, country]; other columns are kept."""
    uow = _uow(db)
    _run(as_json, "suppliers", lambda o: _imports().import_suppliers(uow, file, o), _options(dry_run, encoding, sheet))


@import_app.command("lanes")
def lanes(
    file: Path = FileArg, dry_run: bool = DryRunOption, as_json: bool = JsonOption, db: str | None = DbOption,
    encoding: str | None = EncodingOption, sheet: str | None = SheetOption,
) -> None:  # fmt: skip
    """Freight lanes: supplier, mode (sea|air), transit_days, and optional spreads and costs."""
    uow = _uow(db)
    _run(as_json, "lanes", lambda o: _imports().import_lanes(uow, file, o), _options(dry_run, encoding, sheet))


@import_app.command("stock")
def stock(
    file: Path = FileArg, dry_run: bool = DryRunOption, as_json: bool = JsonOption, db: str | None = DbOption,
    encoding: str | None = EncodingOption, sheet: str | None = SheetOption,
) -> None:  # fmt: skip
    """Stock counts: sku, location (A-01-02-03), counted -- on-hand becomes the count."""
    uow = _uow(db)
    _run(as_json, "counts", lambda o: _imports().import_stock_counts(uow, file, o), _options(dry_run, encoding, sheet))


@import_app.command("orders")
def orders(
    file: Path = FileArg,
    fmt: str = typer.Option("tiktok", "--format", help="tiktok, online-retail or lines."),
    create_skus: bool = typer.Option(False, "--create-skus", help="Create placeholder SKUs for unknown codes."),
    dry_run: bool = DryRunOption, as_json: bool = JsonOption, db: str | None = DbOption,
    encoding: str | None = EncodingOption, sheet: str | None = SheetOption,
) -> None:  # fmt: skip
    """Orders: TikTok Shop exports (open ones enter allocation) or order-line history files."""
    uow = _uow(db)
    options = _options(dry_run, encoding, sheet, create_skus)
    _run(as_json, "order lines", lambda o: _imports().import_orders(uow, file, fmt, o), options)


@import_app.command("ads")
def ads(
    file: Path = FileArg,
    mapping: Path = typer.Option(..., "--mapping", help="CSV/Excel: level (ad|campaign), name, sku[, share]."),
    dry_run: bool = DryRunOption, as_json: bool = JsonOption, db: str | None = DbOption,
    encoding: str | None = EncodingOption, sheet: str | None = SheetOption,
) -> None:  # fmt: skip
    """TikTok Ads Manager report: daily spend, impressions, clicks, conversions per SKU."""
    uow = _uow(db)
    _run(as_json, "ad rows", lambda o: _imports().import_ads(uow, file, mapping, o), _options(dry_run, encoding, sheet))


@import_app.command("history")
def history(db: str | None = DbOption, as_json: bool = JsonOption) -> None:
    """Files imported so far, newest first."""
    rows: list[dict[str, Any]] = [
        {k: r[k] for k in ("id", "kind", "format", "rows", "imported_at", "file_name")}
        for r in _imports().recent_batches(_uow(db))
    ]
    if as_json:
        print_json(rows)
        return
    from lamplighter.entrypoints.cli.output import print_table

    print_table("Imports", rows)


def register(app: typer.Typer) -> None:
    app.add_typer(import_app, name="import")
