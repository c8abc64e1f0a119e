"""The layout as an SVG picture: racks coloured by zone, or by pick frequency (a heat map).

Pure string building (no file IO): the CLI writes it to ``--svg FILE`` and the web
dashboard embeds it. Each bay of a rack row is one cell; its heat is the sum over levels.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from html import escape
from itertools import pairwise

from lamplighter.domain.layout import Layout, ZoneKind

_SCALE = 14.0  # pixels per metre
_MARGIN = 40.0
_ZONE_COLOURS = {
    ZoneKind.FAST: "#f4c542",
    ZoneKind.CATEGORY: "#8fb9e8",
    ZoneKind.FRAGILE: "#c9a0dc",
    ZoneKind.BATTERY: "#e86f6f",
    ZoneKind.BULKY: "#a3a3a3",
    ZoneKind.RESERVE: "#cfd8dc",
    ZoneKind.RETURNS: "#9ccc65",
    ZoneKind.QC: "#80cbc4",
    ZoneKind.STAGING: "#ffe0b2",
    ZoneKind.PACKING: "#ffcc80",
}


def heat_colour(share: float) -> str:
    """White (no picks) through yellow and orange to dark red (the most picked bay)."""
    share = min(max(share, 0.0), 1.0)
    stops = [(0.0, (255, 255, 255)), (0.25, (255, 237, 160)), (0.6, (253, 141, 60)), (1.0, (165, 0, 38))]
    for (a, ca), (b, cb) in pairwise(stops):
        if share <= b:
            t = (share - a) / (b - a)
            r, g, bl = (round(x + (y - x) * t) for x, y in zip(ca, cb, strict=True))
            return f"#{r:02x}{g:02x}{bl:02x}"
    return "#a50026"


def layout_svg(layout: Layout, heat: Mapping[str, float] | None = None, title: str | None = None) -> str:
    """SVG text of ``layout``; with ``heat`` (location label -> picks), bays are shaded by picks.

    Zones are outlined and labelled in their zone colour; the packing station is a dot on
    the front cross aisle. Front (packing side) is at the bottom.
    """
    grid = layout.grid
    pitch = layout.geometry.aisle_pitch_m
    width_m = grid.aisle_x[-1] - grid.aisle_x[0] + pitch
    depth_m = grid.cross_aisle_y[-1] - grid.cross_aisle_y[0]
    width = width_m * _SCALE + 2 * _MARGIN
    height = depth_m * _SCALE + 2 * _MARGIN + 30

    def px(x: float) -> float:
        return _MARGIN + (x - grid.aisle_x[0] + pitch / 2) * _SCALE

    def py(y: float) -> float:
        return _MARGIN + 20 + (grid.cross_aisle_y[-1] - y) * _SCALE

    bay_heat: dict[tuple[str, int, int], float] = defaultdict(float)
    for label, value in (heat or {}).items():
        if label in layout.locations:
            loc = layout.locations[label]
            bay_heat[(loc.zone.code, loc.code.row, loc.code.bay)] += float(value)
    top = max(bay_heat.values(), default=0.0)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="sans-serif" font-size="10">',
        f'<rect width="{width:.0f}" height="{height:.0f}" fill="#fafafa"/>',
        f'<text x="{_MARGIN}" y="20" font-size="14">{escape(title or layout.name)}</text>',
    ]
    bay_h = layout.geometry.bay_width_m * _SCALE
    rack_w = pitch * 0.3 * _SCALE
    for zone in layout.zones:
        if zone.is_area:
            continue
        colour = _ZONE_COLOURS.get(zone.kind, "#dddddd")
        x0 = px(grid.aisle_x[zone.first_aisle] - pitch / 2)
        x1 = px(grid.aisle_x[zone.first_aisle + zone.aisles - 1] + pitch / 2)
        parts.append(
            f'<rect x="{x0:.1f}" y="{py(grid.cross_aisle_y[-1]):.1f}" width="{x1 - x0:.1f}" '
            f'height="{depth_m * _SCALE:.1f}" fill="none" stroke="{colour}" stroke-width="3"/>'
        )
        parts.append(
            f'<text x="{x0 + 3:.1f}" y="{py(grid.cross_aisle_y[-1]) - 4:.1f}" fill="#333">'
            f"{escape(zone.code)} {escape(zone.kind.value)}</text>"
        )
        for row in range(1, zone.rows + 1):
            aisle = zone.first_aisle + (row - 1) // 2
            side = -1 if row % 2 else 1
            cx = grid.aisle_x[aisle] + side * pitch * 0.3
            for bay in range(1, zone.bays + 1):
                y = layout.locations[f"{zone.code}-{row:02d}-01-{bay:02d}"].point.y
                value = bay_heat.get((zone.code, row, bay), 0.0)
                fill = heat_colour(value / top) if heat is not None and top > 0 else colour
                parts.append(
                    f'<rect x="{px(cx) - rack_w / 2:.1f}" y="{py(y) - bay_h / 2:.1f}" width="{rack_w:.1f}" '
                    f'height="{bay_h:.1f}" fill="{fill}" stroke="#777" stroke-width="0.4">'
                    f"<title>{escape(zone.code)}-{row:02d}-*-{bay:02d}: {value:g} picks</title></rect>"
                )
    depot = grid.depot
    parts.append(f'<circle cx="{px(depot.x):.1f}" cy="{py(depot.y):.1f}" r="6" fill="#222"/>')
    parts.append(f'<text x="{px(depot.x) + 9:.1f}" y="{py(depot.y) + 4:.1f}">packing</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
