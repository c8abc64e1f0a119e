"""The Jinja2 environment of the dashboard and its number formats."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import HTMLResponse

from lamplighter.config import business_now
from lamplighter.entrypoints.api.roles import Scope, role_grants
from lamplighter.entrypoints.api.security import Principal

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=str(HERE / "templates"))


def _number(value: Any, digits: int = 0) -> str:
    if value is None:
        return "–"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    try:
        return f"{float(value):,.{digits}f}"
    except (TypeError, ValueError):
        return str(value)


def _percent(value: Any, digits: int = 1) -> str:
    return "–" if value is None else f"{float(value) * 100:.{digits}f}%"


@dataclass(frozen=True, slots=True)
class NavItem:
    label: str
    href: str
    scope: Scope


#: The menu, in order; a page module adds its entry when it exists.
NAV: list[NavItem] = [NavItem("Overview", "/", Scope.READ)]


def nav_items(principal: Principal | None) -> list[NavItem]:
    """The menu entries the caller's role may open."""
    if principal is None:
        return []
    return [item for item in NAV if role_grants(principal.role, item.scope)]


templates.env.globals["nav_items"] = nav_items
templates.env.filters["number"] = _number
templates.env.filters["percent"] = _percent


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render a page; every page sees the caller (``principal``, may be None) and the nav."""
    context.setdefault("principal", getattr(request.state, "principal", None))
    context.setdefault("now", business_now())
    return templates.TemplateResponse(request, name, context, status_code=status_code)
