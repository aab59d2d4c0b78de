"""Distances and walking times between households, from their coordinates.

A ward is a few kilometres across, so a flat projection around the meeting point is
exact to a few centimetres per kilometre. The walking distance of a leg is its
straight line times the detour factor (lanes and alleys never run straight): one
number for every leg, so the shortest walk is also the shortest straight-line tour.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from desktop.services.settings import PlanningSettings

METRES_PER_DEGREE_LAT = 110_574.0
METRES_PER_DEGREE_LON_EQUATOR = 111_320.0

LatLon = tuple[float, float]
Point = tuple[float, float]  # metres east and north of the origin


def to_metres(points: Sequence[LatLon] | np.ndarray, origin: LatLon) -> np.ndarray:
    """(n, 2) array of metres east and north of `origin` for (lat, lon) points."""
    if len(points) == 0:
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


def visit_seconds(
    services_per_resident: Sequence[int], helpers: int, settings: PlanningSettings
) -> int:
    """Seconds a team spends at the door of a household.

    `minutes_per_household` (greeting, finding the papers) plus `minutes_per_service`
    for each service, shared among the team's `helpers`: each helps one resident at a
    time ("Mỗi chiến sĩ hỗ trợ một người dân"), going on to the next resident when done,
    so the visit lasts as long as the busiest helper's residents. One helper does them
    all in turn.
    """
    busiest = _busiest_helper(services_per_resident, max(1, helpers))
    minutes = settings.minutes_per_household + settings.minutes_per_service * busiest
    return round(minutes * 60)


def _busiest_helper(services_per_resident: Sequence[int], helpers: int) -> int:
    """Services the busiest helper does when each next-largest resident goes to the
    least busy helper (the longest-first rule, which is how a team shares a living room)."""
    if helpers == 1 or len(services_per_resident) <= 1:
        return sum(services_per_resident)
    loads = [0] * min(helpers, len(services_per_resident))
    for services in sorted(services_per_resident, reverse=True):
        loads[loads.index(min(loads))] += services
    return max(loads)


def tour_length(order: list[int], matrix: np.ndarray, depot: int = 0) -> float:
    """Length of the closed tour depot → order… → depot over a distance matrix."""
    if not order:
        return 0.0
    total = matrix[depot, order[0]] + matrix[order[-1], depot]
    for here, there in zip(order, order[1:], strict=False):
        total += matrix[here, there]
    return float(total)
