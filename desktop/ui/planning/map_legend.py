"""The planning map's legend: what each symbol means and which colour is which team."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QWidget

from desktop.ui.planning.map_scene import LOCATED, MapScene
from desktop.ui.planning.map_symbols import (
    BACKGROUND_DOT,
    paint_flag,
    paint_pending,
    paint_station,
    paint_stop,
)
from desktop.ui.planning.palette import UNASSIGNED_COLOUR, team_colour

_ROW = 17.0
_PAD = 8.0
_SYMBOL = 22.0


def _tr(text: str) -> str:
    return QCoreApplication.translate("PlanningMapLegend", text)


def legend_rows(scene: MapScene) -> list[tuple[str, str]]:
    """(symbol, text) of the symbols the scene uses, in the order the legend lists them."""
    rows = [("stop", _tr("Hộ trên tuyến, số thứ tự đi"))]
    if scene.locked.any():
        rows.append(("locked", _tr("Hộ đã khóa vào tổ")))
    if (scene.team_index < 0).any():
        rows.append(("pending", _tr("Hộ còn việc, chưa xếp tổ")))
    if scene.unconfirmed.any() or scene.background_unconfirmed.any():
        rows.append(("unconfirmed", _tr("Vị trí ước tính (chưa xác nhận)")))
    if any(kind != LOCATED for kind in scene.kinds):
        rows.append(("estimated", _tr("Chưa có toạ độ: vị trí ước tính")))
    if len(scene.background):
        rows.append(("background", _tr("Hộ đã xong hoặc ngoài khu vực")))
    station_is_meeting = scene.station is None and scene.meeting_label.startswith("Trụ sở")
    if scene.station is not None or station_is_meeting:
        rows.append(("station", _tr("Trụ sở công an")))
    if not station_is_meeting:
        rows.append(("flag", _tr("Điểm tập trung")))
    return rows


def _font(widget: QWidget) -> QFont:
    font = QFont(widget.font())
    font.setPixelSize(11)
    return font


def legend_rect(widget: QWidget, scene: MapScene) -> QRectF:
    """Where the legend goes: the map's bottom-left corner."""
    metrics = QFontMetricsF(_font(widget))
    rows = legend_rows(scene)
    text_width = max((metrics.horizontalAdvance(text) for _, text in rows), default=0.0)
    width = _SYMBOL + text_width + 2 * _PAD + 4
    height = len(rows) * _ROW + 2 * _PAD
    return QRectF(10, widget.height() - height - 10, width, height)


def paint_legend(painter: QPainter, widget: QWidget, scene: MapScene) -> QRectF:
    """Draw the symbols' legend in the map's bottom-left corner; the rectangle it took.

    The teams' colours are not repeated here: the team summary beside the map shows
    each team's colour with its name and numbers.
    """
    font = _font(widget)
    metrics = QFontMetricsF(font)
    rows = legend_rows(scene)
    text_width = max((metrics.horizontalAdvance(text) for _, text in rows), default=0.0)
    box = legend_rect(widget, scene)
    painter.save()
    painter.setPen(QPen(QColor("#b8b4aa"), 1))
    painter.setBrush(QColor(255, 255, 255, 228))
    painter.drawRoundedRect(box, 5, 5)
    y = box.top() + _PAD
    for symbol, text in rows:
        _paint_symbol(painter, symbol, QPointF(box.left() + _PAD + _SYMBOL / 2 - 2, y + _ROW / 2))
        painter.setFont(font)
        painter.setPen(QColor("#222222"))
        painter.drawText(
            QRectF(box.left() + _PAD + _SYMBOL, y, text_width + 4, _ROW),
            Qt.AlignmentFlag.AlignVCenter,
            text,
        )
        y += _ROW
    painter.restore()
    return box


def _paint_symbol(painter: QPainter, symbol: str, at: QPointF) -> None:
    grey = QColor(UNASSIGNED_COLOUR)
    small = QFont(painter.font())
    small.setPixelSize(8)
    small.setBold(True)
    painter.setFont(small)
    if symbol == "stop":
        paint_stop(painter, at, team_colour(0), number=1, radius=6.5)
    elif symbol == "locked":
        paint_stop(painter, at, team_colour(0), locked=True, radius=6)
    elif symbol == "pending":
        paint_pending(painter, at, grey, estimated=False)
    elif symbol == "unconfirmed":
        paint_stop(painter, at + QPointF(-4, 0), team_colour(0), unconfirmed=True, radius=5)
        paint_pending(painter, at + QPointF(6, 0), grey, estimated=False, unconfirmed=True)
    elif symbol == "estimated":
        paint_stop(painter, at, team_colour(0), estimated=True, radius=6)
    elif symbol == "background":
        pen = QPen(BACKGROUND_DOT, 2.5)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.drawPoint(at)
    elif symbol == "station":
        painter.save()
        painter.translate(at)
        painter.scale(0.7, 0.7)
        paint_station(painter, QPointF(0, 0))
        painter.restore()
    elif symbol == "flag":
        paint_flag(painter, at + QPointF(-4, 8))
