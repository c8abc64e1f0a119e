"""The planner's import page: upload a file, see what it changed or every problem in it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from starlette.responses import Response

from lamplighter.adapters.files.tabular import FileRejected
from lamplighter.entrypoints.api.deps import UowDep
from lamplighter.entrypoints.api.roles import Scope
from lamplighter.entrypoints.api.routes.imports import CATALOG_IMPORTERS, saved_uploads
from lamplighter.entrypoints.api.security import PlanDep
from lamplighter.entrypoints.web.templating import NAV, NavItem, render
from lamplighter.services import imports
from lamplighter.services.imports import ImportOptions, ImportSummary

router = APIRouter()
NAV.append(NavItem("Imports", "/imports", Scope.PLAN))
KINDS = {
    "orders": "TikTok orders export",
    "skus": "SKU catalog",
    "suppliers": "Suppliers",
    "lanes": "Freight lanes",
    "stock-counts": "Stock counts",
}


def _page(request: Request, uow: UowDep, **extra: Any) -> Response:
    return render(request, "imports.html", kinds=KINDS, batches=imports.recent_batches(uow, limit=20), **extra)


@router.get("/imports")
def import_page(request: Request, uow: UowDep, _planner: PlanDep) -> Response:
    return _page(request, uow)


@router.post("/imports")
def import_upload(
    request: Request,
    uow: UowDep,
    planner: PlanDep,
    kind: Annotated[str, Form(pattern="^(orders|skus|suppliers|lanes|stock-counts)$")],
    file: Annotated[UploadFile, File()],
    dry_run: Annotated[bool, Form()] = False,
) -> Response:
    """Run one import; a rejected file shows its problems (row, column, expected, got)."""
    options = ImportOptions(dry_run=dry_run, actor=f"key:{planner.prefix}")
    with saved_uploads(file) as (path,):
        try:
            summary: ImportSummary = (
                imports.import_orders(uow, path, "tiktok", options)
                if kind == "orders"
                else CATALOG_IMPORTERS[kind](uow, path, options)
            )
        except FileRejected as rejected:
            problems = [{**p.as_dict(), "file": path.name} for p in rejected.report.problems]
            return _page(request, uow, rejected=rejected.report.count, problems=problems, file_name=path.name)
    return _page(request, uow, summary=summary, file_name=path.name)
