"""Imports (planner): catalog, suppliers, lanes, stock counts, orders and ads, as file uploads.

The upload is kept under its own file name in a private temporary folder (the readers go
by suffix: .csv, .csv.gz, .xlsx) and handed to the import service; a rejected file answers
422 with every problem (row, column, expected, got). Bodies up to 50 MiB (``/imports``).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path, PurePath
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Query, UploadFile
from pydantic import BaseModel

from lamplighter.adapters.files.tabular import FileRejected
from lamplighter.entrypoints.api.deps import UowDep
from lamplighter.entrypoints.api.problems import PROBLEM_RESPONSES, ApiProblem
from lamplighter.entrypoints.api.security import PlanDep, Principal
from lamplighter.services import imports
from lamplighter.services.imports import ImportOptions, ImportSummary
from lamplighter.services.unit_of_work import UnitOfWork

router = APIRouter(prefix="/imports", tags=["imports"], responses=PROBLEM_RESPONSES)

CatalogKind = Literal["skus", "suppliers", "lanes", "stock-counts"]
CATALOG_IMPORTERS: dict[str, Callable[[UnitOfWork, str | Path, ImportOptions], ImportSummary]] = {
    "skus": imports.import_skus,
    "suppliers": imports.import_suppliers,
    "lanes": imports.import_lanes,
    "stock-counts": imports.import_stock_counts,
}
DryRun = Annotated[bool, Query(description="Check and count, write nothing.")]


class ImportOut(BaseModel):
    kind: str
    file: str
    format: str
    sha256: str
    rows: int
    dry_run: bool
    batch_id: int | None
    already_imported_at: datetime | None
    changes: dict[str, int]
    skipped: dict[str, int]
    notes: list[str]


@contextmanager
def saved_uploads(*uploads: UploadFile) -> Iterator[list[Path]]:
    """Each upload as a file under its own (base) name in a private folder removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="lamplighter-upload-") as folder:
        paths: list[Path] = []
        for n, upload in enumerate(uploads):
            name = PurePath(upload.filename or "upload.csv").name or "upload.csv"
            target = Path(folder) / str(n) / name
            target.parent.mkdir()
            with target.open("wb") as out:
                shutil.copyfileobj(upload.file, out)
            paths.append(target)
        yield paths


def _run(work: Callable[[], ImportSummary], folder_names: dict[str, str]) -> ImportOut:
    try:
        summary = work()
    except FileRejected as rejected:
        problems = [_renamed(p.as_dict(), folder_names) for p in rejected.report.problems]
        raise ApiProblem(
            422,
            f"{_renamed_text(rejected.report.file, folder_names)}: rejected, nothing written "
            f"({rejected.report.count} problem(s))",
            kind="file-rejected",
            problems=problems,
            problem_count=rejected.report.count,
        ) from None
    body: dict[str, Any] = summary.as_dict()
    body["file"] = _renamed_text(str(body["file"]), folder_names)
    return ImportOut.model_validate(body)


def _renamed_text(text: str, names: dict[str, str]) -> str:
    for temporary, original in names.items():
        text = text.replace(temporary, original)
    return text


def _renamed(problem: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    return {**problem, "file": _renamed_text(str(problem["file"]), names)}


def _options(principal: Principal, dry_run: bool, **extra: Any) -> ImportOptions:
    return ImportOptions(dry_run=dry_run, actor=f"key:{principal.prefix}", **extra)


@router.post("/orders")
def import_orders(
    uow: UowDep,
    planner: PlanDep,
    file: Annotated[UploadFile, File(description="TikTok order export (CSV/Excel) or an order-lines file.")],
    format: Annotated[str, Query(description="tiktok, online-retail or lines")] = "tiktok",
    dry_run: DryRun = False,
    create_missing_skus: Annotated[bool, Query(description="Unknown SKUs become placeholders.")] = False,
) -> ImportOut:
    """Import an order file in one transaction; the same file again changes nothing."""
    with saved_uploads(file) as (path,):
        options = _options(planner, dry_run, create_missing_skus=create_missing_skus)
        return _run(lambda: imports.import_orders(uow, path, format, options), {str(path): path.name})


@router.post("/ads")
def import_ads(
    uow: UowDep,
    planner: PlanDep,
    report: Annotated[UploadFile, File(description="Ads Manager report export.")],
    mapping: Annotated[UploadFile, File(description="Ad or campaign to SKU mapping.")],
    dry_run: DryRun = False,
) -> ImportOut:
    """Import an Ads Manager export, assigning rows to SKUs through the mapping file."""
    with saved_uploads(report, mapping) as (report_path, mapping_path):
        names = {str(report_path): report_path.name, str(mapping_path): mapping_path.name}
        options = _options(planner, dry_run)
        return _run(lambda: imports.import_ads(uow, report_path, mapping_path, options), names)


@router.post("/{kind}")
def import_catalog(
    kind: CatalogKind,
    uow: UowDep,
    planner: PlanDep,
    file: Annotated[UploadFile, File(description="CSV or Excel file.")],
    dry_run: DryRun = False,
) -> ImportOut:
    """Import SKUs, suppliers, freight lanes or stock counts (idempotent, all or nothing)."""
    with saved_uploads(file) as (path,):
        importer = CATALOG_IMPORTERS[kind]
        return _run(lambda: importer(uow, path, _options(planner, dry_run)), {str(path): path.name})
