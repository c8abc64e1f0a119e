"""Build a :class:`SimulationSetup` from daily demand and pick a policy by name (shared by CLI and benchmark)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from lamplighter.planning.replenishment.lanes import Lane
from lamplighter.planning.replenishment.stock_policy import StockPolicyParams
from lamplighter.planning.simulation.engine import Policy, SimulationSetup
from lamplighter.planning.simulation.names import OUTLOOKS as OUTLOOKS
from lamplighter.planning.simulation.names import POLICIES as POLICIES
from lamplighter.planning.simulation.policies import (
    CoverPolicy,
    LamplighterPolicy,
    RopPolicy,
    TextbookSsPolicy,
    forecast_outlook_fn,
    moment_outlook_fn,
)


@dataclass(frozen=True, slots=True)
class SimulationWindow:
    """Days of the run: stock builds from ``warmup_start``; measured ``start``..``end`` (both included).

    ``top``: keep the ``top`` SKUs by units ordered before ``rank_before`` (default ``start``: what
    a planner could know); None keeps all. ``weight_kg``/``volume_m3``: per unit, for freight, when the file has none.
    ``margin_share``: share of the unit value a sale earns (for the air decision).
    """

    warmup_start: date
    start: date
    end: date
    top: int | None = None
    weight_kg: float = 0.5
    volume_m3: float = 0.002
    margin_share: float = 0.3
    seed: int = 20110301
    rank_before: date | None = None


def setup_from_demand(
    daily: pd.DataFrame,
    unit_value: Mapping[str, float] | pd.Series,
    window: SimulationWindow,
    lanes: Mapping[str, Lane],
    production_mean_days: float = 0.0,
    production_sd_days: float = 0.0,
) -> SimulationSetup:
    """``daily`` is the long frame unique_id, ds, y (from ``planning.demand.daily_demand``) ending on ``window.end``.

    Days before ``warmup_start`` are history the policies may read; SKUs without a value count 0.
    """
    if not window.warmup_start <= window.start <= window.end:
        raise ValueError("need warmup-start <= start <= end")
    wide = daily.pivot_table(index="unique_id", columns="ds", values="y", aggfunc="sum", fill_value=0.0)
    days = pd.date_range(wide.columns.min(), pd.Timestamp(window.end), freq="D")
    wide = wide.reindex(columns=days, fill_value=0.0)
    start_col = days.get_indexer(pd.DatetimeIndex([pd.Timestamp(window.start)]))[0]
    warmup_col = days.get_indexer(pd.DatetimeIndex([pd.Timestamp(window.warmup_start)]))[0]
    if start_col < 0 or warmup_col < 0:
        raise ValueError(f"demand starts on {days[0].date()}: warm-up and start must fall inside it")
    if window.top is not None:
        rank_col = start_col if window.rank_before is None else days.searchsorted(pd.Timestamp(window.rank_before))
        sold_before = wide.iloc[:, :rank_col].sum(axis=1)
        wide = wide.loc[sold_before.nlargest(window.top).index]
    skus = tuple(str(s) for s in wide.index)
    n = len(skus)
    value = pd.Series(unit_value, dtype="float64").reindex(list(skus)).fillna(0.0).to_numpy()
    return SimulationSetup(
        skus=skus,
        demand=wide.to_numpy(dtype=np.float64),
        warmup=int(warmup_col),
        start=int(start_col),
        end=len(days),
        unit_value=value,
        weight_kg=np.full(n, window.weight_kg),
        volume_m3=np.full(n, window.volume_m3),
        lithium_standalone=np.zeros(n, dtype=bool),
        lanes=dict(lanes),
        unit_margin=value * window.margin_share,
        first_day=days[0].date(),
        production_mean_days=production_mean_days,
        production_sd_days=production_sd_days,
        seed=window.seed,
    )


def make_policy(name: str, *, service: float = 0.97, cover_days: float = 30.0, outlook: str = "moment") -> Policy:
    """A policy by its CLI name; ``service`` is our fill-rate target and the ``ss`` cycle service level.

    Ours re-plans daily with the moment outlook and weekly with the forecasting engine (each plan
    then runs the engine's model-selection backtest, seconds per plan).
    """
    if name == "lamplighter":
        if outlook not in OUTLOOKS:
            raise ValueError(f"unknown outlook {outlook!r}; expected one of {', '.join(OUTLOOKS)}")
        if outlook == "forecast":  # a statsforecast backtest per plan: weekly, as a planner would run it
            return LamplighterPolicy(StockPolicyParams(fill_rate=service), forecast_outlook_fn, replan_days=7)
        return LamplighterPolicy(StockPolicyParams(fill_rate=service), moment_outlook_fn)
    if name == "cover":
        return CoverPolicy(cover_days=cover_days)
    if name == "rop":
        return RopPolicy()
    if name == "ss":
        return TextbookSsPolicy(service=service)
    raise ValueError(f"unknown policy {name!r}; expected one of {', '.join(POLICIES)}")
