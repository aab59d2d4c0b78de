"""Where a route sketch puts its numbered markers and its street names, in page units.

Pure geometry, nothing drawn. Markers never hide each other: a stop keeps its marker
on its own spot when the spot is free, else the marker moves out ring by ring to the
nearest free place (the sketch draws a leader line back to the true spot). Ten
households in one building come out as a flower of numbers around the building.
Street names go beside their street along its straight stretches, never upside down,
never on a marker, a name or the meeting point, and preferably off the route.
Everything is deterministic: the same sheet always comes out the same.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

Box = tuple[float, float, float, float]  # x0, y0, x1, y1
Polyline = Sequence[tuple[float, float]]

# Rings around a taken spot are this many marker widths apart (finer finds closer spots).
_RING_STEP = 0.5
# A moved marker looks for a spot that hides no other stop for this many rings more
# before it settles for one that does.
_CLEAN_RINGS = 2
# A stretch of a street is straight while its segments head within this of its first.
_BEND = math.radians(6)
# Label positions along a stretch: from its middle outwards, this far apart (in label
# lengths), at most this many.
_ALONG_STEP = 0.4
_ALONG_MOST = 41
_MAX_STRETCHES = 30


def place_markers(
    points: Sequence[tuple[float, float]],
    radius: float,
    bounds: Box,
    gap: float = 0.0,
    keep_clear: Sequence[Box] = (),
) -> list[tuple[float, float]]:
    """Centres of the numbered circles (radius `radius`) of the stops at `points`, in
    order: the first stops keep their spot, later ones move out when theirs is taken.

    No two circles come closer than `gap`, every circle lies inside `bounds` and off
    the `keep_clear` boxes; a moved circle also keeps off other stops' true spots when
    it can. Only when the whole box is full does a circle overlap (at its spot).
    """
    spots = np.asarray(points, dtype=float).reshape(-1, 2)
    width = 2 * radius + gap  # centres closer than this overlap
    low = np.array([bounds[0] + radius, bounds[1] + radius])
    high = np.array([bounds[2] - radius, bounds[3] - radius])
    clear = np.asarray(keep_clear, dtype=float).reshape(-1, 4)
    centres = np.empty((len(spots), 2))
    reach = float(np.hypot(*(high - low))) + width
    rings = int(reach / (width * _RING_STEP)) + 2
    for index, spot in enumerate(spots):
        home = np.clip(spot, low, high)
        taken = centres[:index]
        others = np.delete(spots, index, axis=0)
        if _free(home[None], taken, width, clear, radius, low, high)[0]:
            centres[index] = home
            continue
        centres[index] = _nearest_free(home, taken, others, width, clear, radius, low, high, rings)
    return [(float(x), float(y)) for x, y in centres]


def _nearest_free(
    home: np.ndarray,
    taken: np.ndarray,
    others: np.ndarray,
    width: float,
    clear: np.ndarray,
    radius: float,
    low: np.ndarray,
    high: np.ndarray,
    rings: int,
) -> np.ndarray:
    """The free spot nearest `home`, ring by ring, tried first away from the crowd; a
    spot hiding another stop only when no clean one comes within _CLEAN_RINGS rings."""
    prefer = _away_from_crowd(home, taken, width)
    fallback_ring, fallback = math.inf, home
    taken_far = np.hypot(taken[:, 0] - home[0], taken[:, 1] - home[1])
    others_far = np.hypot(others[:, 0] - home[0], others[:, 1] - home[1])
    for first in range(1, rings + 1, _RINGS_AT_ONCE):
        ring, spots = _ring_spots(
            home, prefer, width, first, min(first + _RINGS_AT_ONCE, rings + 1)
        )
        inner = width * (1 + _RING_STEP * (ring[0] - 1))
        outer = width * (1 + _RING_STEP * (ring[-1] - 1))
        # Only circles about as far from home as these rings can touch a spot on them.
        near = taken[(taken_far > inner - width) & (taken_far < outer + width)]
        free = _free(spots, near, width, clear, radius, low, high)
        if free.any():
            close = others[(others_far > inner - 2 * radius) & (others_far < outer + 2 * radius)]
            clean = free & ~_covers(spots, close, radius) & (ring <= fallback_ring + _CLEAN_RINGS)
            if clean.any():
                return spots[int(np.argmax(clean))]
            if fallback_ring == math.inf:
                index = int(np.argmax(free))
                fallback_ring, fallback = ring[index], spots[index]
        if ring[-1] >= fallback_ring + _CLEAN_RINGS:
            return fallback
    return fallback


_RINGS_AT_ONCE = 4


def _ring_spots(
    home: np.ndarray, prefer: float, width: float, first: int, stop: int
) -> tuple[np.ndarray, np.ndarray]:
    """The rings first … stop - 1 around home: each spot's ring and the spots, ring by
    ring, each ring from the preferred direction alternately to either side."""
    rings, spots = [], []
    for ring in range(first, stop):
        distance = width * (1 + _RING_STEP * (ring - 1))
        count = max(8, math.ceil(2 * math.pi * distance / (width * _RING_STEP)))
        steps = np.arange(count)
        turn = np.where(steps % 2, -(steps + 1) // 2, steps // 2)  # 0, -1, 1, -2, 2 …
        angles = prefer + 2 * math.pi * turn / count
        spots.append(home + distance * np.column_stack([np.cos(angles), np.sin(angles)]))
        rings.append(np.full(count, ring))
    return np.concatenate(rings), np.vstack(spots)


def _free(
    spots: np.ndarray,
    taken: np.ndarray,
    width: float,
    clear: np.ndarray,
    radius: float,
    low: np.ndarray,
    high: np.ndarray,
) -> np.ndarray:
    """Which spots take a circle without touching a placed one, a kept-clear box or the
    edge."""
    x, y = spots[:, 0], spots[:, 1]
    inside = (x >= low[0] - 1e-9) & (x <= high[0] + 1e-9) & (y >= low[1] - 1e-9)
    inside &= y <= high[1] + 1e-9
    if len(taken):
        dx = x[:, None] - taken[None, :, 0]
        dy = y[:, None] - taken[None, :, 1]
        inside &= ((dx * dx + dy * dy) >= (width - 1e-9) ** 2).all(axis=1)
    if len(clear):
        dx = np.maximum(
            np.maximum(clear[None, :, 0] - x[:, None], x[:, None] - clear[None, :, 2]), 0
        )
        dy = np.maximum(
            np.maximum(clear[None, :, 1] - y[:, None], y[:, None] - clear[None, :, 3]), 0
        )
        inside &= ((dx * dx + dy * dy) >= radius * radius).all(axis=1)
    return inside


def _covers(spots: np.ndarray, others: np.ndarray, radius: float) -> np.ndarray:
    """Which spots would hide another stop's true position under their circle."""
    if not len(others):
        return np.zeros(len(spots), dtype=bool)
    apart = np.hypot(spots[:, None, 0] - others[None, :, 0], spots[:, None, 1] - others[None, :, 1])
    return (apart < radius * 1.15).any(axis=1)


def _away_from_crowd(home: np.ndarray, taken: np.ndarray, width: float) -> float:
    """The angle pointing away from the placed circles near `home` (up and to the right
    when nothing gives a direction)."""
    if len(taken):
        near = taken[np.hypot(*(taken - home).T) < 3 * width]
        push = (home - near).sum(axis=0) if len(near) else np.zeros(2)
        if np.hypot(*push) > 1e-6 * width:
            return math.atan2(push[1], push[0])
    return math.pi / 4


# --- Street names -------------------------------------------------------------------------


@dataclass(frozen=True)
class TextPlace:
    """A name written centred at (x, y), turned by `angle` radians (never upside down),
    inside a box 2 × half_width by 2 × half_height."""

    text: str
    x: float
    y: float
    angle: float
    half_width: float
    half_height: float

    def corners(self) -> np.ndarray:
        return _corners(
            np.array([[self.x, self.y]]),
            np.array([self.angle]),
            self.half_width,
            self.half_height,
        )[0]


@dataclass(frozen=True)
class NamedLine:
    """A street's visible piece in page units."""

    name: str
    points: np.ndarray  # (k, 2)
    major: bool = False


def place_street_names(
    lines: Sequence[NamedLine],
    text_width: Callable[[str], float],
    text_height: float,
    bounds: Box,
    circles: np.ndarray,
    boxes: Sequence[Box] = (),
    route: Sequence[np.ndarray] = (),
    spacing: float = 120.0,
    line_gap: float = 0.8,
    step_out: float = 0.0,
    name_gap: float = 0.0,
    most: int | None = None,
) -> list[TextPlace]:
    """Where to write each street's name: beside a straight stretch long enough for
    it, clear of `circles` ((m, 3): x, y, radius), of `boxes`, of each other and of the
    edge of `bounds`; off the `route` polylines where possible. Where markers line the
    street, the name steps `step_out` further out, and as a last resort sits on the
    street itself. Streets the route walks along are named first, then the major ones,
    then by length; a long street gets its name again every `spacing` page units. A
    street with no room gets no name. Names keep `name_gap` apart, and a crowded map
    gets no more than `most` of them.
    """
    circles = np.asarray(circles, dtype=float).reshape(-1, 3)
    blocked = [_box_place(box) for box in boxes]
    walked = _RouteGrid(route, bounds)
    by_name: dict[str, list[NamedLine]] = {}
    for line in lines:
        if line.name and len(line.points) >= 2:
            by_name.setdefault(line.name, []).append(line)
    order = sorted(
        by_name.items(),
        key=lambda item: (
            -walked.share_near([line.points for line in item[1]]),
            not any(line.major for line in item[1]),
            -sum(_length(line.points) for line in item[1]),
            item[0],
        ),
    )
    placed: list[TextPlace] = []
    placed_corners = [place.corners() for place in blocked]
    for name, pieces in order:
        if most is not None and len(placed) >= most:
            break
        width = text_width(name)
        stretches = _stretches(_chains([piece.points for piece in pieces]), width + 2 * line_gap)
        if not stretches:
            continue
        total = sum(float(np.hypot(*(end - start))) for start, end in stretches)
        wanted = 1 + int(total // spacing)
        mine: list[TextPlace] = []
        offsets = (text_height / 2 + line_gap, text_height / 2 + line_gap + step_out, 0.0)
        candidates = _candidates(name, stretches, width, text_height, offsets)
        while len(mine) < wanted:
            taken = np.stack(placed_corners) if placed_corners else np.zeros((0, 4, 2))
            choice = _best(candidates, taken, circles, bounds, walked, mine, spacing)
            if choice is None:
                break
            mine.append(choice)
            placed.append(choice)
            placed_corners.append(
                replace(
                    choice,
                    half_width=choice.half_width + name_gap,
                    half_height=choice.half_height + name_gap,
                ).corners()
            )
    return placed


def _length(points: np.ndarray) -> float:
    return float(np.hypot(*np.diff(points, axis=0).T).sum())


def _chains(pieces: list[np.ndarray]) -> list[np.ndarray]:
    """The pieces of one street joined where one ends where another starts (a map
    cuts a street into ways at junctions; the name wants the whole straight run)."""
    left = [np.asarray(piece, dtype=float) for piece in pieces]
    joined: list[np.ndarray] = []
    while left:
        chain = [tuple(point) for point in left.pop(0).tolist()]
        grown = True
        while grown:
            grown = False
            for index, piece in enumerate(left):
                first, last = tuple(piece[0].tolist()), tuple(piece[-1].tolist())
                points = [tuple(point) for point in piece.tolist()]
                if chain[-1] == first:
                    chain += points[1:]
                elif chain[-1] == last:
                    chain += points[::-1][1:]
                elif chain[0] == last:
                    chain = points[:-1] + chain
                elif chain[0] == first:
                    chain = points[::-1][:-1] + chain
                else:
                    continue
                left.pop(index)
                grown = True
                break
        joined.append(np.asarray(chain))
    return joined


def _stretches(chains: list[np.ndarray], shortest: float) -> list[tuple[np.ndarray, np.ndarray]]:
    """(start, end) of the straight stretches at least `shortest` long, longest first:
    runs of segments heading within _BEND of the run's first segment."""
    found: list[tuple[float, np.ndarray, np.ndarray]] = []
    for chain in chains:
        steps = np.diff(chain, axis=0)
        headings = np.arctan2(steps[:, 1], steps[:, 0]).tolist()
        lengths = np.hypot(steps[:, 0], steps[:, 1]).tolist()
        start = 0
        while start < len(headings):
            end = start + 1
            while end < len(headings) and _turn(headings[end], headings[start]) <= _BEND:
                end += 1
            if sum(lengths[start:end]) >= shortest:
                length = float(np.hypot(*(chain[end] - chain[start])))
                found.append((length, chain[start], chain[end]))
            start = end
    found.sort(key=lambda item: -item[0])
    return [(start, end) for _, start, end in found[:_MAX_STRETCHES]]


def _turn(heading: float, other: float) -> float:
    """The angle between two headings, in radians (0 to pi)."""
    return abs((heading - other + math.pi) % (2 * math.pi) - math.pi)


@dataclass
class _Candidates:
    name: str
    centres: np.ndarray  # (n, 2)
    angles: np.ndarray  # (n,)
    half_width: float
    half_height: float
    tiers: np.ndarray | None = None  # (n,) 0 beside the street, 1 further out, 2 on it


# A label one tier further from its street counts as this many route cells crossed.
_TIER_COST = 6


def _candidates(
    name: str,
    stretches: list[tuple[np.ndarray, np.ndarray]],
    width: float,
    height: float,
    offsets: Sequence[float],
) -> _Candidates:
    """Label positions at each offset from each stretch (the offset's rank is its
    tier): middle first, then along it, both sides."""
    centres, angles, tiers = [], [], []
    # Per offset, the sides it is tried on (an offset of 0 lies on the street).
    sides = [(tier, side * offset) for tier, offset in enumerate(offsets)
             for side in ((1.0, -1.0) if offset else (0.0,))]  # fmt: skip
    shifts_across = np.array([shift for _, shift in sides])
    tier_of = np.array([tier for tier, _ in sides])
    for start, end in stretches:
        direction = end - start
        length = float(np.hypot(*direction))
        unit = direction / length
        angle = _upright(math.atan2(unit[1], unit[0]))
        normal = np.array([-math.sin(angle), math.cos(angle)])  # "above" the upright text
        room = max(length - width - 2 * (offsets[0] - height / 2), 0.0)
        steps = min(int(room / 2 / (width * _ALONG_STEP)), _ALONG_MOST // 2)
        along = np.arange(-steps, steps + 1) * width * _ALONG_STEP
        along = along[np.argsort(np.abs(along), kind="stable")]
        middle = (start + end) / 2
        spots = (
            middle + unit * along[:, None, None] + normal * shifts_across[None, :, None]
        ).reshape(-1, 2)
        centres.append(spots)
        angles.append(np.full(len(spots), angle))
        tiers.append(np.tile(tier_of, len(along)))
    return _Candidates(
        name,
        np.vstack(centres),
        np.concatenate(angles),
        width / 2,
        height / 2,
        np.concatenate(tiers),
    )


def _upright(angle: float) -> float:
    """The angle turned half round when text would read upside down: (-90°, 90°]."""
    while angle > math.pi / 2 + 1e-9:
        angle -= math.pi
    while angle <= -math.pi / 2 + 1e-9:
        angle += math.pi
    return angle


def _best(
    candidates: _Candidates,
    placed_corners: np.ndarray,
    circles: np.ndarray,
    bounds: Box,
    walked: _RouteGrid,
    mine: list[TextPlace],
    spacing: float,
) -> TextPlace | None:
    """The candidate clear of everything that crosses the least route (a tier further
    out counts as _TIER_COST cells), the earliest among equals. Candidates come tier
    by tier, so the search stops at a batch no later one can beat."""
    tiers = candidates.tiers if candidates.tiers is not None else np.zeros(len(candidates.centres))
    order = np.argsort(tiers, kind="stable")
    best, best_score = -1, math.inf
    for start in range(0, len(order), _BATCH):
        batch = order[start : start + _BATCH]
        if best >= 0 and best_score <= _TIER_COST * tiers[batch[0]]:
            break
        score = _scores(candidates, batch, placed_corners, circles, bounds, walked, mine, spacing)
        score += _TIER_COST * tiers[batch]
        index = int(np.argmin(score))
        if score[index] < best_score:
            best, best_score = int(batch[index]), float(score[index])
    if best < 0:
        return None
    return TextPlace(
        candidates.name,
        float(candidates.centres[best, 0]),
        float(candidates.centres[best, 1]),
        float(candidates.angles[best]),
        candidates.half_width,
        candidates.half_height,
    )


_BATCH = 96


def _scores(
    candidates: _Candidates,
    batch: np.ndarray,
    placed_corners: np.ndarray,
    circles: np.ndarray,
    bounds: Box,
    walked: _RouteGrid,
    mine: list[TextPlace],
    spacing: float,
) -> np.ndarray:
    """Route cells crossed by each candidate of the batch; inf where it does not fit."""
    centres, angles = candidates.centres[batch], candidates.angles[batch]
    half_w, half_h = candidates.half_width, candidates.half_height
    corners = _corners(centres, angles, half_w, half_h)
    ok = (
        (corners[..., 0] >= bounds[0]).all(axis=1)
        & (corners[..., 0] <= bounds[2]).all(axis=1)
        & (corners[..., 1] >= bounds[1]).all(axis=1)
        & (corners[..., 1] <= bounds[3]).all(axis=1)
    )
    low, high = corners.min(axis=(0, 1)), corners.max(axis=(0, 1))
    if len(circles):
        near = circles[
            (circles[:, 0] + circles[:, 2] >= low[0])
            & (circles[:, 0] - circles[:, 2] <= high[0])
            & (circles[:, 1] + circles[:, 2] >= low[1])
            & (circles[:, 1] - circles[:, 2] <= high[1])
        ]
        if len(near):
            ok &= ~_hits_circles(centres, angles, half_w, half_h, near)
    if len(placed_corners):
        their_low, their_high = placed_corners.min(axis=1), placed_corners.max(axis=1)
        near = placed_corners[((their_high >= low) & (their_low <= high)).all(axis=1)]
        if len(near):
            ok &= ~_hits_boxes(corners, near)
    for earlier in mine:
        ok &= np.hypot(centres[:, 0] - earlier.x, centres[:, 1] - earlier.y) >= spacing
    score = np.full(len(batch), np.inf)
    if ok.any():
        score[ok] = walked.hits(corners[ok])
    return score


def _corners(centres: np.ndarray, angles: np.ndarray, half_w: float, half_h: float) -> np.ndarray:
    """(n, 4, 2) corners of the turned boxes."""
    cos, sin = np.cos(angles)[:, None], np.sin(angles)[:, None]
    local = np.array([[-half_w, -half_h], [half_w, -half_h], [half_w, half_h], [-half_w, half_h]])
    x = centres[:, None, 0] + local[None, :, 0] * cos - local[None, :, 1] * sin
    y = centres[:, None, 1] + local[None, :, 0] * sin + local[None, :, 1] * cos
    return np.stack([x, y], axis=-1)


def _hits_circles(
    centres: np.ndarray, angles: np.ndarray, half_w: float, half_h: float, circles: np.ndarray
) -> np.ndarray:
    """(n,) whether each turned box touches any circle."""
    dx = circles[None, :, 0] - centres[:, None, 0]
    dy = circles[None, :, 1] - centres[:, None, 1]
    cos, sin = np.cos(angles)[:, None], np.sin(angles)[:, None]
    along = np.abs(dx * cos + dy * sin)
    across = np.abs(-dx * sin + dy * cos)
    out_x = np.maximum(along - half_w, 0.0)
    out_y = np.maximum(across - half_h, 0.0)
    return (np.hypot(out_x, out_y) < circles[None, :, 2]).any(axis=1)


def _hits_boxes(corners: np.ndarray, others: np.ndarray) -> np.ndarray:
    """(n,) whether each box (n, 4, 2) overlaps any of the others (m, 4, 2): two boxes
    overlap unless one of their four edge directions separates them."""
    own_axes = _axes(corners)  # (n, 2, 2)
    their_axes = _axes(others)  # (m, 2, 2)
    on_own = (
        np.einsum("nkd,nad->nak", corners, own_axes)[:, None],  # (n, 1, 2, 4)
        np.einsum("mkd,nad->nmak", others, own_axes),  # (n, m, 2, 4)
    )
    on_theirs = (
        np.einsum("nkd,mad->nmak", corners, their_axes),  # (n, m, 2, 4)
        np.einsum("mkd,mad->mak", others, their_axes)[None],  # (1, m, 2, 4)
    )
    hit = np.ones((len(corners), len(others)), dtype=bool)
    for mine, theirs in (on_own, on_theirs):
        apart = (mine.max(axis=3) <= theirs.min(axis=3) + 1e-9) | (
            theirs.max(axis=3) <= mine.min(axis=3) + 1e-9
        )
        hit &= ~apart.any(axis=2)
    return hit.any(axis=1)


def _axes(corners: np.ndarray) -> np.ndarray:
    """(n, 2, 2) unit directions of each box's two edges."""
    edges = np.stack([corners[:, 1] - corners[:, 0], corners[:, 3] - corners[:, 0]], axis=1)
    return edges / np.maximum(np.hypot(edges[..., 0], edges[..., 1]), 1e-12)[..., None]


def _box_place(box: Box) -> TextPlace:
    x0, y0, x1, y1 = box
    return TextPlace("", (x0 + x1) / 2, (y0 + y1) / 2, 0.0, (x1 - x0) / 2, (y1 - y0) / 2)


class _RouteGrid:
    """The route rasterised on a fine grid: how much of a box or line lies on it."""

    _CELL = 0.5  # page units

    def __init__(self, route: Sequence[np.ndarray], bounds: Box) -> None:
        self._x0, self._y0 = bounds[0], bounds[1]
        columns = max(1, math.ceil((bounds[2] - bounds[0]) / self._CELL) + 1)
        rows = max(1, math.ceil((bounds[3] - bounds[1]) / self._CELL) + 1)
        self._grid = np.zeros((rows, columns), dtype=bool)
        for line in route:
            samples = _samples(np.asarray(line, dtype=float), self._CELL / 2)
            inside = (
                (samples[:, 0] >= bounds[0])
                & (samples[:, 0] <= bounds[2])
                & (samples[:, 1] >= bounds[1])
                & (samples[:, 1] <= bounds[3])
            )
            self._grid[self._cells(samples[inside])] = True

    def _cells(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        column = np.clip(((points[..., 0] - self._x0) / self._CELL).astype(int), 0, None)
        row = np.clip(((points[..., 1] - self._y0) / self._CELL).astype(int), 0, None)
        column = np.minimum(column, self._grid.shape[1] - 1)
        row = np.minimum(row, self._grid.shape[0] - 1)
        return row, column

    def hits(self, corners: np.ndarray) -> np.ndarray:
        """(n,) route cells under each box (n, 4, 2), sampled on a grid over the box."""
        steps = np.linspace(0.0, 1.0, 9)
        a, b, d = corners[:, 0], corners[:, 1], corners[:, 3]
        u, v = np.meshgrid(steps, np.linspace(0.0, 1.0, 4))
        points = (
            a[:, None, :]
            + (b - a)[:, None, :] * u.reshape(1, -1, 1)
            + (d - a)[:, None, :] * v.reshape(1, -1, 1)
        )
        return self._grid[self._cells(points)].sum(axis=1)

    def share_near(self, lines: list[np.ndarray]) -> float:
        """The share of the lines' length that runs on the route."""
        samples = [_samples(np.asarray(line, dtype=float), 1.0) for line in lines]
        every = np.vstack(samples) if samples else np.zeros((0, 2))
        if not len(every):
            return 0.0
        return float(self._grid[self._cells(every)].mean())


def _samples(line: np.ndarray, step: float) -> np.ndarray:
    """Points along a polyline no more than `step` apart (its corners included)."""
    if len(line) < 2:
        return line.reshape(-1, 2)
    starts, ends = line[:-1], line[1:]
    counts = np.maximum(1, np.ceil(np.hypot(*(ends - starts).T) / step)).astype(int)
    owner = np.repeat(np.arange(len(starts)), counts)
    within = np.arange(len(owner)) - np.repeat(np.cumsum(counts) - counts, counts) + 1
    fractions = (within / counts[owner])[:, None]
    along = starts[owner] + (ends - starts)[owner] * fractions
    return np.vstack([line[:1], along])


def place_beside(
    anchors: Sequence[tuple[str, float, float]],
    text_width: Callable[[str], float],
    text_height: float,
    bounds: Box,
    circles: np.ndarray,
    boxes: Sequence[Box] = (),
    offset: float = 0.0,
) -> list[TextPlace]:
    """Level labels beside their anchors (right, left, above or below, close or a little
    further out: the first that is clear of the circles, the boxes and each other); a
    label with no room is left out."""
    circles = np.asarray(circles, dtype=float).reshape(-1, 3)
    placed = [_box_place(box).corners() for box in boxes]
    nothing = _RouteGrid((), bounds)
    written: list[TextPlace] = []
    for text, x, y in anchors:
        half_w, half_h = text_width(text) / 2, text_height / 2
        centres = np.array(
            [
                spot
                for away in (offset, 3 * offset)
                for spot in (
                    (x + away + half_w, y),
                    (x - away - half_w, y),
                    (x, y + away + half_h),
                    (x, y - away - half_h),
                )
            ]
        )
        candidates = _Candidates(text, centres, np.zeros(len(centres)), half_w, half_h)
        taken = np.stack(placed) if placed else np.zeros((0, 4, 2))
        choice = _best(candidates, taken, circles, bounds, nothing, [], 0.0)
        if choice is not None:
            placed.append(choice.corners())
            written.append(choice)
    return written
