import pytest

from lamplighter.domain.errors import InvalidLayout
from lamplighter.domain.layout import Layout, ZoneKind
from tests.factories import make_layout


def test_every_zone_kind_gets_locations() -> None:
    layout = make_layout()
    kinds = {loc.zone.kind for loc in layout.locations.values()}
    assert kinds == {
        ZoneKind.PACKING,
        ZoneKind.STAGING,
        ZoneKind.FAST,
        ZoneKind.CATEGORY,
        ZoneKind.FRAGILE,
        ZoneKind.BATTERY,
        ZoneKind.BULKY,
        ZoneKind.RETURNS,
        ZoneKind.QC,
    }


def test_walking_within_an_aisle_is_the_depth_difference() -> None:
    layout = make_layout(bay_width_m=1.0)
    assert layout.distance("A-01-01-01", "A-02-03-05") == pytest.approx(4.0)


def test_walking_between_aisles_goes_round_the_nearer_cross_aisle() -> None:
    layout = make_layout(bay_width_m=1.0, aisle_pitch_m=3.0, cross_aisle_width_m=2.0)
    # Bay 2 of aisle A and bay 2 of aisle B: front cross aisle is nearer (y = 2.5 each way).
    assert layout.distance("A-01-01-02", "B-01-01-02") == pytest.approx(3.0 + 2 * 2.5)
    # Bay 9 of each: the back cross aisle (y = 12) is nearer: 2 x 2.5 + 3.
    assert layout.distance("A-01-01-09", "B-01-01-09") == pytest.approx(3.0 + 2 * 2.5)


def test_a_middle_cross_aisle_shortens_the_walk_between_aisles() -> None:
    without = make_layout(bay_width_m=1.0)
    with_middle = make_layout(bay_width_m=1.0, middle_cross_aisles_after_bay=[5])
    assert with_middle.grid.blocks == 2
    assert with_middle.distance("A-01-01-05", "B-01-01-05") < without.distance("A-01-01-05", "B-01-01-05")


def test_walking_is_never_shorter_than_a_straight_line() -> None:
    layout = make_layout()
    a, b = layout.location("A-01-01-03"), layout.location("F-02-01-07")
    straight = ((a.point.x - b.point.x) ** 2 + (a.point.y - b.point.y) ** 2) ** 0.5
    assert layout.distance("A-01-01-03", "F-02-01-07") >= straight


def test_an_unknown_zone_kind_is_refused_naming_the_field() -> None:
    with pytest.raises(InvalidLayout, match=r"zones\[0\]\.kind"):
        Layout.from_dict({"zones": [{"code": "A", "kind": "attic"}]})


def test_a_zone_defined_twice_is_refused() -> None:
    with pytest.raises(InvalidLayout, match="defined twice"):
        Layout.from_dict({"zones": [{"code": "A", "kind": "fast"}, {"code": "A", "kind": "fragile"}]})
