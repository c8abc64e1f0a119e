"""Day-by-day replenishment simulation over real demand, vectorised over SKUs.

Each day: arrivals land, the policy looks at the past only (demand strictly before today, stock on
hand, orders on the way) and may order by sea or air; then today's demand is served from stock and
what cannot be served is lost. Lead times are drawn once per (day, SKU, mode) before the run, so
every policy that orders the same SKU on the same day by the same mode waits the same time
(common random numbers: policies differ by their decisions, not by luck). Measured from
``start`` to ``end``; the days from ``warmup`` on let each policy build its own stock from zero.

A hand-written loop because the decision rule is ours and runs inside the loop; the loop is over
days only, every step works on arrays of all SKUs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

import numpy as np
import numpy.typing as npt

from lamplighter.planning.replenishment.lanes import DEFAULT_LANES, Lane, freight_per_unit

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class SimulationSetup:
    """The world a policy plays in. Arrays have one entry per SKU; ``demand`` is ``(n_skus, n_days)``.

    Day indices count columns of ``demand``: days before ``warmup`` are history the policies may
    read on day one; ``start``/``end`` (end exclusive) bound the measured days.
    """

    skus: tuple[str, ...]
    demand: FloatArray
    warmup: int
    start: int
    end: int
    unit_value: FloatArray
    weight_kg: FloatArray
    volume_m3: FloatArray
    lithium_standalone: npt.NDArray[np.bool_]
    lanes: Mapping[str, Lane] = field(default_factory=lambda: dict(DEFAULT_LANES))
    unit_margin: FloatArray | None = None
    """Money a sold unit earns (for the air decision); None: a third of ``unit_value``."""
    first_day: date = date(2000, 1, 3)
    """Calendar date of column 0 of ``demand`` (forecasters need weekdays)."""
    production_mean_days: float = 0.0
    production_sd_days: float = 0.0
    seed: int = 20110301

    def __post_init__(self) -> None:
        n, t = self.demand.shape
        if not 0 <= self.warmup <= self.start < self.end <= t:
            raise ValueError(
                f"need 0 <= warmup <= start < end <= {t} days, got {self.warmup}, {self.start}, {self.end}"
            )
        if len(self.skus) != n:
            raise ValueError("one SKU name per demand row")

    @property
    def margin(self) -> FloatArray:
        return self.unit_value / 3.0 if self.unit_margin is None else self.unit_margin

    def lead_mean(self, mode: str) -> float:
        return self.production_mean_days + self.lanes[mode].transit_mean_days

    def lead_sd(self, mode: str) -> float:
        return float(np.hypot(self.production_sd_days, self.lanes[mode].transit_sd_days))


@dataclass(frozen=True, slots=True)
class PolicyView:
    """What a policy may see on ``day``: nothing from today on.

    ``incoming_*`` describe orders not yet arrived (SKU row, quantity, mode, day they are expected
    by the mean lead time -- the actual draw is not known to the policy).
    """

    day: int
    history: FloatArray
    on_hand: FloatArray
    on_order: FloatArray
    incoming_sku: IntArray
    incoming_qty: FloatArray
    incoming_mode: npt.NDArray[np.str_]
    incoming_expected: IntArray
    lost: FloatArray
    """``(n_skus, day)``: demand the policy could not serve on each past day (0 before the warm-up)."""


class Policy(Protocol):
    """A replenishment rule: quantities to order today per mode (arrays of length n_skus)."""

    name: str

    def orders(self, view: PolicyView, setup: SimulationSetup) -> dict[str, FloatArray]: ...


@dataclass(frozen=True, slots=True)
class SimulationResult:
    """Measured over ``start``..``end``. Stock is counted at the close of each day."""

    policy: str
    fill_rate: float
    demand_units: float
    served_units: float
    lost_units: float
    stockout_sku_days: int
    zero_stock_sku_days: int
    avg_stock_units: float
    avg_stock_value: float
    orders_by_mode: dict[str, int]
    units_by_mode: dict[str, float]
    freight_cost: float
    lost_by_sku: FloatArray = field(repr=False)
    stock_by_sku: FloatArray = field(repr=False)
    """Per SKU: units lost and average closing stock over the measured days."""

    def as_dict(self) -> dict[str, object]:
        """The totals (not the per-SKU arrays), JSON-ready."""
        return {name: getattr(self, name) for name in self.__slots__ if not name.endswith("_by_sku")}


def draw_lead_times(setup: SimulationSetup) -> dict[str, IntArray]:
    """Lead time in whole days (>= 1) for an order placed on (day, SKU) by each mode: normal draws, rounded."""
    n, t = setup.demand.shape
    draws: dict[str, IntArray] = {}
    for offset, mode in enumerate(sorted(setup.lanes)):
        rng = np.random.default_rng([setup.seed, offset])
        raw = setup.lead_mean(mode) + setup.lead_sd(mode) * rng.standard_normal((t, n))
        draws[mode] = np.maximum(np.rint(raw), 1).astype(np.int64)
    return draws


def simulate(
    policy: Policy,
    setup: SimulationSetup,
    lead_times: Mapping[str, IntArray] | None = None,
    on_day: Callable[[int, int], None] | None = None,
) -> SimulationResult:
    """Run ``policy`` from ``setup.warmup`` to ``setup.end`` starting with no stock and nothing on order.

    ``lead_times``: draws from :func:`draw_lead_times` (pass the same to every policy; drawn here
    when None). ``on_day(done, total)`` is called after each day (progress bars).
    """
    draws = dict(lead_times) if lead_times is not None else draw_lead_times(setup)
    n, t = setup.demand.shape
    longest = max(int(d.max()) for d in draws.values()) + 1
    arrivals = np.zeros((n, t + longest))
    on_hand = np.zeros(n)
    open_orders = _OpenOrders()
    freight = {m: freight_per_unit(setup.weight_kg, setup.volume_m3, lane) for m, lane in setup.lanes.items()}
    tally = _Tally(setup)
    lost_log = np.zeros((n, t))
    for day in range(setup.warmup, setup.end):
        on_hand += arrivals[:, day]
        open_orders.drop_arrived(day)
        view = open_orders.view(day, setup.demand[:, :day], on_hand, n, lost_log[:, :day])
        for mode, qty in policy.orders(view, setup).items():
            placed = np.flatnonzero(qty > 0)
            if placed.size == 0:
                continue
            if not setup.lanes[mode].allows_lithium_standalone and setup.lithium_standalone[placed].any():
                raise ValueError(f"policy {policy.name} sent standalone lithium SKUs by {mode}")
            lead = draws[mode][day, placed]
            np.add.at(arrivals, (placed, day + lead), qty[placed])
            open_orders.add(placed, qty[placed], mode, day + lead, day + round(setup.lead_mean(mode)))
            if day >= setup.start:
                tally.ordered(mode, qty[placed], freight[mode][placed])
        wanted = setup.demand[:, day]
        served = np.minimum(on_hand, wanted)
        on_hand -= served
        lost_log[:, day] = wanted - served
        if day >= setup.start:
            tally.day(wanted, served, on_hand)
        if on_day is not None:
            on_day(day - setup.warmup + 1, setup.end - setup.warmup)
    return tally.result(policy.name)


class _OpenOrders:
    """Orders placed and not yet arrived, as parallel arrays (appended per day, pruned on arrival)."""

    def __init__(self) -> None:
        self.sku = np.zeros(0, dtype=np.int64)
        self.qty = np.zeros(0)
        self.mode = np.zeros(0, dtype="<U3")
        self.arrival = np.zeros(0, dtype=np.int64)
        self.expected = np.zeros(0, dtype=np.int64)

    def add(self, sku: IntArray, qty: FloatArray, mode: str, arrival: IntArray, expected: int) -> None:
        self.sku = np.concatenate([self.sku, sku])
        self.qty = np.concatenate([self.qty, qty])
        self.mode = np.concatenate([self.mode, np.full(sku.size, mode, dtype="<U3")])
        self.arrival = np.concatenate([self.arrival, arrival])
        self.expected = np.concatenate([self.expected, np.full(sku.size, expected, dtype=np.int64)])

    def drop_arrived(self, day: int) -> None:
        keep = self.arrival > day
        if not keep.all():
            self.sku, self.qty, self.mode = self.sku[keep], self.qty[keep], self.mode[keep]
            self.arrival, self.expected = self.arrival[keep], self.expected[keep]

    def view(self, day: int, history: FloatArray, on_hand: FloatArray, n: int, lost: FloatArray) -> PolicyView:
        on_order = np.bincount(self.sku, weights=self.qty, minlength=n).astype(np.float64)
        # A late order is expected "tomorrow" once its mean lead time has passed.
        expected = np.maximum(self.expected, day + 1)
        return PolicyView(day, history, on_hand.copy(), on_order, self.sku, self.qty, self.mode, expected, lost)


class _Tally:
    def __init__(self, setup: SimulationSetup) -> None:
        self.setup = setup
        self.wanted = 0.0
        self.served = 0.0
        self.stockout_days = 0
        self.zero_days = 0
        self.stock_units = 0.0
        self.stock_value = 0.0
        self.days = 0
        self.orders = {m: 0 for m in setup.lanes}
        self.units = {m: 0.0 for m in setup.lanes}
        self.freight = 0.0
        n = setup.demand.shape[0]
        self.lost_by_sku = np.zeros(n)
        self.stock_by_sku = np.zeros(n)

    def ordered(self, mode: str, qty: FloatArray, freight_per_unit: FloatArray) -> None:
        self.orders[mode] += int(qty.size)
        self.units[mode] += float(qty.sum())
        self.freight += float((qty * freight_per_unit).sum())

    def day(self, wanted: FloatArray, served: FloatArray, on_hand: FloatArray) -> None:
        self.wanted += float(wanted.sum())
        self.served += float(served.sum())
        self.stockout_days += int((served < wanted - 1e-9).sum())
        self.zero_days += int((on_hand <= 1e-9).sum())
        self.stock_units += float(on_hand.sum())
        self.lost_by_sku += wanted - served
        self.stock_by_sku += on_hand
        self.stock_value += float(on_hand @ self.setup.unit_value)
        self.days += 1

    def result(self, name: str) -> SimulationResult:
        days = max(self.days, 1)
        return SimulationResult(
            policy=name,
            fill_rate=self.served / self.wanted if self.wanted else 1.0,
            demand_units=self.wanted,
            served_units=self.served,
            lost_units=self.wanted - self.served,
            stockout_sku_days=self.stockout_days,
            zero_stock_sku_days=self.zero_days,
            avg_stock_units=self.stock_units / days,
            avg_stock_value=self.stock_value / days,
            orders_by_mode=dict(self.orders),
            units_by_mode=dict(self.units),
            freight_cost=self.freight,
            lost_by_sku=self.lost_by_sku,
            stock_by_sku=self.stock_by_sku / days,
        )
