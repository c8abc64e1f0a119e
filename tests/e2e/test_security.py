"""Every route declares a scope, each role can do what it should and nothing else, keys stay secret."""

from __future__ import annotations

import logging

import pytest
from fastapi import APIRouter, Depends, FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, update

from lamplighter.adapters.db.tables_api import api_keys as api_keys_table
from lamplighter.adapters.db.types import utc_now
from lamplighter.entrypoints.api.roles import ROLE_SCOPES, Scope
from lamplighter.entrypoints.api.security import public, require
from lamplighter.services import api_keys
from lamplighter.services.api_keys import Role
from lamplighter.services.unit_of_work import UnitOfWork
from tests.e2e.conftest import KeyMaker, auth
from tests.e2e.routes_table import route_scopes

EXPECTED_SCOPES = {
    Role.VIEWER: {"read"},
    Role.PICKER: {"read", "pick"},
    Role.LEAD: {"read", "pick", "operate"},
    Role.PLANNER: {"read", "plan"},
    Role.ADMIN: {"read", "pick", "operate", "plan", "admin"},
}


def test_every_route_declares_its_scope(app: FastAPI) -> None:
    table, undeclared = route_scopes(app)
    assert undeclared == []
    assert len(table) > 10


def test_the_route_check_fails_for_a_route_without_a_scope(app: FastAPI) -> None:
    careless = APIRouter()

    @careless.get("/api/v1/forgotten")
    def forgotten() -> dict[str, str]:
        return {}

    app.include_router(careless)
    assert route_scopes(app)[1] == ["GET /api/v1/forgotten"]


def test_roles_grant_the_documented_scopes() -> None:
    assert {role: {s.value for s in scopes} for role, scopes in ROLE_SCOPES.items()} == EXPECTED_SCOPES


def test_each_role_reaches_exactly_the_routes_its_scopes_allow(
    client: TestClient, app: FastAPI, make_key: KeyMaker
) -> None:
    table, _ = route_scopes(app)
    keys = {role: make_key(role) for role in Role}
    outcome: dict[tuple[str, str, Role], bool] = {}
    for route in table:
        if route.scope is None:
            continue
        for role, key in keys.items():
            response = client.request(
                route.method, route.concrete_path(), headers=auth(key), json={}, follow_redirects=False
            )
            assert response.status_code != 401, (route, role, response.text)
            allowed = response.status_code != 403
            outcome[(route.method, route.path, role)] = allowed
            assert allowed == (route.scope.value in EXPECTED_SCOPES[role]), (route, role, response.text)
    # The table covers every role on every scoped route, and each scope has at least one route.
    assert len(outcome) == len(Role) * sum(1 for r in table if r.scope is not None)
    assert {r.scope for r in table if r.scope is not None} >= {Scope.READ, Scope.OPERATE, Scope.ADMIN}


@pytest.mark.parametrize("headers", [{}, {"X-API-Key": "ll_deadbeef_nonsense"}, {"X-API-Key": "garbage"}])
def test_requests_without_a_valid_key_are_refused(client: TestClient, headers: dict[str, str]) -> None:
    response = client.get("/api/v1/stock", headers=headers)
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["status"] == 401


def test_a_revoked_key_is_refused(client: TestClient, engine: Engine, make_key: KeyMaker) -> None:
    key = make_key(Role.ADMIN)
    assert client.get("/api/v1/me", headers=auth(key)).status_code == 200
    api_keys.revoke_key(UnitOfWork(engine), api_keys.prefix_of(key) or "")
    assert client.get("/api/v1/me", headers=auth(key)).status_code == 401


def test_new_key_prefixes_never_read_as_an_id() -> None:
    assert not any(api_keys.new_key_text()[0].isdigit() for _ in range(2000))


def test_a_key_is_revoked_by_its_id_its_prefix_or_itself_and_a_digit_prefix_means_the_prefix(engine: Engine) -> None:
    uow = UnitOfWork(engine)
    first, second, third = (api_keys.create_key(uow, Role.VIEWER) for _ in range(3))
    with engine.begin() as conn:  # a key made before prefixes avoided digits only
        conn.execute(update(api_keys_table).where(api_keys_table.c.id == second.key.id).values(prefix="84665831"))
    assert api_keys.revoke_key(uow, "84665831").id == second.key.id
    assert api_keys.revoke_key(uow, str(first.key.id)).id == first.key.id
    assert api_keys.revoke_key(uow, third.secret).id == third.key.id
    assert [k.active for k in api_keys.list_keys(uow)] == [False, False, False]
    with pytest.raises(api_keys.UnknownApiKey):
        api_keys.revoke_key(uow, "99999")


def test_a_key_revoked_by_another_process_is_refused_once_the_cache_time_is_over(
    engine: Engine, make_key: KeyMaker
) -> None:
    key = make_key(Role.LEAD)
    now = [100.0]  # a clock the test moves, so a slow machine cannot outlast the cache time
    cache = api_keys.KeyCache(ttl_s=5.0, clock=lambda: now[0])
    assert cache.authenticate(UnitOfWork(engine), key) is not None
    with engine.begin() as conn:  # as `lamplighter keys revoke` in another process would
        conn.execute(update(api_keys_table).values(revoked_at=utc_now()))
    now[0] += 4.9
    assert cache.authenticate(UnitOfWork(engine), key) is not None  # trusted for at most ttl_s
    now[0] += 0.2
    assert cache.authenticate(UnitOfWork(engine), key) is None


def test_the_key_cache_keeps_no_key_and_no_failure(engine: Engine, make_key: KeyMaker) -> None:
    key = make_key(Role.VIEWER)
    cache = api_keys.KeyCache()
    assert cache.authenticate(UnitOfWork(engine), key) is not None
    assert cache.authenticate(UnitOfWork(engine), key[:-4] + "AAAA") is None
    assert list(cache._entries) == [api_keys.hash_key(key)]


def test_a_key_works_as_a_bearer_token(client: TestClient, make_key: KeyMaker) -> None:
    key = make_key(Role.VIEWER)
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {key}"}).json()["role"] == "viewer"


def test_a_wrong_role_gets_403_with_the_scope_it_lacks(client: TestClient, make_key: KeyMaker) -> None:
    response = client.get("/api/v1/keys", headers=auth(make_key(Role.PLANNER)))
    assert response.status_code == 403
    assert response.json()["required_scope"] == "admin" and response.json()["role"] == "planner"


def test_keys_are_stored_only_as_hashes(engine: Engine) -> None:
    issued = api_keys.create_key(UnitOfWork(engine), Role.VIEWER)
    with engine.connect() as conn:
        dump = "\n".join(str(tuple(row)) for row in conn.exec_driver_sql("SELECT * FROM api_keys"))
    assert issued.secret not in dump
    assert api_keys.hash_key(issued.secret) in dump


def test_keys_never_appear_in_logs(client: TestClient, make_key: KeyMaker, caplog: pytest.LogCaptureFixture) -> None:
    good = make_key(Role.VIEWER)
    revoked_guess = good[:-4] + "AAAA"
    caplog.set_level(logging.DEBUG)
    client.get("/api/v1/me", headers=auth(good))
    client.get("/api/v1/me", headers=auth(revoked_guess))
    client.get("/api/v1/keys", headers=auth(good))
    client.post("/login", data={"api_key": revoked_guess, "next": "/"})
    assert "authentication failed" in caplog.text and "login failed" in caplog.text
    for secret in (good, revoked_guess, good.split("_", 2)[2], revoked_guess.split("_", 2)[2]):
        assert secret not in caplog.text


def test_public_and_scoped_dependencies_are_marked() -> None:
    assert public.required_scope is None  # type: ignore[attr-defined]
    assert all(require(scope).required_scope is scope for scope in Scope)  # type: ignore[attr-defined]
    assert Depends(public).dependency is public
