"""The one place where errors become exit codes and HTTP statuses.

Rows name error classes by dotted path, so the CLI starts without importing every layer
(the slotting, planning and API modules are heavy). An error matches the row of the most
specific class in its method resolution order; unknown errors are exit 1 / HTTP 500.
"""

from __future__ import annotations

#: dotted class name -> (exit code, HTTP status)
_TABLE: dict[str, tuple[int, int]] = {
    # stock and orders
    "lamplighter.domain.errors.InsufficientStock": (3, 409),
    "lamplighter.services.errors.StockNotSellable": (3, 409),
    "lamplighter.domain.errors.PlacementRefused": (4, 422),
    "lamplighter.domain.errors.InvalidTransition": (5, 409),
    "lamplighter.services.errors.DuplicateOrder": (5, 409),
    "lamplighter.services.errors.MoveNotReversible": (5, 409),
    "lamplighter.domain.errors.UnknownSku": (6, 404),
    "lamplighter.domain.errors.UnknownLocation": (6, 404),
    "lamplighter.domain.errors.ReservationNotFound": (6, 404),
    "lamplighter.services.errors.UnknownOrder": (6, 404),
    "lamplighter.services.errors.DatabaseNotInitialised": (7, 503),
    # bad input
    "lamplighter.domain.errors.InvalidLocationCode": (2, 422),
    "lamplighter.domain.errors.InvalidLayout": (2, 422),
    "lamplighter.domain.errors.InvalidQuantity": (2, 422),
    "lamplighter.adapters.files.tabular.FileRejected": (2, 422),
    "lamplighter.adapters.files.order_lines.OrderFileError": (2, 422),
    "lamplighter.adapters.files.sprp.SprpFormatError": (2, 422),
    # picking floor
    "lamplighter.domain.picking.ScanRefused": (8, 409),
    "lamplighter.services.shipping.PackingIncomplete": (8, 409),
    "lamplighter.services.picking.OrderPulled": (5, 409),
    "lamplighter.services.picking.TaskAlreadyDone": (5, 409),
    "lamplighter.services.picking.UnknownPickTask": (6, 404),
    "lamplighter.services.waves.NothingToRelease": (9, 409),
    # slotting and putaway
    "lamplighter.services.errors.NoLayoutLoaded": (2, 409),
    "lamplighter.services.putaway.UnknownReceipt": (6, 404),
    "lamplighter.planning.slotting.putaway.NoRoomForPutaway": (4, 409),
    # planning
    "lamplighter.services.plan_reports.NoPlanYet": (6, 404),
    "lamplighter.services.purchasing.UnknownSuggestion": (6, 404),
    "lamplighter.services.purchasing.AlreadyOnOrder": (5, 409),
    "lamplighter.planning.forecast.daily.NotEnoughHistory": (2, 422),
    "lamplighter.services.planning_cycle.NothingToPlan": (9, 409),
    # API keys, idempotency, demo
    "lamplighter.services.api_keys.UnknownApiKey": (6, 404),
    "lamplighter.services.idempotency.IdempotencyKeyReused": (2, 422),
    "lamplighter.services.idempotency.RequestInProgress": (5, 409),
    "lamplighter.services.demo.DemoDatabaseInUse": (2, 409),
    "lamplighter.demo.placement.NoRoomForStock": (4, 409),
    # any other rule of the warehouse
    "lamplighter.domain.errors.DomainError": (1, 400),
}


def _row(error: BaseException) -> tuple[int, int] | None:
    for kind in type(error).__mro__:
        found = _TABLE.get(f"{kind.__module__}.{kind.__qualname__}")
        if found is not None:
            return found
    return None


def exit_code_for(error: BaseException) -> int:
    """Process exit code for a CLI command that failed with ``error`` (1 when unknown)."""
    row = _row(error)
    return 1 if row is None else row[0]


def http_status_for(error: BaseException) -> int:
    """HTTP status for an API request that failed with ``error`` (500 when unknown)."""
    row = _row(error)
    return 500 if row is None else row[1]


def is_mapped(error: BaseException) -> bool:
    """True when ``error`` has a row (an expected failure, not a bug)."""
    return _row(error) is not None
