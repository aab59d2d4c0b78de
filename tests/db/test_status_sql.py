"""The SQL filters give the same answer as the Python eligibility rules, person by person."""

import itertools
import shutil
import uuid
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import ColumnElement, case, select
from sqlalchemy.orm import Session

from desktop.db import status_sql
from desktop.db.models import Household, Resident, ServiceRecord
from desktop.domain import eligibility
from desktop.domain.campaign import LEVEL2_COLLECTED
from desktop.domain.eligibility import ResidentStatus
from desktop.services import households
from desktop.services.database import open_database
from tests.builders import make_group, make_ward

# Days that move the birthday boundaries around: an ordinary day, the last day of
# February, the first of March, a leap day, New Year's Eve and Day.
DAYS = [
    date(2026, 11, 30),
    date(2026, 2, 28),
    date(2026, 3, 1),
    date(2028, 2, 29),
    date(2026, 12, 31),
    date(2027, 1, 1),
]
LEVELS_AND_APP = list(itertools.product([0, 1, 2], [None, False, True]))
# Whether a team has collected the person's level-2 application (a ServiceRecord).
COLLECTED = [False, True]


def birth_facts(day: date) -> list[tuple[date | None, int | None]]:
    """(birth date, birth year) pairs on both sides of the 14-year line for one day."""
    fourteen_years_ago = day.year - 14
    try:
        birthday_today = day.replace(year=fourteen_years_ago)
    except ValueError:  # 29 February in a common year
        birthday_today = date(fourteen_years_ago, 3, 1)
    return [
        (birthday_today, birthday_today.year),
        (birthday_today + timedelta(days=1), (birthday_today + timedelta(days=1)).year),
        (birthday_today - timedelta(days=1), (birthday_today - timedelta(days=1)).year),
        (date(2012, 2, 29), 2012),
        (date(2014, 2, 28), 2014),
        (date(2014, 3, 1), 2014),
        (date(2016, 2, 29), 2016),
        (None, fourteen_years_ago),
        (None, fourteen_years_ago + 1),
        (None, None),
        (date(1980, 6, 15), 1980),
        (date(2020, 1, 1), 2020),
    ]


@pytest.fixture(scope="module")
def session(tmp_path_factory, migrated_template) -> Iterator[Session]:
    """One database for the whole table of people; the tests only read it."""
    path = tmp_path_factory.mktemp("status") / "denkhuya.sqlite3"
    shutil.copy(migrated_template, path)
    database = open_database(f"sqlite:///{path}")
    with database.session() as session:
        ward = make_ward(session)
        group = make_group(session, ward)
        household_id = households.create_household(
            session, households.HouseholdInput(group_id=group.id, house_number="1")
        )
        facts = {fact for day in DAYS for fact in birth_facts(day)}
        for (birth_date, birth_year), (level, app_114), collected in itertools.product(
            sorted(facts, key=str), LEVELS_AND_APP, COLLECTED
        ):
            resident = person(household_id, birth_date, birth_year, level, app_114)
            session.add(resident)
            if collected:
                session.flush()
                session.add(collected_record(resident.id))
        # A household whose only member has nothing pending.
        done_id = households.create_household(
            session, households.HouseholdInput(group_id=group.id, house_number="2")
        )
        session.add(person(done_id, None, 1970, 2, True))
        session.flush()
        yield session
    database.close()


def person(
    household_id: int,
    birth_date: date | None,
    birth_year: int | None,
    vneid_level: int,
    app_114: bool | None,
) -> Resident:
    return Resident(
        uid=str(uuid.uuid4()),
        household_id=household_id,
        full_name="Người Thử",
        name_folded="nguoi thu",
        name_sort_key="",
        relation="Con",
        birth_date=birth_date,
        birth_year=birth_year,
        vneid_level=vneid_level,
        app_114=app_114,
    )


def collected_record(resident_id: int) -> ServiceRecord:
    return ServiceRecord(
        resident_id=resident_id,
        service=LEVEL2_COLLECTED,
        done_on=date(2026, 11, 20),
        source="visit",
        entered_by="test",
        entered_at=datetime(2026, 11, 20, 15, 0),
    )


def collected_ids(session: Session) -> set[int]:
    return set(
        session.scalars(
            select(ServiceRecord.resident_id).where(ServiceRecord.service == LEVEL2_COLLECTED)
        )
    )


def python_answer(
    resident: Resident,
    rule: Callable[[ResidentStatus, date], bool],
    day: date,
    collected: set[int] = frozenset(),
):
    status = ResidentStatus(
        birth_date=resident.birth_date,
        birth_year=resident.birth_year,
        vneid_level=resident.vneid_level,
        app_114=resident.app_114,
        level2_collected=resident.id in collected,
    )
    return rule(status, day)


RULES: dict[str, tuple[Callable[[date], ColumnElement[bool]], Callable]] = {
    "adult": (status_sql.is_adult, eligibility.is_adult),
    "pending_level2": (
        status_sql.pending_level2,
        lambda s, d: "level2" in eligibility.pending_services(s, d),
    ),
    "pending_app_114": (
        status_sql.pending_app_114,
        lambda s, d: "app_114" in eligibility.pending_services(s, d),
    ),
    "pending_any": (status_sql.pending_any, lambda s, d: bool(eligibility.pending_services(s, d))),
}


@pytest.mark.parametrize("day", DAYS, ids=str)
@pytest.mark.parametrize("rule", RULES)
def test_sql_filter_selects_exactly_whom_python_would(session, rule, day):
    sql_rule, python_rule = RULES[rule]
    residents = session.scalars(select(Resident)).all()
    collected = collected_ids(session)
    expected = {r.id for r in residents if python_answer(r, python_rule, day, collected)}
    selected = set(session.scalars(select(Resident.id).where(sql_rule(day))))
    assert selected == expected
    assert 0 < len(expected) < len(residents)  # the table has people on both sides


def test_a_collected_application_ends_pending_level2_but_not_the_114_app(session):
    collected = collected_ids(session)
    day = DAYS[0]
    pending = set(session.scalars(select(Resident.id).where(status_sql.pending_level2(day))))
    pending_114 = set(session.scalars(select(Resident.id).where(status_sql.pending_app_114(day))))
    assert pending and not pending & collected
    assert pending_114 & collected  # the app is still owed by people whose level 2 is in hand


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_sql_counts_agree_with_python_when_used_inside_a_sum(session, day):
    # The registry counts with CASE WHEN: an unknown age must count as 0, not vanish.
    flags = dict(
        session.execute(select(Resident.id, case((status_sql.pending_any(day), 1), else_=0))).all()
    )
    residents = session.scalars(select(Resident)).all()
    collected = collected_ids(session)
    expected = {
        r.id: int(python_answer(r, RULES["pending_any"][1], day, collected)) for r in residents
    }
    assert flags == expected


def test_household_has_finds_households_with_one_matching_member(session):
    pending = set(
        session.scalars(
            select(Household.house_number).where(
                status_sql.household_has(status_sql.pending_any(DAYS[0]))
            )
        )
    )
    assert pending == {"1"}  # not "2", whose only member is done
