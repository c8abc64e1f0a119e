"""The catalog: SKUs with the attributes that matter for lighting in a warehouse."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class BatteryKind(StrEnum):
    """Lithium battery classes as the dangerous-goods rules name them."""

    NONE = "none"
    LITHIUM_ION_IN_EQUIPMENT = "li-ion-in-equipment"  # UN3481, contained in
    LITHIUM_ION_WITH_EQUIPMENT = "li-ion-with-equipment"  # UN3481, packed with
    LITHIUM_ION_STANDALONE = "li-ion-standalone"  # UN3480: may not fly on passenger air

    @property
    def un_number(self) -> str | None:
        if self is BatteryKind.NONE:
            return None
        return "UN3480" if self is BatteryKind.LITHIUM_ION_STANDALONE else "UN3481"


@dataclass(frozen=True, slots=True)
class BulkyThresholds:
    """A SKU is bulky when any side, its volume or its weight passes these (configurable)."""

    longest_side_cm: float = 80.0
    volume_l: float = 60.0
    weight_kg: float = 15.0


@dataclass(frozen=True, slots=True)
class Sku:
    """One seller SKU (TikTok's "Seller SKU"). Dimensions in cm, weight in kg, money in shop currency."""

    code: str
    name: str = ""
    category: str = "other"
    length_cm: float = 10.0
    width_cm: float = 10.0
    height_cm: float = 10.0
    weight_kg: float = 0.5
    fragile: bool = False
    battery: BatteryKind = BatteryKind.NONE
    battery_wh: float | None = None
    seasonal_tags: tuple[str, ...] = ()
    unit_cost: float = 0.0
    unit_price: float = 0.0
    supplier: str | None = None
    case_pack: int = 1
    moq: int = 1
    thresholds: BulkyThresholds = field(default=BulkyThresholds(), compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.code.strip():
            raise ValueError("SKU code must not be blank")
        for name in ("length_cm", "width_cm", "height_cm", "weight_kg"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{self.code}: {name} must be positive")
        if self.case_pack < 1 or self.moq < 1:
            raise ValueError(f"{self.code}: case_pack and moq must be at least 1")

    @property
    def volume_l(self) -> float:
        return self.length_cm * self.width_cm * self.height_cm / 1000.0

    @property
    def has_battery(self) -> bool:
        return self.battery is not BatteryKind.NONE

    @property
    def bulky(self) -> bool:
        """Derived from size and weight thresholds: bulky SKUs live on the floor."""
        t = self.thresholds
        return (
            max(self.length_cm, self.width_cm, self.height_cm) > t.longest_side_cm
            or self.volume_l > t.volume_l
            or self.weight_kg > t.weight_kg
        )

    @property
    def may_fly(self) -> bool:
        """Standalone lithium cells (UN3480) may not go by air freight."""
        return self.battery is not BatteryKind.LITHIUM_ION_STANDALONE
