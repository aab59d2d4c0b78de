"""Small input pieces the dialogs share: tri-state combos and forgiving text parsers.

Parsers raise InvalidValue with one Vietnamese sentence, shown under the form.
"""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QWidget

from desktop.domain.errors import InvalidValue

_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_YEAR = re.compile(r"^\d{4}$")
_NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?$")
# "22.4856, 103.9712" as a map application copies it: dot decimals, comma between.
_PAIR = re.compile(r"^\s*(-?\d+\.\d+)\s*[,;]\s*(-?\d+\.\d+)\s*$")


def _tr(text: str) -> str:
    return QCoreApplication.translate("FormFields", text)


def parse_birth(text: str) -> tuple[date | None, int | None]:
    """ "05/03/1985" → (date, 1985); "1985" → (None, 1985); "" → (None, None)."""
    text = text.strip()
    if not text:
        return None, None
    if _YEAR.match(text):
        return None, int(text)
    match = _DATE.match(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
        try:
            return date(year, month, day), year
        except ValueError:
            pass
    raise InvalidValue(
        _tr(
            "Ngày sinh “{text}” không đúng: ghi ngày/tháng/năm (ví dụ 05/03/1985) "
            "hoặc chỉ năm sinh."
        ).format(text=text)
    )


def parse_coordinate(text: str, what: str) -> float | None:
    """ "22,4856" or "22.4856" → 22.4856; "" → None. `what` names the field in the error."""
    text = text.strip().replace(" ", "")
    if not text:
        return None
    if not _NUMBER.match(text):
        raise InvalidValue(
            _tr("{what} “{text}” không phải là số (ví dụ 22,4856).").format(what=what, text=text)
        )
    return float(text.replace(",", "."))


def split_coordinate_pair(text: str) -> tuple[str, str] | None:
    """The two halves of "22.4856, 103.9712" pasted into one field, else None."""
    match = _PAIR.match(text)
    return (match.group(1), match.group(2)) if match else None


class TriStateCombo(QComboBox):
    """Chưa rõ / Có / Không for a yes-no fact that may be unknown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.addItem(self.tr("Chưa rõ"), None)
        self.addItem(self.tr("Có"), True)
        self.addItem(self.tr("Không"), False)

    def value(self) -> bool | None:
        return self.currentData()

    def set_value(self, value: bool | None) -> None:
        self.setCurrentIndex({None: 0, True: 1, False: 2}[value])
