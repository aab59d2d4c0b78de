"""Street names written along their streets on the planning map.

A name follows its street letter by letter along a stretch that bends gently, never
upside down (upright ones read upwards), at most once per street in a stretch of
screen, and only where it fits whole and covers nothing already there: the stops, the
markers, the routes, the legend and the other names, which LabelSpace keeps. For each
street on screen the free stretches are found at once from LabelSpace's grid; letters
and their halos are outlined once and only placed at each repaint.
"""

from __future__ import annotations

import bisect
import math
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
    QTransform,
)

from desktop.services.planning.ward_map import LANE, MapStreets

NAME_INK = QColor("#57534b")
NAME_HALO = QColor(255, 255, 255, 235)

# A path's name is written only from this close (pixels per metre).
_PATH_NAMES_FROM = 1.0
# A name is written again along the same street only this many pixels away.
_SAME_NAME_PX = 360.0
_NAME_PAD_PX = 4.0
# What one repaint tries at most: names written, streets looked at, places per stretch.
_MOST_NAMES = 80
_MOST_LINES = 150
_MOST_CHOICES = 8
# A name follows its street round gentle bends only: at most this turn where two pieces
# of the line meet, and this much in all under the name (radians).
_MAX_TURN = math.radians(22)
_MAX_BEND = math.radians(50)
# A line this close to upright (the tangent of 10°) is read upwards whichever way it
# leans.
_UPRIGHT = math.tan(math.radians(10))


@dataclass(frozen=True, eq=False)
class WrittenName:
    """A street's name as written: where its middle is, which way it reads (degrees,
    y down), and the strip it covers (points every LabelSpace.CELL pixels)."""

    name: str
    middle: tuple[float, float]
    angle: float
    strip: np.ndarray  # (k, 2)


class StreetNames:
    """The lines the map's street names are written along, and the names' letters."""

    def __init__(self, streets: MapStreets) -> None:
        self.lines = streets.names
        self.boxes = np.asarray(
            [(*line.points.min(axis=0), *line.points.max(axis=0)) for line in self.lines]
        ).reshape(-1, 4)
        self.lengths = np.asarray([line.length for line in self.lines], dtype=float)
        self.kinds = np.asarray([line.kind for line in self.lines], dtype=np.int64)
        self._widths: dict[int, np.ndarray] = {}  # font pixel size → each name's width
        # (letter, font pixel size) → its outline, its halo's outline, its advance
        self._glyphs: dict[tuple[str, int], tuple[QPainterPath, QPainterPath, float]] = {}

    def paint(
        self, painter: QPainter, font: QFont, view: QTransform, visible: QRectF, space: LabelSpace
    ) -> list[WrittenName]:
        """Write the streets' names inside `visible` (metres) where they fit and `space`
        is free, the streets first, then the longest; the names written."""
        if not len(self.lengths):
            return []
        scale = view.m11()
        metrics = QFontMetricsF(font)
        need = self._name_widths(font, metrics) + 2 * _NAME_PAD_PX
        boxes = self.boxes
        candidates = np.flatnonzero(
            (boxes[:, 2] >= visible.left())
            & (boxes[:, 0] <= visible.right())
            & (boxes[:, 3] >= visible.top())
            & (boxes[:, 1] <= visible.bottom())
            & (self.lengths * scale >= need)
            & ((self.kinds <= LANE) | (scale >= _PATH_NAMES_FROM))
        )[:_MOST_LINES]
        height = metrics.height()
        written: list[WrittenName] = []
        for index in candidates:
            line = self.lines[index]
            screen = _ScreenLine(_to_screen(view, line.points))
            for choices in _places(screen, float(need[index]), height, space):
                for place in choices:
                    if any(
                        other.name == line.name
                        and math.dist(place.middle, other.middle) < _SAME_NAME_PX
                        for other in written
                    ):
                        break  # written close by already: once in a stretch is enough
                    strip = place.band(height)
                    cells = space.cells(strip)
                    if cells is None or not space.free(cells):
                        continue
                    space.take(cells)
                    written.append(WrittenName(line.name, place.middle, place.angle, strip))
                    _write(painter, place.letters(self._letters(line.name, font, metrics)))
                    break
            if len(written) >= _MOST_NAMES:
                break
        return written

    def _name_widths(self, font: QFont, metrics: QFontMetricsF) -> np.ndarray:
        widths = self._widths.get(font.pixelSize())
        if widths is None:
            widths = np.asarray(
                [metrics.horizontalAdvance(line.name) for line in self.lines], dtype=float
            )
            self._widths[font.pixelSize()] = widths
        return widths

    def _letters(
        self, name: str, font: QFont, metrics: QFontMetricsF
    ) -> list[tuple[QPainterPath, QPainterPath, float]]:
        """The name letter by letter (a letter with its tone marks is one): each one's
        outline and halo centred on (0, 0), and its advance. Letters are kept once made:
        stroking a halo anew for every name on every repaint took most of the time."""
        size = font.pixelSize()
        letters = []
        for letter in _split_letters(name):
            glyph = self._glyphs.get((letter, size))
            if glyph is None:
                advance = metrics.horizontalAdvance(letter)
                path = QPainterPath()
                path.addText(-advance / 2, (metrics.ascent() - metrics.descent()) / 2, font, letter)
                stroker = QPainterPathStroker()
                stroker.setWidth(3.0)
                stroker.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
                # Simplified, the halo fills twenty times quicker than the stroke's
                # raw outline, over and over on every repaint.
                glyph = (path, stroker.createStroke(path).simplified(), advance)
                self._glyphs[(letter, size)] = glyph
            letters.append(glyph)
        return letters


def _split_letters(text: str) -> list[str]:
    """The text's letters, each with the combining marks that follow it."""
    letters: list[str] = []
    for char in text:
        if letters and unicodedata.combining(char):
            letters[-1] += char
        else:
            letters.append(char)
    return letters


def _to_screen(view: QTransform, points: np.ndarray) -> np.ndarray:
    return np.column_stack(
        [points[:, 0] * view.m11() + view.dx(), points[:, 1] * view.m22() + view.dy()]
    )


def _write(painter: QPainter, text: tuple[QPainterPath, list[QPainterPath]]) -> None:
    letters, halos = text
    for halo in halos:  # one by one: filling their union was several times slower
        painter.fillPath(halo, NAME_HALO)
    painter.fillPath(letters, NAME_INK)


class _ScreenLine:
    """A street's line on screen, read by the distance along it."""

    def __init__(self, points: np.ndarray) -> None:
        keep = np.ones(len(points), dtype=bool)
        keep[1:] = np.hypot(*np.diff(points, axis=0).T) > 1e-6
        self.points = points[keep]
        delta = np.diff(self.points, axis=0)
        self.measures = np.concatenate([[0.0], np.cumsum(np.hypot(*delta.T))])
        self.length = float(self.measures[-1])
        # Each piece's direction (radians, y down), unwrapped along the line.
        self.headings = np.unwrap(np.arctan2(delta[:, 1], delta[:, 0]))
        # Where the line turns too sharply for a name to go round (distances along it).
        sharp = np.flatnonzero(np.abs(np.diff(self.headings)) > _MAX_TURN) + 1
        self.sharp_turns = self.measures[sharp]
        self._sharp = self.sharp_turns.tolist()
        self._vertices = self.measures.tolist()
        self._heading_list = self.headings.tolist()
        self._xy = self.points.tolist()

    def point(self, along: float) -> tuple[float, float]:
        """The point at a distance along the line (plain Python: a few are asked for
        per place tried, where numpy's overhead was most of the time)."""
        piece = min(max(bisect.bisect_right(self._vertices, along) - 1, 0), len(self._xy) - 2)
        start, end = self._vertices[piece], self._vertices[piece + 1]
        t = min(max((along - start) / (end - start), 0.0), 1.0)
        (x0, y0), (x1, y1) = self._xy[piece], self._xy[piece + 1]
        return x0 + (x1 - x0) * t, y0 + (y1 - y0) * t

    def at(self, along: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(k, 2) points and (k,) directions at these distances along the line."""
        x = np.interp(along, self.measures, self.points[:, 0])
        y = np.interp(along, self.measures, self.points[:, 1])
        piece = np.searchsorted(self.measures, along, side="right") - 1
        piece = np.minimum(np.maximum(piece, 0), len(self.headings) - 1)
        return np.column_stack([x, y]), self.headings[piece]

    def smooth(self, first: float, last: float) -> bool:
        """Whether the line bends gently enough between these distances to carry a name:
        no sharp turn on the way, and not too much turning in all."""
        if bisect.bisect_right(self._sharp, first) != bisect.bisect_left(self._sharp, last):
            return False
        low = max(0, bisect.bisect_right(self._vertices, first) - 1)
        high = min(len(self._heading_list), bisect.bisect_left(self._vertices, last))
        if high - low < 2:
            return True
        headings = self._heading_list[low:high]
        return max(headings) - min(headings) <= _MAX_BEND


@dataclass(frozen=True)
class _Place:
    """A stretch of a line that carries a name: from `first` to `last` along it, read
    forwards or (when the line runs right to left on screen) backwards."""

    line: _ScreenLine
    first: float
    last: float
    backwards: bool
    middle: tuple[float, float]

    @property
    def angle(self) -> float:
        """The reading direction at the middle, in degrees (y down)."""
        _, direction = self._along(np.asarray([(self.last - self.first) / 2]))
        return float(math.degrees(math.remainder(float(direction[0]), 2 * math.pi)))

    def _along(self, offsets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Points and reading directions at `offsets` from the name's start."""
        if self.backwards:
            points, angles = self.line.at(self.last - offsets)
            return points, angles + math.pi
        return self.line.at(self.first + offsets)

    def band(self, height: float) -> np.ndarray:
        """(k, 2) points covering the name's strip, every LabelSpace.CELL pixels."""
        step = LabelSpace.CELL
        points, angles = self._along(np.arange(0.0, self.last - self.first + 0.01, step))
        across = np.arange(-height / 2, height / 2 + 0.01, step)
        normal = np.column_stack([-np.sin(angles), np.cos(angles)])
        return (points[:, None, :] + across[None, :, None] * normal[:, None, :]).reshape(-1, 2)

    def letters(
        self, letters: list[tuple[QPainterPath, QPainterPath, float]]
    ) -> tuple[QPainterPath, list[QPainterPath]]:
        """The name's letters and their halos set along the stretch, each letter turned
        with the line."""
        advances = np.asarray([advance for _, _, advance in letters])
        centres = _NAME_PAD_PX + np.cumsum(advances) - advances / 2
        before, _ = self._along(centres - advances / 2)
        after, _ = self._along(centres + advances / 2)
        points, _ = self._along(centres)
        turn = after - before
        angles = np.degrees(np.arctan2(turn[:, 1], turn[:, 0]))
        text, halos = QPainterPath(), []
        for (path, outline, _), (x, y), angle in zip(letters, points, angles, strict=True):
            turn = QTransform().translate(x, y).rotate(angle)
            text.addPath(turn.map(path))
            halos.append(turn.map(outline))
        return text, halos


def _places(
    line: _ScreenLine, need: float, height: float, space: LabelSpace
) -> Iterator[list[_Place]]:
    """Where a name `need` pixels long could go along a line on screen: for the middle
    of each stretch on screen (along a long one, every _SAME_NAME_PX), the places
    nearest to it where the strip along the line is free and the line bends gently
    enough to carry the name."""
    step = LabelSpace.CELL
    for start, end in _runs_inside(line, space.bounds):
        if end - start < need:
            continue
        firsts = _free_starts(line, start, end, need, height, space)
        if not len(firsts):
            continue
        if end - start < 2 * _SAME_NAME_PX:
            anchors, reach = [(start + end) / 2], (end - start) / 2
        else:
            anchors = list(np.arange(start + _SAME_NAME_PX / 2, end - need / 2, _SAME_NAME_PX))
            reach = _SAME_NAME_PX / 2
        for anchor in anchors:
            choices = []
            for first in _nearest_starts(firsts, anchor, need, reach):
                last = first + need
                if line.smooth(first - step, last + step):
                    backwards = _reads_backwards(line.point(first), line.point(last))
                    middle = line.point(first + need / 2)
                    choices.append(_Place(line, first, last, backwards, middle))
            yield choices


def _reads_backwards(start: tuple[float, float], end: tuple[float, float]) -> bool:
    """Whether a name along a line from `start` to `end` (on screen) is read from its
    end: when the line runs right to left, or, near upright, downwards (an upright name
    reads upwards, as on printed maps)."""
    across, down = end[0] - start[0], end[1] - start[1]
    if abs(across) < abs(down) * _UPRIGHT:
        return down > 0
    return across < 0


def _nearest_starts(firsts: np.ndarray, anchor: float, need: float, reach: float) -> list[float]:
    """Up to _MOST_CHOICES of the starts whose name's middle lies within `reach` of the
    anchor, nearest first and at least half a name apart (the rest are the same place
    shifted by a pixel or two)."""
    offsets = firsts + need / 2 - anchor
    near = np.abs(offsets) <= reach
    firsts, offsets = firsts[near], offsets[near]
    if not len(firsts):
        return []
    slots = np.round(offsets / (need / 2))
    order = np.lexsort((np.abs(offsets), slots))
    _, first_in_slot = np.unique(slots[order], return_index=True)
    chosen = order[first_in_slot]
    chosen = chosen[np.argsort(np.abs(offsets[chosen]), kind="stable")][:_MOST_CHOICES]
    return firsts[chosen].tolist()


def _free_starts(
    line: _ScreenLine, start: float, end: float, need: float, height: float, space: LabelSpace
) -> np.ndarray:
    """The distances along the line, every LabelSpace.CELL pixels between `start` and
    `end`, from which a strip `need` long and `height` wide covers nothing taken: the
    whole stretch looked at at once, rather than place by place."""
    step = LabelSpace.CELL
    along = np.arange(start, end + 0.01, step)
    points, angles = line.at(along)
    across = np.arange(-height / 2, height / 2 + 0.01, step)
    normal = np.column_stack([-np.sin(angles), np.cos(angles)])
    strip = points[:, None, :] + across[None, :, None] * normal[:, None, :]
    blocked = space.blocked(strip.reshape(-1, 2)).reshape(len(along), len(across)).any(axis=1)
    # A strip from along[i] is free when the samples i … i + span are.
    span = math.ceil(need / step) + 1
    if len(along) <= span:
        return np.zeros(0)
    taken = np.concatenate([[0], np.cumsum(blocked)])
    free = taken[span + 1 :] - taken[: len(along) - span] == 0
    firsts = along[: len(free)][free]
    # Not across a sharp turn of the line.
    sharp = line.sharp_turns
    if len(sharp) and len(firsts):
        before = np.searchsorted(sharp, firsts - step, side="right")
        firsts = firsts[before == np.searchsorted(sharp, firsts + need + step, side="left")]
    return firsts


def _runs_inside(line: _ScreenLine, bounds: QRectF) -> list[tuple[float, float]]:
    """The stretches of a line (as distances along it) inside `bounds` (Liang–Barsky)."""
    points = line.points
    low_corner, high_corner = points.min(axis=0), points.max(axis=0)
    if (
        low_corner[0] >= bounds.left()
        and low_corner[1] >= bounds.top()
        and high_corner[0] <= bounds.right()
        and high_corner[1] <= bounds.bottom()
    ):
        return [(0.0, line.length)]
    a, delta = points[:-1], np.diff(points, axis=0)
    low, high = np.zeros(len(a)), np.ones(len(a))
    limits = ((0, bounds.left(), bounds.right()), (1, bounds.top(), bounds.bottom()))
    for axis, least, most in limits:
        d = delta[:, axis]
        flat = np.abs(d) < 1e-9
        outside = flat & ((a[:, axis] < least) | (a[:, axis] > most))
        low[outside], high[outside] = 1.0, 0.0
        with np.errstate(divide="ignore", invalid="ignore"):
            t1 = (least - a[:, axis]) / d
            t2 = (most - a[:, axis]) / d
        low = np.where(flat, low, np.maximum(low, np.minimum(t1, t2)))
        high = np.where(flat, high, np.minimum(high, np.maximum(t1, t2)))
    measures = line.measures
    length = np.diff(measures)
    runs: list[tuple[float, float]] = []
    for index in np.flatnonzero(high > low):
        start = measures[index] + low[index] * length[index]
        end = measures[index] + high[index] * length[index]
        if runs and abs(runs[-1][1] - start) < 1e-6:
            runs[-1] = (runs[-1][0], end)
        else:
            runs.append((start, end))
    return runs


class LabelSpace:
    """What of the map a name may not cover, at half the widget's resolution: painted
    in with a QPainter (stops, markers, routes, boxes), then read and added to with
    numpy as names are written."""

    CELL = 2.0

    def __init__(self, width: int, height: int) -> None:
        # A cell in from the edges (two on the far sides, which round down), so that a
        # covered cell's neighbours are on the grid.
        cell = self.CELL
        self.bounds = QRectF(cell, cell, width - 3 * cell, height - 3 * cell)
        self._image = QImage(
            max(1, math.ceil(width / self.CELL)),
            max(1, math.ceil(height / self.CELL)),
            QImage.Format.Format_Grayscale8,
        )
        self._image.fill(0)
        self._painter: QPainter | None = QPainter(self._image)
        self._painter.scale(1 / self.CELL, 1 / self.CELL)
        self._painter.setPen(Qt.PenStyle.NoPen)
        self._painter.setBrush(QColor(Qt.GlobalColor.white))
        self._taken: np.ndarray | None = None

    def _drawing(self) -> QPainter:
        assert self._painter is not None, "blocked after names were written"
        return self._painter

    def block_rect(self, rect: QRectF) -> None:
        self._drawing().drawRect(rect)

    def block_points(self, points: np.ndarray, radius: float) -> None:
        """Discs of `radius` pixels around each (x, y) on screen."""
        if not len(points):
            return
        painter = self._drawing()
        painter.save()
        pen = QPen(QColor(Qt.GlobalColor.white), 2 * radius)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.drawPoints(QPolygonF([QPointF(x, y) for x, y in points]))
        painter.restore()

    def block_path(self, path: QPainterPath, view: QTransform, width: float) -> None:
        """A line in metres, drawn through `view`, `width` pixels wide."""
        painter = self._drawing()
        painter.save()
        painter.setWorldTransform(view, combine=True)
        pen = QPen(QColor(Qt.GlobalColor.white), width / self.CELL)
        pen.setCosmetic(True)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        painter.restore()

    def _grid(self) -> np.ndarray:
        if self._taken is None:
            self.close()
            image = self._image
            rows = np.frombuffer(image.constBits(), np.uint8).reshape(
                image.height(), image.bytesPerLine()
            )
            self._taken = rows[:, : image.width()] > 0
        return self._taken

    def cells(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
        """The cells (rows, columns) under these points; None if any leaves the bounds."""
        bounds = self.bounds
        x, y = points[:, 0], points[:, 1]
        if (
            x.min() < bounds.left()
            or x.max() > bounds.right()
            or y.min() < bounds.top()
            or y.max() > bounds.bottom()
        ):
            return None
        # Inside the bounds, a cell and its neighbours are all on the grid.
        return (y / self.CELL).astype(np.int64), (x / self.CELL).astype(np.int64)

    def blocked(self, points: np.ndarray) -> np.ndarray:
        """Per point: taken, or outside the bounds."""
        bounds = self.bounds
        x, y = points[:, 0], points[:, 1]
        outside = (
            (x < bounds.left()) | (x > bounds.right()) | (y < bounds.top()) | (y > bounds.bottom())
        )
        grid = self._grid()
        rows = np.clip((y / self.CELL).astype(np.int64), 0, grid.shape[0] - 1)
        columns = np.clip((x / self.CELL).astype(np.int64), 0, grid.shape[1] - 1)
        return outside | grid[rows, columns]

    def free(self, cells: tuple[np.ndarray, np.ndarray]) -> bool:
        return not self._grid()[cells].any()

    def take(self, cells: tuple[np.ndarray, np.ndarray]) -> None:
        """Mark the cells taken, and their neighbours, so names keep a little apart."""
        grid = self._grid()
        rows, columns = cells
        for row_step, column_step in ((0, 0), (-1, 0), (1, 0), (0, -1), (0, 1)):
            grid[rows + row_step, columns + column_step] = True

    def close(self) -> None:
        """Finish the blocking painter (before reading, or when no name is written)."""
        if self._painter is not None:
            self._painter.end()
            self._painter = None
