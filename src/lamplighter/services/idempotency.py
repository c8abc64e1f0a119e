"""Idempotency keys: a POST repeated with the same key gets the first response back.

``begin`` claims a key in its own short transaction (a unique row per API key and
idempotency key), so of two concurrent duplicates exactly one proceeds; the other waits
for the first to finish and replays its response, or gets :class:`RequestInProgress`.
A reuse of the key with another request (method, path or body) is refused.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import RowMapping, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from lamplighter.adapters.db.tables_api import idempotency_records
from lamplighter.adapters.db.types import utc_now
from lamplighter.domain.errors import DomainError
from lamplighter.services.unit_of_work import UnitOfWork

#: A pending claim older than this is taken to be from a crashed request and may be taken over.
PENDING_LEASE = timedelta(seconds=60)
MAX_KEY_LENGTH = 255


class IdempotencyKeyReused(DomainError):
    code = "idempotency-key-reused"

    def __init__(self, idempotency_key: str, first_method: str, first_path: str) -> None:
        super().__init__(
            f"Idempotency-Key {idempotency_key!r} was first used for another request "
            f"({first_method} {first_path} with a different body); use a new key"
        )
        self.idempotency_key = idempotency_key
        self.first_method = first_method
        self.first_path = first_path


class RequestInProgress(DomainError):
    code = "request-in-progress"

    def __init__(self, idempotency_key: str, waited_s: float) -> None:
        super().__init__(
            f"a request with Idempotency-Key {idempotency_key!r} is still running after {waited_s:.1f} s; retry later"
        )
        self.idempotency_key = idempotency_key
        self.waited_s = waited_s


@dataclass(frozen=True, slots=True)
class StoredResponse:
    status: int
    content_type: str
    body: bytes
    headers: dict[str, str]


@dataclass(frozen=True, slots=True)
class Claim:
    """This request owns the key: run it, then ``complete`` or ``abandon`` the claim."""

    record_id: int


def request_fingerprint(method: str, path: str, body: bytes) -> str:
    digest = hashlib.sha256()
    for part in (method.upper().encode(), path.encode(), body):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def begin(
    uow: UnitOfWork, api_key_id: int, idempotency_key: str, method: str, path: str, body: bytes, *, wait_s: float = 5.0
) -> Claim | StoredResponse:
    """Claim ``idempotency_key`` for this request, or return the first request's response.

    Raises IdempotencyKeyReused when the key came with another request, RequestInProgress
    when a duplicate is still running after ``wait_s`` seconds.
    """
    fingerprint = request_fingerprint(method, path, body)
    deadline = time.monotonic() + wait_s
    while True:
        claim = _try_claim(uow, api_key_id, idempotency_key, method, path, fingerprint)
        if claim is not None:
            return claim
        row = _record(uow, api_key_id, idempotency_key)
        if row is None:
            continue  # the other claim was abandoned meanwhile: try again
        if row["request_hash"] != fingerprint:
            raise IdempotencyKeyReused(idempotency_key, row["method"], row["path"])
        if row["state"] == "done":
            return StoredResponse(
                int(row["response_status"]),
                str(row["response_content_type"]),
                bytes(row["response_body"]),
                json.loads(row["response_headers"] or "{}"),
            )
        if utc_now() - row["created_at"] > PENDING_LEASE:
            _delete(uow, int(row["id"]))
            continue
        if time.monotonic() >= deadline:
            raise RequestInProgress(idempotency_key, wait_s)
        time.sleep(0.05)


def complete(uow: UnitOfWork, claim: Claim, response: StoredResponse) -> None:
    """Store the response that later replays of the key get."""
    with uow:
        uow.connection.execute(
            update(idempotency_records)
            .where(idempotency_records.c.id == claim.record_id)
            .values(
                state="done",
                response_status=response.status,
                response_content_type=response.content_type,
                response_body=response.body,
                response_headers=json.dumps(response.headers),
                completed_at=utc_now(),
            )
        )
        uow.commit()


def abandon(uow: UnitOfWork, claim: Claim) -> None:
    """Give the key up (the request crashed), so that a retry runs the request again."""
    _delete(uow, claim.record_id)


def _try_claim(
    uow: UnitOfWork, api_key_id: int, idempotency_key: str, method: str, path: str, fingerprint: str
) -> Claim | None:
    try:
        with uow:
            record_id = uow.connection.execute(
                insert(idempotency_records)
                .values(
                    api_key_id=api_key_id,
                    idempotency_key=idempotency_key,
                    method=method.upper(),
                    path=path,
                    request_hash=fingerprint,
                    state="pending",
                    created_at=utc_now(),
                )
                .returning(idempotency_records.c.id)
            ).scalar_one()
            uow.commit()
    except IntegrityError:
        return None
    return Claim(int(record_id))


def _record(uow: UnitOfWork, api_key_id: int, idempotency_key: str) -> RowMapping | None:
    query = select(idempotency_records).where(
        idempotency_records.c.api_key_id == api_key_id, idempotency_records.c.idempotency_key == idempotency_key
    )
    with uow.reader() as reader:
        return reader.connection.execute(query).mappings().first()


def _delete(uow: UnitOfWork, record_id: int) -> None:
    with uow:
        uow.connection.execute(delete(idempotency_records).where(idempotency_records.c.id == record_id))
        uow.commit()
