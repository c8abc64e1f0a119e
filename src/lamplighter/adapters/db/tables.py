"""Core tables of the store (catalog, layout, stock ledger, orders) on the shared ``metadata``.

Other areas define their tables on this same ``metadata`` in ``tables_<area>.py`` modules;
``lamplighter.adapters.db.load_all_tables()`` imports them all (see the package docstring).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
)

from lamplighter.adapters.db.types import IdType, UtcDateTime, measure, money

# Stable constraint names so Alembic migrations can refer to them on every backend.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

SKU_CODE = String(64)
LOCATION_CODE = String(32)

# -- catalog ------------------------------------------------------------------------------
suppliers = Table(
    "suppliers",
    metadata,
    Column("code", String(64), primary_key=True),
    Column("name", String(255), nullable=False, server_default=""),
    Column("country", String(64), nullable=True),
    Column("extra", JSON, nullable=False, default=dict),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

freight_lanes = Table(
    "freight_lanes",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("supplier", String(64), ForeignKey("suppliers.code", ondelete="CASCADE"), nullable=False),
    Column("mode", String(8), nullable=False),
    Column("transit_mean_days", measure(), nullable=False),
    Column("transit_sd_days", measure(), nullable=False, server_default="0"),
    Column("production_mean_days", measure(), nullable=False, server_default="0"),
    Column("production_sd_days", measure(), nullable=False, server_default="0"),
    Column("cost_per_kg", money(), nullable=False, server_default="0"),
    Column("cost_per_m3", money(), nullable=False, server_default="0"),
    Column("forbids_standalone_lithium", Boolean, nullable=False, server_default="0"),
    UniqueConstraint("supplier", "mode"),
    CheckConstraint("mode IN ('sea', 'air')", name="mode"),
    CheckConstraint(
        "transit_mean_days >= 0 AND transit_sd_days >= 0 AND production_mean_days >= 0 AND production_sd_days >= 0",
        name="days_not_negative",
    ),
    CheckConstraint("cost_per_kg >= 0 AND cost_per_m3 >= 0", name="cost_not_negative"),
)

skus = Table(
    "skus",
    metadata,
    Column("code", SKU_CODE, primary_key=True),
    Column("name", String(255), nullable=False, server_default=""),
    Column("category", String(64), nullable=False, server_default="other"),
    Column("length_cm", measure(), nullable=False),
    Column("width_cm", measure(), nullable=False),
    Column("height_cm", measure(), nullable=False),
    Column("weight_kg", measure(), nullable=False),
    Column("fragile", Boolean, nullable=False, server_default="0"),
    Column("battery", String(32), nullable=False, server_default="none"),
    Column("battery_wh", measure(), nullable=True),
    Column("seasonal_tags", JSON, nullable=False, default=list),
    Column("unit_cost", money(), nullable=False, server_default="0"),
    Column("unit_price", money(), nullable=False, server_default="0"),
    # A plain code, not a foreign key: SKUs often arrive before their supplier does.
    Column("supplier", String(64), nullable=True),
    Column("case_pack", Integer, nullable=False, server_default="1"),
    Column("moq", Integer, nullable=False, server_default="1"),
    Column("bulky", Boolean, nullable=False, server_default="0"),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    CheckConstraint("length_cm > 0 AND width_cm > 0 AND height_cm > 0 AND weight_kg > 0", name="positive_size"),
    CheckConstraint("case_pack >= 1 AND moq >= 1", name="packs"),
    Index(None, "category"),
)

# -- layout -------------------------------------------------------------------------------
layouts = Table(
    "layouts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("name", String(255), nullable=False),
    Column("document", JSON, nullable=False),
    Column("loaded_at", UtcDateTime, nullable=False),
)

zones = Table(
    "zones",
    metadata,
    Column("code", String(8), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("name", String(255), nullable=False),
    Column("first_aisle", Integer, nullable=False),
    Column("aisles", Integer, nullable=False),
    Column("levels", Integer, nullable=False),
    Column("bays", Integer, nullable=False),
    Column("location_volume_l", measure(), nullable=False),
    Column("location_weight_kg", measure(), nullable=False),
    Column("categories", JSON, nullable=False, default=list),
    Column("accepts", JSON, nullable=False, default=list),
    Column("segregated", Boolean, nullable=False, server_default="0"),
)

locations = Table(
    "locations",
    metadata,
    Column("code", LOCATION_CODE, primary_key=True),
    Column("zone", String(8), ForeignKey("zones.code"), nullable=False),
    Column("row", Integer, nullable=False),
    Column("level", Integer, nullable=False),
    Column("bay", Integer, nullable=False),
    Column("aisle", Integer, nullable=True),
    Column("x", measure(), nullable=False),
    Column("y", measure(), nullable=False),
    Column("volume_l", measure(), nullable=False),
    Column("weight_kg", measure(), nullable=False),
    # Walking metres from the packing station, kept so allocation can rank without the layout.
    Column("depot_distance_m", measure(), nullable=False),
    Index(None, "zone"),
)

# -- stock ledger -------------------------------------------------------------------------
stock_moves = Table(
    "stock_moves",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("sku", SKU_CODE, ForeignKey("skus.code"), nullable=False),
    # Source and destination are physical location codes or virtual ones (SUPPLIER, ...);
    # the balance rows they touch carry the foreign keys to locations.
    Column("source", LOCATION_CODE, nullable=False),
    Column("destination", LOCATION_CODE, nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("reserved", Integer, nullable=False, server_default="0"),
    Column("reason", String(32), nullable=False),
    Column("reference", String(255), nullable=False, server_default=""),
    Column("actor", String(64), nullable=False, server_default="system"),
    Column("at", UtcDateTime, nullable=False),
    Column("reverses", IdType, ForeignKey("stock_moves.id"), nullable=True, unique=True),
    CheckConstraint("quantity > 0", name="positive_quantity"),
    CheckConstraint("reserved >= 0 AND reserved <= quantity", name="reserved_part"),
    CheckConstraint("source <> destination", name="two_ends"),
    Index(None, "sku", "at"),
    Index(None, "reference"),
)

stock_balances = Table(
    "stock_balances",
    metadata,
    Column("sku", SKU_CODE, ForeignKey("skus.code"), primary_key=True),
    Column("location", LOCATION_CODE, ForeignKey("locations.code"), primary_key=True),
    Column("on_hand", Integer, nullable=False, server_default="0"),
    Column("reserved", Integer, nullable=False, server_default="0"),
    # The last line of defence: services raise InsufficientStock with the facts before this.
    CheckConstraint("reserved >= 0 AND reserved <= on_hand", name="reserved_within_on_hand"),
    Index(None, "location"),
)

# -- orders -------------------------------------------------------------------------------
orders = Table(
    "orders",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("channel", String(32), nullable=False),
    Column("external_id", String(64), nullable=False),
    Column("status", String(16), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("paid_at", UtcDateTime, nullable=True),
    Column("ship_by", UtcDateTime, nullable=True),
    Column("priority", Integer, nullable=False, server_default="0"),
    Column("extra", JSON, nullable=False, default=dict),
    Column("updated_at", UtcDateTime, nullable=False),
    UniqueConstraint("channel", "external_id"),
    CheckConstraint(
        "status IN ('open', 'allocated', 'picking', 'packed', 'shipped', 'cancelled')", name="known_status"
    ),
    Index(None, "status", "paid_at"),
)

order_lines = Table(
    "order_lines",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("order_id", IdType, ForeignKey("orders.id", ondelete="CASCADE"), nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("sku", SKU_CODE, ForeignKey("skus.code"), nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("unit_price", money(), nullable=False, server_default="0"),
    Column("picked_qty", Integer, nullable=False, server_default="0"),
    Column("cancelled_qty", Integer, nullable=False, server_default="0"),
    Column("returned_qty", Integer, nullable=False, server_default="0"),
    UniqueConstraint("order_id", "line_no"),
    CheckConstraint("quantity > 0", name="positive_quantity"),
    CheckConstraint(
        "picked_qty >= 0 AND cancelled_qty >= 0 AND returned_qty >= 0 AND picked_qty + cancelled_qty <= quantity",
        name="parts_within_quantity",
    ),
    Index(None, "sku"),
)

reservations = Table(
    "reservations",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("order_line_id", IdType, ForeignKey("order_lines.id", ondelete="CASCADE"), nullable=False),
    Column("sku", SKU_CODE, nullable=False),
    Column("location", LOCATION_CODE, nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    ForeignKeyConstraint(["sku", "location"], ["stock_balances.sku", "stock_balances.location"]),
    UniqueConstraint("order_line_id", "location"),
    CheckConstraint("quantity > 0", name="positive_quantity"),
    Index(None, "sku", "location"),
)
