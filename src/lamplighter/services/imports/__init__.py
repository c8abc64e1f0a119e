"""Import use cases: catalog, stock counts, orders and ads from the files sellers have.

Each is idempotent (the same file again changes nothing), rejects a file with any problem
as a whole (nothing written; every problem names file, row, column and what was expected),
and can run dry (``ImportOptions(dry_run=True)``: the summary says what would change).
"""

from lamplighter.services.imports.ads import import_ads
from lamplighter.services.imports.batches import ImportOptions, ImportSummary, Progress, recent_batches
from lamplighter.services.imports.catalog import import_lanes, import_skus, import_stock_counts, import_suppliers
from lamplighter.services.imports.orders import ORDER_FORMATS, import_orders

__all__ = [
    "ORDER_FORMATS",
    "ImportOptions",
    "ImportSummary",
    "Progress",
    "import_ads",
    "import_lanes",
    "import_orders",
    "import_skus",
    "import_stock_counts",
    "import_suppliers",
    "recent_batches",
]
