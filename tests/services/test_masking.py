"""A leader (and data entry) sees ID numbers and phones masked everywhere: in the rows
the register gets, in a resident's record, in a visit sheet and in an export; and finds
people only by a whole number. Checked on the services, as a script would call them."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from desktop.db.models import AuditEntry
from desktop.domain.phones import mask_phone
from desktop.domain.roles import DUTY, ENTRY, LEADER
from desktop.services import registry, residents, signed_in, visits
from desktop.services.export import export_residents
from desktop.services.progress import Progress
from desktop.services.registry import HouseholdQuery
from desktop.services.signed_in import SignedInAccount
from tests import builders
from tests.conftest import TODAY

ID_NUMBER = "010185001234"
PHONE = "0912345678"


def sign_in(role: str) -> None:
    signed_in.sign_in(SignedInAccount(id=7, name=f"nguoi.{role}", display_name="Lan", role=role))


@pytest.fixture
def ward(database) -> dict[str, int]:
    """One household: Nguyễn Thị Ước with her ID number and phone."""
    with database.session() as session:
        group = builders.make_group(session, builders.make_ward(session))
        household = builders.add_household(
            session,
            group,
            "Nguyễn Thị Ước",
            birth_year=1985,
            gender="female",
            personal_id=ID_NUMBER,
            phone=PHONE,
        )
        (resident,) = registry.household_residents(session, household, TODAY)
    return {"household": household, "resident": resident.id, "group": group.id}


def test_a_phone_is_masked_to_its_last_three_digits():
    assert mask_phone("0912345678") == "•••••••678"
    assert mask_phone("02143822113") == "••••••••113"
    assert mask_phone(None) == mask_phone("") == ""


def test_the_register_rows_carry_masked_phones_for_a_leader_and_whole_ones_for_duty(database, ward):
    sign_in(LEADER)
    with database.session() as session:
        (row,) = registry.household_residents(session, ward["household"], TODAY)
    assert (row.personal_id_masked, row.phone) == ("••••••••1234", "•••••••678")

    sign_in(DUTY)
    with database.session() as session:
        (row,) = registry.household_residents(session, ward["household"], TODAY)
    assert row.phone == PHONE


def test_a_residents_record_opens_masked_for_a_leader_and_the_viewing_is_audited(database, ward):
    sign_in(LEADER)
    with database.session() as session:
        form = residents.resident_form(session, ward["resident"])
    assert (form.personal_id, form.phone) == ("••••••••1234", "•••••••678")
    with database.session() as session:
        viewed = session.scalars(select(AuditEntry).where(AuditEntry.action == "view")).one()
    assert viewed.actor == "nguoi.leader"

    sign_in(DUTY)
    with database.session() as session:
        form = residents.resident_form(session, ward["resident"])
    assert (form.personal_id, form.phone) == (ID_NUMBER, PHONE)


def test_a_leader_finds_people_by_a_whole_number_only(database, ward):
    def found(text: str) -> int:
        with database.session() as session:
            return registry.count_households(session, HouseholdQuery(text=text), TODAY)

    sign_in(LEADER)
    assert found(ID_NUMBER) == 1
    assert found("0912 345 678") == 1
    assert found("+84912345678") == 1
    # The first digits would let someone read a number back one digit at a time.
    assert found("0101850") == 0
    assert found("0912") == 0
    assert registry.partial_number("0912") and not registry.partial_number(ID_NUMBER)
    assert found("nguyen thi uoc") == 1

    sign_in(DUTY)
    assert found("0912") == 1
    assert found("0101850") == 1


def test_a_leaders_export_is_masked_says_so_and_is_audited_as_masked(database, ward, tmp_path):
    sign_in(LEADER)
    with database.session() as session:
        summary = export_residents(session, tmp_path / "nk.xlsx", Progress())
        export_residents(session, tmp_path / "nk.csv", Progress())
    assert summary.masked and summary.rows == 1

    workbook = load_workbook(tmp_path / "nk.xlsx")
    assert workbook.properties.title == (
        "Danh sách nhân khẩu (số định danh và số điện thoại đã che)"
    )
    assert workbook.sheetnames == ["Nhân khẩu (đã che số)"]
    header, row = workbook.active.iter_rows(values_only=True)
    assert row[header.index("personal_id")] == "••••••••1234"
    assert row[header.index("phone")] == "•••••••678"
    text = (tmp_path / "nk.csv").read_text(encoding="utf-8-sig")
    assert ID_NUMBER not in text and PHONE not in text
    (line,) = csv.DictReader(text.splitlines())
    assert (line["personal_id"], line["phone"]) == ("••••••••1234", "•••••••678")
    with database.session() as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.action == "export")).all()
    assert [entry.changes for entry in entries] == [{"rows": [None, 1], "masked": [None, True]}] * 2


def test_a_duty_officers_export_keeps_the_whole_numbers(database, ward, tmp_path: Path):
    sign_in(DUTY)
    with database.session() as session:
        summary = export_residents(session, tmp_path / "nk.xlsx", Progress())
    assert not summary.masked
    workbook = load_workbook(tmp_path / "nk.xlsx")
    assert workbook.sheetnames == ["Nhân khẩu"]
    header, row = workbook.active.iter_rows(values_only=True)
    assert (row[header.index("personal_id")], row[header.index("phone")]) == (ID_NUMBER, PHONE)


def test_data_entry_sees_the_phone_masked_on_the_visit_sheet(database, ward):
    with database.session() as session:
        campaign = builders.make_campaign(session)
        team = builders.make_team(session, campaign)
        shift = builders.make_shift(session, team, TODAY, [ward["household"]])
    sign_in(ENTRY)
    with database.session() as session:
        sheet = visits.open_visit(session, shift, ward["household"])
    (resident,) = sheet.residents
    assert (resident.personal_id_masked, resident.phone) == ("••••••••1234", "•••••••678")
