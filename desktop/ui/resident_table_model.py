"""The residents of one household, with what is still pending marked in amber."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.services.registry import ResidentRow
from desktop.ui.formatting import (
    birth_text,
    gender_text,
    pending_text,
    vneid_level_text,
    yes_no,
)
from desktop.ui.household_table_model import PENDING_BACKGROUND, PENDING_FOREGROUND
from desktop.ui.row_table_model import (
    BACKGROUND,
    DISPLAY,
    FONT,
    FOREGROUND,
    ID_ROLE,
    TOOLTIP,
    Index,
)

MATCH_BACKGROUND = QColor("#d6e8ff")
MATCH_FOREGROUND = QColor("#0b2a55")


class ResidentColumn(IntEnum):
    NAME = 0
    RELATION = 1
    BIRTH = 2
    GENDER = 3
    PERSONAL_ID = 4
    PHONE = 5
    CHIP_CARD = 6
    VNEID_LEVEL = 7
    APP_114 = 8
    DOCUMENTS = 9
    PENDING = 10


# Which pending service each status column shows.
_PENDING_COLUMNS = {ResidentColumn.VNEID_LEVEL: "level2", ResidentColumn.APP_114: "app_114"}
_PENDING_BRUSHES = {BACKGROUND: QBrush(PENDING_BACKGROUND), FOREGROUND: QBrush(PENDING_FOREGROUND)}
_MATCH_BRUSHES = {BACKGROUND: QBrush(MATCH_BACKGROUND), FOREGROUND: QBrush(MATCH_FOREGROUND)}


class ResidentTableModel(QAbstractTableModel):
    """A household's residents in register order; search matches in bold and blue."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ResidentRow] = []
        self._cells: list[tuple[str, ...]] = []
        self._bold = QFont()
        self._bold.setBold(True)
        self._headers = {
            ResidentColumn.NAME: self.tr("Họ và tên"),
            ResidentColumn.RELATION: self.tr("Quan hệ"),
            ResidentColumn.BIRTH: self.tr("Ngày sinh"),
            ResidentColumn.GENDER: self.tr("Giới tính"),
            ResidentColumn.PERSONAL_ID: self.tr("Số định danh"),
            ResidentColumn.PHONE: self.tr("Điện thoại"),
            ResidentColumn.CHIP_CARD: self.tr("Thẻ chip"),
            ResidentColumn.VNEID_LEVEL: self.tr("Định danh"),
            ResidentColumn.APP_114: self.tr("Báo cháy 114"),
            ResidentColumn.DOCUMENTS: self.tr("Tích hợp GT"),
            ResidentColumn.PENDING: self.tr("Còn thiếu"),
        }
        self._header_tips = {
            ResidentColumn.PERSONAL_ID: self.tr("Số định danh cá nhân (chỉ hiện 4 số cuối)"),
            ResidentColumn.CHIP_CARD: self.tr("Thẻ căn cước gắn chip"),
            ResidentColumn.VNEID_LEVEL: self.tr("Mức định danh điện tử (VNeID)"),
            ResidentColumn.APP_114: self.tr("Đã cài ứng dụng Báo cháy 114"),
            ResidentColumn.DOCUMENTS: self.tr("Đã tích hợp giấy tờ vào VNeID"),
            ResidentColumn.PENDING: self.tr("Việc còn phải làm với người từ 14 tuổi"),
        }

    def set_residents(self, rows: list[ResidentRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._cells = [_cells(row) for row in self._rows]
        self.endResetModel()

    def resident(self, row: int) -> ResidentRow:
        return self._rows[row]

    def row_of(self, resident_id: int) -> int | None:
        return next((i for i, row in enumerate(self._rows) if row.id == resident_id), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(ResidentColumn)

    def data(self, index: Index, role: int = DISPLAY) -> object:
        row_number = index.row()
        if not index.isValid() or row_number >= len(self._rows):
            return None
        if role == DISPLAY:
            return self._cells[row_number][index.column()]
        row = self._rows[row_number]
        if role == ID_ROLE:
            return row.id
        if role == FONT:
            return self._bold if row.matches_search else None
        if role in _PENDING_BRUSHES:
            return self._colour(row, index.column(), role)
        if role == TOOLTIP and index.column() == ResidentColumn.PENDING:
            return self._pending_tip(row)
        return None

    def _pending_tip(self, row: ResidentRow) -> str | None:
        if not row.pending:
            return None
        return self.tr("Còn phải làm: {services}").format(services=pending_text(row.pending))

    def _colour(self, row: ResidentRow, column: int, role: int) -> QBrush | None:
        if row.pending and (
            column == ResidentColumn.PENDING or _PENDING_COLUMNS.get(column) in row.pending
        ):
            return _PENDING_BRUSHES[role]
        if row.matches_search and column == ResidentColumn.NAME:
            return _MATCH_BRUSHES[role]
        return None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(ResidentColumn):
            return None
        column = ResidentColumn(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._header_tips.get(column)
        return None


def _cells(row: ResidentRow) -> tuple[str, ...]:
    """The texts of a resident's row, in ResidentColumn order."""
    return (
        row.full_name,
        row.relation,
        birth_text(row.birth_date, row.birth_year),
        gender_text(row.gender),
        row.personal_id_masked,
        row.phone or "",
        yes_no(row.has_chip_card),
        vneid_level_text(row.vneid_level),
        yes_no(row.app_114),
        yes_no(row.documents_integrated),
        pending_text(row.pending),
    )
