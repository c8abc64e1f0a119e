"""CSV and Excel files read as rows of strings, with one error report per file.

Every cell is read as text (``dtype=str``): ids such as a TikTok Order ID have 18-19
digits and would lose digits as floats, and a seller's SKU ``00123`` would lose its zeros.
Format modules convert the columns they need, each through the vectorised checkers here
(:func:`to_int`, :func:`to_number`, :func:`to_bool`, :func:`to_datetime`) so that every bad
cell becomes an :class:`ImportProblem` naming file, row, column, what was expected and
what was found. Row numbers are the ones a spreadsheet shows: the header is row 1.

Encodings: UTF-8 with or without a byte-order mark. Anything else is refused with a
message that says what it looks like (UTF-16, or Windows-1252 as Excel writes "CSV" on
Windows) unless the caller names the encoding (``encoding="cp1252"``).
"""

from __future__ import annotations

import codecs
import difflib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pandas as pd

MAX_REPORTED = 50
"""Problems kept with their facts; beyond this only the count grows."""
_SNIFF_BYTES = 1 << 20
EXCEL_SUFFIXES = (".xlsx", ".xlsm")


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """One bad cell (or a bad file when ``row`` is None)."""

    file: str
    row: int | None
    column: str | None
    expected: str
    got: str | None = None

    def describe(self) -> str:
        where = self.file
        if self.row is not None:
            where += f": row {self.row}"
        if self.column is not None:
            where += f", column {self.column!r}" if self.row is not None else f": column {self.column!r}"
        got = "" if self.got is None else f", got {self.got!r}"
        return f"{where}: expected {self.expected}{got}"

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "row": self.row, "column": self.column, "expected": self.expected, "got": self.got}


@dataclass(slots=True)
class ImportErrorReport:
    """Problems found in one file; a file with any problem is rejected as a whole."""

    file: str
    problems: list[ImportProblem] = field(default_factory=list)
    count: int = 0

    def add(self, row: int | None, column: str | None, expected: str, got: object = None) -> None:
        self.count += 1
        if len(self.problems) < MAX_REPORTED:
            self.problems.append(ImportProblem(self.file, row, column, expected, None if got is None else str(got)))

    def __bool__(self) -> bool:
        return self.count > 0

    def raise_if_any(self) -> None:
        if self.count:
            raise FileRejected(self)


class FileRejected(ValueError):
    """A file with problems: nothing from it was written. ``report`` holds every problem found."""

    code = "file-rejected"

    def __init__(self, report: ImportErrorReport) -> None:
        self.report = report
        lines = [p.describe() for p in report.problems[:10]]
        more = report.count - len(lines)
        text = "\n".join(lines) + (f"\n... and {more} more problem(s)" if more > 0 else "")
        super().__init__(f"{report.file}: rejected, nothing written ({report.count} problem(s))\n{text}")


def reject(
    file: str | Path, expected: str, *, row: int | None = None, column: str | None = None, got: object = None
) -> FileRejected:
    """A FileRejected for one problem (a whole-file problem when ``row`` is None)."""
    report = ImportErrorReport(str(file))
    report.add(row, column, expected, got)
    return FileRejected(report)


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How to read a table file: text ``encoding`` (None = UTF-8, refusing others), Excel ``sheet``."""

    encoding: str | None = None
    sheet: str | None = None
    chunk_rows: int = 50_000


def is_excel(path: Path) -> bool:
    return path.suffix.lower() in EXCEL_SUFFIXES


def iter_table(path: str | Path, options: ReadOptions = ReadOptions()) -> Iterator[pd.DataFrame]:
    """Stream a CSV or Excel file as frames of string cells, indexed by spreadsheet row number.

    Cells are stripped of surrounding blanks and tabs; empty cells are ``""``. Column names
    are stripped too. Raises FileRejected for a missing, empty, mis-encoded or malformed
    file. CSV is read in chunks of ``options.chunk_rows``; Excel as one frame.
    """
    path = Path(path)
    if not path.is_file():
        raise reject(path, "an existing file", got="no such file")
    if path.stat().st_size == 0:
        raise reject(path, "a header row and data rows", got="an empty file")
    if is_excel(path):
        yield _excel_frame(path, options.sheet)
    else:
        yield from _csv_frames(path, options)


def read_table(path: str | Path, options: ReadOptions = ReadOptions()) -> pd.DataFrame:
    """The whole table at once (for small files: catalogs, counts, mappings)."""
    frames = list(iter_table(path, options))
    return pd.concat(frames) if len(frames) > 1 else frames[0]


def _csv_frames(path: Path, options: ReadOptions) -> Iterator[pd.DataFrame]:
    encoding = options.encoding or _checked_utf8(path)
    try:
        reader = pd.read_csv(
            path,
            dtype=str,
            keep_default_na=False,
            encoding=encoding,
            chunksize=options.chunk_rows,
            skipinitialspace=False,
        )
        first_row = 2
        with reader:
            for raw in reader:
                frame = _tidy(raw)
                frame.index = pd.RangeIndex(first_row, first_row + len(frame))
                first_row += len(frame)
                yield frame
    except pd.errors.EmptyDataError as exc:
        raise reject(path, "a header row and data rows", got="an empty file") from exc
    except UnicodeDecodeError as exc:
        raise reject(
            path, f"text in {encoding}", got=f"byte 0x{exc.object[exc.start : exc.start + 1].hex().upper()}"
        ) from exc
    except pd.errors.ParserError as exc:
        raise reject(path, "a CSV table with the same number of cells in every row", got=str(exc).strip()) from exc


def _checked_utf8(path: Path) -> str:
    """``utf-8-sig`` when the file's first megabyte is UTF-8; else FileRejected saying what it looks like."""
    with path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise reject(path, "UTF-8 text (save as 'CSV UTF-8')", got="UTF-16 text (byte-order mark)")
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(head, final=len(head) < _SNIFF_BYTES)
    except UnicodeDecodeError as exc:
        line = head.count(b"\n", 0, exc.start) + 1
        byte = head[exc.start : exc.start + 1]
        hint = "; if it is Windows-1252 (Excel 'CSV' on Windows) pass --encoding cp1252"
        raise reject(path, "UTF-8 text" + hint, row=line, got=f"byte 0x{byte.hex().upper()}, not UTF-8") from exc
    return "utf-8-sig"


def _tidy(raw: pd.DataFrame) -> pd.DataFrame:
    raw.columns = [str(c).strip().lstrip("\ufeff") for c in raw.columns]
    # TikTok appends a tab to long numeric ids so spreadsheets keep every digit.
    tidy: pd.DataFrame = raw.apply(lambda col: col.str.strip(" \t\r\n\u00a0"))
    return tidy


def _excel_frame(path: Path, sheet: str | None) -> pd.DataFrame:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        # Not read-only: read-only worksheets do not expose merged cells, which we must refuse.
        book = load_workbook(path, data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise reject(path, "an Excel .xlsx workbook", got=type(exc).__name__ + ": " + str(exc)) from exc
    try:
        ws = book[sheet] if sheet else book.worksheets[0]
    except KeyError as exc:
        raise reject(path, f"a sheet named {sheet!r}", got=", ".join(book.sheetnames)) from exc
    merged = [str(r) for r in ws.merged_cells.ranges if r.min_row == 1]
    if merged:
        raise reject(path, "one header cell per column (no merged cells)", row=1, got="merged " + ", ".join(merged))
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None or all(c is None for c in header):
        raise reject(path, "a header row and data rows", got="an empty sheet")
    width = max(i for i, c in enumerate(header) if c is not None) + 1
    names = [_cell_text(c) for c in header[:width]]
    body = [[_cell_text(c) for c in (row + (None,) * width)[:width]] for row in rows]
    while body and not any(body[-1]):
        body.pop()
    frame = pd.DataFrame(body, columns=names, dtype=object)
    frame.index = pd.RangeIndex(2, 2 + len(frame))
    return _tidy(frame.astype(str))


def _cell_text(value: object) -> str:
    """Excel cell as the text a person sees: whole numbers without ``.0``, dates in ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def cell(frame: pd.DataFrame, row: object, column: str) -> str:
    """The text of one cell (frames from :func:`iter_table` hold only text)."""
    return str(frame.at[row, column])


# --- column checks: vectorised, each bad cell becomes one problem -----------------------


def require_columns(frame: pd.DataFrame, required: Sequence[str], report: ImportErrorReport) -> bool:
    """Report each missing required column (row 1 = header); True when all are there."""
    present = set(frame.columns)
    missing = [c for c in required if c not in present]
    for column in missing:
        close = difflib.get_close_matches(column, [str(c) for c in frame.columns], n=1)
        got = "no such column" + (f" (closest: {close[0]!r})" if close else "")
        report.add(1, column, f"a column named {column!r}", got=got)
    return not missing


def _report_bad(cells: pd.Series, bad: pd.Series, column: str, expected: str, report: ImportErrorReport) -> None:
    if not bad.any():
        return
    # Only the first MAX_REPORTED are kept with facts; count the rest without building them.
    shown = cells[bad]
    for row, got in shown.iloc[:MAX_REPORTED].items():
        report.add(int(row), column, expected, got)  # type: ignore[call-overload]
    report.count += max(0, len(shown) - MAX_REPORTED)


def to_int(
    frame: pd.DataFrame,
    column: str,
    report: ImportErrorReport,
    *,
    minimum: int | None = None,
    required: bool = True,
    default: int = 0,
) -> pd.Series:
    """Whole numbers (``6``, ``6.0``, ``1,200``); blanks take ``default`` unless ``required``."""
    cells = frame[column]
    blank = cells == ""
    numbers = pd.to_numeric(cells.str.replace(",", "", regex=False), errors="coerce")
    bad = (numbers.isna() & ~blank) | (numbers.notna() & (numbers % 1 != 0))
    if required:
        bad |= blank
    expected = "a whole number" if minimum is None else f"a whole number >= {minimum}"
    if minimum is not None:
        bad |= numbers.notna() & (numbers < minimum)
    _report_bad(cells, bad, column, expected, report)
    return numbers.where(~bad & ~blank, default).fillna(default).astype("int64")


def to_number(
    frame: pd.DataFrame,
    column: str,
    report: ImportErrorReport,
    *,
    minimum: float | None = None,
    positive: bool = False,
    required: bool = True,
    default: float = 0.0,
    blanks: Sequence[str] = (),
) -> pd.Series:
    """Decimal numbers (thousands commas and a leading currency sign allowed); ``blanks`` read as empty."""
    cells = frame[column]
    blank = (cells == "") | cells.isin(list(blanks))
    cleaned = cells.str.replace(",", "", regex=False).str.replace(r"^[$€£¥₫฿]|^(?:Rp|RM)\s?", "", regex=True)
    numbers = pd.to_numeric(cleaned, errors="coerce")
    bad = numbers.isna() & ~blank
    if required:
        bad |= blank
    expected = "a number"
    if positive:
        bad |= numbers.notna() & (numbers <= 0)
        expected = "a number > 0"
    elif minimum is not None:
        bad |= numbers.notna() & (numbers < minimum)
        expected = f"a number >= {minimum:g}"
    _report_bad(cells, bad, column, expected, report)
    return numbers.where(~bad & ~blank, default).fillna(default).astype("float64")


_TRUE = {"true", "yes", "y", "1", "x"}
_FALSE = {"false", "no", "n", "0", ""}


def to_bool(frame: pd.DataFrame, column: str, report: ImportErrorReport) -> pd.Series:
    """true/false, yes/no, 1/0, x/blank (any case)."""
    cells = frame[column]
    lowered = cells.str.lower()
    bad = ~lowered.isin(_TRUE | _FALSE)
    _report_bad(cells, bad, column, "true or false (yes/no, 1/0)", report)
    return lowered.isin(_TRUE)


US_DATETIME = "%m/%d/%Y %I:%M:%S %p"
US_DATE = "%m/%d/%Y"
_UTC_OFFSET = r"(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(?:Z|UTC|[+-]\d{2}:?\d{2})$"


def to_datetime(frame: pd.DataFrame, column: str, report: ImportErrorReport, *, required: bool = True) -> pd.Series:
    """US ``03/01/2026 10:00:00 AM``, ``03/01/2026 [HH:MM[:SS]]`` or ISO 8601; naive timestamps."""
    cells = frame[column]
    blank = cells == ""
    # Wall-clock time as the shop shows it: a UTC offset, when present, is dropped, not applied.
    wall = cells.str.replace(_UTC_OFFSET, r"\1", regex=True)
    parsed = pd.to_datetime(wall, format=US_DATETIME, errors="coerce")
    for fmt in ("%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", US_DATE, "ISO8601"):
        missing = parsed.isna() & ~blank
        if not missing.any():
            break
        parsed = parsed.where(~missing, pd.to_datetime(wall.where(missing, ""), format=fmt, errors="coerce"))
    bad = parsed.isna() & ~blank
    if required:
        bad |= blank
    _report_bad(cells, bad, column, "a date and time (MM/DD/YYYY hh:mm:ss AM or ISO 8601)", report)
    return parsed


def duplicated_rows(frame: pd.DataFrame, key: Sequence[str], report: ImportErrorReport, what: str) -> None:
    """Report every row whose ``key`` columns repeat an earlier row's, naming that earlier row."""
    dup = frame.duplicated(list(key), keep="first")
    if not dup.any():
        return
    rows = pd.Series(frame.index, index=frame.index)
    first = rows.groupby([frame[c] for c in key], sort=False).transform("min")
    for row in frame.index[dup][:MAX_REPORTED]:
        got = " / ".join(str(frame.at[row, c]) for c in key)
        report.add(int(row), key[0], f"one row per {what} (already at row {int(first[row])})", got=got)
    report.count += max(0, int(dup.sum()) - MAX_REPORTED)
