"""The ``lamplighter`` command line (Typer + Rich)."""
