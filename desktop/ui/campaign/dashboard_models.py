"""The dashboard's two tables: a night's tally by team, and progress against targets.

Plain rows from the services (NightTally, TargetProgress); numbers in Vietnamese style
(1.234, 53%, 12,5), dates dd/mm/yyyy. The progress column carries its fraction under
PROGRESS_ROLE for the bar the view paints.
"""

from __future__ import annotations

from datetime import date
from enum import IntEnum

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.domain import numbers
from desktop.domain.campaign import HOUSEHOLDS_VISITED, RESIDENTS_MET, SERVICE_LABELS
from desktop.services.dashboard import TargetProgress
from desktop.services.tally import NightTally
from desktop.ui.widgets.formatting import vietnamese_number
from desktop.ui.widgets.row_table_model import (
    ALIGNMENT,
    DISPLAY,
    FONT,
    FOREGROUND,
    RIGHT,
    TOOLTIP,
    Index,
    RowTableModel,
)

PROGRESS_ROLE = Qt.ItemDataRole.UserRole + 10
LATE = QColor("#b00020")
REACHED = QColor("#1e7a34")


def decimal(value: float) -> str:
    """12.5 → "12,5", 1318.2 → "1.318,2"; whole numbers without decimals."""
    if abs(value - round(value)) < 0.05:
        return vietnamese_number(round(value))
    return numbers.decimal(value, 1)


class TallyTableModel(QAbstractTableModel):
    """One row per team credited that night, then the total (bold)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._keys: tuple[str, ...] = ()
        self._rows: list[tuple[str, dict[str, int]]] = []
        self._bold = QFont()
        self._bold.setBold(True)
        # Short column titles; the tooltip gives the full words.
        self._short = {
            HOUSEHOLDS_VISITED: self.tr("Hộ"),
            RESIDENTS_MET: self.tr("Gặp"),
            "vneid_installed": self.tr("VNeID"),
            "level2_collected": self.tr("HS mức 2"),
            "level2_activated": self.tr("Kích hoạt"),
            "app_114": self.tr("114"),
            "documents": self.tr("Giấy tờ"),
            "chip_card_collected": self.tr("CCCD"),
        }
        self._long = {
            HOUSEHOLDS_VISITED: self.tr("Lượt đến hộ"),
            RESIDENTS_MET: self.tr("Người đã gặp"),
            **SERVICE_LABELS,
        }

    def set_tally(self, tally: NightTally | None, services: tuple[str, ...]) -> None:
        self.beginResetModel()
        self._keys = (HOUSEHOLDS_VISITED, RESIDENTS_MET, *services)
        self._rows = []
        if tally is not None:
            self._rows = [(row.team, row.counts) for row in tally.teams]
            self._rows.append((self.tr("Tổng cộng"), tally.total))
        self.endResetModel()

    def count(self, row: int, key: str) -> int:
        return self._rows[row][1].get(key, 0)

    def team(self, row: int) -> str:
        return self._rows[row][0]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 1 + len(self._keys)

    def data(self, index: Index, role: int = DISPLAY) -> object:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        team, counts = self._rows[index.row()]
        column = index.column()
        if role == DISPLAY:
            if column == 0:
                return team
            return vietnamese_number(counts.get(self._keys[column - 1], 0))
        if role == ALIGNMENT and column > 0:
            return RIGHT
        if role == FONT and index.row() == len(self._rows) - 1:
            return self._bold
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        if section == 0:
            return self.tr("Tổ công tác") if role == DISPLAY else None
        key = self._keys[section - 1]
        if role == DISPLAY:
            return self._short.get(key, key)
        if role == TOOLTIP:
            return self._long.get(key, key)
        return None


class TargetColumn(IntEnum):
    SCOPE = 0
    SERVICE = 1
    TARGET = 2
    DONE = 3
    PROGRESS = 4
    PER_NIGHT = 5
    NEEDED = 6
    PROJECTED = 7


class TargetTableModel(RowTableModel[TargetProgress]):
    """Each target with done, %, pace, the pace needed and the projected date."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ends_on: date | None = None
        self.headers = (
            self.tr("Phạm vi"),
            self.tr("Công việc"),
            self.tr("Chỉ tiêu"),
            self.tr("Đã đạt"),
            self.tr("Tiến độ"),
            self.tr("TB/đêm"),
            self.tr("Cần/đêm"),
            self.tr("Dự kiến đạt"),
        )
        self.header_tips = {
            TargetColumn.PER_NIGHT: self.tr("Bình quân mỗi đêm từ đầu chiến dịch"),
            TargetColumn.NEEDED: self.tr("Mỗi đêm cần bao nhiêu để đạt chỉ tiêu đúng hạn"),
            TargetColumn.PROJECTED: self.tr(
                "Ngày đạt chỉ tiêu nếu giữ nhịp hiện tại (đỏ: sau ngày kết thúc)"
            ),
        }

    def set_targets(
        self, targets: tuple[TargetProgress, ...] | list[TargetProgress], ends_on: date | None
    ) -> None:
        self._ends_on = ends_on
        self.replace_rows(targets)

    def target(self, row: int) -> TargetProgress:
        return self.rows[row]

    def cell(self, target: TargetProgress, column: int, role: int) -> object:
        if role == DISPLAY:
            return self._text(target, column)
        if role == PROGRESS_ROLE and column == TargetColumn.PROGRESS:
            return min(1.0, target.percent / 100)
        if role == ALIGNMENT and column >= TargetColumn.TARGET:
            return RIGHT
        if role == FOREGROUND and column == TargetColumn.PROJECTED:
            if target.reached_on is not None:
                return QBrush(REACHED)
            if self._late(target):
                return QBrush(LATE)
        if role == TOOLTIP and column == TargetColumn.PROJECTED:
            return self._projection_tip(target)
        return None

    def _late(self, target: TargetProgress) -> bool:
        if self._ends_on is None:
            return False
        return target.projected_on is None or target.projected_on > self._ends_on

    def _text(self, target: TargetProgress, column: int) -> str:
        if column == TargetColumn.SCOPE:
            return target.scope_name
        if column == TargetColumn.SERVICE:
            return target.label
        if column == TargetColumn.TARGET:
            return vietnamese_number(target.target)
        if column == TargetColumn.DONE:
            return vietnamese_number(target.done)
        if column == TargetColumn.PROGRESS:
            return f"{target.percent:.0f}%"
        if column == TargetColumn.PER_NIGHT:
            return decimal(target.per_night)
        if column == TargetColumn.NEEDED:
            return "" if target.needed_per_night is None else decimal(target.needed_per_night)
        if target.reached_on is not None:
            return self.tr("Đã đạt {day}").format(day=f"{target.reached_on:%d/%m}")
        if target.projected_on is None:
            return self.tr("Chưa có nhịp")
        return f"{target.projected_on:%d/%m/%Y}"

    def _projection_tip(self, target: TargetProgress) -> str:
        if target.reached_on is not None:
            return self.tr("Đạt chỉ tiêu đêm {day}.").format(day=f"{target.reached_on:%d/%m/%Y}")
        if target.projected_on is None:
            return self.tr("Chưa có kết quả nên chưa tính được ngày đạt.")
        if self._late(target):
            return self.tr(
                "Theo nhịp hiện tại sẽ đạt ngày {day}, sau ngày kết thúc; cần {n} mỗi đêm."
            ).format(day=f"{target.projected_on:%d/%m/%Y}", n=decimal(target.needed_per_night or 0))
        return self.tr("Theo nhịp hiện tại sẽ đạt ngày {day}, kịp thời hạn.").format(
            day=f"{target.projected_on:%d/%m/%Y}"
        )
