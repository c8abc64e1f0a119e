"""The demo seller's catalog: about 200 lighting SKUs with plausible sizes, glass and batteries.

Each category has a recipe (:class:`CategoryRecipe`) of styles, box sizes, weights, prices,
case packs and the supplier that makes it. The generator draws the SKUs from the recipes
with a seeded numpy Generator, then pins the SKUs the handbook's scenarios are about
(:mod:`lamplighter.demo.scenarios`) so every seed tells the same stories.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from lamplighter.demo import scenarios as sc
from lamplighter.domain.sku import BatteryKind, Sku

Range = tuple[float, float]


@dataclass(frozen=True, slots=True)
class CategoryRecipe:
    """How to draw the SKUs of one category. Sizes are the shipping box in cm."""

    category: str
    prefix: str
    count: int
    noun: str
    styles: tuple[tuple[str, bool], ...]  # (style words, made of glass)
    length_cm: Range
    width_cm: Range
    height_cm: Range
    weight_kg: Range
    price: Range
    case_packs: tuple[int, ...]
    supplier: str
    battery: BatteryKind = BatteryKind.NONE
    battery_share: float = 0.0
    battery_wh: Range = (0.0, 0.0)
    christmas_share: float = 0.0


_GLASS = True
RECIPES: tuple[CategoryRecipe, ...] = (
    CategoryRecipe(
        category="pendant-lamp",
        prefix="PND",
        count=30,
        noun="pendant lamp",
        styles=(
            ("Opal globe", _GLASS),
            ("Smoked glass dome", _GLASS),
            ("Rattan basket", False),
            ("Brass dome", False),
            ("Industrial cage", False),
            ("Bubble glass", _GLASS),
            ("Scandi oak", False),
            ("Linen drum", False),
        ),
        length_cm=(25, 42),
        width_cm=(25, 42),
        height_cm=(20, 36),
        weight_kg=(0.9, 4),
        price=(29, 129),
        case_packs=(2, 4, 6),
        supplier=sc.SUPPLIER_GUZHEN,
    ),
    CategoryRecipe(
        category="chandelier",
        prefix="CHD",
        count=12,
        noun="chandelier",
        styles=(
            ("Crystal drop", _GLASS),
            ("Sputnik 12-arm", False),
            ("Candle 6-arm", False),
            ("Glass ring", _GLASS),
        ),
        length_cm=(70, 100),
        width_cm=(55, 80),
        height_cm=(45, 70),
        weight_kg=(7, 22),
        price=(149, 499),
        case_packs=(1,),
        supplier=sc.SUPPLIER_GUZHEN,
    ),
    CategoryRecipe(
        category="floor-lamp",
        prefix="FLR",
        count=8,
        noun="floor lamp",
        styles=(
            ("Arc", False),
            ("Tripod", False),
            ("Paper lantern", False),
            ("Uplighter", False),
        ),
        length_cm=(130, 175),
        width_cm=(20, 35),
        height_cm=(15, 30),
        weight_kg=(5, 16),
        price=(69, 229),
        case_packs=(1, 2),
        supplier=sc.SUPPLIER_GUZHEN,
    ),
    CategoryRecipe(
        category="led-strip",
        prefix="LED",
        count=26,
        noun="LED strip",
        styles=(
            ("RGB app-controlled", False),
            ("Warm white", False),
            ("TV backlight USB", False),
            ("Cabinet motion-sensor", False),
            ("Neon flex", False),
            ("Christmas colour-chase", False),
        ),
        length_cm=(18, 26),
        width_cm=(14, 20),
        height_cm=(4, 8),
        weight_kg=(0.25, 0.7),
        price=(9, 39),
        case_packs=(20, 40, 50),
        supplier=sc.SUPPLIER_BRIGHT,
        battery=BatteryKind.LITHIUM_ION_IN_EQUIPMENT,
        battery_share=0.12,
        battery_wh=(3.7, 11),
        christmas_share=0.25,
    ),
    CategoryRecipe(
        category="string-lights",
        prefix="STR",
        count=26,
        noun="string lights",
        styles=(
            ("Fairy copper-wire", False),
            ("Festoon", False),
            ("Curtain", False),
            ("Icicle", False),
            ("Globe bulb", False),
            ("Star garland", False),
        ),
        length_cm=(18, 30),
        width_cm=(14, 22),
        height_cm=(8, 14),
        weight_kg=(0.3, 1.2),
        price=(8, 45),
        case_packs=(20, 24, 40),
        supplier=sc.SUPPLIER_YIWU,
        battery=BatteryKind.LITHIUM_ION_IN_EQUIPMENT,
        battery_share=0.2,
        battery_wh=(3.7, 7.4),
        christmas_share=0.6,
    ),
    CategoryRecipe(
        category="sunset-lamp",
        prefix="SUN",
        count=14,
        noun="sunset lamp",
        styles=(
            ("Projection", False),
            ("Rainbow", False),
            ("Halo", False),
            ("Golden hour", False),
        ),
        length_cm=(24, 32),
        width_cm=(12, 16),
        height_cm=(12, 16),
        weight_kg=(0.6, 1.1),
        price=(17, 39),
        case_packs=(20, 30),
        supplier=sc.SUPPLIER_BRIGHT,
        battery=BatteryKind.LITHIUM_ION_IN_EQUIPMENT,
        battery_share=0.3,
        battery_wh=(7.4, 14.8),
    ),
    CategoryRecipe(
        category="battery-lamp",
        prefix="BAT",
        count=20,
        noun="rechargeable lamp",
        styles=(
            ("Mushroom table", False),
            ("Cordless bistro", False),
            ("Lantern", False),
            ("Wall sconce", False),
        ),
        length_cm=(16, 30),
        width_cm=(14, 22),
        height_cm=(20, 38),
        weight_kg=(0.5, 1.6),
        price=(24, 79),
        case_packs=(8, 12, 16),
        supplier=sc.SUPPLIER_BRIGHT,
        battery=BatteryKind.LITHIUM_ION_IN_EQUIPMENT,
        battery_share=1.0,
        battery_wh=(5, 20),
    ),
    CategoryRecipe(
        category="bulb",
        prefix="BLB",
        count=34,
        noun="bulb",
        styles=(
            ("E27 LED filament", _GLASS),
            ("E14 candle filament", _GLASS),
            ("E27 globe G95", _GLASS),
            ("GU10 spot", False),
            ("E27 smart RGB", False),
            ("E27 amber vintage ST64", _GLASS),
        ),
        length_cm=(10, 16),
        width_cm=(6, 12),
        height_cm=(6, 12),
        weight_kg=(0.04, 0.15),
        price=(3, 19),
        case_packs=(24, 50, 100),
        supplier=sc.SUPPLIER_NINGBO,
    ),
    CategoryRecipe(
        category="shade",
        prefix="SHD",
        count=24,
        noun="lamp shade",
        styles=(
            ("Opal glass", _GLASS),
            ("Pleated fabric", False),
            ("Rattan", False),
            ("Smoked glass", _GLASS),
            ("Paper", False),
            ("Metal cone", False),
        ),
        length_cm=(25, 48),
        width_cm=(25, 48),
        height_cm=(18, 34),
        weight_kg=(0.3, 2.5),
        price=(12, 69),
        case_packs=(4, 6, 10),
        supplier=sc.SUPPLIER_GUZHEN,
    ),
    CategoryRecipe(
        category="accessory",
        prefix="ACC",
        count=10,
        noun="",
        styles=(
            ("Ceiling rose kit", False),
            ("Fabric cable 3 m", False),
            ("Plug-in dimmer", False),
            ("Remote control", False),
            ("Smart plug", False),
        ),
        length_cm=(8, 20),
        width_cm=(6, 14),
        height_cm=(3, 8),
        weight_kg=(0.05, 0.4),
        price=(4, 25),
        case_packs=(20, 50),
        supplier=sc.SUPPLIER_NINGBO,
    ),
)

_SIZES = ("S", "M", "L", "XL")
_FINISHES = ("white", "black", "brass", "warm white", "amber", "grey", "natural", "clear")


def draw_catalog(rng: np.random.Generator) -> pd.DataFrame:
    """All demo SKUs as a frame, one row per SKU, hero SKUs pinned (see ``scenarios``).

    Columns: code, name, category, length_cm, width_cm, height_cm, weight_kg, fragile,
    battery, battery_wh, un_number, seasonal_tags, unit_cost, unit_price, supplier,
    case_pack, moq, role, bulb_partner, shade_partner.
    """
    frames = [_draw_category(recipe, rng) for recipe in RECIPES]
    frames.append(_power_cells())
    catalog = pd.concat(frames, ignore_index=True)
    catalog = _pin_heroes(catalog)
    catalog = _assign_roles(catalog, rng)
    catalog = _assign_partners(catalog, rng)
    catalog["un_number"] = [BatteryKind(kind).un_number or "" for kind in catalog["battery"]]
    return catalog.reset_index(drop=True)


def _draw_category(recipe: CategoryRecipe, rng: np.random.Generator) -> pd.DataFrame:
    n = recipe.count
    style_index = np.arange(n) % len(recipe.styles)
    size_pick = rng.uniform(0.0, 1.0, size=n)  # one draw sets every side, so a big box is big all round
    length = _within(recipe.length_cm, size_pick, rng)
    width = _within(recipe.width_cm, size_pick, rng)
    height = _within(recipe.height_cm, size_pick, rng)
    weight = _within(recipe.weight_kg, size_pick, rng, decimals=2)
    price = np.round(_within(recipe.price, size_pick, rng)) - 0.01
    cost = np.round(price * rng.uniform(0.22, 0.38, size=n), 2)
    has_battery = rng.uniform(size=n) < recipe.battery_share
    christmas = rng.uniform(size=n) < recipe.christmas_share
    wh = np.where(has_battery, np.round(rng.uniform(*recipe.battery_wh, size=n), 1), np.nan)
    rows = []
    for i in range(n):
        style, glass = recipe.styles[style_index[i]]
        size = _SIZES[min(int(size_pick[i] * len(_SIZES)), len(_SIZES) - 1)]
        finish = _FINISHES[int(rng.integers(len(_FINISHES)))]
        noun = f" {recipe.noun}" if recipe.noun else ""
        rows.append(
            {
                "code": f"{recipe.prefix}-{i + 1:03d}",
                "name": f"{style}{noun}, {finish}, {size}",
                "category": recipe.category,
                "length_cm": float(length[i]),
                "width_cm": float(width[i]),
                "height_cm": float(height[i]),
                "weight_kg": float(weight[i]),
                "fragile": bool(glass),
                "battery": (recipe.battery if has_battery[i] else BatteryKind.NONE).value,
                "battery_wh": float(wh[i]),
                "seasonal_tags": "christmas" if christmas[i] else "",
                "unit_cost": float(cost[i]),
                "unit_price": float(price[i]),
                "supplier": recipe.supplier,
                "case_pack": int(rng.choice(recipe.case_packs)),
            }
        )
    return pd.DataFrame(rows)


def _within(bounds: Range, pick: np.ndarray, rng: np.random.Generator, decimals: int = 0) -> np.ndarray:
    lo, hi = bounds
    jitter = rng.uniform(-0.1, 0.1, size=pick.shape)
    return np.round(lo + (hi - lo) * np.clip(pick + jitter, 0.0, 1.0), decimals)


def _power_cells() -> pd.DataFrame:
    """Standalone lithium: power banks and spare cells (UN3480), which may not fly."""
    cells = (
        ("PWR-001", "Power bank 10,000 mAh for cordless lamps", 37.0, 0.25, 19.99),
        ("PWR-002", "Power bank 20,000 mAh, USB-C", 74.0, 0.45, 29.99),
        ("PWR-003", "18650 spare cells, 2-pack", 22.2, 0.12, 9.99),
        ("PWR-004", "Replacement battery for bistro lamps", 9.6, 0.08, 7.99),
    )
    return pd.DataFrame(
        [
            {
                "code": code,
                "name": name,
                "category": "accessory",
                "length_cm": 15.0,
                "width_cm": 8.0,
                "height_cm": 3.0,
                "weight_kg": weight,
                "fragile": False,
                "battery": BatteryKind.LITHIUM_ION_STANDALONE.value,
                "battery_wh": wh,
                "seasonal_tags": "",
                "unit_cost": round(price * 0.35, 2),
                "unit_price": price,
                "supplier": sc.SUPPLIER_BRIGHT,
                "case_pack": 20,
            }
            for code, name, wh, weight, price in cells
        ]
    )


def _pin_heroes(catalog: pd.DataFrame) -> pd.DataFrame:
    """Overwrite the scenario SKUs with fixed, story-telling attributes."""
    catalog = catalog.set_index("code")
    for code, attributes in sc.PINNED_SKUS.items():
        for column, value in attributes.items():
            catalog.loc[code, column] = value
    return catalog.reset_index()


def _assign_roles(catalog: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Role drives demand: hero, viral, christmas-hero, partner, regular or slow."""
    role = np.full(len(catalog), sc.ROLE_REGULAR, dtype=object)
    slow = rng.uniform(size=len(catalog)) < sc.SLOW_MOVER_SHARE
    role[slow] = sc.ROLE_SLOW
    codes = catalog["code"].to_numpy()
    role[np.isin(codes, sc.HERO_LAMPS)] = sc.ROLE_HERO
    role[np.isin(codes, [*sc.HERO_BULBS, *sc.HERO_SHADES])] = sc.ROLE_PARTNER
    role[codes == sc.VIRAL_SUNSET_LAMP] = sc.ROLE_VIRAL
    role[codes == sc.CHRISTMAS_LED_STRIP] = sc.ROLE_CHRISTMAS
    catalog["role"] = role
    catalog["moq"] = catalog["case_pack"] * np.where(catalog["unit_price"] > 100, 2, 10)
    return catalog


def _assign_partners(catalog: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Which bulb (and shade) a lamp is bought with; hero lamps get the hero partners."""
    bulbs = catalog.loc[catalog["category"] == "bulb", "code"].to_numpy()
    shades = catalog.loc[catalog["category"] == "shade", "code"].to_numpy()
    takes_bulb = catalog["category"].isin(["pendant-lamp", "chandelier", "floor-lamp"]).to_numpy()
    takes_shade = catalog["category"].isin(["pendant-lamp", "floor-lamp"]).to_numpy()
    bulb = np.where(takes_bulb, rng.choice(bulbs, size=len(catalog)), "")
    shade = np.where(takes_shade & (rng.uniform(size=len(catalog)) < 0.5), rng.choice(shades, size=len(catalog)), "")
    codes = catalog["code"].to_numpy()
    for lamp, hero_bulb, hero_shade in zip(sc.HERO_LAMPS, sc.HERO_BULBS, sc.HERO_SHADES, strict=True):
        bulb[codes == lamp] = hero_bulb
        shade[codes == lamp] = hero_shade
    catalog["bulb_partner"] = bulb
    catalog["shade_partner"] = shade
    return catalog


def to_skus(catalog: pd.DataFrame) -> list[Sku]:
    """Domain SKUs for the catalog frame's rows (for storage rules and the store)."""
    skus = []
    for row in catalog.to_dict("records"):
        wh = float(row["battery_wh"])
        skus.append(
            Sku(
                code=str(row["code"]),
                name=str(row["name"]),
                category=str(row["category"]),
                length_cm=float(row["length_cm"]),
                width_cm=float(row["width_cm"]),
                height_cm=float(row["height_cm"]),
                weight_kg=float(row["weight_kg"]),
                fragile=bool(row["fragile"]),
                battery=BatteryKind(str(row["battery"])),
                battery_wh=None if np.isnan(wh) else wh,
                seasonal_tags=tuple(t for t in str(row["seasonal_tags"]).split(",") if t),
                unit_cost=float(row["unit_cost"]),
                unit_price=float(row["unit_price"]),
                supplier=str(row["supplier"]),
                case_pack=int(row["case_pack"]),
                moq=int(row["moq"]),
            )
        )
    return skus
