"""Layout use case: load a layout document into the store's zones and locations."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from lamplighter.domain.layout import Layout
from lamplighter.services.unit_of_work import UnitOfWork, run_in_transaction


@dataclass(frozen=True, slots=True)
class LayoutLoaded:
    name: str
    zones: int
    locations: int
    removed: int


def load_layout_into_db(uow: UnitOfWork, document: Mapping[str, Any]) -> LayoutLoaded:
    """Validate a layout document (the TOML's content) and store it, its zones and locations.

    Re-loading updates locations in place; locations that disappear are deleted only when
    no stock ever touched them (InvalidLayout otherwise). The document is kept, so
    ``uow.locations.layout()`` rebuilds the walking geometry later.
    """
    layout = Layout.from_dict(document)

    def work(u: UnitOfWork) -> LayoutLoaded:
        count, removed = u.locations.save_layout(layout, document)
        return LayoutLoaded(layout.name, len(layout.zones), count, removed)

    return run_in_transaction(uow, work)


def stored_layout(uow: UnitOfWork) -> Layout | None:
    """The layout loaded into the store, or None."""
    return run_in_transaction(uow.reader(), lambda u: u.locations.layout())
