import pytest

from lamplighter.domain.errors import PlacementRefused
from lamplighter.domain.storage_rules import Occupancy, check_placement, placement_violations
from tests.factories import make_battery_sku, make_layout, make_sku


def test_battery_skus_are_refused_outside_the_battery_zone() -> None:
    layout = make_layout()
    with pytest.raises(PlacementRefused, match="battery-segregated"):
        check_placement(make_battery_sku(), layout.location("A-01-02-01"))
    check_placement(make_battery_sku(), layout.location("L-01-01-01"))


def test_the_battery_zone_holds_only_battery_skus() -> None:
    layout = make_layout()
    assert any("battery-zone-only" in r for r in placement_violations(make_sku(), layout.location("L-01-01-01")))


def test_fragile_skus_go_to_the_fragile_zone_but_not_its_top_level() -> None:
    layout = make_layout()
    glass = make_sku("GLASS", fragile=True)
    assert any("fragile-in-fragile-zone" in r for r in placement_violations(glass, layout.location("B-01-02-01")))
    assert any("fragile-not-top-level" in r for r in placement_violations(glass, layout.location("F-01-03-01")))
    assert placement_violations(glass, layout.location("F-01-02-01")) == []


def test_bulky_skus_stay_on_the_floor() -> None:
    layout = make_layout()
    chandelier = make_sku("BIG", length_cm=120, width_cm=100, height_cm=90, weight_kg=20)
    assert chandelier.bulky
    assert any("bulky-on-floor" in r for r in placement_violations(chandelier, layout.location("B-01-02-01")))
    assert not any("bulky-on-floor" in r for r in placement_violations(chandelier, layout.location("K-01-01-01")))


def test_sellable_stock_is_refused_in_returns_and_qc() -> None:
    layout = make_layout()
    for code in ("R-01-01-01", "Q-01-01-01"):
        assert any("sellable-not-in-hold-zone" in r for r in placement_violations(make_sku(), layout.location(code)))
        assert placement_violations(make_sku(), layout.location(code), purpose="hold") == []


def test_capacity_is_never_exceeded() -> None:
    layout = make_layout()
    location = layout.location("B-01-01-01")
    box = make_sku("BOX", length_cm=50, width_cm=50, height_cm=20)  # 50 l
    full = Occupancy(volume_l=location.volume_l - 40)
    broken = placement_violations(box, location, occupancy=full)
    assert any(r.startswith("capacity-volume") for r in broken)
