"""The stock and order commands end to end on a SQLite file: output, --json and exit codes."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from lamplighter.adapters.db.engine import make_engine
from lamplighter.entrypoints.cli.app import main
from lamplighter.services.catalog import save_skus
from lamplighter.services.unit_of_work import UnitOfWork
from tests.factories import make_sku

DEMO_LAYOUT = Path(__file__).resolve().parents[3] / "src" / "lamplighter" / "demo" / "layout.toml"


def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.argv", ["lamplighter", *args])
    try:
        main()
        code = 0
    except SystemExit as stop:
        code = int(stop.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_init_receive_stock_and_check_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(tmp_path / "shop.sqlite")
    code, _, err = run(capsys, monkeypatch, "stock", "--db", db)
    assert code == 7 and "lamplighter init" in err
    assert run(capsys, monkeypatch, "init", "--db", db, "--layout", str(DEMO_LAYOUT))[0] == 0
    save_skus(UnitOfWork(make_engine(f"sqlite:///{db}")), [make_sku("LAMP-1")])

    assert run(capsys, monkeypatch, "receive", "LAMP-1", "12", "--db", db, "--ref", "PO-1")[0] == 0
    code, out, _ = run(
        capsys, monkeypatch, "adjust", "LAMP-1", "S-01-01-01", "--delta", "-2", "--reason", "broken", "--db", db
    )
    assert code == 0
    code, out, _ = run(capsys, monkeypatch, "stock", "--sku", "LAMP-1", "--json", "--db", db)
    assert [(r["location"], r["on_hand"]) for r in json.loads(out)] == [("S-01-01-01", 10)]
    code, _, err = run(capsys, monkeypatch, "move", "LAMP-1", "11", "S-01-01-01", "S-01-01-01", "--db", db)
    assert code != 0 and err

    code, out, _ = run(capsys, monkeypatch, "check", "--json", "--db", db)
    assert code == 0 and json.loads(out)["clean"] is True
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE stock_balances SET on_hand = on_hand + 1")
    code, out, _ = run(capsys, monkeypatch, "check", "--json", "--db", db)
    assert code == 1
    assert json.loads(out)["problems"][0].startswith("LAMP-1 @ S-01-01-01: stored on_hand 11, moves say 10")


def test_allocate_and_orders_report_in_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(tmp_path / "shop.sqlite")
    assert run(capsys, monkeypatch, "init", "--db", db)[0] == 0
    code, out, _ = run(capsys, monkeypatch, "allocate", "--by", "ship-by", "--json", "--db", db)
    assert code == 0 and json.loads(out)["complete"] == 0
    code, out, _ = run(capsys, monkeypatch, "orders", "--status", "open", "--json", "--db", db)
    assert code == 0 and json.loads(out) == []
