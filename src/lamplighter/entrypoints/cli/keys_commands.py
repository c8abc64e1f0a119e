"""``lamplighter keys``: create, list and revoke API keys (only their hashes are stored)."""

from __future__ import annotations

import typer

from lamplighter.adapters.db.engine import make_engine
from lamplighter.adapters.db.migrate import migrate
from lamplighter.config import database_url
from lamplighter.entrypoints.api.roles import ROLE_SCOPES
from lamplighter.entrypoints.cli.output import console, print_json, print_table
from lamplighter.services import api_keys
from lamplighter.services.api_keys import ApiKey, Role
from lamplighter.services.unit_of_work import UnitOfWork

keys_app = typer.Typer(help="API keys for the REST API and the dashboard.", no_args_is_help=True)

DbOption = typer.Option(None, "--db", help="Database URL or SQLite file (default: LAMPLIGHTER_DATABASE_URL).")
JsonOption = typer.Option(False, "--json", help="Machine-readable output.")


def _uow(db: str | None) -> UnitOfWork:
    engine = make_engine(database_url(db))
    migrate(engine)  # keys may be the first thing made in a new database
    return UnitOfWork(engine)


def _row(key: ApiKey) -> dict[str, object]:
    return {
        "id": key.id,
        "prefix": key.prefix,
        "role": key.role.value,
        "label": key.label,
        "created_at": key.created_at.isoformat(timespec="seconds"),
        "revoked_at": key.revoked_at.isoformat(timespec="seconds") if key.revoked_at else None,
        "last_used_at": key.last_used_at.isoformat(timespec="seconds") if key.last_used_at else None,
    }


@keys_app.command("create")
def create(
    role: Role = typer.Option(..., "--role", help="viewer, picker, lead, planner or admin."),
    label: str = typer.Option("", "--label", help="Who or what the key is for."),
    db: str | None = DbOption,
    as_json: bool = JsonOption,
) -> None:
    """Create a key and print it once: it is not stored and cannot be shown again."""
    issued = api_keys.create_key(_uow(db), role, label)
    if as_json:
        print_json({**_row(issued.key), "key": issued.secret})
        return
    scopes = ", ".join(sorted(s.value for s in ROLE_SCOPES[role]))
    console.print(f"Created {role.value} key [bold]{issued.key.prefix}[/bold] (id {issued.key.id}; scopes: {scopes}).")
    console.print("Copy it now; it is shown only this once:\n")
    console.print(issued.secret, markup=False, highlight=False)


@keys_app.command("list")
def list_(db: str | None = DbOption, as_json: bool = JsonOption) -> None:
    """Every key: prefix, role, label, when made, revoked and last used (never the key)."""
    rows = [_row(k) for k in api_keys.list_keys(_uow(db))]
    if as_json:
        print_json(rows)
    else:
        print_table("API keys", rows)


@keys_app.command("revoke")
def revoke(
    key: str = typer.Argument(..., help="The key's id or prefix (as `keys list` shows), or the key itself."),
    db: str | None = DbOption,
    as_json: bool = JsonOption,
) -> None:
    """Revoke a key: API calls and dashboard sessions with it are refused from now on."""
    revoked = api_keys.revoke_key(_uow(db), key)
    if as_json:
        print_json(_row(revoked))
    else:
        console.print(f"Revoked {revoked.role.value} key {revoked.prefix} (id {revoked.id}).")


def register(app: typer.Typer) -> None:
    app.add_typer(keys_app, name="keys")
