"""``lamplighter simulate`` on a small order-lines file: JSON out, clear refusals."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
from typer.testing import CliRunner

from lamplighter.entrypoints.cli.app import app


def _orders(tmp_path: Path) -> Path:
    rng = np.random.default_rng(5)
    days = pd.date_range("2025-01-01", "2025-08-31", freq="D")
    rows = [
        (f"{sku}-{day:%Y%m%d}", sku, int(qty), f"{day:%Y-%m-%d} 10:00", 9.5)
        for sku, rate in (("LAMP", 12.0), ("BULB", 3.0))
        for day, qty in zip(days, rng.poisson(rate, len(days)), strict=True)
        if qty > 0
    ]
    path = tmp_path / "lines.csv"
    pd.DataFrame(rows, columns=["order_id", "sku", "quantity", "ordered_at", "unit_price"]).to_csv(path, index=False)
    return path


def _run(path: Path, *extra: str) -> dict[str, object]:
    args = ["simulate", "--orders", str(path), "--format", "lines", "--warmup-start", "2025-04-01"]
    args += ["--start", "2025-06-01", "--end", "2025-08-31", "--sea-only", "--json", *extra]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    payload: dict[str, object] = json.loads(result.output)
    return payload


def test_simulate_prints_the_measures_for_each_policy(tmp_path: Path) -> None:
    path = _orders(tmp_path)
    ours = _run(path)
    cover = _run(path, "--policy", "cover", "--cover-days", "45")
    for payload in (ours, cover):
        assert payload["skus"] == 2 and payload["lanes"] == {"sea": "35+-7 days"}
        assert 0.5 < float(payload["fill_rate"]) <= 1.0  # type: ignore[arg-type]
        assert set(payload) >= {
            "stockout_sku_days",
            "avg_stock_units",
            "avg_stock_value",
            "orders_by_mode",
            "freight_cost",
        }
    assert ours["demand_units"] == cover["demand_units"]  # the same demand, only the decisions differ


def test_simulate_refuses_an_unknown_policy(tmp_path: Path) -> None:
    args = ["simulate", "--orders", str(_orders(tmp_path)), "--format", "lines", "--warmup-start", "2025-04-01"]
    result = CliRunner().invoke(app, [*args, "--start", "2025-06-01", "--end", "2025-08-31", "--policy", "magic"])
    assert result.exit_code != 0
    assert "magic" in result.output
