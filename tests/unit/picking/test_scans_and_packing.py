import pytest

from lamplighter.domain.errors import InvalidQuantity
from lamplighter.domain.picking import (
    PackingCheck,
    PickLineStatus,
    PickTask,
    ScanRefused,
    check_pick_scan,
    pick_outcome,
)


def make_task(**overrides: object) -> PickTask:
    values: dict[str, object] = {
        "sequence": 1,
        "order_ref": "tiktok:1",
        "line_no": 1,
        "sku": "LAMP-1",
        "location": "A-01-02-03",
        "quantity": 2,
        "tote": 1,
    }
    values.update(overrides)
    return PickTask(**values)  # type: ignore[arg-type]


def test_the_right_location_and_sku_confirm_the_line() -> None:
    check_pick_scan(make_task(), " a-01-02-03", "LAMP-1")


def test_scanning_the_wrong_sku_is_refused_with_what_was_expected() -> None:
    with pytest.raises(ScanRefused, match="expected LAMP-1, got LAMP-2") as refused:
        check_pick_scan(make_task(), "A-01-02-03", "LAMP-2")
    assert refused.value.what == "SKU"


def test_scanning_the_wrong_location_is_refused() -> None:
    with pytest.raises(ScanRefused, match="location"):
        check_pick_scan(make_task(), "A-01-02-04", "LAMP-1")
    with pytest.raises(ScanRefused, match="location"):
        check_pick_scan(make_task(), "not a location", "LAMP-1")


def test_an_ean_barcode_maps_to_its_sku() -> None:
    check_pick_scan(make_task(), "A-01-02-03", "5012345678900", {"5012345678900": "LAMP-1"})


def test_a_short_pick_confirms_what_was_found() -> None:
    outcome = pick_outcome(make_task(quantity=5), found=3)
    assert (outcome.picked, outcome.short, outcome.status) == (3, 2, PickLineStatus.SHORT)
    assert pick_outcome(make_task(quantity=5)).status is PickLineStatus.PICKED
    with pytest.raises(InvalidQuantity):
        pick_outcome(make_task(quantity=5), found=6)


def test_packing_needs_every_unit_and_refuses_extras() -> None:
    check = PackingCheck.for_lines("tiktok:1", [("LAMP-1", 2), ("BULB-1", 1)])
    check.scan("LAMP-1")
    assert not check.complete and check.missing == {"LAMP-1": 1, "BULB-1": 1}
    with pytest.raises(ScanRefused):
        check.scan("SHADE-9")
    check.scan("LAMP-1")
    with pytest.raises(ScanRefused, match="no more LAMP-1"):
        check.scan("LAMP-1")
    check.scan("BULB-1")
    assert check.complete
