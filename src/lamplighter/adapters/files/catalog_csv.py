"""Generic CSV/Excel files for the catalog: SKUs, suppliers, freight lanes and stock counts.

Column names are the attribute names (``code, name, category, length_cm, ...``), in any
order and case; extra columns are ignored. Each reader checks every row and raises
FileRejected naming file, row, column and what was expected -- nothing half-read escapes.
Checks that need the database (does the SKU or location exist?) belong to the import service.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from lamplighter.adapters.files.tabular import (
    ImportErrorReport,
    ReadOptions,
    cell,
    duplicated_rows,
    read_table,
    require_columns,
    to_bool,
    to_int,
    to_number,
)
from lamplighter.domain.errors import InvalidLocationCode
from lamplighter.domain.location_code import LocationCode
from lamplighter.domain.sku import BatteryKind, Sku
from lamplighter.domain.suppliers import FreightLane, FreightMode, Supplier

SKU_REQUIRED = ["code", "name", "length_cm", "width_cm", "height_cm", "weight_kg"]
SKU_OPTIONAL = [
    "category",
    "fragile",
    "battery",
    "battery_wh",
    "seasonal_tags",
    "unit_cost",
    "unit_price",
    "supplier",
    "case_pack",
    "moq",
]
SUPPLIER_REQUIRED = ["code", "name"]
LANE_REQUIRED = ["supplier", "mode", "transit_days"]
STOCK_REQUIRED = ["sku", "location", "counted"]
_ALIASES = {"sku": "code", "seller sku": "code", "seller_sku": "code"}
BATTERY_WORDS = {
    "": BatteryKind.NONE,
    "none": BatteryKind.NONE,
    "no": BatteryKind.NONE,
    "in-equipment": BatteryKind.LITHIUM_ION_IN_EQUIPMENT,
    "with-equipment": BatteryKind.LITHIUM_ION_WITH_EQUIPMENT,
    "standalone": BatteryKind.LITHIUM_ION_STANDALONE,
    **{kind.value: kind for kind in BatteryKind},
}
LANE_MODES = ("sea", "air")
_LANE_NUMBERS = ("transit_sd_days", "production_days", "production_sd_days", "cost_per_kg", "cost_per_m3")


@dataclass(frozen=True, slots=True)
class StockCount:
    sku: str
    location: str
    """Formatted location code (``A-01-02-03``)."""
    counted: int
    row: int


def _load(
    path: str | Path,
    options: ReadOptions,
    required: list[str],
    report: ImportErrorReport,
    aliases: dict[str, str] | None = None,
) -> pd.DataFrame:
    frame = read_table(path, options)
    aliases = aliases or {}
    frame.columns = [aliases.get(str(c).lower(), str(c).lower()) for c in frame.columns]
    require_columns(frame, required, report)
    report.raise_if_any()
    if frame.empty:
        report.add(None, None, "at least one data row", got="only a header")
        report.raise_if_any()
    return frame


def _require_text(frame: pd.DataFrame, column: str, report: ImportErrorReport) -> None:
    for row in frame.index[frame[column] == ""][:50]:
        report.add(int(row), column, "a value", got="")


def _optional(frame: pd.DataFrame, column: str, default: str = "") -> pd.Series:
    return frame[column] if column in frame else pd.Series(default, index=frame.index)


def read_skus(path: str | Path, options: ReadOptions = ReadOptions()) -> list[Sku]:
    """SKUs with every attribute of :class:`~lamplighter.domain.sku.Sku`; ``seasonal_tags`` split on ``;`` or ``|``."""
    report = ImportErrorReport(str(path))
    frame = _load(path, options, SKU_REQUIRED, report, _ALIASES)
    for column in SKU_OPTIONAL:
        if column not in frame:
            frame[column] = ""
    _require_text(frame, "code", report)
    duplicated_rows(frame, ["code"], report, "SKU code")
    dims = {c: to_number(frame, c, report, positive=True) for c in ("length_cm", "width_cm", "height_cm", "weight_kg")}
    fragile = to_bool(frame, "fragile", report)
    battery = frame["battery"].str.lower().map(BATTERY_WORDS)
    for row in frame.index[battery.isna()][:50]:
        report.add(int(row), "battery", "none, in-equipment, with-equipment or standalone", cell(frame, row, "battery"))
    wh = to_number(frame, "battery_wh", report, positive=True, required=False, default=float("nan"))
    needs_wh = battery.notna() & (battery != BatteryKind.NONE) & wh.isna()
    for row in frame.index[needs_wh][:50]:
        report.add(int(row), "battery_wh", "the battery's watt-hours (a number > 0) for a lithium SKU", got="")
    money = {c: to_number(frame, c, report, minimum=0, required=False) for c in ("unit_cost", "unit_price")}
    packs = {c: to_int(frame, c, report, minimum=1, required=False, default=1) for c in ("case_pack", "moq")}
    report.raise_if_any()
    return [
        Sku(
            code=cell(frame, r, "code"),
            name=cell(frame, r, "name"),
            category=cell(frame, r, "category") or "other",
            length_cm=float(dims["length_cm"][r]),
            width_cm=float(dims["width_cm"][r]),
            height_cm=float(dims["height_cm"][r]),
            weight_kg=float(dims["weight_kg"][r]),
            fragile=bool(fragile[r]),
            battery=BatteryKind(battery[r]),
            battery_wh=None if pd.isna(wh[r]) else float(wh[r]),
            seasonal_tags=_tags(cell(frame, r, "seasonal_tags")),
            unit_cost=float(money["unit_cost"][r]),
            unit_price=float(money["unit_price"][r]),
            supplier=cell(frame, r, "supplier") or None,
            case_pack=int(packs["case_pack"][r]),
            moq=int(packs["moq"][r]),
        )
        for r in frame.index
    ]


def _tags(text: str) -> tuple[str, ...]:
    return tuple(t.strip() for t in text.replace("|", ";").split(";") if t.strip())


def read_suppliers(path: str | Path, options: ReadOptions = ReadOptions()) -> list[Supplier]:
    """Suppliers: code, name[, country]; any other column is kept in ``extra``."""
    report = ImportErrorReport(str(path))
    frame = _load(path, options, SUPPLIER_REQUIRED, report)
    _require_text(frame, "code", report)
    duplicated_rows(frame, ["code"], report, "supplier code")
    report.raise_if_any()
    others = [c for c in frame.columns if c not in ("code", "name", "country")]
    return [
        Supplier(
            cell(frame, r, "code"),
            cell(frame, r, "name"),
            (cell(frame, r, "country") or None) if "country" in frame else None,
            {c: cell(frame, r, c) for c in others if cell(frame, r, c)},
        )
        for r in frame.index
    ]


def read_lanes(path: str | Path, options: ReadOptions = ReadOptions()) -> list[FreightLane]:
    """Lanes: supplier, mode (sea|air), transit_days, and optional spreads, production time and costs.

    Optional columns: transit_sd_days, production_days, production_sd_days, cost_per_kg,
    cost_per_m3, forbids_standalone_lithium (true/false; blank means true for air, since
    UN3480 cells may not fly, and false for sea).
    """
    report = ImportErrorReport(str(path))
    frame = _load(path, options, LANE_REQUIRED, report)
    for column in (*_LANE_NUMBERS, "forbids_standalone_lithium"):
        frame[column] = _optional(frame, column)
    _require_text(frame, "supplier", report)
    mode = frame["mode"].str.lower()
    for row in frame.index[~mode.isin(LANE_MODES)][:50]:
        report.add(int(row), "mode", "sea or air", cell(frame, row, "mode"))
    duplicated_rows(frame.assign(mode=mode), ["supplier", "mode"], report, "lane (supplier and mode)")
    transit = to_number(frame, "transit_days", report, positive=True)
    numbers = {c: to_number(frame, c, report, minimum=0, required=False) for c in _LANE_NUMBERS}
    given = frame["forbids_standalone_lithium"] != ""
    forbids = to_bool(frame, "forbids_standalone_lithium", report).where(given, mode == "air")
    report.raise_if_any()
    return [
        FreightLane(
            supplier=cell(frame, r, "supplier"),
            mode=FreightMode(mode[r]),
            transit_mean_days=float(transit[r]),
            transit_sd_days=float(numbers["transit_sd_days"][r]),
            production_mean_days=float(numbers["production_days"][r]),
            production_sd_days=float(numbers["production_sd_days"][r]),
            cost_per_kg=float(numbers["cost_per_kg"][r]),
            cost_per_m3=float(numbers["cost_per_m3"][r]),
            forbids_standalone_lithium=bool(forbids[r]),
        )
        for r in frame.index
    ]


def read_stock_counts(path: str | Path, options: ReadOptions = ReadOptions()) -> list[StockCount]:
    """Counts: sku, location (``A-01-02-03``), counted (whole number >= 0); one row per (sku, location)."""
    report = ImportErrorReport(str(path))
    frame = _load(path, options, STOCK_REQUIRED, report)
    _require_text(frame, "sku", report)
    location = frame["location"].map(_location_or_blank)
    for row in frame.index[location == ""][:50]:
        report.add(
            int(row), "location", "a location code ZONE-ROW-LEVEL-BAY such as A-01-02-03", cell(frame, row, "location")
        )
    counted = to_int(frame, "counted", report, minimum=0)
    duplicated_rows(frame.assign(location=location), ["sku", "location"], report, "SKU and location")
    report.raise_if_any()
    return [StockCount(cell(frame, r, "sku"), location[r], int(counted[r]), int(r)) for r in frame.index]


def _location_or_blank(text: str) -> str:
    """``a-1-2-3`` -> ``A-01-02-03``; blank when the text is no location code."""
    try:
        return str(LocationCode.parse(text))
    except InvalidLocationCode:
        return ""
