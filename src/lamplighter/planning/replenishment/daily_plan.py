"""The daily plan for a whole catalog: reorder points, purchase suggestions, alerts and ad advice.

Pure: the service loads arrays from the store, calls :func:`daily_plan` once, stores the frames.
Steps (all SKUs at once): protection-period demand from the moment outlook (recent level, half-year
dispersion, lead-time spread), the fill target corrected on a rolling-origin backtest of the same
outlook, per-SKU (s, Q) (:mod:`.stock_policy`), sea/air suggestions with the budget cap
(:mod:`.suggestions`), the stock projected without new orders, then alerts and advice on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np
import numpy.typing as npt
import pandas as pd

from lamplighter.planning.advice import AdviceParams, ad_advice
from lamplighter.planning.alerts import OVERSTOCK, SLOW_MOVER, AlertParams, StockPosition, stock_alerts
from lamplighter.planning.replenishment.calibration import backtest_fill_target
from lamplighter.planning.replenishment.lanes import Lane, may_use
from lamplighter.planning.replenishment.outlook import moment_outlook
from lamplighter.planning.replenishment.projection import arrivals_matrix, next_arrival, project_stock
from lamplighter.planning.replenishment.stock_policy import StockPolicy, StockPolicyParams, plan_stock_policy
from lamplighter.planning.replenishment.suggestions import OpenOrders, SkuFacts, SuggestionParams, suggest_orders

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class PlanParams:
    """Everything the daily plan may be told; defaults are the ones the simulation measures."""

    stock: StockPolicyParams = field(default_factory=StockPolicyParams)
    suggestions: SuggestionParams = field(default_factory=SuggestionParams)
    alerts: AlertParams = field(default_factory=AlertParams)
    advice: AdviceParams = field(default_factory=AdviceParams)
    backtest_origins: int = 8
    sales_window_days: int = 91


@dataclass(frozen=True, slots=True)
class PlanInputs:
    """Per-SKU arrays in ``facts.skus`` order. ``history`` ``(n, days)`` ends yesterday.

    ``lead_mean``/``lead_sd``: days per mode (production + transit) per SKU; ``lanes`` must hold
    ``sea``. ``forecast_rate``: units a day expected (the forecasting engine's), None to use the
    outlook's level. ``oldest_stock_days``: NaN when unknown.
    """

    today: date
    facts: SkuFacts
    history: FloatArray
    on_hand: FloatArray
    incoming: OpenOrders
    lanes: dict[str, Lane]
    lead_mean: dict[str, FloatArray]
    lead_sd: dict[str, FloatArray]
    oldest_stock_days: FloatArray
    forecast_rate: FloatArray | None = None
    affinity: pd.DataFrame | None = None


@dataclass(frozen=True, slots=True)
class DailyPlan:
    policy: StockPolicy
    planned_fill: float
    suggestions: pd.DataFrame
    alerts: pd.DataFrame
    advice: pd.DataFrame


def daily_plan(inputs: PlanInputs, params: PlanParams | None = None) -> DailyPlan:
    """Plan every SKU of ``inputs`` for ``inputs.today`` (see the module docstring)."""
    p = params or PlanParams()
    f = inputs.facts
    n = len(f.skus)
    sea_mean, sea_sd = inputs.lead_mean["sea"], inputs.lead_sd["sea"]

    period = round(float(np.median(sea_mean)) + 1.0) if n else 1
    fill = backtest_fill_target(
        inputs.history,
        lambda day: moment_outlook(f.skus, inputs.history[:, :day], sea_mean, sea_sd),
        period,
        p.stock,
        origins=p.backtest_origins,
        unit_value=f.unit_cost,
    )
    outlook = moment_outlook(f.skus, inputs.history, sea_mean, sea_sd)
    policy = plan_stock_policy(
        outlook,
        replace(p.stock, fill_rate=fill),
        unit_value=f.unit_cost,
        case_pack=f.case_pack,
        moq=f.moq,
    )
    rate = outlook.mean_daily if inputs.forecast_rate is None else inputs.forecast_rate
    suggestions = suggest_orders(
        f, policy, rate, inputs.on_hand, inputs.incoming, inputs.lanes, inputs.lead_mean, p.suggestions
    )
    horizon = p.suggestions.horizon_days
    arrivals = arrivals_matrix(n, horizon, inputs.incoming.sku, inputs.incoming.qty, inputs.incoming.due_in_days)
    projection = project_stock(inputs.on_hand, arrivals, rate)
    earliest = _earliest_landing(inputs, n)
    sales = inputs.history[:, -p.sales_window_days :].mean(axis=1) if inputs.history.shape[1] else np.zeros(n)
    position = StockPosition(
        skus=f.skus,
        on_hand=inputs.on_hand,
        on_order=inputs.incoming.on_order(n),
        unit_cost=f.unit_cost,
        sales_rate=sales,
        forecast_rate=rate,
        safety_stock=np.maximum(policy.reorder_point - outlook.mean_daily * outlook.protection_days, 0.0),
        order_up_to=policy.order_up_to,
        oldest_stock_days=inputs.oldest_stock_days,
    )
    alerts = stock_alerts(position, projection, earliest, inputs.today, p.alerts)
    flagged = set(alerts.loc[alerts["kind"].isin([SLOW_MOVER, OVERSTOCK]), "sku"])
    clearance = np.array([sku in flagged for sku in f.skus], dtype=bool)
    advice = ad_advice(f.skus, rate, projection, earliest, clearance, inputs.today, inputs.affinity, p.advice)
    return DailyPlan(policy, fill, suggestions, alerts, advice)


def _earliest_landing(inputs: PlanInputs, n: int) -> npt.NDArray[np.int64]:
    """Days until stock can land: the first open order, or a new order by the fastest lane the SKU may use."""
    fastest = np.rint(inputs.lead_mean["sea"]).astype(np.int64)
    if "air" in inputs.lanes:
        flies = may_use(inputs.lanes["air"], inputs.facts.lithium_standalone)
        fastest = np.where(flies, np.minimum(fastest, np.rint(inputs.lead_mean["air"]).astype(np.int64)), fastest)
    return np.minimum(next_arrival(n, inputs.incoming.sku, inputs.incoming.due_in_days), fastest)
