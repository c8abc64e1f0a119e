"""slotting: accepted re-slotting plans and their pick-face move tasks

Revision ID: 0004_slotting
Revises: 0001_core
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import lamplighter.adapters.db.types

revision: str = "0004_slotting"
down_revision: str | Sequence[str] | None = "0001_core"
branch_labels: str | Sequence[str] | None = ("slotting",)
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_MEASURE = sa.Numeric(precision=14, scale=4, asdecimal=False)


def upgrade() -> None:
    op.create_table(
        "slotting_plans",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("accepted_at", lamplighter.adapters.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("accepted_by", sa.String(length=64), server_default="system", nullable=False),
        sa.Column("max_moves", sa.Integer(), nullable=False),
        sa.Column("orders", sa.Integer(), nullable=False),
        sa.Column("metres_before", _MEASURE, nullable=False),
        sa.Column("metres_after", _MEASURE, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slotting_plans")),
    )
    op.create_table(
        "slotting_tasks",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("plan_id", _ID, nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("from_location", sa.String(length=32), nullable=True),
        sa.Column("to_location", sa.String(length=32), nullable=False),
        sa.Column("saving_m", _MEASURE, nullable=False),
        sa.Column("status", sa.String(length=16), server_default="open", nullable=False),
        sa.CheckConstraint("status IN ('open', 'done', 'cancelled')", name=op.f("ck_slotting_tasks_known_status")),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["slotting_plans.id"],
            name=op.f("fk_slotting_tasks_plan_id_slotting_plans"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["sku"], ["skus.code"], name=op.f("fk_slotting_tasks_sku_skus")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slotting_tasks")),
        sa.UniqueConstraint("plan_id", "sequence", name=op.f("uq_slotting_tasks_plan_id_sequence")),
    )
    op.create_index(op.f("ix_slotting_tasks_status"), "slotting_tasks", ["status"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_slotting_tasks_status"), table_name="slotting_tasks")
    op.drop_table("slotting_tasks")
    op.drop_table("slotting_plans")
