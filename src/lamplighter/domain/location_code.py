"""Location codes ``ZONE-ROW-LEVEL-BAY`` (``A-01-02-03``): parsed and formatted here only."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lamplighter.domain.errors import InvalidLocationCode

_EXPECTED = (
    "ZONE-ROW-LEVEL-BAY such as A-01-02-03 (zone: 1-4 letters or digits starting with a letter; row, level, bay: 1-999)"
)
_PATTERN = re.compile(r"^([A-Z][A-Z0-9]{0,3})-(\d{1,3})-(\d{1,3})-(\d{1,3})$")
MAX_PART = 999


@dataclass(frozen=True, order=True, slots=True)
class LocationCode:
    """A physical storage position: zone, rack row, level (1 = floor) and bay."""

    zone: str
    row: int
    level: int
    bay: int

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[A-Z][A-Z0-9]{0,3}", self.zone):
            raise InvalidLocationCode(str(self.zone), _EXPECTED)
        for part in (self.row, self.level, self.bay):
            if not 1 <= part <= MAX_PART:
                raise InvalidLocationCode(f"{self.zone}-{self.row}-{self.level}-{self.bay}", _EXPECTED)

    @classmethod
    def parse(cls, text: str) -> LocationCode:
        """Parse ``A-01-02-03``; surrounding blanks and lower case are accepted."""
        match = _PATTERN.match(text.strip().upper())
        if match is None:
            raise InvalidLocationCode(text, _EXPECTED)
        zone, row, level, bay = match.groups()
        return cls(zone, int(row), int(level), int(bay))

    def __str__(self) -> str:
        return f"{self.zone}-{self.row:02d}-{self.level:02d}-{self.bay:02d}"


def is_location_code(text: str) -> bool:
    """True when ``text`` parses as a physical location code."""
    return _PATTERN.match(text.strip().upper()) is not None
