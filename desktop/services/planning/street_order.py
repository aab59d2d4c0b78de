"""Placing households that have no coordinates, from their address alone.

A household without coordinates is put beside its street's neighbours: between the
located houses before and after it in house-number order (same side of the street,
same lane when the lane has located houses), or at the mouth of its lane. A household
whose street has no located house at all is laid out on a schematic map of its
street: numbers along the street, odd on one side and even on the other, lanes
branching off at their number. Walks between such households are estimates, but the
order they give is the order a team walks a street.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from desktop.domain.addresses import house_number_key

_NUMBER = re.compile(r"(\d+)")

# Schematic street map, in metres: a house number is about 4 m of street (8 m of
# frontage per side), the street is 12 m across, lane houses are 6 m apart, and
# unrelated streets lie far apart.
_METRES_PER_NUMBER = 4.0
_STREET_WIDTH = 12.0
_LANE_STEP = 6.0
_STREET_GAP = 600.0


@dataclass(frozen=True)
class AddressPoint:
    """A household's address with its position (metres east and north), if known."""

    household_id: int
    street: str | None
    lane: str | None
    house_number: str | None
    sort_key: str
    x: float | None = None
    y: float | None = None

    @property
    def located(self) -> bool:
        return self.x is not None and self.y is not None


def estimate_from_neighbours(
    missing: Iterable[AddressPoint], located: Iterable[AddressPoint]
) -> dict[int, tuple[float, float]]:
    """Positions for households without coordinates whose street has located houses.

    Households on a street with no located house are left out of the result.
    """
    by_lane: dict[tuple[str, str | None], list[AddressPoint]] = defaultdict(list)
    by_street: dict[str, list[AddressPoint]] = defaultdict(list)
    for point in located:
        if point.street and point.located:
            by_lane[(point.street, point.lane)].append(point)
            by_street[point.street].append(point)
    for points in (*by_lane.values(), *by_street.values()):
        points.sort(key=lambda point: point.sort_key)
    estimates: dict[int, tuple[float, float]] = {}
    for point in missing:
        if not point.street or point.street not in by_street:
            continue
        lane_houses = by_lane.get((point.street, point.lane))
        if lane_houses:
            estimates[point.household_id] = _between_neighbours(point, lane_houses)
        else:
            street_houses = by_lane.get((point.street, None)) or by_street[point.street]
            estimates[point.household_id] = _at_number(
                _lane_number(point) if point.lane else point.house_number, street_houses
            )
    return estimates


def _between_neighbours(point: AddressPoint, houses: Sequence[AddressPoint]) -> tuple[float, float]:
    """Interpolated between the located houses before and after it on the same side."""
    side, number, _ = house_number_key(point.house_number)
    same_side = [house for house in houses if house_number_key(house.house_number)[0] == side]
    candidates = same_side or list(houses)
    same_address = [house for house in candidates if house.sort_key == point.sort_key]
    if same_address:  # another household at this very number (flats, a shared house)
        return (same_address[0].x, same_address[0].y)
    before = [house for house in candidates if house.sort_key < point.sort_key]
    after = [house for house in candidates if house.sort_key > point.sort_key]
    if before and after:
        low, high = before[-1], after[0]
        low_number = house_number_key(low.house_number)[1]
        high_number = house_number_key(high.house_number)[1]
        share = 0.5
        if high_number != low_number and side < 2:
            share = min(1.0, max(0.0, (number - low_number) / (high_number - low_number)))
        return (low.x + share * (high.x - low.x), low.y + share * (high.y - low.y))
    nearest = before[-1] if before else after[0]
    return (nearest.x, nearest.y)


def _at_number(house_number: str | None, houses: Sequence[AddressPoint]) -> tuple[float, float]:
    """The located house on the street whose number is nearest (a lane's mouth)."""
    side, number, _ = house_number_key(house_number)

    def distance(house: AddressPoint) -> tuple[int, int]:
        house_side, house_number_value, _ = house_number_key(house.house_number)
        return (int(house_side != side), abs(house_number_value - number))

    nearest = min(houses, key=distance)
    return (nearest.x, nearest.y)


def _lane_number(point: AddressPoint) -> str | None:
    """The street number a lane opens at: "ngõ 15" → "15", "ngách 15/4" → "15"."""
    match = _NUMBER.search(point.lane or "")
    return match.group(1) if match else None


def schematic_positions(points: Iterable[AddressPoint]) -> dict[int, tuple[float, float]]:
    """Positions on a schematic map of the streets, for households nothing else places.

    Streets are rows far apart in address order; along a row a house sits at its
    number, odd numbers on one side and even on the other; a lane runs off the street
    at its own number, its houses along it by number.
    """
    ordered = sorted(points, key=lambda point: point.sort_key)
    streets: dict[str, int] = {}
    positions: dict[int, tuple[float, float]] = {}
    for point in ordered:
        row = streets.setdefault(point.street or "", len(streets))
        base_y = row * _STREET_GAP
        side, number, _ = house_number_key(point.house_number)
        if point.lane:
            positions[point.household_id] = _lane_position(point.lane, side, number, base_y)
        else:
            y = base_y + (_STREET_WIDTH if side == 1 else 0.0)
            positions[point.household_id] = (number * _METRES_PER_NUMBER, y)
    return positions


def _lane_position(lane: str, side: int, number: int, base_y: float) -> tuple[float, float]:
    """A lane runs across its street at the lane's number; a ngách runs along the lane."""
    numbers = [int(found) for found in _NUMBER.findall(lane)] or [0]
    mouth = numbers[0]
    direction = 1.0 if mouth % 2 else -1.0  # odd-numbered lanes open on the odd side
    across = _STREET_WIDTH + max(number, 1) * _LANE_STEP / 2
    along = mouth * _METRES_PER_NUMBER + (3.0 if side == 1 else 0.0)
    if len(numbers) > 1:  # ngách a/b: off lane a, at its house b
        across = _STREET_WIDTH + numbers[1] * _LANE_STEP / 2 + (3.0 if side == 1 else 0.0)
        along = mouth * _METRES_PER_NUMBER + max(number, 1) * _LANE_STEP / 2
    return (along, base_y + direction * across)
