"""Hard storage rules: which locations may hold a SKU. The one place these rules live.

Every rule has a stable name so a refused placement can say which rule it broke.
Sellable pick stock is checked with :func:`placement_violations`; stock on hold
(returns, QC, staging) belongs in hold zones and is checked with ``purpose="hold"``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from lamplighter.domain.errors import PlacementRefused
from lamplighter.domain.layout import HOLD_ZONE_KINDS, Location, Zone, ZoneKind
from lamplighter.domain.sku import BatteryKind, Sku

Purpose = Literal["pick", "reserve", "hold"]


@dataclass(frozen=True, slots=True)
class Occupancy:
    """What already sits in a location (for capacity checks)."""

    volume_l: float = 0.0
    weight_kg: float = 0.0


def placement_violations(
    sku: Sku,
    location: Location,
    *,
    quantity: int = 1,
    occupancy: Occupancy = Occupancy(),
    purpose: Purpose = "pick",
) -> list[str]:
    """Names and facts of every hard rule that storing ``quantity`` of ``sku`` here breaks."""
    zone = location.zone
    broken: list[str] = []
    broken += _zone_kind_rules(sku, zone, purpose)
    if sku.fragile and zone.levels > 1 and location.level == zone.levels:
        broken.append(f"fragile-not-top-level: level {location.level} is the top level of zone {zone.code}")
    if sku.bulky and location.level > 1 and zone.kind is not ZoneKind.BULKY:
        broken.append(f"bulky-on-floor: bulky SKUs go on level 1 or in a bulky zone, not level {location.level}")
    if zone.categories and sku.category not in zone.categories and zone.kind is not ZoneKind.RESERVE:
        broken.append(f"category-zone: zone {zone.code} holds only {', '.join(zone.categories)}, not {sku.category}")
    volume = occupancy.volume_l + quantity * sku.volume_l
    if volume > location.volume_l + 1e-9:
        broken.append(f"capacity-volume: {volume:.1f} l would exceed {location.volume_l:.1f} l")
    weight = occupancy.weight_kg + quantity * sku.weight_kg
    if weight > location.weight_kg + 1e-9:
        broken.append(f"capacity-weight: {weight:.1f} kg would exceed {location.weight_kg:.1f} kg")
    return broken


def _zone_kind_rules(sku: Sku, zone: Zone, purpose: Purpose) -> list[str]:
    kind = zone.kind
    if purpose == "hold":
        if kind not in HOLD_ZONE_KINDS:
            return [f"hold-in-hold-zone: stock on hold goes to returns/QC/staging, not {kind} zone {zone.code}"]
        return []
    if kind in HOLD_ZONE_KINDS:
        return [f"sellable-not-in-hold-zone: {kind} zone {zone.code} holds no sellable stock"]
    broken: list[str] = []
    if sku.has_battery and kind is not ZoneKind.BATTERY:
        broken.append(f"battery-segregated: lithium SKUs only in a battery zone, not {kind} zone {zone.code}")
    if not sku.has_battery and kind is ZoneKind.BATTERY:
        broken.append(f"battery-zone-only-batteries: battery zone {zone.code} holds lithium SKUs only")
    if sku.battery is BatteryKind.LITHIUM_ION_STANDALONE and kind is ZoneKind.BATTERY and not zone.segregated:
        broken.append(f"standalone-lithium-segregated: zone {zone.code} is not segregated for UN3480 cells")
    if sku.fragile and kind is not ZoneKind.FRAGILE and "fragile" not in zone.accepts and kind is not ZoneKind.RESERVE:
        broken.append(f"fragile-in-fragile-zone: fragile SKUs only in a fragile zone, not {kind} zone {zone.code}")
    if kind is ZoneKind.BULKY and not sku.bulky and "ordinary" not in zone.accepts:
        broken.append(f"bulky-zone-only-bulky: bulky zone {zone.code} is kept for bulky SKUs")
    return broken


def may_store(sku: Sku, location: Location, *, purpose: Purpose = "pick") -> bool:
    """True when no zone or level rule forbids the SKU here (capacity not considered)."""
    return not placement_violations(sku, location, quantity=0, purpose=purpose)


def check_placement(
    sku: Sku,
    location: Location,
    *,
    quantity: int = 1,
    occupancy: Occupancy = Occupancy(),
    purpose: Purpose = "pick",
) -> None:
    """Raise :class:`PlacementRefused` naming every broken rule."""
    broken = placement_violations(sku, location, quantity=quantity, occupancy=occupancy, purpose=purpose)
    if broken:
        raise PlacementRefused(sku.code, location.label, broken)


def allowed_locations(sku: Sku, locations: Sequence[Location], *, purpose: Purpose = "pick") -> list[Location]:
    """The locations where the SKU may be stored by zone and level rules."""
    return [loc for loc in locations if may_store(sku, loc, purpose=purpose)]
