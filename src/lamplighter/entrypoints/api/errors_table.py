"""Exit codes and HTTP statuses of the API's own errors, added to the one table once."""

from __future__ import annotations

from lamplighter.entrypoints.errors import register
from lamplighter.services.api_keys import UnknownApiKey
from lamplighter.services.idempotency import IdempotencyKeyReused, RequestInProgress

_registered = False


def register_api_errors() -> None:
    """Map key and idempotency errors (CLI exit code, HTTP status); safe to call twice."""
    global _registered
    if _registered:
        return
    register(UnknownApiKey, 6, 404)
    register(IdempotencyKeyReused, 2, 422)
    register(RequestInProgress, 5, 409)
    _registered = True
