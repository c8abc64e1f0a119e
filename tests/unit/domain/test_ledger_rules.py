import pytest

from lamplighter.domain.errors import InsufficientStock
from lamplighter.domain.ledger import Balance, Move, MoveReason, apply_move, balances_from_moves, find_drift


def test_a_receipt_adds_stock_and_a_pick_takes_it_away() -> None:
    balances: dict[tuple[str, str], Balance] = {}
    balances.update(apply_move(balances, Move("S1", "SUPPLIER", "A-01-01-01", 5, MoveReason.RECEIPT)))
    balances.update(apply_move(balances, Move("S1", "A-01-01-01", "CUSTOMER", 2, MoveReason.PICK)))
    assert balances[("S1", "A-01-01-01")] == Balance(3, 0)


def test_reserved_stock_cannot_be_moved_without_its_reservation() -> None:
    balances = {("S1", "A-01-01-01"): Balance(on_hand=3, reserved=2)}
    with pytest.raises(InsufficientStock):
        apply_move(balances, Move("S1", "A-01-01-01", "B-01-01-01", 2, MoveReason.TRANSFER))
    moved = apply_move(balances, Move("S1", "A-01-01-01", "CUSTOMER", 2, MoveReason.PICK, reserved=2))
    assert moved[("S1", "A-01-01-01")] == Balance(1, 0)


def test_a_reversal_undoes_a_move() -> None:
    move = Move("S1", "SUPPLIER", "A-01-01-01", 5, MoveReason.RECEIPT, reference="PO-1")
    totals = balances_from_moves([move, move.reversed()])
    assert totals[("S1", "A-01-01-01")] == 0 and totals[("S1", "SUPPLIER")] == 0


def test_drift_is_found_when_a_stored_balance_disagrees_with_moves() -> None:
    computed = balances_from_moves([Move("S1", "SUPPLIER", "A-01-01-01", 5, MoveReason.RECEIPT)])
    assert find_drift({("S1", "A-01-01-01"): Balance(5)}, computed) == []
    drift = find_drift({("S1", "A-01-01-01"): Balance(6)}, computed)
    assert [(d.sku, d.stored_on_hand, d.computed_on_hand) for d in drift] == [("S1", 6, 5)]
