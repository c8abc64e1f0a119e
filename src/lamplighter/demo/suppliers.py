"""The demo seller's suppliers and their sea and air freight lanes.

Lead times are days (mean, standard deviation). Freight is charged per kg and per m3;
a planner takes the larger of the two (air is usually by chargeable weight). Standalone
lithium cells (UN3480) may not fly, so every air lane forbids that battery class.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lamplighter.demo import scenarios as sc
from lamplighter.domain.sku import BatteryKind

_SUPPLIERS = (
    # code, name, country, production lead mean, spread
    (sc.SUPPLIER_BRIGHT, "Shenzhen Bright Lighting Co.", "CN", 17.0, 3.0),
    (sc.SUPPLIER_GUZHEN, "Zhongshan Guzhen Lamp Works", "CN", 24.0, 5.0),
    (sc.SUPPLIER_NINGBO, "Ningbo Filament Bulb Factory", "CN", 12.0, 2.0),
    (sc.SUPPLIER_YIWU, "Yiwu Festive Lights Trading", "CN", 14.0, 4.0),
)


def draw_suppliers(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Suppliers (code, name, country, production_days_mean, production_days_sd) and lanes.

    Lanes: supplier, mode (sea|air), transit_days_mean, transit_days_sd, cost_per_kg,
    cost_per_m3, forbidden_battery (a battery class the lane refuses, or "").
    """
    suppliers = pd.DataFrame(
        _SUPPLIERS, columns=["code", "name", "country", "production_days_mean", "production_days_sd"]
    )
    lanes = []
    for code in suppliers["code"]:
        lanes.append(
            {
                "supplier": code,
                "mode": "sea",
                "transit_days_mean": float(np.round(rng.normal(35.0, 2.0), 1)),
                "transit_days_sd": 7.0,
                "cost_per_kg": float(np.round(rng.uniform(0.35, 0.6), 2)),
                "cost_per_m3": float(np.round(rng.uniform(140.0, 220.0))),
                "forbidden_battery": "",
            }
        )
        lanes.append(
            {
                "supplier": code,
                "mode": "air",
                "transit_days_mean": float(np.round(rng.normal(8.0, 0.5), 1)),
                "transit_days_sd": 2.0,
                "cost_per_kg": float(np.round(rng.uniform(5.5, 7.5), 2)),
                "cost_per_m3": float(np.round(rng.uniform(950.0, 1250.0))),
                "forbidden_battery": BatteryKind.LITHIUM_ION_STANDALONE.value,
            }
        )
    return suppliers, pd.DataFrame(lanes)
