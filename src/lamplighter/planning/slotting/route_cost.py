"""Exact optimal single-order tour lengths for many baskets at once, for slotting's search.

Why hand-written: the slotting search evaluates the optimal route of thousands of baskets
for every candidate swap, so it needs the Ratliff–Rosenthal dynamic programme vectorised
over baskets (numpy, one pass over the aisles for all baskets). ``planning.routing`` gives
the same optimum one tour at a time; no library offers either. Tests check both agree.

The programme walks the aisles left to right. A state describes the partial tour graph
left of the boundary: degree parity of the front (f) and back (b) aisle ends
(0 untouched, odd, even) and whether they lie in one component or two. Within an aisle
only six edge patterns can be optimal (none, traverse, double traverse, return from the
front, return from the back, split at the largest gap); between aisles each cross-aisle
segment is used 0, 1 or 2 times.

Only single-block geometry is exact: middle cross aisles are ignored, which makes the
length an upper bound (a fair surrogate for ranking layouts) on multi-block layouts.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

import numpy as np
import numpy.typing as npt

from lamplighter.domain.geometry import AisleGrid

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

_INF = np.inf
_UNTOUCHED, _ODD, _EVEN = 0, 1, 2
# Vertical patterns: (degree added at f, at b, joins f and b through the aisle).
_OPTIONS: dict[str, tuple[int, int, bool]] = {
    "none": (0, 0, False),
    "traverse": (1, 1, True),
    "double": (2, 2, True),
    "front": (2, 0, False),
    "back": (0, 2, False),
    "gap": (2, 2, False),
}
_OPTION_NAMES = tuple(_OPTIONS)
_DONE = (-1, -1, -1)
State = tuple[int, int, int]  # (f parity, b parity, components: 1 or 2)


def _vertical(state: State, option: str) -> State | None:
    if state == _DONE:
        return _DONE if option == "none" else None
    pf, pb, conn = state
    df, db, joins = _OPTIONS[option]
    comp_f = "f" if pf else None
    comp_b = ("f" if conn == 1 and pf else "b") if pb else None
    if df and comp_f is None:
        comp_f = "new-f"
    if db and comp_b is None:
        comp_b = "new-b"
    if joins and comp_f is not None and comp_b is not None:
        comp_b = comp_f
    nf = _parity(pf, df)
    nb = _parity(pb, db)
    conn_new = 2 if (comp_f is not None and comp_b is not None and comp_f != comp_b) else 1
    return (nf, nb, conn_new)


def _parity(old: int, added: int) -> int:
    if old == _UNTOUCHED and added == 0:
        return _UNTOUCHED
    odd = ((1 if old == _ODD else 0) + added) % 2
    return _ODD if odd else _EVEN


def _cross(state: State, mf: int, mb: int) -> State | None:
    if state == _DONE:
        return _DONE if (mf, mb) == (0, 0) else None
    pf, pb, conn = state
    if not _end_allows(pf, mf) or not _end_allows(pb, mb):
        return None
    if pf == _UNTOUCHED and pb == _UNTOUCHED:
        return state  # the tour has not started yet
    if conn == 2 and (mf == 0 or mb == 0):
        return None  # a component would be cut off from the rest of the tour
    if mf == 0 and mb == 0:
        return _DONE
    nf = (_UNTOUCHED, _ODD, _EVEN)[mf]
    nb = (_UNTOUCHED, _ODD, _EVEN)[mb]
    return (nf, nb, conn if (mf and mb) else 1)


def _end_allows(parity: int, multiplicity: int) -> bool:
    if parity == _UNTOUCHED:
        return multiplicity == 0
    if parity == _ODD:
        return multiplicity == 1
    return multiplicity in (0, 2)


def _reachable_states() -> list[State]:
    states: list[State] = [(0, 0, 1)]
    frontier = list(states)
    while frontier:
        state = frontier.pop()
        nexts = [_vertical(state, o) for o in _OPTION_NAMES]
        nexts += [_cross(state, mf, mb) for mf, mb in product(range(3), repeat=2)]
        for nxt in nexts:
            if nxt is not None and nxt not in states:
                states.append(nxt)
                frontier.append(nxt)
    return states


_STATES = _reachable_states()
_INDEX = {s: i for i, s in enumerate(_STATES)}
_VERTICAL = [
    (_INDEX[s], k, _INDEX[t])
    for s in _STATES
    for k, o in enumerate(_OPTION_NAMES)
    if (t := _vertical(s, o)) is not None
]
_CROSS = [
    (_INDEX[s], mf + mb, _INDEX[t])
    for s in _STATES
    for mf, mb in product(range(3), repeat=2)
    if (t := _cross(s, mf, mb)) is not None
]
_FINAL = [_INDEX[s] for s in _STATES if s == _DONE or s == (0, 0, 1) or (s[2] == 1 and _ODD not in s[:2])]


@dataclass(frozen=True, slots=True)
class AisleColumns:
    """The aisles a route may use, left to right, with the depot as a fixed pick.

    ``walkable[i]`` is False for a pseudo column that only stands on the front cross aisle
    (a packing station between aisles, a reserve area beyond the last aisle).
    """

    x: FloatArray
    walkable: npt.NDArray[np.bool_]
    front_y: float
    back_y: float
    depot_column: int

    @classmethod
    def from_grid(cls, grid: AisleGrid, extra_x: tuple[float, ...] = ()) -> AisleColumns:
        """Columns of a grid's aisles, extra aisles at ``extra_x`` and a pseudo column at a depot between aisles."""
        xs = [(x, True) for x in grid.aisle_x]
        if grid.depot.aisle is None:
            xs.append((grid.depot.x, False))
        xs += [(x, True) for x in extra_x]
        xs.sort(key=lambda item: (item[0], not item[1]))
        x = np.array([v for v, _ in xs], dtype=np.float64)
        walkable = np.array([w for _, w in xs], dtype=bool)
        if grid.depot.aisle is not None:
            depot = int(np.flatnonzero(walkable & np.isclose(x, grid.depot.x))[0])
        else:
            depot = int(np.flatnonzero(~walkable & np.isclose(x, grid.depot.x))[0])
        return cls(x, walkable, grid.cross_aisle_y[0], grid.cross_aisle_y[-1], depot)

    def column_of_aisle(self, aisle_x: FloatArray) -> IntArray:
        """Column index of each walkable aisle given by its x."""
        walk_x = np.flatnonzero(self.walkable)
        pos = np.searchsorted(self.x[walk_x], aisle_x)
        return walk_x[np.clip(pos, 0, len(walk_x) - 1)].astype(np.int64)


def tour_lengths(
    columns: AisleColumns, basket: IntArray, column: IntArray, y: FloatArray, n_baskets: int
) -> FloatArray:
    """Optimal closed tour length from the depot for each basket, in metres.

    Picks are given flat: ``basket[i]`` (0..n_baskets-1), ``column[i]`` and depth ``y[i]``
    (front cross aisle = ``columns.front_y``). A basket without picks has length 0.
    Cost: O(picks log picks + baskets x columns x states).
    """
    order = np.lexsort((y, column, basket))
    return sorted_tour_lengths(columns, basket[order], column[order], y[order], n_baskets)


def sorted_tour_lengths(
    columns: AisleColumns, basket: IntArray, column: IntArray, y: FloatArray, n_baskets: int
) -> FloatArray:
    """:func:`tour_lengths` for picks already sorted by (basket, column, y): no sort, linear time."""
    if len(basket) == 0:
        return np.zeros(n_baskets)
    stats = _aisle_stats(columns, basket, column, y, n_baskets)
    return _programme(columns, stats)


@dataclass(frozen=True, slots=True)
class _Stats:
    count: IntArray  # (baskets, columns)
    ymin: FloatArray
    ymax: FloatArray
    max_gap: FloatArray


def _aisle_stats(columns: AisleColumns, basket: IntArray, column: IntArray, yy: FloatArray, n: int) -> _Stats:
    n_cols = len(columns.x)
    key = basket * n_cols + column
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    ends = np.r_[starts[1:], len(key)]
    groups = key[starts]
    gaps = np.diff(yy, prepend=yy[:1])
    gaps[starts] = 0.0
    shape = (n, n_cols)
    count = np.zeros(shape, dtype=np.int64)
    ymin = np.zeros(shape)
    ymax = np.zeros(shape)
    max_gap = np.zeros(shape)
    count.flat[groups] = ends - starts
    ymin.flat[groups] = yy[starts]
    ymax.flat[groups] = yy[ends - 1]
    max_gap.flat[groups] = np.maximum.reduceat(gaps, starts)
    # The depot is a pick at the front of its column for every basket that has picks.
    d = columns.depot_column
    has = np.zeros(n, dtype=bool)
    has[basket] = True
    had = count[:, d] > 0
    max_gap[:, d] = np.where(had, np.maximum(max_gap[:, d], ymin[:, d] - columns.front_y), 0.0)
    ymax[:, d] = np.where(had, ymax[:, d], columns.front_y)
    ymin[:, d] = columns.front_y
    count[:, d] += has
    return _Stats(count, ymin, ymax, max_gap)


def _option_costs(columns: AisleColumns, s: _Stats, col: int) -> FloatArray:
    """Cost of each vertical pattern in column ``col``, shape (baskets, patterns)."""
    length = columns.back_y - columns.front_y
    count = s.count[:, col]
    out = np.full((len(count), len(_OPTION_NAMES)), _INF)
    out[:, 0] = np.where(count == 0, 0.0, _INF)
    if not columns.walkable[col]:
        out[:, 3] = np.where(count > 0, 0.0, _INF)
        return out
    out[:, 1] = length
    out[:, 2] = 2 * length
    out[:, 3] = np.where(count > 0, 2 * (s.ymax[:, col] - columns.front_y), _INF)
    out[:, 4] = np.where(count > 0, 2 * (columns.back_y - s.ymin[:, col]), _INF)
    out[:, 5] = np.where(count > 1, 2 * (length - s.max_gap[:, col]), _INF)
    return out


def _by_target(table: list[tuple[int, int, int]]) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    ordered = sorted(table, key=lambda t: t[2])
    src = np.array([t[0] for t in ordered], dtype=np.int64)
    arg = np.array([t[1] for t in ordered], dtype=np.int64)
    dst = np.array([t[2] for t in ordered], dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, dst[1:] != dst[:-1]])
    return src, arg, dst[starts], starts


_V_SRC, _V_OPT, _V_DST, _V_STARTS = _by_target(_VERTICAL)
_C_SRC, _C_COPIES, _C_DST, _C_STARTS = _by_target(_CROSS)


def _programme(columns: AisleColumns, s: _Stats) -> FloatArray:
    n = s.count.shape[0]
    value = np.full((n, len(_STATES)), _INF)
    value[:, _INDEX[(0, 0, 1)]] = 0.0
    last = len(columns.x) - 1
    for col in range(len(columns.x)):
        costs = _option_costs(columns, s, col)
        after = np.full_like(value, _INF)
        after[:, _V_DST] = np.minimum.reduceat(value[:, _V_SRC] + costs[:, _V_OPT], _V_STARTS, axis=1)
        if col == last:
            value = after
            break
        step = columns.x[col + 1] - columns.x[col]
        value = np.full_like(value, _INF)
        value[:, _C_DST] = np.minimum.reduceat(after[:, _C_SRC] + _C_COPIES * step, _C_STARTS, axis=1)
    result: FloatArray = value[:, _FINAL].min(axis=1)
    return result
