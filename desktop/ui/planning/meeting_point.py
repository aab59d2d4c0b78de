"""Where the teams meet: the station, a household found by a search, or a typed point.

A point is typed as a map application copies it or as Vietnamese write decimals:
"22.4901, 103.9702", "22,4901, 103,9702" or "22,4901 103,9702". A point outside
Vietnam is refused, with a hint when latitude and longitude look swapped.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import InvalidValue
from desktop.ui.planning.gateway import HouseholdPlace

LatLon = tuple[float, float]
_NUMBER = r"-?\d+(?:[.,]\d+)?"
_POINT = re.compile(rf"^\s*({_NUMBER})\s*(?:[,;]\s*|\s+)({_NUMBER})\s*$")
LATITUDES = (8.0, 23.5)
LONGITUDES = (102.0, 110.0)
STATION, HOUSEHOLD, POINT = 0, 1, 2


def _tr(text: str) -> str:
    return QCoreApplication.translate("MeetingPoint", text)


def parse_meeting_point(text: str) -> LatLon:
    """ "22,4901, 103,9702" → (22.4901, 103.9702); InvalidValue with the reason otherwise."""
    if not text.strip():
        raise InvalidValue(
            _tr("Hãy ghi toạ độ điểm tập trung: vĩ độ rồi kinh độ, ví dụ 22,4901, 103,9702.")
        )
    match = _POINT.match(text)
    if match is None:
        raise InvalidValue(
            _tr(
                "Toạ độ “{text}” không đọc được: ghi vĩ độ rồi kinh độ, cách nhau bằng dấu "
                "phẩy hoặc dấu cách, ví dụ 22,4901, 103,9702."
            ).format(text=text.strip())
        )
    lat, lon = (float(part.replace(",", ".")) for part in match.groups())
    if _inside(lon, LATITUDES) and _inside(lat, LONGITUDES):
        raise InvalidValue(
            _tr(
                "Toạ độ “{text}” có vẻ bị đảo: ghi vĩ độ trước (từ 8 đến 23,5) rồi mới đến "
                "kinh độ (từ 102 đến 110)."
            ).format(text=text.strip())
        )
    if not (_inside(lat, LATITUDES) and _inside(lon, LONGITUDES)):
        raise InvalidValue(
            _tr(
                "Toạ độ “{text}” nằm ngoài lãnh thổ Việt Nam: vĩ độ từ 8 đến 23,5, kinh độ "
                "từ 102 đến 110."
            ).format(text=text.strip())
        )
    return (lat, lon)


def _inside(value: float, bounds: tuple[float, float]) -> bool:
    return bounds[0] <= value <= bounds[1]


class MeetingPointPicker(QWidget):
    """The meeting point: a choice of kind, and the search or the text that goes with it."""

    changed = Signal()

    def __init__(
        self,
        find: Callable[[str], list[HouseholdPlace]],
        position_of: Callable[[int], LatLon | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._find = find
        self._position_of = position_of
        self._places: dict[str, HouseholdPlace] = {}
        self.household: HouseholdPlace | None = None
        self.household_position: LatLon | None = None
        self.kind = QComboBox(self)
        self.kind.addItem(self.tr("Trụ sở công an"), STATION)
        self.kind.addItem(self.tr("Nhà một hộ…"), HOUSEHOLD)
        self.kind.addItem(self.tr("Toạ độ…"), POINT)
        self.station_label = QLabel(self)
        self.station_label.setWordWrap(True)
        self.search = QLineEdit(self)
        self.search.setObjectName("meetingHouseholdSearch")
        self.search.setPlaceholderText(self.tr("Tìm hộ: tên chủ hộ, số nhà, đường…"))
        self.search.setClearButtonEnabled(True)
        self._suggestions = QStringListModel(self)
        self.completer = QCompleter(self._suggestions, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setWidget(self.search)
        self.completer.activated[str].connect(self._choose_label)
        self.chosen_label = QLabel(self)
        self.chosen_label.setWordWrap(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self._look_up)
        self.search.textEdited.connect(lambda _text: self._timer.start())
        self.search.returnPressed.connect(self._look_up)
        self.point = QLineEdit(self)
        self.point.setObjectName("meetingPoint")
        self.point.setPlaceholderText(self.tr("Vĩ độ, kinh độ — ví dụ 22,4901, 103,9702"))
        self.point.textEdited.connect(lambda _text: self.changed.emit())
        household_page = QWidget(self)
        household_layout = QVBoxLayout(household_page)
        household_layout.setContentsMargins(0, 0, 0, 0)
        household_layout.addWidget(self.search)
        household_layout.addWidget(self.chosen_label)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.station_label)
        self.pages.addWidget(household_page)
        self.pages.addWidget(self.point)
        self.kind.currentIndexChanged.connect(self._show_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.kind)
        layout.addWidget(self.pages)
        self._show_page(STATION)

    def set_station(self, name: str, located: bool) -> None:
        """Name the station the teams meet at by default (and say when it has no point)."""
        if located:
            self.station_label.setText(name)
        else:
            self.station_label.setText(
                self.tr("{name} (chưa có toạ độ: lấy điểm giữa các hộ)").format(name=name)
            )

    def meeting_point(self) -> tuple[LatLon | None, str | None]:
        """(point, label for the walk sheet); (None, None) for the station.

        Raises InvalidValue for a point that cannot be read or a household not chosen.
        """
        kind = self.kind.currentData()
        if kind == POINT:
            return parse_meeting_point(self.point.text()), None
        if kind == HOUSEHOLD:
            if self.household is None or self.household_position is None:
                raise InvalidValue(
                    self.tr(
                        "Hãy tìm và chọn hộ làm điểm tập trung (hộ đó cần có toạ độ), "
                        "hoặc chọn “Trụ sở công an”."
                    )
                )
            label = self.tr("Nhà {head}, {address}").format(
                head=self.household.head_name, address=self.household.address
            )
            return self.household_position, label
        return None, None

    def use_household(self, place: HouseholdPlace, position: LatLon | None) -> None:
        """Meet at this household (refused later, in meeting_point(), without coordinates)."""
        self.kind.setCurrentIndex(HOUSEHOLD)
        self.household = place
        self.household_position = position
        self.search.setText(place.address or place.code)
        if position is None:
            self.chosen_label.setText(self.tr("Hộ này chưa có toạ độ: hãy chọn hộ khác."))
            self.chosen_label.setStyleSheet("color: #b00020;")
        else:
            self.chosen_label.setText(self.tr("Tập trung tại: {place}").format(place=place.label))
            self.chosen_label.setStyleSheet("")
        self.changed.emit()

    def focus_field(self) -> None:
        """Put the cursor where the meeting point is typed or searched."""
        page = self.kind.currentData()
        target = {HOUSEHOLD: self.search, POINT: self.point}.get(page, self.kind)
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(target, QLineEdit):
            target.selectAll()

    def _show_page(self, _index: int) -> None:
        self.pages.setCurrentIndex(self.kind.currentData())
        self.changed.emit()

    def _look_up(self) -> None:
        self._timer.stop()
        places = self._find(self.search.text())
        self._places = {place.label: place for place in places}
        self._suggestions.setStringList(list(self._places))
        if places:
            self.completer.complete()

    def _choose_label(self, label: str) -> None:
        place = self._places.get(label)
        if place is not None:
            position = self._position_of(place.id) if place.has_coordinates else None
            self.use_household(place, position)
