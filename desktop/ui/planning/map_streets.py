"""The loaded map's streets under the planning map (their names: map_names.py).

The ways are turned into painter paths once per map (in metres, grouped by kind into
tiles of the ward), so a repaint draws only the tiles on screen through one transform,
however many thousand ways the ward has. Streets are drawn wider than lanes, lanes
wider than paths; paths and steps only once zoomed in enough to tell them apart, lanes
not at all from far out.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPolygonF, QTransform

from desktop.services.planning.ward_map import LANE, PATH, STEPS, STREET, MapStreets
from desktop.ui.planning.map_names import StreetNames

STREET_CASING = QColor("#c4bfb3")
STREET_FILL = QColor("#dcd8ce")
LANE_INK = QColor("#e1ded5")
PATH_INK = QColor("#c3beb2")

_TILE_M = 250.0
# The widths drawn, in metres on the ground, and the pixels they never go under/over.
_WIDTHS = {STREET: (8.0, 2.2, 13.0), LANE: (3.5, 1.1, 6.0), PATH: (1.6, 0.8, 2.4)}
_WIDTHS[STEPS] = _WIDTHS[PATH]
# Below these pixels per metre a kind is not drawn (a city's paths make a grey felt).
_SHOWN_FROM = {STREET: 0.0, LANE: 0.12, PATH: 0.5, STEPS: 0.5}
# Streets at least this many pixels wide get a darker edge; thinner lines are drawn with
# square ends (several times quicker, and round ends do not show at that width).
_CASED_PX = 3.0


def world_to_screen(width: int, height: int, centre: QPointF, scale: float) -> QTransform:
    """Metres east and north → widget pixels (north up)."""
    return QTransform(
        scale,
        0.0,
        0.0,
        -scale,
        width / 2 - centre.x() * scale,
        height / 2 + centre.y() * scale,
    )


class StreetLayer:
    """The map's ways as painter paths in metres, by kind and tile, and their names;
    paints the part of them a view shows."""

    def __init__(self, streets: MapStreets) -> None:
        self.streets = streets
        self.tiles: dict[int, list[tuple[np.ndarray, QPainterPath]]] = {}
        self._build_tiles()
        self.names = StreetNames(streets)

    def _build_tiles(self) -> None:
        streets = self.streets
        if not len(streets):
            return
        centres = (streets.boxes[:, :2] + streets.boxes[:, 2:]) / 2
        cells = np.floor(centres / _TILE_M).astype(np.int64)
        for kind in (STREET, LANE, PATH, STEPS):
            chosen = np.flatnonzero(streets.kinds == kind)
            if not len(chosen):
                continue
            keys = cells[chosen, 0] * 1_000_003 + cells[chosen, 1]
            order = np.argsort(keys, kind="stable")
            groups = np.split(chosen[order], np.flatnonzero(np.diff(keys[order])) + 1)
            tiles = []
            for group in groups:
                path = QPainterPath()
                for index in group:
                    path.addPolygon(QPolygonF([QPointF(x, y) for x, y in streets.line(index)]))
                box = streets.boxes[group]
                bounds = np.asarray([*box[:, :2].min(axis=0), *box[:, 2:].max(axis=0)])
                tiles.append((bounds, path))
            self.tiles[kind] = tiles

    def paint(self, painter: QPainter, view: QTransform, visible: QRectF) -> int:
        """Draw the ways inside `visible` (metres); the number of tiles drawn."""
        scale = view.m11()
        painter.save()
        painter.setWorldTransform(view)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        drawn = 0
        for kind, dashes in ((STEPS, [1.2, 1.0]), (PATH, [4.0, 2.0])):
            if scale >= _SHOWN_FROM[kind]:
                pen = _line_pen(PATH_INK, _width(kind, scale))
                pen.setDashPattern(dashes)
                drawn += self._stroke(painter, kind, pen, visible)
        if scale >= _SHOWN_FROM[LANE]:
            drawn += self._stroke(painter, LANE, _line_pen(LANE_INK, _width(LANE, scale)), visible)
        street = _width(STREET, scale)
        if street >= _CASED_PX:
            self._stroke(painter, STREET, _line_pen(STREET_CASING, street + 1.6), visible)
            drawn += self._stroke(painter, STREET, _line_pen(STREET_FILL, street), visible)
        else:
            drawn += self._stroke(painter, STREET, _line_pen(STREET_CASING, street), visible)
        painter.restore()
        return drawn

    def _stroke(self, painter: QPainter, kind: int, pen: QPen, visible: QRectF) -> int:
        painter.setPen(pen)
        drawn = 0
        left, top, right, bottom = visible.left(), visible.top(), visible.right(), visible.bottom()
        for bounds, path in self.tiles.get(kind, ()):
            if bounds[2] < left or bounds[0] > right or bounds[3] < top or bounds[1] > bottom:
                continue
            painter.drawPath(path)
            drawn += 1
        return drawn


def _width(kind: int, scale: float) -> float:
    metres, least, most = _WIDTHS[kind]
    return min(most, max(least, metres * scale))


def _line_pen(colour: QColor, width: float) -> QPen:
    """A pen `width` pixels wide whatever the painter's scale; round ends once wide."""
    pen = QPen(colour, width)
    pen.setCosmetic(True)
    if width >= _CASED_PX:
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    else:
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        pen.setJoinStyle(Qt.PenJoinStyle.BevelJoin)
    return pen
