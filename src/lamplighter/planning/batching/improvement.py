"""Local search on batches: shift one order to another cart, or swap two orders between carts.

Moves are judged on the exact routed length of the carts they change. Every move of a round
is priced in one vectorised routing call; the improving moves that touch disjoint carts are
then applied together, best first, and the round repeats until nothing improves.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from lamplighter.planning.batching.trips import Batch, CartLoad, TripLengths

Move = tuple[int, int, Batch, Batch]  # cart a, cart b, new a, new b


def _moves(batches: Sequence[Batch], load: CartLoad, swaps: bool) -> list[Move]:
    moves: list[Move] = []
    cap = load.capacity
    lines = [int(load.lines[list(b)].sum()) for b in batches]
    for a, batch_a in enumerate(batches):
        for b, batch_b in enumerate(batches):
            if a == b:
                continue
            for o in batch_a:
                rest = tuple(x for x in batch_a if x != o)
                if len(batch_b) < cap.orders and lines[b] + load.lines[o] <= cap.lines and load.fits((*batch_b, o)):
                    moves.append((a, b, rest, tuple(sorted((*batch_b, o)))))
                if not swaps or b < a:
                    continue
                for p in batch_b:
                    shift = int(load.lines[p] - load.lines[o])
                    if lines[a] + shift > cap.lines or lines[b] - shift > cap.lines:
                        continue
                    new_a = tuple(sorted((*rest, p)))
                    new_b = tuple(sorted((*(x for x in batch_b if x != p), o)))
                    if load.fits(new_a) and load.fits(new_b):
                        moves.append((a, b, new_a, new_b))
    return moves


def improve_batches(
    batches: Sequence[Batch], load: CartLoad, lengths: TripLengths, swaps: bool = True, max_rounds: int = 500
) -> list[Batch]:
    """Shift and swap orders between carts until no move shortens the total routed length."""
    current = [tuple(sorted(b)) for b in batches if b]
    for _ in range(max_rounds):
        moves = _moves(current, load, swaps)
        if not moves:
            break
        now = lengths.lengths(current)
        after = lengths.lengths([m[2] for m in moves] + [m[3] for m in moves])
        delta = after[: len(moves)] + after[len(moves) :] - np.array([now[a] + now[b] for a, b, _, _ in moves])
        improving = np.flatnonzero(delta < -1e-9)
        if not len(improving):
            break
        touched: set[int] = set()
        for m in improving[np.argsort(delta[improving], kind="stable")]:
            a, b, new_a, new_b = moves[int(m)]
            if a in touched or b in touched:
                continue
            touched |= {a, b}
            current[a], current[b] = new_a, new_b
        current = [b for b in current if b]
    return current
