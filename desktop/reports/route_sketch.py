"""The route map of a walk sheet: the team's part of the ward, its walk and numbered stops.

No map tiles (the desk is often offline). With a loaded street map the sketch draws
the walkable ways around the team's stops as thin grey lines with their names, and the
walk along the streets; without one, the stops with straight lines between them and a
few street names, as a diagram when the positions come from house numbers. Positions
are metres east and north of the meeting point, north up, with a scale bar.

Markers never hide each other: where stops crowd (ten households in one building),
the numbers move out around the spot with a thin leader line back to it
(desktop.reports.sketch_layout). A meeting point far from the stops would shrink the
route to a dot: then the stops fill the map and the meeting point sits on its edge.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from desktop.reports.fonts import SANS, font_name
from desktop.reports.sketch_layout import (
    Box,
    NamedLine,
    TextPlace,
    place_beside,
    place_markers,
    place_street_names,
)

ROUTE_COLOUR = colors.HexColor("#1f5fa8")
_MEETING_COLOUR = colors.HexColor("#b3261e")
_STREET_COLOUR = colors.HexColor("#a6a6a6")
_MAJOR_STREET_COLOUR = colors.HexColor("#8c8c8c")
_NAME_COLOUR = colors.HexColor("#3c3c3c")
_LEADER_COLOUR = colors.HexColor("#333333")

_PADDING = 7 * mm  # round the stops: room for markers that move out
_STOP_RADIUS = 3.0 * mm
_MARKER_GAP = 0.5 * mm
_DOT_RADIUS = 0.7 * mm
_MEETING_SIDE = 4 * mm
_STRIP = 6 * mm  # along the bottom: scale bar and notes
_NAME_SIZE = 7.5
_NAME_SPACING = 110 * mm
_ROOM_PER_NAME = 50 * mm * 20 * mm  # a crowded map names no more streets than fit so
# A sketch never shows less ground than this: with a map, enough streets round the stops
# to find the way in; without one, just the stops.
MAP_MIN_SPAN_M = 250.0
_MIN_SPAN_M = 80.0


@dataclass(frozen=True)
class SketchPoint:
    """A position in metres east and north of the meeting point."""

    x: float
    y: float


@dataclass(frozen=True)
class SketchLabel:
    """A street name written beside a stop (sketches without a map)."""

    x: float
    y: float
    text: str


@dataclass(frozen=True)
class SketchStreet:
    """A piece of a walkable way of the map, in metres from the meeting point."""

    name: str | None
    points: tuple[tuple[float, float], ...]
    major: bool = False


Polyline = tuple[tuple[float, float], ...]


def meeting_is_far(stops: Sequence[tuple[float, float]], min_span: float = _MIN_SPAN_M) -> bool:
    """Whether the meeting point is so far from the stops that showing both would
    shrink the route to a dot (it then goes on the sketch's edge)."""
    if not stops:
        return False
    xs = [x for x, _ in stops]
    ys = [y for _, y in stops]
    span = max(max(xs) - min(xs), max(ys) - min(ys), min_span)
    centre = ((max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2)
    return math.hypot(*centre) > 2.5 * span


def sketch_extent(stops: Sequence[tuple[float, float]], min_span: float = _MIN_SPAN_M) -> Box:
    """The metres a sketch must show: its stops, and the meeting point when it is near."""
    far = meeting_is_far(stops, min_span)
    points = list(stops) if far else [(0.0, 0.0), *stops]
    xs = [x for x, _ in points]
    ys = [y for _, y in points]
    centre_x, centre_y = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    half_w = max(max(xs) - min(xs), min_span) / 2
    half_h = max(max(ys) - min(ys), min_span) / 2
    return (centre_x - half_w, centre_y - half_h, centre_x + half_w, centre_y + half_h)


def streets_area(stops: Sequence[tuple[float, float]]) -> Box:
    """Where the streets a sketch with a map may show lie, whatever the shape of the
    page: the extent grown to a square three times its longer side."""
    x0, y0, x1, y1 = sketch_extent(stops, MAP_MIN_SPAN_M)
    half = 1.5 * max(x1 - x0, y1 - y0)
    centre_x, centre_y = (x0 + x1) / 2, (y0 + y1) / 2
    return (centre_x - half, centre_y - half, centre_x + half, centre_y + half)


@dataclass
class SketchLayout:
    """Where everything goes on the page (page units, origin at the sketch's corner)."""

    scale: float  # page units per metre
    meeting: tuple[float, float]
    meeting_far: bool
    numbers: list[int]  # the stops drawn, by their number on the sheet
    spots: list[tuple[float, float]]  # their true positions
    markers: list[tuple[float, float]]  # their numbered circles' centres
    route: list[np.ndarray]  # polylines
    # (points, major, name) of the map's ways that show
    streets: list[tuple[np.ndarray, bool, str | None]] = field(default_factory=list)
    names: list[TextPlace] = field(default_factory=list)
    labels: list[TextPlace] = field(default_factory=list)


class RouteSketch(Flowable):
    """Meeting point (square), stops numbered in walking order, the closed walk, and
    with a map the streets around them."""

    marker_radius = _STOP_RADIUS

    def __init__(
        self,
        width: float,
        height: float | None,
        stops: Sequence[SketchPoint | None],
        labels: Sequence[SketchLabel] = (),
        schematic: bool = False,
        streets: Sequence[SketchStreet] = (),
        legs: Sequence[Polyline] = (),
        colour: colors.Color = ROUTE_COLOUR,
    ) -> None:
        """`stops` in walking order (None: a stop with no place on the map, left out);
        `legs` the walk along the streets, meeting point → each drawn stop → meeting
        point (empty: straight lines); `height` None fills the frame's height."""
        super().__init__()
        self.width = width
        self.height = height or 0.0
        self._fill = height is None
        self.stops = list(stops)
        self.labels = list(labels)
        self.schematic = schematic
        self.streets = list(streets)
        self.legs = list(legs)
        self.colour = colour
        self._layout: SketchLayout | None = None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if self._fill and abs(available_height - self.height) > 0.01:
            self.height = available_height
            self._layout = None
        return self.width, self.height

    # --- Layout --------------------------------------------------------------------------

    @property
    def map_box(self) -> Box:
        """The part of the sketch that shows the ground (above the bottom strip)."""
        return (0.0, _STRIP, self.width, self.height)

    def layout(self) -> SketchLayout:
        if self._layout is None:
            self._layout = self._lay_out()
        return self._layout

    def _lay_out(self) -> SketchLayout:
        drawn = [(number, stop) for number, stop in enumerate(self.stops, 1) if stop is not None]
        metres = [(stop.x, stop.y) for _, stop in drawn]
        min_span = MAP_MIN_SPAN_M if self.streets else _MIN_SPAN_M
        far = meeting_is_far(metres, min_span)
        scale, origin = self._fit(sketch_extent(metres, min_span))

        def place(points: np.ndarray) -> np.ndarray:
            return origin + np.asarray(points, dtype=float).reshape(-1, 2) * scale

        spots = place(np.asarray(metres).reshape(-1, 2))
        route = [place(leg) for leg in self.legs if len(leg) >= 2]
        meeting = tuple(place(np.zeros((1, 2)))[0])
        if far:
            meeting = self._on_edge(meeting, route[0][::-1] if route else None)
        if not route and len(spots):
            route = [np.vstack([meeting, spots, meeting])]
        keep_clear = [self._meeting_box(meeting), self._north_box()]
        inner = self._inner_box()
        markers = place_markers(
            [tuple(spot) for spot in spots], _STOP_RADIUS, inner, _MARKER_GAP, keep_clear
        )
        layout = SketchLayout(
            scale=scale,
            meeting=(float(meeting[0]), float(meeting[1])),
            meeting_far=far,
            numbers=[number for number, _ in drawn],
            spots=[(float(x), float(y)) for x, y in spots],
            markers=markers,
            route=route,
        )
        layout.streets = self._visible_streets(place)
        circles = self._obstacles(layout)
        leaders = [
            np.array([spot, marker])
            for spot, marker in zip(layout.spots, markers, strict=True)
            if spot != marker
        ]
        layout.names = place_street_names(
            [NamedLine(name, points, major) for points, major, name in layout.streets if name],
            _name_width,
            _NAME_SIZE * 1.05,
            inner,
            circles,
            keep_clear,
            [*route, *leaders],
            spacing=_NAME_SPACING,
            step_out=2 * _STOP_RADIUS + 1 * mm,
            name_gap=1.5 * mm,
            most=int((inner[2] - inner[0]) * (inner[3] - inner[1]) / _ROOM_PER_NAME),
        )
        if self.labels:
            anchors = [
                (label.text, *place(np.array([[label.x, label.y]]))[0]) for label in self.labels
            ]
            layout.labels = place_beside(
                anchors, _name_width, _NAME_SIZE * 1.05, inner, circles, keep_clear,
                offset=_STOP_RADIUS + 0.6 * mm,
            )  # fmt: skip
        return layout

    def _fit(self, extent: Box) -> tuple[float, np.ndarray]:
        """Scale (page units per metre) and where metre (0, 0) falls on the page."""
        x0, y0, x1, y1 = extent
        inner_w = self.width - 2 * _PADDING
        inner_h = self.height - _STRIP - 2 * _PADDING
        scale = min(inner_w / (x1 - x0), inner_h / (y1 - y0))
        centre = np.array([(x0 + x1) / 2, (y0 + y1) / 2])
        middle = np.array([self.width / 2, _STRIP + (self.height - _STRIP) / 2])
        return scale, middle - centre * scale

    def _inner_box(self) -> Box:
        x0, y0, x1, y1 = self.map_box
        return (x0 + 1 * mm, y0 + 1 * mm, x1 - 1 * mm, y1 - 1 * mm)

    def _on_edge(
        self, place: tuple[float, float], leg_back: np.ndarray | None
    ) -> tuple[float, float]:
        """Where the meeting point goes on the edge: where the walk to it leaves the map,
        else in its direction from the middle."""
        x0, y0, x1, y1 = self._inner_box()
        x0, y0, x1, y1 = x0 + 2 * mm, y0 + 2 * mm, x1 - 2 * mm, y1 - 2 * mm
        if leg_back is not None:
            for here, there in zip(leg_back[:-1], leg_back[1:], strict=True):
                if not (x0 <= there[0] <= x1 and y0 <= there[1] <= y1):
                    return _leave_box(here, there, (x0, y0, x1, y1))
        centre_x, centre_y = (x0 + x1) / 2, (y0 + y1) / 2
        dx, dy = place[0] - centre_x, place[1] - centre_y
        factor = min(
            (x1 - centre_x) / abs(dx) if dx else math.inf,
            (y1 - centre_y) / abs(dy) if dy else math.inf,
        )
        return (centre_x + dx * factor, centre_y + dy * factor)

    def _meeting_box(self, meeting: Sequence[float]) -> Box:
        half = _MEETING_SIDE / 2 + 0.3 * mm
        return (meeting[0] - half, meeting[1] - half, meeting[0] + half, meeting[1] + half)

    def _north_box(self) -> Box:
        if self.schematic:
            return (0.0, 0.0, 0.0, 0.0)
        return (self.width - 9 * mm, self.height - 10 * mm, self.width - 3 * mm, self.height)

    def _visible_streets(self, place) -> list[tuple[np.ndarray, bool, str | None]]:
        x0, y0, x1, y1 = self.map_box
        shown = []
        for street in self.streets:
            points = place(np.asarray(street.points, dtype=float))
            if len(points) < 2:
                continue
            low, high = points.min(axis=0), points.max(axis=0)
            if high[0] < x0 or low[0] > x1 or high[1] < y0 or low[1] > y1:
                continue
            shown.append((points, street.major, street.name))
        return shown

    def _obstacles(self, layout: SketchLayout) -> np.ndarray:
        """(m, 3) circles a name must keep off: the markers and the stops' true spots."""
        markers = [(x, y, _STOP_RADIUS + 0.4 * mm) for x, y in layout.markers]
        spots = [(x, y, _DOT_RADIUS + 0.3 * mm) for x, y in layout.spots]
        return np.asarray([*markers, *spots], dtype=float).reshape(-1, 3)

    # --- Drawing -------------------------------------------------------------------------

    def draw(self) -> None:
        canvas: Canvas = self.canv
        layout = self.layout()
        canvas.saveState()
        canvas.setStrokeColor(colors.grey)
        canvas.setLineWidth(0.6)
        canvas.rect(0, 0, self.width, self.height)
        canvas.saveState()
        clip = canvas.beginPath()
        x0, y0, x1, y1 = self.map_box
        clip.rect(x0, y0, x1 - x0, y1 - y0)
        canvas.clipPath(clip, stroke=0, fill=0)
        self._draw_streets(canvas, layout)
        self._draw_route(canvas, layout)
        self._draw_leaders(canvas, layout)
        self._draw_names(canvas, [*layout.names, *layout.labels])
        self._draw_markers(canvas, layout)
        self._draw_meeting_point(canvas, layout.meeting)
        canvas.restoreState()
        canvas.setStrokeColor(colors.grey)
        canvas.setLineWidth(0.6)
        canvas.line(0, _STRIP, self.width, _STRIP)
        if layout.meeting_far:
            self._draw_meeting_distance(canvas)
        self._draw_scale(canvas, layout.scale)
        canvas.restoreState()

    def _draw_streets(self, canvas: Canvas, layout: SketchLayout) -> None:
        canvas.setLineCap(1)
        canvas.setLineJoin(1)
        for major in (False, True):
            pieces = [points for points, is_major, _ in layout.streets if is_major == major]
            if not pieces:
                continue
            canvas.setStrokeColor(_MAJOR_STREET_COLOUR if major else _STREET_COLOUR)
            canvas.setLineWidth(1.3 if major else 0.7)
            _stroke(canvas, pieces)

    def _draw_route(self, canvas: Canvas, layout: SketchLayout) -> None:
        canvas.setStrokeColor(self.colour)
        canvas.setLineWidth(1.6)
        canvas.setLineCap(1)
        canvas.setLineJoin(1)
        _stroke(canvas, layout.route)

    def _draw_leaders(self, canvas: Canvas, layout: SketchLayout) -> None:
        """A thin line from each moved number back to its stop, and a dot on the stop."""
        canvas.setStrokeColor(_LEADER_COLOUR)
        canvas.setLineWidth(0.5)
        for (x, y), (mx, my) in zip(layout.spots, layout.markers, strict=True):
            if (x, y) != (mx, my):
                canvas.line(x, y, mx, my)
        canvas.setFillColor(self.colour)
        for x, y in layout.spots:
            canvas.circle(x, y, _DOT_RADIUS, stroke=0, fill=1)

    def _draw_markers(self, canvas: Canvas, layout: SketchLayout) -> None:
        canvas.setLineWidth(0.9)
        for number, (x, y) in zip(layout.numbers, layout.markers, strict=True):
            canvas.setStrokeColor(self.colour)
            canvas.setFillColor(colors.white)
            canvas.circle(x, y, _STOP_RADIUS, stroke=1, fill=1)
            canvas.setFillColor(colors.black)
            size = 8.5 if number < 10 else 7.5 if number < 100 else 6.2
            canvas.setFont(font_name(SANS, bold=True), size)
            canvas.drawCentredString(x, y - size * 0.35, str(number))

    def _draw_names(self, canvas: Canvas, places: list[TextPlace]) -> None:
        """Street names on a white ground, so a line crossing them does not blur them."""
        face = font_name(SANS, italic=True)
        for place in places:
            width = stringWidth(place.text, face, _NAME_SIZE)
            canvas.saveState()
            canvas.translate(place.x, place.y)
            canvas.rotate(math.degrees(place.angle))
            canvas.setFillColor(colors.white)
            ground = _NAME_SIZE * 0.42
            canvas.rect(-width / 2 - 0.5, -ground, width + 1, 2 * ground, stroke=0, fill=1)
            canvas.setFillColor(_NAME_COLOUR)
            canvas.setFont(face, _NAME_SIZE)
            canvas.drawString(-width / 2, -_NAME_SIZE * 0.33, place.text)
            canvas.restoreState()

    def _draw_meeting_point(self, canvas: Canvas, place: tuple[float, float]) -> None:
        side = _MEETING_SIDE
        canvas.setFillColor(_MEETING_COLOUR)
        canvas.rect(place[0] - side / 2, place[1] - side / 2, side, side, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        canvas.setFont(font_name(SANS, bold=True), 6.5)
        canvas.drawCentredString(place[0], place[1] - 2.2, "TT")

    def _draw_meeting_distance(self, canvas: Canvas) -> None:
        """In the bottom strip: how far the meeting point (drawn on the edge) really is."""
        number, first = next((n, stop) for n, stop in enumerate(self.stops, 1) if stop)
        if self.legs:
            leg = np.asarray(self.legs[0], dtype=float)
            metres = float(np.hypot(*np.diff(leg, axis=0).T).sum())
            how = f"đi bộ đến hộ {number}"
        else:
            metres = math.hypot(first.x, first.y)
            how = f"cách hộ {number}"
        text = f"TT: điểm tập trung, {how} khoảng {metres / 1000:.1f} km".replace(".", ",")
        canvas.setFont(font_name(SANS, bold=True), 6.5)
        canvas.setFillColor(_MEETING_COLOUR)
        canvas.drawRightString(self.width - 3 * mm, 2.2 * mm, text)

    def _draw_scale(self, canvas: Canvas, scale: float) -> None:
        """A scale bar in the bottom strip, left, and the north arrow; a diagram says it
        is one instead."""
        canvas.setFillColor(colors.black)
        canvas.setFont(font_name(SANS), 6.5)
        if self.schematic:
            canvas.drawString(
                3 * mm, 2.2 * mm, "Sơ đồ theo tên phố và số nhà: không đúng tỉ lệ, không chỉ hướng"
            )
            return
        metres = _round_length(25 * mm / scale)
        length = metres * scale
        x, y = 3 * mm, 3 * mm
        canvas.setStrokeColor(colors.black)
        canvas.setLineWidth(1)
        canvas.line(x, y, x + length, y)
        canvas.line(x, y - 1, x, y + 2)
        canvas.line(x + length, y - 1, x + length, y + 2)
        canvas.drawString(x + length + 3, y - 2, f"{metres:g} m")
        self._draw_north(canvas)

    def _draw_north(self, canvas: Canvas) -> None:
        """A small arrow pointing up with "Bắc" under it (the font has no arrow glyph)."""
        x, top = self.width - 6 * mm, self.height - 2.5 * mm
        arrow = canvas.beginPath()
        arrow.moveTo(x, top)
        arrow.lineTo(x - 1.6 * mm, top - 3.5 * mm)
        arrow.lineTo(x + 1.6 * mm, top - 3.5 * mm)
        arrow.close()
        canvas.setFillColor(colors.black)
        canvas.drawPath(arrow, stroke=0, fill=1)
        canvas.setFont(font_name(SANS), 6.5)
        canvas.drawCentredString(x, top - 6.5 * mm, "Bắc")


def _stroke(canvas: Canvas, lines: Sequence[np.ndarray]) -> None:
    """Every polyline in one path (one PDF operator per point, not per line)."""
    path = canvas.beginPath()
    for line in lines:
        path.moveTo(float(line[0][0]), float(line[0][1]))
        for x, y in line[1:]:
            path.lineTo(float(x), float(y))
    canvas.drawPath(path, stroke=1, fill=0)


def _leave_box(inside: np.ndarray, outside: np.ndarray, box: Box) -> tuple[float, float]:
    """Where the segment from a point inside the box to one outside crosses its edge."""
    x0, y0, x1, y1 = box
    dx, dy = outside[0] - inside[0], outside[1] - inside[1]
    limits = []
    if dx:
        limits.append(((x1 if dx > 0 else x0) - inside[0]) / dx)
    if dy:
        limits.append(((y1 if dy > 0 else y0) - inside[1]) / dy)
    fraction = min(max(min(limits), 0.0), 1.0) if limits else 0.0
    return (float(inside[0] + dx * fraction), float(inside[1] + dy * fraction))


def _name_width(text: str) -> float:
    return stringWidth(text, font_name(SANS, italic=True), _NAME_SIZE)


def _round_length(metres: float) -> float:
    """A tidy length for a scale bar no longer than `metres`: 1, 2 or 5 times a power of 10."""
    if metres <= 1:
        return 1.0
    power = 10 ** int(f"{metres:e}".split("e")[1])
    for step in (5, 2, 1):
        if step * power <= metres:
            return float(step * power)
    return float(power)
