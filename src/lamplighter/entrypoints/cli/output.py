"""Shared CLI output: Rich tables for people, JSON for scripts, one error format."""

from __future__ import annotations

import io
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


#: Values up to this long without a space are codes (locations, SKUs, orders) kept on one line.
CODE_WIDTH = 24


def print_table(
    title: str,
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[str] | None = None,
    labels: Mapping[str, str] | None = None,
) -> None:
    """A Rich table of ``rows`` (dicts), in ``columns`` order when given; ``labels`` rename headers."""
    if not rows:
        console.print(f"[bold]{title}[/bold]: nothing to show")
        return
    columns = list(columns or rows[0].keys())
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    numeric = [all(isinstance(r.get(c), int | float) for r in rows if r.get(c) is not None) for c in columns]
    headers = [(labels or {}).get(c, c.replace("_", " ")) for c in columns]
    # A code (location, SKU) is read whole: on a narrow terminal Rich would cut "B-04-02-03"
    # to "B-04-…", so such a column keeps its width while the others give way, when they
    # can (else the table would run off the screen); whatever is still too wide folds onto
    # a second line rather than losing characters.
    keep = [0 if numeric[j] else _code_width(cells, j) for j in range(len(columns))]
    if any(keep):
        # The rows holding each column's longest value give the whole table's widths: a cheap trial.
        widest = sorted({max(range(len(cells)), key=lambda i: len(cells[i][j])) for j in range(len(columns))})
        if not _fits(_table(title, headers, numeric, keep, [cells[i] for i in widest])):
            keep = [0] * len(columns)
    console.print(_table(title, headers, numeric, keep, cells))


def _table(
    title: str, headers: Sequence[str], numeric: Sequence[bool], keep: Sequence[int], cells: Sequence[Sequence[str]]
) -> Table:
    table = Table(title=title, title_justify="left", header_style="bold cyan")
    for header, is_number, width in zip(headers, numeric, keep, strict=True):
        table.add_column(header, justify="right" if is_number else "left", overflow="fold", min_width=width or None)
    for row in cells:
        table.add_row(*row)
    return table


def _fits(table: Table) -> bool:
    """Whether ``table`` is drawn within the terminal's width (Rich would crop it otherwise)."""
    sink = io.StringIO()
    Console(file=sink, width=console.width, color_system=None).print(table, crop=False)
    return max(len(line) for line in sink.getvalue().splitlines()) <= console.width


def _code_width(cells: Sequence[Sequence[str]], j: int) -> int:
    """The width of column ``j`` when its values are codes (short, no spaces), else 0."""
    values = [row[j] for row in cells]
    longest = max(len(v) for v in values)
    return longest if longest <= CODE_WIDTH and not any(" " in v for v in values) else 0


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
