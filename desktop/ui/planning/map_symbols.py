"""The planning map's symbols, drawn alike on the map and in its legend."""

from __future__ import annotations

import functools
import math

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen, QPolygonF

PAPER = QColor("#f7f5ef")
BACKGROUND_DOT = QColor("#c4c0b6")
STATION_RED = QColor("#c62828")
STOP_RADIUS = 7.0
PENDING_RADIUS = 3.6


def paint_stop(
    painter: QPainter,
    at: QPointF,
    colour: QColor,
    *,
    estimated: bool = False,
    unconfirmed: bool = False,
    locked: bool = False,
    number: int | None = None,
    radius: float = STOP_RADIUS,
) -> None:
    """A stop of a route: filled in the team's colour, hollow with a solid ring when
    `map locate` estimated its position and no officer confirmed it, hollow dashed when
    it has no coordinates at all (`estimated`); square when locked to the team, with
    its number when there is room."""
    if estimated:
        painter.setPen(QPen(colour, 1.6, Qt.PenStyle.DashLine))
        painter.setBrush(QColor(255, 255, 255, 235))
        ink = colour
    elif unconfirmed:
        painter.setPen(QPen(colour, 2.2))
        painter.setBrush(QColor(255, 255, 255, 240))
        ink = colour.darker(125)
    else:
        painter.setPen(QPen(QColor(255, 255, 255, 220), 1.2))
        painter.setBrush(colour)
        ink = QColor(Qt.GlobalColor.white)
    box = QRectF(at.x() - radius, at.y() - radius, 2 * radius, 2 * radius)
    if locked:
        painter.drawRoundedRect(box.adjusted(-0.5, -0.5, 0.5, 0.5), 2.0, 2.0)
    else:
        painter.drawEllipse(box)
    if number is not None:
        painter.setPen(ink)
        painter.drawText(box.adjusted(-4, 0, 4, 0), Qt.AlignmentFlag.AlignCenter, str(number))


def paint_pending(
    painter: QPainter,
    at: QPointF,
    colour: QColor,
    *,
    estimated: bool,
    unconfirmed: bool = False,
    radius: float = PENDING_RADIUS,
) -> None:
    """A household still pending that no team takes: a grey dot, a ring when its
    position is an unconfirmed estimate of `map locate`, a dashed ring without
    coordinates."""
    if estimated:
        painter.setPen(QPen(colour.darker(150), 1.2, Qt.PenStyle.DashLine))
        painter.setBrush(PAPER)
        painter.drawEllipse(at, radius + 1.2, radius + 1.2)
    elif unconfirmed:
        painter.setPen(QPen(colour.darker(140), 1.6))
        painter.setBrush(PAPER)
        painter.drawEllipse(at, radius + 0.6, radius + 0.6)
    else:
        painter.setPen(QPen(colour.darker(115), 0.8))
        painter.setBrush(colour)
        painter.drawEllipse(at, radius, radius)


def paint_pending_dots(
    painter: QPainter,
    points: np.ndarray,
    colour: QColor,
    *,
    unconfirmed: bool,
    radius: float = PENDING_RADIUS,
) -> None:
    """Many households as paint_pending draws them (dots, or rings when unconfirmed),
    stamped from one small picture: a ward has thousands, and drawing each circle
    anew took most of a repaint."""
    if not len(points):
        return
    device = painter.device()
    ratio = device.devicePixelRatioF() if device is not None else 1.0
    stamp = _dot_stamp(colour.rgba(), round(radius, 1), unconfirmed, ratio)
    half = stamp.width() / ratio / 2
    for x, y in points:
        painter.drawImage(QPointF(float(x) - half, float(y) - half), stamp)


@functools.lru_cache(maxsize=64)
def _dot_stamp(rgba: int, radius: float, unconfirmed: bool, ratio: float) -> QImage:
    side = math.ceil(2 * radius + 6)
    stamp = QImage(
        math.ceil(side * ratio), math.ceil(side * ratio), QImage.Format.Format_ARGB32_Premultiplied
    )
    stamp.setDevicePixelRatio(ratio)
    stamp.fill(0)
    painter = QPainter(stamp)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    at = QPointF(side / 2, side / 2)
    paint_pending(
        painter, at, QColor.fromRgba(rgba), estimated=False, unconfirmed=unconfirmed, radius=radius
    )
    painter.end()
    return stamp


def paint_station(painter: QPainter, at: QPointF) -> None:
    """The ward police station: a red shield with a yellow star."""
    shield = QPainterPath()
    shield.moveTo(at.x() - 9, at.y() - 10)
    shield.lineTo(at.x() + 9, at.y() - 10)
    shield.lineTo(at.x() + 9, at.y() + 1)
    shield.quadTo(at.x() + 8, at.y() + 9, at.x(), at.y() + 12)
    shield.quadTo(at.x() - 8, at.y() + 9, at.x() - 9, at.y() + 1)
    shield.closeSubpath()
    painter.setPen(QPen(QColor("#7a1010"), 1.4))
    painter.setBrush(STATION_RED)
    painter.drawPath(shield)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#ffd54f"))
    painter.drawPolygon(_star(at + QPointF(0, -0.5), 6.0, 2.5))


def paint_flag(painter: QPainter, at: QPointF) -> None:
    """A meeting point that is not the station: a flag on a pole standing on the point."""
    painter.setPen(QPen(QColor("#222222"), 2))
    painter.drawLine(at, at + QPointF(0, -20))
    flag = QPolygonF([at + QPointF(0, -20), at + QPointF(14, -15), at + QPointF(0, -10)])
    painter.setPen(QPen(QColor("#7a1010"), 1))
    painter.setBrush(STATION_RED)
    painter.drawPolygon(flag)
    painter.setBrush(QColor("#222222"))
    painter.drawEllipse(at, 2.5, 2.5)


def _star(centre: QPointF, outer: float, inner: float) -> QPolygonF:
    points = []
    for index in range(10):
        radius = outer if index % 2 == 0 else inner
        angle = math.radians(-90 + 36 * index)
        points.append(centre + QPointF(radius * math.cos(angle), radius * math.sin(angle)))
    return QPolygonF(points)
