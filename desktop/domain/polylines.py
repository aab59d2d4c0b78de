"""A street as a line in metres: how far along it a point lies, on which side, and back.

Positions are metres east (x) and north (y) of some origin. "Left" is left of a person
walking the line from its start to its end; `offset` > 0 is to the left.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, eq=False)
class Polyline:
    """Points in order (at least two, consecutive ones distinct)."""

    points: np.ndarray  # (n, 2)

    @classmethod
    def of(cls, points: Sequence[Sequence[float]] | np.ndarray) -> Polyline:
        array = np.asarray(points, dtype=float).reshape(-1, 2)
        keep = np.ones(len(array), dtype=bool)
        keep[1:] = np.any(np.diff(array, axis=0) != 0, axis=1)
        array = array[keep]
        if len(array) < 2:
            raise ValueError("a line needs two distinct points")
        return cls(array)

    @property
    def measures(self) -> np.ndarray:
        """(n,) metres from the start to each point."""
        cached = self.__dict__.get("_measures")
        if cached is None:
            steps = np.hypot(*np.diff(self.points, axis=0).T)
            cached = np.concatenate([[0.0], np.cumsum(steps)])
            object.__setattr__(self, "_measures", cached)
        return cached

    @property
    def length(self) -> float:
        return float(self.measures[-1])

    @property
    def start(self) -> np.ndarray:
        return self.points[0]

    @property
    def end(self) -> np.ndarray:
        return self.points[-1]

    def reversed(self) -> Polyline:
        return Polyline(self.points[::-1].copy())

    def project(self, point: Sequence[float]) -> tuple[float, float, float]:
        """(metres along, signed offset to the left, distance) of the nearest point."""
        p = np.asarray(point, dtype=float)
        a, b = self.points[:-1], self.points[1:]
        ab = b - a
        lengths2 = (ab**2).sum(axis=1)
        t = np.clip(((p - a) * ab).sum(axis=1) / lengths2, 0.0, 1.0)
        nearest = a + ab * t[:, None]
        distance = np.hypot(*(p - nearest).T)
        i = int(np.argmin(distance))
        along = float(self.measures[i] + t[i] * math.sqrt(lengths2[i]))
        cross = ab[i, 0] * (p[1] - a[i, 1]) - ab[i, 1] * (p[0] - a[i, 0])
        side = 1.0 if cross >= 0 else -1.0
        return along, side * float(distance[i]), float(distance[i])

    def point_at(self, along: float, offset: float = 0.0) -> tuple[float, float]:
        """The point `along` metres from the start (clamped to the line), `offset` metres
        to its left (negative: right)."""
        along = min(max(along, 0.0), self.length)
        i = int(np.searchsorted(self.measures, along, side="right")) - 1
        i = min(max(i, 0), len(self.points) - 2)
        a, b = self.points[i], self.points[i + 1]
        step = self.measures[i + 1] - self.measures[i]
        t = (along - self.measures[i]) / step if step else 0.0
        x, y = a + (b - a) * t
        direction = (b - a) / max(float(np.hypot(*(b - a))), 1e-9)
        left = np.array([-direction[1], direction[0]])
        return (float(x + left[0] * offset), float(y + left[1] * offset))

    def direction_at(self, along: float) -> tuple[float, float]:
        """The unit vector along the line at that point."""
        x0, y0 = self.point_at(along - 0.5)
        x1, y1 = self.point_at(along + 0.5)
        norm = math.hypot(x1 - x0, y1 - y0) or 1.0
        return ((x1 - x0) / norm, (y1 - y0) / norm)


def longest_chains(
    pieces: Sequence[tuple[Sequence[int], np.ndarray]], join_gap: float = 150.0
) -> list[Polyline]:
    """The lines a street's ways make, longest first.

    `pieces` are ways as (node ids, (n, 2) points). Ways sharing a node are one network;
    each network is walked along its longest path (a fork or a dual carriageway gives
    one line), and networks whose ends lie within `join_gap` metres of each other (a
    street interrupted by a missing way) are joined end to end.
    """
    position: dict[int, tuple[float, float]] = {}
    neighbours: dict[int, dict[int, float]] = defaultdict(dict)
    for ids, points in pieces:
        for node, point in zip(ids, points, strict=True):
            position[int(node)] = (float(point[0]), float(point[1]))
        for (a, pa), (b, pb) in zip(
            zip(ids, points, strict=True), zip(ids[1:], points[1:], strict=True), strict=False
        ):
            if a != b:
                length = float(np.hypot(*(np.asarray(pb) - np.asarray(pa))))
                neighbours[int(a)][int(b)] = length
                neighbours[int(b)][int(a)] = length
    lines = []
    seen: set[int] = set()
    for node in position:
        if node in seen or node not in neighbours:
            continue
        component = _component(node, neighbours)
        seen |= component
        far, _ = _farthest(next(iter(component)), neighbours)
        other, previous = _farthest(far, neighbours)
        path = [other]
        while path[-1] != far:
            path.append(previous[path[-1]])
        try:
            lines.append(Polyline.of([position[n] for n in path]))
        except ValueError:
            continue
    return _joined(lines, join_gap)


def _component(start: int, neighbours: dict[int, dict[int, float]]) -> set[int]:
    found, stack = {start}, [start]
    while stack:
        for other in neighbours[stack.pop()]:
            if other not in found:
                found.add(other)
                stack.append(other)
    return found


def _farthest(start: int, neighbours: dict[int, dict[int, float]]) -> tuple[int, dict[int, int]]:
    """The node farthest from `start` along the network, and the path tree to it."""
    distance = {start: 0.0}
    previous: dict[int, int] = {}
    queue = [(0.0, start)]
    while queue:
        here, node = heapq.heappop(queue)
        if here > distance[node]:
            continue
        for other, step in neighbours[node].items():
            if here + step < distance.get(other, math.inf):
                distance[other] = here + step
                previous[other] = node
                heapq.heappush(queue, (here + step, other))
    far = max(distance, key=lambda node: distance[node])
    return far, previous


def _joined(lines: list[Polyline], gap: float) -> list[Polyline]:
    lines = sorted(lines, key=lambda line: -line.length)
    joined: list[Polyline] = []
    while lines:
        line = lines.pop(0)
        grown = True
        while grown:
            grown = False
            for index, other in enumerate(lines):
                merged = _join(line, other, gap)
                if merged is not None:
                    line = merged
                    lines.pop(index)
                    grown = True
                    break
        joined.append(line)
    return sorted(joined, key=lambda line: -line.length)


def _join(line: Polyline, other: Polyline, gap: float) -> Polyline | None:
    """The two lines end to end, if one's end is within `gap` of the other's."""
    options = (
        (line.end, other.start, line.points, other.points),
        (line.end, other.end, line.points, other.points[::-1]),
        (line.start, other.end, other.points, line.points),
        (line.start, other.start, other.points[::-1], line.points),
    )
    best = min(options, key=lambda option: float(np.hypot(*(option[0] - option[1]))))
    if float(np.hypot(*(best[0] - best[1]))) > gap:
        return None
    return Polyline.of(np.vstack([best[2], best[3]]))
