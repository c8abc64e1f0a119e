"""CLI tables on a narrow terminal: codes stay whole, nothing is cut off."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from lamplighter.entrypoints.cli import output

ROWS = [
    {
        "sequence": n,
        "location": f"B-04-02-0{n}",
        "sku": f"SHD-02{n}",
        "quantity": n,
        "order": f"tiktok:5764006778741455{n:02d}",
        "note": "fragile glass shade, pack with the bubble wrap from bench two",
    }
    for n in range(1, 4)
]


def printed(monkeypatch: pytest.MonkeyPatch, width: int, **labels: str) -> str:
    sink = io.StringIO()
    monkeypatch.setattr(output, "console", Console(file=sink, width=width, color_system=None))
    output.print_table("Pick list 1", ROWS, labels=labels or None)
    return sink.getvalue()


def test_codes_stay_whole_and_long_values_fold_instead_of_being_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    text = printed(monkeypatch, 80)
    assert "…" not in text
    for row in ROWS:
        assert str(row["location"]) in text and str(row["sku"]) in text
    # The order number is too long to keep on one line at 80 columns: it folds, every digit still there.
    orders: list[str] = []
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.split("│")[1:-1]]
        if len(cells) != 6 or not cells[4]:
            continue
        if cells[0]:  # a row's first line
            orders.append(cells[4])
        else:  # a folded continuation of the row above
            orders[-1] += cells[4]
    assert orders == [row["order"] for row in ROWS]
    assert max(len(line) for line in text.splitlines()) <= 80


def test_labels_rename_headers(monkeypatch: pytest.MonkeyPatch) -> None:
    text = printed(monkeypatch, 120, sequence="#", quantity="qty")
    header = next(line for line in text.splitlines() if "location" in line)
    assert "#" in header and "qty" in header and "quantity" not in header


def test_a_table_too_wide_for_its_codes_folds_them_rather_than_running_off_the_screen(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rows = [
        {
            "id": 487,
            "channel": "tiktok",
            "external_id": "576400680132795463",
            "status": "allocated",
            "paid_at": "2026-11-20 09:01:31+00:00",
            "ship_by": "2026-11-21 09:01:31+00:00",
            "lines": 1,
            "units": 1,
        }
    ]
    sink = io.StringIO()
    monkeypatch.setattr(output, "console", Console(file=sink, width=80, color_system=None))
    output.print_table("Orders", rows)
    text = sink.getvalue()
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "units" in text and "…" not in text
