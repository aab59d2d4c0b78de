"""Adding or editing a household: group, address, coordinates, notes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from desktop.domain.errors import UserError
from desktop.services.households import HouseholdForm, HouseholdInput
from desktop.ui.widgets.form_dialog import FormDialog
from desktop.ui.widgets.form_fields import parse_coordinate, split_coordinate_pair
from desktop.ui.widgets.formatting import coordinate_text
from desktop.ui.widgets.messages import show_refusal

CheckHousehold = Callable[[HouseholdInput], object]
SaveHousehold = Callable[[HouseholdInput], int | None]


class HouseholdDialog(FormDialog):
    """Asks for a household's group, address and coordinates, then saves it.

    `check` validates without saving (its UserError is shown under the form);
    `save` writes (its UserError is a refusal, shown in a message box too).
    After acceptance `saved_id` holds what save returned (the new id when adding).
    """

    def __init__(
        self,
        parent: QWidget | None,
        groups: list[tuple[int, str]],
        check: CheckHousehold,
        save: SaveHousehold,
        form: HouseholdForm | None = None,
        default_group_id: int | None = None,
    ) -> None:
        super().__init__(parent, "")
        self.setWindowTitle(
            self.tr("Sửa hộ {code}").format(code=form.code) if form else self.tr("Thêm hộ gia đình")
        )
        self._check = check
        self._save = save
        self.saved_id: int | None = None
        self.group = QComboBox(self)
        for group_id, name in groups:
            self.group.addItem(name, group_id)
        self.house_number = QLineEdit(self)
        self.house_number.setPlaceholderText(self.tr("ví dụ 12 hoặc 12A"))
        self.lane = QLineEdit(self)
        self.lane.setPlaceholderText(self.tr("ví dụ ngõ 5, ngách 5/12"))
        self.street = QLineEdit(self)
        self.street.setPlaceholderText(self.tr("ví dụ đường Hoàng Liên"))
        self.lat = QLineEdit(self)
        self.lat.setPlaceholderText(self.tr("ví dụ 22,4856 (để trống nếu chưa có)"))
        self.lon = QLineEdit(self)
        self.lon.setPlaceholderText(self.tr("ví dụ 103,9712"))
        self.notes = QLineEdit(self)
        self.add_row(self.tr("&Tổ dân phố:"), self.group)
        self.add_row(self.tr("Số &nhà:"), self.house_number)
        self.add_row(self.tr("N&gõ/ngách:"), self.lane)
        self.add_row(self.tr("Đường/&phố:"), self.street)
        self.add_row(self.tr("&Vĩ độ:"), self.lat)
        self.add_row(self.tr("&Kinh độ:"), self.lon)
        hint = QLabel(self.tr("Dán được cả cặp tọa độ từ bản đồ vào ô Vĩ độ."), self)
        hint.setToolTip(self.tr("Ví dụ: 22.4856, 103.9712 — tự tách thành vĩ độ và kinh độ."))
        hint.setStyleSheet("color: palette(placeholder-text);")
        self.form.addRow("", hint)
        self.add_row(self.tr("Ghi &chú:"), self.notes)
        self.lat.textChanged.connect(self._split_pasted_pair)
        self.error_fields = [
            ("vĩ độ", self.lat),
            ("kinh độ", self.lon),
            ("tọa độ", self.lat),
            ("số nhà", self.house_number),
            ("tổ dân phố", self.group),
        ]
        self._fill(form, default_group_id)
        self.setMinimumWidth(460)

    def _fill(self, form: HouseholdForm | None, default_group_id: int | None) -> None:
        group_id = form.group_id if form else default_group_id
        position = self.group.findData(group_id) if group_id is not None else -1
        self.group.setCurrentIndex(max(position, 0))
        self._version = form.version if form else 0
        if form is None:
            return
        self.house_number.setText(form.house_number or "")
        self.lane.setText(form.lane or "")
        self.street.setText(form.street or "")
        self.lat.setText(coordinate_text(form.lat))
        self.lon.setText(coordinate_text(form.lon))
        self.notes.setText(form.notes or "")

    @property
    def version(self) -> int:
        """The version of the household the form was read at (0 when adding)."""
        return self._version

    def _split_pasted_pair(self, text: str) -> None:
        pair = split_coordinate_pair(text)
        if pair is not None:
            self.lat.setText(pair[0].replace(".", ","))
            self.lon.setText(pair[1].replace(".", ","))
            self.lon.setFocus()

    def household_input(self) -> HouseholdInput:
        """The form's values; raises UserError for a coordinate that is not a number."""
        group_id = self.group.currentData()
        if group_id is None:
            raise UserError(self.tr("Hãy chọn tổ dân phố của hộ."))
        return HouseholdInput(
            group_id=group_id,
            house_number=self.house_number.text(),
            lane=self.lane.text(),
            street=self.street.text(),
            lat=parse_coordinate(self.lat.text(), self.tr("Vĩ độ")),
            lon=parse_coordinate(self.lon.text(), self.tr("Kinh độ")),
            notes=self.notes.text(),
        )

    def submit(self) -> bool:
        try:
            data = self.household_input()
            self._check(data)
        except UserError as error:
            self.show_error(str(error))
            return False
        try:
            self.saved_id = self._save(data)
        except UserError as error:
            self.show_error(str(error))
            show_refusal(self, error, self.tr("Không lưu được hộ"))
            return False
        return True
