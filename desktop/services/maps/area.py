"""The area of the ward a map is cut to: its OSM boundary, a given box, or around the
households that have positions (DESIGN.md, "The ward's map")."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from desktop.domain.errors import UserError

BOUNDARY, BBOX, HOUSEHOLDS, FILE = "boundary", "bbox", "households", "file"
# Streets along the ward's edge are walked too: a margin around its boundary, and
# around the households when they are all that says where the ward is.
BOUNDARY_MARGIN_M = 200.0
HOUSEHOLDS_MARGIN_M = 500.0
# A ward (even a merged rural commune) is well under this many degrees across.
MAX_DEGREES = 1.0
_METRES_PER_DEGREE = 111_320.0

LatLon = tuple[float, float]


@dataclass(frozen=True)
class Area:
    """A box in degrees, and what it came from (BOUNDARY, BBOX, HOUSEHOLDS or FILE)."""

    south: float
    west: float
    north: float
    east: float
    source: str = BBOX

    def contains(self, lat: float, lon: float) -> bool:
        return self.south <= lat <= self.north and self.west <= lon <= self.east

    def around(self, metres: float) -> Area:
        """The box grown by `metres` on every side."""
        lat = metres / _METRES_PER_DEGREE
        lon = metres / (_METRES_PER_DEGREE * max(math.cos(math.radians(self.middle[0])), 0.1))
        return Area(
            self.south - lat, self.west - lon, self.north + lat, self.east + lon, self.source
        )

    @property
    def middle(self) -> LatLon:
        return ((self.south + self.north) / 2, (self.west + self.east) / 2)

    def as_list(self) -> list[float]:
        """[S, W, N, E] rounded to 6 decimals (about 10 cm), as --json prints it."""
        return [round(value, 6) for value in (self.south, self.west, self.north, self.east)]


def box_around(points: Iterable[LatLon], source: str) -> Area | None:
    """The smallest box holding the points; None for none."""
    points = list(points)
    if not points:
        return None
    lats = [point[0] for point in points]
    lons = [point[1] for point in points]
    return Area(min(lats), min(lons), max(lats), max(lons), source)


def parse_bbox(text: str) -> Area:
    """ "S,W,N,E" in decimal degrees → Area; UserError for anything else."""
    parts = [part.strip() for part in text.replace(";", ",").split(",")]
    try:
        south, west, north, east = (float(part) for part in parts)
    except ValueError:
        raise UserError(
            f"Khung toạ độ “{text}” phải có dạng S,W,N,E (vĩ độ nam, kinh độ tây, vĩ độ bắc, "
            "kinh độ đông), ví dụ 22.47,103.95,22.51,103.99."
        ) from None
    return checked_bbox(Area(south, west, north, east, BBOX), text)


def checked_bbox(area: Area, text: str = "") -> Area:
    """The box if it is a plausible ward; UserError saying what is wrong otherwise."""
    shown = text or ",".join(f"{value:g}" for value in area.as_list())
    if not (-90 <= area.south < area.north <= 90 and -180 <= area.west < area.east <= 180):
        raise UserError(
            f"Khung toạ độ “{shown}” không hợp lệ: cần vĩ độ nam nhỏ hơn vĩ độ bắc và kinh độ "
            "tây nhỏ hơn kinh độ đông (S,W,N,E)."
        )
    if area.north - area.south > MAX_DEGREES or area.east - area.west > MAX_DEGREES:
        raise UserError(
            f"Khung toạ độ “{shown}” quá rộng cho một phường, xã (hơn {MAX_DEGREES:g} độ); "
            "hãy cho khung sát ranh giới phường."
        )
    return area


def choose_boundary(
    boundaries: Sequence[tuple[str, Area]], references: Sequence[LatLon], bbox: Area | None
) -> tuple[str, Area] | None:
    """The ward's boundary among those bearing its name: the one holding most of the
    known points (the station, located households, the given box's middle); of two
    holding as many, the smaller (a ward inside a province of the same name). None when
    there is none, or when several share the name and no known point is in any of them.
    """
    if not boundaries:
        return None
    if len(boundaries) == 1:
        return boundaries[0]
    points = list(references) + ([bbox.middle] if bbox is not None else [])
    scored = sorted(
        (-sum(area.contains(*point) for point in points), _size(area), index)
        for index, (_, area) in enumerate(boundaries)
    )
    if scored[0][0] == 0:
        return None
    return boundaries[scored[0][2]]


def _size(area: Area) -> float:
    return (area.north - area.south) * (area.east - area.west)
