"""Charts drawn on the server as inline SVG: sales history with the forecast and its quantile band.

No chart library: a line, a shaded band and two axes are a few dozen lines of SVG, and
the page then needs no JavaScript and nothing from a CDN.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from markupsafe import Markup

WIDTH, HEIGHT = 860, 280
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 16, 34


@dataclass(frozen=True, slots=True)
class ForecastPoint:
    day: date
    mean: float
    low: float  # lower edge of the band (a low quantile)
    high: float  # upper edge of the band (a high quantile)


def demand_chart(
    history: Sequence[tuple[date, float]], forecast: Sequence[ForecastPoint], *, band_label: str = "q50–q90"
) -> Markup:
    """Daily units sold (grey line), forecast mean (orange) and its band (shaded), on one time axis.

    Empty inputs give an empty chart with a note rather than an error.
    """
    days = [d for d, _ in history] + [p.day for p in forecast]
    if not days:
        return Markup(f'<svg class="chart" viewBox="0 0 {WIDTH} 60"><text x="10" y="30">No sales yet.</text></svg>')
    first, last = min(days), max(days)
    span = max((last - first).days, 1)
    step = _nice_step(max([u for _, u in history] + [p.high for p in forecast] + [1.0]) / 4)
    top = step * 4 * 1.08

    def x(day: date) -> float:
        return LEFT + (day - first).days / span * (WIDTH - LEFT - RIGHT)

    def y(units: float) -> float:
        return TOP + (1 - units / top) * (HEIGHT - TOP - BOTTOM)

    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="Sales history and forecast">',
        *_axes(first, last, step, x, y),
    ]
    if forecast:
        upper = " ".join(f"{x(p.day):.1f},{y(p.high):.1f}" for p in forecast)
        lower = " ".join(f"{x(p.day):.1f},{y(p.low):.1f}" for p in reversed(forecast))
        parts.append(f'<polygon class="band" points="{upper} {lower}" fill="#f5b82e" opacity="0.28"/>')
        parts.append(f'<line x1="{x(forecast[0].day):.1f}" y1="{TOP}" x2="{x(forecast[0].day):.1f}" '
                     f'y2="{HEIGHT - BOTTOM}" stroke="#98a2b3" stroke-dasharray="4 3"/>')  # fmt: skip
    if history:
        points = " ".join(f"{x(d):.1f},{y(u):.1f}" for d, u in history)
        parts.append(f'<polyline class="history" points="{points}" fill="none" stroke="#667085" stroke-width="1.2"/>')
    if forecast:
        points = " ".join(f"{x(p.day):.1f},{y(p.mean):.1f}" for p in forecast)
        parts.append(f'<polyline class="forecast" points="{points}" fill="none" stroke="#d98b00" stroke-width="2.2"/>')
    parts.append(_legend(band_label))
    parts.append("</svg>")
    return Markup("".join(parts))


def _nice_step(raw: float) -> float:
    """The smallest of 1, 2, 2.5, 5 x 10^k at or above ``raw``: gridlines at round numbers of units."""
    magnitude = 10.0 ** math.floor(math.log10(raw)) if raw > 0 else 1.0
    return next(m * magnitude for m in (1.0, 2.0, 2.5, 5.0, 10.0) if m * magnitude >= raw - 1e-12)


def _axes(first: date, last: date, step: float, fx: Callable[[date], float], fy: Callable[[float], float]) -> list[str]:
    parts = [f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}" stroke="#d0d5dd"/>']
    digits = next(d for d in range(4) if round(step * 10**d, 9).is_integer() or d == 3)  # 2.5 -> 1, 0.25 -> 2
    for tick in range(5):
        units = step * tick
        parts.append(
            f'<line x1="{LEFT}" y1="{fy(units):.1f}" x2="{WIDTH - RIGHT}" y2="{fy(units):.1f}" stroke="#f2f4f7"/>'
            f'<text x="{LEFT - 6}" y="{fy(units) + 4:.1f}" text-anchor="end" font-size="11" fill="#667085">{units:,.{digits}f}</text>'
        )
    months: list[date] = []
    cursor = date(first.year, first.month, 1)
    while cursor <= last:
        if cursor >= first:
            months.append(cursor)
        cursor = date(cursor.year + (cursor.month == 12), cursor.month % 12 + 1, 1)
    for month in months[:: max(1, len(months) // 8)]:
        parts.append(
            f'<text x="{fx(month):.1f}" y="{HEIGHT - 12}" text-anchor="middle" font-size="11" fill="#667085">'
            f"{escape(month.strftime('%b %y'))}</text>"
        )
    return parts


def _legend(band_label: str) -> str:
    x0 = WIDTH - RIGHT - 330
    return (
        f'<g font-size="11" fill="#344054"><line x1="{x0}" y1="12" x2="{x0 + 18}" y2="12" stroke="#667085"/>'
        f'<text x="{x0 + 22}" y="16">units sold</text>'
        f'<line x1="{x0 + 90}" y1="12" x2="{x0 + 108}" y2="12" stroke="#d98b00" stroke-width="2.2"/>'
        f'<text x="{x0 + 112}" y="16">forecast</text>'
        f'<rect x="{x0 + 170}" y="7" width="18" height="10" fill="#f5b82e" opacity="0.28"/>'
        f'<text x="{x0 + 192}" y="16">{escape(band_label)}</text></g>'
    )
