"""``lamplighter serve``: the API and the dashboard on one port (uvicorn)."""

from __future__ import annotations

import os
from enum import StrEnum

import typer
from pydantic import ValidationError

from lamplighter.adapters.db.engine import make_engine
from lamplighter.adapters.db.migrate import migrate
from lamplighter.config import database_url
from lamplighter.entrypoints.cli.output import console, fail
from lamplighter.services import api_keys
from lamplighter.services.unit_of_work import UnitOfWork


class LogLevel(StrEnum):
    DEBUG = "debug"
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


def serve(
    db: str | None = typer.Option(
        None, "--db", help="Database URL or SQLite file (default: LAMPLIGHTER_DATABASE_URL)."
    ),
    host: str = typer.Option(
        "127.0.0.1", "--host", help="Address to listen on; other than loopback needs keys and a secret."
    ),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    workers: int = typer.Option(
        1, "--workers", min=1, max=64, help="Server processes (one per core for a busy API); each gets its own socket."
    ),
    access_log: bool = typer.Option(True, "--access-log/--no-access-log", help="Log a line per request."),
    log_level: LogLevel = typer.Option(LogLevel.INFO, "--log-level", help="Least severe server log lines shown."),
) -> None:
    """Serve the REST API (/api/v1, docs at /docs) and the dashboard (/)."""
    import uvicorn

    from lamplighter.entrypoints.api.app import create_app
    from lamplighter.entrypoints.api.processes import start_processes, supervise
    from lamplighter.entrypoints.api.settings import ApiSettings

    url = database_url(db)
    engine = make_engine(url)
    migrate(engine)
    active = api_keys.count_active_keys(UnitOfWork(engine))
    try:
        settings = ApiSettings(database_url=url, host=host, port=port, active_api_keys=active)
    except ValidationError as exc:
        for error in exc.errors():
            fail(str(error["msg"]).removeprefix("Value error, "))
        raise SystemExit(2) from None  # main() drops typer.Exit codes in non-standalone mode
    if active == 0:
        console.print("[yellow]No API key yet:[/yellow] create one with `lamplighter keys create --role admin`.")
    shown = f"[{host}]" if ":" in host else host
    if workers == 1:
        console.print(f"Lamplighter on [bold]http://{shown}:{port}/[/bold] (API docs at /docs)")
    else:
        engine.dispose()
        env = {
            **os.environ,
            "LAMPLIGHTER_DATABASE_URL": url,
            "LAMPLIGHTER_HOST": host,
            "LAMPLIGHTER_ACTIVE_API_KEYS": str(active),
        }
        try:  # the address is shown once it is ours: refused while a server is already there
            port, processes = start_processes(
                host, port, workers, env, access_log=access_log, log_level=log_level.value
            )
        except OSError as exc:
            fail(f"cannot listen on {shown}:{port}: {exc.strerror or exc}")
            raise SystemExit(1) from None
        console.print(f"Lamplighter on [bold]http://{shown}:{port}/[/bold] (API docs at /docs)")
        console.print(f"{workers} server processes: {', '.join(str(p.pid) for p in processes)}")
        raise SystemExit(supervise(processes))
    app = create_app(settings, engine=engine)
    uvicorn.run(app, host=host, port=port, log_level=log_level.value, proxy_headers=False, access_log=access_log)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
