"""Walks along streets between snapped points, checked against a plain Dijkstra over the
network drawn out in full: every point its own node on its nearest segment."""

from __future__ import annotations

import heapq
import math

import numpy as np
import pytest

from desktop.domain.street_network import StreetNetwork


def _street(ids: list[int], *xy: tuple[float, float]) -> tuple[np.ndarray, np.ndarray]:
    return np.asarray(ids, dtype=np.int64), np.asarray(xy, dtype=float)


# Two streets along a river (y = 0 and y = 100), joined by one bridge at x = 500.
RIVER_BANKS = [
    _street([1, 2, 3], (0, 0), (500, 0), (1000, 0)),
    _street([4, 5, 6], (0, 100), (500, 100), (1000, 100)),
    _street([2, 5], (500, 0), (500, 100)),
]


def test_houses_facing_each_other_across_the_river_walk_round_by_the_bridge() -> None:
    points = np.asarray([[100.0, -10], [100.0, 110]])
    network = StreetNetwork(RIVER_BANKS, points, np.asarray([True, True]))
    assert network.offset == pytest.approx([10, 10])
    assert network.rows([0])[0, 1] == pytest.approx(10 + 400 + 100 + 400 + 10)
    walk = network.path(0, 1)
    assert walk.tolist() == [[100, 0], [500, 0], [500, 100], [100, 100]]


def test_houses_on_one_street_walk_straight_along_it_passing_the_houses_between() -> None:
    points = np.asarray([[100.0, -5], [300.0, 5], [200.0, -20], [200.0, 8], [900.0, 3]])
    network = StreetNetwork(RIVER_BANKS, points, np.ones(5, dtype=bool))
    assert network.rows([0, 1])[:, [0, 1]] == pytest.approx(
        np.asarray([[0, 210], [210, 0]]), abs=0.01
    )
    # The two houses at x = 200 face each other: their feet are one spot, 1 mm apart.
    assert network.rows([2])[0, 3] == pytest.approx(28, abs=0.01)
    assert network.path(0, 1).tolist() == [[100, 0], [200, 0], [200, 0], [300, 0]]
    assert network.path(1, 4).tolist() == [[300, 0], [500, 0], [900, 0]]


def test_a_walk_longer_than_the_limit_is_not_found() -> None:
    points = np.asarray([[100.0, -10], [100.0, 110]])
    network = StreetNetwork(RIVER_BANKS, points, np.asarray([True, True]))
    assert len(network.path(0, 1, limit=899)) == 0
    assert len(network.path(0, 1, limit=901)) == 4


def test_a_house_is_snapped_to_the_largest_part_and_points_without_position_walk_nowhere() -> None:
    # A lane cut off by the map's edge, right beside the first house.
    ways = [*RIVER_BANKS, _street([7, 8], (90, -12), (110, -12))]
    points = np.asarray([[100.0, -10], [100.0, 110], [0.0, 0.0]])
    network = StreetNetwork(ways, points, np.asarray([True, True, False]))
    assert network.offset[:2] == pytest.approx([10, 10])
    rows = network.rows([0, 2])
    assert rows[0, 2] == math.inf and rows[1, 0] == math.inf and rows[1, 2] == 0
    assert len(network.path(0, 2)) == 0


def test_no_streets_leave_every_walk_unknown() -> None:
    network = StreetNetwork([], np.asarray([[0.0, 0], [10, 0]]), np.asarray([True, True]))
    assert network.rows([0]).tolist() == [[0, math.inf]]
    assert len(network.path(0, 1)) == 0


def _random_map(seed: int) -> tuple[list, np.ndarray]:
    """A jittered street grid with streets missing, a loose piece, and houses about it:
    beside the streets, several on one segment, two on one spot, a few far off."""
    rng = np.random.default_rng(seed)
    size, gap = 9, 60.0
    node = np.arange(size * size).reshape(size, size) + 100
    xy = np.stack(np.meshgrid(np.arange(size), np.arange(size), indexing="ij"), -1) * gap
    xy = xy + rng.normal(0, 8, xy.shape)
    ways = []
    for line in range(size):
        for ids, places in ((node[line], xy[line]), (node[:, line], xy[:, line])):
            keep = rng.random(size - 1) > 0.15  # some blocks have no street
            for start in range(size - 1):
                if keep[start]:
                    ways.append((ids[start : start + 2], places[start : start + 2]))
    ways.append((np.asarray([1, 2]), np.asarray([[900.0, 900], [950, 950]])))
    houses = rng.uniform(-40, size * gap + 40, (300, 2))
    houses[10:20] = houses[10] + rng.normal(0, 3, (10, 2))  # several on one segment
    houses[21] = houses[20]
    houses[22:25] = rng.uniform(2_000, 5_000, (3, 2))  # far from every street
    return ways, houses


def _reference(ways, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(offsets, walk matrix) by brute force: each point on its nearest segment of the
    part with the most segments (the first such segment on a tie), a heap Dijkstra
    over the streets cut at the points' feet."""
    ids = {}
    for way_ids, way_xy in ways:
        for node_id, place in zip(way_ids.tolist(), way_xy, strict=True):
            ids.setdefault(node_id, place)
    index = {node_id: i for i, node_id in enumerate(sorted(ids))}
    position = np.asarray([ids[node_id] for node_id in sorted(ids)])
    edges = sorted(
        {tuple(sorted((index[a], index[b]))) for way_ids, _ in ways
         for a, b in zip(way_ids.tolist()[:-1], way_ids.tolist()[1:], strict=True) if a != b}
    )  # fmt: skip
    part = list(range(len(position)))

    def root(node: int) -> int:
        while part[node] != node:
            node = part[node]
        return node

    for a, b in edges:
        part[root(a)] = root(b)
    sizes: dict[int, int] = {}
    for a, _ in edges:
        sizes[root(a)] = sizes.get(root(a), 0) + 1
    biggest = max(sizes, key=lambda label: (sizes[label], -min(
        a for a, _ in edges if root(a) == label)))  # fmt: skip
    edges = [(a, b) for a, b in edges if root(a) == biggest]
    offsets, snapped = [], []
    for point in points:
        best = None
        for edge, (a, b) in enumerate(edges):
            ab = position[b] - position[a]
            t = np.clip(((point - position[a]) * ab).sum() / max((ab**2).sum(), 1e-12), 0, 1)
            distance = float(np.hypot(*(point - (position[a] + ab * t))))
            if best is None or distance < best[0]:
                best = (distance, edge, t * float(np.hypot(*ab)))
        offsets.append(best[0])
        snapped.append(best[1:])
    neighbours: dict[int, list[tuple[int, float]]] = {}

    def join(a: int, b: int, metres: float) -> None:
        metres = max(metres, 1e-3)
        neighbours.setdefault(a, []).append((b, metres))
        neighbours.setdefault(b, []).append((a, metres))

    for edge, (a, b) in enumerate(edges):
        length = float(np.hypot(*(position[b] - position[a])))
        on_it = sorted((along, i) for i, (e, along) in enumerate(snapped) if e == edge)
        chain = [(0.0, a), *((along, ("point", i)) for along, i in on_it), (length, b)]
        for (start, here), (end, there) in zip(chain[:-1], chain[1:], strict=True):
            join(here, there, end - start)
    walks = np.empty((len(points), len(points)))
    for source in range(len(points)):
        done: dict = {}
        heap = [(0.0, 0, ("point", source))]
        tie = 1
        while heap:
            metres, _, node = heapq.heappop(heap)
            if node in done:
                continue
            done[node] = metres
            for other, step in neighbours.get(node, []):
                if other not in done:
                    heapq.heappush(heap, (metres + step, tie, other))
                    tie += 1
        walks[source] = [done[("point", i)] + offsets[source] + offsets[i] for i in
                         range(len(points))]  # fmt: skip
        walks[source, source] = 0
    return np.asarray(offsets), walks


@pytest.mark.parametrize("seed", [1, 2])
def test_snapping_and_walks_are_those_of_the_whole_network_drawn_out(seed: int) -> None:
    ways, points = _random_map(seed)
    offsets, walks = _reference(ways, points)
    network = StreetNetwork(ways, points, np.ones(len(points), dtype=bool))
    assert network.offset == pytest.approx(offsets, abs=1e-9)
    sources = [0, 10, 11, 20, 21, 22, 150, 299]
    assert network.rows(sources) == pytest.approx(walks[sources], abs=1e-6)
    for here, there in [(0, 299), (10, 15), (20, 21), (22, 150), (11, 10)]:
        path = network.path(here, there)
        assert path[0] == pytest.approx(network.foot[here])
        assert path[-1] == pytest.approx(network.foot[there])
        walked = np.hypot(*np.diff(path, axis=0).T).sum()
        expected = walks[here, there] - offsets[here] - offsets[there]
        # Less by 1 mm for each house passed that shares its foot with another.
        assert walked == pytest.approx(expected, abs=0.05)
