"""A small warehouse for end-to-end tests: the demo layout, a few SKUs, stock on the shelves."""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any

from sqlalchemy import Engine

from lamplighter.services import catalog, locations, stock
from lamplighter.services.unit_of_work import UnitOfWork
from tests.factories import make_sku

SHELF = "A-01-02-01"  # golden zone, waist height


def demo_layout_document() -> dict[str, Any]:
    return tomllib.loads(resources.files("lamplighter.demo").joinpath("layout.toml").read_text("utf-8"))


def stock_a_shelf(engine: Engine, skus: dict[str, int]) -> None:
    """Load the demo layout, create the SKUs and put ``units`` of each on SHELF."""
    locations.load_layout_into_db(UnitOfWork(engine), demo_layout_document())
    catalog.save_skus(UnitOfWork(engine), [make_sku(code) for code in skus])
    for code, units in skus.items():
        stock.receive(UnitOfWork(engine), code, units, SHELF)
