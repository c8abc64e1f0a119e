"""Which carts are worth pairing in a local search: those working the same aisles.

Each order has a pick footprint (how many of its picks fall in each aisle and depth band); a
cart's footprint is the sum of its orders'. Two carts are neighbours when either is among the
other's ``per_cart`` most similar carts (cosine similarity of footprints). Moves between carts
in far-apart aisles rarely shorten anything, and on a wave of hundreds of carts pricing every
pair costs far more than the search gains from it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from lamplighter.planning.batching.trips import Batch


def cart_directions(batches: Sequence[Batch], footprint: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Each cart's footprint scaled to unit length (all zeros for an empty cart)."""
    prints = np.zeros((len(batches), footprint.shape[1]))
    for n, b in enumerate(batches):
        if b:
            prints[n] = footprint[list(b)].sum(axis=0)
    norms = np.linalg.norm(prints, axis=1, keepdims=True)
    return prints / np.where(norms > 0, norms, 1.0)


def cart_similarity(batches: Sequence[Batch], footprint: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Cosine similarity of the carts' footprints (empty carts are similar to nothing)."""
    unit = cart_directions(batches, footprint)
    return unit @ unit.T


def neighbour_mask(
    batches: Sequence[Batch], footprint: npt.NDArray[np.float64], per_cart: int
) -> npt.NDArray[np.bool_]:
    """``out[a, b]``: carts ``a`` and ``b`` are neighbours (symmetric, never a cart with itself)."""
    n = len(batches)
    mask = np.zeros((n, n), dtype=bool)
    if n < 2:
        return mask
    similar = cart_similarity(batches, footprint)
    np.fill_diagonal(similar, -np.inf)
    k = min(per_cart, n - 1)
    nearest = np.argpartition(-similar, k - 1, axis=1)[:, :k]
    mask[np.repeat(np.arange(n), k), nearest.ravel()] = True
    mask |= mask.T
    np.fill_diagonal(mask, False)
    empty = np.array([not b for b in batches])
    mask[empty, :] = False
    mask[:, empty] = False
    return mask
