"""Two-cart re-split: pour two carts' orders together and split them again the best possible way.

Shift and swap moves are special cases of this neighbourhood. For carts with ``n`` orders in
all, the ``2^(n-1)`` splits are filtered on capacity with bit arithmetic and priced in one
vectorised routing call; only pairs of carts working the same aisles are tried (cosine
similarity of their pick footprints), and only while the union is small enough. After the
first round only pairs with a cart that changed in the round before are tried again.
"""

from __future__ import annotations

import time
from collections.abc import Sequence, Set

import numpy as np
import numpy.typing as npt

from lamplighter.planning.batching.neighbours import neighbour_mask
from lamplighter.planning.batching.trips import Batch, CartLoad, TripLengths

MAX_UNION = 12  # 2^11 splits at most per pair
CHUNK_SPLITS = 4096  # splits priced per routing call
EPS = 1e-9


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
    settled: Set[Batch] = frozenset(),
    deadline: float | None = None,
) -> list[Batch]:
    """Re-split pairs of similar carts optimally until no pair improves; never lengthens the total.

    Pairs of two ``settled`` carts (carts of an earlier local optimum) are not tried. Two tours
    from the packing station are never shorter than one tour through both sets of locations,
    so no split of a pair saves more than joining its carts would: pairs are tried in order of
    that bound, pairs whose bound is zero never, and the search stops at ``deadline`` (CPU
    seconds, ``time.process_time``) between chunks of about ``CHUNK_SPLITS`` priced splits.
    """
    current = [tuple(sorted(b)) for b in batches if b]
    dirty = {n for n, b in enumerate(current) if b not in settled}
    for _ in range(max_rounds):
        near = neighbour_mask(current, footprint, per_cart)
        pairs = [
            (int(a), int(b))
            for a, b in zip(*np.nonzero(np.triu(near)), strict=True)
            if (a in dirty or b in dirty) and len(current[a]) + len(current[b]) <= MAX_UNION
        ]
        if not pairs:
            break
        now = lengths.lengths(current)
        unions = [tuple(sorted(current[a] + current[b])) for a, b in pairs]
        bound = np.array([now[a] + now[b] for a, b in pairs]) - lengths.lengths(unions)
        dirty = set()
        chunk: list[tuple[int, int, tuple[Batch, Batch]]] = []
        for i in np.argsort(-bound, kind="stable"):
            if bound[i] <= EPS:
                break
            a, b = pairs[int(i)]
            if a in dirty or b in dirty:
                continue
            chunk += [(a, b, split) for split in _splits(unions[int(i)], load)]
            if len(chunk) >= CHUNK_SPLITS:
                _apply_best(current, chunk, now, lengths, dirty)
                chunk = []
                if deadline is not None and time.process_time() > deadline:
                    return [b for b in current if b]
        _apply_best(current, chunk, now, lengths, dirty)
        if not dirty or (deadline is not None and time.process_time() > deadline):
            break
    return [b for b in current if b]


def _apply_best(
    current: list[Batch],
    options: list[tuple[int, int, tuple[Batch, Batch]]],
    now: npt.NDArray[np.float64],
    lengths: TripLengths,
    dirty: set[int],
) -> None:
    """Price ``options`` in one call and apply the improving ones on carts not yet changed, best first."""
    options = [o for o in options if o[0] not in dirty and o[1] not in dirty]
    if not options:
        return
    priced = lengths.lengths([s[0] for _, _, s in options] + [s[1] for _, _, s in options])
    half = len(options)
    delta = priced[:half] + priced[half:] - np.array([now[a] + now[b] for a, b, _ in options])
    for i in np.argsort(delta, kind="stable"):
        if delta[i] >= -EPS:
            break
        a, b, (left, right) = options[int(i)]
        if a in dirty or b in dirty:
            continue
        dirty |= {a, b}
        current[a], current[b] = left, right
