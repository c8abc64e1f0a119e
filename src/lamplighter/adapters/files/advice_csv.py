"""The ad team's CSV: one row per SKU with the action, the pause date, the throttle share and why.

Opens in Excel and Google Sheets as is: UTF-8 with a byte-order mark, ISO dates, partners
space-separated, no index column.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from lamplighter.planning.advice import ADVICE_COLUMNS


def write_advice_csv(advice: pd.DataFrame, path: str | Path) -> Path:
    """Write :func:`lamplighter.planning.advice.ad_advice`'s frame to ``path``; returns the path."""
    missing = [c for c in ADVICE_COLUMNS if c not in advice.columns]
    if missing:
        raise ValueError(f"advice frame lacks columns {missing}")
    target = Path(path)
    frame = advice[ADVICE_COLUMNS].copy()
    frame["days_of_cover"] = frame["days_of_cover"].round(1)
    frame.to_csv(target, index=False, encoding="utf-8-sig", date_format="%Y-%m-%d")
    return target
