"""Two strips above the planning map: the planning's notices, and the work in progress.

The notice banner stays until closed or replaced, so a notice such as "no household
has coordinates: routes follow street order" is seen, not missed in a status bar. The
busy strip shows that planning runs (with the seconds so far) and offers Cancel.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QToolButton,
    QWidget,
)

from desktop.ui.planning.gateway import MapStatus
from desktop.ui.widgets.formatting import vietnamese_number

_STYLES = {
    "info": "background: #e8f1fb; border: 1px solid #9cc0e6; color: #0d2b4a;",
    "warning": "background: #fff4d6; border: 1px solid #e0b44a; color: #4a3500;",
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("PlanningBanner", text)


def map_hints(status: MapStatus | None) -> list[str]:
    """What to do for a map under the routes: load one, place the households, set the
    station (nothing once they are done)."""
    if status is None:
        return []
    if not status.has_map:
        return [
            _tr(
                "Chưa có bản đồ của phường: hộ chưa có toạ độ được vẽ trên sơ đồ, các phố xếp "
                "theo thứ tự chữ cái, không phải bản đồ. Bấm “Bản đồ ▸ Nạp bản đồ…” "
                "(Ctrl+Shift+M) để nạp tệp .osm.pbf của tỉnh, rồi “Bản đồ ▸ Định vị các hộ "
                "theo địa chỉ” (Ctrl+Shift+D) để đặt các hộ lên bản đồ."
            )
        ]
    hints = []
    if status.without_position:
        hints.append(
            _tr(
                "{count} hộ chưa có vị trí: bấm “Bản đồ ▸ Định vị các hộ theo địa chỉ” "
                "(Ctrl+Shift+D) để đặt các hộ theo số nhà dọc phố."
            ).format(count=vietnamese_number(status.without_position))
        )
    if status.station is None:
        hints.append(
            _tr(
                "Trụ sở chưa có toạ độ: đặt ở “Bản đồ ▸ Vị trí trụ sở…” (Ctrl+Shift+T) để "
                "các tổ tập trung ở đó."
            )
        )
    return hints


class NoticeBanner(QFrame):
    """One or more sentences on a coloured strip, with a close button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planningNotices")
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton(self)
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip(self.tr("Ẩn thông báo"))
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 4, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_notices(self, notices: list[str], level: str = "warning") -> None:
        """Show the sentences (one per line); an empty list hides the banner."""
        if not notices:
            self.label.clear()
            self.hide()
            return
        bullet = "• " if len(notices) > 1 else ""
        self.label.setText("\n".join(f"{bullet}{notice}" for notice in notices))
        self.setStyleSheet(f"#planningNotices {{ {_STYLES[level]} border-radius: 4px; }}")
        self.show()

    @property
    def text(self) -> str:
        return "" if self.isHidden() else self.label.text()


class BusyStrip(QFrame):
    """ "Đang lập tuyến… 4 giây" with a moving bar and a Cancel button."""

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planningBusy")
        self.setStyleSheet("#planningBusy { background: #eef3f7; border-radius: 4px; }")
        self.label = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)
        self.bar.setTextVisible(False)
        self.bar.setFixedWidth(140)
        self.bar.setFixedHeight(12)
        self.cancel_button = QPushButton(self.tr("Hủy (Esc)"), self)
        self.cancel_button.clicked.connect(self.cancel_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 6, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self._text = ""
        self._started = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(500)
        self._timer.timeout.connect(self._tick)
        self.hide()

    def start(self, text: str) -> None:
        self._text = text
        self._started = time.monotonic()
        self._tick()
        self._timer.start()
        self.show()

    def stop(self) -> None:
        self._timer.stop()
        self.hide()

    def _tick(self) -> None:
        seconds = int(time.monotonic() - self._started)
        self.label.setText(
            self.tr("{text} {seconds} giây").format(text=self._text, seconds=seconds)
        )
