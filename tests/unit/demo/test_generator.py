"""The demo generator: reproducible, plausible, and telling the handbook's stories."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
import pytest

from lamplighter.demo import scenarios as sc
from lamplighter.demo.catalog import to_skus
from lamplighter.demo.generator import DemoParams, DemoWorld, generate_demo
from lamplighter.domain.sku import BatteryKind


@cache
def demo_world(seed: int = sc.DEFAULT_SEED) -> DemoWorld:
    # Cached, never mutated: every test reads the same world instead of drawing a year again.
    return generate_demo(DemoParams(seed=seed))


def daily_units(world: DemoWorld) -> pd.DataFrame:
    """Units ordered (not cancelled) per SKU (rows) and day (columns)."""
    orders = world.orders[world.orders["status"] != "cancelled"]
    lines = world.order_lines.merge(orders[["order_id", "created_at"]], on="order_id")
    lines["day"] = lines["created_at"].dt.normalize()
    return lines.pivot_table(index="sku", columns="day", values="quantity", aggfunc="sum", fill_value=0)


def test_the_same_seed_gives_the_same_world() -> None:
    again = generate_demo(DemoParams(seed=sc.DEFAULT_SEED))
    first = demo_world()
    pd.testing.assert_frame_equal(first.skus, again.skus)
    pd.testing.assert_frame_equal(first.orders, again.orders)
    pd.testing.assert_frame_equal(first.order_lines, again.order_lines)
    pd.testing.assert_frame_equal(first.opening_stock, again.opening_stock)
    pd.testing.assert_frame_equal(first.ads, again.ads)


def test_another_seed_gives_other_orders_but_the_same_heroes() -> None:
    other = generate_demo(DemoParams(seed=11, history_days=60))
    assert not other.orders["order_id"].isin(demo_world().orders["order_id"]).all()
    assert {sc.VIRAL_SUNSET_LAMP, sc.CHRISTMAS_LED_STRIP, *sc.HERO_LAMPS} <= set(other.skus["code"])


def test_today_is_fixed_just_before_black_friday_not_the_wall_clock() -> None:
    world = demo_world()
    assert world.params.today.isoformat() == "2026-11-20"
    assert world.orders["created_at"].max() < pd.Timestamp(world.now)
    assert world.orders["created_at"].min() >= pd.Timestamp("2025-11-20")


def test_catalog_has_about_200_lighting_skus_in_every_category() -> None:
    skus = demo_world().skus
    assert 180 <= len(skus) <= 220
    assert skus["code"].is_unique
    expected = {"pendant-lamp", "chandelier", "led-strip", "string-lights", "sunset-lamp", "battery-lamp", "bulb"}
    assert expected | {"shade", "accessory"} <= set(skus["category"])


def test_sizes_and_weights_are_plausible_for_each_category() -> None:
    skus = demo_world().skus.set_index("code")
    by_category = skus.groupby("category")
    assert by_category["weight_kg"].median()["bulb"] < 0.2
    assert by_category["weight_kg"].median()["chandelier"] > 5
    assert (skus[["length_cm", "width_cm", "height_cm", "weight_kg"]] > 0).all().all()
    assert skus["length_cm"].max() <= 200
    assert (skus["unit_cost"] < skus["unit_price"]).all()
    assert (skus["moq"] % skus["case_pack"] == 0).all()
    domain = to_skus(demo_world().skus)
    assert any(s.bulky for s in domain) and sum(s.bulky for s in domain) < len(domain) / 4


def test_glass_is_fragile_and_lithium_has_un_numbers_and_watt_hours() -> None:
    skus = demo_world().skus
    assert skus.loc[skus["name"].str.contains("glass", case=False), "fragile"].all()
    lithium = skus[skus["battery"] != BatteryKind.NONE.value]
    assert lithium["battery_wh"].between(1, 100).all()
    assert set(lithium["un_number"]) == {"UN3480", "UN3481"}
    standalone = skus[skus["battery"] == BatteryKind.LITHIUM_ION_STANDALONE.value]
    assert len(standalone) >= 2 and (standalone["un_number"] == "UN3480").all()
    assert skus.loc[skus["battery"] == "none", "battery_wh"].isna().all()


def test_air_lanes_are_fast_dear_and_refuse_standalone_lithium() -> None:
    world = demo_world()
    lanes = world.lanes
    sea, air = lanes[lanes["mode"] == "sea"], lanes[lanes["mode"] == "air"]
    assert 2 <= len(world.suppliers) <= 4 and set(lanes["supplier"]) == set(world.suppliers["code"])
    assert sea["transit_days_mean"].between(28, 42).all() and air["transit_days_mean"].between(6, 10).all()
    assert (air["cost_per_kg"].min() > 5 * sea["cost_per_kg"].max()) and (air["forbidden_battery"] != "").all()
    sunset_supplier = world.suppliers.set_index("code").loc[sc.SUPPLIER_BRIGHT]
    assert sunset_supplier["production_days_mean"] + air["transit_days_mean"].mean() == pytest.approx(25, abs=1.5)


def test_the_viral_sunset_lamp_sells_about_200_a_day() -> None:
    units = daily_units(demo_world())
    last_30_days = units.loc[sc.VIRAL_SUNSET_LAMP].iloc[-31:-1]
    assert 170 <= last_30_days.mean() <= 230
    assert units.loc[sc.VIRAL_SUNSET_LAMP].iloc[:60].mean() < 30  # before the ads were scaled up


def test_the_christmas_strip_accelerates_in_the_last_two_weeks() -> None:
    strip = daily_units(demo_world()).loc[sc.CHRISTMAS_LED_STRIP].iloc[:-1]  # today is a partial day
    last_week, week_before, three_weeks_ago = strip.iloc[-7:].sum(), strip.iloc[-14:-7].sum(), strip.iloc[-28:-21].sum()
    assert last_week > 1.4 * week_before > 1.4 * 1.2 * three_weeks_ago


def test_hero_lamps_are_the_top_sellers_and_slow_movers_exist() -> None:
    world = demo_world()
    units = daily_units(world).iloc[:, -31:-1].sum(axis=1)
    lamps = units[units.index.str.startswith(("PND", "CHD", "FLR"))].nlargest(5)
    assert set(lamps.index) == set(sc.HERO_LAMPS)
    stock = world.opening_stock.set_index("sku")
    slow = world.skus.loc[world.skus["role"] == sc.ROLE_SLOW, "code"]
    assert len(slow) >= 20
    assert (stock.loc[slow, "cover_days"] > 200).all()


def test_lamps_and_their_bulbs_are_bought_together() -> None:
    world = demo_world()
    baskets = world.order_lines.assign(one=1).pivot_table(
        index="order_id", columns="sku", values="one", aggfunc="max", fill_value=0
    )
    n = len(baskets)
    for lamp, bulb in zip(sc.HERO_LAMPS, sc.HERO_BULBS, strict=True):
        both = int((baskets[lamp] & baskets[bulb]).sum())
        lift = both * n / (baskets[lamp].sum() * baskets[bulb].sum())
        assert lift > 1.5, f"{lamp}+{bulb} lift {lift:.2f}"


def test_orders_look_like_tiktok_orders() -> None:
    world = demo_world()
    orders, lines = world.orders, world.order_lines
    assert orders["order_id"].is_unique and orders["order_id"].str.fullmatch(r"\d{18}").all()
    assert (orders["paid_at"] >= orders["created_at"]).all()
    assert (orders["ship_by"] > orders["paid_at"]).all()
    shipped = orders[orders["status"] == "shipped"]
    assert (shipped["shipped_at"] >= shipped["paid_at"]).all() and (
        shipped["shipped_at"] < pd.Timestamp(world.now)
    ).all()
    assert 0.01 < (orders["status"] == "cancelled").mean() < 0.06
    open_orders = orders[orders["status"] == "open"]
    assert 100 < len(open_orders) < 2000
    assert (open_orders["ship_by"] < pd.Timestamp(world.now) + pd.Timedelta(days=2)).all()
    assert lines.groupby(["order_id", "sku"]).size().max() == 1
    assert set(lines["order_id"]) == set(orders["order_id"])
    assert (lines["returned_quantity"] <= lines["quantity"]).all()
    assert 0.01 < (lines["returned_quantity"] > 0).mean() < 0.06


def test_ads_pass_through_a_funnel() -> None:
    ads = demo_world().ads
    assert (ads["impressions"] >= ads["clicks"]).all() and (ads["clicks"] >= ads["conversions"]).all()
    viral = ads[ads["sku"] == sc.VIRAL_SUNSET_LAMP]
    assert viral["spend"].iloc[-30:].mean() > 10 * viral["spend"].iloc[:30].mean()
    assert np.corrcoef(ads["spend"], ads["conversions"])[0, 1] > 0.8


def test_stock_on_hand_is_in_case_packs_and_some_skus_are_nearly_out() -> None:
    world = demo_world()
    stock = world.opening_stock.set_index("sku")
    assert (stock["quantity"] > 0).all()
    assert (stock["cover_days"] < 6).sum() >= 5
    orders = world.purchase_orders
    in_transit = orders[orders["status"] == "in-transit"]
    assert {sc.VIRAL_SUNSET_LAMP, sc.CHRISTMAS_LED_STRIP} <= set(in_transit["sku"])
    assert (pd.to_datetime(in_transit["eta"]) > pd.Timestamp(world.params.today)).all()
    arrived = orders[orders["status"] == "arrived"]
    assert len(arrived) == 3 and arrived["container"].nunique() == 1
    assert not set(arrived["sku"]) & set(in_transit["sku"])
