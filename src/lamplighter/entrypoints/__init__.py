"""Entry points: CLI (Typer), REST API (FastAPI) and web pages. Thin adapters over services."""
