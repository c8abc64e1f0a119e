"""``lamplighter forecast`` on a generic order-lines file."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from typer.testing import CliRunner

from lamplighter.entrypoints.cli.app import app


def write_lines(path: Path, late_order: bool) -> Path:
    rng = np.random.default_rng(5)
    rows = []
    for day in pd.date_range("2024-01-01", "2024-05-31", freq="D"):
        for sku in range(25):
            for n in range(rng.poisson(2)):
                rows.append((f"{day:%Y%m%d}-{sku}-{n}", f"LAMP-{sku}", 1 + rng.poisson(1), f"{day:%Y-%m-%d} 10:00"))
    if late_order:
        rows.append(("LATE", "LAMP-0", 5000, "2024-05-15 09:00"))
    pd.DataFrame(rows, columns=["order_id", "sku", "quantity", "ordered_at"]).to_csv(path, index=False)
    return path


def run(orders: Path, out: Path) -> pd.DataFrame:
    args = ["forecast", "--orders", str(orders), "--format", "lines", "--cutoff", "2024-05-01"]
    result = CliRunner().invoke(app, [*args, "--horizon", "7", "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    return pd.read_csv(out)


def test_writes_the_forecast_csv_and_reads_nothing_from_the_cutoff_on(tmp_path: Path) -> None:
    plain = run(write_lines(tmp_path / "a.csv", late_order=False), tmp_path / "a_out.csv")
    with_late = run(write_lines(tmp_path / "b.csv", late_order=True), tmp_path / "b_out.csv")
    assert list(plain.columns) == ["sku", "date", "mean", "q50", "q90", "q95", "q99", "model"]
    assert len(plain) == 25 * 7
    assert plain["date"].min() == "2024-05-01"
    pd.testing.assert_frame_equal(plain, with_late)


def test_a_missing_file_fails_with_its_name(tmp_path: Path) -> None:
    args = ["forecast", "--orders", str(tmp_path / "nope.csv"), "--format", "lines", "--cutoff", "2024-05-01"]
    result = CliRunner().invoke(app, [*args, "--out", str(tmp_path / "o.csv")])
    assert result.exit_code != 0
    assert "nope.csv" in str(result.exception) + result.output
