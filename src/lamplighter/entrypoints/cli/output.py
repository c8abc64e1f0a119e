"""Shared CLI output: Rich tables for people, JSON for scripts, one error format."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from rich.console import Console
from rich.table import Table

console = Console()
err_console = Console(stderr=True)


def _default(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return str(value)


def print_json(payload: Any) -> None:
    """Write ``payload`` as JSON on stdout (dates ISO 8601, numpy scalars as numbers)."""
    sys.stdout.write(json.dumps(payload, default=_default, indent=2) + "\n")


def print_table(title: str, rows: Sequence[Mapping[str, Any]], columns: Sequence[str] | None = None) -> None:
    """A Rich table of ``rows`` (dicts), in ``columns`` order when given."""
    if not rows:
        console.print(f"[bold]{title}[/bold]: nothing to show")
        return
    columns = list(columns or rows[0].keys())
    table = Table(title=title, title_justify="left", header_style="bold cyan")
    for column in columns:
        numeric = all(isinstance(r.get(column), int | float) for r in rows if r.get(column) is not None)
        table.add_column(column.replace("_", " "), justify="right" if numeric else "left")
    for row in rows:
        table.add_row(*[_cell(row.get(c)) for c in columns])
    console.print(table)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def fail(message: str) -> None:
    """Print a clear error on stderr (the caller exits non-zero)."""
    err_console.print(f"[bold red]error:[/bold red] {message}")
