"""The demo world handed over in the shapes the importers and services take."""

from __future__ import annotations

from functools import cache

import pandas as pd

from lamplighter.demo import exports
from lamplighter.demo import scenarios as sc
from lamplighter.demo.generator import DemoParams, DemoWorld, generate_demo
from lamplighter.domain.orders import OrderStatus


@cache
def small_world() -> DemoWorld:
    return generate_demo(DemoParams(history_days=60))


def test_sales_lines_net_every_cancelled_line_and_keep_every_ordered_one() -> None:
    world = small_world()
    lines = exports.sales_lines(world)
    ordered, cancels = lines[lines["kind"] == "order"], lines[lines["kind"] == "cancel"]
    assert len(ordered) == len(world.order_lines)
    cancelled_orders = set(world.orders.loc[world.orders["status"] == "cancelled", "order_id"])
    assert set(cancels["order_id"]) == cancelled_orders
    paired = cancels.merge(ordered, on=["order_id", "line_no"], suffixes=("_cancel", "_order"))
    assert len(paired) == len(cancels)
    assert (paired["sku_cancel"] == paired["sku_order"]).all()
    assert (paired["quantity_cancel"] == paired["quantity_order"]).all()
    assert (paired["ordered_at_cancel"] > paired["ordered_at_order"]).all()
    assert not lines.duplicated(["order_id", "kind", "line_no"]).any()


def test_the_ads_report_looks_like_an_ads_manager_export() -> None:
    world = small_world()
    report = exports.ads_manager_report(world)
    assert list(report.columns) == exports.ADS_MANAGER_COLUMNS
    assert report["Campaign name"].iloc[-1].startswith("Total of")
    body = report.iloc[:-1]
    assert (body["Impressions"] == "<5").any() or (pd.to_numeric(body["Impressions"]) >= 5).all()
    mapping = exports.ad_mapping(world)
    assert set(body["Campaign name"]) == set(mapping["name"])
    assert mapping["name"].is_unique and (mapping["level"] == "campaign").all()


def test_open_orders_are_the_ones_after_the_cutoff_with_a_deadline() -> None:
    world = small_world()
    orders = exports.open_orders(world)
    assert len(orders) == int((world.orders["status"] == "open").sum()) > 0
    for order in orders:
        assert order.status is OrderStatus.OPEN and order.lines
        assert order.ship_by is not None and order.paid_at is not None and order.ship_by > order.paid_at
        assert order.created_at < world.now


def test_lanes_carry_the_suppliers_production_time_and_air_refuses_standalone_lithium() -> None:
    suppliers, lanes = exports.suppliers_and_lanes(small_world())
    assert {lane.supplier for lane in lanes} == {s.code for s in suppliers}
    bright_air = next(lane for lane in lanes if lane.supplier == sc.SUPPLIER_BRIGHT and lane.mode == "air")
    assert 22 <= bright_air.lead_time_mean_days <= 28  # purchase to shelf for the viral lamp
    assert all(lane.forbids_standalone_lithium == (lane.mode == "air") for lane in lanes)


def test_fast_movers_put_each_hero_lamp_before_its_bulb_and_shade() -> None:
    world = small_world()
    daily = pd.Series(1.0, index=world.skus["code"])
    fast = exports.fast_movers(world, daily)
    for lamp, bulb, shade in zip(sc.HERO_LAMPS, sc.HERO_BULBS, sc.HERO_SHADES, strict=True):
        assert fast.index(bulb) == fast.index(lamp) + 1 and fast.index(shade) == fast.index(lamp) + 2
    battery = set(world.skus.loc[world.skus["battery"] != "none", "code"])
    assert not battery & set(fast)
