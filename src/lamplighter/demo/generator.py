"""The demo seller, generated: catalog, suppliers and lanes, a year of ads and orders, stock.

Pure and reproducible: the same :class:`DemoParams` give the same :class:`DemoWorld`
(one seeded ``numpy.random.Generator`` drives every draw, in a fixed order). "Today" is a
parameter, never the wall clock, so a demo printed today and next year looks the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

import numpy as np
import pandas as pd

from lamplighter.demo import calendar as cal
from lamplighter.demo import scenarios as sc
from lamplighter.demo.ads import ads_frame
from lamplighter.demo.catalog import draw_catalog
from lamplighter.demo.demand import draw_demand
from lamplighter.demo.sales import draw_sales
from lamplighter.demo.stock import draw_opening_stock, draw_purchase_orders, recent_daily_units
from lamplighter.demo.suppliers import draw_suppliers

NOW_TIME = time(9, 0)  # the demo opens at nine in the morning, before the first wave


@dataclass(frozen=True, slots=True)
class DemoParams:
    seed: int = sc.DEFAULT_SEED
    today: date = sc.DEMO_TODAY
    history_days: int = 365


@dataclass(frozen=True)
class DemoWorld:
    """Everything the demo loads, as plain frames (column lists in each ``draw_*`` docstring).

    ``expected_units`` is the SKU x day demand rate the orders were drawn from (rows in
    ``skus`` order, columns ``days``): what a perfect forecaster would know.
    """

    params: DemoParams
    now: datetime
    days: pd.DatetimeIndex
    skus: pd.DataFrame
    suppliers: pd.DataFrame
    lanes: pd.DataFrame
    live_streams: pd.DataFrame
    ads: pd.DataFrame
    orders: pd.DataFrame
    order_lines: pd.DataFrame
    opening_stock: pd.DataFrame
    purchase_orders: pd.DataFrame
    expected_units: np.ndarray


def generate_demo(params: DemoParams = DemoParams()) -> DemoWorld:
    """Build the demo world for ``params``; about a second for the default year of history."""
    rng = np.random.default_rng(params.seed)
    now = datetime.combine(params.today, NOW_TIME)
    days = cal.demo_days(params.today, params.history_days)
    skus = draw_catalog(rng)
    suppliers, lanes = draw_suppliers(rng)
    live = cal.draw_live_streams(days, skus, rng)
    demand = draw_demand(skus, days, live, rng)
    live_factor = cal.live_stream_matrix(live, skus["code"].to_numpy(), days, on_day=3.0, next_day=1.0)
    sales = draw_sales(skus, days, demand.expected, live_factor, now, rng)
    daily = recent_daily_units(sales.lines, sales.orders, pd.Index(skus["code"]), params.today)
    stock, nearly_out = draw_opening_stock(skus, daily, params.today, rng)
    purchase_orders = draw_purchase_orders(skus, daily, suppliers, lanes, params.today, nearly_out, rng)
    return DemoWorld(
        params=params,
        now=now,
        days=days,
        skus=skus,
        suppliers=suppliers,
        lanes=lanes,
        live_streams=live,
        ads=ads_frame(skus, days, demand.funnel),
        orders=sales.orders,
        order_lines=sales.lines,
        opening_stock=stock,
        purchase_orders=purchase_orders,
        expected_units=demand.expected,
    )
