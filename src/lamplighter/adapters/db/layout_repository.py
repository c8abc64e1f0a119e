"""The warehouse layout in the store: its document, zones and locations.

Per-move look-ups (does a location exist, its zone kind) use statements built once at
import (see ``order_repository``); the walking geometry rebuilt from the stored document
is kept per database and load (see :meth:`LocationRepository.layout`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, RowMapping, bindparam, delete, exists, or_, select

from lamplighter.adapters.db.tables import layouts, locations, stock_balances, stock_moves, zones
from lamplighter.adapters.db.types import utc_now
from lamplighter.adapters.db.upsert import upsert
from lamplighter.domain.errors import InvalidLayout, UnknownLocation
from lamplighter.domain.geometry import AislePoint
from lamplighter.domain.layout import Layout, Location, Zone, ZoneKind
from lamplighter.domain.location_code import LocationCode

_LAYOUT_ID = 1  # one warehouse per database for now

_LOCATION_BY_CODE = select(locations).where(locations.c.code == bindparam("location_code"))
_LOCATION_EXISTS = select(exists().where(locations.c.code == bindparam("location_code")))
_ZONE_KIND = (
    select(zones.c.kind)
    .join(locations, zones.c.code == locations.c.zone)
    .where(locations.c.code == bindparam("location_code"))
)
_IN_ZONES_OF_KIND = (
    select(locations.c.code)
    .join(zones, zones.c.code == locations.c.zone)
    .where(zones.c.kind.in_(bindparam("zone_kinds", expanding=True)))
    .order_by(locations.c.depot_distance_m, locations.c.code)
)
_ALL_ZONES = select(zones)
_LAYOUT_STAMP = select(layouts.c.loaded_at).where(layouts.c.id == _LAYOUT_ID)
_LAYOUT_DOCUMENT = select(layouts.c.document, layouts.c.loaded_at).where(layouts.c.id == _LAYOUT_ID)

#: Layouts built from stored documents, by (database URL, loaded_at): building the walking
#: geometry costs milliseconds (thousands of locations), reading the stamp a cheap query.
#: ``save_layout`` stamps every load anew, so a reloaded layout is never served stale.
_BUILT: OrderedDict[tuple[str, datetime], Layout] = OrderedDict()
_BUILT_SIZE = 8
_BUILT_LOCK = threading.Lock()


def _zone_row(zone: Zone) -> dict[str, Any]:
    return {
        "code": zone.code,
        "kind": zone.kind.value,
        "name": zone.name,
        "first_aisle": zone.first_aisle,
        "aisles": zone.aisles,
        "levels": zone.levels,
        "bays": zone.bays,
        "location_volume_l": zone.location_volume_l,
        "location_weight_kg": zone.location_weight_kg,
        "categories": list(zone.categories),
        "accepts": list(zone.accepts),
        "segregated": zone.segregated,
    }


def _zone_from(row: RowMapping) -> Zone:
    return Zone(
        code=row["code"],
        kind=ZoneKind(row["kind"]),
        name=row["name"],
        first_aisle=row["first_aisle"],
        aisles=row["aisles"],
        levels=row["levels"],
        bays=row["bays"],
        location_volume_l=row["location_volume_l"],
        location_weight_kg=row["location_weight_kg"],
        categories=tuple(row["categories"]),
        accepts=tuple(row["accepts"]),
        segregated=row["segregated"],
    )


class LocationRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection
        self._zones: dict[str, Zone] | None = None

    def save_layout(self, layout: Layout, document: Mapping[str, Any]) -> tuple[int, int]:
        """Store the layout; returns (locations added or kept, locations removed).

        Locations that disappear are deleted only when no stock ever touched them.
        """
        now = utc_now()
        upsert(
            self._c,
            layouts,
            [{"id": _LAYOUT_ID, "name": layout.name, "document": dict(document), "loaded_at": now}],
            keys=("id",),
        )
        upsert(self._c, zones, [_zone_row(z) for z in layout.zones], keys=("code",))
        rows = [
            {
                "code": loc.label,
                "zone": loc.zone.code,
                "row": loc.code.row,
                "level": loc.code.level,
                "bay": loc.code.bay,
                "aisle": loc.aisle,
                "x": loc.point.x,
                "y": loc.point.y,
                "volume_l": loc.volume_l,
                "weight_kg": loc.weight_kg,
                "depot_distance_m": layout.depot_distance(loc.code),
            }
            for loc in layout.locations.values()
        ]
        upsert(self._c, locations, rows, keys=("code",))
        removed = self._remove_locations_not_in(set(layout.locations))
        self._c.execute(delete(zones).where(zones.c.code.not_in([z.code for z in layout.zones])))
        self._zones = None
        return len(rows), removed

    def _remove_locations_not_in(self, keep: set[str]) -> int:
        stale = [code for code in self._c.execute(select(locations.c.code)).scalars() if code not in keep]
        if not stale:
            return 0
        ends = self._c.execute(
            select(stock_moves.c.source, stock_moves.c.destination).where(
                or_(stock_moves.c.source.in_(stale), stock_moves.c.destination.in_(stale))
            )
        )
        used = {end for pair in ends for end in pair}
        used |= set(
            self._c.execute(select(stock_balances.c.location).where(stock_balances.c.location.in_(stale))).scalars()
        )
        blocked = sorted(used & set(stale))
        if blocked:
            raise InvalidLayout(f"the new layout drops locations that hold or held stock: {', '.join(blocked[:10])}")
        self._c.execute(delete(locations).where(locations.c.code.in_(stale)))
        return len(stale)

    def document(self) -> dict[str, Any] | None:
        """The layout document as loaded (rebuild with ``Layout.from_dict``), or None."""
        row = self._c.execute(_LAYOUT_DOCUMENT).first()
        return None if row is None else dict(row[0])

    def layout(self) -> Layout | None:
        """The stored layout with its walking geometry, or None before one is loaded.

        The same load of the same database gives the same (immutable) Layout object: it is
        built once per load and process, not on every call.
        """
        stamp = self._c.execute(_LAYOUT_STAMP).scalar()
        if stamp is None:
            return None
        key = (self._c.engine.url.render_as_string(hide_password=True), stamp)
        with _BUILT_LOCK:
            cached = _BUILT.get(key)
            if cached is not None:
                _BUILT.move_to_end(key)
                return cached
        row = self._c.execute(_LAYOUT_DOCUMENT).first()
        if row is None:
            return None
        layout = Layout.from_dict(dict(row[0]))
        with _BUILT_LOCK:
            _BUILT[(key[0], row[1])] = layout
            while len(_BUILT) > _BUILT_SIZE:
                _BUILT.popitem(last=False)
        return layout

    def zones(self) -> dict[str, Zone]:
        if self._zones is None:
            self._zones = {r["code"]: _zone_from(r) for r in self._c.execute(_ALL_ZONES).mappings()}
        return self._zones

    def get(self, code: str) -> Location | None:
        key = str(LocationCode.parse(code))
        row = self._c.execute(_LOCATION_BY_CODE, {"location_code": key}).mappings().first()
        return None if row is None else self._location_from(row)

    def require(self, code: str) -> Location:
        """The physical location; UnknownLocation when absent, InvalidLocationCode when malformed."""
        found = self.get(code)
        if found is None:
            raise UnknownLocation(code)
        return found

    def exists(self, code: str) -> bool:
        return bool(self._c.execute(_LOCATION_EXISTS, {"location_code": code}).scalar())

    def existing(self, codes: Iterable[str]) -> set[str]:
        """Which of these physical location codes exist."""
        wanted = sorted(set(codes))
        found: set[str] = set()
        for start in range(0, len(wanted), 500):
            query = select(locations.c.code).where(locations.c.code.in_(wanted[start : start + 500]))
            found.update(self._c.execute(query).scalars())
        return found

    def depot_distances(self, codes: Iterable[str] | None = None) -> dict[str, float]:
        """Walking metres from the packing station per location code."""
        query = select(locations.c.code, locations.c.depot_distance_m)
        if codes is not None:
            query = query.where(locations.c.code.in_(sorted(set(codes))))
        return {code: float(d) for code, d in self._c.execute(query)}

    def zone_kind(self, code: str) -> ZoneKind | None:
        """Kind of the zone a physical location belongs to, or None when there is no such location."""
        kind = self._c.execute(_ZONE_KIND, {"location_code": code}).scalar()
        return None if kind is None else ZoneKind(kind)

    def zone_kinds(self) -> dict[str, ZoneKind]:
        """Zone kind per location code."""
        query = select(locations.c.code, zones.c.kind).join(zones, zones.c.code == locations.c.zone)
        return {code: ZoneKind(kind) for code, kind in self._c.execute(query)}

    def in_zones_of_kind(self, *kinds: ZoneKind) -> list[str]:
        """Location codes in zones of these kinds, nearest the packing station first."""
        return list(self._c.execute(_IN_ZONES_OF_KIND, {"zone_kinds": [k.value for k in kinds]}).scalars())

    def _location_from(self, row: RowMapping) -> Location:
        zone = self.zones()[row["zone"]]
        code = LocationCode(row["zone"], row["row"], row["level"], row["bay"])
        return Location(
            code, zone, row["aisle"], AislePoint(row["x"], row["y"], row["aisle"]), row["volume_l"], row["weight_kg"]
        )
