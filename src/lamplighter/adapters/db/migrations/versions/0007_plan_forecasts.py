"""planning: the daily forecast behind each run (mean and quantiles per SKU and day)

Revision ID: 0007_plan_forecasts
Revises: 0003_planning
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_plan_forecasts"
down_revision: str | Sequence[str] | None = "0003_planning"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    measure = sa.Numeric(precision=14, scale=4, asdecimal=False)
    op.create_table(
        "planning_forecasts",
        sa.Column("run_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("mean", measure, nullable=False),
        sa.Column("q50", measure, nullable=True),
        sa.Column("q90", measure, nullable=True),
        sa.Column("q95", measure, nullable=True),
        sa.Column("q99", measure, nullable=True),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["planning_runs.id"],
            name=op.f("fk_planning_forecasts_run_id_planning_runs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["sku"], ["skus.code"], name=op.f("fk_planning_forecasts_sku_skus")),
        sa.PrimaryKeyConstraint("run_id", "sku", "day", name=op.f("pk_planning_forecasts")),
    )


def downgrade() -> None:
    op.drop_table("planning_forecasts")
