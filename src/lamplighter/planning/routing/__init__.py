"""Picker routing: the shortest walk from the packing station through a trip's locations and back.

Public entry points:

- :func:`tour_length` / :func:`tour_lengths`: optimal tour lengths, one trip or many at once
  (the batched form is vectorised over trips: use it when routing thousands of orders);
- :func:`route`: the tour itself (visiting order, leg lengths, walk) by the exact
  programme or one of the classic heuristics.

Exact for up to ``MAX_EXACT_CROSS_AISLES`` cross aisles (single-block, two-block and
three-block layouts); larger grids fall back to the best heuristic improved by local search.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, get_args

import numpy as np

from lamplighter.domain.geometry import AisleGrid, AislePoint
from lamplighter.planning.routing.aisle_picks import FloatArray
from lamplighter.planning.routing.exact import MAX_EXACT_CROSS_AISLES, exact_lengths
from lamplighter.planning.routing.exact_tour import exact_tour
from lamplighter.planning.routing.heuristics import HEURISTICS, heuristic_tour
from lamplighter.planning.routing.tour import Tour

RouteMethod = Literal["exact", "s-shape", "return", "midpoint", "largest-gap", "combined"]
METHODS: tuple[str, ...] = get_args(RouteMethod)

__all__ = ["MAX_EXACT_CROSS_AISLES", "METHODS", "RouteMethod", "Tour", "route", "tour_length", "tour_lengths"]


def route(grid: AisleGrid, points: Sequence[AislePoint], method: str = "exact") -> Tour:
    """The tour from ``grid.depot`` through ``points`` and back, by ``method``.

    ``exact`` is optimal for up to ``MAX_EXACT_CROSS_AISLES`` cross aisles; beyond that it
    is the best classic heuristic improved by 2-opt and Or-opt moves (``Tour.method`` then
    reads ``local-search``). Lengths are in the
    grid's units (metres for a layout).
    """
    if method == "exact":
        if len(grid.cross_aisle_y) <= MAX_EXACT_CROSS_AISLES:
            return exact_tour(grid, points)
        from lamplighter.planning.routing.local_search import improved_tour

        return improved_tour(grid, points)
    if method in HEURISTICS:
        return heuristic_tour(grid, points, method)
    raise ValueError(f"unknown routing method {method!r}; expected one of {', '.join(METHODS)}")


def tour_length(grid: AisleGrid, points: Sequence[AislePoint]) -> float:
    """Length of the shortest closed tour from ``grid.depot`` through ``points`` and back."""
    return float(tour_lengths(grid, [points])[0])


def tour_lengths(grid: AisleGrid, trips: Sequence[Sequence[AislePoint]], method: str = "exact") -> FloatArray:
    """Tour lengths of many trips at once (vectorised over trips for ``exact``)."""
    if method == "exact" and len(grid.cross_aisle_y) <= MAX_EXACT_CROSS_AISLES:
        return exact_lengths(grid, trips)
    return np.array([route(grid, points, method).length for points in trips], dtype=np.float64)
