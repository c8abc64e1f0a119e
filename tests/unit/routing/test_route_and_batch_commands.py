"""``lamplighter route`` and ``lamplighter batch`` on small files, and the SPRP reader's geometry."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lamplighter.adapters.files.sprp import SprpFormatError, read_sprp
from lamplighter.entrypoints.cli.app import app

LAYOUT = Path(__file__).resolve().parents[3] / "benchmarks" / "layouts" / "single_block_11x40x2x4.toml"

INSTANCE = """NAME : tiny.txt
TYPE : Single_picker_routing
LAYOUT : single-block
NUM_AISLES : 3
NUM_CELLS : 10
DEPOT_AISLE : 0
DEPOT_LOCATION : {depot}
DISTANCE_AISLE_TO_AISLE : 3
DISTANCE_CELL_TO_CELL : 1
DISTANCE_TOP_TO_CELL : 1
DISTANCE_BOTTOM_TO_CELL : 1
DISTANCE_TOP_OR_BOTTOM_TO_DEPOT : 0
ARTICLE_SECTION
NUM_ARTICLES : 2
ID 0
ID 1
SKU_SECTION
NUM_SKUS : 2
ID 0 AISLE 0 CELL 0 QUANTITY 1 LEFT_RIGHT_HAND_SIDE left
ID 1 AISLE 2 CELL 9 QUANTITY 1 LEFT_RIGHT_HAND_SIDE left
ORDER_SECTION
NUM_ARTICLES : 2
ID 0 QUANTITY 1
ID 1 QUANTITY 1
EOF
"""


def write_instance(tmp_path: Path, depot: str = "bottom") -> Path:
    path = tmp_path / "tiny.txt"
    path.write_text(INSTANCE.format(depot=depot))
    return path


def test_cell_zero_lies_next_to_the_top_cross_aisle(tmp_path: Path) -> None:
    bottom = read_sprp(write_instance(tmp_path, "bottom"))
    assert bottom.grid.cross_aisle_y == (0.0, 11.0)
    assert [p.y for p in bottom.points] == [10.0, 1.0]  # cell 0 is 1 from the top, cell 9 is 1 from the bottom
    top = read_sprp(write_instance(tmp_path, "top"))
    assert [p.y for p in top.points] == [1.0, 10.0]  # measured from the depot's (top) cross aisle


def test_two_block_variant_puts_a_middle_aisle_that_costs_two_to_cross(tmp_path: Path) -> None:
    instance = read_sprp(write_instance(tmp_path), two_block=True)
    grid = instance.grid
    assert grid.cross_aisle_y == (0.0, 6.0, 12.0)
    cell = {c: grid.point(0, y) for c, y in ((4, 7.0), (5, 5.0))}  # cells 4 and 5 sit either side of it
    assert grid.distance(cell[4], cell[5]) == 2.0


def test_a_malformed_sku_line_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text(INSTANCE.format(depot="bottom").replace("ID 1 AISLE 2 CELL 9", "ID 1 AISLE two CELL 9"))
    with pytest.raises(SprpFormatError, match=r"bad.txt: line 20"):
        read_sprp(path)


def test_route_prints_the_tour_length_of_an_sprp_instance(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["route", "--sprp", str(write_instance(tmp_path)), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    # up aisle 0 to cell 0 and on to the top (11), across 6, down aisle 2 (11), back 6
    assert payload["length"] == 34.0
    assert sum(s["leg"] for s in payload["stops"]) + payload["return_leg"] == 34.0


def test_route_on_a_layout_lists_locations_in_walking_order() -> None:
    picks = "A-01-02-03,A-05-01-30,A-20-03-12"
    exact = CliRunner().invoke(app, ["route", "--layout", str(LAYOUT), "--picks", picks, "--json"])
    s_shape = CliRunner().invoke(
        app, ["route", "--layout", str(LAYOUT), "--picks", picks, "--method", "s-shape", "--json"]
    )
    assert exact.exit_code == 0 and s_shape.exit_code == 0, exact.output + s_shape.output
    ours, theirs = json.loads(exact.output), json.loads(s_shape.output)
    assert sorted(s["pick"] for s in ours["stops"]) == sorted(picks.split(","))
    assert ours["length"] <= theirs["length"]


def test_route_refuses_an_unknown_method(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["route", "--sprp", str(write_instance(tmp_path)), "--method", "zigzag"])
    assert result.exit_code != 0
    assert "zigzag" in result.output


def test_batch_groups_a_days_orders_into_carts(tmp_path: Path) -> None:
    orders = tmp_path / "orders.csv"
    orders.write_text(
        "order_id,sku,quantity,ordered_at\n"
        "1,S1,1,2024-05-01 09:00\n1,S2,2,2024-05-01 09:00\n2,S3,1,2024-05-01 09:05\n"
        "3,S1,1,2024-05-01 09:10\n3,S4,1,2024-05-01 09:10\n4,S5,1,2024-05-01 10:00\n5,S5,1,2024-05-02 10:00\n"
    )
    assignment = tmp_path / "assignment.csv"
    assignment.write_text("sku,location\nS1,A-01-02-03\nS2,A-05-01-30\nS3,A-20-03-12\nS4,A-07-01-10\nS5,A-22-02-40\n")
    args = ["batch", "--layout", str(LAYOUT), "--assignment", str(assignment), "--orders", str(orders)]
    args += ["--day", "2024-05-01", "--capacity-orders", "2", "--capacity-lines", "3", "--json"]
    totals = {}
    for method in ("single", "fcfs", "lamplighter"):
        result = CliRunner().invoke(app, [*args, "--method", method, "--seconds", "0.2"])
        assert result.exit_code == 0, result.output
        payload = json.loads(result.output)
        assert sorted(o for b in payload["batches"] for o in b["orders"]) == ["1", "2", "3", "4"]
        assert all(len(b["orders"]) <= 2 and b["lines"] <= 3 for b in payload["batches"])
        totals[method] = payload["metres"]
    assert totals["lamplighter"] <= totals["fcfs"] < totals["single"]
