"""The business clock: the real clock, or a set morning that runs forward."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from lamplighter.config import business_now
from lamplighter.demo.scenarios import DEMO_TODAY


def test_without_a_setting_it_is_the_real_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LAMPLIGHTER_NOW", raising=False)
    assert abs(business_now() - datetime.now(UTC)) < timedelta(seconds=5)


def test_a_set_morning_runs_forward_from_there(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAMPLIGHTER_NOW", "2026-11-20T09:00:00Z")
    now = business_now()
    assert (
        datetime(2026, 11, 20, 9, 0, tzinfo=UTC) <= now < datetime(2026, 11, 20, 9, 0, tzinfo=UTC) + timedelta(days=2)
    )


def test_a_malformed_setting_is_refused_naming_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAMPLIGHTER_NOW", "next friday")
    with pytest.raises(ValueError, match="LAMPLIGHTER_NOW"):
        business_now()


def test_make_serve_serves_the_demo_as_of_its_own_morning() -> None:
    makefile = (Path(__file__).resolve().parents[3] / "Makefile").read_text()
    found = re.search(r"^DEMO_NOW \?= (\S+)$", makefile, re.MULTILINE)
    assert found is not None and found.group(1).startswith(DEMO_TODAY.isoformat())
