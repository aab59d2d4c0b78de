"""The widgets and layout of the visit-entry dialog, built the way Qt Designer's
setupUi() builds a form: every widget becomes an attribute of the dialog.

The behaviour (choosing the shift, showing a household, saving, corrections) lives in
desktop.ui.campaign.visit_entry_dialog; this module only says what is on screen and where:
the night and shift on top, the walk list on the left with the button to add a door
off the route, and on the right the household's outcome, time, notes, the grid of
residents × services, the keys hint and the buttons.
"""

from __future__ import annotations

from datetime import datetime, time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.campaign import COME_BACK, MET, MOVED_AWAY, NOT_HOME, REFUSED
from desktop.ui.campaign.fields import date_field, datetime_field
from desktop.ui.campaign.visit_entry_model import StopColumn, StopListModel, VisitGridModel
from desktop.ui.campaign.visit_grid_view import VisitGridView
from desktop.ui.widgets.form_dialog import error_line
from desktop.ui.widgets.table_views import ListView

BANNER_STYLE = "background: #fff4d6; color: #3d2c00; padding: 4px 8px; border-radius: 3px;"
HINT_STYLE = "color: palette(placeholder-text);"
# The come-back time offered when a household asks the team to return.
VISIT_ENTRY_COME_BACK = time(19, 0)


class VisitEntryWidgets:
    """Builds the visit-entry dialog's widgets on the dialog (mixed into it)."""

    def _build(self) -> None:
        today = self.gateway.today()
        self.night = date_field(self, today)
        self.night.setAccessibleName(self.tr("Đêm"))
        night_label = QLabel(self.tr("Đê&m:"), self)
        night_label.setBuddy(self.night)
        self.shift_combo = QComboBox(self)
        self.shift_combo.setMinimumContentsLength(46)
        self.shift_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        shift_label = QLabel(self.tr("C&a trực:"), self)
        shift_label.setBuddy(self.shift_combo)
        self.progress_label = QLabel(self)
        self.progress_label.setObjectName("progressLabel")
        font = self.progress_label.font()
        font.setBold(True)
        self.progress_label.setFont(font)
        top = QHBoxLayout()
        top.addWidget(night_label)
        top.addWidget(self.night)
        top.addSpacing(12)
        top.addWidget(shift_label)
        top.addWidget(self.shift_combo, 1)
        top.addSpacing(12)
        top.addWidget(self.progress_label)

        self.stops = StopListModel(self)
        self.stop_view = ListView(self)
        self.stop_view.setObjectName("stopList")
        self.stop_view.setModel(self.stops)
        self.stop_view.setAccessibleName(self.tr("Các hộ theo thứ tự đi"))
        self.stop_view.size_columns(
            {
                StopColumn.POSITION: 34,
                StopColumn.DONE: 28,
                StopColumn.HEAD: 128,
                StopColumn.OUTCOME: 92,  # "Hẹn quay lại", "Đã chuyển đi" whole
            },
            stretch=StopColumn.ADDRESS,
            minimum=28,
        )
        self.stop_view.set_empty_hint(self.tr("Chọn đêm và ca trực ở trên."))

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self._build_walk_panel())
        splitter.addWidget(self._build_household_panel())
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([480, 840])  # the walk's addresses whole at 1366 pixels
        splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self.resize(1320, 680)

    def _build_walk_panel(self) -> QWidget:
        """The walk list, and below it the way to add a door that was not on it."""
        panel = QWidget(self)
        self.add_stop_button = QPushButton(self.tr("Thêm hộ ng&oài lộ trình… (Ctrl+N)"), self)
        self.add_stop_button.setObjectName("addStopButton")
        self.add_stop_button.setToolTip(
            self.tr(
                "Hộ tổ đã đến nhưng không có trong lộ trình của ca: tìm theo địa chỉ, "
                "tên chủ hộ hoặc mã hộ, rồi thêm vào cuối danh sách để nhập kết quả"
            )
        )
        self.add_stop_button.setAutoDefault(False)
        self.add_stop_button.setEnabled(False)
        row = QHBoxLayout()
        row.addWidget(self.add_stop_button)
        row.addStretch(1)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stop_view, 1)
        layout.addLayout(row)
        return panel

    def _build_household_panel(self) -> QWidget:
        panel = QWidget(self)
        self.household_title = QLabel(self)
        self.household_title.setObjectName("householdTitle")
        self.household_title.setTextFormat(Qt.TextFormat.PlainText)
        self.household_title.setWordWrap(True)
        font = self.household_title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.household_title.setFont(font)
        self.banner = QLabel(self)
        self.banner.setObjectName("enteredBanner")
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setWordWrap(True)
        self.banner.hide()

        self.outcomes = QButtonGroup(self)
        outcome_row = QHBoxLayout()
        outcome_label = QLabel(self.tr("Kết quả:"), self)
        outcome_row.addWidget(outcome_label)
        self.outcome_buttons: dict[str, QRadioButton] = {}
        for code, text in (
            (MET, self.tr("&Gặp")),
            (NOT_HOME, self.tr("&Vắng nhà")),
            (REFUSED, self.tr("&Từ chối")),
            (MOVED_AWAY, self.tr("Đã &chuyển đi")),
            (COME_BACK, self.tr("&Hẹn quay lại:")),
        ):
            button = QRadioButton(text, self)
            button.setProperty("outcome", code)
            self.outcomes.addButton(button)
            self.outcome_buttons[code] = button
            outcome_row.addWidget(button)
        self.come_back = datetime_field(
            self, datetime.combine(self.gateway.today(), VISIT_ENTRY_COME_BACK)
        )
        self.come_back.setEnabled(False)
        self.come_back.setAccessibleName(self.tr("Ngày giờ hẹn quay lại"))
        outcome_row.addWidget(self.come_back)
        outcome_row.addStretch(1)

        self.visited_at = QLineEdit(self)
        self.visited_at.setPlaceholderText(self.tr("hh:mm"))
        self.visited_at.setMaximumWidth(80)
        self.visited_at.setToolTip(self.tr("Giờ đến hộ, nếu phiếu có ghi (ví dụ 19:40)"))
        visited_label = QLabel(self.tr("Giờ đế&n:"), self)
        visited_label.setBuddy(self.visited_at)
        self.notes = QLineEdit(self)
        self.notes.setPlaceholderText(self.tr("ví dụ: chủ hộ đi làm ca đêm, hẹn thứ Bảy"))
        notes_label = QLabel(self.tr("Gh&i chú:"), self)
        notes_label.setBuddy(self.notes)
        fields_row = QHBoxLayout()
        fields_row.addWidget(visited_label)
        fields_row.addWidget(self.visited_at)
        fields_row.addSpacing(12)
        fields_row.addWidget(notes_label)
        fields_row.addWidget(self.notes, 1)

        self.grid = VisitGridModel(self)
        self.grid_view = VisitGridView(self)
        self.grid_view.setObjectName("visitGrid")
        self.grid_view.setModel(self.grid)
        keys = QLabel(
            self.tr(
                "Phím: <b>*</b> làm đủ mọi việc cần làm của cả hộ · <b>+</b> làm đủ cho người "
                "đang chọn rồi xuống người sau (gõ lại để bỏ) · <b>1–{n}</b> hoặc "
                "<b>Space</b> từng việc · <b>0</b> đã gặp · <b>T</b> từ chối · <b>V</b> không "
                "có nhà · <b>Enter</b> ở cột lý do: danh sách · <b>↑↓←→</b> di chuyển · "
                "<b>Ctrl+Enter</b> lưu và sang hộ sau · <b>Ctrl+S</b> lưu · "
                "<b>Ctrl+PgDn/PgUp</b> hộ sau/trước · <b>Esc</b> đóng"
            ),
            self,
        )
        self._keys_text = keys.text()
        keys.setObjectName("keysHint")
        keys.setWordWrap(True)
        keys.setStyleSheet(HINT_STYLE)
        self.keys_hint = keys
        self.error_label = error_line(self, selectable=True)
        self.info_label = QLabel(self)
        self.info_label.setObjectName("infoLabel")
        self.info_label.setWordWrap(True)

        self.save_button = QPushButton(self.tr("&Lưu (Ctrl+S)"), self)
        self.save_next_button = QPushButton(self.tr("Lưu và &sang hộ sau (Ctrl+Enter)"), self)
        self.close_button = QPushButton(self.tr("Đóng (Esc)"), self)
        self.delete_button = QPushButton(self.tr("&Xóa kết quả đã nhập… (Ctrl+Shift+Del)"), self)
        self.delete_button.setObjectName("deleteVisitButton")
        self.delete_button.setToolTip(
            self.tr(
                "Xóa kết quả đã lưu của hộ này (nhập nhầm hộ): bỏ các việc đã ghi trong lượt "
                "này và đưa trạng thái nhân khẩu về như trước"
            )
        )
        self.delete_button.setEnabled(False)
        for button in (
            self.save_button,
            self.save_next_button,
            self.close_button,
            self.delete_button,
        ):
            button.setAutoDefault(False)  # Enter belongs to the grid, not to a button
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addSpacing(12)
        buttons.addWidget(self.info_label, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.save_next_button)
        buttons.addWidget(self.close_button)

        rule = QFrame(self)
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setFrameShadow(QFrame.Shadow.Sunken)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.addWidget(self.household_title)
        layout.addWidget(self.banner)
        layout.addLayout(outcome_row)
        layout.addLayout(fields_row)
        layout.addWidget(rule)
        layout.addWidget(self.grid_view, 1)
        layout.addWidget(keys)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)
        return panel
