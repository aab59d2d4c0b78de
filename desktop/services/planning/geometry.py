"""Distances and walking times between households, from their coordinates.

A ward is a few kilometres across, so a flat projection around the meeting point is
exact to a few centimetres per kilometre. The walking distance of a leg is its
straight line times the detour factor (lanes and alleys never run straight): one
number for every leg, so the shortest walk is also the shortest straight-line tour.
"""

from __future__ import annotations

import math

import numpy as np

from desktop.services.settings import PlanningSettings

METRES_PER_DEGREE_LAT = 110_574.0
METRES_PER_DEGREE_LON_EQUATOR = 111_320.0

LatLon = tuple[float, float]
Point = tuple[float, float]  # metres east and north of the origin


def to_metres(points: list[LatLon], origin: LatLon) -> np.ndarray:
    """(n, 2) array of metres east and north of `origin` for (lat, lon) points."""
    if not points:
        return np.zeros((0, 2))
    array = np.asarray(points, dtype=float)
    lon_scale = METRES_PER_DEGREE_LON_EQUATOR * math.cos(math.radians(origin[0]))
    east = (array[:, 1] - origin[1]) * lon_scale
    north = (array[:, 0] - origin[0]) * METRES_PER_DEGREE_LAT
    return np.column_stack([east, north])


def to_lat_lon(point: Point, origin: LatLon) -> LatLon:
    """The (lat, lon) of a point given in metres east and north of `origin`."""
    lon_scale = METRES_PER_DEGREE_LON_EQUATOR * math.cos(math.radians(origin[0]))
    return (origin[0] + point[1] / METRES_PER_DEGREE_LAT, origin[1] + point[0] / lon_scale)


def straight_line_matrix(points: np.ndarray) -> np.ndarray:
    """Straight-line metres between every pair of points (float, n × n)."""
    difference = points[:, None, :] - points[None, :, :]
    return np.sqrt((difference**2).sum(axis=2))


def walking_metres(straight: np.ndarray | float, settings: PlanningSettings) -> np.ndarray:
    """Metres a team actually walks for straight-line metres (× the detour factor)."""
    return np.asarray(straight) * settings.detour_factor


def walking_seconds(walked_metres: np.ndarray | float, settings: PlanningSettings) -> np.ndarray:
    """Seconds to walk those metres at the walking speed."""
    return np.asarray(walked_metres) / (settings.walking_speed_kmh / 3.6)


def visit_seconds(services: int, settings: PlanningSettings) -> int:
    """Seconds a household with `services` pending services takes at the door."""
    minutes = settings.minutes_per_household + settings.minutes_per_service * services
    return round(minutes * 60)


def tour_length(order: list[int], matrix: np.ndarray, depot: int = 0) -> float:
    """Length of the closed tour depot → order… → depot over a distance matrix."""
    if not order:
        return 0.0
    total = matrix[depot, order[0]] + matrix[order[-1], depot]
    for here, there in zip(order, order[1:], strict=False):
        total += matrix[here, there]
    return float(total)
