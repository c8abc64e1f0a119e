"""``lamplighter layout``: validate and describe a layout file."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import typer

from lamplighter.adapters.files.layout_file import load_layout
from lamplighter.entrypoints.cli.output import print_json, print_table


def layout(
    path: Path = typer.Argument(..., help="Layout TOML file."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
) -> None:
    """Validate a layout file and show its zones, locations and walking extent."""
    loaded = load_layout(path)
    counts = Counter(loc.zone.code for loc in loaded.locations.values())
    rows = [
        {
            "zone": z.code,
            "kind": z.kind.value,
            "name": z.name,
            "aisles": z.aisles,
            "levels": z.levels,
            "bays": z.bays,
            "locations": counts[z.code],
        }
        for z in loaded.zones
    ]
    if as_json:
        print_json({"name": loaded.name, "zones": rows, "locations": len(loaded.locations)})
    else:
        print_table(f"{loaded.name}: {len(loaded.locations):,} locations", rows)


def register(app: typer.Typer) -> None:
    app.command("layout")(layout)
