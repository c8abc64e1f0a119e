"""Importing TikTok Ads Manager reports: daily spend, impressions, clicks, conversions per SKU.

The report and its mapping file are imported together (their bytes hashed together), so a
changed mapping re-assigns the same report. Rows are keyed by (day, campaign, ad group,
ad, SKU): a report that overlaps an earlier one updates those days, and re-importing the
same pair changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from lamplighter.adapters.db.tables_imports import ad_daily
from lamplighter.adapters.db.upsert import upsert
from lamplighter.adapters.files.tabular import ImportErrorReport
from lamplighter.adapters.files.tiktok_ads import read_ad_mapping, read_ad_report
from lamplighter.services.imports.batches import ImportOptions, ImportSummary, run_import
from lamplighter.services.unit_of_work import UnitOfWork

_KEY = ("day", "campaign", "ad_group", "ad", "sku")
_FIGURES = ("currency", "spend", "impressions", "clicks", "conversions", "impressions_censored")


def import_ads(
    uow: UnitOfWork, path: str | Path, mapping_path: str | Path, options: ImportOptions = ImportOptions()
) -> ImportSummary:
    """Import an Ads Manager export, assigning each row to SKUs through the mapping file."""
    mapping = read_ad_mapping(mapping_path, options.read)
    ads = read_ad_report(path, mapping, options.read)

    def write(u: UnitOfWork, summary: ImportSummary) -> None:
        summary.rows = ads.rows
        report = ImportErrorReport(str(mapping_path))
        known = set(u.skus.many(mapping.skus))
        for sku in sorted(mapping.skus - known):
            report.add(mapping.rows.get(sku), "sku", "a SKU of the catalog (import skus first)", sku)
        report.raise_if_any()
        if ads.total_rows_skipped:
            summary.skipped["total-rows"] = ads.total_rows_skipped
        for name, count in ads.unmapped.items():
            summary.skipped[f"unmapped:{name}"] = count
        rows = [
            {str(k): v for k, v in r.items()} | {"batch_id": summary.batch_id} for r in ads.frame.to_dict("records")
        ]
        changed = _changed(u, rows)
        summary.count("ad_days_unchanged", len(rows) - len(changed))
        summary.count("ad_days_written", len(changed))
        upsert(u.connection, ad_daily, changed, keys=_KEY)

    return run_import(uow, "ads", [path, mapping_path], "tiktok-ads", options, write)


def _changed(uow: UnitOfWork, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows whose figures differ from (or are missing in) the store."""
    if not rows:
        return []
    days = sorted({r["day"] for r in rows})
    query = select(*(ad_daily.c[c] for c in (*_KEY, *_FIGURES))).where(ad_daily.c.day.in_(days))
    stored = {tuple(r[:5]): tuple(r[5:]) for r in uow.connection.execute(query)}
    return [r for r in rows if stored.get(tuple(r[c] for c in _KEY)) != _figures(r)]


def _figures(row: dict[str, Any]) -> tuple[Any, ...]:
    return (row["currency"], round(float(row["spend"]), 4), int(row["impressions"]), int(row["clicks"]),
            round(float(row["conversions"]), 4), bool(row["impressions_censored"]))  # fmt: skip
