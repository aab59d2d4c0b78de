"""How percentages and dates read in the reports, as Vietnamese offices write them.

Plain numbers ("12.345", "1.318,2") come from desktop.domain.numbers.
"""

from __future__ import annotations

from datetime import date

from desktop.domain.numbers import decimal


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
