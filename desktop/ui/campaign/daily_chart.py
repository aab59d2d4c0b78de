"""The dashboard's chart, drawn with QPainter: one bar per night of the campaign, the
cumulative line against the target (dashed), and where the pace so far leads (dotted).

The x axis spans the whole campaign, so the distance left to the target and the
nights left to reach it read at a glance. Nightly counts use the left axis, the
cumulative line and the target the right one. Labels are in Vietnamese.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.services.dashboard import DailyPoint
from desktop.ui.widgets.formatting import vietnamese_number

BAR = QColor("#4a7fb5")
BAR_CHOSEN = QColor("#e08a00")
CUMULATIVE = QColor("#1b5e20")
TARGET = QColor("#c62828")
PROJECTION = QColor("#757575")
GRID = QColor("#e3e3e3")
AXIS = QColor("#5f6368")


@dataclass(frozen=True)
class ChartData:
    """What the chart shows for one service."""

    title: str
    first_day: date
    last_day: date
    points: tuple[DailyPoint, ...]  # one per night so far
    target: int | None = None
    per_night: float = 0.0  # the pace so far, for the projection
    chosen: date | None = None  # the night shown in the headline, highlighted


def nice_ceiling(value: float) -> int:
    """A round number at or above value for an axis top: 1, 2, 5 × 10^n."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return max(1, int(math.ceil(step * power)))
    return int(10 * power)


class DailyChart(QWidget):
    """Bars of the nightly counts and the cumulative line against the target."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: ChartData | None = None
        self.setMinimumSize(420, 220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(self.tr("Biểu đồ kết quả theo đêm"))

    def sizeHint(self) -> QSize:
        return QSize(640, 300)

    def set_data(self, data: ChartData | None) -> None:
        self.data = data
        self.setToolTip(self._summary() if data else "")
        self.update()

    def _summary(self) -> str:
        data = self.data
        assert data is not None
        total = data.points[-1].cumulative if data.points else 0
        text = self.tr("{title}: lũy kế {total}").format(
            title=data.title, total=vietnamese_number(total)
        )
        if data.target:
            text += self.tr(" / chỉ tiêu {target}").format(target=vietnamese_number(data.target))
        return text

    # Painting -----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        font = QFont(self.font())
        painter.setFont(font)
        metrics = QFontMetrics(font)
        data = self.data
        if data is None or not data.points:
            painter.setPen(AXIS)
            painter.drawText(
                QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, self.tr("Chưa có số liệu")
            )
            painter.end()
            return
        line = metrics.height()
        left = metrics.horizontalAdvance("00.000") + line + 12
        right = metrics.horizontalAdvance("00.000") + line + 12
        plot = QRectF(left, 2.2 * line + 8, self.width() - left - right, 0)
        plot.setBottom(self.height() - 2 * line - 12)
        if plot.width() < 50 or plot.height() < 40:
            painter.end()
            return
        days = (data.last_day - data.first_day).days + 1
        daily_top = nice_ceiling(max(point.count for point in data.points) * 1.1)
        cumulative_top = nice_ceiling(max(data.points[-1].cumulative, data.target or 0, 1) * 1.08)
        self._draw_grid(painter, metrics, plot, daily_top, cumulative_top)
        self._draw_bars(painter, plot, data, days, daily_top)
        self._draw_target(painter, metrics, plot, data, cumulative_top)
        self._draw_cumulative(painter, plot, data, days, cumulative_top)
        self._draw_days(painter, metrics, plot, data, days)
        self._draw_legend(painter, metrics, data)
        painter.end()

    @staticmethod
    def _x(plot: QRectF, days: int, index: float) -> float:
        """The centre of night `index` (0 = the first)."""
        return plot.left() + (index + 0.5) * plot.width() / days

    @staticmethod
    def _y(plot: QRectF, value: float, top: int) -> float:
        return plot.bottom() - plot.height() * min(value, top) / top

    def _draw_grid(
        self,
        painter: QPainter,
        metrics: QFontMetrics,
        plot: QRectF,
        daily_top: int,
        cumulative_top: int,
    ) -> None:
        steps = 4
        for step in range(steps + 1):
            y = plot.bottom() - plot.height() * step / steps
            painter.setPen(QPen(GRID, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(AXIS)
            daily = vietnamese_number(round(daily_top * step / steps))
            cumulative = vietnamese_number(round(cumulative_top * step / steps))
            height = metrics.height()
            painter.drawText(
                QRectF(plot.left() - 200 - 6, y - height / 2, 200, height),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                daily,
            )
            painter.drawText(
                QRectF(plot.right() + 6, y - height / 2, 200, height),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                cumulative,
            )
        painter.setPen(QPen(AXIS, 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        self._vertical_text(
            painter,
            metrics,
            plot.left() - metrics.horizontalAdvance("00.000") - 14,
            plot,
            self.tr("Số người trong đêm"),
            BAR,
        )
        self._vertical_text(
            painter,
            metrics,
            self.width() - metrics.height() - 2,
            plot,
            self.tr("Lũy kế"),
            CUMULATIVE,
        )

    @staticmethod
    def _vertical_text(
        painter: QPainter, metrics: QFontMetrics, x: float, plot: QRectF, text: str, colour: QColor
    ) -> None:
        painter.save()
        painter.setPen(colour)
        painter.translate(x + metrics.ascent(), plot.center().y())
        painter.rotate(-90)
        width = metrics.horizontalAdvance(text)
        painter.drawText(QPointF(-width / 2, 0), text)
        painter.restore()

    def _draw_bars(
        self, painter: QPainter, plot: QRectF, data: ChartData, days: int, top: int
    ) -> None:
        slot = plot.width() / days
        width = max(2.0, slot * 0.7)
        painter.setPen(Qt.PenStyle.NoPen)
        for point in data.points:
            index = (point.day - data.first_day).days
            if not point.count or not 0 <= index < days:
                continue
            x = self._x(plot, days, index)
            y = self._y(plot, point.count, top)
            painter.setBrush(BAR_CHOSEN if point.day == data.chosen else BAR)
            painter.drawRect(QRectF(x - width / 2, y, width, plot.bottom() - y))

    def _draw_target(
        self, painter: QPainter, metrics: QFontMetrics, plot: QRectF, data: ChartData, top: int
    ) -> None:
        if not data.target:
            return
        y = self._y(plot, data.target, top)
        pen = QPen(TARGET, 2, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        label = self.tr("Chỉ tiêu {n}").format(n=vietnamese_number(data.target))
        # At the right end, over the nights still to come (the bars are on the left).
        painter.drawText(
            QRectF(plot.left() + 4, y - metrics.height() - 2, plot.width() - 8, metrics.height()),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
            label,
        )

    def _draw_cumulative(
        self, painter: QPainter, plot: QRectF, data: ChartData, days: int, top: int
    ) -> None:
        path = QPainterPath()
        last = QPointF()
        for number, point in enumerate(data.points):
            index = (point.day - data.first_day).days
            last = QPointF(self._x(plot, days, index), self._y(plot, point.cumulative, top))
            if number == 0:
                path.moveTo(last)
            else:
                path.lineTo(last)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(CUMULATIVE, 2.5))
        painter.drawPath(path)
        painter.setBrush(CUMULATIVE)
        painter.drawEllipse(last, 3.5, 3.5)
        nights_after = (data.last_day - data.points[-1].day).days
        if data.per_night > 0 and nights_after > 0:
            end_value = data.points[-1].cumulative + data.per_night * nights_after
            end = QPointF(self._x(plot, days, days - 1), self._y(plot, end_value, top))
            if end_value > top:  # stop the dotted line where it leaves the plot
                share = (top - data.points[-1].cumulative) / (
                    end_value - data.points[-1].cumulative
                )
                end = QPointF(last.x() + (end.x() - last.x()) * share, plot.top())
            painter.setPen(QPen(PROJECTION, 1.5, Qt.PenStyle.DotLine))
            painter.drawLine(last, end)

    def _draw_days(
        self, painter: QPainter, metrics: QFontMetrics, plot: QRectF, data: ChartData, days: int
    ) -> None:
        label_width = metrics.horizontalAdvance("00/00") + 10
        every = max(1, math.ceil(label_width / (plot.width() / days)))
        painter.setPen(AXIS)
        for index in range(0, days, every):
            day = data.first_day + timedelta(days=index)
            x = self._x(plot, days, index)
            painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 3))
            painter.drawText(
                QRectF(x - label_width / 2, plot.bottom() + 4, label_width, metrics.height()),
                Qt.AlignmentFlag.AlignCenter,
                f"{day:%d/%m}",
            )
        caption = self.tr("Ngày (cả đợt {first} – {last})").format(
            first=f"{data.first_day:%d/%m/%Y}", last=f"{data.last_day:%d/%m/%Y}"
        )
        painter.drawText(
            QRectF(
                plot.left(),
                plot.bottom() + 4 + metrics.height(),
                plot.width(),
                metrics.height() + 4,
            ),
            Qt.AlignmentFlag.AlignCenter,
            caption,
        )

    def _draw_legend(self, painter: QPainter, metrics: QFontMetrics, data: ChartData) -> None:
        bold = QFont(painter.font())
        bold.setBold(True)
        painter.save()
        painter.setFont(bold)
        painter.setPen(self.palette().text().color())
        painter.drawText(QPointF(8, metrics.ascent() + 4), data.title)
        painter.restore()
        y = metrics.height() * 2 + 2
        x = 8.0
        entries = [
            (self.tr("Trong đêm"), "bar", BAR),
            (self.tr("Lũy kế"), "line", CUMULATIVE),
        ]
        if data.target:
            entries.append((self.tr("Chỉ tiêu"), "dash", TARGET))
        if data.per_night > 0:
            entries.append((self.tr("Dự kiến theo nhịp hiện tại"), "dot", PROJECTION))
        for text, kind, colour in entries:
            mid = y - metrics.ascent() / 2 + 1
            if kind == "bar":
                painter.fillRect(QRectF(x, mid - 5, 14, 10), colour)
            else:
                style = {
                    "line": Qt.PenStyle.SolidLine,
                    "dash": Qt.PenStyle.DashLine,
                    "dot": Qt.PenStyle.DotLine,
                }[kind]
                painter.setPen(QPen(colour, 2, style))
                painter.drawLine(QPointF(x, mid), QPointF(x + 22, mid))
            x += 28
            painter.setPen(self.palette().text().color())
            painter.drawText(QPointF(x, y), text)
            x += metrics.horizontalAdvance(text) + 18
