"""``lamplighter plan``: the daily planning cycle on the store -- replenishment, alerts and ad advice by date."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from lamplighter.entrypoints.cli.database import DbOption, JsonOption, open_store
from lamplighter.entrypoints.cli.output import console, err_console, print_json, print_table

if TYPE_CHECKING:  # the planning cycle loads the forecasting stack: imported when the command runs
    from lamplighter.services.planning_cycle import PlanningCycleResult
    from lamplighter.services.purchasing import Acceptance


def plan(
    run_date: datetime | None = typer.Option(
        None, "--date", formats=["%Y-%m-%d"], help="Plan date (default: today, UTC)."
    ),
    service: float = typer.Option(0.97, "--service", min=0.5, max=0.9999, help="Fill-rate target over all SKUs."),
    budget: float | None = typer.Option(None, "--budget", min=0.0, help="Cap on goods + freight of the suggestions."),
    no_forecast: bool = typer.Option(False, "--no-forecast", help="Skip the forecasting engine (faster)."),
    advice_csv: Path | None = typer.Option(None, "--advice-csv", help="Also write the ad team's CSV here."),
    top: int = typer.Option(10, "--top", min=1, help="Rows per table."),
    keep_forecasts: int = typer.Option(
        35,
        "--keep-forecasts",
        min=1,
        help="Keep the daily forecasts of this many newest runs (older runs keep the rest).",
    ),
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Plan every SKU for a date: purchase suggestions (sea/air), alerts and ad advice, stored by date."""
    from lamplighter.services.planning_cycle import (
        STEPS,
        PlanningCycleOptions,
        run_planning_cycle,
        with_fill_and_budget,
    )

    options = PlanningCycleOptions(
        run_date=run_date.date() if run_date else None, forecast=not no_forecast, keep_forecasts=keep_forecasts
    )
    options = with_fill_and_budget(options, service, budget)
    uow = open_store(db)
    with Progress(
        TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=err_console, disable=as_json
    ) as progress:
        task = progress.add_task("planning", total=len(STEPS))

        def step(name: str) -> None:
            progress.update(task, description=name, completed=STEPS.index(name))

        result = run_planning_cycle(uow, options, step)
        progress.update(task, completed=len(STEPS), description="done")
    if advice_csv is not None:
        from lamplighter.adapters.files.advice_csv import write_advice_csv

        write_advice_csv(result.plan.advice, advice_csv)
    if as_json:
        print_json(_payload(result, advice_csv))
        return
    _show(result, top, advice_csv)


def _payload(result: PlanningCycleResult, advice_csv: Path | None) -> dict[str, Any]:
    return {
        "run_id": result.run_id,
        "run_date": result.run_date,
        "summary": result.summary,
        "suggestions": _records(result.plan.suggestions),
        "alerts": _records(result.plan.alerts),
        "advice": _records(result.plan.advice),
        "advice_csv": None if advice_csv is None else str(advice_csv),
    }


def _records(frame: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = frame.astype(object).where(frame.notna(), None).to_dict("records")
    return out


def _show(result: PlanningCycleResult, top: int, advice_csv: Path | None) -> None:
    s = result.summary
    print_table(
        f"Plan for {result.run_date} (run {result.run_id})",
        [
            {"what": "SKUs planned", "value": s["skus"]},
            {"what": "fill rate planned for (after backtest)", "value": f"{s['planned_fill']:.2%}"},
            {"what": "expected demand from", "value": s["rates_from"]},
            {"what": "orders (sea / air)", "value": f"{s['orders']['sea']} / {s['orders']['air']}"},
            {"what": "units (sea / air)", "value": f"{s['units']['sea']:,} / {s['units']['air']:,}"},
            {"what": "spend (goods + freight)", "value": f"{s['spend']:,.2f}"},
            {"what": "deferred by budget", "value": s["deferred_by_budget"]},
            {"what": "alerts", "value": ", ".join(f"{k} {v}" for k, v in s["alerts"].items()) or "none"},
            {"what": "ad advice", "value": ", ".join(f"{k} {v}" for k, v in s["advice"].items()) or "none"},
        ],
    )
    columns = ["sku", "mode", "quantity", "arrives_in_days", "stockout_in_days", "within_budget", "reason"]
    print_table("Most urgent purchases", _records(result.plan.suggestions.head(top)), columns)
    print_table("Alerts", _records(result.plan.alerts.head(top)), ["sku", "kind", "severity", "message"])
    advice = result.plan.advice
    rank = advice["action"].map({"pause": 0, "throttle": 1, "scale": 2, "clearance": 3, "hold": 4})
    urgent = advice.assign(_rank=rank).sort_values(["_rank", "days_of_cover"], kind="stable")
    urgent = urgent[urgent["action"] != "hold"].drop(columns="_rank").head(top)
    print_table(
        "Ad advice", _records(urgent), ["sku", "action", "pause_by", "throttle_to", "bundle_partners", "reason"]
    )
    if advice_csv is not None:
        console.print(f"ad advice written to {advice_csv}")


def accept(
    choices: list[str] = typer.Argument(
        None, help="Suggestions to accept as SKU:MODE, or SKU:MODE=QUANTITY to order another quantity."
    ),
    run_date: datetime | None = typer.Option(
        None, "--date", formats=["%Y-%m-%d"], help="The plan's date (default: the latest plan)."
    ),
    every: bool = typer.Option(False, "--all", help="Accept every suggestion of the plan within its budget."),
    actor: str = typer.Option("planner", "--by", help="Who accepts (written on the orders)."),
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Accept purchase suggestions of a stored plan: each goes on order (SUPPLIER -> IN_TRANSIT, with its ETA)."""
    from lamplighter.services.plan_reports import latest_run
    from lamplighter.services.purchasing import Acceptance, accept_suggestions

    if bool(choices) == every:
        raise typer.BadParameter("name suggestions as SKU:MODE[=QUANTITY], or pass --all", param_hint="CHOICES/--all")
    uow = open_store(db)
    day = run_date.date() if run_date else None
    if every:
        wanted = [Acceptance(s["sku"], s["mode"]) for s in latest_run(uow, day).suggestions if s["within_budget"]]
    else:
        wanted = [_acceptance(text) for text in choices]
    placed = accept_suggestions(uow, wanted, day, actor=actor)
    rows = [
        {"po": p.po, "sku": p.sku, "mode": p.mode, "quantity": p.quantity, "eta": p.eta.isoformat()} for p in placed
    ]
    if as_json:
        print_json(rows)
        return
    print_table("On order", rows, ["po", "sku", "mode", "quantity", "eta"])
    console.print("The next plan counts these units as arriving on their ETA.")


def _acceptance(text: str) -> Acceptance:
    from lamplighter.services.purchasing import Acceptance

    head, _, quantity = text.partition("=")
    sku, _, mode = head.rpartition(":")
    if not sku or mode not in ("sea", "air") or (quantity and not quantity.isdigit()):
        raise typer.BadParameter(
            f"{text!r}: expected SKU:MODE or SKU:MODE=QUANTITY, MODE sea or air, QUANTITY a whole number",
            param_hint="CHOICES",
        )
    return Acceptance(sku, mode, int(quantity) if quantity else None)


def register(app: typer.Typer) -> None:
    app.command("plan")(plan)
    app.command("accept")(accept)
