"""Stock moves, balances and reservations in the store.

Balance rows are read for update through :meth:`LedgerRepository.lock_balances`, which
the services call in the fixed order of ``lamplighter.services.locking``. Statements of the
per-move paths are built once at import with bind parameters (see ``order_repository``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, bindparam, delete, exists, func, literal, select, tuple_, union_all, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql import Executable

from lamplighter.adapters.db.tables import locations, reservations, skus, stock_balances, stock_moves, zones
from lamplighter.adapters.db.types import utc_now
from lamplighter.adapters.db.upsert import dialect_insert
from lamplighter.domain.ledger import Balance, Move, MoveReason
from lamplighter.domain.storage_rules import Occupancy

Key = tuple[str, str]  # (sku, location)


@dataclass(frozen=True, slots=True)
class StoredMove:
    id: int
    move: Move
    reverses: int | None


_BALANCE_KEY = and_(
    stock_balances.c.sku == bindparam("key_sku"), stock_balances.c.location == bindparam("key_location")
)
#: Balance rows are locked FOR NO KEY UPDATE (``key_share=True``): their key never changes, and
#: unlike FOR UPDATE it does not conflict with the KEY SHARE lock that writing a reservation
#: (whose foreign key points at the balance) takes, so two reservations of one SKU cannot
#: deadlock on it while still queueing on the balance itself.
_LOCK_BALANCE = (
    select(stock_balances.c.on_hand, stock_balances.c.reserved).where(_BALANCE_KEY).with_for_update(key_share=True)
)
_READ_BALANCE = select(stock_balances.c.on_hand, stock_balances.c.reserved).where(_BALANCE_KEY)
#: An empty balance row unless one exists (never fails on a concurrent insert of the same key).
_INSERT_EMPTY_BALANCE = {
    name: dialect.insert(stock_balances)
    .values(sku=bindparam("key_sku"), location=bindparam("key_location"), on_hand=0, reserved=0)
    .on_conflict_do_nothing(index_elements=["sku", "location"])
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}
_SET_BALANCE = (
    update(stock_balances)
    .where(_BALANCE_KEY)
    .values(on_hand=bindparam("new_on_hand"), reserved=bindparam("new_reserved"))
)
#: Reserve (units > 0) or release (units < 0) in one statement, only while the result keeps
#: ``0 <= reserved <= on_hand``; no row comes back when it would not (or the row is missing).
_SHIFT_RESERVED = (
    update(stock_balances)
    .where(
        _BALANCE_KEY,
        stock_balances.c.reserved + bindparam("units") >= 0,
        stock_balances.c.reserved + bindparam("units") <= stock_balances.c.on_hand,
    )
    .values(reserved=stock_balances.c.reserved + bindparam("units"))
    .returning(stock_balances.c.on_hand, stock_balances.c.reserved)
)
_ADD_MOVE = stock_moves.insert().returning(stock_moves.c.id)
_MOVE_ENDS_KNOWN = select(
    exists().where(skus.c.code == bindparam("move_sku")).label("sku"),
    exists().where(locations.c.code == bindparam("move_source")).label("source"),
    exists().where(locations.c.code == bindparam("move_destination")).label("destination"),
)
_LINE_AT_LOCATION = and_(
    reservations.c.order_line_id == bindparam("res_line_id"), reservations.c.location == bindparam("res_location")
)
_RESERVED_FOR_LINE = select(func.coalesce(func.sum(reservations.c.quantity), 0)).where(_LINE_AT_LOCATION)
_DELETE_RESERVATION = delete(reservations).where(_LINE_AT_LOCATION)
_DELETE_RESERVATION_WITHIN = delete(reservations).where(
    _LINE_AT_LOCATION, reservations.c.quantity <= bindparam("res_units")
)
_REDUCE_RESERVATION = (
    update(reservations).where(_LINE_AT_LOCATION).values(quantity=reservations.c.quantity - bindparam("res_units"))
)


def _add_reservation_statement(dialect: Any) -> Executable:
    # INSERT ... SELECT ... WHERE EXISTS: nothing is written (rowcount 0) when there is no balance
    # row to reserve against, instead of failing the transaction on the foreign key.
    has_balance = exists().where(
        stock_balances.c.sku == bindparam("res_sku"), stock_balances.c.location == bindparam("res_location")
    )
    row = select(
        bindparam("res_line_id", type_=reservations.c.order_line_id.type),
        bindparam("res_sku", type_=reservations.c.sku.type),
        bindparam("res_location", type_=reservations.c.location.type),
        bindparam("res_units", type_=reservations.c.quantity.type),
        bindparam("res_at", type_=reservations.c.created_at.type),
    ).where(has_balance)
    statement = dialect.insert(reservations).from_select(
        ["order_line_id", "sku", "location", "quantity", "created_at"], row
    )
    upsert: Executable = statement.on_conflict_do_update(
        index_elements=["order_line_id", "location"],
        set_={"quantity": reservations.c.quantity + statement.excluded.quantity},
    )
    return upsert


#: Add to a line's reservation at a location, one row per line and location.
_ADD_RESERVATION = {name: _add_reservation_statement(d) for name, d in (("postgresql", postgresql), ("sqlite", sqlite))}


def _with_shift(change: Any) -> Executable:
    """``change`` (a reservation row's write) and :data:`_SHIFT_RESERVED` as one PostgreSQL statement.

    Data-modifying CTEs run to completion whether or not the outer query reads them, so the
    reservation row is written and the balance shifted in one round trip instead of two (a
    use case holds the order's lock for one fewer); the statement returns the shifted
    balance, or no row when the shift was refused.
    """
    shifted = _SHIFT_RESERVED.cte("shifted")
    return select(shifted.c.on_hand, shifted.c.reserved).add_cte(change.cte("changed"))


_RESERVE_FOR_LINE = _with_shift(_ADD_RESERVATION["postgresql"])
_RELEASE_DELETING = _with_shift(_DELETE_RESERVATION)
_RELEASE_REDUCING = _with_shift(_REDUCE_RESERVATION)


class LedgerRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    # -- balances ---------------------------------------------------------------------
    def lock_balances(self, keys: Sequence[Key], *, create_missing: bool) -> dict[Key, Balance]:
        """Read (and on PostgreSQL lock, FOR UPDATE) the balance rows of ``keys`` in the order given.

        With ``create_missing`` absent rows are inserted first (empty), so they are locked too.
        Callers pass keys sorted (``lamplighter.services.locking``): one lock order everywhere
        means two transactions never wait for each other in a cycle.
        """
        found: dict[Key, Balance] = {}
        for sku, location in keys:
            key = {"key_sku": sku, "key_location": location}
            row = self._c.execute(_LOCK_BALANCE, key).first()
            if row is None and create_missing:
                # Insert only when absent (saves a round trip per existing row); the new row, or
                # one a concurrent transaction inserted first, is then locked before the next key.
                self._c.execute(_INSERT_EMPTY_BALANCE[self._c.dialect.name], key)
                row = self._c.execute(_LOCK_BALANCE, key).first()
            if row is not None:
                found[(sku, location)] = Balance(row[0], row[1])
        return found

    def lock_many(self, keys: Sequence[Key], *, create_missing: bool) -> dict[Key, Balance]:
        """:meth:`lock_balances` for many keys in a few statements (500 keys each), same lock order.

        ``keys`` must be sorted: rows are inserted and locked in that order (PostgreSQL
        locks rows of ``SELECT ... ORDER BY ... FOR UPDATE`` after sorting them).
        """
        found: dict[Key, Balance] = {}
        for start in range(0, len(keys), 500):
            chunk = list(keys[start : start + 500])
            if create_missing:
                rows = [{"sku": sku, "location": loc, "on_hand": 0, "reserved": 0} for sku, loc in chunk]
                insert = dialect_insert(self._c, stock_balances).values(rows)
                self._c.execute(insert.on_conflict_do_nothing(index_elements=["sku", "location"]))
            query = (
                select(stock_balances)
                .where(tuple_(stock_balances.c.sku, stock_balances.c.location).in_(chunk))
                .order_by(stock_balances.c.sku, stock_balances.c.location)
                .with_for_update(key_share=True)
            )
            for row in self._c.execute(query).mappings():
                found[(row["sku"], row["location"])] = Balance(row["on_hand"], row["reserved"])
        return found

    def lock_balances_of_skus(self, sku_codes: Iterable[str]) -> dict[Key, Balance]:
        """Every balance row of these SKUs, locked in (sku, location) order."""
        wanted = sorted(set(sku_codes))
        found: dict[Key, Balance] = {}
        for start in range(0, len(wanted), 500):
            query = (
                select(stock_balances)
                .where(stock_balances.c.sku.in_(wanted[start : start + 500]))
                .order_by(stock_balances.c.sku, stock_balances.c.location)
                .with_for_update(key_share=True)
            )
            for row in self._c.execute(query).mappings():
                found[(row["sku"], row["location"])] = Balance(row["on_hand"], row["reserved"])
        return found

    def set_balances(self, changed: dict[Key, Balance]) -> None:
        """Write new on-hand and reserved for existing balance rows (one round trip)."""
        if not changed:
            return
        rows = [
            {"key_sku": sku, "key_location": loc, "new_on_hand": b.on_hand, "new_reserved": b.reserved}
            for (sku, loc), b in sorted(changed.items())
        ]
        self._c.execute(_SET_BALANCE, rows[0] if len(rows) == 1 else rows)

    def shift_reserved(self, sku: str, location: str, units: int) -> Balance | None:
        """Add ``units`` (negative: take them off) to a balance's reserved in one locking statement.

        Returns the new balance, or None and changes nothing when the row is missing or the
        result would leave ``0..on_hand``. Like :meth:`lock_balances`, the row stays locked
        to the end of the transaction.
        """
        row = self._c.execute(_SHIFT_RESERVED, {"key_sku": sku, "key_location": location, "units": units}).first()
        return None if row is None else Balance(row[0], row[1])

    def balances_of(self, keys: Iterable[Key]) -> dict[Key, Balance]:
        """Balances of these keys (no locks); absent keys are left out."""
        found: dict[Key, Balance] = {}
        for sku, location in keys:
            row = self._c.execute(_READ_BALANCE, {"key_sku": sku, "key_location": location}).first()
            if row is not None:
                found[(sku, location)] = Balance(row[0], row[1])
        return found

    def balances(self) -> dict[Key, Balance]:
        """Every stored balance row (no locks)."""
        rows = self._c.execute(select(stock_balances)).mappings()
        return {(r["sku"], r["location"]): Balance(r["on_hand"], r["reserved"]) for r in rows}

    def occupancy(self, location: str, *, excluding_sku: str | None = None) -> Occupancy:
        """Volume (l) and weight (kg) of the stock on hand at a location."""
        volume = skus.c.length_cm * skus.c.width_cm * skus.c.height_cm / 1000.0
        query = (
            select(
                func.coalesce(func.sum(stock_balances.c.on_hand * volume), 0),
                func.coalesce(func.sum(stock_balances.c.on_hand * skus.c.weight_kg), 0),
            )
            .join(skus, skus.c.code == stock_balances.c.sku)
            .where(stock_balances.c.location == location)
        )
        if excluding_sku is not None:
            query = query.where(stock_balances.c.sku != excluding_sku)
        row = self._c.execute(query).one()
        return Occupancy(float(row[0]), float(row[1]))

    def stock_rows(
        self, *, sku: str | None = None, location: str | None = None, zone: str | None = None
    ) -> list[dict[str, object]]:
        """Balances with zone and kind, for reports; zero rows left out."""
        query = (
            select(
                stock_balances.c.sku,
                stock_balances.c.location,
                locations.c.zone,
                zones.c.kind,
                stock_balances.c.on_hand,
                stock_balances.c.reserved,
                (stock_balances.c.on_hand - stock_balances.c.reserved).label("available"),
            )
            .join(locations, locations.c.code == stock_balances.c.location)
            .join(zones, zones.c.code == locations.c.zone)
            .where(stock_balances.c.on_hand != 0)
            .order_by(stock_balances.c.sku, locations.c.depot_distance_m, stock_balances.c.location)
        )
        if sku is not None:
            query = query.where(stock_balances.c.sku == sku)
        if location is not None:
            query = query.where(stock_balances.c.location == location)
        if zone is not None:
            query = query.where(locations.c.zone == zone)
        return [dict(r) for r in self._c.execute(query).mappings()]

    # -- moves ------------------------------------------------------------------------
    def move_ends_known(self, sku: str, source: str, destination: str) -> tuple[bool, bool, bool]:
        """Whether the SKU, the source and the destination exist as SKU and physical locations (one query)."""
        params = {"move_sku": sku, "move_source": source, "move_destination": destination}
        row = self._c.execute(_MOVE_ENDS_KNOWN, params).one()
        return bool(row[0]), bool(row[1]), bool(row[2])

    def add_move(self, move: Move, *, reverses: int | None = None) -> int:
        values = {
            "sku": move.sku,
            "source": move.source,
            "destination": move.destination,
            "quantity": move.quantity,
            "reserved": move.reserved,
            "reason": move.reason.value,
            "reference": move.reference,
            "actor": move.actor,
            "at": move.at or utc_now(),
            "reverses": reverses,
        }
        return int(self._c.execute(_ADD_MOVE, values).scalar_one())

    def add_moves(self, moves: Sequence[Move]) -> list[int]:
        """Insert many moves in one round trip; returns their ids in the same order."""
        if not moves:
            return []
        now = utc_now()
        rows = [
            {
                "sku": m.sku, "source": m.source, "destination": m.destination, "quantity": m.quantity,
                "reserved": m.reserved, "reason": m.reason.value, "reference": m.reference, "actor": m.actor,
                "at": m.at or now, "reverses": None,
            }
            for m in moves
        ]  # fmt: skip
        statement = stock_moves.insert().returning(stock_moves.c.id, sort_by_parameter_order=True)
        return [int(i) for i in self._c.execute(statement, rows).scalars()]

    def get_move(self, move_id: int) -> StoredMove | None:
        row = self._c.execute(select(stock_moves).where(stock_moves.c.id == move_id)).mappings().first()
        if row is None:
            return None
        move = Move(
            row["sku"],
            row["source"],
            row["destination"],
            row["quantity"],
            MoveReason(row["reason"]),
            reference=row["reference"],
            actor=row["actor"],
            at=row["at"],
            reserved=row["reserved"],
        )
        return StoredMove(row["id"], move, row["reverses"])

    def reversal_of(self, move_id: int) -> int | None:
        return self._c.execute(select(stock_moves.c.id).where(stock_moves.c.reverses == move_id)).scalar()

    def moves(
        self, *, sku: str | None = None, since: datetime | None = None, limit: int | None = None
    ) -> list[StoredMove]:
        query = select(stock_moves.c.id).order_by(stock_moves.c.id)
        if sku is not None:
            query = query.where(stock_moves.c.sku == sku)
        if since is not None:
            query = query.where(stock_moves.c.at >= since)
        if limit is not None:
            query = query.limit(limit)
        return [m for i in self._c.execute(query).scalars() if (m := self.get_move(i)) is not None]

    def held_by_references(self, location: str, references: Iterable[str]) -> dict[tuple[str, str], int]:
        """Units per (reference, SKU) moved into ``location`` less those moved out, under these references.

        For a virtual location that holds stock per reference (``TOTES``: one reference per tote).
        """
        refs = sorted(set(references))
        if not refs:
            return {}
        held: dict[tuple[str, str], int] = {}
        for end, sign in ((stock_moves.c.destination, 1), (stock_moves.c.source, -1)):
            query = (
                select(stock_moves.c.reference, stock_moves.c.sku, func.sum(stock_moves.c.quantity))
                .where(and_(end == location, stock_moves.c.reference.in_(refs)))
                .group_by(stock_moves.c.reference, stock_moves.c.sku)
            )
            for reference, sku, units in self._c.execute(query):
                held[reference, sku] = held.get((reference, sku), 0) + sign * int(units)
        return {key: units for key, units in held.items() if units}

    def references_with_prefix(self, prefix: str) -> list[str]:
        """The distinct references starting with ``prefix`` (matched literally)."""
        query = (
            select(stock_moves.c.reference)
            .distinct()
            .where(stock_moves.c.reference.startswith(prefix, autoescape=True))
        )
        return [str(r) for r in self._c.execute(query).scalars()]

    def count_moves(self) -> int:
        return int(self._c.execute(select(func.count()).select_from(stock_moves)).scalar_one())

    def on_hand_from_moves(self) -> dict[Key, int]:
        """On-hand per (SKU, location) summed from every move, virtual locations included (one query)."""
        inflow = select(
            stock_moves.c.sku, stock_moves.c.destination.label("location"), stock_moves.c.quantity.label("delta")
        )
        outflow = select(
            stock_moves.c.sku,
            stock_moves.c.source.label("location"),
            (literal(0) - stock_moves.c.quantity).label("delta"),
        )
        both = union_all(inflow, outflow).subquery()
        query = select(both.c.sku, both.c.location, func.sum(both.c.delta)).group_by(both.c.sku, both.c.location)
        return {(sku, loc): int(total) for sku, loc, total in self._c.execute(query)}

    # -- reservations -----------------------------------------------------------------
    def reserved_by_reservations(self) -> dict[Key, int]:
        """Reserved units per (SKU, location) according to the reservation rows."""
        query = select(reservations.c.sku, reservations.c.location, func.sum(reservations.c.quantity)).group_by(
            reservations.c.sku, reservations.c.location
        )
        return {(sku, loc): int(total) for sku, loc, total in self._c.execute(query)}

    def reservations_of_lines(self, line_ids: Iterable[int]) -> list[tuple[int, int, str, str, int]]:
        """(reservation id, line id, sku, location, quantity) for these order lines, by location."""
        ids = sorted(set(line_ids))
        if not ids:
            return []
        query = (
            select(
                reservations.c.id,
                reservations.c.order_line_id,
                reservations.c.sku,
                reservations.c.location,
                reservations.c.quantity,
            )
            .where(reservations.c.order_line_id.in_(ids))
            .order_by(reservations.c.sku, reservations.c.location, reservations.c.id)
        )
        return [(int(a), int(b), c, d, int(e)) for a, b, c, d, e in self._c.execute(query)]

    def add_reservation(self, line_id: int, sku: str, location: str, quantity: int) -> bool:
        """Add ``quantity`` to the line's reservation at ``location`` (one row per line and location).

        False, writing nothing, when ``sku`` has no balance row at ``location`` (nothing to reserve).
        """
        params = {"res_line_id": line_id, "res_sku": sku, "res_location": location, "res_units": quantity}
        result = self._c.execute(_ADD_RESERVATION[self._c.dialect.name], {**params, "res_at": utc_now()})
        return bool(result.rowcount)

    def reserve_for_line(self, line_id: int, sku: str, location: str, quantity: int) -> Balance | None:
        """:meth:`add_reservation` then :meth:`shift_reserved` by ``quantity``: the new balance, or None if refused.

        None when there is no balance row or the shift would leave ``0..on_hand``; the caller
        must then raise (rolling back) or settle the balance itself, as the reservation row
        may already be written. One statement on PostgreSQL (see :func:`_with_shift`).
        """
        params = {"res_line_id": line_id, "res_sku": sku, "res_location": location, "res_units": quantity}
        if self._c.dialect.name == "postgresql":
            shift = {"key_sku": sku, "key_location": location, "units": quantity}
            row = self._c.execute(_RESERVE_FOR_LINE, {**params, **shift, "res_at": utc_now()}).first()
            return None if row is None else Balance(row[0], row[1])
        if not self.add_reservation(line_id, sku, location, quantity):
            return None
        return self.shift_reserved(sku, location, quantity)

    def release_for_line(self, line_id: int, sku: str, location: str, quantity: int, *, held: int) -> Balance | None:
        """:meth:`reduce_reservation` (``held`` read under the order's lock) then :meth:`shift_reserved` by ``-quantity``.

        The new balance, or None if the shift was refused (see :meth:`reserve_for_line`).
        """
        if self._c.dialect.name == "postgresql":
            statement = _RELEASE_DELETING if held <= quantity else _RELEASE_REDUCING
            params = {"res_line_id": line_id, "res_location": location, "res_units": quantity}
            shift = {"key_sku": sku, "key_location": location, "units": -quantity}
            row = self._c.execute(statement, {**params, **shift}).first()
            return None if row is None else Balance(row[0], row[1])
        self.reduce_reservation(line_id, location, quantity, held=held)
        return self.shift_reserved(sku, location, -quantity)

    def add_reservations(self, rows: Sequence[tuple[int, str, str, int]]) -> None:
        """Add (line id, sku, location, quantity) reservations, merging with a line's existing row there."""
        now = utc_now()
        merged: dict[tuple[int, str, str], int] = {}
        for line, sku, loc, qty in rows:  # one statement may not touch a row twice (PostgreSQL)
            merged[(line, sku, loc)] = merged.get((line, sku, loc), 0) + qty
        values = [
            {"order_line_id": line, "sku": sku, "location": loc, "quantity": qty, "created_at": now}
            for (line, sku, loc), qty in sorted(merged.items())
        ]
        for start in range(0, len(values), 500):
            statement = dialect_insert(self._c, reservations).values(values[start : start + 500])
            statement = statement.on_conflict_do_update(
                index_elements=["order_line_id", "location"],
                set_={"quantity": reservations.c.quantity + statement.excluded.quantity},
            )
            self._c.execute(statement)

    def reduce_reservation(self, line_id: int, location: str, quantity: int, *, held: int | None = None) -> None:
        """Take ``quantity`` off the line's reservation at ``location``; the row goes when it reaches zero.

        ``held``: the reservation there as the caller read it under the order's lock (saves a statement).
        """
        params = {"res_line_id": line_id, "res_location": location, "res_units": quantity}
        if held is not None:
            self._c.execute(_DELETE_RESERVATION if held <= quantity else _REDUCE_RESERVATION, params)
            return
        # One row per line and location: delete it when it holds no more than ``quantity``, else reduce it.
        if self._c.execute(_DELETE_RESERVATION_WITHIN, params).rowcount == 0:
            self._c.execute(_REDUCE_RESERVATION, params)

    def reserved_for_line(self, line_id: int, location: str) -> int:
        params = {"res_line_id": line_id, "res_location": location}
        return int(self._c.execute(_RESERVED_FOR_LINE, params).scalar_one())
