"""The overview page: what the warehouse looks like today and what needs a decision."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from lamplighter.entrypoints.api.security import ReadDep
from lamplighter.entrypoints.web.templating import render

router = APIRouter()


@router.get("/")
def overview(request: Request, _viewer: ReadDep) -> Response:
    return render(request, "overview.html")
