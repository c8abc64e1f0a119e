"""Imports through the API: uploads, idempotent re-imports, rejected files with their problems, size limit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from lamplighter.entrypoints.api import create_app
from lamplighter.entrypoints.api.settings import ApiSettings
from lamplighter.services.api_keys import Role
from tests.e2e.conftest import KeyMaker, auth

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"


def _upload(client: TestClient, key: str, name: str, kind: str = "skus") -> dict[str, Any]:
    path = FIXTURES / name
    with path.open("rb") as handle:
        response = client.post(f"/api/v1/imports/{kind}", headers=auth(key), files={"file": (path.name, handle)})
    return {"status": response.status_code, **response.json()}


def test_a_planner_imports_skus_once_and_the_second_time_changes_nothing(
    client: TestClient, make_key: KeyMaker
) -> None:
    planner = make_key(Role.PLANNER)
    first = _upload(client, planner, "skus.csv")
    assert first["status"] == 200 and first["file"] == "skus.csv" and first["rows"] > 0
    again = _upload(client, planner, "skus.csv")
    assert again["status"] == 200 and again["already_imported_at"] is not None
    codes = {s["code"] for s in client.get("/api/v1/skus", headers=auth(planner)).json()["items"]}
    assert "LL-SUNSET-01" in codes


def test_a_rejected_file_answers_422_with_every_problem_and_writes_nothing(
    client: TestClient, make_key: KeyMaker
) -> None:
    planner = make_key(Role.PLANNER)
    body = _upload(client, planner, "bad/skus_wrong_type.csv")
    assert body["status"] == 422 and body["type"] == "https://lamplighter.dev/problems/file-rejected"
    problems = body["problems"]
    assert isinstance(problems, list) and problems
    assert all(p["file"] == "skus_wrong_type.csv" and p["expected"] for p in problems)
    assert client.get("/api/v1/skus", headers=auth(planner)).json()["total"] == 0


def test_a_lead_may_not_import(client: TestClient, make_key: KeyMaker) -> None:
    assert _upload(client, make_key(Role.LEAD), "skus.csv")["status"] == 403


def test_an_import_over_the_size_limit_is_refused(tmp_path: Path, engine: Engine, make_key: KeyMaker) -> None:
    settings = ApiSettings(database_url=f"sqlite:///{tmp_path / 'api.sqlite'}", max_import_bytes=2048)
    with TestClient(create_app(settings, engine=engine), base_url="https://testserver") as small:
        files = {"file": ("big.csv", b"code,name\n" + b"X,y\n" * 2000)}
        response = small.post("/api/v1/imports/skus", headers=auth(make_key(Role.PLANNER)), files=files)
    assert response.status_code == 413 and response.json()["limit_bytes"] == 2048


def test_the_import_page_shows_the_problems_of_a_rejected_file(client: TestClient, make_key: KeyMaker) -> None:
    client.post("/login", data={"api_key": make_key(Role.PLANNER), "next": "/imports"})
    path = FIXTURES / "bad" / "skus_wrong_type.csv"
    with path.open("rb") as handle:
        page = client.post("/imports", data={"kind": "skus"}, files={"file": (path.name, handle)})
    assert page.status_code == 200 and "rejected, nothing written" in page.text
    with (FIXTURES / "skus.csv").open("rb") as handle:
        page = client.post("/imports", data={"kind": "skus"}, files={"file": ("skus.csv", handle)})
    assert "skus.csv:" in page.text and "Recent imports" in page.text
