"""Basket affinity: support and lift worked by hand on four baskets."""

from __future__ import annotations

import pandas as pd
import pytest

from lamplighter.planning.affinity import AffinityOptions, bundle_partners, co_occurrence_lift


def _lines(baskets: dict[str, list[str]], kind: str = "order") -> pd.DataFrame:
    rows = [(order, sku, kind) for order, skus in baskets.items() for sku in skus]
    return pd.DataFrame(rows, columns=["order_id", "sku", "kind"])


def test_lift_matches_hand_worked_example() -> None:
    # 4 baskets; lamp in 3, bulb in 2, both in 2: support 2/4, lift (2/4) / (3/4 * 2/4) = 4/3.
    lines = _lines({"o1": ["LAMP", "BULB"], "o2": ["LAMP", "BULB"], "o3": ["LAMP"], "o4": ["SHADE"]})
    pairs = co_occurrence_lift(lines, AffinityOptions(min_orders=1))
    row = pairs[(pairs.sku_a == "BULB") & (pairs.sku_b == "LAMP")].iloc[0]
    assert row.orders == 2
    assert row.support == pytest.approx(0.5)
    assert row.lift == pytest.approx(4 / 3)
    assert len(pairs) == 1


def test_cancellations_and_repeated_lines_do_not_count_as_baskets() -> None:
    orders = _lines({"o1": ["A", "B", "B"], "o2": ["A", "B"]})
    cancels = _lines({"C1": ["A", "B"], "C2": ["A", "B"]}, kind="cancel")
    pairs = co_occurrence_lift(pd.concat([orders, cancels]), AffinityOptions(min_orders=1))
    assert pairs.iloc[0].orders == 2
    assert pairs.iloc[0].lift == pytest.approx(1.0)


def test_big_baskets_are_left_out_and_rare_pairs_filtered() -> None:
    lines = _lines({"o1": ["A", "B", "C"], "o2": ["A", "B"], "o3": ["A", "B"]})
    capped = co_occurrence_lift(lines, AffinityOptions(min_orders=1, max_basket_size=2))
    assert set(zip(capped.sku_a, capped.sku_b, strict=True)) == {("A", "B")}
    filtered = co_occurrence_lift(lines, AffinityOptions(min_orders=2, max_basket_size=None))
    assert list(filtered.orders) == [3]


def test_bundle_partners_ranks_by_lift_from_either_side() -> None:
    lines = _lines({"o1": ["A", "B"], "o2": ["A", "B"], "o3": ["A", "C"], "o4": ["D"], "o5": ["A", "C", "B"]})
    pairs = co_occurrence_lift(lines, AffinityOptions(min_orders=1))
    partners = bundle_partners(pairs, ["B", "C"], top=1)
    assert partners == {"B": ["A"], "C": ["A"]}
