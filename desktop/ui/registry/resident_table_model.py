"""The residents of one household, with what is still pending marked in amber."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QObject
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.services.registry import ResidentRow
from desktop.ui.registry.household_table_model import PENDING_BACKGROUND, PENDING_FOREGROUND
from desktop.ui.widgets.formatting import (
    birth_text,
    gender_text,
    pending_text,
    vneid_level_text,
    yes_no,
)
from desktop.ui.widgets.row_table_model import (
    BACKGROUND,
    FONT,
    FOREGROUND,
    TOOLTIP,
    TextRowTableModel,
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


class ResidentTableModel(TextRowTableModel[ResidentRow]):
    """A household's residents in register order; search matches in bold and blue."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bold = QFont()
        self._bold.setBold(True)
        self.headers = (  # in ResidentColumn order
            self.tr("Họ và tên"),
            self.tr("Quan hệ"),
            self.tr("Ngày sinh"),
            self.tr("Giới tính"),
            self.tr("Số định danh"),
            self.tr("Điện thoại"),
            self.tr("Thẻ chip"),
            self.tr("Định danh"),
            self.tr("Báo cháy 114"),
            self.tr("Tích hợp GT"),
            self.tr("Còn thiếu"),
        )
        self.header_tips = {
            ResidentColumn.PERSONAL_ID: self.tr("Số định danh cá nhân (chỉ hiện 4 số cuối)"),
            ResidentColumn.CHIP_CARD: self.tr("Thẻ căn cước gắn chip"),
            ResidentColumn.VNEID_LEVEL: self.tr("Mức định danh điện tử (VNeID)"),
            ResidentColumn.APP_114: self.tr("Đã cài ứng dụng Báo cháy 114"),
            ResidentColumn.DOCUMENTS: self.tr("Đã tích hợp giấy tờ vào VNeID"),
            ResidentColumn.PENDING: self.tr("Việc còn phải làm với người từ 14 tuổi"),
        }

    def set_residents(self, rows: list[ResidentRow]) -> None:
        self.replace_rows(rows)

    def resident(self, row: int) -> ResidentRow:
        return self.rows[row]

    def row_id(self, row: ResidentRow) -> int:
        return row.id

    def row_texts(self, row: ResidentRow) -> tuple[str, ...]:
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

    def cell(self, row: ResidentRow, column: int, role: int) -> object:
        if role == FONT:
            return self._bold if row.matches_search else None
        if role in _PENDING_BRUSHES:
            return self._colour(row, column, role)
        if role == TOOLTIP and column == ResidentColumn.PENDING:
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
