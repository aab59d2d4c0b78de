"""Points of the demo ward in metres east and north of the station, and their lat/lon."""

from __future__ import annotations

import math

from desktop.services.demo.ward import STATION_LAT, STATION_LON

Point = tuple[float, float]  # metres east and north of the station

_METRES_PER_DEGREE_LAT = 110_574.0
_METRES_PER_DEGREE_LON = 111_320.0 * math.cos(math.radians(STATION_LAT))


def lat_lon(point: Point) -> tuple[float, float]:
    """The latitude and longitude of `point`, to six decimals (about 10 cm)."""
    lat, lon = degrees(point)
    return round(lat, 6), round(lon, 6)


def degrees(point: Point) -> tuple[float, float]:
    """The latitude and longitude of `point`, unrounded."""
    return (
        STATION_LAT + point[1] / _METRES_PER_DEGREE_LAT,
        STATION_LON + point[0] / _METRES_PER_DEGREE_LON,
    )


def polar(radius: float, angle: float) -> Point:
    return (radius * math.cos(angle), radius * math.sin(angle))


def unit(start: Point, end: Point) -> Point:
    """The direction from `start` to `end`, one metre long."""
    length = math.dist(start, end)
    return ((end[0] - start[0]) / length, (end[1] - start[1]) / length)


def side_normal(direction: Point, side: int) -> Point:
    """Left of the direction of travel for odd numbers (side 0), right for even."""
    left = (-direction[1], direction[0])
    return left if side == 0 else (-left[0], -left[1])


def move(point: Point, direction: Point, metres: float) -> Point:
    return (point[0] + direction[0] * metres, point[1] + direction[1] * metres)
