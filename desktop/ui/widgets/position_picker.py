"""Choosing where a house stands on a small map of the streets around it.

Plain data in, a point out: the streets as polylines and the neighbouring houses as
labelled points, all in metres east and north of any origin the caller keeps, the
house's position (or none yet) and the box a house may be put in. A click or a drag
puts the house there, the arrow keys nudge it by 1 m (Shift: 10 m), Ctrl+arrows or
dragging with the right button pan, the wheel or +/- zoom.
`PositionPickerDialog` holds the canvas with the coordinates shown as they change.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPolygonF,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop.ui.widgets.form_dialog import error_line

Point = tuple[float, float]  # metres east and north
Bounds = tuple[float, float, float, float]  # west, south, east, north

PAPER = QColor("#f6f4ee")
OUTSIDE = QColor(120, 120, 120, 60)
STREET = QColor("#ffffff")
STREET_EDGE = QColor("#b9b2a3")
STREET_INK = QColor("#5b5850")
NEIGHBOUR = QColor("#8d8a82")
HOUSE = QColor("#c62828")
NUDGE_M, NUDGE_FAR_M = 1.0, 10.0
_ZOOM_STEP = 1.25
_MIN_SCALE, _MAX_SCALE = 0.1, 20.0  # pixels per metre
_START_SCALE = 1.6  # about 200 m across the canvas


@dataclass(frozen=True)
class PickerStreet:
    name: str | None
    points: np.ndarray  # (n, 2) metres


@dataclass(frozen=True)
class PickerPoint:
    """A neighbouring house: drawn as a dot, its number written beside it up close."""

    label: str
    x: float
    y: float


class PositionPicker(QWidget):
    """The map canvas: streets, neighbours, and the house the user puts somewhere."""

    position_changed = Signal(object)  # (x, y) metres, or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("positionPicker")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(420, 320)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.streets: tuple[PickerStreet, ...] = ()
        self.neighbours: tuple[PickerPoint, ...] = ()
        self.position: Point | None = None
        self.bounds: Bounds | None = None
        self.scale = _START_SCALE
        self.centre = QPointF(0.0, 0.0)
        self._placing = False  # the left button is down: the house follows it
        self._pan_from: tuple[QPointF, QPointF] | None = None  # (press, centre then)

    def set_content(
        self,
        streets: Sequence[PickerStreet],
        neighbours: Sequence[PickerPoint],
        position: Point | None,
        bounds: Bounds | None = None,
    ) -> None:
        """Show these streets and houses, centred on the house (or the origin)."""
        self.streets = tuple(streets)
        self.neighbours = tuple(neighbours)
        self.bounds = bounds
        self.position = position
        self.centre = QPointF(*(position or (0.0, 0.0)))
        self.update()

    # Geometry ------------------------------------------------------------------------

    def to_screen(self, x: float, y: float) -> QPointF:
        return QPointF(
            self.width() / 2 + (x - self.centre.x()) * self.scale,
            self.height() / 2 - (y - self.centre.y()) * self.scale,
        )

    def to_world(self, point: QPointF) -> Point:
        return (
            self.centre.x() + (point.x() - self.width() / 2) / self.scale,
            self.centre.y() - (point.y() - self.height() / 2) / self.scale,
        )

    def allowed(self, point: Point) -> bool:
        """Whether a house may stand there (inside the bounds)."""
        if self.bounds is None:
            return True
        west, south, east, north = self.bounds
        return west <= point[0] <= east and south <= point[1] <= north

    def place(self, point: Point) -> bool:
        """Put the house at `point`; False (nothing moves) outside the bounds."""
        if not self.allowed(point):
            return False
        self.position = (float(point[0]), float(point[1]))
        self.position_changed.emit(self.position)
        self.update()
        return True

    def zoom_by(self, factor: float) -> None:
        self.scale = min(_MAX_SCALE, max(_MIN_SCALE, self.scale * factor))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(680, 440)

    # Interaction ---------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._placing = True
            self.place(self.to_world(event.position()))
        elif event.button() in (Qt.MouseButton.RightButton, Qt.MouseButton.MiddleButton):
            self._pan_from = (event.position(), QPointF(self.centre))
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._placing and event.buttons() & Qt.MouseButton.LeftButton:
            self.place(self.to_world(event.position()))
        elif self._pan_from is not None:
            press, centre = self._pan_from
            moved = event.position() - press
            self.centre = centre - QPointF(moved.x(), -moved.y()) / self.scale
            self.update()
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._placing = False
        self._pan_from = None
        self.unsetCursor()
        event.accept()

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_by(_ZOOM_STEP**steps)
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        arrows = {
            Qt.Key.Key_Left: (-1, 0),
            Qt.Key.Key_Right: (1, 0),
            Qt.Key.Key_Up: (0, 1),
            Qt.Key.Key_Down: (0, -1),
        }
        key, modifiers = event.key(), event.modifiers()
        if key in arrows:
            dx, dy = arrows[key]
            if modifiers & Qt.KeyboardModifier.ControlModifier or self.position is None:
                pan = 60 / self.scale
                self.centre += QPointF(dx * pan, dy * pan)
                self.update()
            else:
                far = bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
                step = NUDGE_FAR_M if far else NUDGE_M
                x, y = self.position
                self.place((x + dx * step, y + dy * step))
                self._keep_in_view()
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(_ZOOM_STEP)
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom_by(1 / _ZOOM_STEP)
        else:
            super().keyPressEvent(event)  # Enter and Esc go on to the dialog

    def _keep_in_view(self) -> None:
        if self.position is None:
            return
        point = self.to_screen(*self.position)
        if not QRectF(self.rect()).adjusted(30, 30, -30, -30).contains(point):
            self.centre = QPointF(*self.position)
            self.update()

    # Painting ------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), PAPER)
        self._paint_outside(painter)
        self._paint_streets(painter)
        self._paint_neighbours(painter)
        self._paint_house(painter)
        self._paint_scale_bar(painter)
        painter.end()

    def _paint_outside(self, painter: QPainter) -> None:
        """Grey beyond the map's area, where no house may go."""
        if self.bounds is None:
            return
        west, south, east, north = self.bounds
        inside = QRectF(self.to_screen(west, north), self.to_screen(east, south))
        outside = QPainterPath()
        outside.addRect(QRectF(self.rect()))
        area = QPainterPath()
        area.addRect(inside)
        painter.fillPath(outside.subtracted(area), OUTSIDE)

    def _screen(self, points: np.ndarray) -> QPolygonF:
        sx = self.width() / 2 + (points[:, 0] - self.centre.x()) * self.scale
        sy = self.height() / 2 - (points[:, 1] - self.centre.y()) * self.scale
        return QPolygonF([QPointF(x, y) for x, y in zip(sx, sy, strict=True)])

    def _paint_streets(self, painter: QPainter) -> None:
        width = max(3.0, min(14.0, 8.0 * self.scale))
        lines = [self._screen(street.points) for street in self.streets]
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for pen in (QPen(STREET_EDGE, width + 2), QPen(STREET, width)):
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(pen)
            for line in lines:
                painter.drawPolyline(line)
        self._paint_street_names(painter, lines)

    def _paint_street_names(self, painter: QPainter, lines: list[QPolygonF]) -> None:
        """Each named street's name along its longest stretch on screen, none over another."""
        font = QFont(self.font())
        font.setPixelSize(11)
        font.setItalic(True)
        metrics = QFontMetricsF(font)
        taken: list[QPainterPath] = []
        named = [(s.name, line) for s, line in zip(self.streets, lines, strict=True) if s.name]
        for name, line in sorted(named, key=lambda item: -_length(item[1])):
            width = metrics.horizontalAdvance(name)
            segment = _longest_segment(line, QRectF(self.rect()).adjusted(4, 4, -4, -4))
            if segment is None or _distance(*segment) < width + 12:
                continue
            start, end = segment
            angle = math.degrees(math.atan2(end.y() - start.y(), end.x() - start.x()))
            if angle > 90:
                angle -= 180
            elif angle < -90:
                angle += 180
            middle = (start + end) / 2
            turn = QTransform().translate(middle.x(), middle.y()).rotate(angle)
            box = QRectF(-width / 2 - 2, -metrics.height() / 2, width + 4, metrics.height())
            outline = QPainterPath()
            outline.addPolygon(turn.map(QPolygonF(box)))
            if any(outline.intersects(other) for other in taken):
                continue
            taken.append(outline)
            text = QPainterPath()
            text.addText(-width / 2, metrics.ascent() - metrics.height() / 2, font, name)
            painter.fillPath(turn.map(text), STREET_INK)

    def _paint_neighbours(self, painter: QPainter) -> None:
        font = QFont(self.font())
        font.setPixelSize(10)
        painter.setFont(font)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(NEIGHBOUR)
        labelled = self.scale >= 1.2
        for neighbour in self.neighbours:
            point = self.to_screen(neighbour.x, neighbour.y)
            if not QRectF(self.rect()).adjusted(-8, -8, 8, 8).contains(point):
                continue
            painter.drawEllipse(point, 3.2, 3.2)
            if labelled and neighbour.label:
                painter.setPen(NEIGHBOUR)
                painter.drawText(point + QPointF(5, -4), neighbour.label)
                painter.setPen(Qt.PenStyle.NoPen)

    def _paint_house(self, painter: QPainter) -> None:
        if self.position is None:
            return
        point = self.to_screen(*self.position)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(QColor(255, 255, 255, 230), 5))
        painter.drawEllipse(point, 11, 11)
        painter.setPen(QPen(HOUSE, 2.4))
        painter.drawEllipse(point, 11, 11)
        painter.setPen(QPen(QColor("#ffffff"), 1.5))
        painter.setBrush(HOUSE)
        painter.drawEllipse(point, 5, 5)

    def _paint_scale_bar(self, painter: QPainter) -> None:
        metres = _round_length(100 / self.scale)
        length = metres * self.scale
        right, bottom = self.width() - 14.0, self.height() - 12.0
        painter.setPen(QPen(QColor("#333333"), 2))
        painter.drawLine(QPointF(right - length, bottom), QPointF(right, bottom))
        painter.drawLine(QPointF(right - length, bottom - 5), QPointF(right - length, bottom))
        painter.drawLine(QPointF(right, bottom - 5), QPointF(right, bottom))
        font = QFont(self.font())
        font.setPixelSize(11)
        painter.setFont(font)
        painter.drawText(
            QRectF(right - length - 20, bottom - 20, length + 40, 14),
            Qt.AlignmentFlag.AlignCenter,
            f"{metres:g} m",
        )


class PositionPickerDialog(QDialog):
    """ "Chọn vị trí trên bản đồ": the picker, the coordinates as they change, OK/Hủy.

    `describe(point)` words a point's coordinates for the line under the map. After
    acceptance `chosen` holds the point in the picker's metres.
    """

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        streets: Sequence[PickerStreet],
        neighbours: Sequence[PickerPoint],
        position: Point | None,
        bounds: Bounds | None,
        describe: Callable[[Point], str],
    ) -> None:
        super().__init__(parent)
        self.setProperty("help_page", "ban-do.html#chon-vi-tri")  # F1 opens this page
        self.setWindowTitle(title)
        self.setModal(True)
        self._describe = describe
        self.chosen: Point | None = None
        hint = QLabel(
            self.tr(
                "Bấm hoặc kéo trên bản đồ để đặt nhà vào đúng chỗ; phím mũi tên dịch 1 m "
                "(giữ Shift: 10 m). Con lăn chuột hoặc phím + và − để phóng to, thu nhỏ; kéo "
                "bằng chuột phải hoặc Ctrl+mũi tên để di chuyển bản đồ."
            ),
            self,
        )
        hint.setWordWrap(True)
        self.picker = PositionPicker(self)
        self.picker.set_content(streets, neighbours, position, bounds)
        self.picker.position_changed.connect(self._show_position)
        self.coordinates = QLabel(self)
        self.coordinates.setObjectName("pickerCoordinates")
        self.error_label = error_line(self)
        buttons = QDialogButtonBox(self)
        self.ok_button = buttons.addButton(
            self.tr("&Dùng vị trí này"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        self.ok_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.picker, 1)
        layout.addWidget(self.coordinates)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self._show_position(position)
        self.picker.setFocus(Qt.FocusReason.OtherFocusReason)
        self.resize(760, 600)

    def _show_position(self, point: Point | None) -> None:
        self.error_label.hide()
        self.coordinates.setText(
            self._describe(point)
            if point is not None
            else self.tr("Chưa đặt: bấm vào chỗ của nhà trên bản đồ.")
        )

    def accept(self) -> None:
        if self.picker.position is None:
            self.error_label.setText(self.tr("Hãy bấm vào chỗ của nhà trên bản đồ trước."))
            self.error_label.show()
            return
        self.chosen = self.picker.position
        super().accept()


def _length(line: QPolygonF) -> float:
    return sum(_distance(line[i], line[i + 1]) for i in range(line.size() - 1))


def _distance(a: QPointF, b: QPointF) -> float:
    return math.hypot(b.x() - a.x(), b.y() - a.y())


def _longest_segment(line: QPolygonF, inside: QRectF) -> tuple[QPointF, QPointF] | None:
    """The longest segment of a polyline with both ends inside the rectangle."""
    best, best_length = None, 0.0
    for i in range(line.size() - 1):
        a, b = line[i], line[i + 1]
        if inside.contains(a) and inside.contains(b) and _distance(a, b) > best_length:
            best, best_length = (a, b), _distance(a, b)
    return best


def _round_length(metres: float) -> float:
    """1, 2 or 5 times a power of ten, not above `metres`."""
    power = 10 ** math.floor(math.log10(max(metres, 1e-6)))
    for step in (5, 2, 1):
        if step * power <= metres:
            return step * power
    return power
