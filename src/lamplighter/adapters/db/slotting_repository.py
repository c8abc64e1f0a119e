"""Slotting in the store: the history and current pick faces it plans from, and accepted plans."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import Connection, func, insert, select

from lamplighter.adapters.db.sales_history import read_sales_lines
from lamplighter.adapters.db.tables import locations, skus, stock_balances, stock_moves, zones
from lamplighter.adapters.db.tables_slotting import slotting_plans, slotting_tasks
from lamplighter.adapters.db.types import utc_now
from lamplighter.domain.layout import PICK_ZONE_KINDS
from lamplighter.domain.ledger import MoveReason
from lamplighter.domain.storage_rules import Occupancy
from lamplighter.planning.slotting.reslotting import ReslottingPlan


class SlottingRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def order_lines(self, since: datetime | None = None) -> pd.DataFrame:
        """Imported sales lines as the canonical order-line frame (naive UTC timestamps)."""
        return read_sales_lines(self._c, since=since)

    def pick_faces(self) -> dict[str, str]:
        """SKU -> its pick face: the pick-zone location holding most of it (one SKU per location)."""
        query = (
            select(stock_balances.c.sku, stock_balances.c.location, stock_balances.c.on_hand)
            .join(locations, locations.c.code == stock_balances.c.location)
            .join(zones, zones.c.code == locations.c.zone)
            .where(stock_balances.c.on_hand > 0, zones.c.kind.in_([k.value for k in PICK_ZONE_KINDS]))
            .order_by(stock_balances.c.on_hand.desc(), stock_balances.c.sku, stock_balances.c.location)
        )
        faces: dict[str, str] = {}
        taken: set[str] = set()
        for sku, location, _on_hand in self._c.execute(query):
            if sku not in faces and location not in taken:
                faces[str(sku)] = str(location)
                taken.add(str(location))
        return faces

    def occupancy(self) -> dict[str, Occupancy]:
        """Volume and weight on hand at every occupied location."""
        volume = skus.c.length_cm * skus.c.width_cm * skus.c.height_cm / 1000.0
        query = (
            select(
                stock_balances.c.location,
                func.sum(stock_balances.c.on_hand * volume),
                func.sum(stock_balances.c.on_hand * skus.c.weight_kg),
            )
            .join(skus, skus.c.code == stock_balances.c.sku)
            .where(stock_balances.c.on_hand > 0)
            .group_by(stock_balances.c.location)
        )
        return {str(loc): Occupancy(float(v), float(w)) for loc, v, w in self._c.execute(query)}

    def locations_of(self, sku: str) -> set[str]:
        """Where ``sku`` has stock on hand."""
        query = select(stock_balances.c.location).where(stock_balances.c.sku == sku, stock_balances.c.on_hand > 0)
        return {str(location) for location in self._c.execute(query).scalars()}

    def received(self, reference: str) -> list[tuple[str, str, int]]:
        """(SKU, location, units) of the receipt and return moves written with ``reference``."""
        query = (
            select(stock_moves.c.sku, stock_moves.c.destination, func.sum(stock_moves.c.quantity))
            .where(
                stock_moves.c.reference == reference,
                stock_moves.c.reason.in_([MoveReason.RECEIPT.value, MoveReason.RETURN.value]),
            )
            .group_by(stock_moves.c.sku, stock_moves.c.destination)
            .order_by(stock_moves.c.sku)
        )
        return [(str(s), str(d), int(q)) for s, d, q in self._c.execute(query)]

    def on_hand(self, sku: str, location: str) -> int:
        query = select(stock_balances.c.on_hand).where(
            stock_balances.c.sku == sku, stock_balances.c.location == location
        )
        value = self._c.execute(query).scalar_one_or_none()
        return int(value or 0)

    def add_plan(self, plan: ReslottingPlan, max_moves: int, actor: str) -> int:
        """Store an accepted plan and one open task per move; returns the plan id."""
        values: dict[str, Any] = {
            "accepted_at": utc_now(),
            "accepted_by": actor,
            "max_moves": max_moves,
            "orders": plan.orders,
            "metres_before": plan.metres_before,
            "metres_after": plan.metres_after,
        }
        plan_id = int(self._c.execute(insert(slotting_plans).values(values)).inserted_primary_key[0])  # type: ignore[index]
        if plan.moves:
            rows = [
                {
                    "plan_id": plan_id,
                    "sequence": i,
                    "sku": m.sku,
                    "from_location": m.from_location,
                    "to_location": m.to_location,
                    "saving_m": m.saving_m,
                }
                for i, m in enumerate(plan.moves, start=1)
            ]
            self._c.execute(insert(slotting_tasks), rows)
        return plan_id

    def open_tasks(self) -> list[dict[str, Any]]:
        query = select(slotting_tasks).where(slotting_tasks.c.status == "open").order_by(slotting_tasks.c.id)
        return [dict(r) for r in self._c.execute(query).mappings()]
