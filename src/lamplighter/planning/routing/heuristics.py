"""The classic picker-routing heuristics, as named baselines for the exact router.

S-shape (traversal), return, midpoint, largest gap (Hall 1993) and combined (Roodbergen &
de Koster 2001). They are written for one block: in a grid with middle cross aisles they
treat each aisle as one long aisle from the front to the back cross aisle and ignore the
middle ones, which gives valid (if longer) tours. Picks outside every aisle (on the front
cross aisle away from the depot) are collected first with a sweep along the front.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from lamplighter.domain.geometry import AisleGrid, AislePoint
from lamplighter.planning.routing.tour import Tour, Waypoint, tour_from_walk


@dataclass(frozen=True, slots=True)
class _Aisles:
    """Aisles with picks, left to right: x and the pick depths (ascending, distinct)."""

    x: tuple[float, ...]
    ys: tuple[tuple[float, ...], ...]
    front: float
    back: float


def _aisles(grid: AisleGrid, points: Sequence[AislePoint]) -> _Aisles:
    by_aisle: dict[int, set[float]] = {}
    for p in points:
        if p.aisle is not None:
            by_aisle.setdefault(p.aisle, set()).add(p.y)
    order = sorted(by_aisle)
    return _Aisles(
        tuple(grid.aisle_x[a] for a in order),
        tuple(tuple(sorted(by_aisle[a])) for a in order),
        grid.cross_aisle_y[0],
        grid.cross_aisle_y[-1],
    )


def _up(x: float, ys: Sequence[float], to: float) -> list[Waypoint]:
    return [(x, y) for y in ys] + [(x, to)]


def _return_visit(x: float, ys: Sequence[float], side: float) -> list[Waypoint]:
    """Enter from ``side`` (front or back), walk to the farthest of ``ys`` and come back."""
    if not ys:
        return []
    near_first = sorted(ys, key=lambda y: abs(y - side))
    return [(x, side), *[(x, y) for y in near_first], (x, side)]


def _return(a: _Aisles) -> list[Waypoint]:
    walk: list[Waypoint] = []
    for x, ys in zip(a.x, a.ys, strict=True):
        walk += _return_visit(x, ys, a.front)
    return walk


def _s_shape(a: _Aisles) -> list[Waypoint]:
    walk: list[Waypoint] = []
    side = a.front
    for i, (x, ys) in enumerate(zip(a.x, a.ys, strict=True)):
        if i == len(a.x) - 1 and side == a.back:
            walk += [(x, side), *_up(x, ys[::-1], a.front)]
        elif i == len(a.x) - 1 and len(a.x) % 2:
            walk += _return_visit(x, ys, a.front)
        elif side == a.front:
            walk += [(x, side), *_up(x, ys, a.back)]
            side = a.back
        else:
            walk += [(x, side), *_up(x, ys[::-1], a.front)]
            side = a.front
    return walk


def _split_visit(a: _Aisles, front_part: Callable[[Sequence[float]], int]) -> list[Waypoint]:
    """First and last aisle traversed; in between, picks up to the split from the front, the rest from the back."""
    if len(a.x) < 2:
        return _return(a)
    walk: list[Waypoint] = [(a.x[0], a.front), *_up(a.x[0], a.ys[0], a.back)]
    middle = list(zip(a.x[1:-1], a.ys[1:-1], strict=True))
    for x, ys in middle:
        walk += _return_visit(x, ys[front_part(ys) :], a.back)
    walk += [(a.x[-1], a.back), *_up(a.x[-1], a.ys[-1][::-1], a.front)]
    for x, ys in reversed(middle):
        walk += _return_visit(x, ys[: front_part(ys)], a.front)
    return walk


def _midpoint(a: _Aisles) -> list[Waypoint]:
    middle = (a.front + a.back) / 2
    return _split_visit(a, lambda ys: sum(1 for y in ys if y <= middle))


def _largest_gap(a: _Aisles) -> list[Waypoint]:
    def split(ys: Sequence[float]) -> int:
        stops = [a.front, *ys, a.back]
        gaps = [b - c for c, b in itertools.pairwise(stops)]
        return gaps.index(max(gaps))

    return _split_visit(a, split)


def _combined(a: _Aisles) -> list[Waypoint]:
    """Per aisle, traverse or return, chosen by a two-state programme (picker at front or back)."""
    if not a.x:
        return []
    length = a.back - a.front
    # best[side] = (vertical walking so far, choices), side 0 = front, 1 = back
    best: dict[int, tuple[float, list[str]]] = {0: (0.0, [])}
    for ys in a.ys:
        nxt: dict[int, tuple[float, list[str]]] = {}
        for at, (cost, plan) in best.items():
            moves = {
                ("traverse", 1 - at): length,
                ("return", at): 2 * (ys[-1] - a.front) if at == 0 else 2 * (a.back - ys[0]),
            }
            for (move, to), extra in moves.items():
                if to not in nxt or cost + extra < nxt[to][0]:
                    nxt[to] = (cost + extra, [*plan, move])
        best = nxt
    walk: list[Waypoint] = []
    side = a.front
    for x, ys, move in zip(a.x, a.ys, best[0][1], strict=True):
        if move == "return":
            walk += _return_visit(x, ys, side)
            continue
        other = a.back if side == a.front else a.front
        walk += [(x, side), *_up(x, ys if side == a.front else ys[::-1], other)]
        side = other
    return walk


HEURISTICS: dict[str, Callable[[_Aisles], list[Waypoint]]] = {
    "s-shape": _s_shape,
    "return": _return,
    "midpoint": _midpoint,
    "largest-gap": _largest_gap,
    "combined": _combined,
}


def heuristic_tour(grid: AisleGrid, points: Sequence[AislePoint], method: str) -> Tour:
    """The tour the named heuristic walks (one of :data:`HEURISTICS`)."""
    try:
        plan = HEURISTICS[method]
    except KeyError:
        raise ValueError(f"unknown routing heuristic {method!r}; expected one of {', '.join(HEURISTICS)}") from None
    depot: Waypoint = (grid.depot.x, grid.cross_aisle_y[0])
    front = sorted({p.x for p in points if p.aisle is None})
    sweep: list[Waypoint] = [(front[0], depot[1]), (front[-1], depot[1])] if front else []
    return tour_from_walk(method, points, [depot, *sweep, *plan(_aisles(grid, points)), depot])
