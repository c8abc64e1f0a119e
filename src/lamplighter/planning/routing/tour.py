"""A picker tour: the walk along aisle and cross-aisle centre lines, and the picks in order."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from lamplighter.domain.geometry import AislePoint

Waypoint = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Tour:
    """A closed walk from the depot through every point and back.

    ``order`` lists indices into the points given, in visiting order; ``legs[i]`` is the
    walk from the previous stop (the depot for i = 0) to ``order[i]``, and the last leg
    returns to the depot, so ``sum(legs) == length``. ``path`` is the walk itself as
    waypoints, each step straight along one aisle or one cross aisle (for drawing maps).
    """

    method: str
    order: tuple[int, ...]
    legs: tuple[float, ...]
    length: float
    path: tuple[Waypoint, ...]


def _key(x: float, y: float) -> tuple[float, float]:
    return (round(x, 6), round(y, 6))


def tour_from_walk(method: str, points: Sequence[AislePoint], walk: Sequence[Waypoint]) -> Tour:
    """Build a tour from a closed walk that passes every point; each point is picked on its first pass."""
    distance_at: list[float] = [0.0]
    for (x0, y0), (x1, y1) in itertools.pairwise(walk):
        distance_at.append(distance_at[-1] + abs(x1 - x0) + abs(y1 - y0))
    first_pass: dict[tuple[float, float], int] = {}
    for i, (x, y) in enumerate(walk):
        first_pass.setdefault(_key(x, y), i)
    passes: list[tuple[int, int]] = []
    for n, p in enumerate(points):
        at = first_pass.get(_key(p.x, p.y))
        if at is None:
            raise ValueError(f"the {method} walk misses point {p}")
        passes.append((at, n))
    passes.sort()
    order = tuple(n for _, n in passes)
    stops = [0.0, *(distance_at[at] for at, _ in passes), distance_at[-1]]
    legs = tuple(b - a for a, b in itertools.pairwise(stops))
    return Tour(method, order, legs, distance_at[-1], tuple(walk))
