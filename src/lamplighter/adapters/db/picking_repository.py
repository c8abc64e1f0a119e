"""Waves, pick lists, pick tasks, count tasks and shipments in the store."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, RowMapping, and_, func, insert, select, update

from lamplighter.adapters.db.tables import order_lines, orders
from lamplighter.adapters.db.tables_picking import count_tasks, pick_lists, pick_tasks, shipments, waves
from lamplighter.adapters.db.types import utc_now


@dataclass(frozen=True, slots=True)
class StoredTask:
    id: int
    pick_list_id: int
    sequence: int
    order_id: int
    order_ref: str
    order_status: str
    order_line_id: int
    line_no: int
    sku: str
    location: str
    quantity: int
    tote: int
    leg_m: float
    picked: int
    short: int
    status: str


class PickingRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    # -- writing a wave -------------------------------------------------------------------
    def add_wave(self, *, method: str, orders_count: int, metres: float, actor: str, policy: Mapping[str, Any]) -> int:
        return int(
            self._c.execute(
                insert(waves)
                .values(
                    released_at=utc_now(),
                    released_by=actor,
                    method=method,
                    orders=orders_count,
                    metres=metres,
                    policy=dict(policy),
                )
                .returning(waves.c.id)
            ).scalar_one()
        )

    def add_pick_lists(self, wave_id: int, trips: Sequence[tuple[float, Sequence[tuple[float, float]]]]) -> list[int]:
        """Insert one pick list per (metres, route) in trip order; returns their ids in that order."""
        rows = [
            {"wave_id": wave_id, "trip_no": n, "metres": metres, "route": [list(p) for p in route]}
            for n, (metres, route) in enumerate(trips, start=1)
        ]
        if not rows:
            return []
        inserted = self._c.execute(insert(pick_lists).returning(pick_lists.c.id, sort_by_parameter_order=True), rows)
        return [int(i) for i in inserted.scalars()]

    def set_orders_status(self, order_ids: Sequence[int], status: str) -> None:
        """One statement per 500 orders (a wave moves thousands at once)."""
        for start in range(0, len(order_ids), 500):
            chunk = list(order_ids[start : start + 500])
            self._c.execute(update(orders).where(orders.c.id.in_(chunk)).values(status=status, updated_at=utc_now()))

    def add_tasks(self, rows: Sequence[Mapping[str, Any]]) -> None:
        if rows:
            self._c.execute(insert(pick_tasks), [dict(r) for r in rows])

    # -- reading ----------------------------------------------------------------------------
    def _task_query(self) -> Any:
        ref = (orders.c.channel + ":" + orders.c.external_id).label("order_ref")
        return (
            select(
                pick_tasks,
                ref,
                orders.c.status.label("order_status"),
                order_lines.c.line_no,
            )
            .join(orders, orders.c.id == pick_tasks.c.order_id)
            .join(order_lines, order_lines.c.id == pick_tasks.c.order_line_id)
        )

    @staticmethod
    def _task(row: RowMapping) -> StoredTask:
        return StoredTask(
            int(row["id"]), int(row["pick_list_id"]), int(row["sequence"]), int(row["order_id"]),
            str(row["order_ref"]), str(row["order_status"]), int(row["order_line_id"]), int(row["line_no"]),
            str(row["sku"]), str(row["location"]), int(row["quantity"]), int(row["tote"]), float(row["leg_m"]),
            int(row["picked"]), int(row["short"]), str(row["status"]),
        )  # fmt: skip

    def tasks_of_list(self, pick_list_id: int) -> list[StoredTask]:
        query = self._task_query().where(pick_tasks.c.pick_list_id == pick_list_id).order_by(pick_tasks.c.sequence)
        return [self._task(r) for r in self._c.execute(query).mappings()]

    def tasks_of_order(self, order_id: int) -> list[StoredTask]:
        query = self._task_query().where(pick_tasks.c.order_id == order_id).order_by(pick_tasks.c.id)
        return [self._task(r) for r in self._c.execute(query).mappings()]

    def task(self, task_id: int, *, lock: bool = False) -> StoredTask | None:
        query = self._task_query().where(pick_tasks.c.id == task_id)
        if lock and self._c.dialect.name == "postgresql":
            query = query.with_for_update(of=pick_tasks)
        row = self._c.execute(query).mappings().first()
        return None if row is None else self._task(row)

    def pick_list(self, pick_list_id: int) -> dict[str, Any] | None:
        row = self._c.execute(select(pick_lists).where(pick_lists.c.id == pick_list_id)).mappings().first()
        return None if row is None else dict(row)

    def pick_lists_of_wave(self, wave_id: int) -> list[dict[str, Any]]:
        query = select(pick_lists).where(pick_lists.c.wave_id == wave_id).order_by(pick_lists.c.trip_no)
        return [dict(r) for r in self._c.execute(query).mappings()]

    def wave(self, wave_id: int) -> dict[str, Any] | None:
        row = self._c.execute(select(waves).where(waves.c.id == wave_id)).mappings().first()
        return None if row is None else dict(row)

    def waves(self, limit: int = 50) -> list[dict[str, Any]]:
        query = select(waves).order_by(waves.c.id.desc()).limit(limit)
        return [dict(r) for r in self._c.execute(query).mappings()]

    # -- the floor --------------------------------------------------------------------------
    def confirm_task(self, task_id: int, picked: int, short: int, status: str) -> None:
        self._c.execute(
            update(pick_tasks)
            .where(pick_tasks.c.id == task_id)
            .values(picked=picked, short=short, status=status, confirmed_at=utc_now())
        )

    def next_sequence(self, pick_list_id: int) -> int:
        query = select(func.coalesce(func.max(pick_tasks.c.sequence), 0)).where(
            pick_tasks.c.pick_list_id == pick_list_id
        )
        return int(self._c.execute(query).scalar_one()) + 1

    def count_refused_scan(self, pick_list_id: int) -> None:
        self._c.execute(
            update(pick_lists)
            .where(pick_lists.c.id == pick_list_id)
            .values(refused_scans=pick_lists.c.refused_scans + 1)
        )

    def start_list(self, pick_list_id: int, picker: str) -> None:
        self._c.execute(
            update(pick_lists)
            .where(and_(pick_lists.c.id == pick_list_id, pick_lists.c.status == "open"))
            .values(status="picking", picker=picker, started_at=utc_now())
        )

    def finish_list_if_done(self, pick_list_id: int) -> bool:
        open_tasks = select(func.count()).where(
            and_(pick_tasks.c.pick_list_id == pick_list_id, pick_tasks.c.status == "open")
        )
        if int(self._c.execute(open_tasks).scalar_one()):
            return False
        self._c.execute(
            update(pick_lists)
            .where(and_(pick_lists.c.id == pick_list_id, pick_lists.c.status != "done"))
            .values(status="done", finished_at=utc_now())
        )
        return True

    def cancel_open_tasks_of_order(self, order_id: int) -> int:
        result = self._c.execute(
            update(pick_tasks)
            .where(and_(pick_tasks.c.order_id == order_id, pick_tasks.c.status == "open"))
            .values(status="cancelled", confirmed_at=utc_now())
        )
        return int(result.rowcount or 0)

    def add_count_task(self, sku: str, location: str, reason: str) -> int:
        return int(
            self._c.execute(
                insert(count_tasks)
                .values(sku=sku, location=location, reason=reason, created_at=utc_now())
                .returning(count_tasks.c.id)
            ).scalar_one()
        )

    def open_count_tasks(self) -> list[dict[str, Any]]:
        query = select(count_tasks).where(count_tasks.c.status == "open").order_by(count_tasks.c.id)
        return [dict(r) for r in self._c.execute(query).mappings()]

    def mark_packed(self, order_id: int, packer: str) -> None:
        self._upsert_shipment(order_id, packed_at=utc_now(), packed_by=packer)

    def mark_shipped(self, order_id: int, carrier: str, tracking_id: str, at: datetime | None = None) -> None:
        self._upsert_shipment(order_id, shipped_at=at or utc_now(), carrier=carrier, tracking_id=tracking_id)

    def _upsert_shipment(self, order_id: int, **values: Any) -> None:
        exists = self._c.execute(select(shipments.c.order_id).where(shipments.c.order_id == order_id)).first()
        if exists:
            self._c.execute(update(shipments).where(shipments.c.order_id == order_id).values(**values))
        else:
            self._c.execute(insert(shipments).values(order_id=order_id, **values))

    # -- KPI inputs -------------------------------------------------------------------------
    def order_kpi_rows(self) -> list[dict[str, Any]]:
        """Orders that entered a wave or shipped: paid, due, shipped times and their wave."""
        wave_of = (
            select(pick_tasks.c.order_id, func.min(pick_lists.c.wave_id).label("wave_id"))
            .join(pick_lists, pick_lists.c.id == pick_tasks.c.pick_list_id)
            .group_by(pick_tasks.c.order_id)
            .subquery()
        )
        query = (
            select(
                (orders.c.channel + ":" + orders.c.external_id).label("order_ref"),
                orders.c.paid_at,
                orders.c.ship_by,
                shipments.c.shipped_at,
                wave_of.c.wave_id,
            )
            .join(wave_of, wave_of.c.order_id == orders.c.id)
            .outerjoin(shipments, shipments.c.order_id == orders.c.id)
            .where(orders.c.status != "cancelled")
        )
        return [dict(r) for r in self._c.execute(query).mappings()]

    def pick_list_kpi_rows(self) -> list[dict[str, Any]]:
        query = (
            select(
                pick_lists.c.id.label("pick_list_id"),
                pick_lists.c.wave_id,
                pick_lists.c.started_at,
                pick_lists.c.finished_at,
                pick_lists.c.metres,
                pick_lists.c.refused_scans,
                func.count(pick_tasks.c.id).label("lines"),
                func.coalesce(func.sum(pick_tasks.c.picked), 0).label("units"),
                func.coalesce(func.sum(func.cast(pick_tasks.c.short > 0, type_=pick_tasks.c.quantity.type)), 0).label(
                    "short_lines"
                ),
            )
            .join(pick_tasks, pick_tasks.c.pick_list_id == pick_lists.c.id)
            .where(pick_tasks.c.status != "cancelled")
            .group_by(pick_lists.c.id)
        )
        return [dict(r) for r in self._c.execute(query).mappings()]
