"""``lamplighter forecast``: forecast demand from an order-lines file, no database needed."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, cast

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from lamplighter.adapters.files.order_formats import FORMATS, OrderFileFormat

if TYPE_CHECKING:
    import pandas as pd
from lamplighter.entrypoints.cli.output import err_console, print_json, print_table

CSV_COLUMNS = ["sku", "date", "mean", "q50", "q90", "q95", "q99", "model"]


def forecast(
    orders: Path = typer.Option(..., "--orders", help="Order-lines file (CSV, CSV.gz or Excel for tiktok)."),
    fmt: str = typer.Option(..., "--format", help=f"File format: {' | '.join(FORMATS)}."),
    cutoff: datetime = typer.Option(
        ..., "--cutoff", help="First forecast day; only lines strictly before it are read."
    ),
    horizon: int = typer.Option(28, "--horizon", min=1, max=730, help="Days to forecast."),
    out: Path = typer.Option(..., "--out", help="CSV to write: sku,date,mean,q50,q90,q95,q99,model."),
    n_jobs: int = typer.Option(1, "--n-jobs", min=1, help="Processes for model fitting."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable summary on stdout."),
) -> None:
    """Forecast daily demand per SKU after CUTOFF with calibrated quantiles, chosen per class by backtest."""
    if fmt not in FORMATS:
        raise ValueError(f"--format: expected one of {', '.join(FORMATS)}, got {fmt!r}")
    import pandas as pd  # with the reader and the engine: loaded when the command runs

    from lamplighter.adapters.files.order_lines import read_order_lines

    cut = pd.Timestamp(cutoff).normalize()
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err_console, disable=as_json
    ) as progress:
        task = progress.add_task(f"reading {orders.name} (lines before {cut.date()})", total=None)
        read = read_order_lines(orders, cast(OrderFileFormat, fmt), until=cut.to_pydatetime())
        if read.frame.empty:
            raise ValueError(f"{orders}: no order lines before {cut.date()}")
        progress.update(task, description=f"netting cancellations in {len(read.frame):,} lines")
        start = read.frame["ordered_at"].min().normalize()
        from lamplighter.planning.demand import demand_history  # statsforecast loads only when used
        from lamplighter.planning.forecast import ForecastConfig, forecast_demand

        history = demand_history(read.frame, start, cut)
        progress.update(
            task, description=f"choosing models by backtest for {history.daily['unique_id'].nunique():,} SKUs"
        )
        result = forecast_demand(history.daily, horizon, config=ForecastConfig(n_jobs=n_jobs))
        progress.update(task, description=f"writing {out}")
        _write(result.daily, out)
    summary = {
        "orders_file": str(orders),
        "cutoff": cut.date(),
        "horizon_days": horizon,
        "history_start": start.date(),
        "skus": len(result.skus),
        "closed_days": len(history.closed_days),
        "cancelled_units_netted": history.cancelled_units,
        "returned_units_apart": int(history.returns["units"].sum()),
        "classes": dict(Counter(result.skus["demand_class"])),
        "models": dict(Counter(result.skus["model"])),
        "accelerating_skus": len(result.reasons),
        "out": str(out),
    }
    if as_json:
        print_json(summary)
        return
    print_table(
        f"Forecast written to {out}",
        [{"what": k.replace("_", " "), "value": _text(v)} for k, v in summary.items()],
    )
    if len(result.reasons):
        top = result.reasons.head(10)
        rows = [
            {"sku": str(sku), "factor": round(float(f), 2), "reason": str(m)}
            for sku, f, m in zip(top["unique_id"], top["factor"].to_numpy(dtype=float), top["message"], strict=True)
        ]
        print_table("Raised for acceleration", rows)


def _text(value: object) -> object:
    if isinstance(value, dict):
        return ", ".join(f"{k} {v}" for k, v in sorted(value.items()))
    return value


def _write(daily: pd.DataFrame, out: Path) -> None:
    import pandas as pd

    frame = daily.rename(columns={"unique_id": "sku", "ds": "date"})
    frame["date"] = pd.to_datetime(frame["date"]).dt.strftime("%Y-%m-%d")
    from lamplighter.planning.forecast import level_column

    value_columns = ["mean", *[level_column(q) for q in (0.5, 0.9, 0.95, 0.99)]]
    frame[value_columns] = frame[value_columns].round(3)
    out.parent.mkdir(parents=True, exist_ok=True)
    frame[CSV_COLUMNS].to_csv(out, index=False)


def register(app: typer.Typer) -> None:
    app.command("forecast")(forecast)
