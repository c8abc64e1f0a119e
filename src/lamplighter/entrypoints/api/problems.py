"""Errors as RFC 9457 problem details, produced by one handler for every kind of failure.

Domain errors keep their facts (``sku``, ``location``, ``wanted``...) as extension members,
and their HTTP status comes from :func:`lamplighter.entrypoints.errors.http_status_for`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException as StarletteHTTPException

from lamplighter.domain.errors import DomainError
from lamplighter.entrypoints.errors import http_status_for

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "https://lamplighter.dev/problems/"
_RESERVED = frozenset({"type", "title", "status", "detail", "instance", "kind"})
log = logging.getLogger("lamplighter.api")


class Problem(BaseModel):
    """RFC 9457 problem details; extension members carry the facts of the failure."""

    model_config = ConfigDict(extra="allow")

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None


class ProblemResponse(JSONResponse):
    media_type = PROBLEM_MEDIA_TYPE


def problem(status: int, detail: str | None, *, kind: str | None = None, **facts: Any) -> ProblemResponse:
    """A problem-details response; ``kind`` becomes the ``type`` URI (about:blank when None)."""
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + kind if kind else "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    body.update({k: v for k, v in facts.items() if k not in body})
    return ProblemResponse(body, status_code=status)


def _facts(error: Exception) -> dict[str, Any]:
    """Public, JSON-friendly attributes of a domain error (its facts)."""
    facts: dict[str, Any] = {}
    for key, value in vars(error).items():
        if key.startswith("_") or not isinstance(value, str | int | float | bool | list | tuple | type(None)):
            continue
        # A fact named like a problem member ("detail", "status") must not replace it.
        facts[f"fact_{key}" if key in _RESERVED else key] = value
    return facts


async def handle_problem(request: Request, exc: Exception) -> Response:
    """The one error handler: domain errors, HTTP errors, validation errors and crashes.

    Dashboard pages get the same problem rendered as HTML (401 becomes a login redirect).
    """
    response = _problem_for(request, exc)
    render_html = getattr(request.app.state, "render_html_problem", None)
    if render_html is not None and wants_html(request):
        page: Response = render_html(request, json.loads(bytes(response.body)))
        return page
    return response


def wants_html(request: Request) -> bool:
    """Dashboard pages (not the API, not the schema) answer errors in HTML."""
    path = request.url.path
    return not path.startswith("/api/") and path != "/openapi.json"


def _problem_for(request: Request, exc: Exception) -> ProblemResponse:
    instance = request.url.path
    if isinstance(exc, DomainError):
        return problem(http_status_for(exc), str(exc), kind=exc.code, instance=instance, **_facts(exc))
    if isinstance(exc, RequestValidationError):
        errors = [_validation_error(e) for e in exc.errors()]
        return problem(
            422, "the request does not match the schema", kind="invalid-request", instance=instance, errors=errors
        )
    if isinstance(exc, StarletteHTTPException):
        detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        extra = getattr(exc, "facts", {})
        response = problem(exc.status_code, detail, kind=getattr(exc, "kind", None), instance=instance, **extra)
        if exc.headers:
            response.headers.update(exc.headers)
        return response
    status = http_status_for(exc)
    if status >= 500:
        log.error("unhandled error on %s %s", request.method, instance, exc_info=exc)
        return problem(500, "internal error; see the server log", instance=instance)
    return problem(status, str(exc), instance=instance)


def _validation_error(error: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "loc": [str(part) for part in error.get("loc", ())],
        "msg": str(error.get("msg", "")),
        "type": str(error.get("type", "")),
    }


class ApiProblem(StarletteHTTPException):
    """An HTTP error raised by the API layer itself (auth, idempotency), with facts for the body."""

    def __init__(
        self, status: int, detail: str, *, kind: str, headers: dict[str, str] | None = None, **facts: Any
    ) -> None:
        super().__init__(status, detail, headers)
        self.kind = kind
        self.facts = facts


def install_problem_handler(app: FastAPI) -> None:
    """Route every error class through :func:`handle_problem`."""
    for kind in (DomainError, RequestValidationError, StarletteHTTPException, Exception):
        app.add_exception_handler(kind, handle_problem)


#: ``responses=`` for routers: every error status documented with the Problem schema.
PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": Problem, "description": HTTPStatus(status).phrase}
    for status in (400, 401, 403, 404, 409, 413, 422)
}


def problem_media_type_in_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """Document error responses as ``application/problem+json`` (FastAPI writes application/json)."""
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                if status[:1] in ("4", "5") and "application/json" in content:
                    content[PROBLEM_MEDIA_TYPE] = content.pop("application/json")
    return schema
