"""Who is calling (an API key, or the dashboard's session) and whether their role allows a route.

Every route declares what it needs with ``Depends(require(Scope.X))`` or ``Depends(public)``;
``tests/e2e`` walks ``app.routes`` and fails when a route declares neither.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from lamplighter.entrypoints.api.problems import ApiProblem
from lamplighter.entrypoints.api.roles import Scope, role_grants
from lamplighter.services import api_keys
from lamplighter.services.api_keys import Role
from lamplighter.services.unit_of_work import UnitOfWork

log = logging.getLogger("lamplighter.api.auth")

API_KEY_HEADER = "X-API-Key"
SESSION_KEY_ID = "api_key_id"

_api_key_header = APIKeyHeader(name=API_KEY_HEADER, auto_error=False, description="An API key: ll_<prefix>_<secret>.")
_bearer = HTTPBearer(auto_error=False, description="The same API key as a bearer token.")


@dataclass(frozen=True, slots=True)
class Principal:
    """The caller: which key (by id and public prefix) and its role."""

    key_id: int
    prefix: str
    role: Role
    via: str  # "key" or "session"


def engine_of(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def uow_of(request: Request) -> UnitOfWork:
    """A fresh unit of work on the app's engine (one per use case; never shared)."""
    return UnitOfWork(engine_of(request))


async def current_principal(
    request: Request,
    header_key: Annotated[str | None, Security(_api_key_header)],
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)],
) -> Principal:
    """The authenticated caller, or 401. Failures are logged with the key's prefix at most.

    A key checked in the last few seconds is answered from the app's :class:`api_keys.KeyCache`
    without touching the database (async, so a hit costs no thread hop either).
    """
    presented = header_key or (bearer.credentials if bearer else None)
    if presented:
        cache = key_cache_of(request)
        key = cache.get(presented) or await run_in_threadpool(cache.authenticate, uow_of(request), presented)
        if key is None:
            prefix = api_keys.prefix_of(presented)
            log.warning(
                "authentication failed on %s %s from %s: %s",
                request.method,
                request.url.path,
                request.client.host if request.client else "?",
                f"unknown or revoked key with prefix {prefix}" if prefix else "malformed key",
            )
            raise _unauthorized("the API key is unknown, revoked or malformed")
        return _seen(request, Principal(key.id, key.prefix, key.role, "key"))
    key_id = request.session.get(SESSION_KEY_ID) if "session" in request.scope else None
    if isinstance(key_id, int):
        session_key = await run_in_threadpool(api_keys.key_by_id, uow_of(request), key_id)
        if session_key is not None:
            return _seen(request, Principal(session_key.id, session_key.prefix, session_key.role, "session"))
        request.session.clear()  # the key was revoked: the session ends with it
        log.warning("session refused on %s: key %s is revoked or gone", request.url.path, key_id)
    raise _unauthorized(f"send an API key in the {API_KEY_HEADER} header (or log in to the dashboard)")


def key_cache_of(request: Request) -> api_keys.KeyCache:
    cache: api_keys.KeyCache = request.app.state.key_cache
    return cache


def _seen(request: Request, principal: Principal) -> Principal:
    request.state.principal = principal  # pages show the caller's role and menu
    return principal


def _unauthorized(detail: str) -> ApiProblem:
    return ApiProblem(
        401, detail, kind="unauthorized", headers={"WWW-Authenticate": f'ApiKey header="{API_KEY_HEADER}"'}
    )


PrincipalDep = Annotated[Principal, Depends(current_principal)]


def _scope_dependency(scope: Scope) -> Callable[[Principal], Awaitable[Principal]]:
    async def dependency(principal: PrincipalDep) -> Principal:
        if not role_grants(principal.role, scope):
            raise ApiProblem(
                403,
                f"a {principal.role.value} key may not do this (needs scope {scope.value!r})",
                kind="forbidden",
                role=principal.role.value,
                required_scope=scope.value,
            )
        return principal

    dependency.__name__ = f"require_{scope.value}"
    dependency.required_scope = scope  # type: ignore[attr-defined]
    return dependency


# One dependency per scope, made once, so FastAPI resolves it once per request.
_REQUIRE: dict[Scope, Callable[[Principal], Awaitable[Principal]]] = {
    scope: _scope_dependency(scope) for scope in Scope
}


def require(scope: Scope) -> Callable[[Principal], Awaitable[Principal]]:
    """The dependency a route declares to need ``scope``; it returns the caller."""
    return _REQUIRE[scope]


async def public() -> None:
    """Declares a route open to everyone (login page, health check)."""


public.required_scope = None  # type: ignore[attr-defined]

ReadDep = Annotated[Principal, Depends(require(Scope.READ))]
PickDep = Annotated[Principal, Depends(require(Scope.PICK))]
OperateDep = Annotated[Principal, Depends(require(Scope.OPERATE))]
PlanDep = Annotated[Principal, Depends(require(Scope.PLAN))]
AdminDep = Annotated[Principal, Depends(require(Scope.ADMIN))]
