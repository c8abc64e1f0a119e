"""Random sequences of stock and order operations keep the ledger's invariants (hypothesis, SQLite).

After every step: balances equal the sum of the moves, nothing is negative or
over-reserved, reservations add up to the reserved quantities, on-hand matches a plain
Python model of the same operations, and an operation that was refused changed nothing.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test
from sqlalchemy import Engine

from lamplighter.domain.errors import DomainError
from lamplighter.domain.ledger import Balance
from lamplighter.services import orders, stock
from lamplighter.services.catalog import save_skus
from lamplighter.services.check import check_ledger
from lamplighter.services.locations import load_layout_into_db
from lamplighter.services.unit_of_work import UnitOfWork
from tests.factories import make_order, make_sku
from tests.integration.conftest import empty_tables

SKUS = ("SKU-1", "SKU-2")
SHELVES = ("A-01-01-01", "A-01-02-01", "A-02-01-01")
STAGING = "S-01-01-01"
PLACES = (*SHELVES, STAGING)
SMALL_LAYOUT = {
    "name": "ledger-test",
    "geometry": {"bays_per_row": 2},
    "zones": [
        {"code": "P", "kind": "packing", "location_volume_l": 10000, "location_weight_kg": 10000},
        {"code": "S", "kind": "staging", "location_volume_l": 10000, "location_weight_kg": 10000},
        {"code": "A", "kind": "fast", "aisles": 1, "levels": 2, "bays": 1, "location_volume_l": 1000},
        {"code": "R", "kind": "returns", "aisles": 1, "levels": 1, "bays": 1},
    ],
}

quantities = st.integers(min_value=1, max_value=6)


class LedgerMachine(RuleBasedStateMachine):
    engine: ClassVar[Engine]
    orders = Bundle("orders")

    def __init__(self) -> None:
        super().__init__()
        empty_tables(self.engine)
        self.uow = UnitOfWork(self.engine)
        load_layout_into_db(self.uow, SMALL_LAYOUT)
        save_skus(self.uow, [make_sku(code, weight_kg=0.1) for code in SKUS])
        self.on_hand: dict[tuple[str, str], int] = {}
        self.moves: list[tuple[int, str, str, str, int]] = []  # id, sku, source, destination, quantity
        self.order_count = 0

    # -- helpers ------------------------------------------------------------------------
    def balances(self) -> dict[tuple[str, str], Balance]:
        with self.uow as u:
            return {k: b for k, b in u.ledger.balances().items() if b.on_hand or b.reserved}

    def attempt(self, action: Any, *args: Any, **kwargs: Any) -> Any:
        """Run a use case; when the rules refuse it, assert that it changed nothing."""
        before = self.balances()
        try:
            return action(self.uow, *args, **kwargs)
        except DomainError:
            assert self.balances() == before
            return None

    def booked(self, move_id: int | None, sku: str, source: str, destination: str, quantity: int) -> None:
        if move_id is None:
            return
        self.moves.append((move_id, sku, source, destination, quantity))
        for place, sign in ((source, -1), (destination, 1)):
            if "-" in place:  # physical
                self.on_hand[(sku, place)] = self.on_hand.get((sku, place), 0) + sign * quantity

    # -- rules --------------------------------------------------------------------------
    @initialize()
    def start(self) -> None:
        assert check_ledger(self.uow).clean

    @rule(sku=st.sampled_from(SKUS), place=st.sampled_from(PLACES), quantity=quantities)
    def receive(self, sku: str, place: str, quantity: int) -> None:
        self.booked(self.attempt(stock.receive, sku, quantity, place), sku, "SUPPLIER", place, quantity)

    @rule(
        sku=st.sampled_from(SKUS),
        source=st.sampled_from(PLACES),
        destination=st.sampled_from(SHELVES),
        quantity=quantities,
    )
    def move(self, sku: str, source: str, destination: str, quantity: int) -> None:
        if source != destination:
            move_id = self.attempt(stock.move_stock, sku, quantity, source, destination)
            self.booked(move_id, sku, source, destination, quantity)

    @rule(sku=st.sampled_from(SKUS), place=st.sampled_from(PLACES), delta=st.integers(-6, 6).filter(bool))
    def adjust(self, sku: str, place: str, delta: int) -> None:
        source, target = ("ADJUSTMENT", place) if delta > 0 else (place, "ADJUSTMENT")
        self.booked(self.attempt(stock.adjust, sku, place, delta), sku, source, target, abs(delta))

    @rule(target=orders, sku=st.sampled_from(SKUS), quantity=quantities)
    def create_order(self, sku: str, quantity: int) -> str:
        self.order_count += 1
        order = make_order(f"O-{self.order_count}", [(sku, quantity)])
        orders.create_order(self.uow, order)
        return order.ref

    @rule(ref=orders, place=st.sampled_from(PLACES), quantity=quantities)
    def reserve(self, ref: str, place: str, quantity: int) -> None:
        self.attempt(orders.reserve, ref, 1, place, quantity)

    @rule(ref=orders, place=st.sampled_from(SHELVES), quantity=quantities)
    def release(self, ref: str, place: str, quantity: int) -> None:
        self.attempt(orders.release, ref, 1, place, quantity)

    @rule(ref=orders, place=st.sampled_from(SHELVES), quantity=quantities)
    def pick(self, ref: str, place: str, quantity: int) -> None:
        sku = self.sku_of(ref)
        self.booked(self.attempt(orders.pick, ref, 1, place, quantity), sku, place, "P-01-01-01", quantity)

    @rule(ref=orders)
    def cancel(self, ref: str) -> None:
        self.attempt(orders.cancel_order, ref)

    @rule()
    def allocate(self) -> None:
        orders.allocate_open_orders(self.uow)

    @rule(data=st.data())
    def reverse(self, data: st.DataObject) -> None:
        if self.moves:
            move_id, sku, source, target, quantity = data.draw(st.sampled_from(self.moves))
            self.booked(self.attempt(stock.reverse_move, move_id), sku, target, source, quantity)

    def sku_of(self, ref: str) -> str:
        with self.uow as u:
            return orders.load_order(u, ref).lines[0].sku

    # -- invariants ---------------------------------------------------------------------
    @invariant()
    def ledger_checks_clean(self) -> None:
        result = check_ledger(self.uow)
        assert result.clean, result.problems()

    @invariant()
    def never_negative_nor_over_reserved(self) -> None:
        for key, balance in self.balances().items():
            assert 0 <= balance.reserved <= balance.on_hand, key

    @invariant()
    def on_hand_matches_the_model(self) -> None:
        stored = {k: b.on_hand for k, b in self.balances().items() if b.on_hand}
        assert stored == {k: q for k, q in self.on_hand.items() if q}


def run_machine(engine: Engine, examples: int) -> None:
    LedgerMachine.engine = engine
    run_state_machine_as_test(
        LedgerMachine,
        settings=settings(
            max_examples=examples,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )


def test_random_operations_keep_the_ledger_invariants(sqlite_engine: Engine) -> None:
    run_machine(sqlite_engine, examples=15)


@pytest.mark.postgres
def test_random_operations_keep_the_ledger_invariants_on_postgres(postgres_engine: Engine) -> None:
    run_machine(postgres_engine, examples=4)
