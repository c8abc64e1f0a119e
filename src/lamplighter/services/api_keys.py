"""API keys: create, list, revoke and check them. Only a hash of each key is ever stored.

A key reads ``ll_<prefix>_<secret>``: the prefix (8 hex digits) finds the row, the whole
key's sha256 is compared in constant time. The secret has 256 bits of entropy, so a
plain (unsalted, fast) hash is enough: there is nothing to guess offline.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import RowMapping, func, insert, select, update

from lamplighter.adapters.db.tables_api import api_keys
from lamplighter.adapters.db.types import utc_now
from lamplighter.domain.errors import DomainError
from lamplighter.services.unit_of_work import UnitOfWork

KEY_PREFIX = "ll_"
#: ``last_used_at`` is written at most this often per key, so reads stay reads.
LAST_USED_RESOLUTION = timedelta(minutes=5)
#: How long a server process trusts a key it has checked before asking the database again;
#: a key revoked by another process (the CLI) is refused at most this long afterwards.
KEY_CACHE_TTL_S = 5.0
#: Revocations made by this process; a :class:`KeyCache` forgets everything when it changes.
_revocations = 0


class Role(StrEnum):
    """What a key may do; the scopes each role grants live with the API (entrypoints.api.roles)."""

    VIEWER = "viewer"
    PICKER = "picker"
    LEAD = "lead"
    PLANNER = "planner"
    ADMIN = "admin"


class UnknownApiKey(DomainError, KeyError):
    code = "unknown-api-key"

    def __init__(self, key_ref: str) -> None:
        super().__init__(f"no API key {key_ref!r} (give its id or prefix, as `lamplighter keys list` shows)")
        self.key_ref = key_ref

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True, slots=True)
class ApiKey:
    """A stored key, without its secret."""

    id: int
    prefix: str
    role: Role
    label: str
    created_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True, slots=True)
class IssuedKey:
    """A key just created: ``secret`` is the only copy of the full key, shown to the user once."""

    key: ApiKey
    secret: str


def hash_key(presented: str) -> str:
    return hashlib.sha256(presented.encode("utf-8")).hexdigest()


def new_key_text() -> tuple[str, str]:
    """A fresh ``(prefix, full key)`` pair from the operating system's random source.

    A prefix of digits only (about 2% of draws) is drawn again, so `keys revoke 12345678`
    can never mean both a prefix and an id.
    """
    prefix = secrets.token_hex(4)
    while prefix.isdigit():
        prefix = secrets.token_hex(4)
    return prefix, f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"


def prefix_of(presented: str) -> str | None:
    """The prefix of a well-formed key, or None (no database work for malformed input)."""
    if not presented.startswith(KEY_PREFIX) or len(presented) > 128:
        return None
    parts = presented[len(KEY_PREFIX) :].split("_", 1)
    if len(parts) != 2 or len(parts[0]) != 8:
        return None
    return parts[0]


def create_key(uow: UnitOfWork, role: Role, label: str = "") -> IssuedKey:
    """Issue a new key of ``role``; the returned secret is not recoverable afterwards."""
    prefix, secret = new_key_text()
    now = utc_now()
    with uow:
        key_id = uow.connection.execute(
            insert(api_keys)
            .values(prefix=prefix, key_hash=hash_key(secret), role=role.value, label=label, created_at=now)
            .returning(api_keys.c.id)
        ).scalar_one()
        uow.commit()
    return IssuedKey(ApiKey(int(key_id), prefix, role, label, now, None, None), secret)


def list_keys(uow: UnitOfWork, *, include_revoked: bool = True) -> list[ApiKey]:
    """Every key, oldest first (revoked ones too unless told otherwise)."""
    query = select(api_keys).order_by(api_keys.c.id)
    if not include_revoked:
        query = query.where(api_keys.c.revoked_at.is_(None))
    with uow.reader() as reader:
        return [_key_from(row) for row in reader.connection.execute(query).mappings()]


def count_active_keys(uow: UnitOfWork) -> int:
    with uow.reader() as reader:
        count = reader.connection.execute(
            select(func.count()).select_from(api_keys).where(api_keys.c.revoked_at.is_(None))
        )
        return int(count.scalar_one())


def revoke_key(uow: UnitOfWork, key_ref: str) -> ApiKey:
    """Revoke a key given by id, prefix or the whole key; revoking twice keeps the first revocation time.

    A reference that could be either an id or a prefix (digits only, as keys made before
    prefixes avoided that could have) names the key whose prefix it is, if there is one.
    """
    prefix = key_ref.removeprefix(KEY_PREFIX)[:8]
    with uow:
        conn = uow.connection
        row = conn.execute(select(api_keys).where(api_keys.c.prefix == prefix)).mappings().first()
        if row is None and key_ref.isdigit():
            row = conn.execute(select(api_keys).where(api_keys.c.id == int(key_ref))).mappings().first()
        if row is None:
            raise UnknownApiKey(key_ref)
        if row["revoked_at"] is None:
            conn.execute(update(api_keys).where(api_keys.c.id == row["id"]).values(revoked_at=utc_now()))
        row = conn.execute(select(api_keys).where(api_keys.c.id == row["id"])).mappings().one()
        uow.commit()
    global _revocations
    _revocations += 1  # caches in this process drop what they trusted at once
    return _key_from(row)


def authenticate(uow: UnitOfWork, presented: str) -> ApiKey | None:
    """The active key matching ``presented``, or None; the comparison takes constant time."""
    prefix = prefix_of(presented)
    if prefix is None:
        return None
    with uow.reader() as reader:
        row = reader.connection.execute(select(api_keys).where(api_keys.c.prefix == prefix)).mappings().first()
    if row is None or not hmac.compare_digest(row["key_hash"], hash_key(presented)):
        return None
    key = _key_from(row)
    if not key.active:
        return None
    now = utc_now()
    if key.last_used_at is None or now - key.last_used_at > LAST_USED_RESOLUTION:
        with uow:
            uow.connection.execute(update(api_keys).where(api_keys.c.id == key.id).values(last_used_at=now))
            uow.commit()
    return key


class KeyCache:
    """Keys this process has authenticated in the last ``ttl_s`` seconds, so a request need not read the database.

    Entries are keyed by the presented key's sha256 (the key itself is never kept) and only
    successful checks are remembered. A revocation in this process empties the cache at
    once; one made elsewhere (the CLI, another server process) takes effect within ``ttl_s``.
    ``ttl_s = 0`` turns the cache off. Safe to share between threads. ``clock`` (seconds,
    monotonic) is there for tests.
    """

    def __init__(
        self, ttl_s: float = KEY_CACHE_TTL_S, max_entries: int = 1024, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.ttl_s = ttl_s
        self.max_entries = max_entries
        self._clock = clock
        self._entries: dict[str, tuple[ApiKey, float]] = {}
        self._revocations = _revocations
        self._lock = threading.Lock()

    def get(self, presented: str) -> ApiKey | None:
        """The cached active key for ``presented``, or None when it must be checked in the database."""
        if self.ttl_s <= 0 or prefix_of(presented) is None:
            return None
        digest = hash_key(presented)
        with self._lock:
            if self._revocations != _revocations:
                self._entries.clear()
                self._revocations = _revocations
                return None
            found = self._entries.get(digest)
        if found is None or found[1] < self._clock():
            return None
        return found[0]

    def authenticate(self, uow: UnitOfWork, presented: str) -> ApiKey | None:
        """:func:`authenticate`, answered from the cache when it can be."""
        key = self.get(presented)
        if key is not None:
            return key
        seen_revocations = _revocations
        key = authenticate(uow, presented)  # None for a malformed key, before any hashing
        if key is not None and self.ttl_s > 0:
            digest = hash_key(presented)
            with self._lock:
                if seen_revocations == _revocations:  # no revocation raced with the check
                    if len(self._entries) >= self.max_entries:
                        self._entries.clear()
                    self._entries[digest] = (key, self._clock() + self.ttl_s)
        return key


def key_by_id(uow: UnitOfWork, key_id: int) -> ApiKey | None:
    """The active key with this id (a dashboard session re-checks its key on every page)."""
    with uow.reader() as reader:
        row = reader.connection.execute(select(api_keys).where(api_keys.c.id == key_id)).mappings().first()
    key = None if row is None else _key_from(row)
    return key if key is not None and key.active else None


def _key_from(r: RowMapping) -> ApiKey:
    return ApiKey(
        id=int(r["id"]),
        prefix=str(r["prefix"]),
        role=Role(r["role"]),
        label=str(r["label"]),
        created_at=r["created_at"],
        revoked_at=r["revoked_at"],
        last_used_at=r["last_used_at"],
    )
