"""Row locks in one fixed order, so concurrent transactions never deadlock on each other.

The order is: order rows by id first, then stock balance rows sorted by (sku, location).
On PostgreSQL rows are taken with ``SELECT ... FOR UPDATE``; on SQLite the whole database
is already locked for writing by ``BEGIN IMMEDIATE`` (see ``adapters.db.engine``), and
the same calls are harmless there.
"""

from __future__ import annotations

from collections.abc import Iterable

from lamplighter.domain.ledger import Balance, is_virtual
from lamplighter.domain.orders import OrderStatus
from lamplighter.services.unit_of_work import UnitOfWork

Key = tuple[str, str]


def lock_order(keys: Iterable[Key]) -> list[Key]:
    """Physical (sku, location) keys, deduplicated, in the one lock order."""
    return sorted({k for k in keys if not is_virtual(k[1])})


def lock_stock(uow: UnitOfWork, keys: Iterable[Key], *, create_missing: bool = False) -> dict[Key, Balance]:
    """Lock the balance rows of ``keys`` (virtual locations ignored) and return their balances."""
    return uow.ledger.lock_balances(lock_order(keys), create_missing=create_missing)


def lock_orders(uow: UnitOfWork, order_ids: Iterable[int]) -> None:
    """Lock order rows (by id); call before locking any stock."""
    uow.orders.lock(order_ids)


def lock_order_by_ref(uow: UnitOfWork, channel: str, external_id: str) -> tuple[int, OrderStatus] | None:
    """Lock one order row by its ref (one statement); its id and status, or None when there is no such order."""
    return uow.orders.lock_ref(channel, external_id)


def lock_stock_of_skus(uow: UnitOfWork, sku_codes: Iterable[str]) -> dict[Key, Balance]:
    """Lock every balance row of these SKUs, in the one lock order."""
    return uow.ledger.lock_balances_of_skus(sku_codes)
