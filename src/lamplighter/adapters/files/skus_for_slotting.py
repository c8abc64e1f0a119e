"""A minimal SKU attributes file for file-based slotting (``lamplighter slot --skus``).

Only ``code`` (alias ``sku``) is required; every missing column or blank cell takes the
default of an ordinary small item (10 x 10 x 10 cm, 0.5 kg, not fragile, no battery,
category ``other``). The full catalog importer is ``catalog_csv.read_skus``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from lamplighter.adapters.files.catalog_csv import BATTERY_WORDS
from lamplighter.adapters.files.tabular import (
    ImportErrorReport,
    ReadOptions,
    cell,
    duplicated_rows,
    read_table,
    require_columns,
    to_bool,
    to_number,
)
from lamplighter.domain.sku import BatteryKind, Sku

_DEFAULT = Sku("default")
_DIMENSIONS = ("length_cm", "width_cm", "height_cm", "weight_kg")
_ALIASES = {"sku": "code", "seller sku": "code", "seller_sku": "code"}


def read_skus_for_slotting(path: str | Path, options: ReadOptions = ReadOptions()) -> list[Sku]:
    """SKUs with whatever attributes the file has; raises ``FileRejected`` naming row and column of bad cells."""
    report = ImportErrorReport(str(path))
    frame = read_table(path, options)
    frame.columns = [_ALIASES.get(str(c).strip().lower(), str(c).strip().lower()) for c in frame.columns]
    require_columns(frame, ["code"], report)
    report.raise_if_any()
    for column in ("name", "category", "fragile", "battery", "battery_wh", *_DIMENSIONS):
        if column not in frame:
            frame[column] = ""
    for row in frame.index[frame["code"] == ""][:50]:
        report.add(int(row), "code", "a SKU code", got="")
    duplicated_rows(frame, ["code"], report, "SKU code")
    dims = {
        c: to_number(frame, c, report, positive=True, required=False, default=getattr(_DEFAULT, c)) for c in _DIMENSIONS
    }
    fragile = to_bool(frame, "fragile", report)
    battery = frame["battery"].str.strip().str.lower().map(BATTERY_WORDS)
    for row in frame.index[battery.isna()][:50]:
        report.add(int(row), "battery", "none, in-equipment, with-equipment or standalone", cell(frame, row, "battery"))
    wh = to_number(frame, "battery_wh", report, positive=True, required=False, default=float("nan"))
    report.raise_if_any()
    return [
        Sku(
            code=cell(frame, r, "code"),
            name=cell(frame, r, "name"),
            category=cell(frame, r, "category") or _DEFAULT.category,
            length_cm=float(dims["length_cm"][r]),
            width_cm=float(dims["width_cm"][r]),
            height_cm=float(dims["height_cm"][r]),
            weight_kg=float(dims["weight_kg"][r]),
            fragile=bool(fragile[r]),
            battery=BatteryKind(battery[r]),
            battery_wh=None if pd.isna(wh[r]) else float(wh[r]),
        )
        for r in frame.index
    ]
