"""The planning window's map dialogs: load a map file, the station's location, and what
"Định vị các hộ theo địa chỉ" did.

    LoadMapDialog(parent, check_bbox)   → .path, .bbox (text or None) once accepted
    StationDialog(parent, status, save) → .saved (StationLocation) once accepted
    LocateResultDialog(parent, result)  → counts and the households left unplaced
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import UserError
from desktop.services.maps.locating import LocateResult
from desktop.services.wards import StationLocation
from desktop.ui.planning.gateway import MapStatus
from desktop.ui.planning.meeting_point import parse_meeting_point
from desktop.ui.widgets.form_dialog import FormDialog
from desktop.ui.widgets.formatting import vietnamese_number

MAP_FILES = "Bản đồ OpenStreetMap (*.osm.pbf *.pbf *.osm);;Mọi tệp (*)"


def _decimal(value: float) -> str:
    """OSM's precision (7 decimals), without trailing zeros, with a decimal comma."""
    return f"{value:.7f}".rstrip("0").rstrip(".").replace(".", ",")


def point_text(lat: float, lon: float) -> str:
    """ "22,482894, 103,9609722": as the coordinate fields show a point."""
    return f"{_decimal(lat)}, {_decimal(lon)}"


class LoadMapDialog(FormDialog):
    """Choose the map file and, when the file has no boundary of the ward, its area."""

    def __init__(
        self,
        parent: QWidget | None,
        check_bbox: Callable[[str], object],
        folder: str = "",
    ) -> None:
        super().__init__(parent, self.tr("Nạp bản đồ của phường"))
        self.setProperty("help_page", "ban-do.html#nap")  # F1 opens this page
        self._check_bbox = check_bbox
        self._folder = folder
        self.path: Path | None = None
        self.bbox: str | None = None
        self.save_button.setText(self.tr("&Nạp"))
        self.set_header(
            self.tr(
                "Chọn tệp bản đồ OpenStreetMap (.osm.pbf) của tỉnh hoặc cả nước: phòng, ban "
                "của tỉnh tải một lần và chép cho các phường bằng USB. Chỉ phần của phường "
                "được giữ lại: đường đi bộ được và tên của chúng, điểm địa chỉ, trụ sở công "
                "an. Bản đồ nạp sau thay bản đồ trước."
            )
        )
        self.file_field = QLineEdit(self)
        self.file_field.setObjectName("mapFile")
        self.file_field.setPlaceholderText(self.tr("Đường dẫn tệp .osm.pbf hoặc .osm"))
        self.add_row(self.tr("&Tệp bản đồ:"), self.file_field)
        browse = self.buttons.addButton(
            self.tr("&Chọn tệp…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        browse.clicked.connect(self.browse)
        self.bbox_field = QLineEdit(self)
        self.bbox_field.setObjectName("mapBbox")
        self.bbox_field.setPlaceholderText(self.tr("Để trống: theo ranh giới phường trên bản đồ"))
        self.bbox_field.setToolTip(
            self.tr(
                "Khi tệp không có ranh giới của phường: vĩ độ nam, kinh độ tây, vĩ độ bắc, "
                "kinh độ đông (S,W,N,E), ví dụ 22.47,103.95,22.51,103.99. Để trống thì lấy "
                "ranh giới phường, hoặc vùng quanh các hộ đã có toạ độ."
            )
        )
        self.add_row(self.tr("&Khung toạ độ:"), self.bbox_field)
        self.error_fields = [("tệp", self.file_field), ("khung toạ độ", self.bbox_field)]
        self.setMinimumWidth(560)

    def browse(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.tr("Chọn tệp bản đồ"), self._folder, self.tr(MAP_FILES)
        )
        if chosen:
            self.file_field.setText(chosen)

    def submit(self) -> bool:
        text = self.file_field.text().strip()
        if not text:
            self.show_error(self.tr("Hãy chọn tệp bản đồ (.osm.pbf)."), self.file_field)
            return False
        path = Path(text)
        if not path.is_file():
            self.show_error(
                self.tr("Không tìm thấy tệp “{path}”.").format(path=text), self.file_field
            )
            return False
        bbox = self.bbox_field.text().strip() or None
        if bbox is not None:
            try:
                self._check_bbox(bbox)
            except UserError as error:
                self.show_error(str(error), self.bbox_field)
                return False
        self.path, self.bbox = path, bbox
        return True


class StationDialog(FormDialog):
    """The ward's police station: its coordinates typed, or taken from the map."""

    def __init__(
        self,
        parent: QWidget | None,
        status: MapStatus,
        save: Callable[[float, float], StationLocation],
    ) -> None:
        super().__init__(parent, self.tr("Vị trí trụ sở"))
        self.setProperty("help_page", "ban-do.html#tru-so")  # F1 opens this page
        self._save = save
        self.saved: StationLocation | None = None
        self.set_header(
            self.tr(
                "Trụ sở {name} là điểm tập trung mặc định của mọi lộ trình. Ghi vĩ độ rồi kinh "
                "độ, ví dụ 22,4829, 103,9610 (chép từ ứng dụng bản đồ cũng được)."
            ).format(name=status.station_name)
        )
        self.point = QLineEdit(self)
        self.point.setObjectName("stationPoint")
        if status.station is not None:
            self.point.setText(point_text(*status.station))
        self.add_row(self.tr("&Toạ độ:"), self.point)
        self.on_map = status.station_on_map
        self.use_map_button = self.buttons.addButton(
            self.tr("&Dùng trụ sở trên bản đồ"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.use_map_button.setObjectName("useMapStation")
        self.use_map_button.clicked.connect(self.use_map_station)
        self.map_note = QLabel(self)
        self.map_note.setWordWrap(True)
        self.map_note.setStyleSheet("color: palette(placeholder-text);")
        if self.on_map is None:
            self.use_map_button.setEnabled(False)
            self.map_note.setText(
                self.tr("Bản đồ đã nạp không có trụ sở công an mang tên phường.")
                if status.has_map
                else self.tr("Chưa nạp bản đồ: sau khi nạp, có thể lấy vị trí trụ sở từ đó.")
            )
        else:
            self.map_note.setText(
                self.tr("Trên bản đồ: “{name}” tại {point}.").format(
                    name=self.on_map.name, point=point_text(self.on_map.lat, self.on_map.lon)
                )
            )
        self.form.addRow(self.map_note)
        self.error_fields = [("toạ độ", self.point), ("vĩ độ", self.point), ("kinh độ", self.point)]
        self.setMinimumWidth(480)

    def use_map_station(self) -> None:
        if self.on_map is not None:
            self.point.setText(point_text(self.on_map.lat, self.on_map.lon))

    def submit(self) -> bool:
        text = self.point.text().strip()
        if not text:
            self.show_error(
                self.tr("Hãy ghi toạ độ của trụ sở: vĩ độ rồi kinh độ, ví dụ 22,4829, 103,9610."),
                self.point,
            )
            return False
        try:
            lat, lon = parse_meeting_point(text)
            self.saved = self._save(lat, lon)
        except UserError as error:
            self.show_error(str(error), self.point)
            return False
        return True


class LocateResultDialog(QDialog):
    """How many households were placed, and which were not, with the reason for each."""

    def __init__(self, parent: QWidget | None, result: LocateResult) -> None:
        super().__init__(parent)
        self.setProperty("help_page", "ban-do.html#dinh-vi")  # F1 opens this page
        self.setWindowTitle(self.tr("Định vị các hộ theo địa chỉ"))
        self.result = result
        self.summary = QLabel(self)
        self.summary.setObjectName("locateSummary")
        self.summary.setWordWrap(True)
        text = self.tr(
            "Đã định vị {located} hộ: {points} hộ theo điểm địa chỉ trên bản đồ, {between} hộ "
            "nội suy theo số nhà dọc phố (vị trí ước tính, cán bộ xác nhận hoặc kéo lại khi "
            "cần)."
        ).format(
            located=vietnamese_number(result.located),
            points=vietnamese_number(result.by_address_point),
            between=vietnamese_number(result.interpolated),
        )
        if result.kept:
            text += " " + self.tr(
                "{kept} hộ có vị trí theo danh sách của phường hoặc đã xác nhận: giữ nguyên."
            ).format(kept=vietnamese_number(result.kept))
        self.summary.setText(text)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        self.table = QTableWidget(len(result.unplaced), 3, self)
        self.table.setObjectName("unplacedHouseholds")
        if result.unplaced:
            heading = QLabel(
                self.tr(
                    "{count} hộ chưa định vị được (không đặt bừa): sửa địa chỉ hoặc đặt bằng tay."
                ).format(count=vietnamese_number(len(result.unplaced))),
                self,
            )
            heading.setWordWrap(True)
            layout.addWidget(heading)
            self._fill_table()
            layout.addWidget(self.table, 1)
        else:
            self.table.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Đóng"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 460 if result.unplaced else 160)

    def _fill_table(self) -> None:
        table = self.table
        table.setHorizontalHeaderLabels([self.tr("Mã hộ"), self.tr("Địa chỉ"), self.tr("Lý do")])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        table.setWordWrap(False)
        for row, household in enumerate(self.result.unplaced):
            for column, text in enumerate((household.household_code, household.address,
                                           household.why)):  # fmt: skip
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                table.setItem(row, column, item)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        table.setColumnWidth(1, 240)
