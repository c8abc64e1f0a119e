"""Tables of the API: hashed API keys and idempotency records, on the store's shared ``metadata``."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, ForeignKey, Integer, LargeBinary, String, Table, Text, UniqueConstraint

from lamplighter.adapters.db.tables import metadata
from lamplighter.adapters.db.types import IdType, UtcDateTime

api_keys = Table(
    "api_keys",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    # The public part of a key ("ll_<prefix>_..."), used to find the row; never secret.
    Column("prefix", String(16), nullable=False, unique=True),
    # sha256 of the whole key; the key itself is shown once at creation and never stored.
    Column("key_hash", String(64), nullable=False),
    Column("role", String(16), nullable=False),
    Column("label", String(255), nullable=False, server_default=""),
    Column("created_at", UtcDateTime, nullable=False),
    Column("revoked_at", UtcDateTime, nullable=True),
    Column("last_used_at", UtcDateTime, nullable=True),
    CheckConstraint("role IN ('viewer', 'picker', 'lead', 'planner', 'admin')", name="role"),
)

idempotency_records = Table(
    "idempotency_records",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("api_key_id", IdType, ForeignKey("api_keys.id", ondelete="CASCADE"), nullable=False),
    Column("idempotency_key", String(255), nullable=False),
    Column("method", String(8), nullable=False),
    Column("path", String(512), nullable=False),
    # sha256 of method, path and body: a reused key with another request is refused.
    Column("request_hash", String(64), nullable=False),
    Column("state", String(12), nullable=False),
    Column("response_status", Integer, nullable=True),
    Column("response_content_type", String(128), nullable=True),
    Column("response_body", LargeBinary, nullable=True),
    Column("response_headers", Text, nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("completed_at", UtcDateTime, nullable=True),
    UniqueConstraint("api_key_id", "idempotency_key"),
    CheckConstraint("state IN ('pending', 'done')", name="state"),
)
