"""Walking geometry of a warehouse of parallel aisles joined by cross aisles.

Coordinates are metres. Aisles run along y (front to back) at fixed x; cross aisles run
along x at fixed y and span every aisle. y = 0 is the centre line of the front cross
aisle; the packing station (depot) stands on it. A picker walks only along aisle and
cross-aisle centre lines, so distances are not straight lines.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class AislePoint:
    """A point a picker can stand on: in aisle ``aisle`` at depth ``y``.

    ``aisle`` is None for a point on the front cross aisle that is not in an aisle
    (the packing station between aisles, say); its ``y`` is then 0.
    """

    x: float
    y: float
    aisle: int | None


@dataclass(frozen=True, slots=True)
class AisleGrid:
    """Aisle x positions and cross-aisle y positions (front first, back last)."""

    aisle_x: tuple[float, ...]
    cross_aisle_y: tuple[float, ...]
    depot: AislePoint

    def __post_init__(self) -> None:
        if len(self.cross_aisle_y) < 2:
            raise ValueError("a grid needs at least a front and a back cross aisle")
        if list(self.cross_aisle_y) != sorted(self.cross_aisle_y):
            raise ValueError("cross aisles must be given front to back")
        if list(self.aisle_x) != sorted(self.aisle_x):
            raise ValueError("aisles must be given left to right")

    @property
    def blocks(self) -> int:
        """Number of blocks (a single-block warehouse has front and back cross aisles only)."""
        return len(self.cross_aisle_y) - 1

    def point(self, aisle: int, y: float) -> AislePoint:
        return AislePoint(self.aisle_x[aisle], y, aisle)

    def distance(self, a: AislePoint, b: AislePoint) -> float:
        """Shortest walk between two points along aisles and cross aisles."""
        if a.aisle is not None and a.aisle == b.aisle:
            return abs(a.y - b.y)
        dx = abs(a.x - b.x)
        return dx + min(abs(a.y - c) + abs(c - b.y) for c in self.cross_aisle_y)
