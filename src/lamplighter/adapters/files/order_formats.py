"""The order-line file formats the readers understand (names only: no pandas, so the CLI starts fast)."""

from __future__ import annotations

from typing import Literal

OrderFileFormat = Literal["online-retail", "lines", "tiktok"]
FORMATS: tuple[str, ...] = ("online-retail", "lines", "tiktok")
