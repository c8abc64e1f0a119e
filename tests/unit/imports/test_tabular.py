"""Reading CSV/Excel as text, and the per-cell error report."""

from __future__ import annotations

import codecs
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from lamplighter.adapters.files.tabular import (
    FileRejected,
    ImportErrorReport,
    ReadOptions,
    duplicated_rows,
    read_table,
    require_columns,
    to_datetime,
    to_int,
    to_number,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "imports"


def _problems(exc: pytest.ExceptionInfo[FileRejected]) -> list[tuple[int | None, str | None, str, str | None]]:
    return [(p.row, p.column, p.expected, p.got) for p in exc.value.report.problems]


def test_reads_utf8_with_a_byte_order_mark_and_strips_it_from_the_first_column(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(codecs.BOM_UTF8 + b"Order ID,Quantity\n576461413038785012\t,2\n")
    frame = read_table(path)
    assert list(frame.columns) == ["Order ID", "Quantity"]
    assert frame.loc[2, "Order ID"] == "576461413038785012"


def test_refuses_windows_1252_naming_the_line_and_the_byte() -> None:
    with pytest.raises(FileRejected) as exc:
        read_table(FIXTURES / "bad" / "tiktok_cp1252.csv")
    [(row, _column, expected, got)] = _problems(exc)
    assert row == 2
    assert "UTF-8" in expected and "--encoding cp1252" in expected
    assert got == "byte 0xE1, not UTF-8"


def test_reads_windows_1252_when_asked() -> None:
    frame = read_table(FIXTURES / "bad" / "tiktok_cp1252.csv", ReadOptions(encoding="cp1252"))
    assert frame.loc[2, "Product Name"] == "Lámpara atardecer – proyección"


def test_refuses_utf16(tmp_path: Path) -> None:
    path = tmp_path / "utf16.csv"
    path.write_bytes("code,name\nA,B\n".encode("utf-16"))
    with pytest.raises(FileRejected, match="UTF-16"):
        read_table(path)


def test_refuses_an_empty_file() -> None:
    with pytest.raises(FileRejected) as exc:
        read_table(FIXTURES / "bad" / "empty.csv")
    assert _problems(exc) == [(None, None, "a header row and data rows", "an empty file")]


def test_refuses_an_excel_header_with_merged_cells_naming_them() -> None:
    with pytest.raises(FileRejected) as exc:
        read_table(FIXTURES / "bad" / "skus_merged_header.xlsx")
    [(row, _column, expected, got)] = _problems(exc)
    assert row == 1 and "merged" in expected and got == "merged C1:F1"


def test_reads_excel_numbers_as_the_text_a_person_sees(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["code", "case_pack", "price", "long id"])
    sheet.append(["00123", 40, 2.5, "576461413038785012"])
    book.save(tmp_path / "t.xlsx")
    frame = read_table(tmp_path / "t.xlsx")
    row = frame.loc[2]
    assert isinstance(row, pd.Series)
    assert row.tolist() == ["00123", "40", "2.5", "576461413038785012"]


@given(st.lists(st.from_regex(r"[1-9][0-9]{14,19}", fullmatch=True), min_size=1, max_size=20))
def test_long_numeric_ids_with_trailing_tabs_keep_every_digit(ids: list[str]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "ids.csv"
        path.write_text("Order ID,Quantity\n" + "".join(f'"{i}\t",1\n' for i in ids), encoding="utf-8")
        assert read_table(path)["Order ID"].tolist() == ids


def test_streams_csv_in_chunks_with_spreadsheet_row_numbers(tmp_path: Path) -> None:
    from lamplighter.adapters.files.tabular import iter_table

    path = tmp_path / "many.csv"
    path.write_text("a\n" + "".join(f"{i}\n" for i in range(7)), encoding="utf-8")
    chunks = list(iter_table(path, ReadOptions(chunk_rows=3)))
    assert [len(c) for c in chunks] == [3, 3, 1]
    assert chunks[1].index.tolist() == [5, 6, 7]


def test_each_bad_cell_names_row_column_expectation_and_value() -> None:
    frame = pd.DataFrame({"qty": ["1", "two", "-3", "", "4.5"]}, index=range(2, 7))
    report = ImportErrorReport("f.csv")
    values = to_int(frame, "qty", report, minimum=1)
    got = [(p.row, p.column, p.expected, p.got) for p in report.problems]
    assert got == [
        (3, "qty", "a whole number >= 1", "two"),
        (4, "qty", "a whole number >= 1", "-3"),
        (5, "qty", "a whole number >= 1", ""),
        (6, "qty", "a whole number >= 1", "4.5"),
    ]
    assert values[2] == 1


def test_numbers_accept_thousands_commas_and_currency_signs() -> None:
    frame = pd.DataFrame({"cost": ["1,234.50", "$3", "--", ""]}, index=range(2, 6))
    report = ImportErrorReport("f.csv")
    values = to_number(frame, "cost", report, required=False, blanks=["--"])
    assert not report
    assert values.tolist() == [1234.5, 3.0, 0.0, 0.0]


def test_reads_us_times_with_am_pm_and_iso_times_as_wall_clock() -> None:
    cells = ["03/01/2026 10:00:00 AM", "03/01/2026 01:05:00 PM", "2026-03-01T22:00:00", "2026-03-01 10:00:00+07:00"]
    frame = pd.DataFrame({"t": cells}, index=range(2, 6))
    report = ImportErrorReport("f.csv")
    parsed = to_datetime(frame, "t", report)
    assert not report
    expected = ["2026-03-01 10:00", "2026-03-01 13:05", "2026-03-01 22:00", "2026-03-01 10:00"]
    assert parsed.tolist() == [pd.Timestamp(t) for t in expected]


def test_missing_columns_are_reported_on_the_header_row_with_the_closest_name() -> None:
    frame = pd.DataFrame(columns=["Order ID", "Seller Sku"])
    report = ImportErrorReport("f.csv")
    assert not require_columns(frame, ["Order ID", "Seller SKU"], report)
    [problem] = report.problems
    assert (problem.row, problem.column, problem.got) == (1, "Seller SKU", "no such column (closest: 'Seller Sku')")


def test_a_repeated_key_names_the_row_it_repeats() -> None:
    frame = pd.DataFrame({"code": ["A", "B", "A"]}, index=range(2, 5))
    report = ImportErrorReport("f.csv")
    duplicated_rows(frame, ["code"], report, "SKU code")
    [problem] = report.problems
    assert (problem.row, problem.expected) == (4, "one row per SKU code (already at row 2)")
