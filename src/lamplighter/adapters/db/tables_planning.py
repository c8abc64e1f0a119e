"""Tables of the daily planning cycle (``lamplighter plan``): one run per date and what it proposed.

- ``planning_runs``: one row per run date (re-running a date replaces that date's plan), with
  the settings and a summary, so earlier plans can be compared with later ones.
- ``planning_suggestions``: purchase suggestions (sea/air, quantity, cost, reason).
- ``planning_alerts``: stock alerts with the numbers behind them.
- ``planning_advice``: the ad team's action per SKU.
- ``planning_forecasts``: the daily forecast (mean and quantiles) per SKU over the horizon.
"""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, CheckConstraint, Column, Date, ForeignKey, Index, Integer, String, Table

from lamplighter.adapters.db.tables import SKU_CODE, metadata
from lamplighter.adapters.db.types import IdType, UtcDateTime, measure, money

planning_runs = Table(
    "planning_runs",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("run_date", Date, nullable=False, unique=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("fill_target", measure(), nullable=False),
    Column("horizon_days", Integer, nullable=False),
    Column("skus", Integer, nullable=False),
    Column("summary", JSON, nullable=False, default=dict),
)

planning_suggestions = Table(
    "planning_suggestions",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("run_id", IdType, ForeignKey("planning_runs.id", ondelete="CASCADE"), nullable=False),
    Column("sku", SKU_CODE, ForeignKey("skus.code"), nullable=False),
    Column("mode", String(8), nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("arrives_in_days", Integer, nullable=False),
    Column("goods_cost", money(), nullable=False),
    Column("freight_cost", money(), nullable=False),
    Column("reorder_point", measure(), nullable=False),
    Column("order_up_to", measure(), nullable=False),
    Column("stockout_in_days", Integer, nullable=True),  # None: no stock-out within the horizon
    Column("within_budget", Boolean, nullable=False),
    Column("reason", String(512), nullable=False),
    CheckConstraint("mode IN ('sea', 'air')", name="mode"),
    CheckConstraint("quantity > 0", name="positive_quantity"),
    Index(None, "run_id"),
)

planning_alerts = Table(
    "planning_alerts",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("run_id", IdType, ForeignKey("planning_runs.id", ondelete="CASCADE"), nullable=False),
    Column("sku", SKU_CODE, ForeignKey("skus.code"), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("severity", String(16), nullable=False),
    Column("value", measure(), nullable=True),
    Column("threshold", measure(), nullable=True),
    Column("alert_date", Date, nullable=True),
    Column("message", String(512), nullable=False),
    Index(None, "run_id"),
)

planning_advice = Table(
    "planning_advice",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("run_id", IdType, ForeignKey("planning_runs.id", ondelete="CASCADE"), nullable=False),
    Column("sku", SKU_CODE, ForeignKey("skus.code"), nullable=False),
    Column("action", String(16), nullable=False),
    Column("pause_by", Date, nullable=True),
    Column("throttle_to", measure(), nullable=True),
    Column("days_of_cover", measure(), nullable=False),
    Column("stockout_date", Date, nullable=True),
    Column("next_arrival_date", Date, nullable=True),
    Column("bundle_partners", String(255), nullable=False, server_default=""),
    Column("reason", String(512), nullable=False),
    CheckConstraint("action IN ('scale', 'hold', 'throttle', 'pause', 'clearance')", name="known_action"),
    Index(None, "run_id"),
)

# The forecasting engine's daily forecast behind a run (only when the run used the engine): what the
# SKU page draws. One row per SKU and day of the horizon; the key is also the lookup (run, SKU).
planning_forecasts = Table(
    "planning_forecasts",
    metadata,
    Column("run_id", IdType, ForeignKey("planning_runs.id", ondelete="CASCADE"), primary_key=True),
    Column("sku", SKU_CODE, ForeignKey("skus.code"), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("mean", measure(), nullable=False),
    Column("q50", measure(), nullable=True),
    Column("q90", measure(), nullable=True),
    Column("q95", measure(), nullable=True),
    Column("q99", measure(), nullable=True),
)
