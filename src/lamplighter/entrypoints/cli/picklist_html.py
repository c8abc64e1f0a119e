"""A printable pick list: lines in walking order and a small map with the route drawn on it."""

from __future__ import annotations

from collections import Counter
from html import escape
from typing import Any

from lamplighter.domain.layout import Layout
from lamplighter.entrypoints.web.warehouse_map import map_svg

_STYLE = """
body{font:14px system-ui,sans-serif;margin:24px;color:#1d2939}
h1{font-size:20px;margin:0 0 4px}p.meta{color:#475467;margin:0 0 16px}
table{border-collapse:collapse;width:100%;margin-bottom:20px}
th,td{border-bottom:1px solid #d0d5dd;padding:6px 8px;text-align:left}
th{background:#f2f4f7}td.n{text-align:right}td.loc{font:600 16px ui-monospace,monospace}
td.box{width:28px;border:1px solid #98a2b3}
.map svg{max-width:100%;height:auto}
@media print{.map{page-break-before:always}}
"""


def pick_list_html(listed: dict[str, Any], layout: Layout | None) -> str:
    """A self-contained HTML page (no scripts, no external assets) for a pick list."""
    tasks = [t for t in listed["tasks"] if t["status"] != "pulled"]
    rows = "".join(
        f"<tr><td class=n>{t['sequence']}</td><td class=loc>{escape(str(t['location']))}</td>"
        f"<td>{escape(str(t['sku']))}</td><td class=n>{t['quantity']}</td><td class=n>{t['tote']}</td>"
        f"<td>{escape(str(t['order']))}</td><td class=n>{float(t['leg_m']):.0f}</td><td class=box></td></tr>"
        for t in tasks
    )
    units = Counter(str(t["location"]) for t in tasks for _ in range(int(t["quantity"])))
    picture = ""
    if layout is not None:
        picture = f'<div class="map">{map_svg(layout, dict(units), "units to pick", listed.get("route") or [])}</div>'
    title = f"Pick list {listed['id']} · wave {listed['wave_id']}"
    totes = len({t["tote"] for t in tasks})
    return (
        f"<!doctype html><html lang=en><meta charset=utf-8><title>{escape(title)}</title>"
        f"<style>{_STYLE}</style><body><h1>{escape(title)}</h1>"
        f"<p class=meta>{len(tasks)} lines · {totes} totes · {float(listed['metres']):,.0f} m walk, "
        f"in walking order from the packing station</p>"
        "<table><thead><tr><th>#</th><th>location</th><th>SKU</th><th>qty</th><th>tote</th><th>order</th>"
        f"<th>m</th><th>✓</th></tr></thead><tbody>{rows}</tbody></table>{picture}</body></html>"
    )
