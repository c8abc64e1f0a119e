import pytest
from hypothesis import given
from hypothesis import strategies as st

from lamplighter.domain.errors import InvalidLocationCode
from lamplighter.domain.location_code import LocationCode

zones = st.from_regex(r"[A-Z][A-Z0-9]{0,3}", fullmatch=True)
parts = st.integers(min_value=1, max_value=999)


@given(zones, parts, parts, parts)
def test_formatting_then_parsing_gives_the_same_code(zone: str, row: int, level: int, bay: int) -> None:
    code = LocationCode(zone, row, level, bay)
    assert LocationCode.parse(str(code)) == code


def test_formats_with_two_digit_parts() -> None:
    assert str(LocationCode("A", 1, 2, 3)) == "A-01-02-03"


def test_parses_lower_case_and_blanks() -> None:
    assert LocationCode.parse("  b-10-01-07 ") == LocationCode("B", 10, 1, 7)


@pytest.mark.parametrize(
    "text", ["", "A-01-02", "A-01-02-03-04", "1-01-01-01", "A-00-01-01", "A-01-x-01", "AB_1-01-01-01"]
)
def test_refuses_malformed_codes_saying_what_was_expected(text: str) -> None:
    with pytest.raises(InvalidLocationCode, match="expected ZONE-ROW-LEVEL-BAY"):
        LocationCode.parse(text)
