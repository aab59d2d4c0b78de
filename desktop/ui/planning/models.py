"""Item models of the planning lists: a team's stops, and the summary of the teams.

Both hold plain rows (desktop.ui.planning.rows) and the household id under
HOUSEHOLD_ID_ROLE. Households are dragged between them as a list of ids; a drop never
changes a model itself, it asks (drop_requested) and the window recounts the plan
through the planning services, then refills every model.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QMimeData, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.ui.planning.palette import dashed_ring_icon, lock_icon, team_icon
from desktop.ui.planning.rows import UNASSIGNED, WITHOUT_COORDINATES, StopRow, TeamRow
from desktop.ui.widgets.formatting import vietnamese_number
from desktop.ui.widgets.row_table_model import ID_ROLE, RIGHT, Index, RowTableModel

HOUSEHOLD_ID_ROLE = ID_ROLE
KEY_ROLE = Qt.ItemDataRole.UserRole + 2  # summary: team id, UNASSIGNED or WITHOUT_COORDINATES
MIME_TYPE = "application/x-denkhuya-households"
_LATE = QBrush(QColor("#b00020"))


def households_mime(household_ids: Sequence[int], source: int) -> QMimeData:
    """The dragged households and the list they come from."""
    data = QMimeData()
    payload = {"households": [int(h) for h in household_ids], "from": source}
    data.setData(MIME_TYPE, json.dumps(payload).encode())
    return data


def read_households_mime(data: QMimeData) -> tuple[list[int], int] | None:
    """(household ids, source list) from a drag, None for anything else."""
    if not data.hasFormat(MIME_TYPE):
        return None
    try:
        payload = json.loads(bytes(data.data(MIME_TYPE).data()).decode())
        return [int(h) for h in payload["households"]], int(payload["from"])
    except (ValueError, KeyError, TypeError):
        return None


def _kilometres(metres: float) -> str:
    return f"{metres / 1000:.1f} km".replace(".", ",")


class StopColumn(IntEnum):
    NUMBER = 0
    ARRIVES = 1
    ADDRESS = 2
    HEAD = 3
    PENDING = 4
    MINUTES = 5
    TEAM = 6


class StopTableModel(RowTableModel[StopRow]):
    """The households of one list: a team's route in walking order, or the unassigned."""

    # household ids, target list (team id or UNASSIGNED), position (-1: at the end)
    drop_requested = Signal(list, int, int)

    def __init__(self, key: int = UNASSIGNED, parent=None) -> None:
        super().__init__(parent)
        self.key = key
        self.headers = (
            self.tr("#"),
            self.tr("Đến"),
            self.tr("Địa chỉ"),
            self.tr("Chủ hộ"),
            self.tr("Việc"),
            self.tr("Phút"),
            self.tr("Tổ"),
        )
        self.header_tips = {
            StopColumn.NUMBER: self.tr("Thứ tự đi trên tuyến (ổ khóa: hộ đã khóa vào tổ)"),
            StopColumn.ARRIVES: self.tr("Giờ dự kiến đến hộ"),
            StopColumn.PENDING: self.tr("Số việc còn phải làm ở hộ"),
            StopColumn.MINUTES: self.tr("Số phút dự kiến ở hộ"),
        }

    def set_rows(self, key: int, rows: list[StopRow]) -> None:
        self.key = key
        self.replace_rows(rows)

    def row_of(self, household_id: int) -> int | None:
        for row, stop in enumerate(self.rows):
            if stop.household_id == household_id:
                return row
        return None

    # Reading ---------------------------------------------------------------------------

    def row_id(self, stop: StopRow) -> int:
        return stop.household_id

    def cell(self, stop: StopRow, column: int, role: int) -> Any:
        column = StopColumn(column)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(stop, column)
        if role == Qt.ItemDataRole.DecorationRole:
            if column == StopColumn.NUMBER and stop.locked:
                return lock_icon()
            if column == StopColumn.ADDRESS and stop.estimated:
                return dashed_ring_icon()
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(stop)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column in (StopColumn.NUMBER, StopColumn.PENDING, StopColumn.MINUTES):
                return RIGHT
            return None
        if role == Qt.ItemDataRole.FontRole and column == StopColumn.ADDRESS and stop.estimated:
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def _text(self, stop: StopRow, column: StopColumn) -> str:
        if column == StopColumn.NUMBER:
            return str(stop.number) if stop.number else ""
        if column == StopColumn.ARRIVES:
            return f"{stop.arrives_at:%H:%M}" if stop.arrives_at else ""
        if column == StopColumn.ADDRESS:
            return stop.address
        if column == StopColumn.HEAD:
            return stop.head_name
        if column == StopColumn.PENDING:
            return str(stop.pending)
        if column == StopColumn.MINUTES:
            return str(stop.minutes)
        return stop.team_name or self.tr("Chưa xếp")

    def _tooltip(self, stop: StopRow) -> str:
        lines = [
            f"{stop.address} ({stop.group})",
            self.tr("Chủ hộ: {name}").format(name=stop.head_name),
            self.tr("{pending} việc còn lại, khoảng {minutes} phút tại nhà").format(
                pending=stop.pending, minutes=stop.minutes
            ),
        ]
        if stop.walk_m is not None and stop.number:
            lines.append(
                self.tr("Đi bộ {metres} m từ điểm trước").format(
                    metres=vietnamese_number(round(stop.walk_m))
                )
            )
        if stop.time_hint is not None:
            lines.append(
                self.tr("Hẹn quay lại khoảng {time}").format(time=f"{stop.time_hint:%H:%M}")
            )
        elif stop.revisit:
            lines.append(self.tr("Hộ cần quay lại (lần trước chưa gặp)"))
        if stop.estimated:
            lines.append(self.tr("Chưa có toạ độ: vị trí ước tính theo số nhà"))
        if stop.locked:
            lines.append(self.tr("Đã khóa vào {team}").format(team=stop.team_name))
        return "\n".join(lines)

    # Dragging --------------------------------------------------------------------------

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return (
                Qt.ItemFlag.ItemIsDropEnabled if self._accepts_drops() else Qt.ItemFlag.NoItemFlags
            )
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def _accepts_drops(self) -> bool:
        return self.key != WITHOUT_COORDINATES

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({index.row() for index in indexes if index.isValid()})
        return households_mime([self.rows[row].household_id for row in rows], self.key)

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return self._accepts_drops() and read_households_mime(data) is not None

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        """Ask for the households to come to this list at the drop row."""
        dragged = read_households_mime(data)
        if dragged is None or not self._accepts_drops():
            return False
        household_ids, _ = dragged
        if row < 0 and parent.isValid():
            row = parent.row()
        position = -1
        if self.key != UNASSIGNED and row >= 0:
            # The row counts the dragged stops still above it; they leave first.
            above = {stop.household_id for stop in self.rows[:row]}
            position = row - sum(1 for household_id in household_ids if household_id in above)
        self.drop_requested.emit(household_ids, self.key, position)
        return True


class TeamColumn(IntEnum):
    TEAM = 0
    STOPS = 1
    SERVICES = 2
    WALK = 3
    TIME = 4
    BACK = 5


class TeamSummaryModel(RowTableModel[TeamRow]):
    """A line per team (households, services, walk, time used, back at), then the rest.

    Dropping households on a team's line puts them at the end of its route.
    """

    drop_requested = Signal(list, int, int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.headers = (
            self.tr("Tổ"),
            self.tr("Hộ"),
            self.tr("Việc"),
            self.tr("Đi bộ"),
            self.tr("Phút"),
            self.tr("Về lúc"),
        )
        self.header_tips = {
            TeamColumn.STOPS: self.tr("Số hộ trên tuyến"),
            TeamColumn.SERVICES: self.tr("Số việc dự kiến làm được"),
            TeamColumn.WALK: self.tr("Quãng đường đi bộ, cả đi lẫn về điểm tập trung"),
            TeamColumn.TIME: self.tr("Số phút đã dùng / số phút của khung giờ"),
            TeamColumn.BACK: self.tr("Giờ về đến điểm tập trung"),
        }

    def set_rows(self, rows: list[TeamRow]) -> None:
        if [row.key for row in rows] == [row.key for row in self.rows]:
            # Same lines: refresh the numbers in place, so the selection stays.
            self.rows = rows
            if rows:
                self.dataChanged.emit(
                    self.index(0, 0), self.index(len(rows) - 1, len(TeamColumn) - 1)
                )
            return
        self.replace_rows(rows)

    def row_of(self, key: int) -> int | None:
        for row, line in enumerate(self.rows):
            if line.key == key:
                return row
        return None

    def cell(self, line: TeamRow, column: int, role: int) -> Any:
        column = TeamColumn(column)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(line, column)
        if role == KEY_ROLE:
            return line.key
        if role == Qt.ItemDataRole.DecorationRole and column == TeamColumn.TEAM:
            if line.key == WITHOUT_COORDINATES:
                return dashed_ring_icon()
            return team_icon(line.index)
        if role == Qt.ItemDataRole.ForegroundRole and column == TeamColumn.TIME:
            return None if line.fits_window else _LATE
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(line)
        if role == Qt.ItemDataRole.TextAlignmentRole and column != TeamColumn.TEAM:
            return RIGHT
        return None

    def _text(self, line: TeamRow, column: TeamColumn) -> str:
        if column == TeamColumn.TEAM:
            return line.name
        if column == TeamColumn.STOPS:
            return vietnamese_number(line.stops)
        if column == TeamColumn.SERVICES:
            return vietnamese_number(line.services)
        if column == TeamColumn.WALK:
            return _kilometres(line.walk_m) if line.walk_m else ""
        if column == TeamColumn.TIME:
            if line.minutes is None:
                return ""
            return f"{round(line.minutes)}/{round(line.window_minutes)}"
        return f"{line.returns_at:%H:%M}" if line.returns_at else ""

    def _tooltip(self, line: TeamRow) -> str:
        if line.key == UNASSIGNED:
            return self.tr("Hộ còn việc nhưng không tổ nào kịp đến tối nay; kéo vào một tổ để xếp.")
        if line.key == WITHOUT_COORDINATES:
            return self.tr("Hộ chưa có toạ độ: vị trí trên bản đồ ước tính theo đường và số nhà.")
        text = "\n".join([line.name, *line.members])
        if not line.fits_window:
            text += "\n" + self.tr("Về muộn hơn giờ kết thúc: bớt hộ hoặc kéo dài khung giờ.")
        return text

    # Dropping --------------------------------------------------------------------------

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )
        if self.rows[index.row()].key != WITHOUT_COORDINATES:
            flags |= Qt.ItemFlag.ItemIsDropEnabled
        return flags

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return (
            parent.isValid()
            and self.rows[parent.row()].key != WITHOUT_COORDINATES
            and read_households_mime(data) is not None
        )

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        """Households dropped on a team's line go to the end of its route."""
        dragged = read_households_mime(data)
        if dragged is None or not self.canDropMimeData(data, action, row, column, parent):
            return False
        self.drop_requested.emit(dragged[0], self.rows[parent.row()].key, -1)
        return True
