"""Orders to batch, cart capacity, and the routed length of any set of orders (cached)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from lamplighter.domain.geometry import AisleGrid, AislePoint
from lamplighter.planning.routing.aisle_picks import FlatPoints, FloatArray, costs_of, flatten
from lamplighter.planning.routing.exact import MAX_EXACT_CROSS_AISLES, sweep
from lamplighter.planning.routing.states import state_space

Batch = tuple[int, ...]  # indices into the day's orders, sorted


@dataclass(frozen=True, slots=True)
class TripOrder:
    """One order to pick: where its lines are, how many lines, and optionally volume and weight."""

    order_id: str
    points: tuple[AislePoint, ...]
    lines: int
    volume_l: float = 0.0
    weight_kg: float = 0.0


@dataclass(frozen=True, slots=True)
class CartCapacity:
    """What one picker trip can hold: orders (totes), lines, and optionally litres and kilograms."""

    orders: int = 8
    lines: int = 60
    volume_l: float | None = None
    weight_kg: float | None = None

    def __post_init__(self) -> None:
        if self.orders < 1 or self.lines < 1:
            raise ValueError(f"a cart must hold at least one order and one line, got {self.orders} and {self.lines}")


class CartLoad:
    """Capacity checks over order indices, vectorised for many candidate batches."""

    def __init__(self, orders: Sequence[TripOrder], capacity: CartCapacity) -> None:
        self.capacity = capacity
        self.lines = np.array([o.lines for o in orders], dtype=np.int64)
        self.volume = np.array([o.volume_l for o in orders], dtype=np.float64)
        self.weight = np.array([o.weight_kg for o in orders], dtype=np.float64)
        self._lines = self.lines.tolist()
        self._volume = self.volume.tolist()
        self._weight = self.weight.tolist()

    @property
    def counts_only(self) -> bool:
        """Capacity is orders and lines only (no litres or kilograms to check)."""
        return self.capacity.volume_l is None and self.capacity.weight_kg is None

    def fits(self, batch: Iterable[int]) -> bool:
        idx = list(batch)
        c = self.capacity
        return (
            len(idx) <= c.orders
            and sum(self._lines[i] for i in idx) <= c.lines
            and (c.volume_l is None or sum(self._volume[i] for i in idx) <= c.volume_l)
            and (c.weight_kg is None or sum(self._weight[i] for i in idx) <= c.weight_kg)
        )

    def fits_added(self, carts: Sequence[Batch], extra: Sequence[int]) -> npt.NDArray[np.bool_]:
        """``out[r, c]``: order ``extra[r]`` can join cart ``carts[c]`` (all pairs at once)."""
        c = self.capacity
        members = [list(b) for b in carts]
        size = np.array([len(m) for m in members])
        e = np.asarray(extra, dtype=np.intp)
        ok = np.broadcast_to(size < c.orders, (len(e), len(members))).copy()
        for limit, per_order in ((c.lines, self.lines), (c.volume_l, self.volume), (c.weight_kg, self.weight)):
            if limit is None:
                continue
            load = np.array([per_order[m].sum() for m in members]) if members else np.zeros(0)
            ok &= load[None, :] + per_order[e][:, None] <= limit
        return ok

    def oversize(self, order: int) -> bool:
        """An order that fills a cart on its own: it goes alone."""
        return not self.fits([order])


class TripLengths:
    """Exact routed length of sets of orders, computed many sets at a time and remembered."""

    def __init__(self, grid: AisleGrid, orders: Sequence[TripOrder]) -> None:
        if len(grid.cross_aisle_y) > MAX_EXACT_CROSS_AISLES:
            raise ValueError(
                f"batching routes exactly; grids with over {MAX_EXACT_CROSS_AISLES} cross aisles are not supported"
            )
        self.grid = grid
        self.columns, flat = flatten(grid, [o.points for o in orders])
        order = np.argsort(flat.trip, kind="stable")
        self._flat = FlatPoints(flat.trip[order], flat.column[order], flat.y[order], flat.in_aisle[order])
        counts = np.bincount(self._flat.trip, minlength=len(orders))
        self._offsets = np.r_[0, np.cumsum(counts)]
        self._space = state_space(len(grid.cross_aisle_y))
        self._known: dict[Batch, float] = {}
        self.evaluations = 0

    def length(self, batch: Iterable[int]) -> float:
        return float(self.lengths([tuple(batch)])[0])

    def lengths(self, batches: Sequence[Iterable[int]]) -> FloatArray:
        """Routed length of each batch (in the grid's units), computing only those not seen before."""
        keys = [tuple(sorted(b)) for b in batches]
        missing = list(dict.fromkeys(k for k in keys if k not in self._known))
        if missing:
            for key, value in zip(missing, self._compute(missing), strict=True):
                self._known[key] = float(value)
        return np.array([self._known[k] for k in keys], dtype=np.float64)

    @property
    def flat(self) -> FlatPoints:
        """Every order's points, flattened (``trip`` is the order index)."""
        return self._flat

    def _compute(self, batches: Sequence[Batch]) -> FloatArray:
        self.evaluations += len(batches)
        members = np.fromiter((o for b in batches for o in b), dtype=np.intp)
        batch_of = np.repeat(np.arange(len(batches)), [len(b) for b in batches])
        starts, ends = self._offsets[members], self._offsets[members + 1]
        counts = ends - starts
        # indices of every point of every member order, in one gather
        point = np.repeat(starts - np.r_[0, np.cumsum(counts)[:-1]], counts) + np.arange(int(counts.sum()))
        f = self._flat
        flat = FlatPoints(np.repeat(batch_of, counts), f.column[point], f.y[point], f.in_aisle[point])
        return sweep(self._space, costs_of(self.grid, self.columns, flat, len(batches))).best
