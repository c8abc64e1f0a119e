"""The velocity shape is chosen by a walk-forward test on the history alone."""

from __future__ import annotations

import numpy as np
import pandas as pd

from lamplighter.planning.slotting.slots import SlotTable
from lamplighter.planning.slotting.velocity_shape import choose_velocity_shape, recency_weights
from tests.factories import make_layout


def _shifting_demand() -> pd.DataFrame:
    """Twenty SKUs; the first ten sell for 150 days, then the other ten take over for 60 days."""
    rng = np.random.default_rng(0)
    rows = []
    start = pd.Timestamp("2026-01-01")
    for day in range(210):
        hot = range(10) if day < 150 else range(10, 20)
        for o in range(6):
            skus = rng.choice(list(hot), size=2, replace=False)
            for s in skus:
                rows.append((f"{day}-{o}", f"S{s:02d}", 1, start + pd.Timedelta(days=day, hours=o)))
    return pd.DataFrame(rows, columns=["order_id", "sku", "quantity", "ordered_at"])


def test_recency_weights_halve_every_half_life() -> None:
    lines = pd.DataFrame(
        {"sku": ["A", "A", "B"], "ordered_at": pd.to_datetime(["2026-01-31", "2026-01-21", "2026-01-31"])}
    )
    weights = recency_weights(lines, pd.Index(["A", "B", "C"]), pd.Timestamp("2026-01-31"), 10.0)
    np.testing.assert_allclose(weights, [1.5, 1.0, 0.0])


def test_a_shift_in_demand_makes_recent_picks_count_more() -> None:
    layout = make_layout()
    slots = SlotTable.pick_faces(layout)
    lines = _shifting_demand()
    skus = pd.Index(sorted(lines["sku"].unique()))
    allowed = np.ones((len(skus), len(slots)), dtype=bool)
    shape = choose_velocity_shape(lines, skus, slots, allowed, (None, 7.0), (1.0,), validation_days=30)
    assert shape.half_life_days == 7.0
    assert shape.validation_orders == 30 * 6
