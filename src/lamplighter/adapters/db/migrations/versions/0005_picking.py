"""picking floor: waves, pick lists, pick tasks, count tasks, shipments

Revision ID: 0005_picking
Revises: 0001_core
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import lamplighter.adapters.db.types

revision: str = "0005_picking"
down_revision: str | Sequence[str] | None = "0001_core"
branch_labels: str | Sequence[str] | None = ("picking",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "count_tasks",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("location", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.String(length=255), nullable=False),
        sa.Column("status", sa.String(length=16), server_default="open", nullable=False),
        sa.Column("created_at", lamplighter.adapters.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_count_tasks")),
    )
    op.create_index(op.f("ix_count_tasks_status"), "count_tasks", ["status"], unique=False)
    op.create_table(
        "waves",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("released_at", lamplighter.adapters.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("released_by", sa.String(length=64), server_default="system", nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("orders", sa.Integer(), nullable=False),
        sa.Column("metres", sa.Numeric(precision=14, scale=4, asdecimal=False), nullable=False),
        sa.Column("policy", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_waves")),
    )
    op.create_table(
        "pick_lists",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("wave_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("trip_no", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), server_default="open", nullable=False),
        sa.Column("picker", sa.String(length=64), nullable=True),
        sa.Column("started_at", lamplighter.adapters.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("finished_at", lamplighter.adapters.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("metres", sa.Numeric(precision=14, scale=4, asdecimal=False), nullable=False),
        sa.Column("refused_scans", sa.Integer(), server_default="0", nullable=False),
        sa.Column("route", sa.JSON(), nullable=False),
        sa.CheckConstraint("status IN ('open', 'picking', 'done')", name=op.f("ck_pick_lists_known_status")),
        sa.ForeignKeyConstraint(
            ["wave_id"], ["waves.id"], name=op.f("fk_pick_lists_wave_id_waves"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pick_lists")),
        sa.UniqueConstraint("wave_id", "trip_no", name=op.f("uq_pick_lists_wave_id_trip_no")),
    )
    op.create_table(
        "shipments",
        sa.Column("order_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("packed_at", lamplighter.adapters.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("packed_by", sa.String(length=64), nullable=True),
        sa.Column("shipped_at", lamplighter.adapters.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("carrier", sa.String(length=64), nullable=True),
        sa.Column("tracking_id", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_shipments_order_id_orders"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("order_id", name=op.f("pk_shipments")),
    )
    op.create_index(op.f("ix_shipments_shipped_at"), "shipments", ["shipped_at"], unique=False)
    op.create_table(
        "pick_tasks",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("pick_list_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("order_line_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("location", sa.String(length=32), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("tote", sa.Integer(), nullable=False),
        sa.Column("leg_m", sa.Numeric(precision=14, scale=4, asdecimal=False), nullable=False),
        sa.Column("picked", sa.Integer(), server_default="0", nullable=False),
        sa.Column("short", sa.Integer(), server_default="0", nullable=False),
        sa.Column("status", sa.String(length=16), server_default="open", nullable=False),
        sa.Column("confirmed_at", lamplighter.adapters.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('open', 'picked', 'short', 'cancelled')", name=op.f("ck_pick_tasks_known_status")
        ),
        sa.CheckConstraint(
            "quantity > 0 AND picked >= 0 AND short >= 0 AND picked + short <= quantity",
            name=op.f("ck_pick_tasks_parts"),
        ),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], name=op.f("fk_pick_tasks_order_id_orders")),
        sa.ForeignKeyConstraint(
            ["order_line_id"], ["order_lines.id"], name=op.f("fk_pick_tasks_order_line_id_order_lines")
        ),
        sa.ForeignKeyConstraint(
            ["pick_list_id"], ["pick_lists.id"], name=op.f("fk_pick_tasks_pick_list_id_pick_lists"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pick_tasks")),
        sa.UniqueConstraint("pick_list_id", "sequence", name=op.f("uq_pick_tasks_pick_list_id_sequence")),
    )
    op.create_index(op.f("ix_pick_tasks_order_id"), "pick_tasks", ["order_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_pick_tasks_order_id"), table_name="pick_tasks")
    op.drop_table("pick_tasks")
    op.drop_index(op.f("ix_shipments_shipped_at"), table_name="shipments")
    op.drop_table("shipments")
    op.drop_table("pick_lists")
    op.drop_table("waves")
    op.drop_index(op.f("ix_count_tasks_status"), table_name="count_tasks")
    op.drop_table("count_tasks")
