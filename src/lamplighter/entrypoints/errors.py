"""The one place where domain errors become exit codes and HTTP statuses."""

from __future__ import annotations

from lamplighter.domain import errors as e
from lamplighter.domain.picking import ScanRefused
from lamplighter.services import errors as store
from lamplighter.services import picking, waves

# Most specific first: the first matching class wins.
_TABLE: tuple[tuple[type[Exception], int, int], ...] = (
    (e.InsufficientStock, 3, 409),
    (ScanRefused, 8, 409),
    (picking.PackingIncomplete, 8, 409),
    (picking.OrderPulled, 5, 409),
    (picking.TaskAlreadyDone, 5, 409),
    (picking.UnknownPickTask, 6, 404),
    (waves.NothingToRelease, 9, 409),
    (store.StockNotSellable, 3, 409),
    (store.DuplicateOrder, 5, 409),
    (store.MoveNotReversible, 5, 409),
    (store.UnknownOrder, 6, 404),
    (store.DatabaseNotInitialised, 7, 503),
    (e.PlacementRefused, 4, 422),
    (e.InvalidTransition, 5, 409),
    (e.UnknownSku, 6, 404),
    (e.UnknownLocation, 6, 404),
    (e.ReservationNotFound, 6, 404),
    (e.InvalidLocationCode, 2, 422),
    (e.InvalidLayout, 2, 422),
    (e.InvalidQuantity, 2, 422),
    (e.DomainError, 1, 400),
)


def exit_code_for(error: Exception) -> int:
    """Process exit code for a CLI command that failed with ``error`` (1 when unknown)."""
    for kind, code, _status in _TABLE:
        if isinstance(error, kind):
            return code
    return 1


def http_status_for(error: Exception) -> int:
    """HTTP status for an API request that failed with ``error`` (500 when unknown)."""
    for kind, _code, status in _TABLE:
        if isinstance(error, kind):
            return status
    return 500


def register(kind: type[Exception], exit_code: int, http_status: int) -> None:
    """Add an error class from another layer (importers, storage) to the table, most specific first."""
    global _TABLE
    _TABLE = ((kind, exit_code, http_status), *_TABLE)
