"""Tables of slotting: accepted re-slotting plans and the pick-face move tasks they raise.

A plan is written only when a person accepts it (``lamplighter slot --max-moves N --apply``);
its tasks are open until the move is done through the ledger (``lamplighter move``).
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, String, Table, UniqueConstraint

from lamplighter.adapters.db.tables import LOCATION_CODE, SKU_CODE, metadata
from lamplighter.adapters.db.types import IdType, UtcDateTime, measure

slotting_plans = Table(
    "slotting_plans",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("accepted_at", UtcDateTime, nullable=False),
    Column("accepted_by", String(64), nullable=False, server_default="system"),
    Column("max_moves", Integer, nullable=False),
    Column("orders", Integer, nullable=False),
    Column("metres_before", measure(), nullable=False),
    Column("metres_after", measure(), nullable=False),
)

slotting_tasks = Table(
    "slotting_tasks",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("plan_id", IdType, ForeignKey("slotting_plans.id", ondelete="CASCADE"), nullable=False),
    Column("sequence", Integer, nullable=False),
    Column("sku", SKU_CODE, ForeignKey("skus.code"), nullable=False),
    Column("from_location", LOCATION_CODE, nullable=True),  # None: the SKU had no pick face
    Column("to_location", LOCATION_CODE, nullable=False),
    Column("saving_m", measure(), nullable=False),
    Column("status", String(16), nullable=False, server_default="open"),
    UniqueConstraint("plan_id", "sequence"),
    CheckConstraint("status IN ('open', 'done', 'cancelled')", name="known_status"),
)
Index(None, slotting_tasks.c.status)
