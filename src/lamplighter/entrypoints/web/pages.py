"""Mounting the dashboard on the app: static files, page routers, the HTML face of errors."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from starlette.responses import RedirectResponse, Response

from lamplighter.entrypoints.web import floor_pages, import_pages, inventory, login, map_pages, overview, plan_pages
from lamplighter.entrypoints.web.templating import HERE, render


def mount_dashboard(app: FastAPI) -> None:
    """Add the dashboard's routes and static files (vendored, nothing from a CDN)."""
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    for router in (
        login.router,
        overview.router,
        map_pages.router,
        inventory.router,
        floor_pages.router,
        import_pages.router,
        plan_pages.router,
    ):
        app.include_router(router, include_in_schema=False)
    app.state.render_html_problem = render_problem_page


def render_problem_page(request: Request, body: dict[str, Any]) -> Response:
    """The dashboard's face of a problem: a login redirect for 401, else an error page."""
    if body["status"] == 401:
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
    return render(request, "error.html", status_code=int(body["status"]), problem=body)
