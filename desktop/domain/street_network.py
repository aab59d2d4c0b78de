"""Walks along streets: shortest paths over a map's walkable ways between snapped points.

Ways are (node ids, (n, 2) metres east and north) pairs; ways that share a node id
meet there. Each point to walk between (a household, the meeting point) is snapped to
the nearest segment of the network's largest connected part (a footway cut off by the
map's edge would otherwise strand a house on it) and joins the network there: the walk
from a point to another is the short perpendicular from the house to its street, the
streets between, and the perpendicular to the other house. So a river with one bridge
is crossed at the bridge, however close the two banks.

Distances come by rows (one Dijkstra a source, scipy's, sources in batches), so a
city's 60,000 points never make a 60,000² matrix: only the rows the planner asks for.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components, dijkstra
from scipy.spatial import cKDTree

# Segments are sampled every _SAMPLE_M metres to find each point's nearest segment; the
# search radius adds half that step, so the nearest segment is always found exactly.
_SAMPLE_M = 10.0
# Zero-length edges vanish from a sparse matrix: points at one spot are this far apart.
_TINY_M = 1e-3
# The Dijkstra batch's size: (sources × graph nodes) floats at most, about 128 MB.
_BATCH_CELLS = 16_000_000

WayPieces = Sequence[tuple[np.ndarray, np.ndarray]]  # (node ids, (n, 2) metres)


class StreetNetwork:
    """The walkable network with the given points snapped onto it.

    `points` (n, 2) metres; `snapped` (n,) bool says which to snap (the others, with no
    position, are not on the network). After construction: `offset[i]` is the
    perpendicular metres from point i to its street, `foot[i]` the point on the street.
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
        self._positions = positions
        if not len(edges) or not len(chosen):
            self._graph = csr_matrix((len(positions), len(positions)))
            self._node_xy = positions
            return
        segment, along, offset, foot = _snap(points[chosen], positions, edges)
        self.offset[chosen] = offset
        self.foot[chosen] = foot
        self._graph, self.graph_node[chosen] = _joined_graph(positions, edges, segment, along)
        self._node_xy = np.vstack([positions, foot])

    @property
    def graph_nodes(self) -> int:
        return self._graph.shape[0]

    def rows(self, sources: Sequence[int] | np.ndarray) -> np.ndarray:
        """(len(sources), n) metres walked from each source point to every point, along
        the streets and the perpendiculars at both ends; inf to or from a point not on
        the network; 0 from a point to itself."""
        sources = np.asarray(sources, dtype=np.int64).reshape(-1)
        result = np.full((len(sources), self.size), np.inf)
        on_network = self.graph_node >= 0
        targets = self.graph_node[on_network]
        batch = max(1, _BATCH_CELLS // max(1, self.graph_nodes))
        reachable = np.flatnonzero(on_network[sources])
        for start in range(0, len(reachable), batch):
            rows = reachable[start : start + batch]
            along = dijkstra(self._graph, directed=True, indices=self.graph_node[sources[rows]])
            walked = along[:, targets] + self.offset[on_network][None, :]
            result[np.ix_(rows, np.flatnonzero(on_network))] = (
                walked + self.offset[sources[rows]][:, None]
            )
        result[np.arange(len(sources)), sources] = 0.0
        return result

    def path(self, source: int, target: int, limit: float = np.inf) -> np.ndarray:
        """(k, 2) metres: the walk from one point to another, house to house along the
        streets (just the two points when either is not on the network). With `limit`
        the search stops that many metres along the streets from the source (a short
        walk in a big city is found fast); nothing is found when the walk is longer."""
        here, there = int(self.graph_node[source]), int(self.graph_node[target])
        if here < 0 or there < 0 or source == target:
            return np.empty((0, 2))
        _, previous = dijkstra(
            self._graph, directed=True, indices=here, return_predecessors=True, limit=limit
        )
        if there != here and previous[there] < 0:
            return np.empty((0, 2))
        nodes = [there]
        while nodes[-1] != here:
            nodes.append(int(previous[nodes[-1]]))
        return np.asarray([self._node_xy[node] for node in reversed(nodes)])


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
    graph = csr_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(nodes, nodes))
    _, labels = connected_components(graph, directed=False)
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
    tree = cKDTree(samples)
    nearest, _ = tree.query(points)
    reach = tree.query_ball_point(points, nearest + _SAMPLE_M / 2 + 1e-6)
    point_of = np.repeat(np.arange(len(points)), [len(found) for found in reach])
    candidate = owner[np.concatenate([np.asarray(found, dtype=np.int64) for found in reach])]
    pair = np.unique(np.column_stack([point_of, candidate]), axis=0)
    point_of, candidate = pair[:, 0], pair[:, 1]
    ab = (b - a)[candidate]
    squared = np.maximum((ab**2).sum(axis=1), 1e-12)
    t = np.clip(((points[point_of] - a[candidate]) * ab).sum(axis=1) / squared, 0.0, 1.0)
    foot = a[candidate] + ab * t[:, None]
    distance = np.hypot(*(points[point_of] - foot).T)
    order = np.lexsort((distance, point_of))
    best = order[np.unique(point_of[order], return_index=True)[1]]
    return candidate[best], t[best] * length[candidate[best]], distance[best], foot[best]


def _joined_graph(
    positions: np.ndarray, edges: np.ndarray, segment: np.ndarray, along: np.ndarray
) -> tuple[csr_matrix, np.ndarray]:
    """The network with each snapped point as a node of its own on its segment (the
    segment cut into a chain through its points, in order), and each point's node."""
    base = len(positions)
    length = np.hypot(*(positions[edges[:, 1]] - positions[edges[:, 0]]).T)
    point_node = base + np.arange(len(segment))
    cut = np.zeros(len(edges), dtype=bool)
    cut[segment] = True
    sources, targets, weights = [edges[~cut, 0]], [edges[~cut, 1]], [length[~cut]]
    order = np.lexsort((along, segment))
    bounds = np.flatnonzero(np.diff(segment[order])) + 1
    for run in np.split(order, bounds):
        edge = int(segment[run[0]])
        chain = [int(edges[edge, 0]), *(int(node) for node in point_node[run]), int(edges[edge, 1])]
        metres = [0.0, *(float(value) for value in along[run]), float(length[edge])]
        sources.append(np.asarray(chain[:-1]))
        targets.append(np.asarray(chain[1:]))
        weights.append(np.diff(metres))
    source, target = np.concatenate(sources), np.concatenate(targets)
    weight = np.maximum(np.concatenate(weights), _TINY_M)
    size = base + len(segment)
    graph = csr_matrix(
        (np.concatenate([weight, weight]), (np.concatenate([source, target]),
         np.concatenate([target, source]))),
        shape=(size, size),
    )  # fmt: skip
    return graph, point_node
