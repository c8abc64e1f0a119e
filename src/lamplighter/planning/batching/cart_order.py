"""Loading order on the cart: heavy items first (at the bottom), fragile items last (on top)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CartItem:
    """One pick line as the cart sees it: its place in the route, weight per line and fragility."""

    key: str
    weight_kg: float
    fragile: bool = False


def cart_sequence(items: Sequence[CartItem], heavy_kg: float = 10.0) -> list[int]:
    """Indices of ``items`` (given in route order) in the order to pick them onto the cart.

    Heavy, non-fragile lines (``weight_kg >= heavy_kg``) come first, heaviest first; then the
    other non-fragile lines in route order; fragile lines last, in route order, so nothing is
    stacked on them. Within a group the route order is kept, so the walk changes least.
    """
    heavy = [i for i, it in enumerate(items) if not it.fragile and it.weight_kg >= heavy_kg]
    heavy.sort(key=lambda i: -items[i].weight_kg)
    normal = [i for i, it in enumerate(items) if not it.fragile and it.weight_kg < heavy_kg]
    fragile = [i for i, it in enumerate(items) if it.fragile]
    return heavy + normal + fragile
