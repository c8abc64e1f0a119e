"""Exit codes and HTTP statuses of the API's own errors, added to the one table once."""

from __future__ import annotations

from lamplighter.domain.errors import DomainError
from lamplighter.entrypoints.errors import http_status_for, register
from lamplighter.services.api_keys import UnknownApiKey
from lamplighter.services.errors import DuplicateOrder, MoveNotReversible, StockNotSellable, UnknownOrder
from lamplighter.services.idempotency import IdempotencyKeyReused, RequestInProgress
from lamplighter.services.plan_reports import NoPlanYet
from lamplighter.services.putaway import UnknownReceipt
from lamplighter.services.slotting import NoLayoutLoaded

_registered = False


def register_api_errors() -> None:
    """Map key and idempotency errors (CLI exit code, HTTP status); safe to call twice."""
    global _registered
    if _registered:
        return
    register(UnknownApiKey, 6, 404)
    # The store's own errors, unless their owner has mapped them already.
    if http_status_for(UnknownOrder("x:y")) == http_status_for(DomainError()):
        register(UnknownOrder, 6, 404)
        register(DuplicateOrder, 5, 409)
        register(StockNotSellable, 4, 409)
        register(MoveNotReversible, 5, 409)
    register(IdempotencyKeyReused, 2, 422)
    register(RequestInProgress, 5, 409)
    register(NoPlanYet, 6, 404)
    # Slotting's errors, until their owner maps them (each only when still unmapped).
    for kind, exit_code, status, sample in (
        (UnknownReceipt, 6, 404, UnknownReceipt("x")),
        (NoLayoutLoaded, 2, 409, NoLayoutLoaded()),
    ):
        if http_status_for(sample) == http_status_for(DomainError()):
            register(kind, exit_code, status)
    _registered = True
