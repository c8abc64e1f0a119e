"""Candidate statsforecast models and the family each demand class may choose from.

Only models that fit 10,000 series in well under a second per fit are candidates, because
every candidate is fitted once per backtest window (plan_speed.py's budget); AutoETS and
the optimised Theta cost ~3 ms per series per fit and are therefore baselines, not candidates.
``Combo`` is the mean of the class family's statsforecast members (forecast combination is
the most reliable single improvement in the M competitions), ``Median`` their median (robust
to one member far off, e.g. Croston on series that die out); both are computed, not fitted.
"""

from __future__ import annotations

from typing import Any

from statsforecast.models import (
    ADIDA,
    IMAPA,
    TSB,
    CrostonSBA,
    SeasonalNaive,
    SeasonalWindowAverage,
    SimpleExponentialSmoothingOptimized,
    WindowAverage,
)

from lamplighter.planning.forecast.classes import ERRATIC, INTERMITTENT, LUMPY, SMOOTH

COMBO = "Combo"
MEDIAN = "Median"
"""The median of the class family's members: a combination that one bad member cannot drag."""
COMBINATIONS: tuple[str, ...] = (COMBO, MEDIAN)
X_SUFFIX = "+X"
"""A candidate fitted on demand with the drivers' lift taken out, times the future lift."""


def candidate_models(season_length: int = 1, names: tuple[str, ...] | None = None) -> list[Any]:
    """The candidates (all, or those in ``names``), aliased with the names used in results."""
    models: list[Any] = [
        SimpleExponentialSmoothingOptimized(alias="SES"),
        WindowAverage(window_size=13, alias="MA13"),
        CrostonSBA(alias="CrostonSBA"),
        TSB(alpha_d=0.2, alpha_p=0.2, alias="TSB"),
        ADIDA(alias="ADIDA"),
        IMAPA(alias="IMAPA"),
    ]
    if season_length > 1:
        models.append(SeasonalNaive(season_length=season_length, alias="SeasonalNaive"))
        models.append(SeasonalWindowAverage(season_length=season_length, window_size=2, alias="SeasonalMA"))
    return [m for m in models if names is None or m.alias in names]


def families(season_length: int = 1, with_x: bool = False) -> dict[str, tuple[str, ...]]:
    """Models each class may choose from (``Combo`` / ``Median`` = mean / median of the other members).

    With drivers, every member also has its ``+X`` twin in the family.
    """
    if with_x:
        plain = families(season_length)
        return {cls: (*names, *(n + X_SUFFIX for n in names)) for cls, names in plain.items()}
    smooth: tuple[str, ...] = ("SES", "MA13", "ADIDA")
    if season_length > 1:
        smooth = (*smooth, "SeasonalMA")
    sparse = ("CrostonSBA", "TSB", "ADIDA", "IMAPA", "MA13", "SES")
    return {
        SMOOTH: (*smooth, *COMBINATIONS),
        ERRATIC: (*smooth, *COMBINATIONS),
        INTERMITTENT: (*sparse, *COMBINATIONS),
        LUMPY: (*sparse, *COMBINATIONS),
    }


def combo_members(season_length: int = 1) -> dict[str, tuple[str, ...]]:
    """The members combined into ``Combo`` and ``Median`` for each class."""
    return {cls: tuple(m for m in family if m not in COMBINATIONS) for cls, family in families(season_length).items()}
