"""Date fields show their calendar in Vietnamese whatever the system's language."""

from datetime import date, datetime

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QWidget

from desktop.ui.campaign.fields import date_field, datetime_field


def test_the_calendar_names_months_and_days_in_vietnamese_on_an_english_system(qtbot):
    system = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    try:
        parent = QWidget()
        qtbot.addWidget(parent)
        for field in (
            date_field(parent, date(2026, 12, 6)),
            datetime_field(parent, datetime(2026, 12, 6, 19, 30)),
        ):
            calendar = field.calendarWidget()
            assert calendar.locale().language() == QLocale.Language.Vietnamese
            assert calendar.locale().monthName(12) == "tháng 12"
            assert field.text().endswith("06/12/2026")
    finally:
        QLocale.setDefault(system)
