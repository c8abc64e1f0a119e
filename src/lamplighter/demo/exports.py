"""The demo world as the seller's systems would hand it over: sales lines, an Ads Manager
report with its campaign -> SKU mapping, today's open orders, suppliers and lanes.

Pure conversions of :class:`~lamplighter.demo.generator.DemoWorld` frames into the shapes
the importers and services take; no IO here.
"""

from __future__ import annotations

from datetime import timedelta

import pandas as pd

from lamplighter.demo import scenarios as sc
from lamplighter.demo.generator import DemoWorld
from lamplighter.demo.sales import CHANNEL
from lamplighter.domain.orders import Order, OrderLine, OrderStatus
from lamplighter.domain.sku import BatteryKind
from lamplighter.domain.suppliers import FreightLane, FreightMode, Supplier

SALES_COLUMNS = ["order_id", "line_no", "sku", "quantity", "ordered_at", "unit_price", "customer", "kind"]
ADS_MANAGER_COLUMNS = [
    "Campaign name",
    "Ad group name",
    "Ad name",
    "Date",
    "Currency",
    "Cost",
    "Impressions",
    "Clicks (destination)",
    "Conversions",
]


def sales_lines(world: DemoWorld) -> pd.DataFrame:
    """Every ordered line (any status) and a ``cancel`` line netting each line of a cancelled order.

    Columns: :data:`SALES_COLUMNS` (the importers' canonical order lines plus ``line_no``);
    a cancel line carries the cancelled line's number and the time of the cancellation.
    """
    orders = world.orders.set_index("order_id")
    lines = world.order_lines
    ordered = lines.assign(ordered_at=orders["created_at"].reindex(lines["order_id"]).to_numpy(), kind="order")
    cancelled_at = orders["cancelled_at"].reindex(lines["order_id"]).to_numpy()
    cancels = lines[~pd.isna(cancelled_at)].assign(ordered_at=cancelled_at[~pd.isna(cancelled_at)], kind="cancel")
    both = pd.concat([ordered, cancels], ignore_index=True).assign(customer=None)
    return both[SALES_COLUMNS].sort_values(["ordered_at", "order_id", "kind", "line_no"], ignore_index=True)


def ads_manager_report(world: DemoWorld) -> pd.DataFrame:
    """The ad days as an Ads Manager export: text cells, ``<5`` for few impressions, a Total row."""
    ads = world.ads
    impressions = ads["impressions"].astype(str).where(ads["impressions"] >= 5, "<5")
    report = pd.DataFrame(
        {
            "Campaign name": ads["campaign"],
            "Ad group name": ads["sku"] + " | broad",
            "Ad name": ads["sku"] + " | video 1",
            "Date": ads["date"].dt.strftime("%Y-%m-%d"),
            "Currency": "USD",
            "Cost": ads["spend"].map(lambda v: f"{v:.2f}"),
            "Impressions": impressions,
            "Clicks (destination)": ads["clicks"].astype(str),
            "Conversions": ads["conversions"].astype(str),
        }
    )
    total = {column: "--" for column in ADS_MANAGER_COLUMNS} | {
        "Campaign name": f"Total of {len(report)} results",
        "Cost": f"{ads['spend'].sum():.2f}",
    }
    return pd.concat([report, pd.DataFrame([total])], ignore_index=True)


def ad_mapping(world: DemoWorld) -> pd.DataFrame:
    """Which SKU each campaign sells (level, name, sku): one campaign per advertised SKU."""
    pairs = world.ads[["campaign", "sku"]].drop_duplicates().sort_values("campaign")
    return pd.DataFrame({"level": "campaign", "name": pairs["campaign"].to_numpy(), "sku": pairs["sku"].to_numpy()})


def open_orders(world: DemoWorld) -> list[Order]:
    """Orders paid since the last dispatch cut-off and not cancelled: the warehouse's work today."""
    orders = world.orders[world.orders["status"] == "open"]
    lines = world.order_lines[world.order_lines["order_id"].isin(orders["order_id"])]
    by_order: dict[str, list[OrderLine]] = {}
    for order_id, line_no, sku, quantity, price in zip(
        lines["order_id"], lines["line_no"], lines["sku"], lines["quantity"], lines["unit_price"], strict=True
    ):
        by_order.setdefault(str(order_id), []).append(OrderLine(int(line_no), str(sku), int(quantity), float(price)))
    return [
        Order(
            CHANNEL,
            str(order_id),
            by_order[str(order_id)],
            created.to_pydatetime(),
            paid.to_pydatetime(),
            ship_by.to_pydatetime(),
            OrderStatus.OPEN,
        )
        for order_id, created, paid, ship_by in zip(
            orders["order_id"], orders["created_at"], orders["paid_at"], orders["ship_by"], strict=True
        )
    ]


def returns_awaiting_qc(world: DemoWorld, days: int = 3) -> pd.DataFrame:
    """Returned lines that came back in the last ``days`` days: still in the returns zone today.

    Older returns were inspected and restocked before the demo's opening stock was counted.
    """
    lines = world.order_lines
    since = pd.Timestamp(world.now) - timedelta(days=days)
    recent = lines[(lines["returned_quantity"] > 0) & (lines["returned_at"] >= since)]
    return recent[["order_id", "sku", "returned_quantity", "returned_at", "return_reason"]].reset_index(drop=True)


def suppliers_and_lanes(world: DemoWorld) -> tuple[list[Supplier], list[FreightLane]]:
    """Domain suppliers and lanes; each lane carries its supplier's production time."""
    suppliers = [
        Supplier(str(code), str(name), str(country))
        for code, name, country in zip(
            world.suppliers["code"], world.suppliers["name"], world.suppliers["country"], strict=True
        )
    ]
    production: dict[str, tuple[float, float]] = {
        str(code): (float(mean), float(sd))
        for code, mean, sd in zip(
            world.suppliers["code"],
            world.suppliers["production_days_mean"],
            world.suppliers["production_days_sd"],
            strict=True,
        )
    }
    lanes = [
        FreightLane(
            supplier=str(lane["supplier"]),
            mode=FreightMode(str(lane["mode"])),
            transit_mean_days=float(lane["transit_days_mean"]),
            transit_sd_days=float(lane["transit_days_sd"]),
            production_mean_days=production[str(lane["supplier"])][0],
            production_sd_days=production[str(lane["supplier"])][1],
            cost_per_kg=float(lane["cost_per_kg"]),
            cost_per_m3=float(lane["cost_per_m3"]),
            forbids_standalone_lithium=lane["forbidden_battery"] == BatteryKind.LITHIUM_ION_STANDALONE.value,
        )
        for lane in world.lanes.to_dict("records")
    ]
    return suppliers, lanes


def fast_movers(world: DemoWorld, daily: pd.Series, count: int = 30) -> list[str]:
    """SKUs for the golden zone, in the order they should sit from the packing station.

    Each hero lamp is followed by the bulb and shade bought with it, then the viral lamp,
    the Christmas strip, and the best sellers of the last weeks up to ``count``.
    """
    heroes = [c for trio in zip(sc.HERO_LAMPS, sc.HERO_BULBS, sc.HERO_SHADES, strict=True) for c in trio]
    chosen = [*heroes, sc.VIRAL_SUNSET_LAMP, sc.CHRISTMAS_LED_STRIP]
    plain = world.skus.loc[world.skus["battery"] == BatteryKind.NONE.value, "code"]
    best = daily.reindex(plain).sort_values(ascending=False, kind="stable").index
    chosen += [str(c) for c in best if c not in chosen]
    return chosen[: max(count, len(heroes) + 2)]
