"""The slotting policies by name (no numerics imported, so the CLI can list them at start-up)."""

from __future__ import annotations

from typing import Literal, get_args

SlottingPolicy = Literal["lamplighter", "random", "abc", "coi"]
POLICIES: tuple[str, ...] = get_args(SlottingPolicy)
