"""A small route sketch for a walk sheet: the meeting point, numbered stops, the walk.

No map tiles (the desk is often offline): positions in metres, north up, with a
scale bar and a few street names, enough for a team to see which way to set off.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from desktop.reports.fonts import SANS, font_name

_PADDING = 5 * mm
_STOP_RADIUS = 2.6 * mm
_STRIP = 6 * mm  # along the bottom: scale bar and legend
ROUTE_COLOUR = colors.HexColor("#1f5fa8")


@dataclass(frozen=True)
class SketchPoint:
    """A position in metres east and north of the meeting point."""

    x: float
    y: float


@dataclass(frozen=True)
class SketchLabel:
    """A street name written beside the route."""

    x: float
    y: float
    text: str


class RouteSketch(Flowable):
    """Meeting point (square), stops numbered in walking order, the closed walk as a line."""

    def __init__(
        self,
        width: float,
        height: float,
        stops: list[SketchPoint],
        labels: list[SketchLabel] | None = None,
        schematic: bool = False,
        colour: colors.Color = ROUTE_COLOUR,
    ) -> None:
        super().__init__()
        self.width, self.height = width, height
        self.stops = stops
        self.labels = labels or []
        self.schematic = schematic
        self.colour = colour

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas: Canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(colors.grey)
        canvas.setLineWidth(0.6)
        canvas.rect(0, 0, self.width, self.height)
        meeting = SketchPoint(0.0, 0.0)
        # A meeting point far from a compact route would shrink the route to a dot: then
        # the route fills the box and the meeting point sits on its edge, in its direction.
        far = self._meeting_is_far()
        scale, origin = self._fit(self.stops if far else [meeting, *self.stops])

        def place(point: SketchPoint) -> tuple[float, float]:
            return (origin[0] + point.x * scale, origin[1] + point.y * scale)

        meeting_place = self._on_edge(place(meeting)) if far else place(meeting)
        path = [meeting_place, *(place(point) for point in self.stops)]
        self._draw_walk(canvas, path)
        self._draw_labels(canvas, place)
        self._draw_stops(canvas, path[1:])
        self._draw_meeting_point(canvas, meeting_place)
        if far:
            self._draw_meeting_distance(canvas, meeting_place)
        self._draw_scale(canvas, scale)
        canvas.restoreState()

    def _meeting_is_far(self) -> bool:
        if len(self.stops) < 2:
            return False
        xs = [point.x for point in self.stops]
        ys = [point.y for point in self.stops]
        span = max(max(xs) - min(xs), max(ys) - min(ys), 50.0)
        centre = ((max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2)
        return (centre[0] ** 2 + centre[1] ** 2) ** 0.5 > 2.5 * span

    def _on_edge(self, place: tuple[float, float]) -> tuple[float, float]:
        """Where the line from the box's centre towards `place` leaves the inner box."""
        centre_x, centre_y = self.width / 2, _STRIP + (self.height - _STRIP) / 2
        dx, dy = place[0] - centre_x, place[1] - centre_y
        half_w = self.width / 2 - 3 * mm
        half_h = (self.height - _STRIP) / 2 - 3 * mm
        factor = min(half_w / abs(dx) if dx else 1e9, half_h / abs(dy) if dy else 1e9)
        return (centre_x + dx * factor, centre_y + dy * factor)

    def _draw_meeting_distance(self, canvas: Canvas, place: tuple[float, float]) -> None:
        """In the bottom strip: how far the meeting point (drawn on the edge) really is."""
        distance = (self.stops[0].x ** 2 + self.stops[0].y ** 2) ** 0.5
        text = f"TT: điểm tập trung, cách hộ 1 ~{distance / 1000:.1f} km".replace(".", ",")
        canvas.setFont(font_name(SANS, bold=True), 6.5)
        canvas.setFillColor(colors.HexColor("#b3261e"))
        canvas.drawRightString(self.width - 3 * mm, 2.2 * mm, text)

    def _fit(self, points: list[SketchPoint]) -> tuple[float, tuple[float, float]]:
        """Scale (page units per metre) and where metre (0, 0) falls on the page."""
        points = points or [SketchPoint(0.0, 0.0)]
        xs = [point.x for point in points]
        ys = [point.y for point in points]
        span_x = max(max(xs) - min(xs), 50.0)
        span_y = max(max(ys) - min(ys), 50.0)
        inner_w = self.width - 2 * _PADDING - 12 * mm  # room for street names
        inner_h = self.height - 2 * _PADDING - _STRIP
        scale = min(inner_w / span_x, inner_h / span_y)
        centre_x = (max(xs) + min(xs)) / 2
        centre_y = (max(ys) + min(ys)) / 2
        origin = (
            self.width / 2 - centre_x * scale,
            _STRIP + (self.height - _STRIP) / 2 - centre_y * scale,
        )
        return scale, origin

    def _draw_walk(self, canvas: Canvas, path: list[tuple[float, float]]) -> None:
        if len(path) < 2:
            return
        canvas.setStrokeColor(self.colour)
        canvas.setLineWidth(1.4)
        line = canvas.beginPath()
        line.moveTo(*path[0])
        for point in path[1:]:
            line.lineTo(*point)
        line.lineTo(*path[0])
        canvas.drawPath(line, stroke=1, fill=0)

    def _draw_stops(self, canvas: Canvas, places: list[tuple[float, float]]) -> None:
        canvas.setLineWidth(0.9)
        for number, (x, y) in enumerate(places, start=1):
            canvas.setStrokeColor(self.colour)
            canvas.setFillColor(colors.white)
            canvas.circle(x, y, _STOP_RADIUS, stroke=1, fill=1)
            canvas.setFillColor(colors.black)
            size = 7 if number < 10 else 6
            canvas.setFont(font_name(SANS, bold=True), size)
            canvas.drawCentredString(x, y - size * 0.35, str(number))

    def _draw_meeting_point(self, canvas: Canvas, place: tuple[float, float]) -> None:
        side = 4 * mm
        canvas.setFillColor(colors.HexColor("#b3261e"))
        canvas.rect(place[0] - side / 2, place[1] - side / 2, side, side, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        canvas.setFont(font_name(SANS, bold=True), 6.5)
        canvas.drawCentredString(place[0], place[1] - 2.2, "TT")

    def _draw_labels(self, canvas: Canvas, place) -> None:
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.setFont(font_name(SANS, italic=True), 6.5)
        for label in self.labels:
            x, y = place(SketchPoint(label.x, label.y))
            x = min(max(x + _STOP_RADIUS + 1, 2), self.width - 2)
            text = label.text
            if x + canvas.stringWidth(text) > self.width - 2:
                x = self.width - 2 - canvas.stringWidth(text)
            canvas.drawString(max(2, x), y + _STOP_RADIUS, text)

    def _draw_scale(self, canvas: Canvas, scale: float) -> None:
        """A scale bar in the bottom strip, left."""
        metres = _round_length(25 * mm / scale)
        length = metres * scale
        x, y = 3 * mm, 3 * mm
        canvas.setStrokeColor(colors.black)
        canvas.setLineWidth(1)
        canvas.line(x, y, x + length, y)
        canvas.line(x, y - 1, x, y + 2)
        canvas.line(x + length, y - 1, x + length, y + 2)
        canvas.setFillColor(colors.black)
        canvas.setFont(font_name(SANS), 6.5)
        text = f"{metres:g} m" + (" (sơ đồ theo số nhà)" if self.schematic else "")
        canvas.drawString(x + length + 3, y - 2, text)
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


def _round_length(metres: float) -> float:
    """A tidy length for a scale bar no longer than `metres`: 1, 2 or 5 times a power of 10."""
    if metres <= 1:
        return 1.0
    power = 10 ** int(f"{metres:e}".split("e")[1])
    for step in (5, 2, 1):
        if step * power <= metres:
            return float(step * power)
    return float(power)
