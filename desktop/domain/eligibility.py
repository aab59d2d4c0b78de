"""Who may be served what, and who is still pending.

A resident is pending for a service when eligible for it and not yet served.
Level 2 of the electronic ID needs the chip card and an in-person check: age 14 and
over is the campaign's population; 6–13 may apply on request (with a warning); under 6
never. The registry counts a resident as pending while level 2 or the 114 app is
still missing for someone aged 14 and over; campaigns may track more services. Once a
team has collected a resident's level-2 application, level 2 is no longer pending: what
remains is the approval, which is the station's work, not another visit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop.domain.errors import InvalidValue

ADULT_AGE = 14  # the age from which level 2 is expected of everyone
LEVEL2_MIN_AGE = 6  # below this level 2 is refused


@dataclass(frozen=True)
class ResidentStatus:
    """The facts eligibility depends on, without any storage attached."""

    birth_date: date | None
    birth_year: int | None
    vneid_level: int
    app_114: bool | None
    has_chip_card: bool | None = None
    personal_id: str | None = None
    level2_collected: bool = False  # a level-2 application is in the ledger, awaiting approval
    documents_integrated: bool | None = None


def age_on(birth_date: date | None, birth_year: int | None, on: date) -> int | None:
    """Age in whole years on a day; with only a birth year, the age reached that year."""
    if birth_date is not None:
        before_birthday = (on.month, on.day) < (birth_date.month, birth_date.day)
        return on.year - birth_date.year - int(before_birthday)
    if birth_year is not None:
        return on.year - birth_year
    return None


def adult_cutoff(on: date) -> tuple[date, int]:
    """(latest birth date, latest birth year) of someone aged 14 or more on a day.

    The SQL filters use these two bounds so they agree with age_on().
    """
    try:
        latest_date = on.replace(year=on.year - ADULT_AGE)
    except ValueError:  # 29 February
        latest_date = date(on.year - ADULT_AGE, 2, 28)
    return latest_date, on.year - ADULT_AGE


def is_adult(status: ResidentStatus, on: date) -> bool:
    """Aged 14 or more on the day (unknown age: not counted)."""
    age = age_on(status.birth_date, status.birth_year, on)
    return age is not None and age >= ADULT_AGE


def pending_services(status: ResidentStatus, on: date) -> set[str]:
    """The registry services still owed to a resident: "level2" and/or "app_114".

    Level 2 is owed until activated, or until its application has been collected.
    """
    if not is_adult(status, on):
        return set()
    pending = set()
    if status.vneid_level < 2 and not status.level2_collected:
        pending.add("level2")
    if status.app_114 is not True:
        pending.add("app_114")
    return pending


def check_level2_allowed(status: ResidentStatus, on: date) -> list[str]:
    """Refuse level 2 where the rules forbid it; return warnings where they only caution.

    Raises InvalidValue without an ID number or under 6; warns for ages 6–13, for an
    unknown age, and when the record says the person has no chip card (level 2 is
    checked against it, so one of the two records is wrong).
    """
    if not status.personal_id:
        raise InvalidValue("Không thể kích hoạt mức 2 cho người chưa có số định danh cá nhân.")
    age = age_on(status.birth_date, status.birth_year, on)
    if age is not None and age < LEVEL2_MIN_AGE:
        raise InvalidValue(
            f"Người dưới {LEVEL2_MIN_AGE} tuổi không được cấp định danh điện tử mức 2 "
            "(chỉ mức 1 qua tài khoản của cha mẹ)."
        )
    warnings = []
    if age is None:
        warnings.append("Chưa rõ ngày sinh: cần kiểm tra tuổi trước khi kích hoạt mức 2.")
    elif age < ADULT_AGE:
        warnings.append(f"Người {age} tuổi chỉ kích hoạt mức 2 khi có đề nghị của gia đình.")
    if status.has_chip_card is False:
        warnings.append(
            "Hồ sơ ghi người này chưa có thẻ căn cước gắn chíp, mà mức 2 cần thẻ chíp: "
            "hãy kiểm tra lại."
        )
    return warnings
