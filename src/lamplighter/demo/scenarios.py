"""The handbook's stories, pinned into the demo data (see DESIGN.md, "The handbook's scenarios").

- ``VIRAL_SUNSET_LAMP`` sells a steady ~200 a day after its ads were optimised; its maker
  needs ~17 days, air freight ~8: about 25 days from purchase to shelf.
- ``CHRISTMAS_LED_STRIP`` accelerates over the last weeks before "today"; its sea stock is
  on the water and lands after the stock on hand would run out.
- ``HERO_LAMPS`` are the five Black Friday lamps, bought with ``HERO_BULBS`` and
  ``HERO_SHADES`` (same position = same partner) and pushed in live streams.
- About a quarter of the other SKUs are slow movers holding far too much stock.
"""

from __future__ import annotations

from datetime import date
from typing import Any

#: The demo's "today": the Friday before Black Friday 2026 (27 November).
DEMO_TODAY = date(2026, 11, 20)
BLACK_FRIDAY_LAST_YEAR = date(2025, 11, 28)
DEFAULT_SEED = 7

SUPPLIER_BRIGHT = "SZ-BRIGHT"  # Shenzhen: LED strips, sunset and battery lamps, power banks
SUPPLIER_GUZHEN = "ZS-GUZHEN"  # Zhongshan Guzhen: pendants, chandeliers, floor lamps, shades
SUPPLIER_NINGBO = "NB-BULB"  # Ningbo: bulbs and accessories
SUPPLIER_YIWU = "YW-FESTIVE"  # Yiwu: string lights

VIRAL_SUNSET_LAMP = "SUN-001"
CHRISTMAS_LED_STRIP = "LED-001"
HERO_LAMPS = ("PND-001", "PND-002", "PND-003", "PND-004", "PND-005")
HERO_BULBS = ("BLB-001", "BLB-002", "BLB-003", "BLB-004", "BLB-005")
HERO_SHADES = ("SHD-001", "SHD-002", "SHD-003", "SHD-004", "SHD-005")

ROLE_VIRAL = "viral"
ROLE_CHRISTMAS = "christmas-hero"
ROLE_HERO = "hero"
ROLE_PARTNER = "partner"
ROLE_REGULAR = "regular"
ROLE_SLOW = "slow"
SLOW_MOVER_SHARE = 0.25

_PLAIN = {"battery": "none", "battery_wh": float("nan")}
_HERO_LAMP_NAMES = (
    "Opal globe pendant lamp 30 cm, brass",
    "Rattan basket pendant lamp 45 cm",
    "Smoked glass dome pendant lamp 35 cm",
    "Scandi oak pendant lamp, black",
    "Bubble glass pendant lamp 25 cm, clear",
)
_HERO_BULB_NAMES = (
    "E27 LED filament bulb G95, warm",
    "E27 LED filament bulb ST64, amber",
    "E27 LED globe bulb G125, dimmable",
    "E27 LED filament bulb A60, 3-pack",
    "E27 LED filament bulb G80, smoked",
)
_HERO_SHADE_NAMES = (
    "Opal glass shade 30 cm",
    "Rattan shade 45 cm",
    "Smoked glass shade 35 cm",
    "Pleated fabric shade, oat",
    "Clear bubble glass shade",
)

PINNED_SKUS: dict[str, dict[str, Any]] = {
    VIRAL_SUNSET_LAMP: {
        "name": "Sunset projection lamp, 16 colours, USB",
        "length_cm": 28.0,
        "width_cm": 14.0,
        "height_cm": 14.0,
        "weight_kg": 0.75,
        "fragile": False,
        "unit_cost": 6.2,
        "unit_price": 29.99,
        "case_pack": 40,
        "supplier": SUPPLIER_BRIGHT,
        "seasonal_tags": "",
        **_PLAIN,
    },
    CHRISTMAS_LED_STRIP: {
        "name": "Christmas LED strip 10 m, colour-chase, app-controlled",
        "length_cm": 22.0,
        "width_cm": 16.0,
        "height_cm": 6.0,
        "weight_kg": 0.45,
        "fragile": False,
        "unit_cost": 4.1,
        "unit_price": 19.99,
        "case_pack": 50,
        "supplier": SUPPLIER_BRIGHT,
        "seasonal_tags": "christmas",
        **_PLAIN,
    },
    **{
        code: {
            "name": name,
            "length_cm": 32.0,
            "width_cm": 32.0,
            "height_cm": 26.0,
            "weight_kg": 1.6,
            "fragile": "glass" in name,
            "unit_price": price,
            "unit_cost": round(price * 0.3, 2),
            "case_pack": 4,
            "supplier": SUPPLIER_GUZHEN,
            "seasonal_tags": "",
            **_PLAIN,
        }
        for code, name, price in zip(HERO_LAMPS, _HERO_LAMP_NAMES, (59.99, 69.99, 64.99, 79.99, 54.99), strict=True)
    },
    **{
        code: {
            "name": name,
            "length_cm": 14.0,
            "width_cm": 10.0,
            "height_cm": 10.0,
            "weight_kg": 0.09,
            "fragile": True,
            "unit_price": 7.99,
            "unit_cost": 1.6,
            "case_pack": 50,
            "supplier": SUPPLIER_NINGBO,
            "seasonal_tags": "",
            **_PLAIN,
        }
        for code, name in zip(HERO_BULBS, _HERO_BULB_NAMES, strict=True)
    },
    **{
        code: {
            "name": name,
            "length_cm": 36.0,
            "width_cm": 36.0,
            "height_cm": 26.0,
            "weight_kg": 0.8,
            "fragile": "glass" in name,
            "unit_price": 24.99,
            "unit_cost": 6.5,
            "case_pack": 6,
            "supplier": SUPPLIER_GUZHEN,
            "seasonal_tags": "",
            **_PLAIN,
        }
        for code, name in zip(HERO_SHADES, _HERO_SHADE_NAMES, strict=True)
    },
}
