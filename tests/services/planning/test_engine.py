"""Planning a night: routes from and back to the meeting point, edits, locks, no coordinates."""

from __future__ import annotations

from datetime import time

import pytest

from desktop.domain.errors import UserError
from desktop.services.planning import (
    PlanRequest,
    load_planning_input,
    lock_stop,
    move_stop,
    plan_night,
    route_plan,
    set_route,
)
from desktop.services.settings import PlanningSettings, save_planning_settings
from tests.builders import make_campaign, make_group, make_team, make_ward
from tests.conftest import TODAY
from tests.services.planning.builders import PLANNED_SERVICES, make_small_ward, pending_household


def _planning(database, **request):
    with database.session() as session:
        return load_planning_input(session, PlanRequest(day=TODAY, **request))


def test_every_household_fits_and_the_teams_share_the_work(database) -> None:
    with database.session() as session:
        ward = make_small_ward(session, households=6, teams=2)
    planning = _planning(database)
    plan = plan_night(planning, time_limit=0.3)
    planned = sorted(h for route in plan.routes for h in route.household_ids)
    assert planned == sorted(ward.households.values())
    assert plan.unassigned == ()
    assert all(route.stops for route in plan.routes)  # both teams go out
    assert all(route.fits_window for route in plan.routes)
    json = plan.as_json(planning)
    assert json["start"] == [22.49, 103.97]
    assert sum(route["expected_services"] for route in json["routes"]) == 18


def test_a_short_night_leaves_households_for_another_night(database) -> None:
    with database.session() as session:
        make_small_ward(session, households=6, teams=1)
    # 19 minutes a household: an hour holds two or three of them.
    planning = _planning(database, ends_at=time(20, 0))
    plan = plan_night(planning, time_limit=0.3)
    route = plan.routes[0]
    assert 1 <= len(route.stops) <= 3
    assert len(plan.unassigned) == 6 - len(route.stops)
    assert route.minutes <= 60
    assert route.returns_at <= time(20, 0)


def test_a_hand_edited_route_is_recounted(database) -> None:
    with database.session() as session:
        ward = make_small_ward(session, households=4, teams=2)
    planning = _planning(database)
    plan = plan_night(planning, time_limit=0.3)
    first, second = (route.team_id for route in plan.routes)
    everything = list(ward.households.values())
    edited = set_route(planning, plan, first, everything)
    assert edited.route(first).household_ids == everything
    assert edited.route(second).stops == ()
    assert edited.route(first).expected_services == 12
    reference = route_plan(planning, first, everything)
    assert edited.route(first).walk_m == pytest.approx(reference.walk_m)
    moved = move_stop(planning, edited, everything[0], second)
    assert moved.route(second).household_ids == [everything[0]]
    assert everything[0] not in moved.route(first).household_ids
    dropped = move_stop(planning, moved, everything[0], None)
    assert dropped.unassigned == (everything[0],)


def test_locked_households_stay_with_their_team_when_replanning(database) -> None:
    with database.session() as session:
        ward = make_small_ward(session, households=6, teams=2)
    planning = _planning(database)
    plan = plan_night(planning, time_limit=0.3)
    first, second = (route.team_id for route in plan.routes)
    pinned = [ward.households["1"], ward.households["6"]]
    for household_id in pinned:
        plan = lock_stop(plan, household_id, second)
    replanned = plan_night(planning, locks=plan.locks, time_limit=0.3)
    assert set(pinned) <= set(replanned.route(second).household_ids)
    assert not set(pinned) & set(replanned.route(first).household_ids)
    with pytest.raises(UserError):
        plan_night(planning, locks={ward.households["1"]: 999_999}, time_limit=0.3)


def test_settings_change_the_minutes(database) -> None:
    with database.session() as session:
        make_small_ward(session, households=2, teams=1)
        save_planning_settings(session, PlanningSettings(minutes_per_household=10))
    planning = _planning(database)
    plan = plan_night(planning, time_limit=0.3)
    route = plan.routes[0]
    stop = route.stops[0]
    door = (stop.leaves_at.hour * 60 + stop.leaves_at.minute) - (
        stop.arrives_at.hour * 60 + stop.arrives_at.minute
    )
    assert door == 25  # 10 + 3 × 5


def test_a_ward_without_coordinates_is_planned_by_street_with_a_notice(database) -> None:
    with database.session() as session:
        ward = make_ward(session)
        group = make_group(session, ward, "Tổ 1")
        ids = {}
        for street in ("phố Cốc Lếu", "đường Hoàng Liên"):
            for number in ("1", "2", "3", "4", "5", "6"):
                ids[(street, number)] = pending_household(
                    session, group, number, street=street, located=False
                )
        campaign_id = make_campaign(session, services=PLANNED_SERVICES)
        make_team(session, campaign_id, name="Tổ công tác 1")
    planning = _planning(database, ends_at=time(21, 0))
    assert any("Chưa có toạ độ của hộ nào" in notice for notice in planning.notices)
    plan = plan_night(planning, time_limit=0.3)
    assert len(plan.without_coordinates) == 12
    route = plan.routes[0].household_ids
    assert 3 <= len(route) <= 6
    streets = {street for (street, _), hid in ids.items() if hid in route}
    assert len(streets) == 1  # one street, not a zigzag between two
    numbers = [next(n for (_, n), hid in ids.items() if hid == h) for h in route]
    odd = [int(n) for n in numbers if int(n) % 2]
    even = [int(n) for n in numbers if not int(n) % 2]
    assert odd == sorted(odd) or odd == sorted(odd, reverse=True)
    assert even == sorted(even) or even == sorted(even, reverse=True)


def test_households_without_coordinates_sit_beside_their_neighbours(database) -> None:
    with database.session() as session:
        ward = make_ward(session)
        group = make_group(session, ward, "Tổ 1")
        pending_household(session, group, "1", north_m=100)
        pending_household(session, group, "5", north_m=140)
        middle = pending_household(session, group, "3", located=False)
        campaign_id = make_campaign(session, services=PLANNED_SERVICES)
        make_team(session, campaign_id)
    planning = _planning(database)
    lat, _ = planning.estimated_positions[middle]
    assert 22.49 + 100 / 110_574 < lat < 22.49 + 140 / 110_574
    assert any("chưa có toạ độ được xếp cạnh" in notice for notice in planning.notices)
    plan = plan_night(planning, time_limit=0.3)
    assert plan.without_coordinates == (middle,)
    assert plan.routes[0].household_ids.index(middle) == 1  # between 1 and 5


def test_far_more_households_than_a_night_holds_are_shortlisted_by_worth(
    database, monkeypatch
) -> None:
    from desktop.services.planning import engine

    with database.session() as session:
        ward = make_small_ward(session, households=12, teams=1)
    planning = _planning(database, ends_at=time(20, 0))
    monkeypatch.setattr(engine, "_SHORTLIST_MIN", 4)
    monkeypatch.setattr(engine, "_SHORTLIST_FACTOR", 1)
    every = [candidate.household_id for candidate in planning.candidates]
    locked = every[-1]
    shortlist = engine._shortlist(planning, every, {locked})
    assert len(every) > len(shortlist) >= 4
    assert locked in shortlist  # a household pinned to a team is always offered
    plan = plan_night(planning, locks={locked: planning.teams[0].team_id}, time_limit=0.3)
    assert locked in plan.routes[0].household_ids
    assert set(plan.unassigned) | set(plan.routes[0].household_ids) == set(ward.households.values())


def test_a_bigger_team_spends_less_time_at_a_household_of_many_residents(database) -> None:
    # Three adults each still need 3 services: 9 services, 4 + 5 × 9 = 49 minutes for a
    # lone officer; three officers help one adult each: 4 + 5 × 3 = 19 minutes.
    with database.session() as session:
        group = make_group(session, make_ward(session), "Tổ 1")
        household = pending_household(session, group, "5", north_m=100.0, adults=3)
        campaign_id = make_campaign(session, services=PLANNED_SERVICES)
        alone = make_team(session, campaign_id, "Tổ 1 người", ("Lê Văn An",))
        three = make_team(
            session, campaign_id, "Tổ 3 người", ("Vũ Quốc Bảo", "Lê Thị Hà", "Hoàng Văn Đạt")
        )
    planning = _planning(database)
    assert {team.name: team.helpers for team in planning.teams} == {
        "Tổ 1 người": 1,
        "Tổ 3 người": 3,
    }
    lone_stop = route_plan(planning, alone, [household]).stops[0]
    team_stop = route_plan(planning, three, [household]).stops[0]
    assert _minutes_between(lone_stop.arrives_at, lone_stop.leaves_at) == 49
    assert _minutes_between(team_stop.arrives_at, team_stop.leaves_at) == 19


def _minutes_between(start: time, end: time) -> int:
    return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
