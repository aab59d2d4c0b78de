"""Walks along streets: shortest paths over a map's walkable ways between snapped points.

Ways are (node ids, (n, 2) metres east and north) pairs; ways that share a node id
meet there. Each point to walk between (a household, the meeting point) is snapped to
the nearest segment of the network's largest connected part (a footway cut off by the
map's edge would otherwise strand a house on it) and joins the network there: the walk
from a point to another is the short perpendicular from the house to its street, the
streets between, and the perpendicular to the other house. So a river with one bridge
is crossed at the bridge, however close the two banks.

Distances come by rows (one Dijkstra a source, igraph's, sources in batches), so a
city's 60,000 points never make a 60,000² matrix: only the rows the planner asks for.
igraph (its C core, no BLAS) and a numpy grid of the segments' samples do what scipy's
csgraph and k-d tree did, 40 MB lighter on Windows (bench/street_network_engines.py).
"""

from __future__ import annotations

from collections.abc import Sequence

import igraph
import numpy as np

# Segments are sampled every _SAMPLE_M metres to find each point's nearest segment; the
# search radius adds half that step, so the nearest segment is always found exactly.
_SAMPLE_M = 10.0
# Points at one spot are this far apart along their street (as when the graph was a
# sparse matrix, where a zero-length edge vanished).
_TINY_M = 1e-3
# The Dijkstra batch's size: (sources × points) distances at most, which igraph hands
# over as Python floats (about 32 bytes each) before they become an array.
_BATCH_CELLS = 2_000_000
# The grid that finds each point's nearby samples: cells this wide, searched ring by ring
# up to this many rings around the point's cell, then again in cells this many times
# wider for the points still unresolved (a house far from every street).
_CELL_M = 25.0
_RINGS = 3
_WIDER = 8
_GRID_POINTS = 8_192  # points looked up at once

WayPieces = Sequence[tuple[np.ndarray, np.ndarray]]  # (node ids, (n, 2) metres)


class StreetNetwork:
    """The walkable network with the given points snapped onto it.

    `points` (n, 2) metres; `snapped` (n,) bool says which to snap (the others, with no
    position, are not on the network). After construction: `offset[i]` is the
    perpendicular metres from point i to its street, `foot[i]` the point on the street.

    Each snapped point is a node of the network on its segment, the segment cut into a
    chain through its points in order. The searches run on the streets' nodes alone (a
    cut segment is one edge as long as its chain): a point's walk enters its segment at
    one end or the other, or stays on it, so the distances to the points follow from
    those to the segments' ends, and a source joins the search for its turn only.
    """

    def __init__(self, ways: WayPieces, points: np.ndarray, snapped: np.ndarray) -> None:
        positions, edges = _base_graph(ways)
        edges = _largest_part(edges, len(positions))
        points = np.asarray(points, dtype=float).reshape(-1, 2)
        self.size = len(points)
        self.offset = np.full(self.size, np.inf)
        self.foot = np.full((self.size, 2), np.nan)
        self.graph_node = np.full(self.size, -1, dtype=np.int64)
        chosen = np.flatnonzero(np.asarray(snapped, dtype=bool))
        self._base = len(positions)
        self._edges = edges
        self._node_xy = positions
        if not len(edges) or not len(chosen):
            self._chain = _Chains.empty(len(edges))
            self._graph, self._weights = igraph.Graph(n=len(positions)), []
            return
        segment, along, offset, foot = _snap(points[chosen], positions, edges)
        self.offset[chosen] = offset
        self.foot[chosen] = foot
        self.graph_node[chosen] = self._base + np.arange(len(chosen))
        self._node_xy = np.vstack([positions, foot])
        length = np.hypot(*(positions[edges[:, 1]] - positions[edges[:, 0]]).T)
        self._chain = _Chains(segment, along, length)
        self._graph = igraph.Graph(n=len(positions), edges=edges)
        self._weights = self._chain.edge_metres.tolist()

    @property
    def graph_nodes(self) -> int:
        """The network's nodes: the streets' and one for each snapped point."""
        return self._base + len(self._chain.segment)

    def rows(self, sources: Sequence[int] | np.ndarray) -> np.ndarray:
        """(len(sources), n) metres walked from each source point to every point, along
        the streets and the perpendiculars at both ends; inf to or from a point not on
        the network; 0 from a point to itself."""
        sources = np.asarray(sources, dtype=np.int64).reshape(-1)
        result = np.full((len(sources), self.size), np.inf)
        on_network = np.flatnonzero(self.graph_node >= 0)
        chain = self._chain
        ends = np.unique(self._edges[chain.segment])  # the searches' targets
        start_end = np.searchsorted(ends, self._edges[chain.segment, 0])
        end_end = np.searchsorted(ends, self._edges[chain.segment, 1])
        targets = ends.tolist()
        batch = max(1, _BATCH_CELLS // max(1, len(ends), len(on_network)))
        reachable = np.flatnonzero(self.graph_node[sources] >= 0)
        for first in range(0, len(reachable), batch):
            rows = reachable[first : first + batch]
            points = self.graph_node[sources[rows]] - self._base
            to_ends = np.asarray(
                self._with_points(points).distances(
                    source=list(range(self._base, self._base + len(points))),
                    target=targets,
                    weights=[*self._weights, *chain.joins(points)],
                ),
                dtype=float,
            ).reshape(len(points), len(ends))
            along = np.minimum(
                to_ends[:, start_end] + chain.from_start[None, :],
                to_ends[:, end_end] + chain.to_end[None, :],
            )
            for row, point in enumerate(points):
                same = chain.on_segment(chain.segment[point])
                direct = np.abs(chain.from_start[same] - chain.from_start[point])
                along[row, same] = np.minimum(along[row, same], direct)
            walked = along + self.offset[on_network][None, :]
            result[np.ix_(rows, on_network)] = walked + self.offset[sources[rows]][:, None]
        result[np.arange(len(sources)), sources] = 0.0
        return result

    def path(self, source: int, target: int, limit: float = np.inf) -> np.ndarray:
        """(k, 2) metres: the walk from one point to another, house to house along the
        streets (just the two points when either is not on the network). With `limit`
        nothing is found when the walk is longer than that many metres along the
        streets (the search stops at the target, so a short walk in a big city is
        found fast however large the limit)."""
        here, there = int(self.graph_node[source]), int(self.graph_node[target])
        if here < 0 or there < 0 or source == target:
            return np.empty((0, 2))
        chain, base = self._chain, self._base
        here, there = here - base, there - base
        ends = np.asarray([here, there])
        graph = self._with_points(ends)
        weights = [*self._weights, *chain.joins(ends)]
        # Every snapped point is on the largest part: the target is always reached.
        nodes = graph.get_shortest_path(base, base + 1, weights=weights)
        steps = graph.get_eids(pairs=list(zip(nodes[:-1], nodes[1:], strict=True)))
        metres = sum(weights[step] for step in steps)
        if chain.segment[here] == chain.segment[there]:
            direct = abs(chain.from_start[there] - chain.from_start[here])
            if direct <= metres:
                if direct > limit:
                    return np.empty((0, 2))
                walk = [here, *chain.between(here, there), there]
                return self._node_xy[base + np.asarray(walk, dtype=np.int64)]
        if metres > limit:
            return np.empty((0, 2))
        streets = nodes[1:-1]  # the street nodes walked through, first to last
        first_node = self._edges[chain.segment[[here, there]], 0]
        walk = [base + here, *(base + chain.towards(here, streets[0] != first_node[0]))]
        for a, edge in zip(streets[:-1], steps[1:-1], strict=True):
            inside = chain.on_segment(edge)
            walk += [a, *(base + (inside if a == self._edges[edge, 0] else inside[::-1]))]
        last_side = chain.towards(there, streets[-1] != first_node[1])
        walk += [streets[-1], *(base + last_side[::-1]), base + there]
        return self._node_xy[np.asarray(walk, dtype=np.int64)]

    def _with_points(self, points: np.ndarray) -> igraph.Graph:
        """The streets' graph with these points (indices of the snapped points) added as
        nodes base, base + 1, …, each joined to both ends of its segment."""
        graph = self._graph.copy()
        graph.add_vertices(len(points))
        added = self._base + np.arange(len(points))
        ends = self._edges[self._chain.segment[points]]
        graph.add_edges(np.column_stack([np.repeat(added, 2), ends.ravel()]).tolist())
        return graph


class _Chains:
    """The snapped points along their segments: for point k, its segment, the metres
    along the chain from the segment's first node and to its last; each edge's metres
    (a cut one's along its chain)."""

    def __init__(self, segment: np.ndarray, along: np.ndarray, length: np.ndarray) -> None:
        self.segment = segment
        self.order = np.lexsort((along, segment))  # the points, chain by chain
        ordered = self._ordered = segment[self.order]
        self.edge_metres = np.maximum(length, _TINY_M)
        if not len(segment):
            self.from_start = self.to_end = np.zeros(0)
            return
        first = np.r_[True, ordered[1:] != ordered[:-1]]
        steps = np.diff(np.r_[0.0, along[self.order]])
        steps[first] = along[self.order][first]
        steps = np.maximum(steps, _TINY_M)  # points at one spot: this far apart
        run = np.cumsum(first) - 1
        run_start = np.flatnonzero(first)
        totals = np.cumsum(steps)
        from_start = totals - np.r_[0.0, totals][run_start][run]
        last = np.r_[run_start[1:], len(ordered)] - 1
        tails = np.maximum(length[ordered[last]] - along[self.order][last], _TINY_M)
        chain_metres = from_start[last] + tails
        self.from_start = np.empty(len(segment))
        self.from_start[self.order] = from_start
        self.to_end = np.empty(len(segment))
        self.to_end[self.order] = chain_metres[run] - from_start
        self.edge_metres[ordered[last]] = chain_metres

    @classmethod
    def empty(cls, edges: int) -> _Chains:
        return cls(np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros(edges))

    def on_segment(self, segment: int) -> np.ndarray:
        """The points on a segment, from its first node to its last."""
        low, high = np.searchsorted(self._ordered, [segment, segment + 1])
        return self.order[low:high]

    def joins(self, points: np.ndarray) -> list[float]:
        """The metres of the edges _with_points adds: each point to its segment's ends."""
        return np.column_stack([self.from_start[points], self.to_end[points]]).ravel().tolist()

    def towards(self, point: int, last_node: bool) -> np.ndarray:
        """The points passed, in order, from a point to its segment's first node (or its
        last)."""
        members = self.on_segment(self.segment[point])
        rank = int(np.flatnonzero(members == point)[0])
        return members[rank + 1 :] if last_node else members[:rank][::-1]

    def between(self, here: int, there: int) -> np.ndarray:
        """The points passed, in order, from a point to another on the same segment."""
        members = self.on_segment(self.segment[here])
        start, end = (int(np.flatnonzero(members == point)[0]) for point in (here, there))
        return members[start + 1 : end] if start < end else members[end + 1 : start][::-1]


def _base_graph(ways: WayPieces) -> tuple[np.ndarray, np.ndarray]:
    """Node positions (V, 2) and edges (E, 2) of the ways, nodes joined by their ids."""
    ids = [np.asarray(node_ids, dtype=np.int64) for node_ids, _ in ways]
    xy = [np.asarray(points, dtype=float).reshape(-1, 2) for _, points in ways]
    if not ids:
        return np.zeros((0, 2)), np.zeros((0, 2), dtype=np.int64)
    every_id = np.concatenate(ids)
    _, first, index = np.unique(every_id, return_index=True, return_inverse=True)
    positions = np.vstack(xy)[first]
    starts = np.cumsum([0, *(len(way) for way in ids)])[:-1]
    pairs = []
    for start, way in zip(starts, ids, strict=True):
        if len(way) >= 2:
            nodes = index[start : start + len(way)]
            pairs.append(np.column_stack([nodes[:-1], nodes[1:]]))
    edges = np.vstack(pairs) if pairs else np.zeros((0, 2), dtype=np.int64)
    edges = edges[edges[:, 0] != edges[:, 1]]
    edges = np.unique(np.sort(edges, axis=1), axis=0)  # a pair of nodes joined once
    return positions, edges.astype(np.int64)


def _largest_part(edges: np.ndarray, nodes: int) -> np.ndarray:
    """The edges of the connected part with the most street length."""
    if not len(edges):
        return edges
    labels = np.asarray(igraph.Graph(n=nodes, edges=edges).connected_components().membership)
    edge_label = labels[edges[:, 0]]
    counts = np.bincount(edge_label)
    return edges[edge_label == int(np.argmax(counts))]


def _snap(
    points: np.ndarray, positions: np.ndarray, edges: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """For each point its nearest segment, the metres along it from the segment's first
    node, the perpendicular metres and the foot on the segment."""
    a, b = positions[edges[:, 0]], positions[edges[:, 1]]
    length = np.hypot(*(b - a).T)
    pieces = np.maximum(1, np.ceil(length / _SAMPLE_M)).astype(np.int64)
    owner = np.repeat(np.arange(len(edges)), pieces)
    step = np.arange(len(owner)) - np.repeat(np.cumsum(pieces) - pieces, pieces)
    fraction = (step + 0.5) / pieces[owner]
    samples = a[owner] + (b - a)[owner] * fraction[:, None]
    point_of, sample = _near_samples(samples, points, _SAMPLE_M / 2 + 1e-6)
    pair = np.unique(np.column_stack([point_of, owner[sample]]), axis=0)
    point_of, candidate = pair[:, 0], pair[:, 1]
    ab = (b - a)[candidate]
    squared = np.maximum((ab**2).sum(axis=1), 1e-12)
    t = np.clip(((points[point_of] - a[candidate]) * ab).sum(axis=1) / squared, 0.0, 1.0)
    foot = a[candidate] + ab * t[:, None]
    distance = np.hypot(*(points[point_of] - foot).T)
    order = np.lexsort((distance, point_of))
    best = order[np.unique(point_of[order], return_index=True)[1]]
    return candidate[best], t[best] * length[candidate[best]], distance[best], foot[best]


def _near_samples(
    samples: np.ndarray, points: np.ndarray, margin: float
) -> tuple[np.ndarray, np.ndarray]:
    """(point index, sample index) pairs: for each point every sample within `margin`
    metres more than its nearest sample (and perhaps a few more), found in a grid of
    square cells, ring of cells by ring around the point's cell."""
    found = [
        _near_in_grid(samples, points, np.arange(start, min(start + _GRID_POINTS, len(points))),
                      margin, _CELL_M)
        for start in range(0, len(points), _GRID_POINTS)
    ]  # fmt: skip
    return (
        np.concatenate([point for point, _ in found]),
        np.concatenate([sample for _, sample in found]),
    )


def _near_in_grid(
    samples: np.ndarray, points: np.ndarray, wanted: np.ndarray, margin: float, cell: float
) -> tuple[np.ndarray, np.ndarray]:
    """_near_samples for the points `wanted`, in cells `cell` metres wide.

    After k rings every sample within k cells' width of a point has been seen, so a
    point whose nearest sample seen, plus the margin, is within that width is done."""
    corner = samples.min(axis=0)
    stride = np.int64(1) << 32
    sample_cell = np.floor((samples - corner) / cell).astype(np.int64) + (1 << 30)
    sample_key = sample_cell[:, 0] * stride + sample_cell[:, 1]
    by_key = np.argsort(sample_key, kind="stable")
    sorted_keys = sample_key[by_key]
    point_cell = np.floor((points[wanted] - corner) / cell).astype(np.int64) + (1 << 30)
    nearest = np.full(len(wanted), np.inf)
    kept_point, kept_sample, kept_distance = [], [], []
    active = np.arange(len(wanted))
    for ring in range(_RINGS + 1):
        span = np.arange(-ring, ring + 1)
        dx, dy = np.meshgrid(span, span, indexing="ij")
        edge = np.maximum(np.abs(dx), np.abs(dy)).ravel() == ring
        dx, dy = dx.ravel()[edge], dy.ravel()[edge]
        keys = (point_cell[active, 0][:, None] + dx) * stride + (
            point_cell[active, 1][:, None] + dy
        )
        low = np.searchsorted(sorted_keys, keys.ravel(), side="left")
        count = np.searchsorted(sorted_keys, keys.ravel(), side="right") - low
        point = np.repeat(np.repeat(active, len(dx)), count)
        first = np.repeat(low - (np.cumsum(count) - count), count)
        sample = by_key[first + np.arange(len(first))]
        distance = np.hypot(*(samples[sample] - points[wanted[point]]).T)
        np.minimum.at(nearest, point, distance)
        kept_point.append(point)
        kept_sample.append(sample)
        kept_distance.append(distance)
        active = active[nearest[active] + margin > ring * cell]
        if not len(active):
            break
    point = np.concatenate(kept_point)
    sample = np.concatenate(kept_sample)
    distance = np.concatenate(kept_distance)
    done = np.ones(len(wanted), dtype=bool)
    done[active] = False
    keep = done[point] & (distance <= nearest[point] + margin)
    result_point, result_sample = [wanted[point[keep]]], [sample[keep]]
    if len(active):
        farther_point, farther_sample = _near_in_grid(
            samples, points, wanted[active], margin, cell * _WIDER
        )
        result_point.append(farther_point)
        result_sample.append(farther_sample)
    return np.concatenate(result_point), np.concatenate(result_sample)
