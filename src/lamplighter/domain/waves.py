"""Wave selection: which allocated orders a wave releases, in what priority."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time

from lamplighter.domain.orders import Order, OrderStatus


@dataclass(frozen=True, slots=True)
class WavePolicy:
    """How a wave picks its orders.

    ``cutoff`` is the carrier's collection time today: orders due by the next cut-off
    go first. ``max_orders`` bounds the wave; ``horizon`` limits it to orders due
    within that many hours of ``now`` (None: any allocated order).
    """

    max_orders: int = 500
    cutoff: time = time(16, 0)
    horizon_hours: float | None = None


def wave_candidates(orders: Sequence[Order], now: datetime, policy: WavePolicy = WavePolicy()) -> list[Order]:
    """Allocated orders in release priority: overdue and due before today's cut-off first,
    then by priority, ship-by deadline and paid time."""
    cutoff_today = datetime.combine(now.date(), policy.cutoff, tzinfo=now.tzinfo)
    far = datetime.max.replace(tzinfo=None)

    def due(order: Order) -> datetime:
        return (order.ship_by or far).replace(tzinfo=None)

    eligible = [o for o in orders if o.status is OrderStatus.ALLOCATED]
    if policy.horizon_hours is not None:
        limit = now.replace(tzinfo=None).timestamp() + policy.horizon_hours * 3600
        eligible = [o for o in eligible if o.ship_by is None or due(o).timestamp() <= limit]

    def key(order: Order) -> tuple[int, int, datetime, datetime, str]:
        before_cutoff = 0 if due(order) <= cutoff_today.replace(tzinfo=None) else 1
        paid = (order.paid_at or order.created_at).replace(tzinfo=None)
        return (before_cutoff, -order.priority, due(order), paid, order.ref)

    return sorted(eligible, key=key)[: policy.max_orders]
