"""Two-cart re-split: pour two carts' orders together and split them again the best possible way.

Shift and swap moves are special cases of this neighbourhood. For carts with ``n`` orders in
all, the ``2^(n-1)`` splits are filtered on capacity with bit arithmetic and priced in one
vectorised routing call; only pairs of carts working the same aisles are tried (cosine
similarity of their pick footprints), and only while the union is small enough.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

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


def _neighbours(batches: Sequence[Batch], footprint: npt.NDArray[np.float64], per_cart: int) -> set[tuple[int, int]]:
    prints = np.array([footprint[list(b)].sum(axis=0) for b in batches])
    norms = np.linalg.norm(prints, axis=1, keepdims=True)
    unit = prints / np.where(norms > 0, norms, 1.0)
    similar = unit @ unit.T
    np.fill_diagonal(similar, -np.inf)
    pairs: set[tuple[int, int]] = set()
    for a in range(len(batches)):
        for b in np.argsort(-similar[a])[: min(per_cart, len(batches) - 1)]:
            if int(b) != a:
                pairs.add((min(a, int(b)), max(a, int(b))))
    return pairs


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
    for _ in range(max_rounds):
        pairs = [
            (a, b)
            for a, b in _neighbours(current, footprint, per_cart)
            if len(current[a]) + len(current[b]) <= MAX_UNION
        ]
        options = [(a, b, s) for a, b in pairs for s in _splits(tuple(sorted(current[a] + current[b])), load)]
        if not options:
            break
        now = lengths.lengths(current)
        priced = lengths.lengths([s[0] for _, _, s in options] + [s[1] for _, _, s in options])
        half = len(options)
        delta = priced[:half] + priced[half:] - np.array([now[a] + now[b] for a, b, _ in options])
        touched: set[int] = set()
        changed = False
        for i in np.argsort(delta, kind="stable"):
            if delta[i] >= -1e-9:
                break
            a, b, (left, right) = options[int(i)]
            if a in touched or b in touched:
                continue
            touched |= {a, b}
            current[a], current[b] = left, right
            changed = True
        current = [b for b in current if b]
        if not changed:
            break
    return current
