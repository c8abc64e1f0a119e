"""Opening stock on "today" and the purchase orders on their way, shaped to tell the scenarios.

Cover is in days of recent sales: heroes deep before Black Friday, slow movers far too
deep, a few regular SKUs nearly out, the viral lamp and the Christmas strip short with
sea stock on the water.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from lamplighter.demo import scenarios as sc

RECENT_DAYS = 28
LOW_STOCK_SKUS = 8  # regular SKUs left with a few days of cover and nothing ordered
ARRIVED_THIS_MORNING = 3  # regular SKUs topped up by the container waiting in staging

_COVER_DAYS = {  # (low, high) days of recent sales on hand
    sc.ROLE_HERO: (45.0, 60.0),
    sc.ROLE_PARTNER: (50.0, 70.0),
    sc.ROLE_REGULAR: (20.0, 60.0),
    sc.ROLE_SLOW: (250.0, 600.0),
    sc.ROLE_VIRAL: (20.0, 20.0),
    sc.ROLE_CHRISTMAS: (70.0, 70.0),
}


def recent_daily_units(lines: pd.DataFrame, orders: pd.DataFrame, codes: pd.Index, today: date) -> pd.Series:
    """Units a day per SKU over the last :data:`RECENT_DAYS` days (cancelled orders left out)."""
    since = pd.Timestamp(today) - pd.Timedelta(days=RECENT_DAYS)
    live = orders.loc[(orders["created_at"] >= since) & (orders["status"] != "cancelled"), "order_id"]
    recent = lines[lines["order_id"].isin(live)]
    return (recent.groupby("sku")["quantity"].sum() / RECENT_DAYS).reindex(codes, fill_value=0.0)


def draw_opening_stock(
    catalog: pd.DataFrame, daily: pd.Series, today: date, rng: np.random.Generator
) -> tuple[pd.DataFrame, pd.Index]:
    """Units on hand per SKU in whole case packs, and the SKUs left nearly out.

    Columns: sku, quantity, cover_days, received_on (when that stock came in: a slow mover's
    stock is old, everything else came with the last few weeks' containers).
    """
    role = catalog["role"].to_numpy()
    low = np.array([_COVER_DAYS[r][0] for r in role])
    high = np.array([_COVER_DAYS[r][1] for r in role])
    cover = rng.uniform(low, high)
    regular = np.flatnonzero(role == sc.ROLE_REGULAR)
    nearly_out = rng.choice(regular, size=min(LOW_STOCK_SKUS, regular.size), replace=False)
    cover[nearly_out] = rng.uniform(1.0, 5.0, size=nearly_out.size)
    rate = daily.to_numpy()
    case = catalog["case_pack"].to_numpy()
    units = np.ceil(np.maximum(rate * cover, 2.0) / case) * case
    # A slow mover's stock is what was left of a big first order: at least a case or two.
    units = np.where(role == sc.ROLE_SLOW, np.maximum(units, 2 * case), units)
    units[nearly_out] = np.maximum(np.round(rate[nearly_out] * cover[nearly_out]), 1)
    age = np.where(role == sc.ROLE_SLOW, rng.integers(200, 420, size=role.size), rng.integers(3, 40, size=role.size))
    received_on = [today - timedelta(days=int(days)) for days in age]
    stock = pd.DataFrame(
        {
            "sku": catalog["code"].to_numpy(),
            "quantity": units.astype(np.int64),
            "cover_days": np.round(cover, 1),
            "received_on": received_on,
        }
    )
    return stock, pd.Index(catalog["code"].to_numpy()[nearly_out])


def draw_purchase_orders(
    catalog: pd.DataFrame,
    daily: pd.Series,
    suppliers: pd.DataFrame,
    lanes: pd.DataFrame,
    today: date,
    nearly_out: pd.Index,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Purchase orders not yet put away: po_id, supplier, sku, quantity, mode, ordered_on, shipped_on,
    eta, status (``in-transit`` or ``arrived``) and container (the receipt's reference, for arrivals).

    ``ordered_on`` is the supplier's mean production time before ``shipped_on``, which is the
    lane's mean transit time before ``eta``.

    The viral lamp and the Christmas strip each have a sea shipment landing after their stock
    on hand would run out; hero lamps restock after Black Friday; some regular SKUs are topped
    up. One container landed this morning (status ``arrived``, eta today) with a month's stock
    of three regular SKUs: it waits in inbound staging for putaway.
    """
    rows: list[dict[str, object]] = []
    supplier = catalog.set_index("code")["supplier"]
    case = catalog.set_index("code")["case_pack"]
    production = suppliers.set_index("code")["production_days_mean"]

    def add(sku: str, units: float, mode: str, eta_in_days: int) -> None:
        lane = lanes[(lanes["supplier"] == supplier[sku]) & (lanes["mode"] == mode)].iloc[0]
        eta = today + timedelta(days=eta_in_days)
        shipped_on = eta - timedelta(days=round(float(lane["transit_days_mean"])))
        quantity = int(np.ceil(units / case[sku]) * case[sku])
        rows.append(
            {
                "po_id": f"PO-{today.year}-{len(rows) + 101:04d}",
                "supplier": supplier[sku],
                "sku": sku,
                "quantity": quantity,
                "mode": mode,
                "ordered_on": shipped_on - timedelta(days=round(float(production[supplier[sku]]))),
                "shipped_on": shipped_on,
                "eta": eta,
            }
        )

    add(sc.VIRAL_SUNSET_LAMP, 6000, "sea", 12)
    add(sc.CHRISTMAS_LED_STRIP, 3000, "sea", 45)
    for hero in sc.HERO_LAMPS:
        add(hero, daily[hero] * 30, "sea", 21)
    role = catalog.set_index("code")["role"]
    regular = [c for c in role.index[role == sc.ROLE_REGULAR] if c not in nearly_out]
    picked = rng.choice(regular, size=12 + ARRIVED_THIS_MORNING, replace=False)
    for sku in picked[:12]:
        add(str(sku), max(daily[sku] * 45, case[sku]), "sea", int(rng.integers(4, 30)))
    for sku in picked[12:]:
        add(str(sku), max(daily[sku] * 30, case[sku]), "sea", 0)
    orders = pd.DataFrame(rows)
    arrived = orders["eta"] <= today
    orders["status"] = np.where(arrived, "arrived", "in-transit")
    orders["container"] = np.where(arrived, f"CTN-{today:%Y%m%d}", "")
    return orders
