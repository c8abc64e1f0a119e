"""Demand from order lines: cancellations net against what they cancel, closed days are listed."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from lamplighter.planning.demand import DemandRules, demand_history, net_cancellations


def lines(*rows: tuple[str, str, int, str, str | None, str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["order_id", "sku", "quantity", "ordered_at", "customer", "kind"])
    frame["ordered_at"] = pd.to_datetime(frame["ordered_at"])
    frame["unit_price"] = 1.0
    return frame


def test_a_whole_order_cancelled_minutes_later_is_no_demand() -> None:
    data = lines(
        ("541431", "23166", 74215, "2011-01-18 10:01", "12346", "order"),
        ("C541433", "23166", 74215, "2011-01-18 10:17", "12346", "cancel"),
        ("541500", "23166", 12, "2011-01-18 11:00", "99999", "order"),
    )
    history = demand_history(data, "2011-01-18", "2011-01-19")
    assert history.daily["y"].tolist() == [12.0]
    assert history.cancelled_units == 74215
    assert history.returns.empty


def test_a_cancellation_bigger_than_the_last_order_walks_back_to_earlier_orders() -> None:
    data = lines(
        ("1", "A", 5, "2011-01-03 09:00", "c1", "order"),
        ("2", "A", 3, "2011-01-04 09:00", "c1", "order"),
        ("C3", "A", 6, "2011-01-05 09:00", "c1", "cancel"),
    )
    daily = demand_history(data, "2011-01-03", "2011-01-06").daily
    assert daily["y"].tolist() == [2.0, 0.0, 0.0]


def test_a_cancellation_without_an_earlier_order_is_a_return_not_negative_demand() -> None:
    data = lines(
        ("1", "A", 4, "2011-01-03 09:00", "c1", "order"),
        ("C2", "A", 7, "2011-01-03 08:00", "c1", "cancel"),
        ("C3", "B", 2, "2011-01-03 10:00", None, "cancel"),
    )
    history = demand_history(data, "2011-01-03", "2011-01-04")
    assert history.daily.set_index("unique_id")["y"].to_dict() == {"A": 4.0}
    assert history.returns.set_index("unique_id")["units"].to_dict() == {"A": 7, "B": 2}


def test_two_cancellations_of_one_order_take_from_it_in_turn() -> None:
    data = lines(
        ("1", "A", 10, "2011-01-03 09:00", "c1", "order"),
        ("C2", "A", 6, "2011-01-03 10:00", "c1", "cancel"),
        ("C3", "A", 6, "2011-01-03 11:00", "c1", "cancel"),
    )
    orders, unmatched, netted = net_cancellations(data)
    assert orders["net_quantity"].tolist() == [0]
    assert netted == 10
    assert unmatched["left"].sum() == 2


def test_cancellations_net_only_within_the_configured_window() -> None:
    data = lines(
        ("1", "A", 10, "2011-01-03 09:00", "c1", "order"),
        ("C2", "A", 10, "2011-03-03 09:00", "c1", "cancel"),
    )
    orders, _, _ = net_cancellations(data, DemandRules(cancel_match_days=30))
    assert orders["net_quantity"].tolist() == [10]


def test_a_linked_cancellation_nets_against_its_own_order_id() -> None:
    data = lines(
        ("1", "A", 10, "2011-01-03 09:00", None, "order"),
        ("2", "A", 4, "2011-01-03 10:00", None, "order"),
        ("1", "A", 10, "2011-01-04 09:00", None, "cancel"),
    )
    orders, unmatched, _ = net_cancellations(data)
    assert orders["net_quantity"].tolist() == [0, 4]
    assert unmatched.empty


def test_every_sku_has_every_day_and_days_without_trade_are_closed() -> None:
    data = lines(
        ("1", "A", 1, "2011-01-03 09:00", "c1", "order"),
        ("2", "B", 2, "2011-01-05 09:00", "c2", "order"),
    )
    history = demand_history(data, "2011-01-03", "2011-01-06")
    assert len(history.daily) == 6
    assert history.daily["y"].sum() == 3.0
    assert list(history.closed_days) == [pd.Timestamp("2011-01-04")]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["A", "B"]),
            st.sampled_from(["c1", "c2", None]),
            st.integers(1, 50),
            st.integers(0, 30),
            st.booleans(),
        ),
        min_size=1,
        max_size=25,
    )
)
def test_netting_never_makes_demand_negative_and_loses_no_units(
    rows: list[tuple[str, str | None, int, int, bool]],
) -> None:
    data = lines(
        *[
            (
                f"{'C' if cancel else ''}{i}",
                sku,
                qty,
                f"2011-01-0{1 + hour // 10} {hour % 10:02d}:00",
                customer,
                "cancel" if cancel else "order",
            )
            for i, (sku, customer, qty, hour, cancel) in enumerate(rows)
        ]
    )
    orders, unmatched, netted = net_cancellations(data)
    assert (orders["net_quantity"] >= 0).all()
    assert (orders["net_quantity"] <= orders["quantity"]).all()
    cancelled = int(data.loc[data["kind"] == "cancel", "quantity"].sum())
    assert netted + int(unmatched["left"].sum()) == cancelled
    assert int((orders["quantity"] - orders["net_quantity"]).sum()) == netted
