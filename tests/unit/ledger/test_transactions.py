"""The unit of work's retry rule and the lock order, without a database."""

from __future__ import annotations

import sqlite3
from types import TracebackType
from typing import Any, cast

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from lamplighter.domain.errors import InvalidLocationCode
from lamplighter.services.ledger import location_key
from lamplighter.services.locking import lock_order
from lamplighter.services.unit_of_work import UnitOfWork, is_retryable, run_in_transaction


class FakeUnitOfWork:
    def __init__(self) -> None:
        self.commits = 0
        self.rollbacks = 0

    def __enter__(self) -> FakeUnitOfWork:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.rollbacks += 1

    def commit(self) -> None:
        self.commits += 1


class PgError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


def db_error(original: Exception) -> DBAPIError:
    return OperationalError("UPDATE ...", {}, original)


def flaky(failures: list[Exception]) -> Any:
    def work(_uow: object) -> str:
        if failures:
            raise db_error(failures.pop(0))
        return "done"

    return work


def test_retries_serialization_failures_and_deadlocks_then_commits() -> None:
    uow = FakeUnitOfWork()
    work = flaky([PgError("40001"), PgError("40P01"), sqlite3.OperationalError("database is locked")])
    assert run_in_transaction(cast(UnitOfWork, uow), work) == "done"
    assert uow.commits == 1


def test_gives_up_after_the_bounded_number_of_retries() -> None:
    uow = FakeUnitOfWork()
    with pytest.raises(DBAPIError):
        run_in_transaction(cast(UnitOfWork, uow), flaky([PgError("40001")] * 3), retries=2)
    assert (uow.commits, uow.rollbacks) == (0, 3)


def test_does_not_retry_other_errors() -> None:
    uow = FakeUnitOfWork()
    error = IntegrityError("INSERT ...", {}, PgError("23505"))
    assert not is_retryable(error)
    calls: list[int] = []

    def work(_uow: object) -> None:
        calls.append(1)
        raise ValueError("not a database problem")

    with pytest.raises(ValueError):
        run_in_transaction(cast(UnitOfWork, uow), work)
    assert calls == [1]


def lost_connection() -> DBAPIError:
    return OperationalError("SELECT ...", {}, Exception("server closed the connection"), connection_invalidated=True)


def test_runs_the_work_again_when_its_connection_was_dead_before_the_commit() -> None:
    uow = FakeUnitOfWork()
    failures = [lost_connection()]

    def work(_uow: object) -> str:
        if failures:
            raise failures.pop()
        return "done"

    assert run_in_transaction(cast(UnitOfWork, uow), work) == "done"
    assert uow.commits == 1


def test_does_not_retry_a_commit_that_lost_its_connection() -> None:
    class CommitLosesConnection(FakeUnitOfWork):
        def commit(self) -> None:
            self.commits += 1
            raise lost_connection()

    uow = CommitLosesConnection()
    with pytest.raises(DBAPIError):
        run_in_transaction(cast(UnitOfWork, uow), lambda _u: "done")
    assert uow.commits == 1  # it may have committed: running the work again could do it twice


keys = st.tuples(st.sampled_from(["SKU-1", "SKU-2", "LAMP"]), st.sampled_from(["A-01-01-01", "B-02-01-03", "SUPPLIER"]))


@given(st.lists(keys), st.lists(keys))
def test_any_two_transactions_lock_shared_rows_in_the_same_order(
    first: list[tuple[str, str]], second: list[tuple[str, str]]
) -> None:
    a, b = lock_order(first), lock_order(second)
    shared = set(a) & set(b)
    assert [k for k in a if k in shared] == [k for k in b if k in shared]
    assert all(loc != "SUPPLIER" for _, loc in a)


def test_location_keys_are_canonical() -> None:
    assert location_key(" a-1-2-3 ") == "A-01-02-03"
    assert location_key("supplier") == "SUPPLIER"
    with pytest.raises(InvalidLocationCode):
        location_key("SHELF 4")
