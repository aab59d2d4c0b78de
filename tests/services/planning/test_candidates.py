"""Candidates: only households with services pending, each worth what it still holds."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlalchemy import insert

from desktop.db.models import Resident, ServiceRecord, Shift, Visit
from desktop.domain.campaign import (
    APP_114,
    COME_BACK,
    LEVEL2_COLLECTED,
    MOVED_AWAY,
    VNEID_INSTALLED,
)
from desktop.domain.eligibility import ResidentStatus
from desktop.domain.ledger import services_owed
from desktop.services.planning import PlanRequest, load_planning_input
from tests.builders import add_household, add_resident
from tests.conftest import TODAY
from tests.services.planning.builders import make_small_ward, pending_household, personal_id

SERVICES = (VNEID_INSTALLED, LEVEL2_COLLECTED, APP_114)


def _facts(**changes) -> ResidentStatus:
    values = dict(
        birth_date=None,
        birth_year=1980,
        vneid_level=0,
        app_114=None,
        has_chip_card=True,
        documents_integrated=None,
        personal_id="001080000001",
    )
    values.update(changes)
    return ResidentStatus(**values)


def test_an_adult_with_nothing_done_is_owed_every_doorstep_service() -> None:
    assert services_owed(_facts(), set(), SERVICES, TODAY) == SERVICES


def test_children_done_services_and_recorded_services_are_not_pending() -> None:
    assert services_owed(_facts(birth_year=2015), set(), SERVICES, TODAY) == ()
    done = _facts(vneid_level=2, app_114=True)
    assert services_owed(done, set(), SERVICES, TODAY) == ()
    recorded = services_owed(_facts(), {LEVEL2_COLLECTED, APP_114}, SERVICES, TODAY)
    assert recorded == (VNEID_INSTALLED,)


def test_level_2_waits_for_the_chip_card() -> None:
    owed = services_owed(_facts(has_chip_card=False), set(), SERVICES, TODAY)
    assert LEVEL2_COLLECTED not in owed


def test_candidates_are_pending_households_worth_their_pending_services(database) -> None:
    with database.session() as session:
        ward = make_small_ward(session, households=2, teams=1)
        group = ward.groups["Tổ 1"]
        couple = pending_household(session, group, "30", adults=2)
        done = add_household(
            session,
            group,
            head="Đỗ Thị Xong",
            house_number="40",
            personal_id=personal_id(),
            vneid_level=2,
            app_114=True,
            has_chip_card=True,
        )
        add_resident(session, done, "Đỗ Văn Bé", birth_year=2016)  # a child: never pending
        recorded = pending_household(session, group, "50")
        head = session.query(Resident).filter_by(household_id=recorded).one()
        session.execute(
            insert(ServiceRecord),
            [
                {
                    "resident_id": head.id,
                    "service": APP_114,
                    "done_on": date(2026, 11, 25),
                    "campaign_id": ward.campaign_id,
                    "source": "visit",
                    "entered_by": "test",
                    "entered_at": datetime.now(UTC).replace(tzinfo=None),
                }
            ],
        )
    with database.session() as session:
        planning = load_planning_input(session, PlanRequest(day=TODAY))
    worth = {candidate.household_id: candidate.worth for candidate in planning.candidates}
    assert done not in worth
    assert worth[couple] == 6
    assert worth[recorded] == 2
    assert worth[ward.households["1"]] == 3
    couple_residents = planning.candidate(couple).residents
    assert [resident.services for resident in couple_residents] == [SERVICES, SERVICES]


def test_revisits_carry_their_time_and_moved_households_are_left_out(database) -> None:
    with database.session() as session:
        ward = make_small_ward(session, households=4, teams=1)
        shift = Shift(
            campaign_id=ward.campaign_id,
            team_id=ward.teams[0],
            day=date(2026, 11, 28),
            starts_at=time(19),
            ends_at=time(22),
        )
        session.add(shift)
        session.flush()
        now = datetime.now(UTC).replace(tzinfo=None)
        visits = [
            (ward.households["1"], COME_BACK, datetime(2026, 11, 30, 20, 30)),
            (ward.households["2"], COME_BACK, datetime(2026, 12, 5, 20, 0)),  # a later day
            (ward.households["3"], MOVED_AWAY, None),
        ]
        for household_id, outcome, come_back_at in visits:
            session.add(
                Visit(
                    shift_id=shift.id,
                    household_id=household_id,
                    outcome=outcome,
                    come_back_at=come_back_at,
                    visited_at=time(19, 30),
                    entered_by="test",
                    entered_at=now,
                )
            )
    with database.session() as session:
        planning = load_planning_input(session, PlanRequest(day=TODAY))
    by_id = {candidate.household_id: candidate for candidate in planning.candidates}
    assert by_id[ward.households["1"]].revisit
    assert by_id[ward.households["1"]].time_hint == time(20, 30)
    assert ward.households["2"] not in by_id
    assert ward.households["3"] not in by_id
    assert not by_id[ward.households["4"]].revisit
