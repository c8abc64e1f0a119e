"""Floor KPIs from plain frames: on-time shipping, cycle time, pick productivity, walking.

Inputs (pandas frames, any extra columns ignored):
- ``orders``: order_ref, paid_at, ship_by, shipped_at (NaT while not shipped), wave_id
- ``pick_lists``: pick_list_id, wave_id, started_at, finished_at (NaT while open),
  lines, units, metres, short_lines, refused_scans

An order counts for the on-time rate once it is shipped or its deadline has passed
(an unshipped order past its ship-by is late). Productivity counts finished pick lists.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd


@dataclass(frozen=True, slots=True)
class FloorKpis:
    orders_due: int
    on_time_ship_rate: float | None
    cycle_time_p50_h: float | None
    cycle_time_p90_h: float | None
    cycle_time_p99_h: float | None
    pick_lists: int
    lines_picked: int
    units_picked: int
    lines_per_picker_hour: float | None
    units_per_picker_hour: float | None
    metres_per_line: float | None
    mis_picks_prevented: int
    short_pick_rate: float | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _ratio(numerator: float, denominator: float) -> float | None:
    return float(numerator / denominator) if denominator else None


def floor_kpis(orders: pd.DataFrame, pick_lists: pd.DataFrame, now: datetime) -> FloorKpis:
    """All floor KPIs over the given orders and pick lists."""
    now_ts = pd.Timestamp(now).tz_localize(None) if pd.Timestamp(now).tzinfo else pd.Timestamp(now)
    shipped = orders["shipped_at"].notna()
    due = orders["ship_by"].notna() & (shipped | (orders["ship_by"] <= now_ts))
    on_time = due & shipped & (orders["shipped_at"] <= orders["ship_by"])
    cycle_h = ((orders.loc[shipped, "shipped_at"] - orders.loc[shipped, "paid_at"]).dt.total_seconds() / 3600).dropna()
    p50, p90, p99 = (float(np.percentile(cycle_h, q)) for q in (50, 90, 99)) if len(cycle_h) else (None, None, None)
    done = pick_lists[pick_lists["finished_at"].notna()]
    hours = float(((done["finished_at"] - done["started_at"]).dt.total_seconds() / 3600).clip(lower=0).sum())
    lines = int(done["lines"].sum())
    units = int(done["units"].sum())
    return FloorKpis(
        orders_due=int(due.sum()),
        on_time_ship_rate=_ratio(float(on_time.sum()), float(due.sum())),
        cycle_time_p50_h=p50,
        cycle_time_p90_h=p90,
        cycle_time_p99_h=p99,
        pick_lists=len(done),
        lines_picked=lines,
        units_picked=units,
        lines_per_picker_hour=_ratio(lines, hours),
        units_per_picker_hour=_ratio(units, hours),
        metres_per_line=_ratio(float(done["metres"].sum()), lines),
        mis_picks_prevented=int(pick_lists["refused_scans"].sum()),
        short_pick_rate=_ratio(float(done["short_lines"].sum()), lines),
    )


def kpis_by(orders: pd.DataFrame, pick_lists: pd.DataFrame, now: datetime, by: str) -> list[dict[str, Any]]:
    """KPIs per day (``by="day"``: orders by ship-by date, pick lists by finish date) or per wave."""
    if by == "wave":
        order_key = orders["wave_id"]
        list_key = pick_lists["wave_id"]
    elif by == "day":
        order_key = orders["ship_by"].dt.date
        list_key = pick_lists["finished_at"].dt.date.where(
            pick_lists["finished_at"].notna(), pick_lists["started_at"].dt.date
        )
    else:
        raise ValueError(f"KPIs can be grouped by 'day' or 'wave', not {by!r}")
    keys = sorted({k for k in pd.concat([order_key, list_key]).dropna().unique()}, key=str)
    rows: list[dict[str, Any]] = []
    for key in keys:
        kpis = floor_kpis(orders[order_key == key], pick_lists[list_key == key], now)
        rows.append({by: key, **kpis.as_dict()})
    return rows
