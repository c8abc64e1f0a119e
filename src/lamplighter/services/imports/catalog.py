"""Importing the catalog (SKUs, suppliers, freight lanes) and stock counts.

Rows are compared with what is stored first, so only new and changed rows are written and
the summary says how many of each (``unchanged`` rows are counted, not written).
"""

from __future__ import annotations

from pathlib import Path

from lamplighter.adapters.files import catalog_csv
from lamplighter.adapters.files.tabular import ImportErrorReport
from lamplighter.domain.errors import InsufficientStock
from lamplighter.domain.ledger import Move, MoveReason, VirtualLocation
from lamplighter.domain.suppliers import Supplier
from lamplighter.services.imports.batches import ImportOptions, ImportSummary, run_import
from lamplighter.services.ledger import record_move
from lamplighter.services.locking import lock_stock
from lamplighter.services.unit_of_work import UnitOfWork


def import_skus(uow: UnitOfWork, path: str | Path, options: ImportOptions = ImportOptions()) -> ImportSummary:
    """Create or update SKUs from a CSV/Excel file (one row per SKU, keyed by code)."""
    items = catalog_csv.read_skus(path, options.read)

    def write(u: UnitOfWork, summary: ImportSummary) -> None:
        summary.rows = len(items)
        stored = u.skus.many(s.code for s in items)
        changed = [s for s in items if stored.get(s.code) != s]
        summary.count("skus_added", sum(1 for s in changed if s.code not in stored))
        summary.count("skus_updated", sum(1 for s in changed if s.code in stored))
        summary.count("skus_unchanged", len(items) - len(changed))
        u.skus.save(changed)

    return run_import(uow, "skus", [path], "catalog", options, write)


def _supplier_key(s: Supplier) -> tuple[str, str, str | None, tuple[tuple[str, str], ...]]:
    return (s.code, s.name, s.country, tuple(sorted(s.extra.items())))


def import_suppliers(uow: UnitOfWork, path: str | Path, options: ImportOptions = ImportOptions()) -> ImportSummary:
    """Create or update suppliers (keyed by code)."""
    items = catalog_csv.read_suppliers(path, options.read)

    def write(u: UnitOfWork, summary: ImportSummary) -> None:
        summary.rows = len(items)
        stored = {s.code: _supplier_key(s) for s in u.suppliers.all()}
        changed = [s for s in items if stored.get(s.code) != _supplier_key(s)]
        summary.count("suppliers_added", sum(1 for s in changed if s.code not in stored))
        summary.count("suppliers_updated", sum(1 for s in changed if s.code in stored))
        summary.count("suppliers_unchanged", len(items) - len(changed))
        u.suppliers.save(changed)

    return run_import(uow, "suppliers", [path], "catalog", options, write)


def import_lanes(uow: UnitOfWork, path: str | Path, options: ImportOptions = ImportOptions()) -> ImportSummary:
    """Create or update freight lanes (keyed by supplier and mode); suppliers must exist."""
    items = catalog_csv.read_lanes(path, options.read)

    def write(u: UnitOfWork, summary: ImportSummary) -> None:
        summary.rows = len(items)
        known = {s.code for s in u.suppliers.all()}
        report = ImportErrorReport(str(path))
        for row, lane in enumerate(items, start=2):
            if lane.supplier not in known:
                report.add(row, "supplier", "a supplier already imported (import suppliers first)", lane.supplier)
        report.raise_if_any()
        stored = {(ln.supplier, ln.mode): ln for ln in u.suppliers.lanes()}
        changed = [ln for ln in items if stored.get((ln.supplier, ln.mode)) != ln]
        summary.count("lanes_added", sum(1 for ln in changed if (ln.supplier, ln.mode) not in stored))
        summary.count("lanes_updated", sum(1 for ln in changed if (ln.supplier, ln.mode) in stored))
        summary.count("lanes_unchanged", len(items) - len(changed))
        u.suppliers.save_lanes(changed)

    return run_import(uow, "lanes", [path], "catalog", options, write)


def import_stock_counts(uow: UnitOfWork, path: str | Path, options: ImportOptions = ImportOptions()) -> ImportSummary:
    """Set on-hand stock to what was counted: one cycle-count move per (SKU, location) that differs.

    SKUs and locations must exist; a count below what is reserved there is refused (release
    first). The same file imported twice changes nothing (it is recognised by its hash).
    """
    counts = catalog_csv.read_stock_counts(path, options.read)

    def write(u: UnitOfWork, summary: ImportSummary) -> None:
        summary.rows = len(counts)
        report = ImportErrorReport(str(path))
        known = u.skus.many(c.sku for c in counts)
        for c in counts:
            if c.sku not in known:
                report.add(c.row, "sku", "a SKU of the catalog (import skus first)", c.sku)
            if not u.locations.exists(c.location):
                report.add(c.row, "location", "a location of the loaded layout", c.location)
        report.raise_if_any()
        balances = lock_stock(u, [(c.sku, c.location) for c in counts], create_missing=True)
        reference = f"stock count {Path(path).name} (batch {summary.batch_id})"
        for c in counts:
            balance = balances[(c.sku, c.location)]
            delta = c.counted - balance.on_hand
            if delta == 0:
                summary.count("counts_unchanged")
                continue
            if c.counted < balance.reserved:
                report.add(
                    c.row, "counted", f"at least the {balance.reserved} reserved there (release first)", c.counted
                )
                continue
            adjustment = VirtualLocation.ADJUSTMENT.value
            source, target = (adjustment, c.location) if delta > 0 else (c.location, adjustment)
            try:
                record_move(
                    u, Move(c.sku, source, target, abs(delta), MoveReason.CYCLE_COUNT, reference, options.actor)
                )
            except InsufficientStock as exc:
                report.add(c.row, "counted", "a count the ledger can reach", str(exc))
                continue
            summary.count("units_added" if delta > 0 else "units_removed", abs(delta))
            summary.count("counts_adjusted")
        report.raise_if_any()

    return run_import(uow, "stock", [path], "counts", options, write)
