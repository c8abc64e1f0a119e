"""Tables of the picking floor: waves, pick lists (one picker trip each), pick tasks,
count tasks raised by short picks, and shipments (packing and carrier hand-over).

A pick task is one line of a pick list in walking order: where, what, how many, which
tote. Picked stock moves in the ledger (pick face -> packing station -> CUSTOMER); the
tote is written on the pick move's reference.
"""

from __future__ import annotations

from sqlalchemy import JSON, CheckConstraint, Column, ForeignKey, Index, Integer, String, Table, UniqueConstraint

from lamplighter.adapters.db.tables import LOCATION_CODE, SKU_CODE, metadata
from lamplighter.adapters.db.types import IdType, UtcDateTime, measure

waves = Table(
    "waves",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("released_at", UtcDateTime, nullable=False),
    Column("released_by", String(64), nullable=False, server_default="system"),
    Column("method", String(16), nullable=False),
    Column("orders", Integer, nullable=False),
    Column("metres", measure(), nullable=False),
    Column("policy", JSON, nullable=False, default=dict),
)

pick_lists = Table(
    "pick_lists",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("wave_id", IdType, ForeignKey("waves.id", ondelete="CASCADE"), nullable=False),
    Column("trip_no", Integer, nullable=False),
    Column("status", String(16), nullable=False, server_default="open"),
    Column("picker", String(64), nullable=True),
    Column("started_at", UtcDateTime, nullable=True),
    Column("finished_at", UtcDateTime, nullable=True),
    Column("metres", measure(), nullable=False),
    Column("refused_scans", Integer, nullable=False, server_default="0"),
    Column("route", JSON, nullable=False, default=list),
    UniqueConstraint("wave_id", "trip_no"),
    CheckConstraint("status IN ('open', 'picking', 'done')", name="known_status"),
)

pick_tasks = Table(
    "pick_tasks",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("pick_list_id", IdType, ForeignKey("pick_lists.id", ondelete="CASCADE"), nullable=False),
    Column("sequence", Integer, nullable=False),
    Column("order_id", IdType, ForeignKey("orders.id"), nullable=False),
    Column("order_line_id", IdType, ForeignKey("order_lines.id"), nullable=False),
    Column("sku", SKU_CODE, nullable=False),
    Column("location", LOCATION_CODE, nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("tote", Integer, nullable=False),
    Column("leg_m", measure(), nullable=False),
    Column("picked", Integer, nullable=False, server_default="0"),
    Column("short", Integer, nullable=False, server_default="0"),
    Column("status", String(16), nullable=False, server_default="open"),
    Column("confirmed_at", UtcDateTime, nullable=True),
    UniqueConstraint("pick_list_id", "sequence"),
    CheckConstraint("quantity > 0 AND picked >= 0 AND short >= 0 AND picked + short <= quantity", name="parts"),
    CheckConstraint("status IN ('open', 'picked', 'short', 'cancelled')", name="known_status"),
    Index(None, "order_id"),
)

count_tasks = Table(
    "count_tasks",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("sku", SKU_CODE, nullable=False),
    Column("location", LOCATION_CODE, nullable=False),
    Column("reason", String(255), nullable=False),
    Column("status", String(16), nullable=False, server_default="open"),
    Column("created_at", UtcDateTime, nullable=False),
    Index(None, "status"),
)

shipments = Table(
    "shipments",
    metadata,
    Column("order_id", IdType, ForeignKey("orders.id", ondelete="CASCADE"), primary_key=True),
    Column("packed_at", UtcDateTime, nullable=True),
    Column("packed_by", String(64), nullable=True),
    Column("shipped_at", UtcDateTime, nullable=True),
    Column("carrier", String(64), nullable=True),
    Column("tracking_id", String(64), nullable=True),
    Index(None, "shipped_at"),
)
