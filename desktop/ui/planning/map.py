"""The planning map: households as points, the teams' numbered routes, the streets.

No tiles (the desk is often offline): with a loaded map its streets are drawn under
everything, named along their line (map_streets.py, map_names.py), and each route follows them;
without one, the ward is drawn from the households themselves, street names written
along their houses and routes as straight lines. Households still pending are larger
filled dots (grey until a team takes them), the ward's other households faint specks;
a position `map locate` estimated and no officer confirmed is a hollow ring, a
household placed without coordinates a hollow dashed ring. Each route runs from the
meeting point and back in its team's colour, its stops numbered. Wheel or +/- zooms,
dragging pans, `fit()` shows all. Hovering a point tells its address, head and pending
services; clicking it asks the window to select it in the lists.

Placing by hand (when the window sets `can_place`): dragging a household's point moves
it, in placing mode (`start_placing`) the next click puts the household there, and the
arrow keys nudge the one selected point by 1 m (Shift: 10 m); each ends in one
`household_placed(id, x, y)` for the window to save. Esc cancels a drag or the mode.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import replace

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFocusEvent,
    QFont,
    QFontMetricsF,
    QImage,
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
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from desktop.ui.planning.map_legend import legend_rect, paint_legend
from desktop.ui.planning.map_names import LabelSpace, WrittenName
from desktop.ui.planning.map_scene import (
    DIAGRAM_ALL,
    DIAGRAM_PART,
    LOCATED,
    MapRoute,
    MapScene,
    StreetLabel,
)
from desktop.ui.planning.map_streets import StreetLayer, world_to_screen
from desktop.ui.planning.map_symbols import (
    BACKGROUND_DOT,
    PAPER,
    PENDING_RADIUS,
    STOP_RADIUS,
    paint_flag,
    paint_pending,
    paint_pending_dots,
    paint_station,
    paint_stop,
)
from desktop.ui.planning.palette import UNASSIGNED_COLOUR, team_colour, team_pen_style

STREET_INK = QColor("#5b5850")
HIT_PIXELS = 9.0
ZOOM_STEP = 1.25
# Arrow keys nudge the selected marker this far (Shift: NUDGE_FAR_M); the burst is
# saved once the keys rest this long.
NUDGE_M, NUDGE_FAR_M = 1.0, 10.0
NUDGE_PAUSE_MS = 700
_ARROWS = {
    Qt.Key.Key_Left: (-1, 0),
    Qt.Key.Key_Right: (1, 0),
    Qt.Key.Key_Up: (0, 1),
    Qt.Key.Key_Down: (0, -1),
}
_MIN_SCALE, _MAX_SCALE = 0.02, 40.0  # pixels per metre
# From this close (pixels per metre) street names keep clear of the households' dots,
# which stand apart from the street by then; further out they are written over them.
NAMES_CLEAR_OF_HOUSES_FROM = 1.0


class RouteMap(QWidget):
    """A pannable, zoomable drawing of the night's plan."""

    household_clicked = Signal(int)  # a household's point was clicked
    context_menu_requested = Signal(int, QPoint)  # household id, global position
    # Placing by hand (can_place): a marker dropped, a click in placing mode, or the
    # end of a burst of arrow-key nudges: household id, metres east and north.
    household_placed = Signal(int, float, float)
    placing_changed = Signal(object)  # the household the next click places, None: over
    map_menu_requested = Signal(QPointF, QPoint)  # right-click off the points: world, global

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
        self._street_layer: StreetLayer | None = None  # the scene's map, ready to paint
        self._route_paths: tuple[MapScene, list[tuple[int, QPainterPath, QPainterPath]]] | None = (
            None
        )
        # The streets and their names as last painted, for the view they were painted for:
        # a repaint that changes no view (hover, selection, a marker dragged) reuses them.
        self._map_picture: tuple[StreetLayer | None, tuple, QImage, QImage] | None = None
        self.street_names: list[WrittenName] = []  # the names the map wrote last
        # Placing by hand: the window allows it when the drawing's metres are real ones.
        self.can_place = False
        self.placing_id: int | None = None  # "Đặt vị trí hộ đã chọn": the next click
        self._grabbed: int | None = None  # the household whose marker was pressed
        self._grab_offset = QPointF()  # press point − marker, so the marker does not jump
        self._grab_start: tuple[float, float] | None = None  # where the marker was
        self._moving = False  # the marker follows the mouse
        self._nudged: int | None = None  # the household moved by the arrow keys
        self._nudge_timer = QTimer(self)
        self._nudge_timer.setSingleShot(True)
        self._nudge_timer.setInterval(NUDGE_PAUSE_MS)
        self._nudge_timer.timeout.connect(self.commit_nudge)

    # Content ---------------------------------------------------------------------------

    def set_scene(self, scene: MapScene | None, fit: bool = False) -> None:
        """Show a new scene; `fit` (or the first scene) frames its routes."""
        # A move not saved yet goes with the old scene; the window redraws only after a
        # user action, and pressing elsewhere or leaving the map saves a move first.
        self._nudge_timer.stop()
        self._nudged = None
        self._release_grab()
        self.scene = scene
        streets = scene.map_streets if scene is not None else None
        layer = self._street_layer
        self._map_picture = None  # new stops and walks: the names are placed again
        if streets is None:
            self._street_layer = None
            self.street_names = []
        elif layer is None or layer.streets is not streets:
            self._street_layer = StreetLayer(streets)
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
        streets, names = self._map_layers(screen) if self._street_layer else (None, None)
        if streets is not None:
            painter.drawImage(QPointF(0, 0), streets)  # the map's streets under everything
        self._paint_background(painter)
        if self._street_layer is None:
            self._paint_streets(painter, self._label_obstacles(screen))
        self._paint_pending(painter, screen)
        if names is not None:
            # Over the households: zoomed out they are a texture the names must read
            # through; close up the names keep clear of them.
            painter.drawImage(QPointF(0, 0), names)
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
        # Close up, a position only estimated is a ring (further out, rings are specks).
        rings = inside & _flags(scene.background_unconfirmed, len(sx)) & (self.scale >= 0.8)
        dots = inside & ~rings
        painter.drawPoints(
            QPolygonF([QPointF(x, y) for x, y in zip(sx[dots], sy[dots], strict=True)])
        )
        if rings.any():
            painter.setPen(QPen(BACKGROUND_DOT.darker(115), 1.0))
            painter.setBrush(PAPER)
            for x, y in zip(sx[rings], sy[rings], strict=True):
                painter.drawEllipse(QPointF(x, y), 2.2, 2.2)

    def _view(self) -> QTransform:
        """Metres east and north → the widget's pixels."""
        return world_to_screen(self.width(), self.height(), self.centre, self.scale)

    def _visible_world(self, margin: float = 20.0) -> QRectF:
        """The metres on screen (y north), with `margin` pixels around."""
        half_w = (self.width() / 2 + margin) / self.scale
        half_h = (self.height() / 2 + margin) / self.scale
        return QRectF(self.centre.x() - half_w, self.centre.y() - half_h, 2 * half_w, 2 * half_h)

    def _map_layers(self, screen: np.ndarray) -> tuple[QImage, QImage]:
        """The streets, and their names, for the current view: painted again only when
        the view, the size or the scene (set_scene) changed."""
        ratio = self.devicePixelRatioF()
        view = (self.scale, self.centre.x(), self.centre.y(), self.width(), self.height(),
                ratio, self.show_legend)  # fmt: skip
        # Kept across the scenes a dragged marker makes (set_scene starts afresh): names
        # placed around its old position until it is dropped do no harm.
        cached = self._map_picture
        if cached is not None and cached[0] is self._street_layer and cached[1] == view:
            return cached[2], cached[3]
        streets, names = self._picture(ratio, PAPER), self._picture(ratio, QColor(0, 0, 0, 0))
        painter = QPainter(streets)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paint_map_streets(painter)
        painter.end()
        painter = QPainter(names)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paint_street_names(painter, screen)
        painter.end()
        self._map_picture = (self._street_layer, view, streets, names)
        return streets, names

    def _picture(self, ratio: float, colour: QColor) -> QImage:
        image = QImage(
            max(1, round(self.width() * ratio)),
            max(1, round(self.height() * ratio)),
            QImage.Format.Format_ARGB32_Premultiplied,
        )
        image.setDevicePixelRatio(ratio)
        image.fill(colour)
        return image

    def _paint_map_streets(self, painter: QPainter) -> None:
        """The loaded map's ways under everything, as wide as their kind."""
        assert self._street_layer is not None
        self._street_layer.paint(painter, self._view(), self._visible_world())

    def _paint_street_names(self, painter: QPainter, screen: np.ndarray) -> None:
        """The map's street names along their streets, clear of the stops, markers,
        routes, legend and each other, and close up of the households' dots too."""
        assert self._street_layer is not None
        space = self._label_space(screen)
        font = QFont(self.font())
        font.setPixelSize(11)
        self.street_names = self._street_layer.names.paint(
            painter, font, self._view(), self._visible_world(), space
        )
        space.close()

    def _label_space(self, screen: np.ndarray) -> LabelSpace:
        scene = self.scene
        assert scene is not None
        space = LabelSpace(self.width(), self.height())
        inside = (
            (screen[:, 0] > -20)
            & (screen[:, 0] < self.width() + 20)
            & (screen[:, 1] > -20)
            & (screen[:, 1] < self.height() + 20)
        )
        space.block_points(screen[inside & (scene.team_index >= 0)], STOP_RADIUS + 2)
        if self.scale >= NAMES_CLEAR_OF_HOUSES_FROM:
            space.block_points(screen[inside & (scene.team_index < 0)], PENDING_RADIUS + 1.5)
        view = self._view()
        for _, walk, approach in self._routes_in_metres():
            space.block_path(walk, view, 8.0)
            space.block_path(approach, view, 4.0)
        for point in (scene.meeting, scene.station):
            if point is not None:
                space.block_rect(QRectF(self.to_screen(*point) - QPointF(13, 23), QSize(30, 38)))
        if self.show_legend:
            space.block_rect(legend_rect(self, scene))
        if scene.schematic:
            space.block_rect(self._caption_box())
        if scene.schematic != DIAGRAM_ALL:
            space.block_rect(QRectF(self.width() - 150, self.height() - 40, 150, 40))
        return space

    def _routes_in_metres(self) -> list[tuple[int, QPainterPath, QPainterPath]]:
        """Per route (focused team last): its team, its walk from the first stop to the
        last and its walks out and back, as paths in metres (made once per scene)."""
        scene = self.scene
        assert scene is not None
        if self._route_paths is None or self._route_paths[0] is not scene:
            paths = []
            for route in scene.routes:
                if len(route.points) <= 2:
                    continue
                walk = QPainterPath()
                walk.addPolygon(_polygon(route.walk()))
                approach = QPainterPath()
                for leg in (route.legs[0], route.legs[-1]):
                    approach.addPolygon(_polygon(leg))
                paths.append((route.team_index, walk, approach))
            self._route_paths = (scene, paths)
        focus = self.focus_team
        return sorted(self._route_paths[1], key=lambda entry: entry[0] == focus)

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
                walk.addPolygon(QPolygonF([self.to_screen(x, y) for x, y in route.walk()]))
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
        """Candidates no team takes tonight: grey dots, rings when `map locate` estimated
        them, dashed rings without coordinates (the dots all at once: a ward has
        thousands)."""
        scene = self.scene
        assert scene is not None
        grey = QColor(UNASSIGNED_COLOUR)
        radius = PENDING_RADIUS * min(1.3, max(0.5, self.scale**0.35))
        margin = 12.0
        shown = (
            (scene.team_index < 0)
            & (screen[:, 0] >= -margin)
            & (screen[:, 0] <= self.width() + margin)
            & (screen[:, 1] >= -margin)
            & (screen[:, 1] <= self.height() + margin)
        )
        located = np.asarray([kind == LOCATED for kind in scene.kinds], dtype=bool)
        unconfirmed = _flags(scene.unconfirmed, len(screen))
        for flag in (False, True):
            rows = shown & located & (unconfirmed == flag)
            paint_pending_dots(painter, screen[rows], grey, unconfirmed=flag, radius=radius)
        for row in np.flatnonzero(shown & ~located):
            paint_pending(painter, QPointF(*screen[row]), grey, estimated=True, radius=radius)

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
        """Each route from the first stop to the last in its team's colour (along the
        streets with a map), the walks out from and back to the meeting point thinner."""
        painter.save()
        painter.setWorldTransform(self._view())
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for team_index, walk, approach in self._routes_in_metres():
            colour = team_colour(team_index)
            colour.setAlpha(self._route_alpha(team_index))
            focused = team_index == self.focus_team
            width = 3.4 if focused else 2.4
            casing = _cosmetic_pen(QColor(255, 255, 255, 200), width + 2.4)
            painter.setPen(casing)
            painter.drawPath(walk)
            pen = _cosmetic_pen(colour, width, team_pen_style(team_index))
            painter.setPen(pen)
            painter.drawPath(walk)
            # Out from and back to the meeting point: thinner and dotted, as every route
            # shares them near the station.
            painter.setPen(_cosmetic_pen(colour, 1.4, Qt.PenStyle.DotLine))
            painter.drawPath(approach)
        painter.restore()

    def _paint_stops(self, painter: QPainter, screen: np.ndarray) -> None:
        scene = self.scene
        assert scene is not None
        font = QFont(self.font())
        font.setPixelSize(9)
        font.setBold(True)
        painter.setFont(font)
        numbered: list[tuple[float, float]] = []
        unconfirmed = _flags(scene.unconfirmed, len(screen))
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
                    unconfirmed=bool(unconfirmed[row]),
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
            self.commit_nudge()
            self._press = event.position()
            self._press_centre = QPointF(self.centre)
            self._dragged = False
            self._grab(event.position())
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            moved = event.position() - self._press
            if self._grabbed is not None:
                # A marker moves only past the system's drag distance, never on a jitter.
                if self._moving or moved.manhattanLength() >= QApplication.startDragDistance():
                    if not self._moving:
                        self._moving = True
                        self.selected = {self._grabbed}  # ringed while it moves
                    self.setCursor(Qt.CursorShape.ClosedHandCursor)
                    where = self.to_world(event.position()) - self._grab_offset
                    self._move_marker(self._grabbed, where.x(), where.y())
            elif self._dragged or abs(moved.x()) + abs(moved.y()) > 4:
                self._dragged = True
                self.setCursor(Qt.CursorShape.ClosedHandCursor)
                self.centre = self._press_centre - QPointF(moved.x(), -moved.y()) / self.scale
                self.update()
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._press is not None:
            grabbed, moving, dragged = self._grabbed, self._moving, self._dragged
            self._press = None
            self._dragged = False
            self._release_grab()
            self._show_mode_cursor()
            if moving and grabbed is not None:
                self._emit_placed(grabbed)
            elif not dragged and self.placing_id is not None:
                household_id = self.placing_id
                self._end_placing()
                where = self.to_world(event.position())
                self.household_placed.emit(household_id, where.x(), where.y())
            elif not dragged:
                household_id = self.household_at(event.position())
                if household_id is not None:
                    self.household_clicked.emit(household_id)
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if self.household_at(event.position()) is None:
            self.zoom_by(ZOOM_STEP * ZOOM_STEP, event.position())

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        household_id = self.household_at(QPointF(event.pos()))
        if household_id is not None:
            self.context_menu_requested.emit(household_id, event.globalPos())
        else:
            self.map_menu_requested.emit(self.to_world(QPointF(event.pos())), event.globalPos())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        modifiers = event.modifiers()
        if key == Qt.Key.Key_Escape and (self._moving or self.placing_id is not None):
            self.cancel_placing()
            return
        steps = _ARROWS
        # Arrows move the one selected marker; Ctrl+arrows (or no single selection) pan.
        nudged = None if modifiers & Qt.KeyboardModifier.ControlModifier else self._nudgeable()
        if key in steps and nudged is not None:
            far = bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
            self.nudge(nudged, steps[key], NUDGE_FAR_M if far else NUDGE_M)
            return
        pan = 60 / self.scale
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom_out()
        elif key in steps:
            self.centre += QPointF(steps[key][0] * pan, steps[key][1] * pan)
        else:
            super().keyPressEvent(event)
            return
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.commit_nudge()
        super().focusOutEvent(event)

    # Placing by hand ---------------------------------------------------------------------

    def start_placing(self, household_id: int) -> None:
        """The next click on the map places this household (Esc: not now)."""
        self.commit_nudge()
        self.placing_id = household_id
        self._show_mode_cursor()
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        self.placing_changed.emit(household_id)

    def cancel_placing(self) -> None:
        """Leave placing mode, and put a marker being dragged back where it was."""
        if self._moving and self._grabbed is not None and self._grab_start is not None:
            self._move_marker(self._grabbed, *self._grab_start)
        self._press = None
        self._dragged = False
        self._release_grab()
        if self.placing_id is not None:
            self._end_placing()
        self._show_mode_cursor()

    def nudge(self, household_id: int, direction: tuple[int, int], metres: float) -> None:
        """Move a marker by `metres` east/north at once; saved when the keys rest."""
        scene = self.scene
        row = scene.index_of.get(household_id) if scene is not None else None
        if row is None:
            return
        if self._nudged is not None and self._nudged != household_id:
            self.commit_nudge()
        self._nudged = household_id
        x, y = self.scene.xy[row]
        self._move_marker(household_id, x + direction[0] * metres, y + direction[1] * metres)
        self._nudge_timer.start()

    def commit_nudge(self) -> None:
        """Save the arrow keys' moves now (one change for the whole burst)."""
        self._nudge_timer.stop()
        household_id, self._nudged = self._nudged, None
        if household_id is not None:
            self._emit_placed(household_id)

    def marker_position(self, household_id: int) -> tuple[float, float] | None:
        """Where a household's marker is drawn now, in metres (None when not drawn)."""
        row = self.scene.index_of.get(household_id) if self.scene is not None else None
        if row is None:
            return None
        x, y = self.scene.xy[row]
        return float(x), float(y)

    def _grab(self, point: QPointF) -> None:
        """A press on a marker may become a drag of it (not in placing mode)."""
        self._release_grab()
        if not self.can_place or self.placing_id is not None or self.scene is None:
            return
        household_id = self.household_at(point)
        if household_id is None:
            return
        start = self.marker_position(household_id)
        assert start is not None
        self._grabbed = household_id
        self._grab_start = start
        self._grab_offset = self.to_world(point) - QPointF(*start)

    def _release_grab(self) -> None:
        self._grabbed = None
        self._grab_start = None
        self._moving = False

    def _nudgeable(self) -> int | None:
        """The one selected household the arrow keys move, if any."""
        if not self.can_place or self.scene is None or len(self.selected) != 1:
            return None
        household_id = next(iter(self.selected))
        return household_id if household_id in self.scene.index_of else None

    def _move_marker(self, household_id: int, x: float, y: float) -> None:
        """Draw a household's marker, and its route's walk, at (x, y) until the window
        redraws the plan."""
        scene = self.scene
        assert scene is not None
        xy = np.array(scene.xy, dtype=float, copy=True)
        xy[scene.index_of[household_id]] = (x, y)
        routes = tuple(_stop_moved(route, household_id, (x, y)) for route in scene.routes)
        # A new scene object: what is kept for painting one scene is worked out afresh.
        self.scene = replace(scene, xy=xy, routes=routes)
        self.update()

    def _emit_placed(self, household_id: int) -> None:
        where = self.marker_position(household_id)
        if where is not None:
            self.household_placed.emit(household_id, *where)

    def _end_placing(self) -> None:
        self.placing_id = None
        self.placing_changed.emit(None)

    def _show_mode_cursor(self) -> None:
        if self.placing_id is not None:
            self.setCursor(Qt.CursorShape.CrossCursor)
        else:
            self.unsetCursor()

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


def _flags(values: np.ndarray, count: int) -> np.ndarray:
    """A scene's per-point flags, all False when the scene has none."""
    return values if len(values) == count else np.zeros(count, dtype=bool)


def _polygon(points: np.ndarray) -> QPolygonF:
    return QPolygonF([QPointF(float(x), float(y)) for x, y in points])


def _cosmetic_pen(colour: QColor, width: float, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    """A pen `width` pixels wide whatever the painter's scale (paths are in metres)."""
    pen = QPen(colour, width, style)
    pen.setCosmetic(True)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


def _stop_moved(route: MapRoute, household_id: int, point: tuple[float, float]) -> MapRoute:
    """The route with a stop drawn at `point`, straight to and from it (its walk along
    the streets is worked out when the window redraws the plan)."""
    if household_id not in route.household_ids:
        return route
    at = route.household_ids.index(household_id) + 1  # points[0] is the meeting point
    points = list(route.points)
    points[at] = point
    legs = list(route.legs)
    if len(legs) == len(points) - 1:
        legs[at - 1] = np.asarray([points[at - 1], point], dtype=float)
        legs[at] = np.asarray([point, points[at + 1]], dtype=float)
    return replace(route, points=tuple(points), legs=tuple(legs))


def _clamp(scale: float) -> float:
    return min(_MAX_SCALE, max(_MIN_SCALE, scale))


def _round_length(metres: float) -> float:
    """A round length near `metres` for the scale bar: 1, 2 or 5 times a power of ten."""
    power = 10 ** math.floor(math.log10(max(metres, 1e-6)))
    for step in (5, 2, 1):
        if step * power <= metres:
            return step * power
    return power
