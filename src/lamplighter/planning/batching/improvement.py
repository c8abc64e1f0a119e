"""Local search on batches: shift one order to another cart, or swap two orders between carts.

Moves are judged on the exact routed length of the carts they change. Every move of a round
is priced in one vectorised routing call; the improving moves that touch disjoint carts are
then applied together, best first, and the round repeats until nothing improves.

A round only prices moves between pairs of carts of which at least one changed in the round
before ("don't look bits"): a move between two carts that are as they were has been priced
and did not improve, so the local optimum reached is the same kind as with every pair priced
every round, at a fraction of the work on big waves. Given order footprints, only pairs of
carts working similar aisles are priced (``neighbours``), which our search uses on big waves.
"""

from __future__ import annotations

import time
from collections.abc import Sequence, Set

import numpy as np
import numpy.typing as npt

from lamplighter.planning.batching.neighbours import neighbour_mask
from lamplighter.planning.batching.trips import Batch, CartLoad, TripLengths

Move = tuple[int, int, Batch, Batch]  # cart a, cart b, new a, new b
EPS = 1e-9


def _removal_gains(batches: Sequence[Batch], lengths: TripLengths) -> list[dict[int, float]]:
    """Per cart, how much shorter its tour gets without each of its orders."""
    rests = [tuple(x for x in b if x != o) for b in batches for o in b]
    without = iter(lengths.lengths(rests).tolist())
    whole = lengths.lengths(batches).tolist()
    return [{o: whole[n] - next(without) for o in b} for n, b in enumerate(batches)]


def _moves(
    batches: Sequence[Batch],
    load: CartLoad,
    swaps: bool,
    dirty: set[int],
    allowed: npt.NDArray[np.bool_] | None,
    gains: list[dict[int, float]],
) -> list[Move]:
    """Shifts and swaps that fit and could shorten the total.

    A tour through more locations is never shorter, so a shift of ``o`` out of cart ``a`` saves
    at most ``gains[a][o]`` and a swap of ``o`` and ``p`` at most ``gains[a][o] + gains[b][p]``:
    moves whose bound is zero (orders whose picks the rest of their cart passes anyway) cannot
    improve and are not priced.
    """
    moves: list[Move] = []
    cap = load.capacity
    per_order = load.lines.tolist()
    lines = [sum(per_order[o] for o in b) for b in batches]
    # with orders and lines the only limits, the checks below are the whole capacity check
    fits = (lambda _batch: True) if load.counts_only else load.fits
    for a, batch_a in enumerate(batches):
        if not batch_a:
            continue
        rests = [tuple(x for x in batch_a if x != o) for o in batch_a]
        for b, batch_b in enumerate(batches):
            if a == b or not batch_b or (a not in dirty and b not in dirty):
                continue
            if allowed is not None and not allowed[a, b]:
                continue
            room = len(batch_b) < cap.orders
            gain_a, gain_b = gains[a], gains[b]
            for o, rest in zip(batch_a, rests, strict=True):
                if room and gain_a[o] > EPS and lines[b] + per_order[o] <= cap.lines:
                    grown = tuple(sorted((*batch_b, o)))
                    if fits(grown):
                        moves.append((a, b, rest, grown))
                if not swaps or b < a:
                    continue
                for p in batch_b:
                    if gain_a[o] + gain_b[p] <= EPS:
                        continue
                    shift = per_order[p] - per_order[o]
                    if lines[a] + shift > cap.lines or lines[b] - shift > cap.lines:
                        continue
                    new_a = tuple(sorted((*rest, p)))
                    new_b = tuple(sorted((*(x for x in batch_b if x != p), o)))
                    if fits(new_a) and fits(new_b):
                        moves.append((a, b, new_a, new_b))
    return moves


def improve_batches(
    batches: Sequence[Batch],
    load: CartLoad,
    lengths: TripLengths,
    swaps: bool = True,
    max_rounds: int = 500,
    neighbours: tuple[npt.NDArray[np.float64], int] | None = None,
    settled: Set[Batch] = frozenset(),
    deadline: float | None = None,
) -> list[Batch]:
    """Shift and swap orders between carts until no move shortens the total routed length.

    ``neighbours`` (order footprints, carts per cart) limits the moves to pairs of carts that
    work similar aisles; without it every pair of carts is tried. Moves between two carts of
    ``settled`` (carts of an earlier local optimum) are known not to improve and are skipped.
    """
    current = [tuple(sorted(b)) for b in batches if b]
    dirty = {n for n, b in enumerate(current) if b not in settled}
    for _ in range(max_rounds):
        if deadline is not None and time.process_time() > deadline:
            break
        allowed = neighbour_mask(current, *neighbours) if neighbours is not None else None
        moves = _moves(current, load, swaps, dirty, allowed, _removal_gains(current, lengths))
        if not moves:
            break
        now = lengths.lengths(current)
        after = lengths.lengths([m[2] for m in moves] + [m[3] for m in moves])
        delta = after[: len(moves)] + after[len(moves) :] - np.array([now[a] + now[b] for a, b, _, _ in moves])
        improving = np.flatnonzero(delta < -EPS)
        if not len(improving):
            break
        dirty = set()
        for m in improving[np.argsort(delta[improving], kind="stable")]:
            a, b, new_a, new_b = moves[int(m)]
            if a in dirty or b in dirty:
                continue
            dirty |= {a, b}
            current[a], current[b] = new_a, new_b
    return [b for b in current if b]
