"""How percentages, dates and document numbers read in the reports, as Vietnamese
offices write them.

Plain numbers ("12.345", "1.318,2") come from desktop.domain.numbers.
"""

from __future__ import annotations

import re
from datetime import date

from desktop.domain.numbers import decimal

# The code of a document's kind in its number ("Số: 12/BC-CAP"): BC for a báo cáo, as
# the report settings' pattern is written, DS for a danh sách.
REPORT_CODE, LIST_CODE = "BC", "DS"
_REPORT_CODE = re.compile(rf"(?<!\w){REPORT_CODE}(?!\w)", re.IGNORECASE)


def percent(value: float) -> str:
    """52.34 → "52,3%"."""
    return f"{decimal(value)}%"


def short_date(day: date | None) -> str:
    """ "25/11/2026", or "—" for none."""
    return f"{day:%d/%m/%Y}" if day else "—"


def official_date(day: date) -> str:
    """ "ngày 05 tháng 01 năm 2026": a leading zero for days under 10 and for January
    and February (Nghị định 30/2020/NĐ-CP, Phụ lục I), none for March to September."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_and_date(place: str, day: date) -> str:
    """ "Lào Cai, ngày 05 tháng 01 năm 2026"."""
    return f"{place}, {official_date(day)}" if place else official_date(day).capitalize()


def number_pattern_for(pattern: str, code: str) -> str:
    """The report settings' number pattern for another kind of document: "{so}/BC-CAP"
    → "{so}/DS-CAP" for a list. Only the first "BC" standing alone changes ("{so}/BCA"
    stays); a pattern without one is kept as the office wrote it."""
    found = _REPORT_CODE.search(pattern)
    if found is None:
        return pattern
    written = code if found.group().isupper() else code.lower()
    return pattern[: found.start()] + written + pattern[found.end() :]
