"""Factories for tests: small worlds built in one call, no shared fixtures."""

from __future__ import annotations

from typing import Any

from lamplighter.domain.layout import Layout
from lamplighter.domain.sku import BatteryKind, Sku


def make_sku(code: str = "SKU-1", **overrides: Any) -> Sku:
    values: dict[str, Any] = {"name": f"Lamp {code}", "category": "table-lamp"}
    values.update(overrides)
    return Sku(code, **values)


def make_battery_sku(code: str = "BAT-1", standalone: bool = False) -> Sku:
    kind = BatteryKind.LITHIUM_ION_STANDALONE if standalone else BatteryKind.LITHIUM_ION_IN_EQUIPMENT
    return make_sku(code, category="battery-lamp", battery=kind, battery_wh=10.0)


def make_layout(**geometry: Any) -> Layout:
    """A small layout with every zone kind: 1 aisle each unless said otherwise."""
    zones: list[dict[str, Any]] = [
        {"code": "P", "kind": "packing"},
        {"code": "S", "kind": "staging"},
        {"code": "A", "kind": "fast", "aisles": 1, "levels": 4},
        {"code": "B", "kind": "category", "aisles": 1, "levels": 4},
        {"code": "F", "kind": "fragile", "aisles": 1, "levels": 3},
        {"code": "L", "kind": "battery", "aisles": 1, "levels": 2, "segregated": True},
        {"code": "K", "kind": "bulky", "aisles": 1, "levels": 1, "location_volume_l": 2000, "location_weight_kg": 500},
        {"code": "R", "kind": "returns", "aisles": 1, "levels": 1},
        {"code": "Q", "kind": "qc", "aisles": 1, "levels": 1},
    ]
    return Layout.from_dict({"name": "test", "geometry": {"bays_per_row": 10, **geometry}, "zones": zones})
