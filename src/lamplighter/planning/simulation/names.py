"""The simulation's policies and demand outlooks by name (no numerics imported: the CLI lists them at start-up)."""

from __future__ import annotations

POLICIES: tuple[str, ...] = ("lamplighter", "cover", "rop", "ss")
OUTLOOKS: tuple[str, ...] = ("moment", "forecast")
