"""Demand classes by ADI and CV² (Syntetos, Boylan & Croston 2005)."""

from __future__ import annotations

import numpy as np
import pandas as pd

SMOOTH, ERRATIC, INTERMITTENT, LUMPY = "smooth", "erratic", "intermittent", "lumpy"
CLASSES: tuple[str, ...] = (SMOOTH, ERRATIC, INTERMITTENT, LUMPY)
ADI_CUT = 1.32
CV2_CUT = 0.49


def classify(history: pd.DataFrame, adi_cut: float = ADI_CUT, cv2_cut: float = CV2_CUT) -> pd.DataFrame:
    """Class of each series in a long frame (unique_id, y) over whatever periods it holds.

    ADI = periods / periods with demand; CV² = squared coefficient of variation of the
    non-zero sizes. smooth: ADI < 1.32 and CV² < 0.49; erratic: ADI < 1.32, CV² >= 0.49;
    intermittent: ADI >= 1.32, CV² < 0.49; lumpy: both high. A series without any demand
    is intermittent with ADI = inf. Returns unique_id, adi, cv2, demand_class, nonzero.
    """
    y = history["y"].to_numpy(dtype="float64")
    frame = pd.DataFrame({"unique_id": history["unique_id"].to_numpy(), "y": y, "nz": y > 0})
    frame["sz"] = np.where(frame["nz"], y, np.nan)
    grouped = frame.groupby("unique_id", sort=True)
    periods = grouped["y"].size()
    nonzero = grouped["nz"].sum()
    size_mean = grouped["sz"].mean()
    size_sd = grouped["sz"].std(ddof=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        adi = (periods / nonzero.replace(0, np.nan)).fillna(np.inf)
        cv2 = ((size_sd / size_mean) ** 2).fillna(0.0)
    high_adi = adi.to_numpy() >= adi_cut
    high_cv2 = cv2.to_numpy() >= cv2_cut
    demand_class = np.select(
        [~high_adi & ~high_cv2, ~high_adi & high_cv2, high_adi & ~high_cv2], [SMOOTH, ERRATIC, INTERMITTENT], LUMPY
    )
    return pd.DataFrame(
        {
            "unique_id": periods.index,
            "adi": adi.to_numpy(),
            "cv2": cv2.to_numpy(),
            "demand_class": demand_class,
            "nonzero": nonzero.to_numpy().astype("int64"),
        }
    )
