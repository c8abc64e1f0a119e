"""Wave release: allocate, choose the wave's orders, batch them into picker trips, route
each trip exactly and write the pick lists — all in one transaction (all or nothing).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import datetime, time
from typing import Any

from lamplighter.adapters.db.order_repository import StoredOrder
from lamplighter.adapters.db.picking_repository import PickingRepository
from lamplighter.config import business_now
from lamplighter.domain.allocation import AllocationOrder
from lamplighter.domain.errors import DomainError
from lamplighter.domain.layout import Layout
from lamplighter.domain.orders import OrderStatus, check_transition
from lamplighter.domain.sku import Sku
from lamplighter.domain.waves import WavePolicy, wave_candidates
from lamplighter.planning.batching import CartCapacity, SearchOptions, TripOrder, batch_orders
from lamplighter.planning.routing import route
from lamplighter.services.errors import NoLayoutLoaded
from lamplighter.services.locking import lock_orders
from lamplighter.services.orders import allocate_within
from lamplighter.services.unit_of_work import UnitOfWork, run_in_transaction

#: A line at or above this weight goes on the bottom of the cart.
HEAVY_KG = 10.0


class NothingToRelease(DomainError):
    code = "nothing-to-release"

    def __init__(self) -> None:
        super().__init__("no allocated orders are waiting: allocate open orders first or wait for new ones")


@dataclass(frozen=True, slots=True)
class WaveRequest:
    """What to release: how many orders, the carrier cut-off, the batching method and cart size."""

    max_orders: int = 500
    cutoff: time = time(16, 0)
    method: str = "lamplighter"
    cart: CartCapacity = field(default_factory=CartCapacity)
    search_seconds: float = 5.0
    group_size: int = 250
    allocate_first: bool = True
    actor: str = "system"


@dataclass(frozen=True, slots=True)
class WaveReleased:
    wave_id: int
    orders: int
    pick_lists: int
    lines: int
    metres: float
    metres_single_order_trips: float

    @property
    def metres_per_line(self) -> float:
        return self.metres / self.lines if self.lines else 0.0


def release_wave(uow: UnitOfWork, request: WaveRequest = WaveRequest(), now: datetime | None = None) -> WaveReleased:
    """Release a wave; raises NothingToRelease when no allocated order waits."""
    moment = now or business_now()
    return run_in_transaction(uow, lambda u: _release(u, request, moment), retries=2)


@dataclass(slots=True)
class _Pick:
    order_index: int
    line_id: int
    order_id: int
    sku: str
    location: str
    quantity: int


def _release(uow: UnitOfWork, request: WaveRequest, now: datetime) -> WaveReleased:
    if request.allocate_first:
        allocate_within(uow, AllocationOrder.SHIP_BY)
    layout = uow.locations.layout()
    if layout is None:
        raise NoLayoutLoaded()
    ids = uow.orders.ids_with_status(OrderStatus.ALLOCATED)
    lock_orders(uow, ids)
    stored = {s.order.ref: s for s in uow.orders.many(ids)}
    policy = WavePolicy(max_orders=request.max_orders, cutoff=request.cutoff)
    chosen = [stored[o.ref] for o in wave_candidates([s.order for s in stored.values()], now, policy)]
    if not chosen:
        raise NothingToRelease()
    picks = _picks_of(uow, chosen)
    skus = uow.skus.many({p.sku for p in picks})
    trip_orders = _trip_orders(layout, chosen, picks, skus)
    batches, metres = _batch_in_groups(layout, trip_orders, request)
    single = batch_orders(layout.grid, trip_orders, request.cart, "single")
    repo = PickingRepository(uow.connection)
    wave_id = repo.add_wave(
        method=request.method,
        orders_count=len(chosen),
        metres=metres,
        actor=request.actor,
        policy={**asdict(policy), "cutoff": request.cutoff.isoformat(), "cart": asdict(request.cart)},
    )
    by_order: dict[int, list[_Pick]] = defaultdict(list)
    for p in picks:
        by_order[p.order_index].append(p)
    trips = [_route_trip(layout, batch, by_order, skus) for batch in batches]
    list_ids = repo.add_pick_lists(wave_id, [(trip.metres, trip.path) for trip in trips])
    rows = [dict(row, pick_list_id=list_id) for trip, list_id in zip(trips, list_ids, strict=True) for row in trip.rows]
    repo.add_tasks(rows)
    for s in chosen:
        check_transition(s.ref, s.order.status, OrderStatus.PICKING)
    repo.set_orders_status([s.id for s in chosen], OrderStatus.PICKING.value)
    lines = len(rows)
    return WaveReleased(wave_id, len(chosen), len(batches), lines, metres, single.total)


def _batch_in_groups(
    layout: Layout, trip_orders: list[TripOrder], request: WaveRequest
) -> tuple[list[tuple[int, ...]], float]:
    """Batch the wave's orders group by group, in release priority.

    Batching searches grow faster than linearly with the number of orders, and a big wave
    is picked over hours anyway: consecutive groups of ``request.group_size`` orders keep
    the most urgent orders in the first trips and the search time linear in the wave size.
    The search budget is shared out by group size.
    """
    batches: list[tuple[int, ...]] = []
    metres = 0.0
    total = len(trip_orders)
    for start in range(0, total, request.group_size):
        group = trip_orders[start : start + request.group_size]
        options = SearchOptions(seconds=request.search_seconds * len(group) / total)
        plan = batch_orders(layout.grid, group, request.cart, request.method, options)
        batches += [tuple(start + n for n in batch) for batch in plan.batches]
        metres += plan.total
    return batches, metres


def _picks_of(uow: UnitOfWork, chosen: list[StoredOrder]) -> list[_Pick]:
    line_owner = {line.id: (n, s.id) for n, s in enumerate(chosen) for line in s.lines}
    picks = []
    for _res_id, line_id, sku, location, quantity in uow.ledger.reservations_of_lines(line_owner):
        index, order_id = line_owner[line_id]
        picks.append(_Pick(index, line_id, order_id, sku, location, quantity))
    return picks


def _trip_orders(
    layout: Layout, chosen: list[StoredOrder], picks: list[_Pick], skus: dict[str, Sku]
) -> list[TripOrder]:
    points: dict[int, dict[str, Any]] = defaultdict(dict)
    lines: dict[int, int] = defaultdict(int)
    volume: dict[int, float] = defaultdict(float)
    weight: dict[int, float] = defaultdict(float)
    for p in picks:
        points[p.order_index][p.location] = layout.location(p.location).point
        lines[p.order_index] += 1
        volume[p.order_index] += skus[p.sku].volume_l * p.quantity
        weight[p.order_index] += skus[p.sku].weight_kg * p.quantity
    return [TripOrder(s.ref, tuple(points[n].values()), lines[n], volume[n], weight[n]) for n, s in enumerate(chosen)]


def _tote_order(batch: tuple[int, ...], by_order: dict[int, list[_Pick]], skus: dict[str, Sku]) -> list[int]:
    """Totes numbered bottom shelf first: orders with heavy lines first, orders with fragile lines last.

    The route stays the shortest one; what changes is where each order's tote rides.
    """

    def rank(order_index: int) -> tuple[int, int]:
        lines = by_order[order_index]
        heavy = any(skus[p.sku].weight_kg * p.quantity >= HEAVY_KG for p in lines)
        fragile = any(skus[p.sku].fragile for p in lines)
        return (0 if heavy and not fragile else 2 if fragile else 1, order_index)

    return sorted(batch, key=rank)


@dataclass(slots=True)
class _RoutedTrip:
    metres: float
    path: tuple[tuple[float, float], ...]
    rows: list[dict[str, Any]]


def _route_trip(
    layout: Layout, batch: tuple[int, ...], by_order: dict[int, list[_Pick]], skus: dict[str, Sku]
) -> _RoutedTrip:
    """The trip's pick tasks in walking order (exact route), each order in its own tote."""
    tote_of = {order_index: tote for tote, order_index in enumerate(_tote_order(batch, by_order, skus), start=1)}
    trip = [p for n in batch for p in by_order[n]]
    stops = sorted({p.location for p in trip})
    tour = route(layout.grid, [layout.location(code).point for code in stops], "exact")
    leg_of = {stops[i]: leg for i, leg in zip(tour.order, tour.legs, strict=False)}
    rank_of = {stops[i]: rank for rank, i in enumerate(tour.order)}
    trip.sort(key=lambda p: (rank_of[p.location], tote_of[p.order_index], p.sku))
    seen: set[str] = set()
    rows = []
    for sequence, p in enumerate(trip, start=1):
        first_at_stop = p.location not in seen
        seen.add(p.location)
        rows.append(
            {
                "sequence": sequence,
                "order_id": p.order_id,
                "order_line_id": p.line_id,
                "sku": p.sku,
                "location": p.location,
                "quantity": p.quantity,
                "tote": tote_of[p.order_index],
                "leg_m": leg_of[p.location] if first_at_stop else 0.0,
            }
        )
    return _RoutedTrip(tour.length, tour.path, rows)
