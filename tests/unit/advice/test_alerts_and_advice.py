"""Alerts and ad advice, each with the numbers behind it, on a hand-made shelf of four SKUs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from lamplighter.adapters.files.advice_csv import write_advice_csv
from lamplighter.planning.advice import ad_advice
from lamplighter.planning.alerts import StockPosition, stock_alerts
from lamplighter.planning.replenishment.projection import (
    NEVER,
    Projection,
    arrivals_matrix,
    next_arrival,
    project_stock,
)

TODAY = date(2026, 11, 27)
SKUS = ("SUNSET", "STRIP", "DUSTY", "HERO")


def _shelf() -> tuple[StockPosition, Projection, np.ndarray]:
    # SUNSET: 30 on hand at 10 a day, next sea lands in 20 days -> out on day 3, pause.
    # STRIP: 150 at 10 a day, arrival in 30 days -> out on day 15, throttle to 15/30 = 50%.
    # DUSTY: 900 on hand, sells 0.5 a day, 400 days old: slow mover and overstock -> clearance.
    # HERO: 3,000 on hand at 40 a day -> 75 days of cover, the fastest seller -> scale.
    rate = np.array([10.0, 10.0, 0.5, 40.0])
    on_hand = np.array([30.0, 150.0, 900.0, 3000.0])
    incoming_sku, due = np.array([0, 1]), np.array([20, 30])
    incoming_qty = np.array([500.0, 500.0])
    position = StockPosition(
        skus=SKUS,
        on_hand=on_hand,
        on_order=np.asarray(np.bincount(incoming_sku, weights=incoming_qty, minlength=4), dtype=np.float64),
        unit_cost=np.array([8.0, 5.0, 12.0, 9.0]),
        sales_rate=rate,
        forecast_rate=rate,
        safety_stock=np.array([120.0, 100.0, 10.0, 500.0]),
        order_up_to=np.array([800.0, 800.0, 60.0, 4000.0]),
        oldest_stock_days=np.array([10.0, 20.0, 400.0, np.nan]),
    )
    arrivals = arrivals_matrix(4, 90, incoming_sku, incoming_qty, due)
    # A new sea order placed today lands in 35 days: a stock-out after that can still be prevented.
    arrival = np.minimum(next_arrival(4, incoming_sku, due), 35)
    return position, project_stock(on_hand, arrivals, rate), arrival


def test_alerts_say_what_is_wrong_with_the_numbers() -> None:
    position, projection, arrival = _shelf()
    alerts = stock_alerts(position, projection, arrival, TODAY)
    kinds = set(zip(alerts.sku, alerts.kind, strict=True))
    assert ("SUNSET", "below_safety_stock") in kinds
    assert ("SUNSET", "stockout_before_arrival") in kinds
    assert ("STRIP", "stockout_before_arrival") in kinds
    assert ("DUSTY", "slow_mover") in kinds
    assert ("DUSTY", "overstock") in kinds
    assert not any(sku == "HERO" for sku, _ in kinds)
    sunset = alerts[(alerts.sku == "SUNSET") & (alerts.kind == "stockout_before_arrival")].iloc[0]
    assert sunset.severity == "critical"
    assert sunset.date == date(2026, 11, 30)
    assert "(in 3 days), next arrival in 20 days; 170 units" in sunset.message
    assert alerts.iloc[0].severity == "critical"
    dusty = alerts[(alerts.sku == "DUSTY") & (alerts.kind == "slow_mover")].iloc[0]
    assert "1,800 days of supply" in dusty.message and "400 days old" in dusty.message


def test_advice_pauses_in_time_throttles_clears_and_scales() -> None:
    position, projection, arrival = _shelf()
    affinity = pd.DataFrame(
        {
            "sku_a": ["DUSTY", "DUSTY"],
            "sku_b": ["HERO", "STRIP"],
            "orders": [5, 9],
            "support": [0.1, 0.2],
            "lift": [4.0, 2.0],
        }
    )
    clearance = np.array([False, False, True, False])
    advice = ad_advice(SKUS, position.forecast_rate, projection, arrival, clearance, TODAY, affinity)
    rows = advice.set_index("sku")
    assert rows.loc["SUNSET", "action"] == "pause"
    assert rows.loc["SUNSET", "pause_by"] == date(2026, 11, 28)  # out on the 30th, 2 days of ad lag
    assert rows.loc["STRIP", "action"] == "throttle"
    assert rows.loc["STRIP", "throttle_to"] == 0.5
    assert rows.loc["DUSTY", "action"] == "clearance"
    assert rows.loc["DUSTY", "bundle_partners"] == "HERO STRIP"
    assert rows.loc["HERO", "action"] == "scale"


def test_advice_csv_opens_with_iso_dates_and_every_column(tmp_path: Path) -> None:
    position, projection, arrival = _shelf()
    advice = ad_advice(SKUS, position.forecast_rate, projection, arrival, np.zeros(4, bool), TODAY)
    path = write_advice_csv(advice, tmp_path / "advice.csv")
    text = path.read_text(encoding="utf-8-sig")
    assert (
        text.splitlines()[0]
        == "sku,action,pause_by,throttle_to,days_of_cover,stockout_date,next_arrival_date,bundle_partners,reason"
    )
    assert "SUNSET,pause,2026-11-28," in text


def test_next_arrival_is_never_when_nothing_is_on_order() -> None:
    assert next_arrival(2, np.array([1]), np.array([5])).tolist() == [NEVER, 5]
