"""Team colours of the planning view: one per team, told apart with colour blindness too.

The Okabe–Ito palette (Color Universal Design), ordered so that neighbouring teams
differ most in lightness as well as hue; yellow, too pale on white, is darkened to
olive. Past eight teams the colours come round again with a dashed line.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap

TEAM_COLOURS = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#000000",  # black
    "#9A8700",  # yellow, darkened to olive
)
UNASSIGNED_COLOUR = "#a6a29a"


def team_colour(index: int) -> QColor:
    """The colour of the team at this index in the night's team list."""
    return QColor(TEAM_COLOURS[index % len(TEAM_COLOURS)])


def team_pen_style(index: int) -> Qt.PenStyle:
    """Solid for the first eight teams, dashed for the next eight."""
    return Qt.PenStyle.SolidLine if index < len(TEAM_COLOURS) else Qt.PenStyle.DashLine


@cache
def team_icon(index: int | None, size: int = 14) -> QIcon:
    """A swatch of the team's colour (grey for the unassigned), for lists and menus."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = QColor(UNASSIGNED_COLOUR) if index is None else team_colour(index)
    painter.setPen(QPen(colour.darker(130), 1))
    painter.setBrush(colour)
    painter.drawRoundedRect(1, 1, size - 2, size - 2, 3, 3)
    if index is not None and index >= len(TEAM_COLOURS):
        painter.setPen(QPen(Qt.GlobalColor.white, 2))
        painter.drawLine(3, size // 2, size - 3, size // 2)
    painter.end()
    return QIcon(pixmap)


@cache
def lock_icon(size: int = 14) -> QIcon:
    """A small padlock for a household locked to its team."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    unit = size / 14
    ink = QColor("#333333")
    painter.setPen(QPen(ink, 1.6 * unit))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawArc(QRectF(4 * unit, 1.2 * unit, 6 * unit, 9 * unit), 0, 180 * 16)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(ink)
    painter.drawRoundedRect(QRectF(2 * unit, 6 * unit, 10 * unit, 7.5 * unit), 1.5, 1.5)
    painter.end()
    return QIcon(pixmap)


@cache
def dashed_ring_icon(size: int = 14) -> QIcon:
    """A dashed ring: a household placed without coordinates, as the map draws it."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("#555555"), 1.4, Qt.PenStyle.DashLine))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawEllipse(QRectF(2, 2, size - 4, size - 4))
    painter.end()
    return QIcon(pixmap)
