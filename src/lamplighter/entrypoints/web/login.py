"""Logging in to the dashboard with an API key; the session cookie holds only the key's id."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from lamplighter.entrypoints.api.security import SESSION_KEY_ID, public, uow_of
from lamplighter.entrypoints.web.templating import render
from lamplighter.services import api_keys

log = logging.getLogger("lamplighter.web.auth")
router = APIRouter(dependencies=[Depends(public)])


def _safe_next(target: str | None) -> str:
    # Only paths on this site: "//evil.example" or "https://..." would be an open redirect.
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/"


@router.get("/login")
def login_page(request: Request, next: str | None = None) -> Response:
    return render(request, "login.html", next=_safe_next(next), error=None)


@router.post("/login")
async def log_in(
    request: Request, api_key: Annotated[str, Form(max_length=200)], next: Annotated[str, Form()] = "/"
) -> Response:
    key = await run_in_threadpool(api_keys.authenticate, uow_of(request), api_key.strip())
    if key is None:
        log.warning("dashboard login failed from %s", request.client.host if request.client else "?")
        return render(
            request, "login.html", status_code=401, next=_safe_next(next), error="That key is unknown or revoked."
        )
    request.session.clear()
    request.session[SESSION_KEY_ID] = key.id
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout")
def log_out(request: Request) -> Response:
    request.session.clear()
    return RedirectResponse("/login", status_code=303)
