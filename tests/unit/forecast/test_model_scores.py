"""Backtest scores that choose a class's model (``periods.score_models``)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lamplighter.planning.forecast.periods import score_models


def _two_origins(**more: list[float]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Backtest rows of one smooth series at two origins of 10 units each, and its class.

    "late" could not fit the first origin (too short a history for its season); it is 5
    units off where it exists, "steady" 4 units off at each.
    """
    cv = pd.DataFrame(
        {
            "unique_id": ["a", "a"],
            "ds": [1, 2],
            "cutoff": [0, 1],
            "y": [10.0, 10.0],
            "steady": [14.0, 14.0],
            "late": [np.nan, 15.0],
            **more,
        }
    )
    return cv, pd.DataFrame({"unique_id": ["a"], "demand_class": ["smooth"]})


def test_a_model_missing_an_origin_is_scored_on_the_units_of_the_origins_it_forecast() -> None:
    scores = score_models(*_two_origins()).set_index("model")
    assert scores.loc["steady", "wape"] == pytest.approx(0.4)
    assert scores.loc["late", "wape"] == pytest.approx(0.5)  # not 5 / 20 = 0.25
    assert scores.loc["late", "bias"] == pytest.approx(0.5)
    assert scores["wape"].idxmin() == "steady"


def test_a_model_outside_the_class_family_gets_no_score() -> None:
    cv = pd.DataFrame({"unique_id": ["a"], "ds": [1], "cutoff": [0], "y": [3.0], "m1": [2.0], "m2": [np.nan]})
    classes = pd.DataFrame({"unique_id": ["a"], "demand_class": ["lumpy"]})
    assert score_models(cv, classes)["model"].tolist() == ["m1"]


def test_common_windows_score_every_model_on_the_windows_all_of_them_forecast() -> None:
    # "late" missed the first origin, so like for like both are scored on the second origin
    # only (steady 4 / 10, late 5 / 10). "other" is outside the family: no score, no effect.
    cv, classes = _two_origins(other=[np.nan, np.nan])
    scores = score_models(cv, classes, windows="common").set_index("model")
    assert sorted(scores.index) == ["late", "steady"]
    assert scores.loc["steady", "wape"] == pytest.approx(0.4)
    assert scores.loc["late", "wape"] == pytest.approx(0.5)
    changed = cv.assign(steady=[10.0, 14.0])  # steady's first window no longer counts
    assert score_models(changed, classes, windows="common").set_index("model").loc["steady", "wape"] == pytest.approx(
        0.4
    )
