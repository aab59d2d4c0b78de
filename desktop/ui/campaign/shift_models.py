"""The lists of the shift dialogs: a night's shifts, the households of an area to choose
from, and the route being put together (households in walk order)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from PySide6.QtCore import QModelIndex, QObject, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.services.registry import HouseholdRow
from desktop.services.shifts import ShiftRow, StopRow
from desktop.ui.widgets.formatting import vietnamese_number
from desktop.ui.widgets.row_table_model import (
    ALIGNMENT,
    DISPLAY,
    RIGHT,
    TOOLTIP,
    Index,
    RowTableModel,
)

CHOSEN = QColor("#8a8a8a")
ENTERED = QColor("#1e7a34")


class ShiftColumn(IntEnum):
    TEAM = 0
    WINDOW = 1
    AREA = 2
    MEMBERS = 3
    STOPS = 4
    ENTERED = 5


class ShiftTableModel(RowTableModel[ShiftRow]):
    """The shifts of a night, by team."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers = (
            self.tr("Tổ công tác"),
            self.tr("Giờ"),
            self.tr("Địa bàn"),
            self.tr("Thành viên"),
            self.tr("Số hộ"),
            self.tr("Đã nhập"),
        )

    def shift(self, row: int) -> ShiftRow:
        return self.rows[row]

    def row_of(self, shift_id: int) -> int | None:
        return next((i for i, row in enumerate(self.rows) if row.id == shift_id), None)

    def row_id(self, shift: ShiftRow) -> int:
        return shift.id

    def cell(self, shift: ShiftRow, column: int, role: int) -> object:
        if role == ALIGNMENT and column >= ShiftColumn.STOPS:
            return RIGHT
        if role == TOOLTIP and column == ShiftColumn.MEMBERS:
            return "\n".join(f"{m.title} · {m.role_label}" for m in shift.members)
        if role != DISPLAY:
            return None
        if column == ShiftColumn.TEAM:
            return shift.team_name
        if column == ShiftColumn.WINDOW:
            return f"{shift.starts_at:%H:%M}–{shift.ends_at:%H:%M}"
        if column == ShiftColumn.AREA:
            return ", ".join(shift.group_names)
        if column == ShiftColumn.MEMBERS:
            return ", ".join(m.full_name for m in shift.members)
        if column == ShiftColumn.STOPS:
            return vietnamese_number(shift.stops)
        return f"{shift.entered}/{shift.stops}"


class AreaColumn(IntEnum):
    ADDRESS = 0
    HEAD = 1
    GROUP = 2
    MEMBERS = 3
    PENDING = 4


class AreaHouseholdModel(RowTableModel[HouseholdRow]):
    """Households of the chosen area; those already on the route are greyed."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._chosen: set[int] = set()
        self.headers = (
            self.tr("Địa chỉ"),
            self.tr("Chủ hộ"),
            self.tr("Tổ"),
            self.tr("NK"),
            self.tr("Chưa xong"),
        )
        self.header_tips = {AreaColumn.PENDING: self.tr("Số người từ 14 tuổi còn việc phải làm")}

    def set_chosen(self, household_ids: set[int]) -> None:
        self._chosen = set(household_ids)
        if self.rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.rows) - 1, len(AreaColumn) - 1)
            )

    def household(self, row: int) -> HouseholdRow:
        return self.rows[row]

    def row_id(self, household: HouseholdRow) -> int:
        return household.id

    def cell(self, household: HouseholdRow, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.ForegroundRole and household.id in self._chosen:
            return QBrush(CHOSEN)
        if role == ALIGNMENT and column >= AreaColumn.MEMBERS:
            return RIGHT
        if role == TOOLTIP:
            if household.id in self._chosen:
                return self.tr("Đã có trong tuyến")
            return household.code
        if role != DISPLAY:
            return None
        return (
            household.address,
            household.head_name,
            household.group_name,
            str(household.members),
            str(household.pending) if household.pending else "",
        )[column]


@dataclass(frozen=True)
class RouteStop:
    """A household on the route being made."""

    household_id: int
    code: str
    address: str
    head_name: str
    group_name: str
    entered: bool = False  # its visit is entered: it cannot leave the route

    @classmethod
    def from_household(cls, row: HouseholdRow) -> RouteStop:
        return cls(row.id, row.code, row.address, row.head_name, row.group_name)

    @classmethod
    def from_stop(cls, stop: StopRow) -> RouteStop:
        return cls(
            stop.household_id,
            stop.household_code,
            stop.address,
            stop.head_name,
            stop.group_name,
            stop.visit_id is not None,
        )


class RouteColumn(IntEnum):
    POSITION = 0
    ADDRESS = 1
    HEAD = 2
    GROUP = 3


class RouteModel(RowTableModel[RouteStop]):
    """The households in walk order; moved with move(), added and removed by the dialog."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers = (self.tr("#"), self.tr("Địa chỉ"), self.tr("Chủ hộ"), self.tr("Tổ"))

    def stops(self) -> list[RouteStop]:
        return list(self.rows)

    def household_ids(self) -> tuple[int, ...]:
        return tuple(stop.household_id for stop in self.rows)

    def stop(self, row: int) -> RouteStop:
        return self.rows[row]

    def add(self, stop: RouteStop) -> int:
        """Append a household (if not there yet); return its row."""
        for row, existing in enumerate(self.rows):
            if existing.household_id == stop.household_id:
                return row
        row = len(self.rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self.rows.append(stop)
        self.endInsertRows()
        return row

    def remove(self, row: int) -> RouteStop:
        self.beginRemoveRows(QModelIndex(), row, row)
        stop = self.rows.pop(row)
        self.endRemoveRows()
        self._positions_changed(row)
        return stop

    def move(self, row: int, offset: int) -> int:
        """Move a household up (-1) or down (+1); return its new row."""
        target = row + offset
        if not (0 <= row < len(self.rows) and 0 <= target < len(self.rows)):
            return row
        destination = target + 1 if offset > 0 else target
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination)
        self.rows.insert(target, self.rows.pop(row))
        self.endMoveRows()
        self._positions_changed(min(row, target))
        return target

    def _positions_changed(self, first: int) -> None:
        if first < len(self.rows):
            top = self.index(first, RouteColumn.POSITION)
            self.dataChanged.emit(top, self.index(len(self.rows) - 1, RouteColumn.POSITION))

    def row_id(self, stop: RouteStop) -> int:
        return stop.household_id

    def data(self, index: Index, role: int = DISPLAY) -> object:
        # The position is the row's number, which cell() is not told.
        if (
            role == DISPLAY
            and index.isValid()
            and index.column() == RouteColumn.POSITION
            and 0 <= index.row() < len(self.rows)
        ):
            return f"{'✓ ' if self.rows[index.row()].entered else ''}{index.row() + 1}"
        return super().data(index, role)

    def cell(self, stop: RouteStop, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.ForegroundRole and stop.entered:
            return QBrush(ENTERED)
        if role == TOOLTIP:
            note = self.tr(" · đã nhập kết quả") if stop.entered else ""
            return f"{stop.code}{note}"
        if role == ALIGNMENT and column == RouteColumn.POSITION:
            return RIGHT
        if role != DISPLAY:
            return None
        return (None, stop.address, stop.head_name, stop.group_name)[column]
