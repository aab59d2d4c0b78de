"""The planning map: households as points, the teams' numbered routes, streets as labels.

No tiles (the desk is often offline): the ward is drawn from the households themselves.
Households still pending are larger filled dots (grey until a team takes them), the
ward's other households faint specks; a household placed without coordinates is a
hollow dashed ring. Each route runs from the meeting point and back in its team's
colour, its stops numbered. Wheel or +/- zooms, dragging pans, `fit()` shows all.
Hovering a point tells its address, head and pending services; clicking it asks the
window to select it in the lists.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPaintEvent,
    QPen,
    QPolygonF,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import QToolTip, QWidget

from desktop.ui.planning.map_legend import legend_rect, paint_legend
from desktop.ui.planning.map_scene import (
    DIAGRAM_ALL,
    DIAGRAM_PART,
    LOCATED,
    MapRoute,
    MapScene,
    StreetLabel,
)
from desktop.ui.planning.map_symbols import (
    BACKGROUND_DOT,
    PAPER,
    PENDING_RADIUS,
    STOP_RADIUS,
    paint_flag,
    paint_pending,
    paint_station,
    paint_stop,
)
from desktop.ui.planning.palette import UNASSIGNED_COLOUR, team_colour, team_pen_style

STREET_INK = QColor("#5b5850")
HIT_PIXELS = 9.0
ZOOM_STEP = 1.25
_MIN_SCALE, _MAX_SCALE = 0.02, 40.0  # pixels per metre


class RouteMap(QWidget):
    """A pannable, zoomable drawing of the night's plan."""

    household_clicked = Signal(int)  # a household's point was clicked
    context_menu_requested = Signal(int, QPoint)  # household id, global position

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planningMap")
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(360, 280)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.scene: MapScene | None = None
        self.scale = 1.0  # pixels per metre
        self.centre = QPointF(0.0, 0.0)  # the world point at the middle of the widget
        self.selected: set[int] = set()
        self.focus_team: int | None = None
        self.show_legend = True
        self.describe: Callable[[int], str] | None = None  # household id → tooltip text
        self.empty_text = self.tr(
            "Chọn đêm, khu vực và các tổ đi tối nay, rồi bấm “Lập tuyến” (F5)."
        )
        self._press: QPointF | None = None
        self._press_centre = QPointF()
        self._dragged = False
        self._fitted = False

    # Content ---------------------------------------------------------------------------

    def set_scene(self, scene: MapScene | None, fit: bool = False) -> None:
        """Show a new scene; `fit` (or the first scene) frames its routes."""
        self.scene = scene
        if scene is not None and (fit or not self._fitted):
            self.fit()
        self.update()

    def set_selected(self, household_ids: Iterable[int], reveal: bool = True) -> None:
        """Ring these households; `reveal` pans to the first one if it is off screen."""
        self.selected = set(household_ids)
        if reveal and self.scene is not None and self.selected:
            row = self.scene.index_of.get(next(iter(self.selected)))
            if row is not None:
                point = self.to_screen(*self.scene.xy[row])
                if not QRectF(self.rect()).adjusted(20, 20, -20, -20).contains(point):
                    self.centre = QPointF(*self.scene.xy[row])
        self.update()

    def set_focus_team(self, team_index: int | None) -> None:
        """Draw this team's route on top and the others lighter (None: all alike)."""
        self.focus_team = team_index
        self.update()

    # View ------------------------------------------------------------------------------

    def fit(self) -> None:
        """Frame the routes and the meeting point (every candidate while nothing is planned)."""
        self._frame(routes_only=True)

    def fit_all(self) -> None:
        """Frame every household still pending, the meeting point and the station."""
        self._frame(routes_only=False)

    def _frame(self, routes_only: bool) -> None:
        if self.scene is None:
            return
        left, bottom, right, top = self.scene.bounds(routes_only)
        width, height = max(right - left, 50.0), max(top - bottom, 50.0)
        margin = 36.0
        # Keep the bottom strip clear of the legend, so no stop hides behind it.
        legend = legend_rect(self, self.scene).height() + 10 if self.show_legend else 0.0
        # And the top strip clear of a diagram's caption.
        caption = self._caption_box().height() + 4 if self.scene.schematic else 0.0
        usable_w = max(self.width() - 2 * margin, 50.0)
        usable_h = max(self.height() - 2 * margin - legend - caption, 50.0)
        self.scale = _clamp(min(usable_w / width, usable_h / height))
        # The frame's middle sits halfway between the caption and the legend.
        shift = (legend - caption) / 2 / self.scale
        self.centre = QPointF((left + right) / 2, (bottom + top) / 2 - shift)
        self._fitted = True
        self.update()

    def zoom_by(self, factor: float, anchor: QPointF | None = None) -> None:
        """Zoom keeping the world point under `anchor` (default: the middle) in place."""
        anchor = anchor if anchor is not None else QPointF(self.width() / 2, self.height() / 2)
        before = self.to_world(anchor)
        self.scale = _clamp(self.scale * factor)
        after = self.to_world(anchor)
        self.centre += before - after
        self.update()

    def zoom_in(self) -> None:
        self.zoom_by(ZOOM_STEP)

    def zoom_out(self) -> None:
        self.zoom_by(1 / ZOOM_STEP)

    def to_screen(self, x: float, y: float) -> QPointF:
        return QPointF(
            self.width() / 2 + (x - self.centre.x()) * self.scale,
            self.height() / 2 - (y - self.centre.y()) * self.scale,
        )

    def to_world(self, point: QPointF) -> QPointF:
        return QPointF(
            self.centre.x() + (point.x() - self.width() / 2) / self.scale,
            self.centre.y() - (point.y() - self.height() / 2) / self.scale,
        )

    def household_at(self, point: QPointF) -> int | None:
        """The candidate household drawn nearest to a widget point, if close enough."""
        if self.scene is None or not len(self.scene.xy):
            return None
        screen = self._screen_points()
        distance = np.hypot(screen[:, 0] - point.x(), screen[:, 1] - point.y())
        row = int(np.argmin(distance))
        if distance[row] > max(HIT_PIXELS, STOP_RADIUS + 2):
            return None
        return int(self.scene.household_ids[row])

    def sizeHint(self) -> QSize:
        return QSize(640, 520)

    # Painting --------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), PAPER)
        if self.scene is None:
            self._paint_empty(painter)
            painter.end()
            return
        screen = self._screen_points()
        self._paint_background(painter)
        self._paint_streets(painter, self._label_obstacles(screen))
        self._paint_pending(painter, screen)
        self._paint_routes(painter)
        self._paint_stops(painter, screen)
        self._paint_markers(painter)
        self._paint_selection(painter, screen)
        # A diagram has no scale: its distances are house numbers, not metres.
        if self.scene.schematic != DIAGRAM_ALL:
            self._paint_scale_bar(painter)
        if self.scene.schematic:
            self._paint_diagram_caption(painter)
        if self.show_legend:
            self._paint_legend(painter)
        painter.end()

    def _screen_points(self) -> np.ndarray:
        assert self.scene is not None
        xy = self.scene.xy
        if not len(xy):
            return np.zeros((0, 2))
        sx = self.width() / 2 + (xy[:, 0] - self.centre.x()) * self.scale
        sy = self.height() / 2 - (xy[:, 1] - self.centre.y()) * self.scale
        return np.column_stack([sx, sy])

    def _visible(self, x: float, y: float, margin: float = 12.0) -> bool:
        return -margin <= x <= self.width() + margin and -margin <= y <= self.height() + margin

    def _paint_empty(self, painter: QPainter) -> None:
        painter.setPen(QColor("#6d6a62"))
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.15)
        painter.setFont(font)
        painter.drawText(
            QRectF(self.rect()).adjusted(40, 40, -40, -40),
            Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
            self.empty_text,
        )

    def _paint_background(self, painter: QPainter) -> None:
        scene = self.scene
        assert scene is not None
        if not len(scene.background):
            return
        size = 2.5 if self.scale > 0.6 else 1.8
        pen = QPen(BACKGROUND_DOT, size)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        sx = self.width() / 2 + (scene.background[:, 0] - self.centre.x()) * self.scale
        sy = self.height() / 2 - (scene.background[:, 1] - self.centre.y()) * self.scale
        inside = (sx > -4) & (sx < self.width() + 4) & (sy > -4) & (sy < self.height() + 4)
        painter.drawPoints(
            QPolygonF([QPointF(x, y) for x, y in zip(sx[inside], sy[inside], strict=True)])
        )

    def _label_obstacles(self, screen: np.ndarray) -> list[QPainterPath]:
        """What a street name must not cover: the stops, the routes' walks, the markers,
        the legend."""
        scene = self.scene
        assert scene is not None
        obstacles = []
        for row in np.flatnonzero(scene.team_index >= 0):
            box = QPainterPath()
            box.addEllipse(QPointF(*screen[row]), STOP_RADIUS + 1, STOP_RADIUS + 1)
            obstacles.append(box)
        stroker = QPainterPathStroker()
        stroker.setWidth(8)
        for route in scene.routes:
            if len(route.points) > 3:
                walk = QPainterPath()
                walk.addPolygon(QPolygonF([self.to_screen(x, y) for x, y in route.points[1:-1]]))
                obstacles.append(stroker.createStroke(walk))
        for point in (scene.meeting, scene.station):
            if point is not None:
                box = QPainterPath()
                box.addRect(QRectF(self.to_screen(*point) - QPointF(12, 22), QSize(26, 36)))
                obstacles.append(box)
        if self.show_legend:
            box = QPainterPath()
            box.addRect(legend_rect(self, scene))
            obstacles.append(box)
        if scene.schematic:
            box = QPainterPath()
            box.addRect(self._caption_box())
            obstacles.append(box)
        return obstacles

    def _paint_streets(self, painter: QPainter, placed: list[QPainterPath]) -> None:
        """Street names along the part of each street on screen, clear of each other, of
        the stops and of the markers."""
        scene = self.scene
        assert scene is not None
        font = QFont(self.font())
        font.setPixelSize(11)
        font.setItalic(True)
        metrics = QFontMetricsF(font)
        inside = QRectF(self.rect()).adjusted(2, 2, -2, -2)
        halo = QPen(QColor(255, 255, 255, 230), 3.2)
        halo.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        for label in scene.streets:
            anchor = self._street_anchor(label, metrics.horizontalAdvance(label.name))
            if anchor is None:
                continue
            width = metrics.horizontalAdvance(label.name)
            turn = QTransform().translate(anchor.x(), anchor.y()).rotate(-label.angle)
            box = QRectF(-width / 2 - 2, -metrics.height() / 2, width + 4, metrics.height())
            outline = QPainterPath()
            outline.addPolygon(turn.map(QPolygonF(box)))
            if not inside.contains(outline.boundingRect()) or any(
                outline.intersects(other) for other in placed
            ):
                continue
            placed.append(outline)
            text = QPainterPath()
            text.addText(-width / 2, metrics.ascent() - metrics.height() / 2, font, label.name)
            text = turn.map(text)
            painter.strokePath(text, halo)
            painter.fillPath(text, STREET_INK)

    def _street_anchor(self, label: StreetLabel, width: float) -> QPointF | None:
        """The middle household of the street's stretch on screen, if it is long enough
        there to carry its name."""
        sx = self.width() / 2 + (label.points[:, 0] - self.centre.x()) * self.scale
        sy = self.height() / 2 - (label.points[:, 1] - self.centre.y()) * self.scale
        margin = width / 2
        inside = (
            (sx > margin) & (sx < self.width() - margin) & (sy > 12) & (sy < self.height() - 12)
        )
        if inside.sum() < 2:
            return None
        along = label.points[inside] @ np.asarray(label.direction)
        if (along.max() - along.min()) * self.scale < 0.6 * width:
            return None
        middle = int(np.argmin(np.abs(along - np.median(along))))
        return QPointF(float(sx[inside][middle]), float(sy[inside][middle]))

    def _paint_pending(self, painter: QPainter, screen: np.ndarray) -> None:
        """Candidates no team takes tonight: grey dots (hollow dashed when estimated)."""
        scene = self.scene
        assert scene is not None
        grey = QColor(UNASSIGNED_COLOUR)
        radius = PENDING_RADIUS * min(1.3, max(0.7, self.scale**0.35))
        for row in np.flatnonzero(scene.team_index < 0):
            x, y = screen[row]
            if self._visible(x, y):
                estimated = scene.kinds[row] != LOCATED
                paint_pending(painter, QPointF(x, y), grey, estimated=estimated, radius=radius)

    def _route_alpha(self, team_index: int) -> int:
        if self.focus_team is None or self.focus_team == team_index:
            return 255
        return 120

    def _ordered_routes(self) -> list[MapRoute]:
        """The routes, the focused team's last so that it is drawn on top."""
        scene = self.scene
        assert scene is not None
        return sorted(scene.routes, key=lambda route: route.team_index == self.focus_team)

    def _paint_routes(self, painter: QPainter) -> None:
        for route in self._ordered_routes():
            if len(route.points) <= 2:
                continue
            colour = team_colour(route.team_index)
            colour.setAlpha(self._route_alpha(route.team_index))
            focused = route.team_index == self.focus_team
            width = 3.4 if focused else 2.4
            points = [self.to_screen(x, y) for x, y in route.points]
            walk = QPolygonF(points[1:-1])
            casing = QPen(QColor(255, 255, 255, 200), width + 2.4)
            casing.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            casing.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(casing)
            painter.drawPolyline(walk)
            pen = QPen(colour, width, team_pen_style(route.team_index))
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            painter.drawPolyline(walk)
            # Out from and back to the meeting point: thinner and dotted, as every route
            # shares them near the station.
            approach = QPen(colour, 1.4, Qt.PenStyle.DotLine)
            painter.setPen(approach)
            painter.drawLine(points[0], points[1])
            painter.drawLine(points[-2], points[-1])

    def _paint_stops(self, painter: QPainter, screen: np.ndarray) -> None:
        scene = self.scene
        assert scene is not None
        font = QFont(self.font())
        font.setPixelSize(9)
        font.setBold(True)
        painter.setFont(font)
        numbered: list[tuple[float, float]] = []
        for route in self._ordered_routes():
            colour = team_colour(route.team_index)
            colour.setAlpha(self._route_alpha(route.team_index))
            for number, household_id in enumerate(route.household_ids, start=1):
                row = scene.index_of[household_id]
                x, y = screen[row]
                if not self._visible(x, y):
                    continue
                room = all(math.hypot(x - px, y - py) >= 2 * STOP_RADIUS for px, py in numbered)
                paint_stop(
                    painter,
                    QPointF(x, y),
                    colour,
                    estimated=scene.kinds[row] != LOCATED,
                    locked=bool(scene.locked[row]),
                    number=number if room else None,
                    radius=STOP_RADIUS if room else STOP_RADIUS - 2.5,
                )
                if room:
                    numbered.append((x, y))

    def _paint_markers(self, painter: QPainter) -> None:
        scene = self.scene
        assert scene is not None
        if scene.station is not None:
            paint_station(painter, self.to_screen(*scene.station))
        meeting = self.to_screen(*scene.meeting)
        if scene.station is None and scene.meeting_label.startswith("Trụ sở"):
            paint_station(painter, meeting)
        else:
            paint_flag(painter, meeting)

    def _paint_selection(self, painter: QPainter, screen: np.ndarray) -> None:
        scene = self.scene
        assert scene is not None
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for household_id in self.selected:
            row = scene.index_of.get(household_id)
            if row is None:
                continue
            at = QPointF(*screen[row])
            painter.setPen(QPen(QColor(255, 255, 255, 230), 5))
            painter.drawEllipse(at, STOP_RADIUS + 5, STOP_RADIUS + 5)
            painter.setPen(QPen(QColor("#111111"), 2.2))
            painter.drawEllipse(at, STOP_RADIUS + 5, STOP_RADIUS + 5)

    def _paint_scale_bar(self, painter: QPainter) -> None:
        metres = _round_length(110 / self.scale)
        length = metres * self.scale
        right = self.width() - 16
        bottom = self.height() - 14
        label = f"{metres / 1000:g} km".replace(".", ",") if metres >= 1000 else f"{metres:g} m"
        painter.setPen(QPen(QColor("#333333"), 2))
        painter.drawLine(QPointF(right - length, bottom), QPointF(right, bottom))
        painter.drawLine(QPointF(right - length, bottom - 5), QPointF(right - length, bottom))
        painter.drawLine(QPointF(right, bottom - 5), QPointF(right, bottom))
        font = QFont(self.font())
        font.setPixelSize(11)
        painter.setFont(font)
        painter.drawText(
            QRectF(right - length, bottom - 20, length, 14), Qt.AlignmentFlag.AlignCenter, label
        )

    def diagram_caption(self) -> str:
        """What the caption says when (part of) the drawing is a diagram, not a map."""
        scene = self.scene
        if scene is None or not scene.schematic:
            return ""
        if scene.schematic == DIAGRAM_PART:
            return self.tr(
                "Bên phải: sơ đồ các hộ chưa có vị trí, không phải bản đồ (các phố xếp theo "
                "thứ tự chữ cái, nhà theo số; không theo tỉ lệ)."
            )
        return self.tr(
            "Sơ đồ theo địa chỉ, không phải bản đồ: các phố xếp theo thứ tự chữ cái, nhà theo "
            "số nhà; không có hướng bắc, không có tỉ lệ."
        )

    def _caption_font(self) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(12)
        return font

    def _caption_box(self) -> QRectF:
        """Where the diagram's caption goes: the map's top-left corner."""
        width = min(self.width() - 24.0, 460.0)
        bounds = QFontMetricsF(self._caption_font()).boundingRect(
            QRectF(0, 0, width - 16, 1000), int(Qt.TextFlag.TextWordWrap), self.diagram_caption()
        )
        return QRectF(12, 10, width, bounds.height() + 12)

    def _paint_diagram_caption(self, painter: QPainter) -> None:
        text = self.diagram_caption()
        painter.setFont(self._caption_font())
        box = self._caption_box()
        painter.setPen(QPen(QColor("#c9a64a"), 1))
        painter.setBrush(QColor(255, 248, 225, 235))
        painter.drawRoundedRect(box, 5, 5)
        painter.setPen(QColor("#4a3500"))
        painter.drawText(box.adjusted(8, 6, -8, -6), int(Qt.TextFlag.TextWordWrap), text)

    def _paint_legend(self, painter: QPainter) -> None:
        assert self.scene is not None
        paint_legend(painter, self, self.scene)

    # Interaction -----------------------------------------------------------------------

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_by(ZOOM_STEP**steps, event.position())
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position()
            self._press_centre = QPointF(self.centre)
            self._dragged = False
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            moved = event.position() - self._press
            if self._dragged or abs(moved.x()) + abs(moved.y()) > 4:
                self._dragged = True
                self.setCursor(Qt.CursorShape.ClosedHandCursor)
                self.centre = self._press_centre - QPointF(moved.x(), -moved.y()) / self.scale
                self.update()
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._press is not None:
            if not self._dragged:
                household_id = self.household_at(event.position())
                if household_id is not None:
                    self.household_clicked.emit(household_id)
            self._press = None
            self._dragged = False
            self.unsetCursor()
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if self.household_at(event.position()) is None:
            self.zoom_by(ZOOM_STEP * ZOOM_STEP, event.position())

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        household_id = self.household_at(QPointF(event.pos()))
        if household_id is not None:
            self.context_menu_requested.emit(household_id, event.globalPos())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        pan = 60 / self.scale
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom_out()
        elif key == Qt.Key.Key_Left:
            self.centre += QPointF(-pan, 0)
        elif key == Qt.Key.Key_Right:
            self.centre += QPointF(pan, 0)
        elif key == Qt.Key.Key_Up:
            self.centre += QPointF(0, pan)
        elif key == Qt.Key.Key_Down:
            self.centre += QPointF(0, -pan)
        else:
            super().keyPressEvent(event)
            return
        self.update()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            household_id = self.household_at(QPointF(event.pos()))
            if household_id is not None and self.describe is not None:
                QToolTip.showText(event.globalPos(), self.describe(household_id), self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def resizeEvent(self, event) -> None:
        if self.scene is not None and not self._fitted:
            self.fit()
        super().resizeEvent(event)


def _clamp(scale: float) -> float:
    return min(_MAX_SCALE, max(_MIN_SCALE, scale))


def _round_length(metres: float) -> float:
    """A round length near `metres` for the scale bar: 1, 2 or 5 times a power of ten."""
    power = 10 ** math.floor(math.log10(max(metres, 1e-6)))
    for step in (5, 2, 1):
        if step * power <= metres:
            return step * power
    return power
