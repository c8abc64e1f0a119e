"""``lamplighter keys``: create prints the key once, list never shows it, revoke takes an id, a prefix or the key."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from lamplighter.entrypoints.cli.app import app


def keys(db: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["keys", *args, "--db", str(db)])
    return result.exit_code, result.output


def test_create_list_and_revoke_by_prefix_id_or_key(tmp_path: Path) -> None:
    db = tmp_path / "keys.sqlite"
    made = []
    for role in ("picker", "viewer", "admin"):
        code, output = keys(db, "create", "--role", role, "--label", f"{role} phone", "--json")
        assert code == 0, output
        made.append(json.loads(output))
    first, second, third = made
    assert first["key"].startswith(f"ll_{first['prefix']}_")

    code, listing = keys(db, "list", "--json")
    assert code == 0 and all(k["key"] not in listing for k in made)
    assert [row["role"] for row in json.loads(listing)] == ["picker", "viewer", "admin"]

    for ref in (first["prefix"], str(second["id"]), third["key"]):
        code, output = keys(db, "revoke", ref)
        assert code == 0 and "Revoked" in output, output
    code, listing = keys(db, "list", "--json")
    assert all(row["revoked_at"] for row in json.loads(listing))


def test_revoking_an_unknown_key_says_so_in_one_line_and_fails(tmp_path: Path) -> None:
    command = [str(Path(sys.executable).with_name("lamplighter")), "keys", "revoke", "deadbeef"]
    result = subprocess.run([*command, "--db", str(tmp_path / "keys.sqlite")], capture_output=True, text=True)
    assert result.returncode != 0
    assert "no API key 'deadbeef'" in result.stderr and "Traceback" not in result.stderr
