"""Lanes for the simulation from the catalog's lanes CSV, or the defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from lamplighter.adapters.files.lanes_file import load_simulation_lanes


def test_defaults_are_sea_35_and_air_8_days() -> None:
    lanes = load_simulation_lanes(None)
    assert (lanes.lanes["sea"].transit_mean_days, lanes.lanes["sea"].transit_sd_days) == (35.0, 7.0)
    assert (lanes.lanes["air"].transit_mean_days, lanes.lanes["air"].transit_sd_days) == (8.0, 2.0)
    assert not lanes.lanes["air"].allows_lithium_standalone


def test_first_suppliers_lanes_with_production_time(tmp_path: Path) -> None:
    path = tmp_path / "lanes.csv"
    path.write_text(
        "supplier,mode,transit_days,transit_sd_days,production_days,production_sd_days,cost_per_kg,cost_per_m3\n"
        "SZ,sea,30,5,10,3,0.2,100\nSZ,air,6,1,10,3,4,700\nNB,sea,40,8,5,1,0.2,90\n"
    )
    lanes = load_simulation_lanes(path)
    assert lanes.supplier == "SZ" and set(lanes.lanes) == {"sea", "air"}
    assert lanes.production_mean_days == 10.0 and lanes.production_sd_days == 3.0
    assert lanes.lanes["air"].cost_per_kg == 4.0 and not lanes.lanes["air"].allows_lithium_standalone


def test_a_supplier_without_sea_lane_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "lanes.csv"
    path.write_text("supplier,mode,transit_days\nSZ,air,6\n")
    with pytest.raises(ValueError, match="no sea lane"):
        load_simulation_lanes(path)
