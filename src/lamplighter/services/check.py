"""``lamplighter check``: recompute balances from the moves and report every disagreement."""

from __future__ import annotations

from dataclasses import dataclass, field

from lamplighter.domain.ledger import Drift, find_drift, is_virtual
from lamplighter.services.unit_of_work import UnitOfWork, run_in_transaction


@dataclass(frozen=True, slots=True)
class ReservationMismatch:
    """A balance whose ``reserved`` is not the sum of its reservation rows."""

    sku: str
    location: str
    balance_reserved: int
    reservation_rows: int

    def describe(self) -> str:
        return (
            f"{self.sku} @ {self.location}: balance says {self.balance_reserved} reserved, "
            f"reservations add up to {self.reservation_rows}"
        )


@dataclass(frozen=True, slots=True)
class Unbalanced:
    """A SKU whose stored physical stock plus its virtual totals is not zero (stock from nowhere)."""

    sku: str
    total: int

    def describe(self) -> str:
        return f"{self.sku}: stored stock plus virtual locations sums to {self.total}, not 0"


@dataclass(frozen=True, slots=True)
class LedgerCheck:
    moves_checked: int
    balances_checked: int
    drift: list[Drift] = field(default_factory=list)
    reservation_mismatches: list[ReservationMismatch] = field(default_factory=list)
    unbalanced: list[Unbalanced] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.drift or self.reservation_mismatches or self.unbalanced)

    def problems(self) -> list[str]:
        """One line per problem found, drift first."""
        found = [d.describe() for d in self.drift]
        found += [m.describe() for m in self.reservation_mismatches]
        return found + [u.describe() for u in self.unbalanced]


def check_ledger(uow: UnitOfWork) -> LedgerCheck:
    """Compare stored balances with the moves, reservations with balances, and conservation per SKU.

    Read only: it runs in one snapshot and never takes SQLite's write lock.
    """
    return run_in_transaction(uow.reader(), _check)


def _check(uow: UnitOfWork) -> LedgerCheck:
    stored = uow.ledger.balances()
    computed = uow.ledger.on_hand_from_moves()
    by_rows = uow.ledger.reserved_by_reservations()
    mismatches = []
    for key in sorted(set(stored) | set(by_rows)):
        in_balance = stored[key].reserved if key in stored else 0
        if in_balance != by_rows.get(key, 0):
            mismatches.append(ReservationMismatch(key[0], key[1], in_balance, by_rows.get(key, 0)))
    # Every unit in the building came from a virtual location: stored + virtual totals must cancel.
    totals: dict[str, int] = {}
    for (sku, _loc), balance in stored.items():
        totals[sku] = totals.get(sku, 0) + balance.on_hand
    for (sku, loc), quantity in computed.items():
        if is_virtual(loc):
            totals[sku] = totals.get(sku, 0) + quantity
    unbalanced = [Unbalanced(sku, total) for sku, total in sorted(totals.items()) if total != 0]
    return LedgerCheck(uow.ledger.count_moves(), len(stored), find_drift(stored, computed), mismatches, unbalanced)
