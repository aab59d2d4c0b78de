"""The planning settings: minutes per household and per service, walking speed, detours.

The spin boxes let any plausible number through; the settings service decides what is
sensible and its sentence appears under the form, so the bounds live in one place.
A line under the fields says what the numbers mean for one household and one walk.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QDialogButtonBox, QDoubleSpinBox, QLabel, QWidget

from desktop.domain.errors import UserError
from desktop.services.planning.geometry import visit_seconds
from desktop.services.settings import PlanningSettings
from desktop.ui.widgets.form_dialog import FormDialog

_VIETNAMESE = QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam)
# The household of the example line: two residents, three services each.
_EXAMPLE_HOUSEHOLD = (3, 3)


def _spin(parent: QWidget, top: float, decimals: int, step: float, suffix: str) -> QDoubleSpinBox:
    box = QDoubleSpinBox(parent)
    box.setLocale(_VIETNAMESE)
    box.setRange(0.0, top)
    box.setDecimals(decimals)
    box.setSingleStep(step)
    box.setSuffix(suffix)
    box.setAccelerated(True)
    return box


def _decimal(value: float) -> str:
    return f"{value:g}".replace(".", ",")


class PlanningSettingsDialog(FormDialog):
    """Edit and save the planning settings through `save` (the gateway's)."""

    def __init__(
        self,
        parent: QWidget | None,
        settings: PlanningSettings,
        save: Callable[[PlanningSettings], PlanningSettings],
    ) -> None:
        super().__init__(parent, self.tr("Thông số lập tuyến"))
        self.setProperty("help_page", "lo-trinh.html#thong-so")  # F1 opens this page
        self._save = save
        self.saved: PlanningSettings | None = None
        self.set_header(
            self.tr(
                "Thời gian ở mỗi hộ = phút cho mỗi hộ + phút cho mỗi việc còn lại; mỗi cán bộ, "
                "đoàn viên của tổ giúp một người dân cùng lúc. Quãng đường đi bộ = đường chim "
                "bay × hệ số đường vòng (ngõ, ngách không thẳng)."
            )
        )
        self.per_household = _spin(self, 999, 1, 0.5, self.tr(" phút"))
        self.per_service = _spin(self, 999, 1, 0.5, self.tr(" phút"))
        self.speed = _spin(self, 99, 1, 0.1, self.tr(" km/giờ"))
        self.detour = _spin(self, 9.9, 2, 0.05, "")
        self.add_row(self.tr("Mỗi &hộ:"), self.per_household)
        self.add_row(self.tr("Mỗi &việc:"), self.per_service)
        self.add_row(self.tr("Tốc độ đi &bộ:"), self.speed)
        self.add_row(self.tr("Hệ số đường &vòng:"), self.detour)
        self.example = QLabel(self)
        self.example.setObjectName("settingsExample")
        self.example.setWordWrap(True)
        self.example.setStyleSheet("color: palette(placeholder-text);")
        self.form.addRow(self.example)
        self.error_fields = [
            ("mỗi hộ", self.per_household),
            ("mỗi dịch vụ", self.per_service),
            ("tốc độ", self.speed),
            ("đường vòng", self.detour),
        ]
        defaults = self.buttons.addButton(
            self.tr("&Mặc định"), QDialogButtonBox.ButtonRole.ResetRole
        )
        defaults.clicked.connect(lambda: self.show_settings(PlanningSettings()))
        for box in (self.per_household, self.per_service, self.speed, self.detour):
            box.valueChanged.connect(lambda _value: self._explain())
        self.show_settings(settings)
        self.setMinimumWidth(480)

    def show_settings(self, settings: PlanningSettings) -> None:
        self.per_household.setValue(settings.minutes_per_household)
        self.per_service.setValue(settings.minutes_per_service)
        self.speed.setValue(settings.walking_speed_kmh)
        self.detour.setValue(settings.detour_factor)
        self._explain()

    def settings(self) -> PlanningSettings:
        return PlanningSettings(
            minutes_per_household=self.per_household.value(),
            minutes_per_service=self.per_service.value(),
            walking_speed_kmh=self.speed.value(),
            detour_factor=self.detour.value(),
        )

    def _explain(self) -> None:
        values = self.settings()
        alone = visit_seconds(_EXAMPLE_HOUSEHOLD, 1, values) / 60
        two = visit_seconds(_EXAMPLE_HOUSEHOLD, 2, values) / 60
        speed = max(values.walking_speed_kmh, 0.1)
        walk = 0.5 * values.detour_factor / speed * 60
        self.example.setText(
            self.tr(
                "Ví dụ: hộ có 2 người, mỗi người còn 3 việc: tổ 1 người giúp mất {alone} phút, "
                "tổ 2 người mất {two} phút; hai hộ cách nhau 500 m đường chim bay đi hết "
                "khoảng {walk} phút."
            ).format(
                alone=_decimal(round(alone, 1)),
                two=_decimal(round(two, 1)),
                walk=_decimal(round(walk, 1)),
            )
        )

    def show_error(self, message: str, field: QWidget | None = None) -> None:
        super().show_error(message, field)
        self.adjustSize()  # room for the sentence, without squeezing the example

    def submit(self) -> bool:
        try:
            self.saved = self._save(self.settings())
        except UserError as error:
            self.show_error(str(error))
            return False
        return True
