"""Orders and their lines in the store."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Connection, RowMapping, bindparam, func, select, update

from lamplighter.adapters.db.tables import order_lines, orders, reservations
from lamplighter.adapters.db.types import utc_now
from lamplighter.domain.orders import Order, OrderLine, OrderStatus


@dataclass(slots=True)
class StoredLine:
    """An order line as stored: what was ordered, and how much is picked, cancelled, reserved."""

    id: int
    line_no: int
    sku: str
    quantity: int
    unit_price: float
    picked: int = 0
    cancelled: int = 0
    returned: int = 0
    reserved: int = 0

    @property
    def unallocated(self) -> int:
        """Units still to reserve: ordered minus cancelled, picked and reserved."""
        return self.quantity - self.cancelled - self.picked - self.reserved


@dataclass(slots=True)
class StoredOrder:
    id: int
    order: Order
    lines: list[StoredLine] = field(default_factory=list)

    @property
    def ref(self) -> str:
        return self.order.ref

    def line(self, line_no: int) -> StoredLine | None:
        return next((ln for ln in self.lines if ln.line_no == line_no), None)


class OrderRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, order: Order) -> int:
        """Insert the order and its lines; returns the order id."""
        now = utc_now()
        order_id = self._c.execute(
            orders.insert()
            .values(
                channel=order.channel,
                external_id=order.external_id,
                status=order.status.value,
                created_at=order.created_at,
                paid_at=order.paid_at,
                ship_by=order.ship_by,
                priority=order.priority,
                extra=dict(order.extra),
                updated_at=now,
            )
            .returning(orders.c.id)
        ).scalar_one()
        if order.lines:
            self._c.execute(
                order_lines.insert(),
                [
                    {
                        "order_id": order_id,
                        "line_no": ln.line_no,
                        "sku": ln.sku,
                        "quantity": ln.quantity,
                        "unit_price": ln.unit_price,
                    }
                    for ln in order.lines
                ],
            )
        return int(order_id)

    def id_of(self, channel: str, external_id: str) -> int | None:
        query = select(orders.c.id).where(orders.c.channel == channel, orders.c.external_id == external_id)
        found = self._c.execute(query).scalar()
        return None if found is None else int(found)

    def lock(self, order_ids: Iterable[int]) -> None:
        """Lock order rows FOR UPDATE (PostgreSQL) in id order: always before any balance row."""
        ids = sorted(set(order_ids))
        for start in range(0, len(ids), 500):
            query = select(orders.c.id).where(orders.c.id.in_(ids[start : start + 500])).order_by(orders.c.id)
            self._c.execute(query.with_for_update()).all()

    def get(self, order_id: int) -> StoredOrder | None:
        found = self.many([order_id])
        return found[0] if found else None

    def many(self, order_ids: Sequence[int]) -> list[StoredOrder]:
        """Orders with their lines and reserved quantities, in the order of ``order_ids``."""
        result: dict[int, StoredOrder] = {}
        ids = list(dict.fromkeys(order_ids))
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            for row in self._c.execute(select(orders).where(orders.c.id.in_(chunk))).mappings():
                result[row["id"]] = StoredOrder(row["id"], _order_from(row))
            self._attach_lines(result, chunk)
        return [result[i] for i in ids if i in result]

    def _attach_lines(self, found: dict[int, StoredOrder], ids: Sequence[int]) -> None:
        reserved = (
            select(reservations.c.order_line_id, func.sum(reservations.c.quantity).label("reserved"))
            .join(order_lines, order_lines.c.id == reservations.c.order_line_id)
            .where(order_lines.c.order_id.in_(ids))
            .group_by(reservations.c.order_line_id)
            .subquery()
        )
        query = (
            select(order_lines, func.coalesce(reserved.c.reserved, 0).label("reserved"))
            .outerjoin(reserved, reserved.c.order_line_id == order_lines.c.id)
            .where(order_lines.c.order_id.in_(ids))
            .order_by(order_lines.c.order_id, order_lines.c.line_no)
        )
        for r in self._c.execute(query).mappings():
            stored = found[r["order_id"]]
            line = StoredLine(
                r["id"],
                r["line_no"],
                r["sku"],
                r["quantity"],
                r["unit_price"],
                r["picked_qty"],
                r["cancelled_qty"],
                r["returned_qty"],
                int(r["reserved"]),
            )
            stored.lines.append(line)
            stored.order.lines.append(OrderLine(line.line_no, line.sku, line.quantity, line.unit_price))

    def ids_with_status(self, *statuses: OrderStatus) -> list[int]:
        query = select(orders.c.id).where(orders.c.status.in_([s.value for s in statuses])).order_by(orders.c.id)
        return [int(i) for i in self._c.execute(query).scalars()]

    def set_statuses(self, statuses: dict[int, OrderStatus]) -> None:
        """Set many orders' statuses in one round trip."""
        if statuses:
            query = (
                update(orders)
                .where(orders.c.id == bindparam("order_id"))
                .values(status=bindparam("new_status"), updated_at=bindparam("now"))
            )
            now = utc_now()
            rows = [{"order_id": i, "new_status": st.value, "now": now} for i, st in sorted(statuses.items())]
            self._c.execute(query, rows)

    def set_status(self, order_id: int, status: OrderStatus) -> None:
        self._c.execute(update(orders).where(orders.c.id == order_id).values(status=status.value, updated_at=utc_now()))

    def add_picked(self, line_id: int, quantity: int) -> None:
        self._c.execute(
            update(order_lines)
            .where(order_lines.c.id == line_id)
            .values(picked_qty=order_lines.c.picked_qty + quantity)
        )

    def add_cancelled(self, line_id: int, quantity: int) -> None:
        self._c.execute(
            update(order_lines)
            .where(order_lines.c.id == line_id)
            .values(cancelled_qty=order_lines.c.cancelled_qty + quantity)
        )

    def add_returned(self, line_id: int, quantity: int) -> None:
        self._c.execute(
            update(order_lines)
            .where(order_lines.c.id == line_id)
            .values(returned_qty=order_lines.c.returned_qty + quantity)
        )

    def summaries(self, *, status: OrderStatus | None = None, limit: int = 200) -> list[dict[str, object]]:
        """One row per order (newest first) with line and unit counts, for reports."""
        units = func.sum(order_lines.c.quantity - order_lines.c.cancelled_qty)
        query = (
            select(
                orders.c.id,
                orders.c.channel,
                orders.c.external_id,
                orders.c.status,
                orders.c.paid_at,
                orders.c.ship_by,
                func.count(order_lines.c.id).label("lines"),
                func.coalesce(units, 0).label("units"),
            )
            .outerjoin(order_lines, order_lines.c.order_id == orders.c.id)
            .group_by(orders.c.id)
            .order_by(orders.c.created_at.desc(), orders.c.id.desc())
            .limit(limit)
        )
        if status is not None:
            query = query.where(orders.c.status == status.value)
        return [dict(r) for r in self._c.execute(query).mappings()]


def _order_from(row: RowMapping) -> Order:
    created: datetime = row["created_at"]
    return Order(
        channel=row["channel"],
        external_id=row["external_id"],
        lines=[],
        created_at=created,
        paid_at=row["paid_at"],
        ship_by=row["ship_by"],
        status=OrderStatus(row["status"]),
        priority=row["priority"],
        extra=dict(row["extra"]),
    )
