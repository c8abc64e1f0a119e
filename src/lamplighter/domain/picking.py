"""Picking floor rules: scan confirmation of pick lines, short picks and the packing check.

A pick line is confirmed only by scanning its location and then its SKU; any other scan
is refused (and counted by the caller as a prevented mis-pick). A short pick (less on the
shelf than the ledger says) confirms what was found and leaves the rest to re-allocation
or back-order. Packing checks every unit of an order against its lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from lamplighter.domain.errors import DomainError, InvalidQuantity
from lamplighter.domain.location_code import LocationCode, is_location_code


class ScanRefused(DomainError):
    """A scan that does not match what the line expects (a mis-pick caught at the shelf)."""

    code = "scan-refused"

    def __init__(self, what: str, expected: str, got: str) -> None:
        super().__init__(f"wrong {what} scanned: expected {expected}, got {got}")
        self.what = what
        self.expected = expected
        self.got = got


class PickLineStatus(StrEnum):
    OPEN = "open"
    PICKED = "picked"
    SHORT = "short"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class PickTask:
    """One line of a pick list as the picker sees it: where, what, how many, into which tote."""

    sequence: int
    order_ref: str
    line_no: int
    sku: str
    location: str
    quantity: int
    tote: int
    leg_m: float = 0.0


def same_location(scanned: str, expected: str) -> bool:
    """Location barcodes match when they name the same ``ZONE-ROW-LEVEL-BAY`` (case, blanks ignored)."""
    if not is_location_code(scanned):
        return False
    return LocationCode.parse(scanned) == LocationCode.parse(expected)


def check_pick_scan(
    task: PickTask,
    location_scan: str,
    sku_scan: str,
    barcodes: Mapping[str, str] | None = None,
) -> None:
    """Refuse a scan of the wrong location or SKU. ``barcodes`` maps extra barcodes (EAN) to SKU codes."""
    if not same_location(location_scan, task.location):
        raise ScanRefused("location", task.location, location_scan.strip())
    scanned = sku_scan.strip()
    sku = (barcodes or {}).get(scanned, scanned)
    if sku != task.sku:
        raise ScanRefused("SKU", task.sku, scanned)


@dataclass(frozen=True, slots=True)
class PickOutcome:
    picked: int
    short: int

    @property
    def status(self) -> PickLineStatus:
        return PickLineStatus.SHORT if self.short else PickLineStatus.PICKED


def pick_outcome(task: PickTask, found: int | None = None) -> PickOutcome:
    """What confirming ``task`` means when the picker found ``found`` units (all when None)."""
    if found is None:
        return PickOutcome(task.quantity, 0)
    if not 0 <= found <= task.quantity:
        raise InvalidQuantity(f"pick of {task.sku} at {task.location}: found {found} is not within 0..{task.quantity}")
    return PickOutcome(found, task.quantity - found)


@dataclass(slots=True)
class PackingCheck:
    """Every unit of an order scanned against its lines before the order may be packed."""

    order_ref: str
    expected: dict[str, int]
    scanned: dict[str, int] = field(default_factory=dict)

    @classmethod
    def for_lines(cls, order_ref: str, lines: Iterable[tuple[str, int]]) -> PackingCheck:
        expected: dict[str, int] = {}
        for sku, quantity in lines:
            expected[sku] = expected.get(sku, 0) + quantity
        return cls(order_ref, expected)

    def scan(self, sku_scan: str, barcodes: Mapping[str, str] | None = None) -> None:
        """Count one unit; refuse a SKU the order does not have or one already complete."""
        scanned = sku_scan.strip()
        sku = (barcodes or {}).get(scanned, scanned)
        wanted = self.expected.get(sku)
        if wanted is None:
            raise ScanRefused("SKU", " or ".join(sorted(self.expected)), scanned)
        if self.scanned.get(sku, 0) >= wanted:
            raise ScanRefused("SKU", f"no more {sku} (all {wanted} scanned)", scanned)
        self.scanned[sku] = self.scanned.get(sku, 0) + 1

    @property
    def missing(self) -> dict[str, int]:
        return {s: q - self.scanned.get(s, 0) for s, q in self.expected.items() if self.scanned.get(s, 0) < q}

    @property
    def complete(self) -> bool:
        return not self.missing
