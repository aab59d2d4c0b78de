"""Charts for the reports, drawn with reportlab graphics in the bundled serif font:
progress per residential group (level 2 among people aged 14 and over) and the
results night by night."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop.reports.fonts import SERIF, font_name, register_fonts
from desktop.reports.report_text import percent

BAR = colors.HexColor("#2f5d8a")
SECOND_BAR = colors.HexColor("#c7872b")
AVERAGE_LINE = colors.HexColor("#b00020")
_LABEL_SIZE = 9.5
_BAR_LABEL_SIZE = _LABEL_SIZE - 0.5


def group_progress_chart(
    names: Sequence[str], percents: Sequence[float], average: float | None, width: float
) -> Drawing:
    """One horizontal bar per group: its percent (0–100), labelled at the bar's end,
    with the ward's average as a dashed red line."""
    register_fonts()
    row = 6.2 * mm
    left, bottom, top = 26 * mm, 10 * mm, 3 * mm
    height = bottom + top + row * max(1, len(names))
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = left, bottom
    chart.width, chart.height = width - left - 14 * mm, row * max(1, len(names))
    # The first category is drawn at the bottom: reverse so the list reads top-down.
    chart.data = [list(reversed([round(value, 1) for value in percents])) or [0]]
    chart.categoryAxis.categoryNames = list(reversed(list(names))) or [""]
    chart.categoryAxis.labels.fontName = font_name(SERIF)
    chart.categoryAxis.labels.fontSize = _LABEL_SIZE
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -2
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.valueAxis.labels.fontName = font_name(SERIF)
    chart.valueAxis.labels.fontSize = _LABEL_SIZE
    chart.valueAxis.labelTextFormat = lambda value: f"{value:.0f}%"
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#cccccc")
    chart.valueAxis.gridStrokeWidth = 0.4
    chart.bars[0].fillColor = BAR
    chart.bars[0].strokeColor = None
    chart.barWidth = row * 0.62
    chart.groupSpacing = row * 0.38
    drawing.add(chart)
    line_x = None
    if average is not None:
        line_x = chart.x + chart.width * min(max(average, 0), 100) / 100
        line = Line(line_x, chart.y - 2, line_x, chart.y + chart.height + 2)
        line.strokeColor, line.strokeWidth, line.strokeDashArray = AVERAGE_LINE, 0.9, [3, 2]
        drawing.add(line)
        label = String(line_x + 2, chart.y + chart.height + 1, f"Toàn đơn vị: {percent(average)}")
        label.fontName, label.fontSize, label.fillColor = font_name(SERIF), 8.5, AVERAGE_LINE
        drawing.add(label)
    band = chart.height / max(1, len(names))
    for index, value in enumerate(chart.data[0]):
        bar_end = chart.x + chart.width * min(max(value, 0), 100) / 100
        text = percent(value)
        x = _label_x(bar_end, stringWidth(text, font_name(SERIF), _BAR_LABEL_SIZE), line_x)
        y = chart.y + (index + 0.5) * band - _BAR_LABEL_SIZE * 0.35
        label = String(x, y, text)
        label.fontName, label.fontSize = font_name(SERIF), _BAR_LABEL_SIZE
        drawing.add(label)
    return drawing


def _label_x(bar_end: float, text_width: float, line_x: float | None) -> float:
    """Where a bar's percent starts: just past the bar's end, or past the dashed line
    of the whole unit when it would cross it (the two were drawn over each other)."""
    x = bar_end + 3
    if line_x is not None and bar_end < line_x and x + text_width + 1 > line_x:
        x = line_x + 3
    return x


def nightly_chart(
    nights: Sequence[str], series: Sequence[tuple[str, Sequence[int]]], width: float
) -> Drawing:
    """Vertical bars night by night, one colour per series, with a legend under them."""
    register_fonts()
    height = 62 * mm
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 14 * mm, 20 * mm
    chart.width, chart.height = width - 18 * mm, height - 26 * mm
    chart.data = [list(values) or [0] for _, values in series] or [[0]]
    chart.categoryAxis.categoryNames = list(nights) or [""]
    chart.categoryAxis.labels.fontName = font_name(SERIF)
    chart.categoryAxis.labels.fontSize = 8
    if len(nights) > 16:
        chart.categoryAxis.labels.angle = 90
        chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName = font_name(SERIF)
    chart.valueAxis.labels.fontSize = 8.5
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#cccccc")
    chart.valueAxis.gridStrokeWidth = 0.4
    for index, colour in enumerate((BAR, SECOND_BAR)[: len(series)]):
        chart.bars[index].fillColor = colour
        chart.bars[index].strokeColor = None
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = chart.x, 4 * mm
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.fontName, legend.fontSize = font_name(SERIF), 9
    legend.dx = legend.dy = 7
    legend.deltax = 70 * mm
    legend.colorNamePairs = [
        (colour, name) for colour, (name, _) in zip((BAR, SECOND_BAR), series, strict=False)
    ]
    drawing.add(legend)
    return drawing
