"""Read single picker routing instances in the format of Heßler & Irnich (SPRP-SS).

Geometry (units of the instance): aisles ``DISTANCE_AISLE_TO_AISLE`` apart; cell 0 is next
to the *top* cross aisle, so with y measured from the depot's cross aisle a cell's depth
depends on where the depot is. The two-block variant adds a middle cross aisle of width 1
between cells C/2-1 and C/2 (crossing it costs 0.5 + 1 + 0.5 = 2 between those cells).
The grid is built with the depot's cross aisle at y = 0, as routing expects.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lamplighter.domain.geometry import AisleGrid, AislePoint


class SprpFormatError(ValueError):
    """An instance file that cannot be read; the message names the file, line and what is wrong."""


@dataclass(frozen=True, slots=True)
class SprpInstance:
    name: str
    aisles: int
    cells: int
    grid: AisleGrid
    points: tuple[AislePoint, ...]
    articles: tuple[int, ...]  # article id of each point, same order


def read_sprp(path: str | Path, two_block: bool = False) -> SprpInstance:
    """Read an instance; ``two_block`` adds the middle cross aisle of the two-block variant."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="latin-1").splitlines()
    except FileNotFoundError:
        raise SprpFormatError(f"{path}: no such file") from None
    header: dict[str, str] = {}
    positions: dict[int, list[tuple[int, int]]] = {}
    ordered: list[int] = []
    section = "header"
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if line in ("ARTICLE_SECTION", "SKU_SECTION", "ORDER_SECTION"):
            section = line
            continue
        if not line or line == "EOF" or (section != "header" and line.startswith("NUM_")):
            continue
        if section == "header":
            key, _, value = line.partition(":")
            header[key.strip()] = value.strip()
        elif section == "SKU_SECTION":
            fields = line.split()
            try:
                article, aisle, cell = int(fields[1]), int(fields[3]), int(fields[5])
            except (IndexError, ValueError):
                raise SprpFormatError(
                    f"{path}: line {number}: expected 'ID a AISLE i CELL c ...', got {line!r}"
                ) from None
            positions.setdefault(article, []).append((aisle, cell))
        elif section == "ORDER_SECTION":
            try:
                ordered.append(int(line.split()[1]))
            except (IndexError, ValueError):
                raise SprpFormatError(f"{path}: line {number}: expected 'ID a QUANTITY q', got {line!r}") from None
    return _instance(path, header, positions, ordered, two_block)


def _number(path: Path, header: dict[str, str], key: str) -> int:
    try:
        return int(header[key])
    except (KeyError, ValueError):
        raise SprpFormatError(f"{path}: header {key}: expected an integer, got {header.get(key)!r}") from None


def _instance(
    path: Path, header: dict[str, str], positions: dict[int, list[tuple[int, int]]], ordered: list[int], two_block: bool
) -> SprpInstance:
    if header.get("LAYOUT", "single-block") != "single-block":
        raise SprpFormatError(f"{path}: LAYOUT {header['LAYOUT']!r} is not supported (expected single-block)")
    aisles, cells = _number(path, header, "NUM_AISLES"), _number(path, header, "NUM_CELLS")
    pitch, step = _number(path, header, "DISTANCE_AISLE_TO_AISLE"), _number(path, header, "DISTANCE_CELL_TO_CELL")
    end = _number(path, header, "DISTANCE_TOP_TO_CELL")
    if end != _number(path, header, "DISTANCE_BOTTOM_TO_CELL") or _number(
        path, header, "DISTANCE_TOP_OR_BOTTOM_TO_DEPOT"
    ):
        raise SprpFormatError(
            f"{path}: only equal top/bottom cell distances and a depot on the cross aisle are supported"
        )
    depot_top = header.get("DEPOT_LOCATION", "bottom") == "top"
    if two_block and cells % 2:
        raise SprpFormatError(f"{path}: the two-block variant needs an even number of cells, got {cells}")

    def depth(cell: int) -> float:
        # Distance-from-depot-side ordinal: 0 is the cell next to the depot's cross aisle.
        from_depot = cell if depot_top else cells - 1 - cell
        extra = 2.0 - step if two_block and from_depot >= cells // 2 else 0.0
        return end + from_depot * step + extra

    span = end + (cells - 1) * step + end + (2.0 - step if two_block else 0.0)
    cross = (0.0, end + (cells // 2 - 1) * step + 1.0, span) if two_block else (0.0, span)
    depot_aisle = _number(path, header, "DEPOT_AISLE")
    grid = AisleGrid(
        tuple(float(pitch * a) for a in range(aisles)), cross, AislePoint(float(pitch * depot_aisle), 0.0, depot_aisle)
    )
    points: list[AislePoint] = []
    for article in ordered:
        spots = positions.get(article)
        if not spots:
            raise SprpFormatError(f"{path}: ordered article {article} has no storage position")
        if len(spots) > 1:
            raise SprpFormatError(
                f"{path}: article {article} is stored in {len(spots)} places (scattered storage is not supported)"
            )
        aisle, cell = spots[0]
        if not (0 <= aisle < aisles and 0 <= cell < cells):
            raise SprpFormatError(f"{path}: article {article} at aisle {aisle}, cell {cell} is outside the warehouse")
        points.append(grid.point(aisle, depth(cell)))
    return SprpInstance(header.get("NAME", path.name), aisles, cells, grid, tuple(points), tuple(ordered))
