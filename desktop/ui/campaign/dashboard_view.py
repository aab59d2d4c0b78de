"""The "Chiến dịch" tab: tonight's headline, the tally by team, progress against each
target with the pace, and the chart of nightly counts against the target.

Everything is read in one call to the gateway on the task runner, so the tab shows
without waiting; only the latest request is shown. The night picker steps through the
nights that have results (default: tonight if it has any, else the latest). Data that
looks wrong (desktop.services.flags) is named on a line under the headline, with the
button that lists the flags and clears one with a reason (Alt+K).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.campaign import GROUP, LEVEL2_ACTIVATED, SERVICE_LABELS, TEAM, WARD
from desktop.services.tally import SUMMARY_WORDS
from desktop.ui.campaign.daily_chart import ChartData, DailyChart
from desktop.ui.campaign.dashboard_models import (
    PROGRESS_ROLE,
    TallyTableModel,
    TargetColumn,
    TargetTableModel,
)
from desktop.ui.campaign.flags_dialog import FLAG_MARK, FlagsDialog, flags_strip
from desktop.ui.campaign.gateway import CampaignGateway, DashboardData
from desktop.ui.widgets.formatting import vietnamese_number
from desktop.ui.widgets.messages import show_task_error
from desktop.ui.widgets.table_views import ListView
from desktop.ui.widgets.task_runner import TaskRunner

HEADLINE_STYLE = "color: #0b3d6b;"
_SCOPES = {"all": None, WARD: WARD, GROUP: GROUP, TEAM: TEAM}


class ProgressDelegate(QStyledItemDelegate):
    """Paints the progress column as a bar with its percentage."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        fraction = index.data(PROGRESS_ROLE)
        if fraction is None:
            super().paint(painter, option, index)
            return
        bar = QStyleOptionProgressBar()
        bar.rect = QRect(option.rect.adjusted(3, 4, -3, -4))
        bar.minimum, bar.maximum = 0, 1000
        bar.progress = round(1000 * fraction)
        bar.text = index.data()
        bar.textVisible = True
        bar.textAlignment = Qt.AlignmentFlag.AlignCenter
        bar.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Horizontal
        bar.palette = option.palette
        if fraction >= 1:
            bar.palette.setColor(bar.palette.ColorRole.Highlight, QColor("#2e7d32"))
        widget = option.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter, widget)


class DashboardView(QWidget):
    """The campaign at a glance; `refresh()` after anything is saved."""

    create_campaign_requested = Signal()

    def __init__(
        self, gateway: CampaignGateway, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setProperty("help_page", "tien-do.html")  # F1 opens this page
        self.gateway = gateway
        self.runner = runner
        self.data: DashboardData | None = None
        self.last_refresh_ms: float | None = None
        self._request = 0
        self._night: date | None = None  # None: the default night
        # Tests replace this to answer the flags dialog without showing it.
        self.exec_dialog: Callable[[QDialog], int] = lambda dialog: dialog.exec()
        self._build()

    # Building ----------------------------------------------------------------------------

    def _build(self) -> None:
        self.title = QLabel(self)
        self.title.setObjectName("campaignTitle")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.period = QLabel(self)
        self.period.setObjectName("campaignPeriod")
        self.night_combo = QComboBox(self)
        self.night_combo.setMinimumContentsLength(22)
        self.night_combo.activated.connect(lambda _i: self._night_chosen())
        night_label = QLabel(self.tr("Đê&m:"), self)
        night_label.setBuddy(self.night_combo)
        self.refresh_button = QPushButton(self.tr("Làm mớ&i"), self)
        self.refresh_button.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addSpacing(12)
        top.addWidget(self.period, 1)
        top.addWidget(night_label)
        top.addWidget(self.night_combo)
        top.addWidget(self.refresh_button)

        self.headline = QLabel(self)
        self.headline.setObjectName("headline")
        font = self.headline.font()
        font.setPointSizeF(font.pointSizeF() * 1.9)
        font.setBold(True)
        self.headline.setFont(font)
        self.headline.setStyleSheet(HEADLINE_STYLE)
        self.summary = QLabel(self)
        self.summary.setObjectName("nightSummary")
        self.summary.setWordWrap(True)
        self.flags_row, self.flags_label, self.flags_button = flags_strip(
            self,
            self.tr("&Kiểm tra cảnh báo…"),
            self.tr("Xem các số liệu cần xem lại và bỏ cảnh báo đã kiểm tra (ghi lý do)"),
            self.open_flags,
        )

        self.tally = TallyTableModel(self)
        self.tally_view = ListView(self)
        self.tally_view.setObjectName("tallyTable")
        self.tally_view.setModel(self.tally)
        self.chart = DailyChart(self)
        self.chart_service = QComboBox(self)
        self.chart_service.currentIndexChanged.connect(lambda _i: self._show_chart())
        chart_label = QLabel(self.tr("&Biểu đồ:"), self)
        chart_label.setBuddy(self.chart_service)
        chart_box = QWidget(self)
        chart_layout = QVBoxLayout(chart_box)
        chart_layout.setContentsMargins(0, 0, 0, 0)
        chart_row = QHBoxLayout()
        chart_row.addWidget(chart_label)
        chart_row.addWidget(self.chart_service, 1)
        chart_layout.addLayout(chart_row)
        chart_layout.addWidget(self.chart, 1)
        upper = QSplitter(Qt.Orientation.Horizontal, self)
        upper.addWidget(self.tally_view)
        upper.addWidget(chart_box)
        upper.setStretchFactor(0, 1)
        upper.setStretchFactor(1, 1)
        upper.setSizes([660, 700])
        upper.setChildrenCollapsible(False)

        self.targets = TargetTableModel(self)
        self.target_view = ListView(self)
        self.target_view.setObjectName("targetTable")
        self.target_view.setModel(self.targets)
        self.target_view.setItemDelegateForColumn(TargetColumn.PROGRESS, ProgressDelegate(self))
        self.target_view.size_columns(
            {
                TargetColumn.SCOPE: 170,
                TargetColumn.TARGET: 80,
                TargetColumn.DONE: 80,
                TargetColumn.PROGRESS: 170,
                TargetColumn.PER_NIGHT: 80,
                TargetColumn.NEEDED: 80,
                TargetColumn.PROJECTED: 120,
            },
            stretch=TargetColumn.SERVICE,
        )
        self.scope_filter = QComboBox(self)
        for key, text in (
            ("all", self.tr("Tất cả chỉ tiêu")),
            (WARD, self.tr("Toàn phường")),
            (GROUP, self.tr("Theo tổ dân phố")),
            (TEAM, self.tr("Theo tổ công tác")),
        ):
            self.scope_filter.addItem(text, key)
        self.scope_filter.currentIndexChanged.connect(lambda _i: self._show_targets())
        scope_label = QLabel(self.tr("Chỉ tiê&u:"), self)
        scope_label.setBuddy(self.scope_filter)
        self.pace = QLabel(self)
        self.pace.setObjectName("paceLine")
        target_row = QHBoxLayout()
        target_row.addWidget(scope_label)
        target_row.addWidget(self.scope_filter)
        target_row.addSpacing(12)
        target_row.addWidget(self.pace, 1)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 4, 0, 0)
        lower_layout.addLayout(target_row)
        lower_layout.addWidget(self.target_view, 1)

        body = QSplitter(Qt.Orientation.Vertical, self)
        body.addWidget(upper)
        body.addWidget(lower)
        body.setStretchFactor(0, 5)
        body.setStretchFactor(1, 4)
        body.setChildrenCollapsible(False)

        board = QWidget(self)
        layout = QVBoxLayout(board)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.headline)
        layout.addWidget(self.summary)
        layout.addWidget(self.flags_row)
        layout.addWidget(body, 1)

        self.empty = QWidget(self)
        self.empty_text = QLabel(self.tr("Đang đọc số liệu chiến dịch…"), self.empty)
        self.empty_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_text.setWordWrap(True)
        self.create_button = QPushButton(self.tr("Tạo chiến dịch &mới…"), self.empty)
        self.create_button.clicked.connect(self.create_campaign_requested)
        self.create_button.hide()
        empty_layout = QVBoxLayout(self.empty)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty_text)
        empty_layout.addWidget(self.create_button, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addStretch(2)

        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(board)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        self._board = board

    # Loading -----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the figures again (in the background) for the night being shown."""
        self._request += 1
        request = self._request
        night = self._night
        started = time.perf_counter()

        def done(data: DashboardData | None) -> None:
            if request != self._request:
                return
            self.last_refresh_ms = 1000 * (time.perf_counter() - started)
            self.show_data(data)

        def failed(error: BaseException) -> None:
            if request == self._request:
                show_task_error(self, error, self.tr("Bảng theo dõi chiến dịch"))

        self.runner.run_task(lambda: self.gateway.dashboard(night), done, failed)

    def show_night(self, night: date | None) -> None:
        """Show another night's tally (None: the default night)."""
        self._night = night
        self.refresh()

    def _night_chosen(self) -> None:
        self.show_night(self.night_combo.currentData())

    def show_data(self, data: DashboardData | None) -> None:
        self.data = data
        if data is None:
            self.empty_text.setText(
                self.tr(
                    "Chưa có chiến dịch nào.\n\nTạo chiến dịch (tên, thời gian, công việc theo "
                    "dõi, chỉ tiêu) ở menu Chiến dịch → Chiến dịch…, rồi lập tổ công tác "
                    "và ca trực."
                )
            )
            self.create_button.show()
            self.stack.setCurrentWidget(self.empty)
            return
        self.stack.setCurrentWidget(self._board)
        board, campaign = data.board, data.board.campaign
        self.title.setText(campaign.name)
        self.period.setText(
            self.tr("{first} – {last} · hôm nay là đêm thứ {night}/{days} · còn {left} đêm").format(
                first=f"{campaign.starts_on:%d/%m/%Y}",
                last=f"{campaign.ends_on:%d/%m/%Y}",
                night=board.night_number,
                days=campaign.days,
                left=board.nights_left,
            )
        )
        self._fill_nights(data)
        night = data.night
        activated = vietnamese_number(night.total.get(LEVEL2_ACTIVATED, 0))
        if night.day == board.today:
            self.headline.setText(
                self.tr("Hôm nay: {n} người đã kích hoạt mức 2").format(n=activated)
            )
        else:
            # The night shown is not tonight: say which night of the campaign it was, so
            # the header's count of tonight is not read as this night's.
            number = (night.day - campaign.starts_on).days + 1
            self.headline.setText(
                self.tr("Đêm {day} (đêm thứ {number}): {n} người đã kích hoạt mức 2").format(
                    day=f"{night.day:%d/%m/%Y}", number=number, n=activated
                )
            )
        keys = [key for key in night.total if key != LEVEL2_ACTIVATED]
        keys = [key for key in keys if key not in SERVICE_LABELS or key in campaign.services]
        self.summary.setText(
            " · ".join(
                f"{vietnamese_number(night.total[key])} {SUMMARY_WORDS[key]}" for key in keys
            )
        )
        self._show_flags(data)
        self.tally.set_tally(night, campaign.services)
        self.tally_view.set_empty_hint(
            "" if night.teams else self.tr("Đêm này chưa có kết quả nào.")
        )
        self._size_tally()
        self._fill_chart_services(campaign.services)
        self._show_chart()
        self._show_targets()

    def _show_flags(self, data: DashboardData) -> None:
        """The line naming the data that looks wrong (hidden when nothing does)."""
        flags = data.flags
        self.flags_row.setVisible(bool(flags))
        if not flags:
            self.flags_label.clear()
            return
        self.flags_label.setText(
            self.tr("{mark} {n} số liệu cần xem lại. Mới nhất: {text}").format(
                mark=FLAG_MARK, n=vietnamese_number(len(flags)), text=flags[0].text
            )
        )
        self.flags_label.setToolTip("\n".join(f"• {flag.text}" for flag in flags))

    def open_flags(self) -> None:
        """List the flags; read the figures again once one is cleared."""
        dialog = FlagsDialog(self.gateway, self)
        cleared: list[bool] = []
        dialog.changed.connect(lambda: cleared.append(True))
        self.exec_dialog(dialog)
        dialog.deleteLater()
        if cleared:
            self.refresh()

    def _fill_nights(self, data: DashboardData) -> None:
        today = data.board.today
        weekdays = (
            self.tr("Thứ Hai"),
            self.tr("Thứ Ba"),
            self.tr("Thứ Tư"),
            self.tr("Thứ Năm"),
            self.tr("Thứ Sáu"),
            self.tr("Thứ Bảy"),
            self.tr("Chủ nhật"),
        )
        nights = sorted(set(data.nights) | {today}, reverse=True)
        self.night_combo.blockSignals(True)
        self.night_combo.clear()
        for night in nights:
            label = f"{night:%d/%m/%Y} ({weekdays[night.weekday()]})"
            if night == today:
                label = self.tr("Hôm nay, {day}").format(day=label)
            self.night_combo.addItem(label, night)
        self.night_combo.setCurrentIndex(max(0, self.night_combo.findData(data.night.day)))
        self.night_combo.blockSignals(False)

    def _size_tally(self) -> None:
        header = self.tally_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

    def _fill_chart_services(self, services: tuple[str, ...]) -> None:
        chosen = self.chart_service.currentData() or LEVEL2_ACTIVATED
        self.chart_service.blockSignals(True)
        self.chart_service.clear()
        for service in services:
            self.chart_service.addItem(SERVICE_LABELS.get(service, service), service)
        position = self.chart_service.findData(chosen)
        self.chart_service.setCurrentIndex(max(0, position))
        self.chart_service.blockSignals(False)

    def _show_chart(self) -> None:
        data = self.data
        service = self.chart_service.currentData()
        if data is None or service is None:
            self.chart.set_data(None)
            return
        board = data.board
        ward = next((t for t in board.targets if t.scope == WARD and t.service == service), None)
        self.chart.set_data(
            ChartData(
                title=self.tr("{service} — toàn phường").format(
                    service=SERVICE_LABELS.get(service, service)
                ),
                first_day=board.campaign.starts_on,
                last_day=board.campaign.ends_on,
                points=board.series.get(service, ()),
                target=ward.target if ward else None,
                per_night=ward.per_night if ward else 0.0,
                chosen=data.night.day,
            )
        )

    def _show_targets(self) -> None:
        data = self.data
        if data is None:
            self.targets.set_targets([], None)
            self.pace.clear()
            return
        scope = _SCOPES.get(self.scope_filter.currentData())
        rows = [t for t in data.board.targets if scope is None or t.scope == scope]
        self.targets.set_targets(rows, data.board.campaign.ends_on)
        self.target_view.set_empty_hint(
            "" if rows else self.tr("Chưa có chỉ tiêu nào. Đặt chỉ tiêu ở Chiến dịch → Chiến dịch…")
        )
        late = [
            t
            for t in data.board.targets
            if t.reached_on is None
            and (t.projected_on is None or t.projected_on > data.board.campaign.ends_on)
        ]
        self.pace.setText(
            self.tr("Còn {left} đêm · {late}/{total} chỉ tiêu chưa kịp tiến độ").format(
                left=data.board.nights_left, late=len(late), total=len(data.board.targets)
            )
        )
