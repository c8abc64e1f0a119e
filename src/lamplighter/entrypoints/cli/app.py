"""The ``lamplighter`` command: each sub-command lives in its own module and registers here."""

from __future__ import annotations

import sys

import typer

from lamplighter import __version__
from lamplighter.domain.errors import DomainError
from lamplighter.entrypoints.cli.output import fail
from lamplighter.entrypoints.errors import exit_code_for

app = typer.Typer(
    name="lamplighter",
    help="Warehouse management and inventory planning for lighting sellers.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback(invoke_without_command=True)
def _root(
    version: bool = typer.Option(False, "--version", help="Print the version and exit."),
) -> None:
    if version:
        typer.echo(__version__)
        raise typer.Exit()


def _register_commands() -> None:
    # One line per command module; each module defines ``register(app)``.
    from lamplighter.entrypoints.cli import keys_commands, layout_commands, serve_commands

    layout_commands.register(app)
    keys_commands.register(app)
    serve_commands.register(app)
    from lamplighter.entrypoints.cli import routing_commands  # route, batch

    routing_commands.register(app)
    from lamplighter.entrypoints.cli import db_commands, order_commands, stock_commands

    db_commands.register(app)
    stock_commands.register(app)
    order_commands.register(app)
    from lamplighter.entrypoints.cli import import_commands

    import_commands.register(app)
    from lamplighter.entrypoints.cli import wave_commands  # wave, picklist, pick, pack, ship, kpis

    wave_commands.register(app)
    from lamplighter.entrypoints.cli import demo_commands

    demo_commands.register(app)
    from lamplighter.entrypoints.cli import slotting_commands  # slot, replay

    slotting_commands.register(app)
    from lamplighter.entrypoints.cli import forecast_commands  # forecast (file-based)

    forecast_commands.register(app)
    from lamplighter.entrypoints.cli import simulate_commands  # simulate (file-based)

    simulate_commands.register(app)
    from lamplighter.entrypoints.cli import plan_commands  # plan (daily cycle on the store)

    plan_commands.register(app)


_register_commands()


def _usage_errors() -> tuple[type[Exception], ...]:
    """Click's usage errors, and Typer's own copies of them (newer Typer vendors Click)."""
    import click

    kinds: list[type[Exception]] = [click.exceptions.ClickException]
    kinds += [k for k in type.mro(typer.BadParameter) if k.__name__ == "ClickException"]
    return tuple(kinds)


_USAGE_ERRORS = _usage_errors()


def main() -> None:
    """Console-script entry: domain errors become one clear line and a non-zero exit code."""
    try:
        # Without standalone mode Click returns a command's ``typer.Exit(code)`` instead of exiting.
        code = app(standalone_mode=False)
    except DomainError as exc:
        fail(str(exc))
        sys.exit(exit_code_for(exc))
    except (ValueError, OSError) as exc:
        fail(str(exc))
        sys.exit(exit_code_for(exc))
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        fail("aborted")
        sys.exit(130)
    except _USAGE_ERRORS as exc:  # bad options and arguments carry their own message and exit code
        exc.show()  # type: ignore[attr-defined]  # every class in _USAGE_ERRORS has show() and exit_code
        sys.exit(exc.exit_code)  # type: ignore[attr-defined]
    if isinstance(code, int) and code:
        sys.exit(code)
