"""Where house number n stands along its street, from the numbers the map knows.

Vietnamese streets are numbered from one end (the end nearer the town centre), odd
numbers on the left and even on the right in the direction the numbers rise. The map's
address points say which way a street is numbered, which side the odd numbers are on
and where some numbers stand; between them (and the street's two ends) a number is
placed in proportion. A lane the map does not draw branches off its street at the
lane's own number, on that number's side, and its houses stand along it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from desktop.domain.polylines import Polyline

# A house stands this far from the middle of its street, on its side.
STREET_SIDE_M = 8.0
LANE_SIDE_M = 4.0
# Address points further than this from the street's line belong to something else.
ANCHOR_MAX_M = 60.0
# A lane the map lacks: drawn this long, houses about 3 m of lane per number.
BRANCH_LENGTH_M = 150.0
BRANCH_METRES_PER_NUMBER = 3.0
_FIRST_HOUSE_M = 5.0


@dataclass(frozen=True)
class Numbering:
    """A street line oriented so that numbers rise from its start, with its anchors."""

    line: Polyline
    anchors: tuple[tuple[float, float], ...]  # (number, metres along), rising in both
    odd_left: bool
    side_m: float = STREET_SIDE_M

    def along(self, value: float) -> float:
        """Metres from the start at which house `value` stands."""
        numbers = [anchor[0] for anchor in self.anchors]
        measures = [anchor[1] for anchor in self.anchors]
        return float(np.interp(value, numbers, measures))

    def side(self, value: int) -> float:
        """+1 when house `value` is on the left of the line, -1 on the right."""
        return 1.0 if (value % 2 == 1) == self.odd_left else -1.0

    def place(self, value: int) -> tuple[float, float]:
        """Where house `value` stands: along the line, on its side."""
        return self.line.point_at(self.along(value), self.side(value) * self.side_m)

    def branch(self, lane_value: int) -> Numbering:
        """The lane that opens at number `lane_value`, running away from the street on
        that number's side, numbered from its mouth."""
        along = self.along(lane_value)
        mouth = np.asarray(self.line.point_at(along))
        dx, dy = self.line.direction_at(along)
        side = self.side(lane_value)
        inward = np.array([-dy, dx]) * side
        line = Polyline.of([mouth, mouth + inward * BRANCH_LENGTH_M])
        last = (BRANCH_LENGTH_M - _FIRST_HOUSE_M) / BRANCH_METRES_PER_NUMBER
        return Numbering(line, ((0.0, _FIRST_HOUSE_M), (last, BRANCH_LENGTH_M)), True, LANE_SIDE_M)


def street_numbering(
    line: Polyline,
    anchors: Sequence[tuple[int, float, float]],
    highest: int,
    start_near: tuple[float, float] | None = None,
) -> Numbering:
    """The numbering of a street from its address points (number, x, y).

    `highest` is the highest number known on the street (the ward's list), so the last
    house does not land on the street's very end; `start_near` says which end the
    numbers start from when the address points cannot (the town centre, or the street
    a lane opens on).
    """
    projected = []
    for value, x, y in anchors:
        along, offset, distance = line.project((x, y))
        if distance <= ANCHOR_MAX_M:
            projected.append((value, along, offset))
    if _runs_backwards(projected, line, start_near):
        line = line.reversed()
        projected = [(v, line.length - a, -o) for v, a, o in projected]
    return Numbering(line, _rising(projected, line.length, highest), _odd_on_left(projected))


def _runs_backwards(
    projected: list[tuple[int, float, float]],
    line: Polyline,
    start_near: tuple[float, float] | None,
) -> bool:
    values = np.asarray([p[0] for p in projected], dtype=float)
    if len(set(values.tolist())) >= 2:
        measures = np.asarray([p[1] for p in projected])
        slope = np.polyfit(values, measures, 1)[0]
        return bool(slope < 0)
    if start_near is not None:
        near = np.asarray(start_near)
        return bool(np.hypot(*(line.end - near)) < np.hypot(*(line.start - near)))
    return False


def _odd_on_left(projected: list[tuple[int, float, float]]) -> bool:
    """What the address points say (odd left, even right scores +1), else the rule."""
    score = 0
    for value, _, offset in projected:
        if abs(offset) < 1.0:
            continue
        score += 1 if (value % 2 == 1) == (offset > 0) else -1
    return score >= 0


def _rising(
    projected: list[tuple[int, float, float]], length: float, highest: int
) -> tuple[tuple[float, float], ...]:
    """(number, along) from the start (0, 0) to the end, rising in both: an address
    point out of order with those before it is left out."""
    kept: list[tuple[float, float]] = [(0.0, 0.0)]
    for value, along, _ in sorted(projected):
        if value > kept[-1][0] and along >= kept[-1][1]:
            kept.append((float(value), along))
    last = max(highest, int(kept[-1][0])) + 2
    if kept[-1][1] < length:
        kept.append((float(last), length))
    return tuple(kept)
