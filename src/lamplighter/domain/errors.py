"""Domain errors. Each carries the facts a person needs to act on it.

Entrypoints map these to exit codes and HTTP statuses in one place
(``lamplighter.entrypoints.errors``).
"""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error the warehouse rules raise."""

    code = "domain-error"


class InvalidLocationCode(DomainError, ValueError):
    code = "invalid-location-code"

    def __init__(self, text: str, expected: str) -> None:
        super().__init__(f"invalid location code {text!r}: expected {expected}")
        self.text = text
        self.expected = expected


class InvalidLayout(DomainError, ValueError):
    code = "invalid-layout"


class UnknownLocation(DomainError, KeyError):
    code = "unknown-location"

    def __init__(self, location: str) -> None:
        super().__init__(f"unknown location {location!r}")
        self.location = location

    def __str__(self) -> str:
        return str(self.args[0])


class UnknownSku(DomainError, KeyError):
    code = "unknown-sku"

    def __init__(self, sku: str) -> None:
        super().__init__(f"unknown SKU {sku!r}")
        self.sku = sku

    def __str__(self) -> str:
        return str(self.args[0])


class InsufficientStock(DomainError):
    code = "insufficient-stock"

    def __init__(self, sku: str, location: str, wanted: int, available: int) -> None:
        super().__init__(f"insufficient stock of {sku} at {location}: wanted {wanted}, available {available}")
        self.sku = sku
        self.location = location
        self.wanted = wanted
        self.available = available


class InvalidQuantity(DomainError, ValueError):
    code = "invalid-quantity"


class PlacementRefused(DomainError):
    """A SKU may not be stored at a location; ``rules`` names every rule it breaks."""

    code = "placement-refused"

    def __init__(self, sku: str, location: str, rules: list[str]) -> None:
        super().__init__(f"{sku} may not be stored at {location}: " + "; ".join(rules))
        self.sku = sku
        self.location = location
        self.rules = rules


class InvalidTransition(DomainError):
    code = "invalid-transition"

    def __init__(self, entity: str, current: str, wanted: str) -> None:
        super().__init__(f"{entity} cannot go from {current} to {wanted}")
        self.entity = entity
        self.current = current
        self.wanted = wanted


class ReservationNotFound(DomainError):
    code = "reservation-not-found"
