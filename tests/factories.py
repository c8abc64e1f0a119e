"""Factories for tests: small worlds built in one call, no shared fixtures."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from lamplighter.domain.layout import Layout
from lamplighter.domain.orders import Order, OrderLine
from lamplighter.domain.sku import BatteryKind, Sku

if TYPE_CHECKING:
    from lamplighter.services.unit_of_work import UnitOfWork


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


def make_layout_document(**geometry: Any) -> dict[str, Any]:
    """The plain mapping (as read from TOML) of a small layout with every zone kind, for the store.

    Like :func:`make_layout`, but staging and packing are big enough for test receipts.
    """
    zones: list[dict[str, Any]] = [
        {"code": "P", "kind": "packing", "location_volume_l": 50000, "location_weight_kg": 20000},
        {"code": "S", "kind": "staging", "location_volume_l": 50000, "location_weight_kg": 20000},
        {"code": "A", "kind": "fast", "aisles": 1, "levels": 4},
        {"code": "B", "kind": "category", "aisles": 1, "levels": 4},
        {"code": "F", "kind": "fragile", "aisles": 1, "levels": 3},
        {"code": "L", "kind": "battery", "aisles": 1, "levels": 2, "segregated": True},
        {"code": "K", "kind": "bulky", "aisles": 1, "levels": 1, "location_volume_l": 2000, "location_weight_kg": 500},
        {"code": "R", "kind": "returns", "aisles": 1, "levels": 1},
        {"code": "Q", "kind": "qc", "aisles": 1, "levels": 1},
    ]
    return {"name": "test", "geometry": {"bays_per_row": 10, **geometry}, "zones": zones}


def make_order(
    external_id: str = "O-1",
    lines: list[tuple[str, int]] | None = None,
    *,
    channel: str = "tiktok",
    paid_at: datetime | None = None,
    ship_by: datetime | None = None,
    priority: int = 0,
) -> Order:
    """An open order; ``lines`` are (sku, quantity) numbered from 1; paid when created unless said."""
    created = paid_at or datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
    order_lines = [OrderLine(n, sku, qty) for n, (sku, qty) in enumerate(lines or [("SKU-1", 1)], start=1)]
    return Order(channel, external_id, order_lines, created, paid_at or created, ship_by, priority=priority)


def stock_a_warehouse(uow: UnitOfWork, stock: dict[tuple[str, str], int] | None = None, *skus: Sku) -> None:
    """Load :func:`make_layout_document`, save ``skus`` (default ``make_sku()``) and receive ``stock``.

    ``stock`` maps (sku code, location code) to units received from SUPPLIER there.
    """
    from lamplighter.services.catalog import save_skus
    from lamplighter.services.locations import load_layout_into_db
    from lamplighter.services.stock import receive

    load_layout_into_db(uow, make_layout_document())
    save_skus(uow, list(skus) or [make_sku()])
    for (sku, location), quantity in (stock or {}).items():
        receive(uow, sku, quantity, location)
