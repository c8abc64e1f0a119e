"""The local search lowers the summed optimal routes of its baskets and keeps every rule."""

from __future__ import annotations

import numpy as np
import pandas as pd

from lamplighter.planning.slotting.baskets import Baskets
from lamplighter.planning.slotting.local_search import SearchOptions, improve_placement
from lamplighter.planning.slotting.objective import RouteObjective
from lamplighter.planning.slotting.slots import SlotTable
from tests.factories import make_layout, make_sku
from tests.unit.slotting.worlds import order_history


def test_search_from_a_random_placement_walks_less_and_stays_allowed() -> None:
    layout = make_layout()
    slots = SlotTable.pick_faces(layout)
    skus = [make_sku(f"S{i:02d}") for i in range(40)]
    index = pd.Index([s.code for s in skus])
    objective = RouteObjective(slots, Baskets.from_lines(order_history(skus, 9, orders=300), index), len(skus))
    rng = np.random.default_rng(1)
    allowed = rng.random((len(skus), len(slots))) < 0.7
    start = np.full(len(skus), -1, dtype=np.int64)
    free = np.ones(len(slots), dtype=bool)
    for s in range(len(skus)):
        choice = np.flatnonzero(allowed[s] & free)
        start[s] = rng.choice(choice)
        free[start[s]] = False
    result = improve_placement(objective, start, allowed, SearchOptions(seconds=3.0, proposals=60, seed=2))
    assert result.end_metres < result.start_metres
    assert result.end_metres == objective.total(result.slot_of_sku)
    placed = result.slot_of_sku
    assert len(set(placed.tolist())) == len(placed)
    assert allowed[np.arange(len(skus)), placed].all()
