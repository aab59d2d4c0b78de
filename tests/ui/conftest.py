"""Fixtures for the window's tests: a synchronous task runner and small wards."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import insert

from desktop.db.models import Household
from desktop.services import wards
from desktop.services.database import Database
from desktop.services.households import HouseholdInput, address_columns, next_household_codes
from desktop.ui.widgets.task_runner import TaskRunner
from tests import builders
from tests.ui.campaign_fixtures import CampaignDesk, make_campaign_desk


@pytest.fixture
def runner(qapp) -> Iterator[TaskRunner]:
    """A task runner that runs every task inline, so tests never wait or sleep."""
    task_runner = TaskRunner(synchronous=True)
    yield task_runner
    task_runner.deleteLater()


@pytest.fixture
def desk(database: Database) -> CampaignDesk:
    """A campaign with teams, shifts and visits on three nights (tests/ui/campaign_fixtures)."""
    return make_campaign_desk(database)


@pytest.fixture
def refusals(monkeypatch) -> list[str]:
    """The sentences of the refusals shown (QMessageBox.warning), instead of showing them."""
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda parent, title, text, *rest: shown.append(text)
    )
    return shown


@pytest.fixture
def small_ward(database: Database) -> dict[str, int]:
    """Two groups, three households; Nguyễn Thị Ước lives at 7 Nguyễn Huệ (Tổ 2).

    Returns the ids by name: groups "to1", "to2"; households "an", "uoc", "binh";
    residents "uoc", "an", "lan".
    """
    with database.session() as session:
        ward = builders.make_ward(session)
        to1 = builders.make_group(session, ward, "Tổ 1")
        to2 = builders.make_group(session, ward, "Tổ 2")
        an = builders.add_household(
            session,
            to1,
            "Nguyễn Văn An",
            house_number="1",
            vneid_level=2,
            app_114=True,
            personal_id="010080000001",
            gender="male",
        )
        lan = builders.add_resident(session, an, "Trần Thị Lan", relation="Vợ", birth_year=1982)
        uoc_house = builders.add_household(
            session, to2, "Lê Văn Bình", street="đường Nguyễn Huệ", house_number="7"
        )
        uoc = builders.add_resident(session, uoc_house, "Nguyễn Thị Ước", relation="Vợ")
        binh = builders.add_household(
            session,
            to2,
            "Phạm Văn Cường",
            street="phố Cốc Lếu",
            house_number="20",
            vneid_level=2,
            app_114=True,
            personal_id="010080000002",
            gender="male",
        )
        return {
            "to1": to1.id,
            "to2": to2.id,
            "an": an,
            "uoc": uoc_house,
            "binh": binh,
            "resident_uoc": uoc,
            "resident_lan": lan,
        }


def add_bare_households(database: Database, group_id: int, count: int) -> None:
    """Many households without residents, written in one statement (paging tests)."""
    with database.session() as session:
        ward = wards.current_ward(session)
        codes = next_household_codes(session, ward, count)
        rows = []
        for number, code in enumerate(codes, start=1):
            data = HouseholdInput(
                group_id=group_id, house_number=str(number), street="đường Lê Lợi"
            )
            rows.append(
                {
                    "code": code,
                    "group_id": group_id,
                    "house_number": data.house_number,
                    "street": data.street,
                    "version": 1,
                    **address_columns(data),
                }
            )
        session.execute(insert(Household), rows)
