"""Two desks at once: the loser's refusal is a Vietnamese sentence, exit 2 on the command
line, never "Lỗi không mong đợi" (issue 15, point 4, first half); a text longer than its
field is a sentence naming the field (point 3)."""

from __future__ import annotations

import pytest
from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from desktop.cli import _guarded
from desktop.db.conflicts import (
    ALREADY_THERE,
    CHANGED_MEANWHILE,
    PARENT_GONE,
    TRY_AGAIN,
    Conflict,
    ValueTooLong,
    conflict_refusal,
)
from desktop.db.models import Household, Resident, ResidentialGroup
from desktop.services import households
from desktop.services.machine import machine_refusal
from tests.builders import add_household, make_group, make_ward


class _Deadlock(Exception):
    sqlstate = "40P01"


def _refusal_of(database, write) -> BaseException:
    """The error `write(session)` raises, its transaction rolled back."""
    with pytest.raises(Exception) as raised, database.session() as session:
        write(session)
    return raised.value


@pytest.fixture
def ward_of_one(database):
    with database.session() as session:
        group = make_group(session, make_ward(session))
        return add_household(session, group), group.id


def test_a_row_another_desk_changed_meanwhile_is_a_sentence():
    refusal = conflict_refusal(StaleDataError("UPDATE statement on table 'household' …"))
    assert isinstance(refusal, Conflict)
    assert str(refusal) == CHANGED_MEANWHILE


def test_a_deadlock_or_serialization_failure_asks_to_try_again():
    error = OperationalError("UPDATE shift SET …", {}, _Deadlock("deadlock detected"))
    assert str(conflict_refusal(error)) == TRY_AGAIN


def test_errors_that_are_bugs_stay_bugs():
    assert conflict_refusal(ValueError("x")) is None
    assert conflict_refusal(IntegrityError("INSERT …", {}, Exception("NOT NULL failed"))) is None


def test_on_sqlite_a_household_code_taken_meanwhile_is_a_sentence(database, ward_of_one):
    household_id, _ = ward_of_one

    def copy_the_code(session):
        household = session.get(Household, household_id)
        session.execute(
            insert(Household.__table__).values(
                code=household.code, group_id=household.group_id, version=1
            )
        )

    refusal = conflict_refusal(_refusal_of(database, copy_the_code))
    assert isinstance(refusal, Conflict)
    assert "Mã hộ này vừa được dùng cho một hộ khác" in str(refusal)


def test_on_sqlite_a_household_deleted_by_another_desk_is_a_sentence(database, ward_of_one):
    _, group_id = ward_of_one

    def add_to_a_deleted_household(session):
        session.execute(
            insert(Resident.__table__).values(
                uid="u-1", household_id=987654, position=1, full_name="Lò Văn A",
                name_folded="lo van a", name_sort_key="", relation="Chủ hộ", version=1,
            )
        )  # fmt: skip

    refusal = conflict_refusal(_refusal_of(database, add_to_a_deleted_household))
    assert str(refusal) == PARENT_GONE


def test_the_window_and_the_command_line_ask_the_same_question():
    # Both turn an error nothing handled into a sentence through machine_refusal.
    refusal = machine_refusal(StaleDataError("UPDATE statement on table 'shift' …"))
    assert str(refusal) == CHANGED_MEANWHILE


def test_the_command_line_prints_the_sentence_and_exits_2(capsys):
    def another_desk_won() -> int:
        raise StaleDataError("UPDATE statement on table 'visit' expected to update 1 row")

    assert _guarded(another_desk_won) == 2
    _, err = capsys.readouterr()
    assert err.strip() == CHANGED_MEANWHILE


# --- On PostgreSQL (skipped without a server) -------------------------------------------


@pytest.fixture
def pg_ward(postgres_database):
    with postgres_database.session() as session:
        group = make_group(session, make_ward(session))
        return add_household(session, group), group.id


def test_on_postgresql_two_desks_saving_one_household_the_second_gets_a_sentence(
    postgres_database, pg_ward
):
    household_id, _ = pg_ward
    with postgres_database.session() as first, postgres_database.session() as second:
        mine = first.get(Household, household_id)
        theirs = second.get(Household, household_id)
        theirs.house_number = "2"
        second.commit()
        mine.house_number = "3"
        with pytest.raises(StaleDataError) as raised:
            first.flush()
        first.rollback()
    assert str(conflict_refusal(raised.value)) == CHANGED_MEANWHILE
    with postgres_database.session() as session:
        assert session.get(Household, household_id).house_number == "2"


def test_on_postgresql_unique_and_foreign_key_refusals_are_sentences(postgres_database, pg_ward):
    household_id, group_id = pg_ward

    def copy_the_code(session):
        code = session.scalar(select(Household.code).where(Household.id == household_id))
        session.execute(insert(Household.__table__).values(code=code, group_id=group_id, version=1))

    refusal = conflict_refusal(_refusal_of(postgres_database, copy_the_code))
    assert "Mã hộ này vừa được dùng cho một hộ khác" in str(refusal)

    def rename_the_group_like_another(session):
        ward_id = session.get(ResidentialGroup, group_id).ward_id
        session.add(ResidentialGroup(ward_id=ward_id, name="Tổ 2", sort_key=""))
        session.flush()
        session.execute(
            update(ResidentialGroup).where(ResidentialGroup.id == group_id).values(name="Tổ 2")
        )

    refusal = conflict_refusal(_refusal_of(postgres_database, rename_the_group_like_another))
    assert "Phường đã có một tổ dân phố tên này" in str(refusal)

    def move_to_a_deleted_group(session):
        session.execute(
            update(Household).where(Household.id == household_id).values(group_id=987654)
        )

    refusal = conflict_refusal(_refusal_of(postgres_database, move_to_a_deleted_group))
    assert isinstance(refusal, Conflict) and str(refusal) != ALREADY_THERE


def test_on_postgresql_a_street_longer_than_its_field_names_the_field(postgres_database, pg_ward):
    _, group_id = pg_ward
    long_street = "đường " + "Hoàng Liên " * 20  # 226 characters; the field holds 150

    def add_with_long_street(session):
        households.create_household(
            session, households.HouseholdInput(group_id=group_id, street=long_street)
        )

    error = _refusal_of(postgres_database, add_with_long_street)
    refusal = conflict_refusal(error)
    assert isinstance(refusal, ValueTooLong)
    assert refusal.field in ("Đường/phố", "Địa chỉ")
    assert str(refusal).startswith(f"Ô “{refusal.field}” dài quá mức cho phép (tối đa ")
