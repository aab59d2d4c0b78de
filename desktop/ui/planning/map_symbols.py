"""The planning map's symbols, drawn alike on the map and in its legend."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPolygonF

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
    locked: bool = False,
    number: int | None = None,
    radius: float = STOP_RADIUS,
) -> None:
    """A stop of a route: filled in the team's colour (hollow dashed when its position is
    estimated), square when locked to the team, with its number when there is room."""
    if estimated:
        painter.setPen(QPen(colour, 1.6, Qt.PenStyle.DashLine))
        painter.setBrush(QColor(255, 255, 255, 235))
        ink = colour
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
    radius: float = PENDING_RADIUS,
) -> None:
    """A household still pending that no team takes: a grey dot, or a dashed ring."""
    if estimated:
        painter.setPen(QPen(colour.darker(150), 1.2, Qt.PenStyle.DashLine))
        painter.setBrush(PAPER)
        painter.drawEllipse(at, radius + 1.2, radius + 1.2)
    else:
        painter.setPen(QPen(colour.darker(115), 0.8))
        painter.setBrush(colour)
        painter.drawEllipse(at, radius, radius)


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
