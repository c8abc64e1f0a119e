"""Suppliers and the freight lanes that bring their goods to the warehouse."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from lamplighter.domain.sku import Sku


class FreightMode(StrEnum):
    SEA = "sea"
    AIR = "air"


@dataclass(frozen=True, slots=True)
class Supplier:
    code: str
    name: str = ""
    country: str | None = None
    extra: dict[str, str] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        if not self.code.strip():
            raise ValueError("supplier code must not be blank")


@dataclass(frozen=True, slots=True)
class FreightLane:
    """One way to bring a supplier's goods in: production time plus transit, in days (mean, spread)."""

    supplier: str
    mode: FreightMode
    transit_mean_days: float
    transit_sd_days: float = 0.0
    production_mean_days: float = 0.0
    production_sd_days: float = 0.0
    cost_per_kg: float = 0.0
    cost_per_m3: float = 0.0
    forbids_standalone_lithium: bool = False

    def __post_init__(self) -> None:
        days = (self.transit_mean_days, self.transit_sd_days, self.production_mean_days, self.production_sd_days)
        if min(days) < 0 or min(self.cost_per_kg, self.cost_per_m3) < 0:
            raise ValueError(f"lane {self.supplier}/{self.mode}: days and costs must not be negative")

    @property
    def lead_time_mean_days(self) -> float:
        return self.production_mean_days + self.transit_mean_days

    @property
    def lead_time_sd_days(self) -> float:
        """Spread of production plus transit, taken as independent."""
        return float((self.production_sd_days**2 + self.transit_sd_days**2) ** 0.5)

    def may_carry(self, sku: Sku) -> bool:
        """Standalone lithium cells may not use a lane that forbids them (air, usually)."""
        return sku.may_fly or not self.forbids_standalone_lithium
