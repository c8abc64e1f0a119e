"""Putaway suggestions for a receipt: pick face if it has room, else the best allowed free
location, overflow to reserve. An override is checked against the hard rules."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lamplighter.domain.errors import DomainError
from lamplighter.domain.layout import PICK_ZONE_KINDS, Layout, Location, Zone, ZoneKind
from lamplighter.domain.sku import Sku
from lamplighter.domain.storage_rules import Occupancy, Purpose, check_placement, may_store
from lamplighter.planning.slotting.policies import SlottingProblem, slot_array


class NoRoomForPutaway(DomainError):
    """Neither the pick face, a free allowed location nor reserve can take the rest of a receipt."""

    code = "no-room-for-putaway"

    def __init__(self, sku: str, quantity: int) -> None:
        super().__init__(f"no allowed location has room for the last {quantity} units of {sku}")
        self.sku = sku
        self.quantity = quantity


@dataclass(frozen=True, slots=True)
class PutawayStep:
    location: str
    quantity: int
    reason: str  # "pick-face", "new-pick-face", "reserve", "hold"


def room_for(sku: Sku, location: Location, occupancy: Occupancy, purpose: Purpose = "pick") -> int:
    """Units of ``sku`` that still fit at ``location`` without breaking a rule (0 if it may not go there)."""
    if not may_store(sku, location, purpose=purpose):
        return 0
    by_volume = (location.volume_l - occupancy.volume_l) / sku.volume_l
    by_weight = (location.weight_kg - occupancy.weight_kg) / sku.weight_kg
    return max(0, int(min(by_volume, by_weight) + 1e-9))


def suggest_putaway(
    sku: Sku,
    quantity: int,
    layout: Layout,
    *,
    pick_face: str | None,
    occupancy: Mapping[str, Occupancy],
    slot_cost: Mapping[str, float] | None = None,
    purpose: Purpose = "pick",
    holding: Collection[str] = (),
) -> list[PutawayStep]:
    """Where to put ``quantity`` units of ``sku``: one step per location used.

    ``occupancy`` holds what each occupied location already contains (absent = empty).
    ``slot_cost`` ranks free pick locations for a SKU without a pick face (metres of expected
    walking, from the slotting objective); without it, walking distance from the packing
    station, waist-height levels first. Stock on hold (``purpose="hold"``: returns, QC) goes
    to hold zones only. ``holding``: locations that already hold this SKU; overflow to reserve
    tops those up first (see :func:`_fill_reserve`). Raises :class:`NoRoomForPutaway` when the
    receipt does not fit.
    """
    left = quantity
    steps: list[PutawayStep] = []
    if purpose == "hold":
        zones = [z for z in layout.zones if z.kind in (ZoneKind.RETURNS, ZoneKind.QC)]
        return _fill(sku, left, _ranked(layout, zones), occupancy, "hold", "hold", steps)
    if pick_face is not None:
        face = layout.location(pick_face)
        take = min(left, room_for(sku, face, occupancy.get(face.label, Occupancy())))
        if take > 0:
            steps.append(PutawayStep(face.label, take, "pick-face"))
            left -= take
    elif left > 0:
        new_face = _best_free_pick_location(sku, layout, occupancy, slot_cost)
        if new_face is not None:
            take = min(left, room_for(sku, new_face, Occupancy()))
            steps.append(PutawayStep(new_face.label, take, "new-pick-face"))
            left -= take
    reserve = _ranked(layout, layout.zones_of_kind(ZoneKind.RESERVE))
    return _fill_reserve(sku, left, reserve, occupancy, holding, steps)


def confirm_putaway(
    sku: Sku, location: Location, quantity: int, occupancy: Occupancy, purpose: Purpose = "pick"
) -> None:
    """Accept a scanned putaway (suggested or overridden); raises ``PlacementRefused`` naming the broken rules."""
    check_placement(sku, location, quantity=quantity, occupancy=occupancy, purpose=purpose)


def _best_free_pick_location(
    sku: Sku, layout: Layout, occupancy: Mapping[str, Occupancy], slot_cost: Mapping[str, float] | None
) -> Location | None:
    free = [
        loc
        for loc in layout.locations.values()
        if loc.zone.kind in PICK_ZONE_KINDS and loc.label not in occupancy and room_for(sku, loc, Occupancy()) > 0
    ]
    if not free:
        return None
    if slot_cost is not None:
        priced = [loc for loc in free if loc.label in slot_cost]
        if priced:
            return min(priced, key=lambda loc: (slot_cost[loc.label], loc.label))
    golden = set(layout.geometry.golden_levels)
    return min(free, key=lambda loc: (layout.depot_distance(loc.code), loc.level not in golden, loc.label))


def _ranked(layout: Layout, zones: list[Zone]) -> list[Location]:
    codes = {z.code for z in zones}
    chosen = [loc for loc in layout.locations.values() if loc.zone.code in codes]
    return sorted(chosen, key=lambda loc: (layout.depot_distance(loc.code), loc.label))


def _fill(
    sku: Sku,
    left: int,
    candidates: list[Location],
    occupancy: Mapping[str, Occupancy],
    purpose: Purpose,
    reason: str,
    steps: list[PutawayStep],
) -> list[PutawayStep]:
    for loc in candidates:
        if left <= 0:
            break
        take = min(left, room_for(sku, loc, occupancy.get(loc.label, Occupancy()), purpose))
        if take > 0:
            steps.append(PutawayStep(loc.label, take, reason))
            left -= take
    if left > 0:
        raise NoRoomForPutaway(sku.code, left)
    return steps


def _fill_reserve(
    sku: Sku,
    left: int,
    candidates: list[Location],
    occupancy: Mapping[str, Occupancy],
    holding: Collection[str],
    steps: list[PutawayStep],
) -> list[PutawayStep]:
    """Overflow to reserve in as few locations as it takes, next to the SKU's own stock first.

    Topping up the nearest location with any room left split a pallet into slivers of one or
    two units among other SKUs' stock: more trips to replenish a pick face and more look-alike
    items side by side. So: first the reserve locations already holding this SKU (nearest
    first); then the nearest location that takes all the rest, an empty one before a shared
    one; failing that, the location with the most room, and again. ``candidates`` come nearest
    first. Written here because it is this warehouse's rule, not a general packing problem.
    """
    room = {loc.label: room_for(sku, loc, occupancy.get(loc.label, Occupancy()), "reserve") for loc in candidates}

    def put(label: str, units: int) -> None:
        nonlocal left
        steps.append(PutawayStep(label, units, "reserve"))
        room[label] = 0
        left -= units

    for loc in candidates:
        if left > 0 and loc.label in holding and room[loc.label] > 0:
            put(loc.label, min(left, room[loc.label]))
    while left > 0:
        open_ = [loc.label for loc in candidates if room[loc.label] > 0]
        if not open_:
            raise NoRoomForPutaway(sku.code, left)
        whole = [label for label in open_ if room[label] >= left]
        if whole:
            put(min(whole, key=lambda label: label in occupancy), left)  # min() keeps the nearest of a tie
        else:
            biggest = max(open_, key=room.__getitem__)  # max() keeps the nearest of a tie
            put(biggest, room[biggest])
    return steps


def walking_costs(
    problem: SlottingProblem, placement: Mapping[str, str], sku: str, candidates: list[str]
) -> dict[str, float]:
    """Expected walking (metres over the problem's baskets) if ``sku``'s pick face were at each candidate.

    The same objective slotting optimises: the change of the summed optimal routes of the
    recent baskets, plus a millimetre per metre of walking distance so a SKU without history
    still takes the nearest location. Candidates that are not pick locations are left out.
    """
    s = int(problem.index.get_indexer(pd.Index([sku]))[0])
    if s < 0:
        return {}
    where = problem.slots.index_of()
    targets = [c for c in candidates if c in where]
    if not targets:
        return {}
    slot = slot_array(problem, dict(placement))
    objective = problem.objective
    lengths = objective.lengths(slot)
    target = np.array([where[c] for c in targets], dtype=np.int64)
    delta = objective.move_deltas(slot, lengths, np.full(len(target), s, dtype=np.int64), target)
    nearness = problem.slots.depot_distance[target] * 1e-3
    return {label: float(d + n) for label, d, n in zip(targets, delta, nearness, strict=True)}
