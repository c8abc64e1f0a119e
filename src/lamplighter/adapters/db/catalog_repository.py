"""SKUs, suppliers and freight lanes in the store."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, RowMapping, bindparam, exists, select

from lamplighter.adapters.db.tables import freight_lanes, skus, suppliers
from lamplighter.adapters.db.types import utc_now
from lamplighter.adapters.db.upsert import upsert
from lamplighter.domain.errors import UnknownSku
from lamplighter.domain.sku import BatteryKind, Sku
from lamplighter.domain.suppliers import FreightLane, FreightMode, Supplier

_SKU_FIELDS = (
    "name",
    "category",
    "length_cm",
    "width_cm",
    "height_cm",
    "weight_kg",
    "fragile",
    "battery_wh",
    "unit_cost",
    "unit_price",
    "supplier",
    "case_pack",
    "moq",
)


def sku_row(sku: Sku) -> dict[str, Any]:
    row: dict[str, Any] = {name: getattr(sku, name) for name in _SKU_FIELDS}
    row.update(code=sku.code, battery=sku.battery.value, seasonal_tags=list(sku.seasonal_tags), bulky=sku.bulky)
    return row


def sku_from_row(row: RowMapping) -> Sku:
    values = {name: row[name] for name in _SKU_FIELDS}
    return Sku(row["code"], battery=BatteryKind(row["battery"]), seasonal_tags=tuple(row["seasonal_tags"]), **values)


# Built once: these run on every stock move (see ``order_repository`` on prebuilt statements).
_SKU_BY_CODE = select(skus).where(skus.c.code == bindparam("sku_code"))
_SKU_EXISTS = select(exists().where(skus.c.code == bindparam("sku_code")))


class SkuRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def get(self, code: str) -> Sku | None:
        row = self._c.execute(_SKU_BY_CODE, {"sku_code": code}).mappings().first()
        return None if row is None else sku_from_row(row)

    def exists(self, code: str) -> bool:
        """Whether the SKU is known, without loading it."""
        return bool(self._c.execute(_SKU_EXISTS, {"sku_code": code}).scalar())

    def require(self, code: str) -> Sku:
        """The SKU or UnknownSku."""
        found = self.get(code)
        if found is None:
            raise UnknownSku(code)
        return found

    def many(self, codes: Iterable[str]) -> dict[str, Sku]:
        wanted = sorted(set(codes))
        found: dict[str, Sku] = {}
        for start in range(0, len(wanted), 500):  # stay under SQLite's bound-parameter limit
            chunk = wanted[start : start + 500]
            for row in self._c.execute(select(skus).where(skus.c.code.in_(chunk))).mappings():
                found[row["code"]] = sku_from_row(row)
        return found

    def all(self) -> list[Sku]:
        return [sku_from_row(r) for r in self._c.execute(select(skus).order_by(skus.c.code)).mappings()]

    def existing(self, codes: Iterable[str]) -> set[str]:
        """Which of ``codes`` are known SKUs (one query per 500 codes)."""
        wanted = sorted(set(codes))
        found: set[str] = set()
        for start in range(0, len(wanted), 500):
            found.update(
                self._c.execute(select(skus.c.code).where(skus.c.code.in_(wanted[start : start + 500]))).scalars()
            )
        return found

    def codes(self) -> set[str]:
        return set(self._c.execute(select(skus.c.code)).scalars())

    def save(self, items: Sequence[Sku]) -> None:
        """Insert new SKUs and update existing ones (by code)."""
        now = utc_now()
        rows = [{**sku_row(s), "created_at": now, "updated_at": now} for s in items]
        upsert(self._c, skus, rows, keys=("code",), keep=("created_at",))


class SupplierRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def save(self, items: Sequence[Supplier]) -> None:
        now = utc_now()
        rows = [
            {
                "code": s.code,
                "name": s.name,
                "country": s.country,
                "extra": dict(s.extra),
                "created_at": now,
                "updated_at": now,
            }
            for s in items
        ]
        upsert(self._c, suppliers, rows, keys=("code",), keep=("created_at",))

    def all(self) -> list[Supplier]:
        rows = self._c.execute(select(suppliers).order_by(suppliers.c.code)).mappings()
        return [Supplier(r["code"], r["name"], r["country"], dict(r["extra"])) for r in rows]

    def save_lanes(self, lanes: Sequence[FreightLane]) -> None:
        rows = [
            {
                "supplier": lane.supplier,
                "mode": lane.mode.value,
                "transit_mean_days": lane.transit_mean_days,
                "transit_sd_days": lane.transit_sd_days,
                "production_mean_days": lane.production_mean_days,
                "production_sd_days": lane.production_sd_days,
                "cost_per_kg": lane.cost_per_kg,
                "cost_per_m3": lane.cost_per_m3,
                "forbids_standalone_lithium": lane.forbids_standalone_lithium,
            }
            for lane in lanes
        ]
        upsert(self._c, freight_lanes, rows, keys=("supplier", "mode"))

    def lanes(self, supplier: str | None = None) -> list[FreightLane]:
        query = select(freight_lanes).order_by(freight_lanes.c.supplier, freight_lanes.c.mode)
        if supplier is not None:
            query = query.where(freight_lanes.c.supplier == supplier)
        return [
            FreightLane(
                supplier=r["supplier"],
                mode=FreightMode(r["mode"]),
                transit_mean_days=r["transit_mean_days"],
                transit_sd_days=r["transit_sd_days"],
                production_mean_days=r["production_mean_days"],
                production_sd_days=r["production_sd_days"],
                cost_per_kg=r["cost_per_kg"],
                cost_per_m3=r["cost_per_m3"],
                forbids_standalone_lithium=r["forbids_standalone_lithium"],
            )
            for r in self._c.execute(query).mappings()
        ]
