from datetime import datetime

import pandas as pd
import pytest

from lamplighter.planning.kpis import floor_kpis, kpis_by

T = pd.Timestamp


def make_orders() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "order_ref": ["a", "b", "c", "d"],
            "paid_at": [T("2026-11-20 08:00"), T("2026-11-20 09:00"), T("2026-11-20 10:00"), T("2026-11-20 11:00")],
            "ship_by": [T("2026-11-20 16:00"), T("2026-11-20 16:00"), T("2026-11-20 12:00"), T("2026-11-22 16:00")],
            "shipped_at": [T("2026-11-20 12:00"), T("2026-11-20 17:00"), pd.NaT, pd.NaT],
            "wave_id": [1, 1, 2, 2],
        }
    )


def make_pick_lists() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "pick_list_id": [1, 2],
            "wave_id": [1, 2],
            "started_at": [T("2026-11-20 10:00"), T("2026-11-20 11:00")],
            "finished_at": [T("2026-11-20 10:30"), pd.NaT],
            "lines": [10, 4],
            "units": [15, 4],
            "metres": [200.0, 80.0],
            "short_lines": [1, 0],
            "refused_scans": [2, 1],
        }
    )


def test_late_and_overdue_orders_count_against_the_on_time_rate() -> None:
    kpis = floor_kpis(make_orders(), make_pick_lists(), datetime(2026, 11, 20, 18, 0))
    # a on time, b late, c overdue and unshipped, d not yet due.
    assert kpis.orders_due == 3
    assert kpis.on_time_ship_rate == pytest.approx(1 / 3)


def test_productivity_counts_finished_pick_lists_only() -> None:
    kpis = floor_kpis(make_orders(), make_pick_lists(), datetime(2026, 11, 20, 18, 0))
    assert kpis.lines_per_picker_hour == pytest.approx(20.0)
    assert kpis.metres_per_line == pytest.approx(20.0)
    assert kpis.short_pick_rate == pytest.approx(0.1)
    assert kpis.mis_picks_prevented == 3
    assert kpis.cycle_time_p50_h == pytest.approx(6.0)


def test_kpis_can_be_grouped_by_wave() -> None:
    rows = kpis_by(make_orders(), make_pick_lists(), datetime(2026, 11, 20, 18, 0), "wave")
    assert [r["wave"] for r in rows] == [1, 2]
    assert rows[0]["on_time_ship_rate"] == pytest.approx(0.5)
