"""TikTok Ads Manager report exports, and the mapping that assigns ads to SKUs.

A report row is one ad (or ad group, or campaign) on one day. What real exports do:
impressions below 5 are written ``<5`` (read as 0 and flagged ``impressions_censored``),
empty cells are ``--``, and a "Total of N results" row closes the table (skipped). The
currency is kept per row. CTR, CPC and CPM are derived figures and are not imported.

The mapping file (CSV or Excel: ``level, name, sku[, share]``) says which SKUs an ad or a
whole campaign sells; an ad's own mapping wins over its campaign's. When one name maps to
several SKUs the ``share`` column splits spend, impressions, clicks and conversions
(blank shares split evenly; given shares must add up to 1).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from lamplighter.adapters.files.tabular import (
    ImportErrorReport,
    ReadOptions,
    cell,
    duplicated_rows,
    read_table,
    require_columns,
    to_datetime,
    to_int,
    to_number,
)

REPORT_REQUIRED = ["Campaign name", "Date", "Cost", "Impressions", "Clicks (destination)", "Conversions"]
MAPPING_REQUIRED = ["level", "name", "sku"]
_EMPTY = "--"
_BELOW_FIVE = "<5"
_SHARE_TOLERANCE = 1e-3


@dataclass(frozen=True, slots=True)
class AdMapping:
    """Ad or campaign name -> [(sku, share)], shares summing to 1."""

    by_ad: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    by_campaign: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    """SKU -> first row of the mapping file that names it (for error messages)."""

    @property
    def skus(self) -> set[str]:
        return {sku for split in (*self.by_ad.values(), *self.by_campaign.values()) for sku, _ in split}


@dataclass(slots=True)
class AdReport:
    """Daily ad figures per SKU: day, sku, campaign, ad_group, ad, currency, spend, impressions,
    clicks, conversions, impressions_censored. ``unmapped`` counts rows no mapping covers, by campaign/ad."""

    frame: pd.DataFrame
    rows: int
    total_rows_skipped: int
    unmapped: dict[str, int]


def read_ad_mapping(path: str | Path, options: ReadOptions = ReadOptions()) -> AdMapping:
    """Read ``level (ad|campaign), name, sku[, share]``; raises FileRejected on any bad row."""
    report = ImportErrorReport(str(path))
    frame = read_table(path, options)
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    require_columns(frame, MAPPING_REQUIRED, report)
    report.raise_if_any()
    if "share" not in frame:
        frame["share"] = ""
    level = frame["level"].str.lower()
    for row in frame.index[~level.isin(["ad", "campaign"])]:
        report.add(int(row), "level", "ad or campaign", cell(frame, row, "level"))
    for column in ("name", "sku"):
        for row in frame.index[frame[column] == ""]:
            report.add(int(row), column, "a value", got="")
    share = to_number(frame, "share", report, positive=True, required=False, default=float("nan"))
    mapping = AdMapping()
    for row, sku in zip(frame.index, frame["sku"], strict=True):
        mapping.rows.setdefault(str(sku), int(row))
    for (lvl, name), group in frame.assign(level=level, share=share).groupby(["level", "name"], sort=False):
        target = mapping.by_ad if lvl == "ad" else mapping.by_campaign
        target[str(name)] = _split(group, report)
    report.raise_if_any()
    return mapping


def _split(group: pd.DataFrame, report: ImportErrorReport) -> list[tuple[str, float]]:
    given = group["share"].notna()
    if not given.any():
        return [(str(sku), 1.0 / len(group)) for sku in group["sku"]]
    total = float(group["share"].sum())
    if not given.all() or abs(total - 1.0) > _SHARE_TOLERANCE:
        row = int(group.index[0])
        name = cell(group, group.index[0], "name")
        report.add(row, "share", f"shares of {name!r} given on every row and adding up to 1", f"{total:g}")
    return [(str(s), float(v)) for s, v in zip(group["sku"], group["share"], strict=True)]


def read_ad_report(path: str | Path, mapping: AdMapping, options: ReadOptions = ReadOptions()) -> AdReport:
    """Read an Ads Manager export and assign each row to SKUs through ``mapping``.

    Rows that no mapping covers are counted in ``unmapped`` (not an error: a shop runs
    brand ads too). Raises FileRejected on a missing column or a bad number or date.
    """
    report = ImportErrorReport(str(path))
    frame = read_table(path, options)
    require_columns(frame, REPORT_REQUIRED, report)
    report.raise_if_any()
    total = frame["Campaign name"].str.match(r"(?i)^total\b") | frame["Date"].str.match(r"(?i)^total\b")
    frame = frame[~total]
    for column in ("Ad group name", "Ad name", "Currency"):
        if column not in frame:
            frame = frame.assign(**{column: ""})
    duplicated_rows(frame, ["Date", "Campaign name", "Ad group name", "Ad name"], report, "ad and day")
    censored = frame["Impressions"] == _BELOW_FIVE
    figures = {
        "spend": to_number(frame, "Cost", report, minimum=0, required=False, blanks=[_EMPTY]),
        "impressions": to_int(frame.assign(Impressions=frame["Impressions"].mask(censored | (frame["Impressions"] == _EMPTY), "")), "Impressions", report, minimum=0, required=False),
        "clicks": to_int(frame.assign(**{"Clicks (destination)": frame["Clicks (destination)"].replace(_EMPTY, "")}), "Clicks (destination)", report, minimum=0, required=False),
        "conversions": to_number(frame, "Conversions", report, minimum=0, required=False, blanks=[_EMPTY]),
    }  # fmt: skip
    day = to_datetime(frame, "Date", report)
    report.raise_if_any()
    base = pd.DataFrame(
        {
            "day": day.dt.date,
            "campaign": frame["Campaign name"],
            "ad_group": frame["Ad group name"],
            "ad": frame["Ad name"],
            "currency": frame["Currency"].str.upper(),
            **figures,
            "impressions_censored": censored,
        }
    )
    assigned, unmapped = _assign(base, mapping)
    return AdReport(assigned, len(frame), int(total.sum()), unmapped)


def _assign(base: pd.DataFrame, mapping: AdMapping) -> tuple[pd.DataFrame, dict[str, int]]:
    """One output row per (report row, SKU), figures multiplied by the SKU's share."""
    pairs: list[tuple[Any, str, float]] = []
    unmapped: dict[str, int] = {}
    for row, campaign, ad in zip(base.index, base["campaign"], base["ad"], strict=True):
        split = mapping.by_ad.get(ad) or mapping.by_campaign.get(campaign)
        if split is None:
            key = f"{campaign} / {ad}" if ad else campaign
            unmapped[key] = unmapped.get(key, 0) + 1
            continue
        pairs.extend((row, sku, share) for sku, share in split)
    if not pairs:
        return base.iloc[0:0].assign(sku=pd.Series(dtype=str)), unmapped
    rows, skus, shares = zip(*pairs, strict=True)
    out = base.loc[list(rows)].reset_index(drop=True)
    out.insert(1, "sku", list(skus))
    share = pd.Series(shares, dtype="float64")
    out["spend"] = (out["spend"] * share).round(4)
    out["conversions"] = (out["conversions"] * share).round(4)
    # Counts stay whole numbers; rounding a split may lose or gain one impression or click.
    for column in ("impressions", "clicks"):
        out[column] = (out[column] * share).round().astype("int64")
    return out, unmapped
