"""Replenishment rules played in the simulation: the sellers' rules, textbook rules and ours.

Every rule reads only ``PolicyView`` (the past) and orders by sea unless it says otherwise.
Constants are the rules' published or customary values, chosen before any run, not tuned here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt

from lamplighter.planning.replenishment.calibration import PastPlan, backtest_fill_target
from lamplighter.planning.replenishment.lanes import freight_per_unit, may_use
from lamplighter.planning.replenishment.outlook import DemandOutlook, empirical_outlook, moment_outlook
from lamplighter.planning.replenishment.projection import arrivals_matrix, project_stock
from lamplighter.planning.replenishment.safety_stock import lead_time_demand_sd, z_for
from lamplighter.planning.replenishment.stock_policy import (
    StockPolicy,
    StockPolicyParams,
    plan_stock_policy,
)
from lamplighter.planning.replenishment.suggestions import air_gap
from lamplighter.planning.simulation.engine import PolicyView, SimulationSetup

FloatArray = npt.NDArray[np.float64]
OutlookFn = Callable[[FloatArray, SimulationSetup, str], DemandOutlook]


def _recent_mean(history: FloatArray, days: int) -> FloatArray:
    window = history[:, -days:]
    if window.shape[1] == 0:
        return np.zeros(history.shape[0])
    return np.asarray(window.mean(axis=1), dtype=np.float64)


def _units(qty: FloatArray) -> FloatArray:
    return np.ceil(np.maximum(qty, 0.0) - 1e-9)


@dataclass(slots=True)
class CoverPolicy:
    """Sellers' rule: when stock + on order < ``cover_days`` of average daily sales, order ``order_days`` of sales.

    Average daily sales over the last ``average_days`` (30: the window seller dashboards show).
    """

    cover_days: float = 30.0
    order_days: float = 60.0
    average_days: int = 30
    name: str = "cover"

    def orders(self, view: PolicyView, setup: SimulationSetup) -> dict[str, FloatArray]:
        rate = _recent_mean(view.history, self.average_days)
        low = view.on_hand + view.on_order < self.cover_days * rate
        return {"sea": np.where(low, _units(self.order_days * rate), 0.0)}


@dataclass(slots=True)
class RopPolicy:
    """Published DTC-fulfilment rule: reorder point = daily sales x (lead time + 3 days processing + 14 days buffer).

    When stock + on order falls to the reorder point, order ``order_days`` of sales (as the cover rule).
    """

    order_days: float = 60.0
    average_days: int = 30
    processing_days: float = 3.0
    buffer_days: float = 14.0
    name: str = "rop"

    def orders(self, view: PolicyView, setup: SimulationSetup) -> dict[str, FloatArray]:
        rate = _recent_mean(view.history, self.average_days)
        point = rate * (setup.lead_mean("sea") + self.processing_days + self.buffer_days)
        low = view.on_hand + view.on_order <= point
        return {"sea": np.where(low & (rate > 0), _units(self.order_days * rate), 0.0)}


@dataclass(slots=True)
class TextbookSsPolicy:
    """Textbook (s, S): ``s = d P + z sqrt(P sd_d^2 + d^2 sd_L^2)`` with P = lead time + 1-day review, ``S = s + order_days d``.

    One ``z`` (from the cycle service level ``service``) for every SKU; mean and sd of daily demand
    over the last ``average_days``.
    """

    service: float = 0.97
    order_days: float = 60.0
    average_days: int = 91
    name: str = "ss"

    def orders(self, view: PolicyView, setup: SimulationSetup) -> dict[str, FloatArray]:
        window = view.history[:, -self.average_days :]
        if window.shape[1] < 2:
            return {"sea": np.zeros(view.on_hand.shape)}
        d, sd = window.mean(axis=1), window.std(axis=1, ddof=1)
        period = setup.lead_mean("sea") + 1.0
        s = d * period + z_for(self.service) * lead_time_demand_sd(d, sd, period, setup.lead_sd("sea"))
        position = view.on_hand + view.on_order
        up_to = s + self.order_days * d
        return {"sea": np.where((position <= s) & (d > 0), _units(up_to - position), 0.0)}


def empirical_outlook_fn(history: FloatArray, setup: SimulationSetup, mode: str) -> DemandOutlook:
    """Protection-period demand bootstrapped from the past (shape and level of the last half year)."""
    n = history.shape[0]
    lead_mean, lead_sd = np.full(n, setup.lead_mean(mode)), np.full(n, setup.lead_sd(mode))
    return empirical_outlook(setup.skus, history, lead_mean, lead_sd, seed=history.shape[1])


def moment_outlook_fn(history: FloatArray, setup: SimulationSetup, mode: str) -> DemandOutlook:
    """The formula's moments (recent level, half-year dispersion) as a gamma: the default stand-in."""
    n = history.shape[0]
    lead_mean, lead_sd = np.full(n, setup.lead_mean(mode)), np.full(n, setup.lead_sd(mode))
    return moment_outlook(setup.skus, history, lead_mean, lead_sd)


def forecast_outlook_fn(history: FloatArray, setup: SimulationSetup, mode: str) -> DemandOutlook:
    """The forecasting engine's calibrated lead-time quantiles (``lamplighter.planning.forecast``)."""
    import pandas as pd

    from lamplighter.planning.forecast import NotEnoughHistory, forecast_demand
    from lamplighter.planning.replenishment.forecast_outlook import outlook_from_forecast

    n, t = history.shape
    days = pd.date_range(pd.Timestamp(setup.first_day), periods=t, freq="D")
    frame = pd.DataFrame(
        {"unique_id": np.repeat(np.asarray(setup.skus, dtype=object), t), "ds": np.tile(days, n), "y": history.ravel()}
    )
    horizon = round(setup.lead_mean(mode) + 3 * setup.lead_sd(mode)) + 2
    try:
        forecast = forecast_demand(frame, horizon)
    except NotEnoughHistory:
        return moment_outlook_fn(history, setup, mode)
    outlook = outlook_from_forecast(forecast, np.full(n, setup.lead_mean(mode)), np.full(n, setup.lead_sd(mode)))
    order = pd.Index(outlook.skus).get_indexer(pd.Index(setup.skus))
    samples = _samples_of(outlook)[order]
    return DemandOutlook(
        setup.skus, outlook.mean_daily[order], outlook.sd_daily[order], outlook.protection_days[order], samples
    )


@dataclass(slots=True)
class LamplighterPolicy:
    """Ours: per-SKU (s, Q) from :func:`plan_stock_policy` at a fill-rate target, re-planned every ``replan_days``.

    Orders up to ``s + Q`` by sea when the inventory position is at or below ``s``; with an air
    lane, also flies the units a projected stock-out before the next sea arrival would lose when
    their margin beats the extra freight (:func:`air_gap`, as the suggestions do). Before each
    plan it backtests the outlook on the last ``backtest_origins`` weekly origins whose protection
    period has fully passed (plans made then at the target, demand that came after) and plans for
    a shortfall scaled by how much the outlook under-stated it there (:func:`shortfall_ratio`).
    """

    params: StockPolicyParams = field(default_factory=StockPolicyParams)
    outlook_fn: OutlookFn = moment_outlook_fn
    replan_days: int = 1
    backtest_origins: int = 8
    name: str = "lamplighter"
    planned_fill: list[tuple[int, float]] = field(default_factory=list)
    air_horizon_days: int = 60
    _plan: StockPolicy | None = None
    _rate: FloatArray | None = None
    _planned_on: int = -(10**9)
    _past: dict[int, PastPlan] = field(default_factory=dict)

    def orders(self, view: PolicyView, setup: SimulationSetup) -> dict[str, FloatArray]:
        if self._plan is None or view.day - self._planned_on >= self.replan_days:
            fill = self._calibrated_fill(view.history, setup)
            outlook = self.outlook_fn(view.history, setup, "sea")
            self._plan = plan_stock_policy(outlook, replace(self.params, fill_rate=fill), unit_value=setup.unit_value)
            self._rate = outlook.mean_daily
            self._planned_on = view.day
            self.planned_fill.append((view.day, fill))
        plan = self._plan
        position = view.on_hand + view.on_order
        due = (position <= plan.reorder_point) & (plan.order_qty > 0)
        orders = {"sea": np.where(due, _units(plan.order_up_to - position), 0.0)}
        if "air" in setup.lanes and self._rate is not None:
            orders["air"] = self._air_for_gap(view, setup, orders["sea"], self._rate)
        return orders

    def _air_for_gap(self, view: PolicyView, setup: SimulationSetup, sea: FloatArray, rate: FloatArray) -> FloatArray:
        """Fly what the projection (open orders at their expected days, today's sea order) would lose."""
        n, horizon = len(setup.skus), self.air_horizon_days
        sea_day = round(setup.lead_mean("sea"))
        arrivals = arrivals_matrix(n, horizon, view.incoming_sku, view.incoming_qty, view.incoming_expected - view.day)
        arrivals += arrivals_matrix(n, horizon, np.arange(n), sea, np.full(n, sea_day))
        projection = project_stock(view.on_hand, arrivals, rate)
        freight = {m: freight_per_unit(setup.weight_kg, setup.volume_m3, setup.lanes[m]) for m in ("sea", "air")}
        gap = air_gap(
            projection,
            np.full(n, setup.lead_mean("air")),
            np.full(n, float(sea_day)),
            may_use(setup.lanes["air"], setup.lithium_standalone),
            setup.margin,
            freight["air"],
            freight["sea"],
        )
        return gap.qty

    def _calibrated_fill(self, history: FloatArray, setup: SimulationSetup) -> float:
        if self.backtest_origins <= 0:
            return self.params.fill_rate
        return backtest_fill_target(
            history,
            lambda origin: self.outlook_fn(history[:, :origin], setup, "sea"),
            round(setup.lead_mean("sea") + 1.0),
            self.params,
            origins=self.backtest_origins,
            unit_value=setup.unit_value,
            cache=self._past,
        )


def _samples_of(outlook: DemandOutlook) -> FloatArray:
    if outlook.lead_time_demand is None:
        raise ValueError("the outlook has no protection-period samples")
    return outlook.lead_time_demand
