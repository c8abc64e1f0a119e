"""Generic catalog files: SKUs, suppliers, lanes, stock counts."""

from __future__ import annotations

from pathlib import Path

import pytest

from lamplighter.adapters.files.catalog_csv import read_lanes, read_skus, read_stock_counts, read_suppliers
from lamplighter.adapters.files.tabular import FileRejected
from lamplighter.domain.sku import BatteryKind
from lamplighter.domain.suppliers import FreightMode
from tests.factories import make_sku

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "imports"


def test_reads_every_sku_attribute() -> None:
    lantern = {s.code: s for s in read_skus(FIXTURES / "skus.csv")}["LL-LANTERN-R"]
    assert lantern == make_sku(
        "LL-LANTERN-R", name="Rechargeable camping lantern", category="lantern", length_cm=14, width_cm=14,
        height_cm=22, weight_kg=0.7, battery=BatteryKind.LITHIUM_ION_IN_EQUIPMENT, battery_wh=18.5,
        seasonal_tags=("summer",), unit_cost=5.6, unit_price=24.99, supplier="SZ-LUMEN", case_pack=24, moq=120,
    )  # fmt: skip


def test_excel_and_csv_give_the_same_skus() -> None:
    assert read_skus(FIXTURES / "skus.xlsx") == read_skus(FIXTURES / "skus.csv")


def test_a_wrong_type_names_row_and_column() -> None:
    with pytest.raises(FileRejected) as exc:
        read_skus(FIXTURES / "bad" / "skus_wrong_type.csv")
    assert [(p.row, p.column, p.expected, p.got) for p in exc.value.report.problems] == [
        (3, "length_cm", "a number > 0", "twenty")
    ]


def test_a_lithium_sku_needs_its_watt_hours(tmp_path: Path) -> None:
    path = tmp_path / "skus.csv"
    path.write_text(
        "code,name,length_cm,width_cm,height_cm,weight_kg,battery\nB1,Cell,5,5,5,0.1,standalone\n", encoding="utf-8"
    )
    with pytest.raises(FileRejected, match="battery_wh"):
        read_skus(path)


def test_suppliers_keep_extra_columns() -> None:
    lumen = read_suppliers(FIXTURES / "suppliers.csv")[0]
    assert (lumen.code, lumen.country, lumen.extra) == ("SZ-LUMEN", "CN", {"contact": "sales@lumen.example"})


def test_air_lanes_forbid_standalone_lithium_unless_told() -> None:
    lanes = {(ln.supplier, ln.mode): ln for ln in read_lanes(FIXTURES / "lanes.csv")}
    assert lanes[("SZ-LUMEN", FreightMode.AIR)].forbids_standalone_lithium
    assert not lanes[("SZ-LUMEN", FreightMode.SEA)].forbids_standalone_lithium
    assert lanes[("SZ-LUMEN", FreightMode.SEA)].lead_time_mean_days == 40


def test_stock_counts_normalise_location_codes(tmp_path: Path) -> None:
    path = tmp_path / "counts.csv"
    path.write_text("sku,location,counted\nLL-SUNSET-01,a-1-2-3,5\n", encoding="utf-8")
    [count] = read_stock_counts(path)
    assert (count.location, count.counted, count.row) == ("A-01-02-03", 5, 2)


def test_bad_location_codes_and_negative_counts_are_rejected() -> None:
    with pytest.raises(FileRejected) as exc:
        read_stock_counts(FIXTURES / "bad" / "stock_bad_location.csv")
    assert [(p.row, p.column, p.got) for p in exc.value.report.problems] == [
        (3, "location", "A1-2-3"),
        (4, "counted", "-2"),
    ]
