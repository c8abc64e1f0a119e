"""Twenty pickers' reservations race for ten units: exactly ten win, and the ledger still checks."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from sqlalchemy import Engine

from lamplighter.domain.errors import InsufficientStock
from lamplighter.services import orders, stock, unit_of_work
from lamplighter.services.check import check_ledger
from lamplighter.services.unit_of_work import UnitOfWork, is_retryable
from tests.factories import make_order, stock_a_warehouse

THREADS = 20


def race(workers: int, work: Callable[[int], None]) -> list[BaseException | None]:
    """Run ``work(i)`` in ``workers`` threads released together by a barrier; return each one's error."""
    barrier = threading.Barrier(workers)
    outcome: list[BaseException | None] = [None] * workers

    def run(i: int) -> None:
        barrier.wait()
        try:
            work(i)
        except BaseException as error:  # collected and asserted on by the test
            outcome[i] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return outcome


def reserve_race(engine: Engine) -> None:
    uow = UnitOfWork(engine)
    stock_a_warehouse(uow, {("SKU-1", "A-01-01-01"): 10})
    for i in range(THREADS):
        orders.create_order(uow, make_order(f"O-{i}", [("SKU-1", 1)]))

    outcome = race(THREADS, lambda i: orders.reserve(UnitOfWork(engine), f"tiktok:O-{i}", 1, "A-01-01-01", 1))

    won = [e for e in outcome if e is None]
    lost = [e for e in outcome if e is not None]
    assert len(won) == 10
    assert len(lost) == 10 and all(isinstance(e, InsufficientStock) for e in lost), lost
    assert all("insufficient stock of SKU-1 at A-01-01-01" in str(e) for e in lost)
    (row,) = stock.stock_report(uow, sku="SKU-1")
    assert (row["on_hand"], row["reserved"]) == (10, 10)
    result = check_ledger(uow)
    assert result.clean, result.problems()


@pytest.mark.postgres
def test_twenty_threads_reserve_ten_units_on_postgres(postgres_engine: Engine) -> None:
    reserve_race(postgres_engine)


def test_twenty_threads_reserve_ten_units_on_sqlite(sqlite_engine: Engine) -> None:
    reserve_race(sqlite_engine)


def test_opposite_moves_between_two_locations_never_deadlock(engine: Engine) -> None:
    uow = UnitOfWork(engine)
    stock_a_warehouse(uow, {("SKU-1", "A-01-01-01"): 50, ("SKU-1", "A-01-01-02"): 50})
    routes = [("A-01-01-01", "A-01-01-02"), ("A-01-01-02", "A-01-01-01")]

    def shuttle(i: int) -> None:
        source, destination = routes[i % 2]
        for _ in range(5):
            stock.move_stock(UnitOfWork(engine), "SKU-1", 1, source, destination)

    assert race(8, shuttle) == [None] * 8
    assert {r["location"]: r["on_hand"] for r in stock.stock_report(uow)} == {"A-01-01-01": 50, "A-01-01-02": 50}
    assert check_ledger(uow).clean


@pytest.mark.postgres
def test_reservations_of_one_hot_row_queue_without_deadlocks(
    postgres_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Writing a reservation takes KEY SHARE on its balance row (the foreign key); the balance
    # must be locked FOR NO KEY UPDATE, which does not conflict with it, or two reservers
    # each holding KEY SHARE wait for each other's row lock: a deadlock, retried or worse.
    uow = UnitOfWork(postgres_engine)
    stock_a_warehouse(uow, {("SKU-1", "A-01-01-01"): 3})  # scarce: refusals take the locking path too
    for i in range(8):
        orders.create_order(uow, make_order(f"H-{i}", [("SKU-1", 1)]))
    deadlocks: list[BaseException] = []

    def counting(error: BaseException) -> bool:
        if getattr(getattr(error, "orig", None), "sqlstate", None) == "40P01":
            deadlocks.append(error)
        return is_retryable(error)

    monkeypatch.setattr(unit_of_work, "is_retryable", counting)

    refused: list[int] = []

    def cycle(i: int) -> None:
        for _ in range(15):
            try:
                orders.reserve(UnitOfWork(postgres_engine), f"tiktok:H-{i}", 1, "A-01-01-01", 1)
            except InsufficientStock:
                refused.append(i)
                continue
            orders.release(UnitOfWork(postgres_engine), f"tiktok:H-{i}", 1, "A-01-01-01", 1)

    assert race(8, cycle) == [None] * 8
    assert deadlocks == []
    assert refused  # the test did exercise refusals
    (row,) = stock.stock_report(uow, sku="SKU-1")
    assert (row["on_hand"], row["reserved"]) == (3, 0)
    assert check_ledger(uow).clean
