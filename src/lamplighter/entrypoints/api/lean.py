"""A short path through the busiest routes for their common case, beside FastAPI's full one.

For every request FastAPI resolves the route's dependencies one by one (key header, bearer
header, caller, scope, unit of work, idempotency key), validates the body and serialises the
answer through its generic machinery: about a fifth of the server's CPU for a reservation
(``benchmarks/api_load``: 50 clients reserving and releasing). An endpoint marked with
:func:`lean_path`, on a router whose routes are :class:`LeanRoute`, answers the plain case
itself: an ``X-API-Key`` the app's key cache already holds, whose role has the route's scope,
no ``Idempotency-Key``, a JSON body and path parameters that validate. It calls the *same*
endpoint function with the parsed arguments and writes its answer with the route's response
model, so the two paths cannot drift apart in what they do. Every other request (no key or an
unknown one, a wrong role, a retry with an idempotency key, a body or path that does not
validate, a session cookie) takes FastAPI's full path, which gives the answers, problem
details and log lines the rest of the API gives. Domain errors raised by the endpoint on the
short path reach the app's one problem handler exactly as on the full path.

Hand-written because no library offers a cheaper dispatch for a FastAPI route that keeps its
OpenAPI description, its dependencies and its tests; it is kept to the shapes those routes
use (path parameters, one JSON body model, the caller, a unit of work, an idempotency key),
and a route that declares anything else is refused when the app is built.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar, get_args, get_origin, get_type_hints

from fastapi import Request, Response
from fastapi.params import Depends, Path
from pydantic import BaseModel, TypeAdapter, ValidationError
from starlette.concurrency import run_in_threadpool

from lamplighter.entrypoints.api.deps import unit_of_work_dependency
from lamplighter.entrypoints.api.idempotency import IDEMPOTENCY_HEADER, IdempotentRoute, idempotency_key
from lamplighter.entrypoints.api.roles import Scope, role_grants
from lamplighter.entrypoints.api.security import API_KEY_HEADER, Principal, key_cache_of, uow_of

F = TypeVar("F", bound=Callable[..., Any])

_LEAN_MARK = "__lean_path__"
_JSON = "application/json"


def lean_path(endpoint: F) -> F:
    """Mark a route's endpoint as one whose plain requests may skip FastAPI's dependency machinery."""
    setattr(endpoint, _LEAN_MARK, True)
    return endpoint


@dataclass(frozen=True)
class _Plan:
    """How to call one endpoint from a request: what each parameter is."""

    scope: Scope
    path: dict[str, TypeAdapter[Any]]
    body: tuple[str, type[BaseModel]] | None
    principal: list[str]
    uow: list[str]
    idempotency: list[str]


class LeanRoute(IdempotentRoute):
    """An idempotent route whose endpoint, when marked with :func:`lean_path`, also has the short path."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        full = super().get_route_handler()
        if not getattr(self.endpoint, _LEAN_MARK, False):
            return full
        endpoint = self.endpoint
        if self.response_model is None:
            raise TypeError(f"{endpoint.__name__}: a lean path needs a response model")
        plan = _plan(endpoint)
        status_code = self.status_code or 200
        dump = TypeAdapter(self.response_model).dump_json

        async def lean_handler(request: Request) -> Response:
            arguments = await _arguments(request, plan)
            if arguments is None:
                return await full(request)
            result = await run_in_threadpool(endpoint, **arguments)
            return Response(dump(result), status_code=status_code, media_type=_JSON)

        return lean_handler


async def _arguments(request: Request, plan: _Plan) -> dict[str, Any] | None:
    """The endpoint's keyword arguments for a plain request, or None when the full path must answer it."""
    headers = request.headers
    presented = headers.get(API_KEY_HEADER)
    if presented is None or IDEMPOTENCY_HEADER in headers:
        return None
    key = key_cache_of(request).get(presented)
    if key is None or not role_grants(key.role, plan.scope):
        return None  # unknown, expired from the cache, revoked or the wrong role: the full path says which
    arguments: dict[str, Any] = {}
    try:
        for name, adapter in plan.path.items():
            arguments[name] = adapter.validate_python(request.path_params[name])
        if plan.body is not None:
            if not headers.get("content-type", "").startswith(_JSON):
                return None
            name, model = plan.body
            arguments[name] = model.model_validate_json(await request.body())
    except ValidationError:
        return None  # the full path answers with the 422 problem the schema documents
    principal = Principal(key.id, key.prefix, key.role, "key")
    request.state.principal = principal
    for name in plan.principal:
        arguments[name] = principal
    for name in plan.uow:
        arguments[name] = uow_of(request)
    for name in plan.idempotency:
        arguments[name] = None
    return arguments


def _plan(endpoint: Callable[..., Any]) -> _Plan:
    hints = get_type_hints(endpoint, include_extras=True)
    scope: Scope | None = None
    path: dict[str, TypeAdapter[Any]] = {}
    body: tuple[str, type[BaseModel]] | None = None
    principal: list[str] = []
    uow: list[str] = []
    idempotency: list[str] = []
    for name in inspect.signature(endpoint).parameters:
        hint = hints[name]
        metadata = get_args(hint)[1:] if get_origin(hint) is Annotated else ()
        marker = next((m for m in metadata if isinstance(m, Depends | Path)), None)
        if isinstance(marker, Path):
            path[name] = TypeAdapter(hint)
        elif isinstance(marker, Depends):
            dependency = marker.dependency
            required = getattr(dependency, "required_scope", None)
            if required is not None:
                scope = required
                principal.append(name)
            elif dependency is unit_of_work_dependency:
                uow.append(name)
            elif dependency is idempotency_key:
                idempotency.append(name)
            else:
                raise TypeError(f"{endpoint.__name__}: the lean path cannot provide {name!r} ({dependency!r})")
        elif inspect.isclass(hint) and issubclass(hint, BaseModel) and body is None:
            body = (name, hint)
        else:
            raise TypeError(f"{endpoint.__name__}: the lean path cannot provide {name!r} ({hint!r})")
    if scope is None:
        raise TypeError(f"{endpoint.__name__}: a lean path needs a route that declares its scope")
    return _Plan(scope, path, body, principal, uow, idempotency)
