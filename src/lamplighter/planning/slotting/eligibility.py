"""Which SKU may take which slot: the hard storage rules, evaluated once per attribute profile.

Calling the domain's rules for every SKU x location pair would be millions of calls; SKUs
with the same attributes and locations of the same zone and level share the answer.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from lamplighter.domain.layout import Location
from lamplighter.domain.sku import Sku
from lamplighter.domain.storage_rules import placement_violations

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]


def rule_name(violation: str) -> str:
    """The rule's stable name from a violation text (``"capacity-volume: ..."`` -> ``capacity-volume``)."""
    return violation.split(":", 1)[0]


def allowed_matrix(
    skus: Sequence[Sku],
    locations: Sequence[Location],
    face_units: IntArray,
    ignore: frozenset[str] = frozenset(),
) -> BoolArray:
    """``allowed[s, l]``: SKU ``s`` with ``face_units[s]`` units at its pick face breaks no rule at ``l``.

    ``ignore`` names rules to leave out (to measure what each rule costs in walking).
    """
    sku_keys = [_sku_profile(s, int(q)) for s, q in zip(skus, face_units, strict=True)]
    loc_keys = [(loc.zone.code, loc.level, loc.volume_l, loc.weight_kg) for loc in locations]
    sku_group, sku_first = _groups(sku_keys)
    loc_group, loc_first = _groups(loc_keys)
    table = np.zeros((len(sku_first), len(loc_first)), dtype=bool)
    for i, si in enumerate(sku_first):
        for j, lj in enumerate(loc_first):
            broken = placement_violations(skus[si], locations[lj], quantity=int(face_units[si]))
            table[i, j] = all(rule_name(v) in ignore for v in broken)
    out: BoolArray = table[np.ix_(sku_group, loc_group)]
    return out


def face_caps(skus: Sequence[Sku], locations: Sequence[Location], ignore: frozenset[str] = frozenset()) -> IntArray:
    """Per SKU, the units the smallest location it may use (by zone and level rules) holds.

    Locations that cannot take even one unit are left out (0 when none can). Capping pick
    faces there keeps every allowed location usable; the rest of the stock lives in reserve.
    """
    kinds: dict[tuple[str, int, float, float], Location] = {}
    for loc in locations:
        kinds.setdefault((loc.zone.code, loc.level, loc.volume_l, loc.weight_kg), loc)
    sku_group, sku_first = _groups([_sku_profile(s, 1) for s in skus])
    cap = np.zeros(len(sku_first), dtype=np.int64)
    for i, si in enumerate(sku_first):
        fits = [
            units_that_fit(skus[si], loc)
            for loc in kinds.values()
            if all(rule_name(v) in ignore for v in placement_violations(skus[si], loc, quantity=0))
        ]
        cap[i] = min((f for f in fits if f >= 1), default=0)
    out: IntArray = cap[sku_group]
    return out


def units_that_fit(sku: Sku, location: Location) -> int:
    """Whole units of ``sku`` an empty ``location`` holds by volume and weight."""
    return int(min(location.volume_l / sku.volume_l, location.weight_kg / sku.weight_kg) + 1e-9)


def face_units(skus: Sequence[Sku], units_per_day: pd.Series, cover_days: float, caps: Sequence[int]) -> IntArray:
    """Units each pick face should hold: ``cover_days`` of demand, at least 1, at most ``caps[s]``."""
    demand = units_per_day.reindex([s.code for s in skus]).fillna(0.0).to_numpy()
    wanted = np.array([max(1, math.ceil(d * cover_days)) for d in demand], dtype=np.int64)
    return np.clip(wanted, 1, np.maximum(np.asarray(caps, dtype=np.int64), 1))


def _sku_profile(sku: Sku, units: int) -> tuple[object, ...]:
    return (sku.category, sku.fragile, sku.battery, sku.bulky, sku.volume_l * units, sku.weight_kg * units)


def _groups(keys: Sequence[tuple[object, ...]]) -> tuple[IntArray, list[int]]:
    seen: dict[tuple[object, ...], int] = {}
    first: list[int] = []
    group = np.empty(len(keys), dtype=np.int64)
    for i, key in enumerate(keys):
        if key not in seen:
            seen[key] = len(first)
            first.append(i)
        group[i] = seen[key]
    return group, first
