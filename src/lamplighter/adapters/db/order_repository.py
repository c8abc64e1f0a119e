"""Orders and their lines in the store.

Statements on the hot paths (reserve, release, pick) are built once at import with bind
parameters, so a call pays only for SQLAlchemy's cache look-up, not for building and
compiling SQL again (which cost more than the database's own work).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    RowMapping,
    ScalarSelect,
    Select,
    Update,
    bindparam,
    func,
    select,
    update,
)

from lamplighter.adapters.db.tables import locations, order_lines, orders, reservations, zones
from lamplighter.adapters.db.types import utc_now
from lamplighter.domain.layout import ZoneKind
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


@dataclass(frozen=True, slots=True)
class LineAt:
    """One order line and what reserve, release and pick decide on, read in one round trip."""

    line: StoredLine
    #: The line's reservation at the location asked about.
    held: int
    #: Other lines of the order with units still to reserve (``unallocated != 0``).
    others_open: int
    #: Kind of the location's zone; None when there is no such physical location.
    zone_kind: ZoneKind | None


def _reserved_sum(line_id: ColumnElement[Any], location: ColumnElement[Any] | None = None) -> ScalarSelect[Any]:
    """Scalar subquery: units reserved for a line (at one location when ``location`` is given)."""
    held = reservations.alias()
    query = select(func.coalesce(func.sum(held.c.quantity), 0)).where(held.c.order_line_id == line_id)
    if location is not None:
        query = query.where(held.c.location == location)
    return query.scalar_subquery()


def _line_at_statement() -> Select[Any]:
    other = order_lines.alias("other_lines")
    open_units = other.c.quantity - other.c.cancelled_qty - other.c.picked_qty - _reserved_sum(other.c.id)
    others_open = (
        select(func.count())
        .select_from(other)
        .where(other.c.order_id == order_lines.c.order_id, other.c.id != order_lines.c.id, open_units != 0)
        .scalar_subquery()
    )
    zone_kind = (
        select(zones.c.kind)
        .join(locations, locations.c.zone == zones.c.code)
        .where(locations.c.code == bindparam("at_location"))
        .scalar_subquery()
    )
    return select(
        order_lines.c.id,
        order_lines.c.line_no,
        order_lines.c.sku,
        order_lines.c.quantity,
        order_lines.c.unit_price,
        order_lines.c.picked_qty,
        order_lines.c.cancelled_qty,
        order_lines.c.returned_qty,
        _reserved_sum(order_lines.c.id).label("reserved"),
        _reserved_sum(order_lines.c.id, bindparam("at_location")).label("held"),
        others_open.label("others_open"),
        zone_kind.label("zone_kind"),
    ).where(order_lines.c.order_id == bindparam("at_order_id"), order_lines.c.line_no == bindparam("at_line_no"))


def _coverage_statement() -> Select[Any]:
    open_units = order_lines.c.quantity - order_lines.c.cancelled_qty - order_lines.c.picked_qty
    open_units = open_units - _reserved_sum(order_lines.c.id)
    of_order = order_lines.c.order_id == orders.c.id
    lines = select(func.count()).select_from(order_lines).where(of_order).scalar_subquery()
    still_open = select(func.count()).select_from(order_lines).where(of_order, open_units != 0).scalar_subquery()
    return select(orders.c.status, lines.label("lines"), still_open.label("open_lines")).where(
        orders.c.id == bindparam("cover_order_id")
    )


def _lines_statement() -> Select[Any]:
    ids: ColumnElement[Any] = bindparam("line_order_ids", expanding=True)
    reserved = (
        select(reservations.c.order_line_id, func.sum(reservations.c.quantity).label("reserved"))
        .join(order_lines, order_lines.c.id == reservations.c.order_line_id)
        .where(order_lines.c.order_id.in_(ids))
        .group_by(reservations.c.order_line_id)
        .subquery()
    )
    return (
        select(order_lines, func.coalesce(reserved.c.reserved, 0).label("reserved"))
        .outerjoin(reserved, reserved.c.order_line_id == order_lines.c.id)
        .where(order_lines.c.order_id.in_(ids))
        .order_by(order_lines.c.order_id, order_lines.c.line_no)
    )


def _add_to_line(column: str) -> Update:
    target = order_lines.c[column]
    return (
        update(order_lines)
        .where(order_lines.c.id == bindparam("add_line_id"))
        .values({column: target + bindparam("add_units")})
    )


_ID_OF = select(orders.c.id).where(
    orders.c.channel == bindparam("ref_channel"), orders.c.external_id == bindparam("ref_external_id")
)
_LOCK_REF = (
    select(orders.c.id, orders.c.status)
    .where(orders.c.channel == bindparam("ref_channel"), orders.c.external_id == bindparam("ref_external_id"))
    .with_for_update()
)
_LOCK_IDS = (
    select(orders.c.id)
    .where(orders.c.id.in_(bindparam("lock_ids", expanding=True)))
    .order_by(orders.c.id)
    .with_for_update()
)
_ORDERS = select(orders).where(orders.c.id.in_(bindparam("order_ids", expanding=True)))
_LINES = _lines_statement()
_LINE_AT = _line_at_statement()
_COVERAGE = _coverage_statement()
_SET_STATUS = (
    update(orders)
    .where(orders.c.id == bindparam("order_id"))
    .values(status=bindparam("new_status"), updated_at=bindparam("now"))
)
_ADD_PICKED = _add_to_line("picked_qty")
_ADD_CANCELLED = _add_to_line("cancelled_qty")
_ADD_RETURNED = _add_to_line("returned_qty")


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
        found = self._c.execute(_ID_OF, {"ref_channel": channel, "ref_external_id": external_id}).scalar()
        return None if found is None else int(found)

    def lock(self, order_ids: Iterable[int]) -> None:
        """Lock order rows FOR UPDATE (PostgreSQL) in id order: always before any balance row."""
        ids = sorted(set(order_ids))
        for start in range(0, len(ids), 500):
            self._c.execute(_LOCK_IDS, {"lock_ids": ids[start : start + 500]}).all()

    def lock_ref(self, channel: str, external_id: str) -> tuple[int, OrderStatus] | None:
        """Lock the order row named by its ref FOR UPDATE (as :meth:`lock`); its (id, status), or None.

        One statement instead of :meth:`id_of` then :meth:`lock`; the status is the locked
        row's, so no other transaction can change it before this one ends.
        """
        row = self._c.execute(_LOCK_REF, {"ref_channel": channel, "ref_external_id": external_id}).first()
        return None if row is None else (int(row[0]), OrderStatus(row[1]))

    def line_at(self, order_id: int, line_no: int, location: str) -> LineAt | None:
        """One line of an order with its reservations, its reservation at ``location``, the order's
        other open lines and the location's zone kind (None when the order has no such line).

        Read it after locking the order (:meth:`lock_ref`): on PostgreSQL each statement sees
        what was committed before it began, so this one sees every change made under that lock.
        """
        params = {"at_order_id": order_id, "at_line_no": line_no, "at_location": location}
        r = self._c.execute(_LINE_AT, params).first()
        if r is None:
            return None
        line = StoredLine(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], int(r[8]))
        kind = None if r[11] is None else ZoneKind(r[11])
        return LineAt(line, int(r[9]), int(r[10]), kind)

    def coverage(self, order_id: int) -> tuple[OrderStatus, int, int] | None:
        """(status, lines, lines with units still to reserve) of an order in one query, or None."""
        row = self._c.execute(_COVERAGE, {"cover_order_id": order_id}).first()
        return None if row is None else (OrderStatus(row[0]), int(row[1]), int(row[2]))

    def get(self, order_id: int) -> StoredOrder | None:
        found = self.many([order_id])
        return found[0] if found else None

    def many(self, order_ids: Sequence[int]) -> list[StoredOrder]:
        """Orders with their lines and reserved quantities, in the order of ``order_ids``."""
        result: dict[int, StoredOrder] = {}
        ids = list(dict.fromkeys(order_ids))
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            for row in self._c.execute(_ORDERS, {"order_ids": chunk}).mappings():
                result[row["id"]] = StoredOrder(row["id"], _order_from(row))
            self._attach_lines(result, chunk)
        return [result[i] for i in ids if i in result]

    def _attach_lines(self, found: dict[int, StoredOrder], ids: Sequence[int]) -> None:
        for r in self._c.execute(_LINES, {"line_order_ids": list(ids)}).mappings():
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
            now = utc_now()
            rows = [{"order_id": i, "new_status": st.value, "now": now} for i, st in sorted(statuses.items())]
            self._c.execute(_SET_STATUS, rows)

    def set_status(self, order_id: int, status: OrderStatus) -> None:
        self._c.execute(_SET_STATUS, {"order_id": order_id, "new_status": status.value, "now": utc_now()})

    def add_picked(self, line_id: int, quantity: int) -> None:
        self._c.execute(_ADD_PICKED, {"add_line_id": line_id, "add_units": quantity})

    def add_cancelled(self, line_id: int, quantity: int) -> None:
        self._c.execute(_ADD_CANCELLED, {"add_line_id": line_id, "add_units": quantity})

    def add_returned(self, line_id: int, quantity: int) -> None:
        self._c.execute(_ADD_RETURNED, {"add_line_id": line_id, "add_units": quantity})

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
