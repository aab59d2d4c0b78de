"""The demo ward's streets: two running out from the centre through each group's sector,
and ring streets around the station that cross several sectors.

Each group is a sector of the circle within 1.5 km of the station; a street is cut
into straight pieces (segments), each inside one sector, that remember how far along
the street they start so that house numbers go on from piece to piece.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from desktop.domain.addresses import normalize_street
from desktop.services.demo.geometry import Point, polar
from desktop.services.demo.words import STREETS

_RING_STREETS = 6  # streets that run around the station across several groups


@dataclass(frozen=True)
class Segment:
    """A straight piece of a street inside one group's sector."""

    street: str
    group: int  # index into the ward's groups
    start: Point
    end: Point
    distance: float  # metres from the start of the street, so numbers go on across pieces

    @property
    def length(self) -> float:
        return math.dist(self.start, self.end)


def lay_out_streets(rng: random.Random, group_count: int) -> list[Segment]:
    """Two streets running out from the centre through each sector, and ring streets
    that cross several sectors, each piece of a ring inside one sector."""
    width = 2 * math.pi / group_count
    turn = rng.uniform(0, 2 * math.pi)
    count = 2 * group_count + _RING_STREETS
    names = iter(normalize_street(f"{kind} {name}") for kind, name in rng.sample(STREETS, count))
    segments = []
    for group in range(group_count):
        first_angle = turn + group * width
        for share, inner in ((0.3, rng.uniform(80, 250)), (0.72, rng.uniform(450, 650))):
            angle = first_angle + width * (share + rng.uniform(-0.08, 0.08))
            outer = rng.uniform(1050, 1280)
            segments.append(
                Segment(next(names), group, polar(inner, angle), polar(outer, angle), 0.0)
            )
    for ring in range(_RING_STREETS):
        radius = 300 + ring * 950 / (_RING_STREETS - 1) + rng.uniform(-40, 40)
        segments.extend(_ring_street(rng, next(names), radius, turn, width, group_count))
    return segments


def _ring_street(
    rng: random.Random, name: str, radius: float, turn: float, width: float, group_count: int
) -> list[Segment]:
    span = rng.randint(max(2, group_count // 3), group_count - 1)
    first = rng.randrange(group_count)
    pieces, distance = [], 0.0
    for step in range(span):
        group = (first + step) % group_count
        angle = turn + group * width
        piece = Segment(name, group, polar(radius, angle), polar(radius, angle + width), distance)
        pieces.append(piece)
        distance += piece.length
    return pieces
