"""SQL forms of the eligibility rules in desktop.domain.eligibility.

Lists of 200,000 residents are filtered in the database, so the rules exist twice: in
Python for one resident and here for a query. tests/db/test_status_sql.py checks that
both give the same answer for the same people.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, and_, exists, or_, select

from desktop.db.models import Household, Resident, ServiceRecord
from desktop.domain.campaign import LEVEL2_COLLECTED
from desktop.domain.eligibility import adult_cutoff


def is_adult(today: date) -> ColumnElement[bool]:
    """Aged 14 or more on the day; with only a birth year, reaching 14 that year."""
    latest_date, latest_year = adult_cutoff(today)
    return or_(
        and_(Resident.birth_date.is_not(None), Resident.birth_date <= latest_date),
        and_(Resident.birth_date.is_(None), Resident.birth_year <= latest_year),
    )


def level2_collected() -> ColumnElement[bool]:
    """The resident's level-2 application is in the ledger (awaiting approval or done)."""
    return exists(
        select(ServiceRecord.id).where(
            ServiceRecord.resident_id == Resident.id, ServiceRecord.service == LEVEL2_COLLECTED
        )
    )


def _level2_missing() -> ColumnElement[bool]:
    return and_(Resident.vneid_level < 2, ~level2_collected())


def not_activated(today: date) -> ColumnElement[bool]:
    """Aged 14 or more and not yet at level 2, application collected or not."""
    return and_(is_adult(today), Resident.vneid_level < 2)


def pending_level2(today: date) -> ColumnElement[bool]:
    """Aged 14 or more, not at level 2, and no application collected yet: a visit's work."""
    return and_(is_adult(today), _level2_missing())


def pending_app_114(today: date) -> ColumnElement[bool]:
    return and_(is_adult(today), or_(Resident.app_114.is_(None), Resident.app_114.is_(False)))


def pending_any(today: date) -> ColumnElement[bool]:
    return and_(
        is_adult(today),
        or_(_level2_missing(), Resident.app_114.is_(None), Resident.app_114.is_(False)),
    )


def household_has(condition: ColumnElement[bool]) -> ColumnElement[bool]:
    """True for a household with at least one resident meeting the condition."""
    return exists(select(Resident.id).where(Resident.household_id == Household.id, condition))
