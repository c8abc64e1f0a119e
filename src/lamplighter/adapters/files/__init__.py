"""File adapters: readers and writers of the formats sellers have (CSV, Excel, TOML)."""
