"""Warehouse layout: zones of racks in parallel aisles, their locations and walking distances.

A layout is built from a plain mapping (the TOML file's content, read by
``lamplighter.adapters.files.layout_file``) and validated here. Zones are laid out left
to right in the order given; each rack zone owns ``aisles`` consecutive aisles with a
rack row on each side (rows 1 and 2 face aisle 1 of the zone, rows 3 and 4 aisle 2, ...).
Area zones (``aisles = 0``: staging, packing) have a single location at the packing station.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from lamplighter.domain.errors import InvalidLayout, UnknownLocation
from lamplighter.domain.geometry import AisleGrid, AislePoint
from lamplighter.domain.location_code import LocationCode


class ZoneKind(StrEnum):
    FAST = "fast"  # the golden zone near packing
    CATEGORY = "category"
    FRAGILE = "fragile"
    BATTERY = "battery"  # segregated lithium storage
    BULKY = "bulky"  # heavy and bulky, on the floor
    RESERVE = "reserve"  # overflow stock, not a pick face
    RETURNS = "returns"
    QC = "qc"
    STAGING = "staging"
    PACKING = "packing"


#: Zones whose stock is not sellable until it leaves them (QC hold, returns, inbound staging).
HOLD_ZONE_KINDS = frozenset({ZoneKind.RETURNS, ZoneKind.QC, ZoneKind.STAGING, ZoneKind.PACKING})
#: Zones a slotting plan may place pick stock in.
PICK_ZONE_KINDS = frozenset({ZoneKind.FAST, ZoneKind.CATEGORY, ZoneKind.FRAGILE, ZoneKind.BATTERY, ZoneKind.BULKY})


@dataclass(frozen=True, slots=True)
class Zone:
    code: str
    kind: ZoneKind
    name: str
    first_aisle: int
    aisles: int
    levels: int
    bays: int
    location_volume_l: float
    location_weight_kg: float
    categories: tuple[str, ...] = ()  # when set, only these SKU categories may be stored
    accepts: tuple[str, ...] = ()  # extra SKU classes allowed here, e.g. ("fragile",)
    segregated: bool = False  # battery zone fit for standalone lithium cells

    @property
    def rows(self) -> int:
        return 2 * self.aisles

    @property
    def is_area(self) -> bool:
        return self.aisles == 0


@dataclass(frozen=True, slots=True)
class Location:
    code: LocationCode
    zone: Zone
    aisle: int | None  # global aisle index; None for area locations
    point: AislePoint
    volume_l: float
    weight_kg: float

    @property
    def level(self) -> int:
        return self.code.level

    @property
    def label(self) -> str:
        return str(self.code)


@dataclass(frozen=True, slots=True)
class Geometry:
    aisle_pitch_m: float = 3.0
    bay_width_m: float = 1.0
    cross_aisle_width_m: float = 2.0
    bays_per_row: int = 20
    middle_cross_aisles_after_bay: tuple[int, ...] = ()
    packing_station_x_m: float | None = None  # default: front of the first aisle
    golden_levels: tuple[int, ...] = (2, 3)


@dataclass(frozen=True)
class Layout:
    name: str
    geometry: Geometry
    zones: tuple[Zone, ...]
    grid: AisleGrid
    locations: Mapping[str, Location] = field(repr=False)

    # -- construction -------------------------------------------------------------------
    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Layout:
        """Validate and build a layout from the TOML file's content; errors name the field."""
        geometry = _geometry_from(data.get("geometry", {}))
        zone_specs = data.get("zones")
        if not isinstance(zone_specs, list) or not zone_specs:
            raise InvalidLayout("layout: [[zones]] must list at least one zone")
        zones: list[Zone] = []
        next_aisle = 0
        for index, spec in enumerate(zone_specs):
            zone = _zone_from(spec, index, next_aisle, geometry)
            if any(z.code == zone.code for z in zones):
                raise InvalidLayout(f"zones[{index}].code: zone {zone.code!r} is defined twice")
            zones.append(zone)
            next_aisle += zone.aisles
        if next_aisle == 0:
            raise InvalidLayout("layout: at least one zone must have racks (aisles >= 1)")
        grid = _grid_for(geometry, next_aisle)
        locations = {loc.label: loc for loc in _locations(zones, geometry, grid)}
        return cls(str(data.get("name", "warehouse")), geometry, tuple(zones), grid, locations)

    # -- queries --------------------------------------------------------------------------
    def zone(self, code: str) -> Zone:
        for zone in self.zones:
            if zone.code == code:
                return zone
        raise UnknownLocation(code)

    def location(self, code: str | LocationCode) -> Location:
        key = str(code) if isinstance(code, LocationCode) else str(LocationCode.parse(code))
        try:
            return self.locations[key]
        except KeyError:
            raise UnknownLocation(key) from None

    def zones_of_kind(self, *kinds: ZoneKind) -> list[Zone]:
        return [z for z in self.zones if z.kind in kinds]

    def locations_in(self, zone: Zone) -> Iterator[Location]:
        return (loc for loc in self.locations.values() if loc.zone.code == zone.code)

    def distance(self, a: str | LocationCode, b: str | LocationCode) -> float:
        """Walking metres between two locations along the aisles."""
        return self.grid.distance(self.location(a).point, self.location(b).point)

    def depot_distance(self, code: str | LocationCode) -> float:
        """Walking metres from the packing station to a location (one way)."""
        return self.grid.distance(self.grid.depot, self.location(code).point)

    @property
    def total_bays(self) -> int:
        return self.geometry.bays_per_row


def _require(spec: Mapping[str, Any], key: str, kind: type, where: str) -> Any:
    if key not in spec:
        raise InvalidLayout(f"{where}.{key}: missing (expected {kind.__name__})")
    value = spec[key]
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise InvalidLayout(f"{where}.{key}: expected {kind.__name__}, got {value!r}")
    return value


def _positive(value: float, where: str) -> float:
    if value <= 0:
        raise InvalidLayout(f"{where}: must be positive, got {value!r}")
    return value


def _geometry_from(spec: Mapping[str, Any]) -> Geometry:
    if not isinstance(spec, Mapping):
        raise InvalidLayout("geometry: expected a table")
    default = Geometry()
    known = set(Geometry.__dataclass_fields__)
    unknown = set(spec) - known
    if unknown:
        raise InvalidLayout(f"geometry: unknown keys {sorted(unknown)} (known: {sorted(known)})")
    values: dict[str, Any] = {}
    for key in ("aisle_pitch_m", "bay_width_m", "cross_aisle_width_m"):
        if key in spec:
            values[key] = _positive(_require(spec, key, float, "geometry"), f"geometry.{key}")
    if "bays_per_row" in spec:
        values["bays_per_row"] = int(
            _positive(_require(spec, "bays_per_row", int, "geometry"), "geometry.bays_per_row")
        )
    if "packing_station_x_m" in spec:
        values["packing_station_x_m"] = _require(spec, "packing_station_x_m", float, "geometry")
    for key in ("middle_cross_aisles_after_bay", "golden_levels"):
        if key in spec:
            raw = spec[key]
            if not isinstance(raw, list) or not all(isinstance(v, int) and v > 0 for v in raw):
                raise InvalidLayout(f"geometry.{key}: expected a list of positive integers")
            values[key] = tuple(sorted(raw))
    geometry = replace(default, **values)
    bays = geometry.bays_per_row
    if any(k >= bays for k in geometry.middle_cross_aisles_after_bay):
        raise InvalidLayout(f"geometry.middle_cross_aisles_after_bay: each must be below bays_per_row ({bays})")
    return geometry


_ZONE_KEYS = {
    "code",
    "kind",
    "name",
    "aisles",
    "levels",
    "bays",
    "location_volume_l",
    "location_weight_kg",
    "categories",
    "accepts",
    "segregated",
}


def _zone_from(spec: Any, index: int, first_aisle: int, geometry: Geometry) -> Zone:
    where = f"zones[{index}]"
    if not isinstance(spec, Mapping):
        raise InvalidLayout(f"{where}: expected a table")
    unknown = set(spec) - _ZONE_KEYS
    if unknown:
        raise InvalidLayout(f"{where}: unknown keys {sorted(unknown)}")
    code = _require(spec, "code", str, where)
    try:
        LocationCode(code, 1, 1, 1)
    except ValueError:
        raise InvalidLayout(f"{where}.code: {code!r} is not a zone code (1-4 capitals/digits)") from None
    kind_text = _require(spec, "kind", str, where)
    try:
        kind = ZoneKind(kind_text)
    except ValueError:
        raise InvalidLayout(f"{where}.kind: {kind_text!r} is not one of {[k.value for k in ZoneKind]}") from None
    aisles = int(spec.get("aisles", 0 if kind in (ZoneKind.STAGING, ZoneKind.PACKING) else 1))
    if aisles < 0:
        raise InvalidLayout(f"{where}.aisles: must be 0 (an area) or more")
    levels = int(spec.get("levels", 1 if aisles == 0 else 4))
    bays = int(spec.get("bays", 1 if aisles == 0 else geometry.bays_per_row))
    if levels < 1 or bays < 1:
        raise InvalidLayout(f"{where}: levels and bays must be at least 1")
    if bays > geometry.bays_per_row:
        raise InvalidLayout(f"{where}.bays: {bays} is more than geometry.bays_per_row ({geometry.bays_per_row})")
    categories = spec.get("categories", [])
    accepts = spec.get("accepts", [])
    if not isinstance(categories, list) or not isinstance(accepts, list):
        raise InvalidLayout(f"{where}: categories and accepts must be lists of strings")
    return Zone(
        code=code,
        kind=kind,
        name=str(spec.get("name", code)),
        first_aisle=first_aisle,
        aisles=aisles,
        levels=levels,
        bays=bays,
        location_volume_l=float(_positive(float(spec.get("location_volume_l", 150.0)), f"{where}.location_volume_l")),
        location_weight_kg=float(_positive(float(spec.get("location_weight_kg", 50.0)), f"{where}.location_weight_kg")),
        categories=tuple(str(c) for c in categories),
        accepts=tuple(str(a) for a in accepts),
        segregated=bool(spec.get("segregated", False)),
    )


def bay_y(geometry: Geometry, bay: int) -> float:
    """Depth of a bay's centre from the front cross aisle's centre line."""
    g = geometry
    crossings = sum(1 for k in g.middle_cross_aisles_after_bay if k < bay)
    return g.cross_aisle_width_m / 2 + (bay - 0.5) * g.bay_width_m + crossings * g.cross_aisle_width_m


def _grid_for(geometry: Geometry, aisle_count: int) -> AisleGrid:
    g = geometry
    aisle_x = tuple(i * g.aisle_pitch_m for i in range(aisle_count))
    middles = [
        g.cross_aisle_width_m / 2 + k * g.bay_width_m + j * g.cross_aisle_width_m + g.cross_aisle_width_m / 2
        for j, k in enumerate(g.middle_cross_aisles_after_bay)
    ]
    back = (
        g.cross_aisle_width_m / 2
        + g.bays_per_row * g.bay_width_m
        + len(middles) * g.cross_aisle_width_m
        + g.cross_aisle_width_m / 2
    )
    depot_x = aisle_x[0] if g.packing_station_x_m is None else g.packing_station_x_m
    on_aisle = next((i for i, x in enumerate(aisle_x) if abs(x - depot_x) < 1e-9), None)
    return AisleGrid(aisle_x, (0.0, *middles, back), AislePoint(depot_x, 0.0, on_aisle))


def _locations(zones: Iterable[Zone], geometry: Geometry, grid: AisleGrid) -> Iterator[Location]:
    for zone in zones:
        if zone.is_area:
            yield Location(
                LocationCode(zone.code, 1, 1, 1),
                zone,
                None,
                grid.depot,
                zone.location_volume_l,
                zone.location_weight_kg,
            )
            continue
        for row in range(1, zone.rows + 1):
            aisle = zone.first_aisle + (row - 1) // 2
            for bay in range(1, zone.bays + 1):
                point = grid.point(aisle, bay_y(geometry, bay))
                for level in range(1, zone.levels + 1):
                    yield Location(
                        LocationCode(zone.code, row, level, bay),
                        zone,
                        aisle,
                        point,
                        zone.location_volume_l,
                        zone.location_weight_kg,
                    )
