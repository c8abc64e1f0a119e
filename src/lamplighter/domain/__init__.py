"""Pure warehouse domain: catalog, layout, storage rules, ledger, orders. No IO, no SQL."""
