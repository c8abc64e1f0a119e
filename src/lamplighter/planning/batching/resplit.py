"""Two-cart re-split: pour two carts' orders together and split them again the best possible way.

Shift and swap moves are special cases of this neighbourhood. For carts with ``n`` orders in
all, the ``2^(n-1)`` splits are filtered on capacity with bit arithmetic and priced in one
vectorised routing call; only pairs of carts working the same aisles are tried (cosine
similarity of their pick footprints), and only while the union is small enough. After the
first round only pairs with a cart that changed in the round before are tried again.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from lamplighter.planning.batching.neighbours import neighbour_mask
from lamplighter.planning.batching.trips import Batch, CartLoad, TripLengths

MAX_UNION = 12  # 2^11 splits at most per pair


def _splits(union: Batch, load: CartLoad) -> list[tuple[Batch, Batch]]:
    """Every split of ``union`` into two carts that fit (the first holds ``union[0]``)."""
    n = len(union)
    masks = np.arange(1 << (n - 1), dtype=np.int64) << 1 | 1
    bits = ((masks[:, None] >> np.arange(n)) & 1).astype(bool)
    cap = load.capacity
    ok = (bits.sum(axis=1) <= cap.orders) & ((~bits).sum(axis=1) <= cap.orders)
    for limit, per_order in ((cap.lines, load.lines), (cap.volume_l, load.volume), (cap.weight_kg, load.weight)):
        if limit is not None:
            values = per_order[list(union)]
            inside = bits @ values
            ok &= (inside <= limit) & (values.sum() - inside <= limit)
    out = []
    for row in bits[ok]:
        out.append(
            (
                tuple(o for o, b in zip(union, row, strict=True) if b),
                tuple(o for o, b in zip(union, row, strict=True) if not b),
            )
        )
    return out


def resplit_pairs(
    batches: Sequence[Batch],
    load: CartLoad,
    lengths: TripLengths,
    footprint: npt.NDArray[np.float64],
    per_cart: int = 6,
    max_rounds: int = 50,
) -> list[Batch]:
    """Re-split pairs of similar carts optimally until no pair improves; never lengthens the total."""
    current = [tuple(sorted(b)) for b in batches if b]
    dirty = set(range(len(current)))
    for _ in range(max_rounds):
        near = neighbour_mask(current, footprint, per_cart)
        pairs = [
            (int(a), int(b))
            for a, b in zip(*np.nonzero(np.triu(near)), strict=True)
            if (a in dirty or b in dirty) and len(current[a]) + len(current[b]) <= MAX_UNION
        ]
        options = [(a, b, s) for a, b in pairs for s in _splits(tuple(sorted(current[a] + current[b])), load)]
        if not options:
            break
        now = lengths.lengths(current)
        priced = lengths.lengths([s[0] for _, _, s in options] + [s[1] for _, _, s in options])
        half = len(options)
        delta = priced[:half] + priced[half:] - np.array([now[a] + now[b] for a, b, _ in options])
        dirty = set()
        for i in np.argsort(delta, kind="stable"):
            if delta[i] >= -1e-9:
                break
            a, b, (left, right) = options[int(i)]
            if a in dirty or b in dirty:
                continue
            dirty |= {a, b}
            current[a], current[b] = left, right
        if not dirty:
            break
    return [b for b in current if b]
