"""Adding or editing a household: group, address, coordinates, notes.

"Chọn trên bản đồ…" opens the map picker on the loaded map's streets around the house
(desktop.ui.widgets.position_picker); the point chosen fills the coordinate fields, and
saving the dialog then confirms the household's position (`position_confirmed`), even
when the picker kept an estimate of `map locate` where it was.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from desktop.domain.errors import UserError
from desktop.services.households import HouseholdForm, HouseholdInput
from desktop.services.maps.placing import Surroundings
from desktop.ui.widgets.form_dialog import FormDialog
from desktop.ui.widgets.form_fields import parse_coordinate, split_coordinate_pair
from desktop.ui.widgets.formatting import coordinate_text
from desktop.ui.widgets.messages import show_refusal
from desktop.ui.widgets.position_picker import PickerPoint, PickerStreet, PositionPickerDialog

CheckHousehold = Callable[[HouseholdInput], object]
SaveHousehold = Callable[[HouseholdInput], int | None]
# (the coordinates typed, or None; the street typed) → the map around the house, or
# None when no map is loaded
ReadSurroundings = Callable[[tuple[float, float] | None, str], Surroundings | None]


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
        surroundings: ReadSurroundings | None = None,
    ) -> None:
        super().__init__(parent, "")
        self.setProperty("help_page", "ho-dan.html#ho")  # F1 opens this page
        self.setWindowTitle(
            self.tr("Sửa hộ {code}").format(code=form.code) if form else self.tr("Thêm hộ gia đình")
        )
        self._check = check
        self._save = save
        self._surroundings = surroundings
        self.saved_id: int | None = None
        # The officer chose the position on the map: saving confirms it.
        self.position_confirmed = False
        self.picker: PositionPickerDialog | None = None
        self._stored_position: tuple[float | None, float | None] = (None, None)
        self._shown_position: tuple[str, str] | None = None
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
        self.map_button = QPushButton(self.tr("Chọn trên &bản đồ…"), self)
        self.map_button.setToolTip(
            self.tr("Đặt nhà vào đúng chỗ trên bản đồ đường phố đã nạp (Alt+B).")
        )
        self.map_button.setAutoDefault(False)
        self.map_button.clicked.connect(self.pick_on_map)
        self.map_button.setVisible(surroundings is not None)
        position_row = QHBoxLayout()
        position_row.addWidget(hint, 1)
        position_row.addWidget(self.map_button)
        self.form.addRow("", position_row)
        if surroundings is not None:
            self._fields.append(self.map_button)  # Tab: Kinh độ → the button → Ghi chú
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
        # Coordinates are shown to 6 decimals; left as shown, the stored ones are kept
        # (so saving the address alone neither rounds nor confirms a position).
        self._stored_position = (form.lat, form.lon)
        self._shown_position = (coordinate_text(form.lat), coordinate_text(form.lon))
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

    def pick_on_map(self) -> None:
        """Open the map picker around the house; its point fills the coordinates."""
        if self._surroundings is None:
            return
        try:
            lat = parse_coordinate(self.lat.text(), self.tr("Vĩ độ"))
            lon = parse_coordinate(self.lon.text(), self.tr("Kinh độ"))
        except UserError:
            lat = lon = None  # the picker starts near the street instead
        near = (lat, lon) if lat is not None and lon is not None else None
        around = self._surroundings(near, self.street.text())
        if around is None:
            self.show_error(
                self.tr(
                    "Chưa có bản đồ: nạp bản đồ trong cửa sổ “Lập tuyến đêm nay” (Bản đồ ▸ "
                    "Nạp bản đồ…) rồi chọn vị trí trên bản đồ."
                ),
                self.map_button,
            )
            return
        self.picker = PositionPickerDialog(
            self,
            self.tr("Chọn vị trí của hộ trên bản đồ"),
            [PickerStreet(street.name, street.points) for street in around.streets],
            [PickerPoint(house.label, house.x, house.y) for house in around.neighbours],
            around.position,
            around.bounds,
            lambda point: self._coordinates_text(around.lat_lon(point)),
        )
        if self.picker.exec() and self.picker.chosen is not None:
            lat, lon = around.lat_lon(self.picker.chosen)
            self.lat.setText(coordinate_text(lat))
            self.lon.setText(coordinate_text(lon))
            self.position_confirmed = True

    def _coordinates_text(self, position: tuple[float, float]) -> str:
        return self.tr("Vĩ độ {lat}, kinh độ {lon}").format(
            lat=coordinate_text(position[0]), lon=coordinate_text(position[1])
        )

    def household_input(self) -> HouseholdInput:
        """The form's values; raises UserError for a coordinate that is not a number."""
        group_id = self.group.currentData()
        if group_id is None:
            raise UserError(self.tr("Hãy chọn tổ dân phố của hộ."))
        if (self.lat.text(), self.lon.text()) == self._shown_position:
            lat, lon = self._stored_position
        else:
            lat = parse_coordinate(self.lat.text(), self.tr("Vĩ độ"))
            lon = parse_coordinate(self.lon.text(), self.tr("Kinh độ"))
        return HouseholdInput(
            group_id=group_id,
            house_number=self.house_number.text(),
            lane=self.lane.text(),
            street=self.street.text(),
            lat=lat,
            lon=lon,
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
