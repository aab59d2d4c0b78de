"""Where each household of the demo ward lives: group, street, lane, house number, lat/lon.

Houses are numbered the way a team walks them: odd numbers on one side, even on the
other, growing along the street. Some slots along a street open into a lane (ngõ)
instead, whose houses are numbered 1, 2, 3…; a big lane grows side lanes (ngách).
Each lane is kept as a line too (Lane), from its mouth on the street or lane it opens
on to a little past its last house: the demo's map draws them (street_map).
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass

from desktop.services.demo.geometry import Point, lat_lon, move, side_normal, unit
from desktop.services.demo.streets import Segment, lay_out_streets

_FRONTAGE = 8.0  # metres of street per house and side; house numbers count these
_SETBACK = 10.0  # from the middle of the street to a house on it
_LANE_SETBACK = 4.0  # from the middle of a lane to a house on it
_LANE_STEP = 6.0  # metres between houses along a lane
_SMALL_LANE = 14  # households a lane holds before side lanes (ngách) branch off it
_LANE_END = 4.0  # a lane runs on this far past its last house


@dataclass(frozen=True, slots=True)
class Place:
    """Where one household lives: its group, address and position (which the ward's
    list gives for a few households only: `listed`, see ward_list)."""

    group: int  # index into the ward's groups
    street: str
    lane: str | None
    house_number: str
    lat: float
    lon: float
    listed: bool = False

    @classmethod
    def at(cls, group: int, street: str, lane: str | None, number: str, point: Point) -> Place:
        """A place `point` metres (east, north) from the station."""
        return cls(group, street, lane, number, *lat_lon(point))


@dataclass(frozen=True, slots=True)
class Lane:
    """A ngõ or ngách as a straight line, from its mouth to a little past its last house."""

    street: str  # the street it belongs to ("đường Hoàng Liên")
    name: str  # "ngõ 12", "ngách 12/5"
    parent: str | None  # the lane it opens on ("ngõ 12"); None when on the street
    mouth: Point  # on the middle line of the street or lane it opens on
    end: Point


@dataclass(frozen=True)
class WardLayout:
    """The ward as generated: its street pieces, its lanes and every household's place."""

    segments: list[Segment]
    lanes: list[Lane]
    places: list[Place]


def lay_out_ward(rng: random.Random, households: int, group_count: int) -> WardLayout:
    """Places for every household, group by group, each group's houses along its streets."""
    segments = lay_out_streets(rng, group_count)
    per_group = apportion(households, [rng.uniform(0.6, 1.4) for _ in range(group_count)])
    places: list[Place] = []
    lanes: list[Lane] = []
    for group, quota in enumerate(per_group):
        own = [segment for segment in segments if segment.group == group]
        for segment, count in zip(
            own, apportion(quota, [segment.length for segment in own]), strict=True
        ):
            places.extend(_fill_segment(rng, segment, count, lanes))
    return WardLayout(segments, lanes, places)


def apportion(total: int, weights: list[float]) -> list[int]:
    """Split a whole number in proportion to weights (largest remainders get the rest)."""
    if not weights:
        return []
    scale = total / sum(weights)
    exact = [weight * scale for weight in weights]
    shares = [int(value) for value in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (shares[i] - exact[i], i))
    for index in by_remainder[: total - sum(shares)]:
        shares[index] += 1
    return shares


@dataclass
class _Frontage:
    """The slots along a street piece or a lane: houses, and openings into smaller lanes."""

    slots: int
    openings: set[int]  # the slots that open into a lane
    lane_sizes: Iterator[int]  # the households of each opening's lane, in slot order


def _frontage(rng: random.Random, houses: int, openings: int, in_lanes: int) -> _Frontage:
    slots = houses + openings
    return _Frontage(
        slots,
        set(rng.sample(range(slots), openings)),
        iter(_positive_shares(rng, in_lanes, openings)),
    )


def _fill_segment(
    rng: random.Random, segment: Segment, count: int, lanes: list[Lane]
) -> list[Place]:
    """Houses along both sides of a street piece; some slots open into lanes instead."""
    if count == 0:
        return []
    frontage = _street_frontage(rng, segment, count)
    step = segment.length / (math.ceil(frontage.slots / 2) + 1)
    direction = unit(segment.start, segment.end)
    places = []
    for slot in range(frontage.slots):
        along, side = (slot // 2 + 1) * step, slot % 2
        number = 2 * int((segment.distance + along) // _FRONTAGE) + 1 + side
        edge = move(segment.start, direction, along)
        outward = side_normal(direction, side)
        if slot in frontage.openings:
            lane, size = f"ngõ {number}", next(frontage.lane_sizes)
            places.extend(_fill_lane(rng, segment, (None, lane), edge, outward, size, lanes))
        else:
            house = move(edge, outward, _SETBACK)
            places.append(Place.at(segment.group, segment.street, None, str(number), house))
    return places


def _street_frontage(rng: random.Random, segment: Segment, count: int) -> _Frontage:
    """Most households face the street; the rest live in lanes of 8–26 households."""
    slots = 2 * max(1, int(segment.length // _FRONTAGE) - 1)
    on_street = min(count - round(count * rng.uniform(0.3, 0.5)), int(slots * 0.75))
    in_lanes = count - on_street
    lanes = 0
    if in_lanes:
        lanes = min(slots - on_street, max(1, math.ceil(in_lanes / rng.uniform(8, 26))))
    return _frontage(rng, on_street, lanes, in_lanes)


def _fill_lane(
    rng: random.Random,
    segment: Segment,
    parent_and_lane: tuple[str | None, str],
    mouth: Point,
    direction: Point,
    count: int,
    lanes: list[Lane],
) -> list[Place]:
    """Houses along a lane, numbered 1, 2, 3… (odd on the left); a big ngõ grows ngách."""
    parent, lane = parent_and_lane
    frontage = _lane_frontage(rng, lane, count)
    last_house = _SETBACK + ((frontage.slots - 1) // 2 + 1) * _LANE_STEP
    end = move(mouth, direction, last_house + _LANE_END)
    lanes.append(Lane(segment.street, lane, parent, mouth, end))
    lane_number = lane.split(" ")[-1]
    places = []
    for slot in range(frontage.slots):
        number, side = slot + 1, slot % 2
        point = move(mouth, direction, _SETBACK + (slot // 2 + 1) * _LANE_STEP)
        outward = side_normal(direction, side)
        if slot in frontage.openings:
            branch, size = f"ngách {lane_number}/{number}", next(frontage.lane_sizes)
            places.extend(_fill_lane(rng, segment, (lane, branch), point, outward, size, lanes))
        else:
            house = move(point, outward, _LANE_SETBACK)
            places.append(Place.at(segment.group, segment.street, lane, str(number), house))
    return places


def _lane_frontage(rng: random.Random, lane: str, count: int) -> _Frontage:
    """A ngõ of more than _SMALL_LANE households sends some of them into ngách."""
    if count > _SMALL_LANE and lane.startswith("ngõ"):
        on_lane = max(8, round(count * rng.uniform(0.35, 0.55)))
        branches = math.ceil((count - on_lane) / rng.uniform(8, 12))
        return _frontage(rng, on_lane, branches, count - on_lane)
    return _frontage(rng, count, 0, 0)


def _positive_shares(rng: random.Random, total: int, parts: int) -> list[int]:
    """`total` split into `parts` uneven shares of at least one each."""
    if parts == 0:
        return []
    weights = [rng.uniform(0.6, 1.4) for _ in range(parts)]
    return [1 + share for share in apportion(total - parts, weights)]
