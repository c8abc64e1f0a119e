"""``lamplighter demo`` from the command line: JSON for scripts, a clear refusal for a stranger's file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from lamplighter.demo import scenarios as sc

pytestmark = pytest.mark.xdist_group("demo")

_MAIN = "from lamplighter.entrypoints.cli.app import main; main()"


def lamplighter(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", _MAIN, *args], capture_output=True, text=True, timeout=600)


def test_demo_json_reports_what_it_built_and_the_first_screen(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite"
    done = lamplighter("demo", "--db", str(db), "--days", "60", "--json")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert payload["built"]["params"] == {"seed": sc.DEFAULT_SEED, "today": "2026-11-20", "history_days": 60}
    assert payload["built"]["units_placed"] > 10_000
    overview = payload["overview"]
    assert overview["top_sellers"][0]["sku"] == sc.VIRAL_SUNSET_LAMP
    assert {row["kind"] for row in overview["stock_by_zone"]} >= {"fast", "battery", "bulky", "reserve", "returns"}
    assert overview["open_orders"]["due_today"] > 0
    checked = lamplighter("check", "--db", str(db))
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_demo_refuses_to_replace_a_file_that_is_not_a_demo(tmp_path: Path) -> None:
    precious = tmp_path / "shop.sqlite"
    precious.write_bytes(b"not a database, and not the demo's to delete")
    done = lamplighter("demo", "--db", str(precious))
    assert done.returncode == 2
    assert "--fresh" in done.stderr
    assert precious.read_bytes().startswith(b"not a database")
