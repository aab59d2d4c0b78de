"""Finding one household of the ward: the door a team knocked on although it was not on
the route.

Type an address, a resident's name (with or without diacritics: "nguyen van" finds
"Nguyễn Văn") or a household code; Enter or ↓ goes to the list, Enter there (or a
double click) chooses, Esc clears the search and then cancels. The search is the
register's own, so it finds what the household list finds. Households already on the
route are greyed; choosing one simply goes back to it.
"""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.services.registry import HouseholdRow
from desktop.ui.campaign.gateway import AREA_HOUSEHOLD_LIMIT, CampaignGateway
from desktop.ui.campaign.shift_models import CHOSEN
from desktop.ui.widgets.row_table_model import DISPLAY, FOREGROUND, TOOLTIP, RowTableModel
from desktop.ui.widgets.search_box import SearchBox
from desktop.ui.widgets.table_views import ListView


class FoundColumn(IntEnum):
    CODE = 0
    ADDRESS = 1
    HEAD = 2
    GROUP = 3
    MATCHED = 4


class FoundHouseholdModel(RowTableModel[HouseholdRow]):
    """The households a search found, with who in each matched it (a name typed may be
    a resident's rather than the head's); those already on the route are greyed."""

    def __init__(self, on_route: set[int], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_route = set(on_route)
        self.headers = (
            self.tr("Mã hộ"),
            self.tr("Địa chỉ"),
            self.tr("Chủ hộ"),
            self.tr("Tổ"),
            self.tr("Người khớp"),
        )
        self.header_tips = {
            FoundColumn.MATCHED: self.tr("Những người trong hộ khớp với nội dung tìm")
        }

    def household(self, row: int) -> HouseholdRow:
        return self.rows[row]

    def row_id(self, household: HouseholdRow) -> int:
        return household.id

    def cell(self, household: HouseholdRow, column: int, role: int) -> object:
        on_route = household.id in self._on_route
        if role == FOREGROUND and on_route:
            return QBrush(CHOSEN)
        if role == TOOLTIP:
            lines = [self.tr("Đã có trong lộ trình: chọn để mở hộ này")] if on_route else []
            if column == FoundColumn.MATCHED and household.matched_names:
                lines.append(household.matched_names)  # the cell may be too narrow for all
            return "\n".join(lines) or None
        if role != DISPLAY:
            return None
        return (
            household.code,
            household.address,
            household.head_name,
            household.group_name,
            household.matched_names,
        )[column]


class HouseholdPickerDialog(QDialog):
    """Choose a household of the ward; `chosen` holds it once accepted."""

    def __init__(
        self,
        gateway: CampaignGateway,
        on_route: set[int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.gateway = gateway
        self.chosen: HouseholdRow | None = None
        self.setWindowTitle(self.tr("Thêm hộ ngoài lộ trình"))
        self.setModal(True)
        self._build(on_route)
        self.load("")

    def _build(self, on_route: set[int]) -> None:
        intro = QLabel(
            self.tr(
                "Hộ tổ công tác đã đến nhưng không có trong lộ trình của ca: tìm theo địa chỉ, "
                "tên chủ hộ (gõ không dấu cũng được) hoặc mã hộ."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.search = SearchBox(self)
        self.search.setPlaceholderText(
            self.tr("Địa chỉ, tên chủ hộ hoặc mã hộ — ví dụ: 12 hoàng liên, nguyen van an")
        )
        self.search.search_requested.connect(self.load)
        self.search.leave_requested.connect(self._enter_list)
        search_label = QLabel(self.tr("&Tìm hộ:"), self)
        search_label.setBuddy(self.search)
        search_row = QHBoxLayout()
        search_row.addWidget(search_label)
        search_row.addWidget(self.search, 1)

        self.households = FoundHouseholdModel(on_route, self)
        self.view = ListView(self)
        self.view.setObjectName("pickerHouseholds")
        self.view.setModel(self.households)
        self.view.setAccessibleName(self.tr("Các hộ tìm được"))
        self.view.size_columns(
            {
                FoundColumn.CODE: 118,
                FoundColumn.HEAD: 150,
                FoundColumn.GROUP: 56,
                FoundColumn.MATCHED: 150,
            },
            stretch=FoundColumn.ADDRESS,
            minimum=36,
        )
        self.view.activated.connect(lambda _index: self.accept())
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.count_label = QLabel(self)

        self.choose_button = QPushButton(self.tr("&Chọn hộ này (Enter)"), self)
        self.cancel_button = QPushButton(self.tr("Hủy (Esc)"), self)
        for button in (self.choose_button, self.cancel_button):
            button.setAutoDefault(False)  # Enter belongs to the search and the list
        self.choose_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label, 1)
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.cancel_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(search_row)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        for before, after in (
            (self.search, self.view),
            (self.view, self.choose_button),
            (self.choose_button, self.cancel_button),
        ):
            QWidget.setTabOrder(before, after)
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)
        self.resize(860, 460)

    def load(self, text: str) -> None:
        """The ward's households matching the search (none until something is typed)."""
        rows = self.gateway.area_households(None, text) if text else []
        self.households.replace_rows(rows)
        if rows:
            self.view.set_empty_hint("")
            self.view.setCurrentIndex(self.households.index(0, FoundColumn.ADDRESS))
        elif text:
            self.view.set_empty_hint(
                self.tr("Không có hộ nào khớp với “{text}”.").format(text=text)
            )
        else:
            self.view.set_empty_hint(self.tr("Gõ địa chỉ, tên chủ hộ hoặc mã hộ để tìm."))
        if len(rows) >= AREA_HOUSEHOLD_LIMIT:
            self.count_label.setText(
                self.tr("{n} hộ đầu tiên; gõ thêm để thu hẹp.").format(n=len(rows))
            )
        else:
            self.count_label.setText(self.tr("{n} hộ").format(n=len(rows)) if rows else "")
        self._update_buttons()

    def _enter_list(self) -> None:
        if self.households.rowCount():
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _update_buttons(self) -> None:
        self.choose_button.setEnabled(self.view.currentIndex().isValid())

    def accept(self) -> None:
        """Choose the household under the cursor (nothing happens without one)."""
        if self.search.pending:  # chosen before the list caught up with the typing
            self.search.search_now()
            return
        index = self.view.currentIndex()
        if not index.isValid():
            return
        self.chosen = self.households.household(index.row())
        super().accept()
