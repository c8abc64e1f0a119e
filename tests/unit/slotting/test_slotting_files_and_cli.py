"""Slotting's files (assignment CSV, SKU attributes, SVG) and the file-based CLI commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lamplighter.adapters.files.assignment_csv import read_assignment, write_assignment
from lamplighter.adapters.files.layout_svg import heat_colour, layout_svg
from lamplighter.adapters.files.skus_for_slotting import read_skus_for_slotting
from lamplighter.adapters.files.tabular import FileRejected
from lamplighter.entrypoints.cli.app import app
from tests.factories import make_layout, make_sku
from tests.unit.slotting.worlds import order_history

LAYOUT_TOML = """
name = "cli test"
[geometry]
bays_per_row = 6
[[zones]]
code = "A"
kind = "category"
aisles = 3
levels = 2
"""


def test_assignment_csv_round_trips_and_rejects_bad_rows(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    write_assignment(path, {"LAMP": "B-01-02-03", "BULB": "A-01-01-01"})
    assert read_assignment(path) == {"LAMP": "B-01-02-03", "BULB": "A-01-01-01"}
    path.write_text("sku,location\nLAMP,B-01-02-03\nLAMP,A-01-01-01\nBULB,nowhere\n", encoding="utf-8")
    with pytest.raises(FileRejected) as error:
        read_assignment(path)
    text = str(error.value)
    assert "each SKU once" in text and "'nowhere'" in text and "column 'location'" in text


def test_sku_attributes_default_to_an_ordinary_small_item(tmp_path: Path) -> None:
    path = tmp_path / "skus.csv"
    path.write_text("sku,fragile,weight_kg,battery\nLAMP,yes,,\nBAT,,2.5,standalone\n", encoding="utf-8")
    lamp, bat = read_skus_for_slotting(path)
    assert lamp.fragile and lamp.weight_kg == 0.5 and lamp.length_cm == 10.0 and lamp.category == "other"
    assert bat.weight_kg == 2.5 and bat.battery.value == "li-ion-standalone"
    path.write_text("code,weight_kg\nLAMP,heavy\n", encoding="utf-8")
    with pytest.raises(FileRejected, match="weight_kg"):
        read_skus_for_slotting(path)


def test_svg_shades_bays_by_picks_and_outlines_zones() -> None:
    layout = make_layout()
    svg = layout_svg(layout, {"A-01-02-01": 10.0, "A-01-03-01": 5.0, "B-01-01-02": 1.0})
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert "A-01-*-01: 15 picks" in svg and heat_colour(1.0) in svg
    assert "fragile" in svg and "packing" in svg


def test_slot_then_replay_from_files(tmp_path: Path) -> None:
    (tmp_path / "layout.toml").write_text(LAYOUT_TOML, encoding="utf-8")
    skus = [make_sku(f"S{i}") for i in range(20)]
    lines = order_history(skus, 4, orders=200)
    lines.assign(cancelled=False).drop(columns=["kind"]).to_csv(tmp_path / "lines.csv", index=False)
    runner = CliRunner()
    common = ["--layout", str(tmp_path / "layout.toml"), "--orders", str(tmp_path / "lines.csv"), "--format", "lines"]
    out = tmp_path / "assignment.csv"
    result = runner.invoke(
        app,
        [
            "slot",
            *common,
            "--until",
            "2026-02-28",
            "--out",
            str(out),
            "--svg",
            str(tmp_path / "h.svg"),
            "--json",
            "--search-seconds",
            "0.5",
        ],
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["slotted"] == len(read_assignment(out)) and summary["unslotted"] == 0
    assert (tmp_path / "h.svg").read_text(encoding="utf-8").startswith("<svg")
    result = runner.invoke(
        app, ["replay", *common, "--assignment", str(out), "--from", "2026-03-01", "--to", "2026-03-31", "--json"]
    )
    assert result.exit_code == 0, result.output
    replayed = json.loads(result.output)
    assert replayed["orders"] > 0 and replayed["metres_per_line"] > 0


def test_replay_names_an_unknown_location(tmp_path: Path) -> None:
    (tmp_path / "layout.toml").write_text(LAYOUT_TOML, encoding="utf-8")
    (tmp_path / "a.csv").write_text("sku,location\nS1,Q-09-01-01\n", encoding="utf-8")
    (tmp_path / "lines.csv").write_text("order_id,sku,quantity,ordered_at\n1,S1,1,2026-01-01\n", encoding="utf-8")
    result = CliRunner().invoke(
        app,
        [
            "replay",
            "--layout",
            str(tmp_path / "layout.toml"),
            "--assignment",
            str(tmp_path / "a.csv"),
            "--orders",
            str(tmp_path / "lines.csv"),
        ],
    )
    assert result.exit_code != 0
    assert "Q-09-01-01" in str(result.exception) + result.output
