"""Slotting policies: where each SKU's pick face goes, from pick history and the hard rules.

- ``random``: every SKU to a random slot its rules allow;
- ``abc``: three classes by pick frequency (20/30/50% of SKUs), class A in the slots nearest
  the packing station, random within a class;
- ``coi``: each SKU, most picked first (lowest cube-per-order index), to the nearest free slot;
- ``lamplighter``: velocity placement whose shape (diagonal bands or whole aisles) is chosen
  by the expected route length of recent baskets, then local search on that route length
  that pulls co-ordered SKUs into shared aisles (see ``local_search``).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pandas as pd

from lamplighter.domain.layout import Layout
from lamplighter.domain.sku import Sku
from lamplighter.planning.slotting.baskets import Baskets
from lamplighter.planning.slotting.eligibility import allowed_matrix, face_caps, face_units
from lamplighter.planning.slotting.local_search import SearchOptions, improve_placement
from lamplighter.planning.slotting.objective import RouteObjective
from lamplighter.planning.slotting.pick_stats import abc_classes, pick_statistics
from lamplighter.planning.slotting.slots import SlotTable
from lamplighter.planning.slotting.velocity import greedy_assignment, location_cost, velocity_assignment
from lamplighter.planning.slotting.velocity_shape import choose_velocity_shape, recency_weights

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

from lamplighter.planning.slotting.policy_names import POLICIES as POLICIES  # noqa: E402
from lamplighter.planning.slotting.policy_names import SlottingPolicy as SlottingPolicy  # noqa: E402


@dataclass(frozen=True, slots=True)
class SlottingOptions:
    """``history_days``: the last days of history whose baskets stand for future orders;
    ``new_product_days``: in those baskets a SKU within this many days of its first sale is
    fetched from reserve (as products that arrive after slotting will be);
    ``face_cover_days``: days of demand a pick face holds (capacity is checked for it);
    ``ignore_rules``: rule names left out (to measure their cost); ``search_seconds``: local
    search budget (wall clock), ``search_rounds`` its rounds; ``aisle_weights`` and ``half_lives_days``: velocity shapes tried, chosen by a
    walk-forward test on the last ``validation_days`` of history (see ``velocity_shape``)."""

    policy: SlottingPolicy = "lamplighter"
    seed: int = 0
    history_days: int = 30
    new_product_days: int = 30
    face_cover_days: float = 7.0
    ignore_rules: frozenset[str] = frozenset()
    search_seconds: float = 20.0
    search_rounds: int | None = None  # a fixed number of rounds makes a run repeatable on any machine
    min_baskets: int = 15
    aisle_weights: tuple[float, ...] = (1.0, 2.0, 4.0, 8.0, 16.0, 32.0)
    half_lives_days: tuple[float | None, ...] = (None, 120.0, 60.0, 30.0, 15.0, 7.0)
    validation_days: int = 30
    abc_shares: tuple[float, float, float] = (0.2, 0.3, 0.5)


@dataclass(frozen=True)
class Slotting:
    """A placement: ``placement`` maps SKU code to location label; ``unslotted`` SKUs had no
    allowed free slot (they are picked from reserve). ``expected_metres`` is the summed optimal
    route of the history baskets, ``baskets`` how many."""

    placement: dict[str, str]
    unslotted: tuple[str, ...]
    expected_metres: float
    baskets: int
    stats: pd.DataFrame = field(repr=False)
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class SlottingProblem:
    """Everything a policy needs, as arrays over ``skus`` (ordered most picked first) and ``slots``."""

    skus: tuple[Sku, ...]
    slots: SlotTable
    allowed: npt.NDArray[np.bool_]
    weight: FloatArray
    face_units: IntArray
    objective: RouteObjective
    stats: pd.DataFrame
    lines: pd.DataFrame  # the order rows of the history

    @property
    def index(self) -> pd.Index:
        return pd.Index([s.code for s in self.skus])


def prepare(skus: Sequence[Sku], layout: Layout, lines: pd.DataFrame, options: SlottingOptions) -> SlottingProblem:
    """Catalogue, history and layout as arrays; SKUs seen in ``lines`` but not in ``skus`` get default attributes."""
    if "kind" in lines.columns:
        lines = lines[lines["kind"] == "order"]
    known = {s.code: s for s in skus}
    for code in pd.unique(lines["sku"].astype(str)):
        known.setdefault(str(code), Sku(str(code)))
    stats = pick_statistics(lines, {c: s.volume_l for c, s in known.items()})
    stats = stats.reindex(list(stats.index) + sorted(set(known) - set(stats.index))).fillna(0)
    ordered = tuple(known[str(c)] for c in stats.index)
    slots = SlotTable.pick_faces(layout)
    days = _history_days(lines)
    caps = face_caps(ordered, slots.locations, options.ignore_rules)
    faces = face_units(list(ordered), stats["units"] / days, options.face_cover_days, list(caps))
    allowed = allowed_matrix(ordered, slots.locations, faces, options.ignore_rules)
    baskets = recent_baskets(lines, pd.Index([s.code for s in ordered]), options)
    objective = RouteObjective(slots, baskets, len(ordered))
    weight = stats["lines"].to_numpy(dtype=np.float64)
    return SlottingProblem(ordered, slots, allowed, weight, faces, objective, stats, lines)


def recent_baskets(lines: pd.DataFrame, skus: pd.Index, options: SlottingOptions) -> Baskets:
    """Baskets of the last ``history_days``, with each SKU's first ``new_product_days`` of sales from reserve."""
    if lines.empty:
        return Baskets.from_lines(lines, skus)
    first_sale = lines.groupby("sku")["ordered_at"].transform("min")
    end = lines["ordered_at"].max()
    recent = lines["ordered_at"] > end - pd.Timedelta(days=options.history_days)
    data_start = lines["ordered_at"].min()
    # Products already selling when the history starts are not new, whatever their first line says.
    is_new = (first_sale > data_start + pd.Timedelta(days=options.new_product_days)) & (
        lines["ordered_at"] - first_sale < pd.Timedelta(days=options.new_product_days)
    )
    return Baskets.from_lines(lines[recent], skus, is_new[recent])


def slot_skus(skus: Sequence[Sku], layout: Layout, lines: pd.DataFrame, options: SlottingOptions) -> Slotting:
    """Place every SKU's pick face by ``options.policy``; every placement obeys the hard rules."""
    problem = prepare(skus, layout, lines, options)
    slot, notes = place(problem, options)
    return to_slotting(problem, slot, notes)


def place(problem: SlottingProblem, options: SlottingOptions) -> tuple[IntArray, tuple[str, ...]]:
    """Slot index per SKU of ``problem`` (-1: none) by the policy, with notes on what was chosen."""
    rng = np.random.default_rng(options.seed)
    n = len(problem.skus)
    slots = problem.slots
    if options.policy == "random":
        order = rng.permutation(n).astype(np.int64)
        return greedy_assignment(order, rng.random(len(slots)), problem.allowed), ()
    if options.policy == "abc":
        return _abc(problem, options, rng), ()
    if options.policy == "coi":
        cost = slots.depot_distance + np.where(slots.golden, 0.0, 0.01)
        return velocity_assignment(problem.weight, cost, problem.allowed), ()
    return _lamplighter(problem, options)


def _abc(problem: SlottingProblem, options: SlottingOptions, rng: np.random.Generator) -> IntArray:
    slots = problem.slots
    classes = abc_classes(pd.Series(problem.weight, index=np.arange(len(problem.skus))), options.abc_shares)
    sku_class = classes.sort_index().map(lambda c: ord(c) - ord("A")).to_numpy(dtype=np.int64)
    # Slots get the class of the same rank: the nearest 20% of slots are A, and so on.
    by_distance = np.argsort(slots.depot_distance, kind="stable")
    class_sizes = np.bincount(sku_class, minlength=3)
    bounds = np.cumsum(class_sizes)
    slot_class = np.empty(len(slots), dtype=np.float64)
    slot_class[by_distance] = np.minimum(np.searchsorted(bounds, np.arange(len(slots)), side="right"), 2)
    order = np.lexsort((rng.random(len(sku_class)), sku_class)).astype(np.int64)
    return _class_greedy(order, sku_class, slot_class + rng.random(len(slots)) * 0.5, problem.allowed)


def _class_greedy(order: IntArray, sku_class: IntArray, cost: FloatArray, allowed: npt.NDArray[np.bool_]) -> IntArray:
    # Within a class every SKU takes a random free slot of its class; a class that runs out of
    # allowed slots spills into the next cheapest ones.
    return greedy_assignment(order, cost, allowed)


def _lamplighter(problem: SlottingProblem, options: SlottingOptions) -> tuple[IntArray, tuple[str, ...]]:
    objective = problem.objective
    lines, index = problem.lines, problem.index
    shape = choose_velocity_shape(
        lines,
        index,
        problem.slots,
        problem.allowed,
        options.half_lives_days,
        options.aisle_weights,
        options.validation_days,
    )
    end = lines["ordered_at"].max() if len(lines) else pd.Timestamp(0)
    weight = recency_weights(lines, index, end, shape.half_life_days)
    cost = location_cost(problem.slots, shape.aisle_weight)
    slot = velocity_assignment(weight, cost, problem.allowed)
    half_life = "none" if shape.half_life_days is None else f"{shape.half_life_days:g} days"
    notes = [
        f"velocity shape: pick half-life {half_life}, aisle weight {shape.aisle_weight:g}"
        + (
            ""
            if shape.validation_metres is None
            else f" (walk-forward test: {shape.validation_metres:,.0f} m on the last {options.validation_days} days' {shape.validation_orders} orders)"
        )
    ]
    if options.search_seconds > 0 and len(objective.baskets):
        started = time.monotonic()
        search = SearchOptions(
            seconds=options.search_seconds,
            seed=options.seed,
            min_baskets=options.min_baskets,
            max_rounds=options.search_rounds or 1_000_000,
        )
        result = improve_placement(objective, slot, problem.allowed, search)
        slot = result.slot_of_sku
        notes.append(
            f"local search: {result.start_metres:,.0f} -> {result.end_metres:,.0f} m, "
            f"{result.accepted} moves kept in {result.rounds} rounds, {time.monotonic() - started:.0f} s"
        )
    return slot, tuple(notes)


def to_slotting(problem: SlottingProblem, slot: IntArray, notes: tuple[str, ...] = ()) -> Slotting:
    labels = problem.slots.labels
    placement = {sku.code: labels[int(s)] for sku, s in zip(problem.skus, slot, strict=True) if s >= 0}
    unslotted = tuple(sku.code for sku, s in zip(problem.skus, slot, strict=True) if s < 0)
    metres = problem.objective.total(slot)
    return Slotting(placement, unslotted, metres, len(problem.objective.baskets), problem.stats, notes)


def slot_array(problem: SlottingProblem, placement: dict[str, str]) -> IntArray:
    """A placement (SKU code -> location label) as slot indices over ``problem``; -1 where not placed."""
    where = problem.slots.index_of()
    return np.array([where.get(placement.get(s.code, ""), -1) for s in problem.skus], dtype=np.int64)


def _history_days(lines: pd.DataFrame) -> float:
    if lines.empty:
        return 1.0
    span = (lines["ordered_at"].max() - lines["ordered_at"].min()) / pd.Timedelta(days=1)
    return max(float(span), 1.0)
