"""The warehouse map: the slotting area's layout SVG, made clickable and overlaid with routes.

The picture itself comes from ``adapters.files.layout_svg`` (racks to scale, zones
outlined, bays shaded by a value). This module only adds what a page needs: each bay
cell names its bay (``data-bay``) so a click can show what is there, the tooltip names
the measure shown, and a walking route can be drawn on top in metres.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from markupsafe import Markup

from lamplighter.adapters.files import layout_svg as drawing
from lamplighter.domain.layout import Layout

_BAY_CELL = re.compile(r"<rect ([^>]*)><title>([A-Z0-9]+)-(\d+)-\*-(\d+): ([^ <]+) picks</title></rect>")


def map_svg(
    layout: Layout,
    values: Mapping[str, float] | None,
    measure: str,
    route: Sequence[Sequence[float]] = (),
    stops: Sequence[str] = (),
) -> Markup:
    """The layout with bays shaded by ``values`` (location -> amount of ``measure``) and an optional route.

    ``route`` is a walking path as (x, y) points in metres; ``stops`` are location codes in
    visiting order, numbered on the route.
    """
    svg = drawing.layout_svg(layout, values, title=f"{layout.name} · {measure}")

    def clickable(match: re.Match[str]) -> str:
        attrs, zone, row, bay, value = match.groups()
        code = f"{zone}-{row}-{bay}"
        return (
            f'<rect {attrs} class="bay" data-location="{code}" data-zone="{zone}">'
            f"<title>{zone}-{row}-*-{bay}: {value} {measure}</title></rect>"
        )

    svg = _BAY_CELL.sub(clickable, svg)
    svg = svg.replace("<svg ", '<svg class="map" role="img" ', 1)
    if route:
        svg = svg.replace("</svg>", _route_overlay(layout, route, stops) + "</svg>")
    return Markup(svg)


def _route_overlay(layout: Layout, route: Sequence[Sequence[float]], stops: Sequence[str]) -> str:
    # Same metres -> pixels mapping as layout_svg: x from the first aisle's left edge,
    # y flipped so that the front (packing) is at the bottom.
    grid, pitch = layout.grid, layout.geometry.aisle_pitch_m
    scale, margin = drawing._SCALE, drawing._MARGIN

    def px(x: float) -> float:
        return margin + (x - grid.aisle_x[0] + pitch / 2) * scale

    def py(y: float) -> float:
        return margin + 20 + (grid.cross_aisle_y[-1] - y) * scale

    points = " ".join(f"{px(float(p[0])):.1f},{py(float(p[1])):.1f}" for p in route)
    parts = [
        f'<g class="route"><polyline points="{points}" fill="none" stroke="#175cd3" stroke-width="3" '
        f'stroke-linejoin="round" stroke-linecap="round" opacity="0.85"/>'
    ]
    # Both rack rows of an aisle are picked from the same spot: number the spots walked to.
    spots: dict[tuple[float, float], list[str]] = {}
    for code in stops:
        point = layout.location(code).point
        spots.setdefault((round(point.x, 3), round(point.y, 3)), []).append(code)
    for number, codes in enumerate(spots.values(), start=1):
        point = layout.location(codes[0]).point
        parts.append(
            f'<g class="stop" data-stop="{" ".join(dict.fromkeys(codes))}"><title>{number}: {", ".join(dict.fromkeys(codes))}</title><circle cx="{px(point.x):.1f}" cy="{py(point.y):.1f}" r="7" '
            f'fill="#175cd3" stroke="#fff" stroke-width="1.5"/><text x="{px(point.x):.1f}" y="{py(point.y) + 3.5:.1f}" '
            f'text-anchor="middle" font-size="9" font-weight="700" fill="#fff">{number}</text></g>'
        )
    return "".join(parts) + "</g>"
