"""core tables: catalog, layout, stock ledger, orders

Revision ID: 0001_core
Revises: (none: the core every area branches from)
Create Date: 2026-11-27 13:07:04.960909
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import lamplighter.adapters.db.types

revision: str = "0001_core"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "layouts",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("loaded_at", lamplighter.adapters.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_layouts")),
    )
    op.create_table(
        "orders",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("external_id", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", lamplighter.adapters.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("paid_at", lamplighter.adapters.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("ship_by", lamplighter.adapters.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("priority", sa.Integer(), server_default="0", nullable=False),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.Column("updated_at", lamplighter.adapters.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('open', 'allocated', 'picking', 'packed', 'shipped', 'cancelled')",
            name=op.f("ck_orders_known_status"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_orders")),
        sa.UniqueConstraint("channel", "external_id", name=op.f("uq_orders_channel_external_id")),
    )
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_orders_status_paid_at"), ["status", "paid_at"], unique=False)

    op.create_table(
        "skus",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=255), server_default="", nullable=False),
        sa.Column("category", sa.String(length=64), server_default="other", nullable=False),
        sa.Column("length_cm", sa.Numeric(precision=14, scale=4, asdecimal=False), nullable=False),
        sa.Column("width_cm", sa.Numeric(precision=14, scale=4, asdecimal=False), nullable=False),
        sa.Column("height_cm", sa.Numeric(precision=14, scale=4, asdecimal=False), nullable=False),
        sa.Column("weight_kg", sa.Numeric(precision=14, scale=4, asdecimal=False), nullable=False),
        sa.Column("fragile", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("battery", sa.String(length=32), server_default="none", nullable=False),
        sa.Column("battery_wh", sa.Numeric(precision=14, scale=4, asdecimal=False), nullable=True),
        sa.Column("seasonal_tags", sa.JSON(), nullable=False),
        sa.Column("unit_cost", sa.Numeric(precision=14, scale=4, asdecimal=False), server_default="0", nullable=False),
        sa.Column("unit_price", sa.Numeric(precision=14, scale=4, asdecimal=False), server_default="0", nullable=False),
        sa.Column("supplier", sa.String(length=64), nullable=True),
        sa.Column("case_pack", sa.Integer(), server_default="1", nullable=False),
        sa.Column("moq", sa.Integer(), server_default="1", nullable=False),
        sa.Column("bulky", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("created_at", lamplighter.adapters.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", lamplighter.adapters.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("case_pack >= 1 AND moq >= 1", name=op.f("ck_skus_packs")),
        sa.CheckConstraint(
            "length_cm > 0 AND width_cm > 0 AND height_cm > 0 AND weight_kg > 0", name=op.f("ck_skus_positive_size")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_skus")),
    )
    with op.batch_alter_table("skus", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_skus_category"), ["category"], unique=False)

    op.create_table(
        "suppliers",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=255), server_default="", nullable=False),
        sa.Column("country", sa.String(length=64), nullable=True),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.Column("created_at", lamplighter.adapters.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", lamplighter.adapters.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_suppliers")),
    )
    op.create_table(
        "zones",
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("first_aisle", sa.Integer(), nullable=False),
        sa.Column("aisles", sa.Integer(), nullable=False),
        sa.Column("levels", sa.Integer(), nullable=False),
        sa.Column("bays", sa.Integer(), nullable=False),
        sa.Column("location_volume_l", sa.Numeric(precision=14, scale=4, asdecimal=False), nullable=False),
        sa.Column("location_weight_kg", sa.Numeric(precision=14, scale=4, asdecimal=False), nullable=False),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("accepts", sa.JSON(), nullable=False),
        sa.Column("segregated", sa.Boolean(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_zones")),
    )
    op.create_table(
        "freight_lanes",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("supplier", sa.String(length=64), nullable=False),
        sa.Column("mode", sa.String(length=8), nullable=False),
        sa.Column("transit_mean_days", sa.Numeric(precision=14, scale=4, asdecimal=False), nullable=False),
        sa.Column(
            "transit_sd_days", sa.Numeric(precision=14, scale=4, asdecimal=False), server_default="0", nullable=False
        ),
        sa.Column(
            "production_mean_days",
            sa.Numeric(precision=14, scale=4, asdecimal=False),
            server_default="0",
            nullable=False,
        ),
        sa.Column(
            "production_sd_days", sa.Numeric(precision=14, scale=4, asdecimal=False), server_default="0", nullable=False
        ),
        sa.Column(
            "cost_per_kg", sa.Numeric(precision=14, scale=4, asdecimal=False), server_default="0", nullable=False
        ),
        sa.Column(
            "cost_per_m3", sa.Numeric(precision=14, scale=4, asdecimal=False), server_default="0", nullable=False
        ),
        sa.Column("forbids_standalone_lithium", sa.Boolean(), server_default="0", nullable=False),
        sa.CheckConstraint("mode IN ('sea', 'air')", name=op.f("ck_freight_lanes_mode")),
        sa.CheckConstraint("cost_per_kg >= 0 AND cost_per_m3 >= 0", name=op.f("ck_freight_lanes_cost_not_negative")),
        sa.CheckConstraint(
            "transit_mean_days >= 0 AND transit_sd_days >= 0 AND production_mean_days >= 0 AND production_sd_days >= 0",
            name=op.f("ck_freight_lanes_days_not_negative"),
        ),
        sa.ForeignKeyConstraint(
            ["supplier"], ["suppliers.code"], name=op.f("fk_freight_lanes_supplier_suppliers"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_freight_lanes")),
        sa.UniqueConstraint("supplier", "mode", name=op.f("uq_freight_lanes_supplier_mode")),
    )
    op.create_table(
        "locations",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("zone", sa.String(length=8), nullable=False),
        sa.Column("row", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("bay", sa.Integer(), nullable=False),
        sa.Column("aisle", sa.Integer(), nullable=True),
        sa.Column("x", sa.Numeric(precision=14, scale=4, asdecimal=False), nullable=False),
        sa.Column("y", sa.Numeric(precision=14, scale=4, asdecimal=False), nullable=False),
        sa.Column("volume_l", sa.Numeric(precision=14, scale=4, asdecimal=False), nullable=False),
        sa.Column("weight_kg", sa.Numeric(precision=14, scale=4, asdecimal=False), nullable=False),
        sa.Column("depot_distance_m", sa.Numeric(precision=14, scale=4, asdecimal=False), nullable=False),
        sa.ForeignKeyConstraint(["zone"], ["zones.code"], name=op.f("fk_locations_zone_zones")),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_locations")),
    )
    with op.batch_alter_table("locations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_locations_zone"), ["zone"], unique=False)

    op.create_table(
        "order_lines",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("order_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_price", sa.Numeric(precision=14, scale=4, asdecimal=False), server_default="0", nullable=False),
        sa.Column("picked_qty", sa.Integer(), server_default="0", nullable=False),
        sa.Column("cancelled_qty", sa.Integer(), server_default="0", nullable=False),
        sa.Column("returned_qty", sa.Integer(), server_default="0", nullable=False),
        sa.CheckConstraint(
            "picked_qty >= 0 AND cancelled_qty >= 0 AND returned_qty >= 0 AND picked_qty + cancelled_qty <= quantity",
            name=op.f("ck_order_lines_parts_within_quantity"),
        ),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_order_lines_positive_quantity")),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_order_lines_order_id_orders"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["sku"], ["skus.code"], name=op.f("fk_order_lines_sku_skus")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_lines")),
        sa.UniqueConstraint("order_id", "line_no", name=op.f("uq_order_lines_order_id_line_no")),
    )
    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_order_lines_sku"), ["sku"], unique=False)

    op.create_table(
        "stock_moves",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("destination", sa.String(length=32), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("reserved", sa.Integer(), server_default="0", nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("reference", sa.String(length=255), server_default="", nullable=False),
        sa.Column("actor", sa.String(length=64), server_default="system", nullable=False),
        sa.Column("at", lamplighter.adapters.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("reverses", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_stock_moves_positive_quantity")),
        sa.CheckConstraint("reserved >= 0 AND reserved <= quantity", name=op.f("ck_stock_moves_reserved_part")),
        sa.CheckConstraint("source <> destination", name=op.f("ck_stock_moves_two_ends")),
        sa.ForeignKeyConstraint(["reverses"], ["stock_moves.id"], name=op.f("fk_stock_moves_reverses_stock_moves")),
        sa.ForeignKeyConstraint(["sku"], ["skus.code"], name=op.f("fk_stock_moves_sku_skus")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_moves")),
        sa.UniqueConstraint("reverses", name=op.f("uq_stock_moves_reverses")),
    )
    with op.batch_alter_table("stock_moves", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stock_moves_reference"), ["reference"], unique=False)
        batch_op.create_index(batch_op.f("ix_stock_moves_sku_at"), ["sku", "at"], unique=False)

    op.create_table(
        "stock_balances",
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("location", sa.String(length=32), nullable=False),
        sa.Column("on_hand", sa.Integer(), server_default="0", nullable=False),
        sa.Column("reserved", sa.Integer(), server_default="0", nullable=False),
        sa.CheckConstraint(
            "reserved >= 0 AND reserved <= on_hand", name=op.f("ck_stock_balances_reserved_within_on_hand")
        ),
        sa.ForeignKeyConstraint(["location"], ["locations.code"], name=op.f("fk_stock_balances_location_locations")),
        sa.ForeignKeyConstraint(["sku"], ["skus.code"], name=op.f("fk_stock_balances_sku_skus")),
        sa.PrimaryKeyConstraint("sku", "location", name=op.f("pk_stock_balances")),
    )
    with op.batch_alter_table("stock_balances", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stock_balances_location"), ["location"], unique=False)

    op.create_table(
        "reservations",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("order_line_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("location", sa.String(length=32), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("created_at", lamplighter.adapters.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_reservations_positive_quantity")),
        sa.ForeignKeyConstraint(
            ["order_line_id"],
            ["order_lines.id"],
            name=op.f("fk_reservations_order_line_id_order_lines"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sku", "location"],
            ["stock_balances.sku", "stock_balances.location"],
            name=op.f("fk_reservations_sku_location_stock_balances"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reservations")),
        sa.UniqueConstraint("order_line_id", "location", name=op.f("uq_reservations_order_line_id_location")),
    )
    with op.batch_alter_table("reservations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reservations_sku_location"), ["sku", "location"], unique=False)

    _refuse_edits_of_moves()


_REFUSAL = "stock moves are append-only: correct with a reversing move"


def _refuse_edits_of_moves() -> None:
    """The ledger's entries are never edited: the database refuses UPDATE on stock_moves."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION lamplighter_refuse_move_edit() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{_REFUSAL}'; END $$"
        )
        op.execute(
            "CREATE TRIGGER stock_moves_append_only BEFORE UPDATE ON stock_moves "
            "FOR EACH ROW EXECUTE FUNCTION lamplighter_refuse_move_edit()"
        )
    else:
        op.execute(
            "CREATE TRIGGER stock_moves_append_only BEFORE UPDATE ON stock_moves "
            f"BEGIN SELECT RAISE(ABORT, '{_REFUSAL}'); END"
        )


def downgrade() -> None:
    op.execute(
        "DROP TRIGGER IF EXISTS stock_moves_append_only"
        + (" ON stock_moves" if op.get_bind().dialect.name == "postgresql" else "")
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS lamplighter_refuse_move_edit()")
    with op.batch_alter_table("reservations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reservations_sku_location"))

    op.drop_table("reservations")
    with op.batch_alter_table("stock_balances", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stock_balances_location"))

    op.drop_table("stock_balances")
    with op.batch_alter_table("stock_moves", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stock_moves_sku_at"))
        batch_op.drop_index(batch_op.f("ix_stock_moves_reference"))

    op.drop_table("stock_moves")
    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_order_lines_sku"))

    op.drop_table("order_lines")
    with op.batch_alter_table("locations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_locations_zone"))

    op.drop_table("locations")
    op.drop_table("freight_lanes")
    op.drop_table("zones")
    op.drop_table("suppliers")
    with op.batch_alter_table("skus", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_skus_category"))

    op.drop_table("skus")
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_orders_status_paid_at"))

    op.drop_table("orders")
    op.drop_table("layouts")
