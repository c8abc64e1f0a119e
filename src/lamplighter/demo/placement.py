"""Where the demo's opening stock goes: a pick face in the zone the hard rules allow, overflow in reserve.

Hand-written because it is this warehouse's own rule book applied to a first fill: every
candidate location is filtered by ``domain.storage_rules`` (battery cage, fragile zone and
safe levels, bulky on the floor, category zones) and filled up to its volume and weight.
Fast movers get their face in the golden zone, golden levels nearest the packing station
first, each hero lamp followed by the bulb and shade bought with it so they sit side by
side. Walking-optimal slotting is the slotting planner's job, not this module's.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from lamplighter.domain.errors import DomainError
from lamplighter.domain.layout import Layout, Location, Zone, ZoneKind
from lamplighter.domain.sku import Sku
from lamplighter.domain.storage_rules import may_store


class NoRoomForStock(DomainError):
    """The layout has no room (by rules and capacity) for all of a SKU's stock."""

    code = "no-room-for-stock"

    def __init__(self, sku: str, wanted: int, placed: int) -> None:
        super().__init__(f"no room for {sku}: placed {placed} of {wanted} units (zones full or rules refuse)")
        self.sku = sku
        self.wanted = wanted
        self.placed = placed


@dataclass(frozen=True, slots=True)
class Placement:
    sku: str
    location: str
    quantity: int


@dataclass(frozen=True, slots=True)
class FaceRules:
    """How much stock a pick face holds (days of recent sales) and on how many locations."""

    fast_face_days: float = 4.0
    face_days: float = 14.0
    max_face_locations: int = 3


@dataclass(slots=True)
class _Space:
    """Volume and weight already placed per location, and the locations taken as pick faces."""

    volume_l: dict[str, float] = field(default_factory=dict)
    weight_kg: dict[str, float] = field(default_factory=dict)
    faces: set[str] = field(default_factory=set)

    def fits(self, sku: Sku, location: Location) -> int:
        """Whole units of ``sku`` that still fit (a hair under capacity, so rounding never overflows)."""
        label = location.label
        volume = (location.volume_l - self.volume_l.get(label, 0.0)) / sku.volume_l
        weight = (location.weight_kg - self.weight_kg.get(label, 0.0)) / sku.weight_kg
        return max(0, math.floor(min(volume, weight) * (1 - 1e-9)))

    def take(self, sku: Sku, location: Location, quantity: int) -> None:
        label = location.label
        self.volume_l[label] = self.volume_l.get(label, 0.0) + quantity * sku.volume_l
        self.weight_kg[label] = self.weight_kg.get(label, 0.0) + quantity * sku.weight_kg


def place_opening_stock(
    layout: Layout,
    skus: Sequence[Sku],
    quantities: Mapping[str, int],
    daily_units: Mapping[str, float],
    fast: Sequence[str],
    rules: FaceRules = FaceRules(),
) -> list[Placement]:
    """Placements for ``quantities`` per SKU; raises NoRoomForStock when something does not fit.

    ``fast`` lists the fast movers in the order they should sit from the packing station.
    Pick faces hold one SKU each; reserve locations take mixed SKUs up to capacity.
    """
    sites = _Sites(layout)
    space = _Space()
    placements: list[Placement] = []
    for sku in _placing_order(skus, daily_units, fast):
        wanted = quantities.get(sku.code, 0)
        if wanted <= 0:
            continue
        is_fast = sku.code in fast
        face_days = rules.fast_face_days if is_fast else rules.face_days
        face = min(wanted, max(sku.case_pack, math.ceil(daily_units.get(sku.code, 0.0) * face_days)))
        faces = sites.pick_faces(sku, is_fast)
        placed = _fill(sku, face, faces, space, placements, exclusive=True, limit=rules.max_face_locations)
        overflow = [*sites.reserve(sku), *faces]
        placed += _fill(sku, wanted - placed, overflow, space, placements, exclusive=False)
        if placed < wanted:
            raise NoRoomForStock(sku.code, wanted, placed)
    return placements


def _fill(
    sku: Sku,
    quantity: int,
    candidates: Iterable[Location],
    space: _Space,
    placements: list[Placement],
    *,
    exclusive: bool,
    limit: int | None = None,
) -> int:
    """Put up to ``quantity`` units into ``candidates`` in order; returns how many were placed."""
    placed, used = 0, 0
    for location in candidates:
        if placed >= quantity or (limit is not None and used >= limit):
            break
        label = location.label
        if label in space.faces or (exclusive and label in space.volume_l):
            continue
        units = min(quantity - placed, space.fits(sku, location))
        # Whole cases into shared reserve locations: no crumbs of two bulbs on every pallet.
        if units <= 0 or (
            not exclusive and units < min(quantity - placed, sku.case_pack, _Space().fits(sku, location))
        ):
            continue
        space.take(sku, location, units)
        if location.zone.kind is not ZoneKind.RESERVE:
            space.faces.add(label)
        placements.append(Placement(sku.code, label, units))
        placed += units
        used += 1
    return placed


def _placing_order(skus: Sequence[Sku], daily_units: Mapping[str, float], fast: Sequence[str]) -> list[Sku]:
    """Fast movers first in the given order, then the scarce zones' SKUs, then by sales."""
    rank = {code: i for i, code in enumerate(fast)}

    def key(sku: Sku) -> tuple[int, int, float]:
        if sku.code in rank:
            return (0, rank[sku.code], 0.0)
        scarce = 1 if (sku.has_battery or sku.bulky or sku.fragile) else 2
        return (scarce, 0, -daily_units.get(sku.code, 0.0))

    return sorted(skus, key=key)


class _Sites:
    """Candidate locations per SKU, in the order to fill them, with the rules checked once per zone level."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        golden = set(layout.geometry.golden_levels)
        by_zone: dict[str, list[Location]] = {}
        for location in layout.locations.values():
            by_zone.setdefault(location.zone.code, []).append(location)
        self.by_zone = {
            code: sorted(locs, key=lambda loc: (loc.level not in golden, layout.depot_distance(loc.code), loc.label))
            for code, locs in by_zone.items()
        }

    def _allowed(self, sku: Sku, zones: Iterable[Zone]) -> list[Location]:
        found: list[Location] = []
        for zone in zones:
            verdict: dict[int, bool] = {}
            for location in self.by_zone.get(zone.code, []):
                if location.level not in verdict:
                    verdict[location.level] = may_store(sku, location)
                if verdict[location.level]:
                    found.append(location)
        return found

    def pick_faces(self, sku: Sku, is_fast: bool) -> list[Location]:
        kinds: Collection[ZoneKind]
        if sku.has_battery:
            kinds = (ZoneKind.BATTERY,)
        elif sku.bulky:
            kinds = (ZoneKind.BULKY,)
        elif sku.fragile:
            kinds = (ZoneKind.FRAGILE,)
        else:
            kinds = (ZoneKind.CATEGORY,)
        zones = self.layout.zones_of_kind(*kinds)
        if is_fast and not (sku.has_battery or sku.bulky):
            zones = [*self.layout.zones_of_kind(ZoneKind.FAST), *zones]
        return self._allowed(sku, zones)

    def reserve(self, sku: Sku) -> list[Location]:
        return self._allowed(sku, self.layout.zones_of_kind(ZoneKind.RESERVE))
