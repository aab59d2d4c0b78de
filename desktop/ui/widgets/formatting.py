"""How numbers, dates and statuses read in the window (Vietnamese conventions).

Small functions shared by the models, the tree and the status bar, so that they say
the same thing the same way. Words go through Qt's translation (context "Formatting").
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QLocale

# The window's name for desktop.domain.numbers.number ("12.345"), kept for its many callers.
from desktop.domain.numbers import number as vietnamese_number


def _tr(text: str) -> str:
    return QCoreApplication.translate("Formatting", text)


# The order in which pending services are listed ("mức 2, 114").
_PENDING_ORDER = ("level2", "app_114")
# Date fields' calendars name the months and weekdays in Vietnamese whatever the
# system's language (an English Windows showed "December", "Mon").
VIETNAMESE = QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam)


def percent(part: int, whole: int) -> str:
    """ "53%" in whole percent; "0%" when there is nothing to count."""
    return f"{round(100 * part / whole) if whole else 0}%"


def level2_progress(name: str, level2: int, adults: int) -> str:
    """ "Tổ 23 · 412/1.030 mức 2": the text of a node in the area tree."""
    return _tr("{name} · {level2}/{adults} mức 2").format(
        name=name, level2=vietnamese_number(level2), adults=vietnamese_number(adults)
    )


def yes_no(value: bool | None) -> str:
    """True/False/None → "Có"/"Không"/"" (unknown stays empty, as in the register)."""
    if value is None:
        return ""
    return _tr("Có") if value else _tr("Không")


def vneid_level_text(level: int) -> str:
    """0/1/2 → "Chưa có"/"Mức 1"/"Mức 2"."""
    if level == 2:
        return _tr("Mức 2")
    if level == 1:
        return _tr("Mức 1")
    return _tr("Chưa có")


def gender_text(gender: str | None) -> str:
    """ "male"/"female" → "Nam"/"Nữ"; unknown → ""."""
    if gender == "male":
        return _tr("Nam")
    if gender == "female":
        return _tr("Nữ")
    return ""


def birth_text(birth_date: date | None, birth_year: int | None) -> str:
    """ "05/03/1985", or just "1985" when only the year is known."""
    if birth_date is not None:
        return f"{birth_date.day:02d}/{birth_date.month:02d}/{birth_date.year}"
    return str(birth_year) if birth_year else ""


def pending_text(pending: frozenset[str] | set[str]) -> str:
    """ "mức 2, 114" for a resident still owed both services; "" when nothing is owed."""
    labels = {"level2": _tr("mức 2"), "app_114": _tr("114")}
    return ", ".join(labels[name] for name in _PENDING_ORDER if name in pending)


def coordinate_text(value: float | None) -> str:
    """A coordinate as a dialog shows it: up to 6 decimals with a decimal comma."""
    if value is None:
        return ""
    return f"{value:.6f}".rstrip("0").rstrip(".").replace(".", ",")
