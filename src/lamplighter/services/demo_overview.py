"""The demo's first screen, read from the store: stock by zone, top sellers, low stock, orders due, the stories.

Read only, in one snapshot (``uow.reader()``). ``now`` is the demo's clock, never the wall
clock, so the screen is reproducible.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import case, func, select

from lamplighter.adapters.db.tables_imports import sales_lines
from lamplighter.demo import scenarios as sc
from lamplighter.domain.layout import HOLD_ZONE_KINDS, ZoneKind
from lamplighter.domain.orders import OrderStatus
from lamplighter.domain.sku import Sku
from lamplighter.services.unit_of_work import UnitOfWork, run_in_transaction


@dataclass(frozen=True, slots=True)
class OverviewRules:
    """How the first screen is cut: the sales window, what counts as low stock, how many rows."""

    sales_days: int = 30
    low_cover_days: float = 7.0
    top: int = 10


@dataclass(frozen=True, slots=True)
class DemoOverview:
    """Rows (plain dicts) for each table of the first screen, as of ``now``."""

    now: datetime
    stock_by_zone: list[dict[str, Any]]
    top_sellers: list[dict[str, Any]]
    low_stock: list[dict[str, Any]]
    due_today: list[dict[str, Any]]
    open_orders: dict[str, int]
    stories: list[dict[str, Any]]


def demo_overview(uow: UnitOfWork, now: datetime, rules: OverviewRules = OverviewRules()) -> DemoOverview:
    """Stock by zone, top sellers, low-stock SKUs and orders due today, read in one snapshot.

    ``now`` is the demo's clock (its "today"), never the wall clock, so the screen is reproducible.
    """
    return run_in_transaction(uow.reader(), lambda u: _overview(u, now, rules))


def _overview(uow: UnitOfWork, now: datetime, rules: OverviewRules) -> DemoOverview:
    catalog = {s.code: s for s in uow.skus.all()}
    stock = pd.DataFrame(uow.ledger.stock_rows())
    sold = _units_sold(uow, now - timedelta(days=rules.sales_days), now) / rules.sales_days
    sellable = stock[~stock["kind"].isin([k.value for k in HOLD_ZONE_KINDS])]
    available = sellable.groupby("sku")["available"].sum().reindex(list(catalog), fill_value=0)
    on_hand = stock.groupby("sku")["on_hand"].sum().reindex(list(catalog), fill_value=0)
    cover = (available / sold.reindex(list(catalog), fill_value=0.0)).round(1)
    per_sku = pd.DataFrame({"sold_per_day": sold.reindex(list(catalog), fill_value=0.0).round(1)})
    per_sku["name"] = [catalog[c].name for c in per_sku.index]
    per_sku["on_hand"], per_sku["available"], per_sku["days_of_cover"] = on_hand, available, cover
    top = per_sku.sort_values("sold_per_day", ascending=False).head(rules.top)
    low = per_sku[(per_sku["sold_per_day"] > 0) & (per_sku["days_of_cover"] < rules.low_cover_days)]
    due, counts = _orders_due(uow, now)
    return DemoOverview(
        now=now,
        stock_by_zone=_stock_by_zone(uow, stock, catalog),
        top_sellers=_records(top),
        low_stock=_records(low.sort_values("days_of_cover").head(rules.top * 2)),
        due_today=due[: rules.top * 2],
        open_orders=counts,
        stories=_stories(uow, now, per_sku, stock),
    )


def _units_sold(uow: UnitOfWork, since: datetime, until: datetime) -> pd.Series:
    """Units ordered and not cancelled per SKU in ``[since, until)`` (cancel lines net their orders)."""
    t = sales_lines.c
    signed = case((t.kind == "cancel", -t.quantity), else_=t.quantity)
    query = select(t.sku, func.sum(signed)).where(t.ordered_at >= since, t.ordered_at < until).group_by(t.sku)
    rows = uow.connection.execute(query).all()
    return pd.Series({str(sku): float(units) for sku, units in rows}, dtype=float)


def _stories(uow: UnitOfWork, now: datetime, per_sku: pd.DataFrame, stock: pd.DataFrame) -> list[dict[str, Any]]:
    """The handbook's scenarios as they stand in the data this morning (see ``demo.scenarios``)."""
    week = timedelta(days=7)
    last_week, week_before = _units_sold(uow, now - week, now), _units_sold(uow, now - 2 * week, now - week)
    viral, strip = sc.VIRAL_SUNSET_LAMP, sc.CHRISTMAS_LED_STRIP
    growth = last_week.get(strip, 0.0) / max(week_before.get(strip, 0.0), 1.0) - 1
    in_golden = stock[(stock["kind"] == ZoneKind.FAST.value) & stock["sku"].isin(sc.HERO_LAMPS)]
    partners = stock[(stock["kind"] == ZoneKind.FAST.value) & stock["sku"].isin([*sc.HERO_BULBS, *sc.HERO_SHADES])]
    slow = per_sku[per_sku["days_of_cover"] > 180]
    facts: dict[Any, dict[Any, Any]] = per_sku.to_dict("index")
    return [
        {
            "story": "Viral sunset lamp",
            "sku": viral,
            "today": f"{last_week.get(viral, 0.0) / 7:.0f} sold a day last week; "
            f"{int(facts[viral]['available']):,} available ({facts[viral]['days_of_cover']} days)",
        },
        {
            "story": "Christmas LED strip takes off",
            "sku": strip,
            "today": f"{last_week.get(strip, 0.0):.0f} sold last week, {growth:+.0%} on the week before; "
            f"{int(facts[strip]['available']):,} available",
        },
        {
            "story": "Black Friday hero lamps",
            "sku": ", ".join(sc.HERO_LAMPS),
            "today": f"{in_golden['location'].nunique()} golden-zone faces, their bulbs and shades on "
            f"{partners['location'].nunique()} faces beside them",
        },
        {
            "story": "Slow movers",
            "sku": f"{len(slow)} SKUs",
            "today": f"over 180 days of cover, {int(slow['on_hand'].sum()):,} units: clearance or bundle candidates",
        },
    ]


def _stock_by_zone(uow: UnitOfWork, stock: pd.DataFrame, catalog: dict[str, Sku]) -> list[dict[str, Any]]:
    layout = uow.locations.layout()
    if layout is None:
        return []
    volume = stock["sku"].map({code: s.volume_l for code, s in catalog.items()}) * stock["on_hand"]
    used = stock.assign(volume_l=volume).groupby("zone")
    rows = []
    for zone in layout.zones:
        capacity = sum(loc.volume_l for loc in layout.locations_in(zone))
        here = used.get_group(zone.code) if zone.code in used.groups else stock.iloc[0:0].assign(volume_l=0.0)
        rows.append(
            {
                "zone": zone.code,
                "kind": zone.kind.value,
                "name": zone.name,
                "skus": int(here["sku"].nunique()),
                "locations_used": f"{here['location'].nunique()}/{sum(1 for _ in layout.locations_in(zone))}",
                "on_hand": int(here["on_hand"].sum()),
                "reserved": int(here["reserved"].sum()),
                "volume_full": f"{100 * here['volume_l'].sum() / capacity:.0f}%",
            }
        )
    return rows


def _orders_due(uow: UnitOfWork, now: datetime) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Orders still in the warehouse due to ship by the end of ``now``'s day, soonest first."""
    end_of_day = datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), tzinfo=UTC)
    waiting = [
        row
        for status in (OrderStatus.OPEN, OrderStatus.ALLOCATED)
        for row in uow.orders.summaries(status=status, limit=1_000_000)
    ]
    due = sorted((r for r in waiting if _ship_by(r) < end_of_day), key=_ship_by)
    counts = {
        "open": sum(1 for r in waiting if r["status"] == OrderStatus.OPEN.value),
        "allocated": sum(1 for r in waiting if r["status"] == OrderStatus.ALLOCATED.value),
        "due_today": len(due),
    }
    rows = [
        {
            "order": f"{r['channel']}:{r['external_id']}",
            "status": r["status"],
            "paid": r["paid_at"],
            "ship_by": r["ship_by"],
            "lines": r["lines"],
            "units": r["units"],
        }
        for r in due
    ]
    return rows, counts


def _ship_by(row: dict[str, object]) -> datetime:
    deadline = row["ship_by"]
    return deadline if isinstance(deadline, datetime) else datetime.max.replace(tzinfo=UTC)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    out = frame.reset_index(names="sku")[["sku", "name", "sold_per_day", "on_hand", "available", "days_of_cover"]]
    return [{str(k): v for k, v in row.items()} for row in out.to_dict("records")]
