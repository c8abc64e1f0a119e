from __future__ import annotations

import re
from datetime import date, timedelta

from lamplighter.entrypoints.web.charts import HEIGHT, ForecastPoint, demand_chart


def _points(svg: str, css_class: str) -> list[tuple[float, float]]:
    match = re.search(rf'class="{css_class}" points="([^"]+)"', svg)
    assert match, css_class
    return [(float(a), float(b)) for a, b in (p.split(",") for p in match.group(1).split())]


def test_the_forecast_follows_the_history_to_the_right_and_stays_inside_its_band() -> None:
    start = date(2026, 1, 1)
    history = [(start + timedelta(days=i), float(i % 7)) for i in range(60)]
    forecast = [ForecastPoint(start + timedelta(days=60 + i), 4.0, 2.0, 7.0) for i in range(28)]
    svg = str(demand_chart(history, forecast))
    past, future = _points(svg, "history"), _points(svg, "forecast")
    assert len(past) == 60 and len(future) == 28
    assert max(x for x, _ in past) < min(x for x, _ in future)
    band = _points(svg, "band")
    upper, lower = band[:28], band[28:]
    # SVG y grows downwards: the band's upper edge is above the mean, the lower edge below.
    assert all(u[1] < f[1] < lw[1] for u, f, lw in zip(upper, future, reversed(lower), strict=True))
    assert all(0 <= y <= HEIGHT for _, y in past + future)


def test_a_sku_without_sales_gets_a_note_not_an_error() -> None:
    assert "No sales yet" in str(demand_chart([], []))
