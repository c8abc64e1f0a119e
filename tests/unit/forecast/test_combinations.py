"""Forecast combinations: ``Combo`` (mean) and ``Median`` of a class family's members."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lamplighter.planning.forecast.models import COMBO, MEDIAN, combo_members, families
from lamplighter.planning.forecast.periods import add_combo


def test_median_ignores_one_member_far_off_and_skips_members_that_could_not_fit() -> None:
    members = combo_members()["lumpy"]
    row = dict.fromkeys(members, 2.0)
    row["CrostonSBA"] = 50.0  # one member far off drags the mean, not the median
    gap = dict.fromkeys(members, 4.0)
    gap["MA13"] = np.nan  # too short a history for this member
    frame = pd.DataFrame([{"unique_id": "a", "ds": 1, **row}, {"unique_id": "b", "ds": 1, **gap}])
    classes = pd.DataFrame({"unique_id": ["a", "b"], "demand_class": ["lumpy", "lumpy"]})
    out = add_combo(frame, classes, 1).set_index("unique_id")
    assert out.loc["a", MEDIAN] == pytest.approx(2.0)
    assert out.loc["a", COMBO] == pytest.approx((2.0 * (len(members) - 1) + 50.0) / len(members))
    assert out.loc["b", MEDIAN] == pytest.approx(4.0)
    assert out.loc["b", COMBO] == pytest.approx(4.0)


def test_every_family_may_choose_both_combinations_but_never_combines_them() -> None:
    for cls, family in families(12).items():
        assert COMBO in family and MEDIAN in family
        assert COMBO not in combo_members(12)[cls] and MEDIAN not in combo_members(12)[cls]
