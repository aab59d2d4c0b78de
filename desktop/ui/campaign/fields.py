"""Small input pieces the campaign dialogs share: date and time fields, and parsers.

Dates read dd/MM/yyyy with a calendar (Alt+Down opens it); a clock time is typed as
"19:40", "1940", "19h40" or "19.40". Parsers raise InvalidValue with one sentence.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QTime
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit, QTimeEdit, QWidget

from desktop.domain.errors import InvalidValue
from desktop.ui.widgets.formatting import VIETNAMESE

_CLOCK = re.compile(r"^(\d{1,2})\s*(?:[:hH.]\s*(\d{1,2})?|(\d{2}))?$")


def _tr(text: str) -> str:
    return QCoreApplication.translate("CampaignFields", text)


def parse_clock(text: str) -> time | None:
    """ "19:40", "1940", "19h40", "19h", "19.40" → 19:40; "" → None."""
    text = text.strip()
    if not text:
        return None
    match = _CLOCK.match(text)
    if match:
        hour = int(match.group(1))
        minute = int(match.group(2) or match.group(3) or 0)
        if len(match.group(1)) <= 2 and 0 <= hour < 24 and 0 <= minute < 60:
            return time(hour, minute)
    raise InvalidValue(_tr("Giờ “{text}” không đúng: ghi giờ:phút, ví dụ 19:40.").format(text=text))


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def to_qtime(value: time) -> QTime:
    return QTime(value.hour, value.minute)


def from_qtime(value: QTime) -> time:
    return time(value.hour(), value.minute())


def to_qdatetime(value: datetime) -> QDateTime:
    return QDateTime(to_qdate(value.date()), to_qtime(value.time()))


def from_qdatetime(value: QDateTime) -> datetime:
    return datetime.combine(from_qdate(value.date()), from_qtime(value.time()))


def date_field(parent: QWidget, day: date) -> QDateEdit:
    """A dd/MM/yyyy date field with a calendar. It says it changed once the typing is
    done (Enter, Tab or the calendar), not at every digit: each change reads a night."""
    field = QDateEdit(to_qdate(day), parent)
    field.setDisplayFormat("dd/MM/yyyy")
    field.setLocale(VIETNAMESE)
    field.setCalendarPopup(True)
    field.setKeyboardTracking(False)
    return field


def time_field(parent: QWidget, value: time) -> QTimeEdit:
    field = QTimeEdit(to_qtime(value), parent)
    field.setDisplayFormat("HH:mm")
    return field


def datetime_field(parent: QWidget, value: datetime) -> QDateTimeEdit:
    field = QDateTimeEdit(to_qdatetime(value), parent)
    field.setDisplayFormat("HH:mm dd/MM/yyyy")
    field.setLocale(VIETNAMESE)
    field.setCalendarPopup(True)
    return field
