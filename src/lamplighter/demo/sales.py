"""TikTok-Shop-like orders drawn from expected demand: baskets, cancellations and returns.

Each (SKU, day) draws a Poisson number of orders led by that SKU; a lamp order may add its
bulb and shade (co-purchases), a few orders add another popular SKU. Orders get an 18-digit
external id increasing with time, created/paid times (evening peak, live streams at night),
a ship-by deadline and a status: shipped (history), cancelled, or open (since the last
dispatch cut-off). Lines of shipped orders may come back as returns.
Vectorised: one draw per matrix, no loop over SKUs or days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
import pandas as pd

from lamplighter.demo import scenarios as sc

HOUR_WEIGHTS = np.array([2, 1, 1, 1, 1, 1, 2, 3, 4, 5, 5, 5, 6, 6, 5, 5, 5, 6, 8, 10, 11, 10, 7, 4], dtype=float)
HANDLING = timedelta(hours=24)  # the shop's handling-time setting: ship-by = paid + 24 h
DISPATCH_CUTOFF_HOUR = 14  # orders paid before 14:00 leave the same day
CHANNEL = "tiktok"


@dataclass(frozen=True, slots=True)
class SalesRates:
    """Probabilities of the order stream (per order or per line)."""

    bulb_with_lamp: float = 0.38
    bulb_with_hero_lamp: float = 0.55
    shade_with_lamp: float = 0.25
    shade_with_hero_lamp: float = 0.4
    extra_line: float = 0.05
    cancel: float = 0.03
    return_line: float = 0.025
    return_fragile_line: float = 0.05


@dataclass(frozen=True, slots=True)
class Sales:
    """``orders``: one row per order; ``lines``: one row per order line (see :func:`draw_sales`)."""

    orders: pd.DataFrame
    lines: pd.DataFrame


def draw_sales(
    catalog: pd.DataFrame,
    days: pd.DatetimeIndex,
    expected: np.ndarray,
    live: np.ndarray,
    now: datetime,
    rng: np.random.Generator,
    rates: SalesRates = SalesRates(),
) -> Sales:
    """Orders and lines for expected units per SKU x day, up to ``now`` (later ones are dropped).

    orders: order_id, channel, status (shipped|cancelled|open), created_at, paid_at, ship_by,
    shipped_at, cancelled_at. lines: order_id, line_no, sku, quantity, unit_price,
    returned_quantity, returned_at, return_reason.
    """
    lead_sku, created = _lead_lines(catalog, days, expected, live, rng)
    keep = created < np.datetime64(now)
    lead_sku, created = lead_sku[keep], created[keep]
    order_by_time = np.argsort(created, kind="stable")
    lead_sku, created = lead_sku[order_by_time], created[order_by_time]
    order_ids = _external_ids(len(created), rng)
    orders = _order_times(order_ids, created, now, rng, rates)
    lines = _basket_lines(catalog, order_ids, lead_sku, expected, rng, rates)
    lines = _returns(catalog, lines, orders, now, rng, rates)
    return Sales(orders, lines)


def _lead_lines(
    catalog: pd.DataFrame, days: pd.DatetimeIndex, expected: np.ndarray, live: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """The SKU leading each order and the order's creation time."""
    per_order = _mean_quantity(catalog)[:, None]
    counts = rng.poisson(expected / per_order)
    cell = np.repeat(np.arange(counts.size), counts.ravel())
    sku, day = np.divmod(cell, counts.shape[1])
    hours = rng.choice(24, size=cell.size, p=HOUR_WEIGHTS / HOUR_WEIGHTS.sum())
    streamed = live.ravel()[cell] > 1.0
    hours = np.where(streamed & (rng.uniform(size=cell.size) < 0.6), rng.integers(19, 23, size=cell.size), hours)
    seconds = hours * 3600 + rng.integers(0, 3600, size=cell.size)
    created = days.to_numpy()[day] + seconds.astype("timedelta64[s]")
    return sku, created


def _mean_quantity(catalog: pd.DataFrame) -> np.ndarray:
    """Average units per line: bulbs sell in twos and threes, everything else mostly alone."""
    return np.where(catalog["category"].to_numpy() == "bulb", 2.2, 1.16)


def _quantities(catalog: pd.DataFrame, sku: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    bulb = catalog["category"].to_numpy()[sku] == "bulb"
    single = rng.choice([1, 2, 3], size=sku.size, p=[0.87, 0.10, 0.03])
    bulbs = rng.integers(1, 5, size=sku.size)
    return np.where(bulb, bulbs, single)


def _external_ids(n: int, rng: np.random.Generator) -> np.ndarray:
    """18-digit TikTok-like order ids, increasing with creation time, as strings."""
    steps = rng.integers(1_000_000, 9_000_000, size=n, dtype=np.int64)
    return (576_400_000_000_000_000 + np.cumsum(steps)).astype(str)


def _order_times(
    order_ids: np.ndarray, created: np.ndarray, now: datetime, rng: np.random.Generator, rates: SalesRates
) -> pd.DataFrame:
    n = len(order_ids)
    created_at = pd.DatetimeIndex(created)
    paid_at = created_at + pd.to_timedelta(rng.lognormal(np.log(90), 0.8, size=n).astype(int), unit="s")
    ship_by = paid_at + HANDLING
    now_ts = pd.Timestamp(now)
    cutoff = now_ts.normalize() - pd.Timedelta(days=1) + pd.Timedelta(hours=DISPATCH_CUTOFF_HOUR)
    cancelled_at = paid_at + pd.to_timedelta(rng.uniform(0.2, 20.0, size=n), unit="h")
    cancelled = (rng.uniform(size=n) < rates.cancel) & (cancelled_at < now_ts)
    shipped_at = paid_at + pd.to_timedelta(rng.uniform(3.0, 30.0, size=n), unit="h")
    shipped = ~cancelled & (paid_at < cutoff)
    shipped_at = shipped_at.where(shipped_at < cutoff + pd.Timedelta(hours=4), cutoff + pd.Timedelta(hours=4))
    status = np.where(cancelled, "cancelled", np.where(shipped, "shipped", "open"))
    return pd.DataFrame(
        {
            "order_id": order_ids,
            "channel": CHANNEL,
            "status": status,
            "created_at": created_at,
            "paid_at": paid_at,
            "ship_by": ship_by,
            "shipped_at": pd.Series(shipped_at).where(shipped),
            "cancelled_at": pd.Series(cancelled_at).where(cancelled),
        }
    )


def _basket_lines(
    catalog: pd.DataFrame,
    order_ids: np.ndarray,
    lead_sku: np.ndarray,
    expected: np.ndarray,
    rng: np.random.Generator,
    rates: SalesRates,
) -> pd.DataFrame:
    """The lead line of every order plus co-purchased bulbs/shades and a few extra lines."""
    n = len(order_ids)
    code_index = pd.Index(catalog["code"])
    hero = catalog["role"].to_numpy() == sc.ROLE_HERO
    bulb_of = code_index.get_indexer(catalog["bulb_partner"])
    shade_of = code_index.get_indexer(catalog["shade_partner"])
    p_bulb = np.where(hero, rates.bulb_with_hero_lamp, rates.bulb_with_lamp)[lead_sku]
    p_shade = np.where(hero, rates.shade_with_hero_lamp, rates.shade_with_lamp)[lead_sku]
    with_bulb = (bulb_of[lead_sku] >= 0) & (rng.uniform(size=n) < p_bulb)
    with_shade = (shade_of[lead_sku] >= 0) & (rng.uniform(size=n) < p_shade)
    popularity = expected.sum(axis=1) / expected.sum()
    with_extra = rng.uniform(size=n) < rates.extra_line
    extra = rng.choice(len(catalog), size=n, p=popularity)
    with_extra &= extra != lead_sku
    order_pos = np.arange(n)
    parts = [
        (order_pos, lead_sku, _quantities(catalog, lead_sku, rng)),
        (order_pos[with_bulb], bulb_of[lead_sku[with_bulb]], _sockets(catalog, lead_sku[with_bulb], rng)),
        (order_pos[with_shade], shade_of[lead_sku[with_shade]], np.ones(with_shade.sum(), dtype=int)),
        (order_pos[with_extra], extra[with_extra], _quantities(catalog, extra[with_extra], rng)),
    ]
    pos = np.concatenate([p[0] for p in parts])
    sku = np.concatenate([p[1] for p in parts])
    qty = np.concatenate([p[2] for p in parts])
    drawn = pd.DataFrame({"pos": pos, "sku_index": sku, "quantity": qty})
    # A basket holds each SKU once: merge duplicate SKUs of one order into one line.
    lines = drawn.groupby(["pos", "sku_index"], sort=True)["quantity"].sum().reset_index()
    lines["line_no"] = lines.groupby("pos").cumcount() + 1
    return pd.DataFrame(
        {
            "order_id": order_ids[lines["pos"].to_numpy()],
            "line_no": lines["line_no"].to_numpy(),
            "sku": catalog["code"].to_numpy()[lines["sku_index"].to_numpy()],
            "quantity": lines["quantity"].to_numpy().astype(np.int64),
            "unit_price": catalog["unit_price"].to_numpy()[lines["sku_index"].to_numpy()],
        }
    )


def _sockets(catalog: pd.DataFrame, lamp: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Bulbs bought with a lamp: one per socket (chandeliers have 3 to 6)."""
    chandelier = catalog["category"].to_numpy()[lamp] == "chandelier"
    return np.where(chandelier, rng.integers(3, 7, size=lamp.size), rng.integers(1, 3, size=lamp.size))


def _returns(
    catalog: pd.DataFrame,
    lines: pd.DataFrame,
    orders: pd.DataFrame,
    now: datetime,
    rng: np.random.Generator,
    rates: SalesRates,
) -> pd.DataFrame:
    """Some shipped lines come back 5-25 days after shipping (glass more often, broken)."""
    shipped_at = orders.set_index("order_id")["shipped_at"].reindex(lines["order_id"]).to_numpy()
    fragile = catalog.set_index("code")["fragile"].reindex(lines["sku"]).to_numpy(dtype=bool)
    n = len(lines)
    p = np.where(fragile, rates.return_fragile_line, rates.return_line)
    returned_at = pd.DatetimeIndex(shipped_at) + pd.to_timedelta(rng.uniform(5.0, 25.0, size=n), unit="D")
    returned = (rng.uniform(size=n) < p) & ~pd.isna(shipped_at) & (returned_at < pd.Timestamp(now))
    reason = np.where(
        fragile & (rng.uniform(size=n) < 0.6),
        "arrived broken",
        rng.choice(["changed mind", "not as described", "wrong colour"], size=n),
    )
    lines = lines.copy()
    lines["returned_quantity"] = np.where(returned, lines["quantity"].to_numpy(), 0)
    lines["returned_at"] = pd.Series(returned_at, index=lines.index).where(returned)
    lines["return_reason"] = np.where(returned, reason, "")
    return lines
