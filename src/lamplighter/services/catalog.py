"""Catalog use cases: SKUs, suppliers and their freight lanes."""

from __future__ import annotations

from collections.abc import Sequence

from lamplighter.domain.sku import Sku
from lamplighter.domain.suppliers import FreightLane, Supplier
from lamplighter.services.unit_of_work import UnitOfWork, run_in_transaction


def save_skus(uow: UnitOfWork, skus: Sequence[Sku]) -> int:
    """Create or update SKUs by code (one transaction); returns how many were written."""
    run_in_transaction(uow, lambda u: u.skus.save(skus))
    return len(skus)


def save_suppliers(uow: UnitOfWork, suppliers: Sequence[Supplier], lanes: Sequence[FreightLane] = ()) -> None:
    """Create or update suppliers and their lanes (a lane is keyed by supplier and mode)."""

    def work(u: UnitOfWork) -> None:
        u.suppliers.save(suppliers)
        u.suppliers.save_lanes(lanes)

    run_in_transaction(uow, work)


def list_skus(uow: UnitOfWork) -> list[Sku]:
    return run_in_transaction(uow.reader(), lambda u: u.skus.all())
