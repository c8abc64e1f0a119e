"""Tables of the importers: which files were imported, sales history, and daily ad figures.

- ``import_batches``: one row per imported file (kind + SHA-256 of its bytes), so the
  same file imported again changes nothing and says when it was first imported.
- ``sales_lines``: the canonical order lines (what planning learns demand from): every
  ordered line, and ``cancel`` lines that net out cancelled ones; primary key the natural
  key ``(channel, order_id, kind, line_no)``.
- ``ad_daily``: ad figures per day and SKU (after the ad/campaign -> SKU mapping).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
)

from lamplighter.adapters.db.tables import SKU_CODE, metadata
from lamplighter.adapters.db.types import IdType, UtcDateTime, measure, money

import_batches = Table(
    "import_batches",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("kind", String(16), nullable=False),
    Column("file_name", String(512), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("format", String(32), nullable=False, server_default=""),
    Column("rows", Integer, nullable=False, server_default="0"),
    Column("summary", JSON, nullable=False, default=dict),
    Column("imported_at", UtcDateTime, nullable=False),
    UniqueConstraint("kind", "sha256"),
)

sales_lines = Table(
    "sales_lines",
    metadata,
    Column("channel", String(32), primary_key=True),
    Column("order_id", String(64), primary_key=True),
    Column("kind", String(8), primary_key=True),
    Column("line_no", Integer, primary_key=True, autoincrement=False),
    # The batch that wrote the line, without a foreign key: on PostgreSQL each key is checked
    # by a trigger per row, which doubled the cost of a history import; batches are never deleted.
    Column("batch_id", IdType, nullable=False),
    Column("sku", SKU_CODE, ForeignKey("skus.code"), nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("ordered_at", UtcDateTime, nullable=False),
    Column("unit_price", money(), nullable=False, server_default="0"),
    Column("customer", String(64), nullable=True),
    CheckConstraint("kind IN ('order', 'cancel')", name="kind"),
    CheckConstraint("quantity > 0", name="positive_quantity"),
    # Keyed by the natural key alone (on SQLite one b-tree, no rowid) and no index on sku:
    # planning reads the whole history at once, and a second index doubles an import's cost.
    sqlite_with_rowid=False,
)

ad_daily = Table(
    "ad_daily",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("batch_id", IdType, ForeignKey("import_batches.id"), nullable=False),
    Column("day", Date, nullable=False),
    Column("sku", SKU_CODE, ForeignKey("skus.code"), nullable=False),
    Column("campaign", String(255), nullable=False),
    Column("ad_group", String(255), nullable=False, server_default=""),
    Column("ad", String(255), nullable=False, server_default=""),
    Column("currency", String(8), nullable=False, server_default=""),
    Column("spend", money(), nullable=False, server_default="0"),
    Column("impressions", Integer, nullable=False, server_default="0"),
    Column("clicks", Integer, nullable=False, server_default="0"),
    Column("conversions", measure(), nullable=False, server_default="0"),
    # TikTok writes impressions below 5 as "<5": stored as 0 and flagged.
    Column("impressions_censored", Boolean, nullable=False, server_default="0"),
    UniqueConstraint("day", "campaign", "ad_group", "ad", "sku"),
    CheckConstraint("spend >= 0 AND impressions >= 0 AND clicks >= 0 AND conversions >= 0", name="not_negative"),
    Index(None, "sku", "day"),
)
