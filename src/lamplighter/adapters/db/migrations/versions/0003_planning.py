"""planning: daily plan runs, suggestions, alerts and ad advice

Revision ID: 0003_planning
Revises: 0001_core
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import lamplighter.adapters.db.types

revision: str = "0003_planning"
down_revision: str | Sequence[str] | None = "0001_core"
branch_labels: str | Sequence[str] | None = ("planning",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "planning_runs",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("run_date", sa.Date(), nullable=False),
        sa.Column("created_at", lamplighter.adapters.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("fill_target", sa.Numeric(precision=14, scale=4, asdecimal=False), nullable=False),
        sa.Column("horizon_days", sa.Integer(), nullable=False),
        sa.Column("skus", sa.Integer(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_planning_runs")),
        sa.UniqueConstraint("run_date", name=op.f("uq_planning_runs_run_date")),
    )
    op.create_table(
        "planning_advice",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("run_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("pause_by", sa.Date(), nullable=True),
        sa.Column("throttle_to", sa.Numeric(precision=14, scale=4, asdecimal=False), nullable=True),
        sa.Column("days_of_cover", sa.Numeric(precision=14, scale=4, asdecimal=False), nullable=False),
        sa.Column("stockout_date", sa.Date(), nullable=True),
        sa.Column("next_arrival_date", sa.Date(), nullable=True),
        sa.Column("bundle_partners", sa.String(length=255), server_default="", nullable=False),
        sa.Column("reason", sa.String(length=512), nullable=False),
        sa.CheckConstraint(
            "action IN ('scale', 'hold', 'throttle', 'pause', 'clearance')",
            name=op.f("ck_planning_advice_known_action"),
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["planning_runs.id"], name=op.f("fk_planning_advice_run_id_planning_runs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["sku"], ["skus.code"], name=op.f("fk_planning_advice_sku_skus")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_planning_advice")),
    )
    op.create_index(op.f("ix_planning_advice_run_id"), "planning_advice", ["run_id"], unique=False)

    op.create_table(
        "planning_alerts",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("run_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("severity", sa.String(length=16), nullable=False),
        sa.Column("value", sa.Numeric(precision=14, scale=4, asdecimal=False), nullable=True),
        sa.Column("threshold", sa.Numeric(precision=14, scale=4, asdecimal=False), nullable=True),
        sa.Column("alert_date", sa.Date(), nullable=True),
        sa.Column("message", sa.String(length=512), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["planning_runs.id"], name=op.f("fk_planning_alerts_run_id_planning_runs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["sku"], ["skus.code"], name=op.f("fk_planning_alerts_sku_skus")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_planning_alerts")),
    )
    op.create_index(op.f("ix_planning_alerts_run_id"), "planning_alerts", ["run_id"], unique=False)

    op.create_table(
        "planning_suggestions",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("run_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("mode", sa.String(length=8), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("arrives_in_days", sa.Integer(), nullable=False),
        sa.Column("goods_cost", sa.Numeric(precision=14, scale=4, asdecimal=False), nullable=False),
        sa.Column("freight_cost", sa.Numeric(precision=14, scale=4, asdecimal=False), nullable=False),
        sa.Column("reorder_point", sa.Numeric(precision=14, scale=4, asdecimal=False), nullable=False),
        sa.Column("order_up_to", sa.Numeric(precision=14, scale=4, asdecimal=False), nullable=False),
        sa.Column("stockout_in_days", sa.Integer(), nullable=True),
        sa.Column("within_budget", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.String(length=512), nullable=False),
        sa.CheckConstraint("mode IN ('sea', 'air')", name=op.f("ck_planning_suggestions_mode")),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_planning_suggestions_positive_quantity")),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["planning_runs.id"],
            name=op.f("fk_planning_suggestions_run_id_planning_runs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["sku"], ["skus.code"], name=op.f("fk_planning_suggestions_sku_skus")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_planning_suggestions")),
    )
    op.create_index(op.f("ix_planning_suggestions_run_id"), "planning_suggestions", ["run_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_planning_suggestions_run_id"), table_name="planning_suggestions")

    op.drop_table("planning_suggestions")
    op.drop_index(op.f("ix_planning_alerts_run_id"), table_name="planning_alerts")

    op.drop_table("planning_alerts")
    op.drop_index(op.f("ix_planning_advice_run_id"), table_name="planning_advice")

    op.drop_table("planning_advice")
    op.drop_table("planning_runs")
