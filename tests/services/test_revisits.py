"""The revisit queue follows from the latest visit to each household."""

from datetime import date, datetime

import pytest
from sqlalchemy import select

from desktop.db.models import Resident
from desktop.services import revisits, visits
from desktop.services.visits import ResidentVisitInput as Line
from desktop.services.visits import VisitInput
from tests.builders import (
    add_household,
    add_resident,
    make_campaign,
    make_group,
    make_shift,
    make_team,
    make_ward,
)
from tests.conftest import TODAY

FIRST, SECOND = date(2026, 11, 24), date(2026, 11, 26)


@pytest.fixture
def street(database):
    """Four households on team 1's route of 24/11; team 2 goes out on 26/11."""
    with database.session() as session:
        group = make_group(session, make_ward(session))
        homes = {
            name: add_household(session, group, head=head, house_number=str(number))
            for number, (name, head) in enumerate(
                [
                    ("an", "Nguyễn Văn An"),
                    ("binh", "Trần Thị Bình"),
                    ("cuong", "Lê Văn Cường"),
                    ("dung", "Phạm Văn Dũng"),
                ],
                start=1,
            )
        }
        son = add_resident(session, homes["cuong"], "Lê Minh Khôi", birth_year=2000)
        head = session.scalar(select(Resident.id).where(Resident.full_name == "Lê Văn Cường"))
        campaign_id = make_campaign(session)
        first = make_shift(session, make_team(session, campaign_id), FIRST, list(homes.values()))
        second_team = make_team(session, campaign_id, "Tổ công tác 2", ("Đỗ Minh Đức",))
        second = make_shift(session, second_team, SECOND, [homes["an"]])
        entries = [
            VisitInput(first, homes["an"], "not_home"),
            VisitInput(
                first, homes["binh"], "come_back", come_back_at=datetime(2026, 11, 27, 20, 30)
            ),
            VisitInput(
                first,
                homes["cuong"],
                "met",
                (Line(head, True, ("app_114",)), Line(son, False, (), "not_home")),
            ),
            VisitInput(first, homes["dung"], "moved_away"),
        ]
        for entry in entries:
            visits.save_visit(session, entry, TODAY)
    return {"homes": homes, "second": second, "son": son}


def queue(database) -> list[revisits.RevisitHousehold]:
    with database.session() as session:
        return revisits.revisit_queue(session)


def test_not_home_come_back_and_absent_residents_are_queued_with_the_time_asked(database, street):
    queued = queue(database)
    assert [(h.head_name, h.outcome, h.come_back_at) for h in queued] == [
        ("Trần Thị Bình", "come_back", datetime(2026, 11, 27, 20, 30)),  # a time: first
        ("Nguyễn Văn An", "not_home", None),
        ("Lê Văn Cường", "met", None),
    ]
    cuong = queued[2]
    assert not cuong.household_revisit
    assert [(r.full_name, r.reason_label) for r in cuong.residents] == [
        ("Lê Minh Khôi", "Không có nhà")
    ]
    assert "Phạm Văn Dũng" not in {h.head_name for h in queued}  # moved away: not again


def test_a_later_visit_takes_a_household_out_of_the_queue(database, street):
    with database.session() as session:
        visits.save_visit(
            session, VisitInput(street["second"], street["homes"]["an"], "met"), TODAY
        )
    assert "Nguyễn Văn An" not in {h.head_name for h in queue(database)}


def test_a_later_visit_that_finds_nobody_again_keeps_it_with_the_new_visit(database, street):
    with database.session() as session:
        visits.save_visit(
            session, VisitInput(street["second"], street["homes"]["an"], "not_home"), TODAY
        )
    an = next(h for h in queue(database) if h.head_name == "Nguyễn Văn An")
    assert (an.visited_on, an.team_name) == (SECOND, "Tổ công tác 2")


def test_the_queue_gives_the_households_for_a_plan(database, street):
    with database.session() as session:
        ids = [household.household_id for household in revisits.revisit_queue(session)]
    homes = street["homes"]
    assert ids == [homes["binh"], homes["an"], homes["cuong"]]
