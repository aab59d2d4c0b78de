"""Distances from coordinates, walking with detours, and time at the door."""

from __future__ import annotations

import numpy as np
import pytest

from desktop.domain.campaign import GROUP_LEADER, OFFICER, YOUTH_UNION
from desktop.services.planning.geometry import (
    straight_line_matrix,
    to_lat_lon,
    to_metres,
    tour_length,
    visit_seconds,
    walking_metres,
    walking_seconds,
)
from desktop.services.planning.model import NightTeam, TeamMember
from desktop.services.settings import PlanningSettings

ORIGIN = (22.49, 103.97)


def test_a_thousandth_of_a_degree_north_is_about_110_metres() -> None:
    points = to_metres([ORIGIN, (22.491, 103.97), (22.49, 103.971)], ORIGIN)
    assert points[0] == pytest.approx([0, 0])
    assert points[1][1] == pytest.approx(110.6, abs=0.1)
    # A degree of longitude is shorter away from the equator: cos(22.49°) ≈ 0.924.
    assert points[2][0] == pytest.approx(102.9, abs=0.1)
    assert to_lat_lon(tuple(points[1]), ORIGIN) == pytest.approx((22.491, 103.97))


def test_walking_is_the_straight_line_times_the_detour_at_walking_speed() -> None:
    settings = PlanningSettings(walking_speed_kmh=4.0, detour_factor=1.3)
    straight = straight_line_matrix(np.array([[0.0, 0.0], [300.0, 400.0]]))
    assert straight[0, 1] == pytest.approx(500.0)
    walked = walking_metres(straight, settings)
    assert walked[0, 1] == pytest.approx(650.0)
    assert walking_seconds(1000.0, settings) == pytest.approx(900.0)  # 1 km at 4 km/h


def test_one_helper_takes_minutes_per_household_plus_per_service_for_each_service() -> None:
    settings = PlanningSettings(minutes_per_household=4, minutes_per_service=5)
    assert visit_seconds((2, 1), 1, settings) == (4 + 5 * 3) * 60


def test_helpers_serve_residents_side_by_side_so_the_busiest_helper_sets_the_time() -> None:
    settings = PlanningSettings(minutes_per_household=4, minutes_per_service=5)
    # Two helpers, residents needing 3, 2, 2 and 1 services: 3+1 and 2+2 → 4 each.
    assert visit_seconds((2, 3, 1, 2), 2, settings) == (4 + 5 * 4) * 60
    # More helpers than residents: the resident with the most services sets the time.
    assert visit_seconds((2, 3), 4, settings) == (4 + 5 * 3) * 60
    # Nobody pending still costs the greeting; "no helper" counts as one.
    assert visit_seconds((), 3, settings) == 4 * 60
    assert visit_seconds((1, 1), 0, settings) == (4 + 5 * 2) * 60


def test_tour_length_closes_the_walk_at_the_meeting_point() -> None:
    matrix = straight_line_matrix(np.array([[0.0, 0.0], [0.0, 100.0], [100.0, 100.0]]))
    assert tour_length([1, 2], matrix) == pytest.approx(100 + 100 + 100 * 2**0.5)
    assert tour_length([], matrix) == 0.0


def test_officers_and_youth_union_members_help_at_the_door_the_group_leader_guides() -> None:
    def team(*roles: str) -> NightTeam:
        members = tuple(TeamMember(n, f"Người {n}", role) for n, role in enumerate(roles))
        return NightTeam(team_id=1, name="Tổ công tác 1", members=members)

    assert team(OFFICER, YOUTH_UNION, YOUTH_UNION, GROUP_LEADER).helpers == 3
    assert team(GROUP_LEADER).helpers == 1  # someone still does the work
