"""The warehouse layout: zones and locations (read); loading a new layout (admin)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Query
from pydantic import BaseModel

from lamplighter.domain.errors import InvalidLayout
from lamplighter.domain.layout import Layout, Location
from lamplighter.entrypoints.api.deps import UowDep
from lamplighter.entrypoints.api.pagination import Page, PageDep, page_of
from lamplighter.entrypoints.api.problems import PROBLEM_RESPONSES
from lamplighter.entrypoints.api.security import AdminDep, ReadDep
from lamplighter.services import locations

router = APIRouter(tags=["layout"], responses=PROBLEM_RESPONSES)


class ZoneOut(BaseModel):
    code: str
    kind: str
    name: str
    aisles: int
    levels: int
    bays: int
    locations: int


class LayoutOut(BaseModel):
    name: str
    zones: list[ZoneOut]
    locations: int
    aisles: int
    blocks: int


class LocationOut(BaseModel):
    code: str
    zone: str
    kind: str
    aisle: int | None
    level: int
    x_m: float
    y_m: float
    volume_l: float
    weight_kg: float
    depot_distance_m: float


class LayoutLoadedOut(BaseModel):
    name: str
    zones: int
    locations: int
    removed: int


def _require_layout(uow: UowDep) -> Layout:
    layout = locations.stored_layout(uow)
    if layout is None:
        raise InvalidLayout("no layout is loaded yet: PUT /api/v1/layout or `lamplighter layout load`")
    return layout


@router.get("/layout")
def get_layout(uow: UowDep, _viewer: ReadDep) -> LayoutOut:
    """The loaded layout: zones with their sizes, location and aisle counts."""
    layout = _require_layout(uow)
    counts: dict[str, int] = {}
    for loc in layout.locations.values():
        counts[loc.zone.code] = counts.get(loc.zone.code, 0) + 1
    zones = [
        ZoneOut(
            code=z.code,
            kind=z.kind.value,
            name=z.name,
            aisles=z.aisles,
            levels=z.levels,
            bays=z.bays,
            locations=counts.get(z.code, 0),
        )
        for z in layout.zones
    ]
    return LayoutOut(
        name=layout.name,
        zones=zones,
        locations=len(layout.locations),
        aisles=len(layout.grid.aisle_x),
        blocks=layout.grid.blocks,
    )


@router.put("/layout")
def put_layout(
    uow: UowDep,
    _admin: AdminDep,
    document: dict[str, Any] = Body(..., description="The layout TOML's content as JSON: name, geometry, zones."),
) -> LayoutLoadedOut:
    """Load (or reload) the layout; locations that held stock may not disappear."""
    loaded = locations.load_layout_into_db(uow, document)
    return LayoutLoadedOut(name=loaded.name, zones=loaded.zones, locations=loaded.locations, removed=loaded.removed)


def location_out(layout: Layout, loc: Location) -> LocationOut:
    return LocationOut(
        code=loc.label,
        zone=loc.zone.code,
        kind=loc.zone.kind.value,
        aisle=loc.aisle,
        level=loc.level,
        x_m=loc.point.x,
        y_m=loc.point.y,
        volume_l=loc.volume_l,
        weight_kg=loc.weight_kg,
        depot_distance_m=round(layout.depot_distance(loc.code), 2),
    )


@router.get("/locations")
def list_locations(
    uow: UowDep,
    _viewer: ReadDep,
    page: PageDep,
    zone: str | None = Query(None, max_length=4, description="Zone code, e.g. A."),
    level: int | None = Query(None, ge=1, le=999),
) -> Page[LocationOut]:
    """Physical locations in code order, with coordinates and walking distance from packing."""
    layout = _require_layout(uow)
    found = [
        loc
        for _code, loc in sorted(layout.locations.items())
        if (zone is None or loc.zone.code == zone) and (level is None or loc.level == level)
    ]
    return page_of([location_out(layout, loc) for loc in page.slice(found)], len(found), page)
