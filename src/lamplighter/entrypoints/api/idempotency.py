"""``Idempotency-Key`` on POSTs that create things: replays get the first response back.

A creating route declares ``IdempotencyDep`` (after its scope dependency) and its router
uses :class:`IdempotentRoute`. The dependency claims the key before the endpoint runs;
the route class stores the endpoint's response (problem responses below 500 included)
or gives the claim up when the request crashed, so that a retry runs it again.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Header, Request, Response
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool

from lamplighter.entrypoints.api.problems import ApiProblem, handle_problem
from lamplighter.entrypoints.api.security import PrincipalDep, uow_of
from lamplighter.services import idempotency
from lamplighter.services.idempotency import Claim, StoredResponse

IDEMPOTENCY_HEADER = "Idempotency-Key"
_CLAIM = "idempotency_claim"
_REPLAYED_HEADER = "Idempotent-Replayed"


class _Replay(Exception):
    def __init__(self, stored: StoredResponse) -> None:
        self.stored = stored


async def idempotency_key(
    request: Request,
    principal: PrincipalDep,
    key: Annotated[
        str | None,
        Header(
            alias=IDEMPOTENCY_HEADER,
            max_length=idempotency.MAX_KEY_LENGTH,
            description="Any unique string (a UUID, say): a retry with the same key and body replays the first response.",
        ),
    ] = None,
) -> str | None:
    """Claim the key for this request, or stop here and replay the first response."""
    if key is None:
        return None
    if not key.strip():
        raise ApiProblem(422, "Idempotency-Key must not be blank", kind="invalid-idempotency-key")
    body = await request.body()
    settings = request.app.state.settings
    outcome = await run_in_threadpool(
        idempotency.begin,
        uow_of(request),
        principal.key_id,
        key,
        request.method,
        request.url.path,
        body,
        wait_s=settings.idempotency_wait_s,
    )
    if isinstance(outcome, StoredResponse):
        raise _Replay(outcome)
    request.state.__setattr__(_CLAIM, outcome)
    return key


IdempotencyDep = Annotated[str | None, Depends(idempotency_key)]


class IdempotentRoute(APIRoute):
    """A route whose responses are stored against the request's Idempotency-Key."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def idempotent_handler(request: Request) -> Response:
            try:
                response = await handler(request)
            except _Replay as replay:
                stored = replay.stored
                headers = {**stored.headers, _REPLAYED_HEADER: "true"}
                return Response(stored.body, stored.status, headers=headers, media_type=stored.content_type)
            except Exception as exc:
                claim = getattr(request.state, _CLAIM, None)
                if claim is None:
                    raise
                response = await handle_problem(request, exc)
                if response.status_code >= 500:
                    await run_in_threadpool(idempotency.abandon, uow_of(request), claim)
                    raise
                await _store(request, claim, response)
                return response
            claim = getattr(request.state, _CLAIM, None)
            if claim is not None:
                await _store(request, claim, response)
            return response

        return idempotent_handler


async def _store(request: Request, claim: Claim, response: Response) -> None:
    kept = {k: v for k, v in response.headers.items() if k.lower() in ("location", "etag")}
    stored = StoredResponse(
        response.status_code, response.headers.get("content-type", "application/json"), bytes(response.body), kept
    )
    await run_in_threadpool(idempotency.complete, uow_of(request), claim, stored)
