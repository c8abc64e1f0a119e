"""The daily planning cycle on the store: demand, forecast, replenishment, alerts, advice -- stored by date.

One transaction: read the sales history, stock on hand and on the way, the catalog and its lanes;
plan (``lamplighter.planning``); write the run for its date (replacing an earlier run of that
date, so the plan of every date can be compared with later ones).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from lamplighter.adapters.db.planning_repository import PlanningRepository
from lamplighter.adapters.db.types import utc_now
from lamplighter.config import business_now
from lamplighter.domain.errors import DomainError
from lamplighter.domain.sku import BatteryKind, Sku
from lamplighter.domain.suppliers import FreightLane
from lamplighter.planning.affinity import co_occurrence_lift
from lamplighter.planning.demand import daily_demand
from lamplighter.planning.replenishment.daily_plan import DailyPlan, PlanInputs, PlanParams, daily_plan
from lamplighter.planning.replenishment.lanes import DEFAULT_LANES, Lane, lane_from_freight
from lamplighter.planning.replenishment.suggestions import OpenOrders, SkuFacts
from lamplighter.services.unit_of_work import UnitOfWork, run_in_transaction

STEPS = ("reading the store", "netting demand", "forecasting", "planning", "writing the plan")


class NothingToPlan(DomainError):
    code = "nothing-to-plan"

    def __init__(self) -> None:
        super().__init__("the catalog has no SKUs to plan: import them first (`lamplighter import skus FILE`)")


@dataclass(frozen=True, slots=True)
class PlanningCycleOptions:
    """``run_date``: the plan's date (today, UTC, when None); history is read strictly before it.

    ``forecast``: run the forecasting engine for the expected rates (and its acceleration reasons);
    reorder points always come from the calibrated moment outlook the simulation measures.
    ``keep_forecasts``: the daily forecasts (SKUs x horizon days, the bulk of a run) of this many
    newest runs are kept; older runs keep their suggestions, alerts and advice.
    """

    run_date: date | None = None
    forecast: bool = True
    keep_forecasts: int = 35
    plan: PlanParams = field(default_factory=PlanParams)


@dataclass(frozen=True, slots=True)
class PlanningCycleResult:
    run_id: int
    run_date: date
    skus: int
    plan: DailyPlan
    summary: dict[str, Any]


def run_planning_cycle(
    uow: UnitOfWork,
    options: PlanningCycleOptions | None = None,
    progress: Callable[[str], None] | None = None,
) -> PlanningCycleResult:
    """Plan every catalog SKU for the run date and store the run; returns it with a summary."""
    opts = options or PlanningCycleOptions()
    run_date = opts.run_date or business_now().date()
    say = progress or (lambda _step: None)

    def work(u: UnitOfWork) -> PlanningCycleResult:
        say(STEPS[0])
        store = PlanningRepository(u.connection)
        catalog = sorted(u.skus.all(), key=lambda s: s.code)
        if not catalog:
            raise NothingToPlan()
        lines = store.order_lines()
        lines = lines[lines["ordered_at"] < pd.Timestamp(run_date)]
        inputs, rates_from, forecast = _inputs(store, catalog, u.suppliers.lanes(), lines, run_date, opts, say)
        say(STEPS[3])
        plan = daily_plan(inputs, opts.plan)
        say(STEPS[4])
        summary = _summary(plan, rates_from, len(catalog))
        run = {
            "fill_target": opts.plan.stock.fill_rate,
            "horizon_days": opts.plan.suggestions.horizon_days,
            "skus": len(catalog),
            "summary": summary,
        }
        run_id = store.save_run(run_date, utc_now(), run, _stored(plan.suggestions), _alerts(plan.alerts), plan.advice)
        if forecast is not None:  # the SKU page draws it; a run without the engine has none to keep
            store.save_forecasts(run_id, forecast)
        store.prune_forecasts(max(1, opts.keep_forecasts))
        return PlanningCycleResult(run_id, run_date, len(catalog), plan, summary)

    return run_in_transaction(uow, work)


def _inputs(
    store: PlanningRepository,
    catalog: list[Sku],
    freight: list[FreightLane],
    lines: pd.DataFrame,
    run_date: date,
    opts: PlanningCycleOptions,
    say: Callable[[str], None],
) -> tuple[PlanInputs, str, pd.DataFrame | None]:
    """The plan's inputs, where its rates came from, and the engine's daily forecast (None without it)."""
    codes = tuple(s.code for s in catalog)
    say(STEPS[1])
    history = _history(lines, codes, run_date)
    say(STEPS[2])
    rate, rates_from, daily = (
        _forecast_rate(history, codes, run_date) if opts.forecast else (None, "outlook level", None)
    )
    lanes, lead_mean, lead_sd = _lanes(catalog, freight)
    stock = store.sellable_stock().reindex(list(codes)).fillna(0.0).clip(lower=0.0).to_numpy()
    inputs = PlanInputs(
        today=run_date,
        facts=_facts(catalog),
        history=history,
        on_hand=stock,
        incoming=_incoming(store.in_transit(), codes, lead_mean, run_date),
        lanes=lanes,
        lead_mean=lead_mean,
        lead_sd=lead_sd,
        oldest_stock_days=_oldest_stock_days(store.receipts(), codes, stock, run_date),
        forecast_rate=rate,
        affinity=co_occurrence_lift(lines) if len(lines) else None,
    )
    return inputs, rates_from, daily


def _history(lines: pd.DataFrame, codes: tuple[str, ...], run_date: date) -> np.ndarray:
    """``(n, days)`` daily demand per catalog SKU up to the day before ``run_date`` (zeros without sales)."""
    if lines.empty:
        return np.zeros((len(codes), 0))
    first = lines["ordered_at"].min().normalize()
    daily = daily_demand(lines, first, pd.Timestamp(run_date))
    wide = daily.pivot_table(index="unique_id", columns="ds", values="y", aggfunc="sum", fill_value=0.0)
    days = pd.date_range(first, pd.Timestamp(run_date), inclusive="left")
    return wide.reindex(index=list(codes), columns=days, fill_value=0.0).to_numpy(dtype=np.float64)


def _forecast_rate(
    history: np.ndarray, codes: tuple[str, ...], run_date: date
) -> tuple[np.ndarray | None, str, pd.DataFrame | None]:
    """Mean units a day over the next 8 weeks from the forecasting engine, or None when history is too short.

    Also returns the engine's daily forecast (``Forecast.daily``) for the run to keep.
    """
    from lamplighter.planning.forecast import NotEnoughHistory, forecast_demand

    n, t = history.shape
    if t == 0:
        return None, "outlook level (no history)", None
    days = pd.date_range(end=pd.Timestamp(run_date) - pd.Timedelta(days=1), periods=t, freq="D")
    frame = pd.DataFrame(
        {"unique_id": np.repeat(np.asarray(codes, dtype=object), t), "ds": np.tile(days, n), "y": history.ravel()}
    )
    try:
        forecast = forecast_demand(frame, 56)
    except NotEnoughHistory as short:
        return None, f"outlook level ({short})", None
    rate = forecast.skus.set_index("unique_id")["rate"].reindex(list(codes)).fillna(0.0).to_numpy(dtype=np.float64)
    return rate, "forecasting engine", forecast.daily


def _lanes(
    catalog: list[Sku], freight: list[FreightLane]
) -> tuple[dict[str, Lane], dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Lead time per SKU and mode from its supplier's lanes (defaults where it has none); costs of the commonest lane."""
    by_key = {(lane.supplier, lane.mode.value): lane for lane in freight}
    lanes: dict[str, Lane] = {}
    lead_mean: dict[str, np.ndarray] = {}
    lead_sd: dict[str, np.ndarray] = {}
    for mode, default in DEFAULT_LANES.items():
        own = [by_key.get((s.supplier or "", mode)) for s in catalog]
        lead_mean[mode] = np.array([o.lead_time_mean_days if o else default.transit_mean_days for o in own])
        lead_sd[mode] = np.array([o.lead_time_sd_days if o else default.transit_sd_days for o in own])
        found = [o for o in own if o is not None]
        lanes[mode] = lane_from_freight(max(found, key=found.count)) if found else default
        if not found and mode == "air" and freight:
            del lanes[mode]  # a seller with lanes but none by air does not fly
            del lead_mean[mode], lead_sd[mode]
    return lanes, lead_mean, lead_sd


def _facts(catalog: list[Sku]) -> SkuFacts:
    return SkuFacts(
        skus=tuple(s.code for s in catalog),
        unit_cost=np.array([s.unit_cost for s in catalog], dtype=np.float64),
        unit_price=np.array([s.unit_price for s in catalog], dtype=np.float64),
        weight_kg=np.array([s.weight_kg for s in catalog], dtype=np.float64),
        volume_m3=np.array([s.volume_l / 1000.0 for s in catalog], dtype=np.float64),
        case_pack=np.array([s.case_pack for s in catalog], dtype=np.float64),
        moq=np.array([s.moq for s in catalog], dtype=np.float64),
        lithium_standalone=np.array([s.battery is BatteryKind.LITHIUM_ION_STANDALONE for s in catalog], dtype=bool),
    )


def _incoming(
    transit: pd.DataFrame, codes: tuple[str, ...], lead_mean: dict[str, np.ndarray], run_date: date
) -> OpenOrders:
    """Open shipments with their expected day: the ``ETA YYYY-MM-DD`` of the reference when given, else a
    lead time of the reference's mode (sea unless it says air) after the move; at the earliest tomorrow."""
    index = {code: i for i, code in enumerate(codes)}
    transit = transit[transit["sku"].isin(list(index))]
    if transit.empty:
        return OpenOrders.none()
    rows = np.asarray(transit["sku"].map(index).to_numpy(), dtype=np.int64)
    reference = transit["reference"].fillna("").astype(str)
    mode = np.where(reference.str.contains(r"\bair\b", case=False) & ("air" in lead_mean), "air", "sea")
    left = pd.to_datetime(transit["since"], utc=True).dt.tz_localize(None)
    waited = (pd.Timestamp(run_date) - left).dt.days.to_numpy()
    lead = np.where(mode == "air", lead_mean.get("air", lead_mean["sea"])[rows], lead_mean["sea"][rows])
    due = np.rint(lead - waited)
    eta = pd.to_datetime(reference.str.extract(r"ETA (\d{4}-\d{2}-\d{2})")[0], errors="coerce")
    given = eta.notna().to_numpy()
    due = np.where(given, (eta - pd.Timestamp(run_date)).dt.days.to_numpy(dtype=np.float64, na_value=0.0), due)
    due_days = np.maximum(due, 1).astype(np.int64)
    return OpenOrders(rows, transit["units"].to_numpy(dtype=np.float64), due_days, mode.astype("<U3"))


def _oldest_stock_days(
    receipts: pd.DataFrame, codes: tuple[str, ...], on_hand: np.ndarray, run_date: date
) -> np.ndarray:
    """Age of the oldest unit on hand, first in first out: the receipt at which newest-first receipts cover the stock."""
    out = np.full(len(codes), np.nan)
    if receipts.empty:
        return out
    frame = receipts.assign(at=pd.to_datetime(receipts["at"], utc=True).dt.tz_localize(None))
    frame = frame.sort_values(["sku", "at"], ascending=[True, False])
    frame["covered"] = frame.groupby("sku")["units"].cumsum()
    stock = pd.Series(on_hand, index=list(codes))
    frame = frame[frame["sku"].isin(stock.index)]
    frame["needed"] = frame["sku"].map(stock)
    enough = frame[(frame["covered"] >= frame["needed"]) & (frame["needed"] > 0)].groupby("sku")["at"].first()
    oldest = frame[frame["needed"] > 0].groupby("sku")["at"].last()  # fewer receipts than stock: the oldest one
    when = enough.combine_first(oldest)
    ages = (pd.Timestamp(run_date) - when).dt.days
    out[:] = ages.reindex(list(codes)).to_numpy(dtype=np.float64)
    return out


def _stored(suggestions: pd.DataFrame) -> pd.DataFrame:
    frame = suggestions.drop(columns=["inventory_position"])
    cover = frame["stockout_in_days"].replace(np.inf, np.nan)
    return frame.assign(stockout_in_days=cover.astype("Int64").astype(object).where(cover.notna(), None))


def _alerts(alerts: pd.DataFrame) -> pd.DataFrame:
    return alerts.rename(columns={"date": "alert_date"})


def _summary(plan: DailyPlan, rates_from: str, skus: int) -> dict[str, Any]:
    s, a, v = plan.suggestions, plan.alerts, plan.advice
    funded = s[s["within_budget"]] if len(s) else s
    return {
        "skus": skus,
        "planned_fill": round(plan.planned_fill, 4),
        "rates_from": rates_from,
        "orders": {mode: int((funded["mode"] == mode).sum()) for mode in ("sea", "air")},
        "units": {mode: int(funded.loc[funded["mode"] == mode, "quantity"].sum()) for mode in ("sea", "air")},
        "spend": round(float((funded["goods_cost"] + funded["freight_cost"]).sum()), 2) if len(funded) else 0.0,
        "deferred_by_budget": int((~s["within_budget"]).sum()) if len(s) else 0,
        "alerts": {str(k): int(c) for k, c in a["kind"].value_counts().items()},
        "advice": {str(k): int(c) for k, c in v["action"].value_counts().items()},
    }


def with_fill_and_budget(options: PlanningCycleOptions, fill_rate: float, budget: float | None) -> PlanningCycleOptions:
    """``options`` with another fill-rate target and budget cap (the CLI's --service and --budget)."""
    plan = options.plan
    return replace(
        options,
        plan=replace(
            plan, stock=replace(plan.stock, fill_rate=fill_rate), suggestions=replace(plan.suggestions, budget=budget)
        ),
    )
