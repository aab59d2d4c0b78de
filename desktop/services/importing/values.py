"""Reading cell values the way people typed them into a household list.

Each parser takes the raw cell (a string, a number, a date or a boolean, as the
workbook reader gives it) and returns the value, or raises InvalidValue with a
Vietnamese sentence that becomes a warning on that cell.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from desktop.domain.errors import InvalidValue

_EXCEL_EPOCH = date(1899, 12, 30)
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{4}|\d{2})$")
_YEAR_MONTH_DAY = re.compile(r"^(\d{4})[/\-.](\d{1,2})[/\-.](\d{1,2})$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})\s*[/\-.]\s*(\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")
_DIGIT = re.compile(r"\d")

# The ticks and words wards write in status columns, as _mark_text() gives them.
_YES = {"co", "x", "v", "yes", "y", "da", "roi", "dat", "ok", "1", "true", "xong", "+"}
_YES |= {"\u2713", "\u2714", "\u2611", "\u2612", "\u221a", "\u2705", "\u2716", "\u2715"}
_YES |= {"da cai", "da cai dat", "co cai", "da kich hoat", "da kh", "da tich hop", "da lam"}
_YES |= {"da co", "co roi", "da cai roi", "da xong", "roi a", "da lam roi", "da tich hop roi"}
_NO = {"khong", "chua", "chua cai", "no", "n", "0", "k", "ko", "false", "-", "\u2610"}
_NO |= {"chua kich hoat", "chua kh", "chua tich hop", "chua co", "khong co", "chua lam"}
_LEVEL = re.compile(r"^(?:(?:da )?(?:dddt|kich hoat|kh|co)? ?(?:muc|m))?\s*([012])$")


def is_blank(value: object) -> bool:
    """True for an empty cell (the reader gives empty cells as "")."""
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value: object) -> str:
    """The cell as a person reads it: NFC text, whole numbers without ".0", dd/mm/yyyy."""
    if is_blank(value):
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return unicodedata.normalize("NFC", str(value)).strip()


@dataclass(frozen=True)
class Birth:
    """A birth as the file gives it: a full date, or only the year."""

    birth_date: date | None
    birth_year: int | None


def parse_birth(value: object) -> Birth | None:
    """A real date, "dd/mm/yyyy", "d-m-yyyy", "yyyy-mm-dd", "mm/yyyy" or a bare year.

    Returns None for an empty cell. Raises InvalidValue for an impossible or
    unreadable date; when the year is still clear ("31/02/1990") the error carries it
    as `year`, so the caller can keep it.
    """
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        return Birth(value.date(), value.year)
    if isinstance(value, date):
        return Birth(value, value.year)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _birth_from_number(value)
    return _birth_from_text(cell_text(value))


class UnclearDate(InvalidValue):
    """A date that does not exist; `year` is the year it names, if that is clear."""

    def __init__(self, message: str, year: int | None = None) -> None:
        super().__init__(message)
        self.year = year


def _birth_from_number(number: float) -> Birth:
    if float(number).is_integer() and 1800 <= number <= 2200:
        return Birth(None, int(number))
    if float(number).is_integer() and 1 <= number <= 80000:
        # A date typed into a cell formatted as a number: Excel's day count.
        day = _EXCEL_EPOCH + timedelta(days=int(number))
        return Birth(day, day.year)
    raise UnclearDate(f"Ngày sinh “{cell_text(number)}” không đọc được.")


def _birth_from_text(text: str) -> Birth:
    compact = text.replace(" ", "") if _DIGIT.search(text) else text
    if match := _YEAR.match(compact):
        return Birth(None, int(match.group(1)))
    if match := _DAY_MONTH_YEAR.match(compact):
        day, month, year = (int(part) for part in match.groups())
        if len(match.group(3)) == 2:
            year += 1900 if year > date.today().year % 100 else 2000
        return _real_date(text, year, month, day)
    if match := _YEAR_MONTH_DAY.match(compact):
        year, month, day = (int(part) for part in match.groups())
        return _real_date(text, year, month, day)
    if match := _MONTH_YEAR.match(compact):
        month, year = int(match.group(1)), int(match.group(2))
        if 1 <= month <= 12:
            return Birth(None, year)
    raise UnclearDate(
        f"Ngày sinh “{text}” không đọc được (ghi dạng ngày/tháng/năm, ví dụ 05/03/1990)."
    )


def _real_date(text: str, year: int, month: int, day: int) -> Birth:
    try:
        return Birth(date(year, month, day), year)
    except ValueError:
        raise UnclearDate(f"Ngày sinh “{text}” không có thật.", year) from None


def parse_level(value: object) -> int | None:
    """ "Mức 2", "mức 1", 2, "ĐDĐT mức 2", "Chưa" → 2, 1, 2, 2, 0; None for an empty cell.

    A bare tick ("x", "✓", "Đã", "Rồi") says the person has an electronic ID account,
    not at which level: it counts as level 1.
    """
    if is_blank(value):
        return None
    text = _mark_text(value)
    digits = [int(ch) for ch in text if ch.isdigit()]
    if len(digits) == 1 and digits[0] in (0, 1, 2):
        return digits[0]
    if not digits and text in _NO:
        return 0
    if not digits and text in _YES:
        return 1
    raise InvalidValue(
        f"Mức định danh “{cell_text(value)}” không rõ (ghi “Mức 1”, “Mức 2” hoặc để trống)."
    )


def parse_level_mark(value: object, level: int) -> int:
    """A cell of a tick column for one level ("Mức 2", "KH", "Đã cài VNeID"): `level` for a
    tick or any note, the level a cell names ("Mức 1" under "Mức 2"), 0 for "Chưa"."""
    if is_blank(value):
        return 0
    text = _mark_text(value)
    if text in _NO:
        return 0
    named = _LEVEL.match(text)
    if named:
        return int(named.group(1))
    return level


def _mark_text(value: object) -> str:
    """A status cell folded for comparison: lower case, no diacritics, đ → d, single spaces,
    and, unlike names.fold(), its ticks ("✓", "√") and dashes kept."""
    decomposed = unicodedata.normalize("NFD", cell_text(value).lower().replace("đ", "d"))
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(text.split()).rstrip(".!")


def parse_yes_no(value: object, what: str) -> bool | None:
    """ "Có"/"x"/"✓"/"Đã cài" → True, "Không"/"Chưa" → False, empty → None (unknown)."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    text = _mark_text(value)
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise InvalidValue(f"{what} ghi “{cell_text(value)}” không rõ (ghi “Có”, “Không” hoặc “x”).")


def parse_number(value: object, what: str) -> float | None:
    """A decimal number written with "." or "," ("22,4856"); None for an empty cell."""
    if is_blank(value):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    text = cell_text(value).replace(" ", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        raise InvalidValue(f"{what} “{cell_text(value)}” không phải là số.") from None


def parse_coordinates(value: object) -> tuple[float, float] | None:
    """ "22.4856, 103.9707", "22,4856; 103,9707" or "22.4856 103.9707" → (lat, lon).

    Returns None for an empty cell.
    """
    if is_blank(value):
        return None
    text = cell_text(value)
    if ";" in text:
        parts = text.split(";")
    elif ", " in text:  # "22,5, 103,9": decimal commas, a comma and space between
        parts = re.split(r",\s+", text)
    elif text.count(",") == 1:
        parts = text.split(",")
    else:
        parts = text.split()
    parts = [part.strip() for part in parts if part.strip()]
    if len(parts) != 2:
        raise InvalidValue(f"Tọa độ “{text}” cần có vĩ độ và kinh độ, ví dụ “22.4856, 103.9707”.")
    lat, lon = parse_number(parts[0], "Vĩ độ"), parse_number(parts[1], "Kinh độ")
    return (lat or 0.0, lon or 0.0)
