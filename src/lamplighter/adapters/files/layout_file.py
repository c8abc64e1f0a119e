"""Read a warehouse layout from its TOML file."""

from __future__ import annotations

import tomllib
from pathlib import Path

from lamplighter.domain.errors import InvalidLayout
from lamplighter.domain.layout import Layout


def load_layout(path: str | Path) -> Layout:
    """Load and validate a layout; errors name the file and the field."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidLayout(f"{path}: no such file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InvalidLayout(f"{path}: not valid TOML ({exc})") from exc
    try:
        return Layout.from_dict(data)
    except InvalidLayout as exc:
        raise InvalidLayout(f"{path}: {exc}") from exc
