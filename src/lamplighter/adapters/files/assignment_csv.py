"""Slotting assignments as CSV: one row per SKU, columns ``sku,location``."""

from __future__ import annotations

import csv
from collections.abc import Mapping
from pathlib import Path

from lamplighter.adapters.files.tabular import ImportErrorReport, ReadOptions, cell, read_table, require_columns
from lamplighter.domain.location_code import LocationCode, is_location_code

ASSIGNMENT_COLUMNS = ["sku", "location"]


def write_assignment(path: str | Path, placement: Mapping[str, str]) -> None:
    """Write ``placement`` (SKU -> location label), sorted by location then SKU."""
    with Path(path).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(ASSIGNMENT_COLUMNS)
        for sku, location in sorted(placement.items(), key=lambda item: (item[1], item[0])):
            writer.writerow([sku, location])


def read_assignment(path: str | Path, options: ReadOptions = ReadOptions()) -> dict[str, str]:
    """SKU -> location label; raises ``FileRejected`` on a missing column, blank SKU, bad code or a SKU twice."""
    report = ImportErrorReport(str(path))
    frame = read_table(path, options)
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    require_columns(frame, ASSIGNMENT_COLUMNS, report)
    report.raise_if_any()
    placement: dict[str, str] = {}
    for row in frame.index:
        sku, location = cell(frame, row, "sku"), cell(frame, row, "location")
        if not sku:
            report.add(int(row), "sku", "a SKU code", got="")
        elif sku in placement:
            report.add(int(row), "sku", "each SKU once", got=sku)
        elif not is_location_code(location):
            report.add(int(row), "location", "a location code such as A-01-02-03", got=location)
        else:
            placement[sku] = str(LocationCode.parse(location))  # canonical form: A-01-02-03
    report.raise_if_any()
    return placement
