"""What the planning view adds to the planning input: ticked teams and the ward's map."""

from __future__ import annotations

import pytest

from desktop.domain.errors import UserError
from desktop.services.planning import PlanRequest, load_planning_input
from desktop.services.planning.ward_map import located_households
from tests.builders import make_team
from tests.conftest import TODAY
from tests.services.planning.builders import make_small_ward, pending_household


def test_the_ticked_teams_go_out_in_the_campaigns_order(database) -> None:
    with database.session() as session:
        ward = make_small_ward(session, households=3, teams=3)
        # A team nobody is in yet does not stop the others from being planned.
        make_team(session, ward.campaign_id, name="Tổ công tác 9", members=())
    first, _, third = ward.teams
    with database.session() as session:
        planning = load_planning_input(session, PlanRequest(day=TODAY, team_ids=(third, first)))
    assert [team.team_id for team in planning.teams] == [first, third]


def test_a_ticked_team_that_is_gone_or_empty_is_refused(database) -> None:
    with database.session() as session:
        ward = make_small_ward(session, households=3, teams=1)
        empty = make_team(session, ward.campaign_id, name="Tổ công tác 9", members=())
    with database.session() as session, pytest.raises(UserError, match="không còn hoạt động"):
        load_planning_input(session, PlanRequest(day=TODAY, team_ids=(ward.teams[0], 999_999)))
    with database.session() as session, pytest.raises(UserError, match="chưa có thành viên"):
        load_planning_input(session, PlanRequest(day=TODAY, team_ids=(empty,)))


def test_the_map_holds_every_located_household_of_the_ward(database) -> None:
    with database.session() as session:
        ward = make_small_ward(session, households=3, teams=1)
        hidden = pending_household(session, ward.groups["Tổ 1"], "9", located=False)
        points = located_households(session)
    assert {point.household_id for point in points} == set(ward.households.values())
    assert hidden not in {point.household_id for point in points}
    assert all(point.street == "đường Hoàng Liên" for point in points)
