"""The demo campaign's teams: 8 to 16 of 3–5 people, each at home in one group.

Teams differ in how much they get done (their pace), and one youth-union member moves
between teams half-way, so that the membership history has something to show.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from desktop.db.models import Member, ResidentialGroup, Team, TeamMembership, Ward
from desktop.domain.campaign import YOUTH_UNION
from desktop.services.demo.campaign.period import CampaignPeriod
from desktop.services.demo.campaign.records import Recorder
from desktop.services.demo.campaign.rows import CampaignRows
from desktop.services.demo.campaign.team_members import MemberMaker
from desktop.services.teams import team_sort_key

# A membership: member id, first day, last day (None while it lasts).
Membership = tuple[int, date, date | None]


@dataclass
class Teams:
    """The teams made, by id, with what the nights need to know of them."""

    ids: list[int] = field(default_factory=list)
    names: dict[int, str] = field(default_factory=dict)
    home_group: dict[int, int] = field(default_factory=dict)  # team → group id
    pace: dict[int, float] = field(default_factory=dict)  # 0.55 (slow) to 1.35 (fast)
    memberships: dict[int, list[Membership]] = field(default_factory=lambda: defaultdict(list))
    roles: dict[int, str] = field(default_factory=dict)  # member id → role

    def members_on(self, team_id: int, night: date) -> list[int]:
        return [
            member_id
            for member_id, from_date, to_date in self.memberships[team_id]
            if from_date <= night and (to_date is None or night <= to_date)
        ]


def make_teams(
    rng: random.Random,
    rows: CampaignRows,
    recorder: Recorder,
    ward: Ward,
    groups: list[ResidentialGroup],
    household_count: int,
    period: CampaignPeriod,
) -> Teams:
    """One team per group (more for a big ward), with members and their memberships."""
    count = max(8, len(groups)) + min(4, household_count // 15_000)
    paces = [0.55 + 0.8 * i / (count - 1) for i in range(count)]
    rng.shuffle(paces)
    people = MemberMaker(rng, period.today, ward)
    teams = Teams()
    leaders_used: set[int] = set()
    for index in range(count):
        group = groups[index % len(groups)]
        team_id = _add_team(rows, recorder.campaign_id, teams, index, group, paces[index])
        leader = group.leader_name if group.id not in leaders_used else None
        leaders_used.add(group.id)
        members = people.team(group, leader)
        _add_members(rows, recorder, teams, team_id, members, period.starts_on)
    _move_one_member(teams, period.half_way)
    _add_memberships(rows, teams)
    return teams


def _add_team(
    rows: CampaignRows,
    campaign_id: int,
    teams: Teams,
    index: int,
    group: ResidentialGroup,
    pace: float,
) -> int:
    name = f"Tổ công tác số {index + 1}"
    team_id = rows.add(
        Team,
        campaign_id=campaign_id,
        name=name,
        sort_key=team_sort_key(name),
        active=True,
        notes=f"Phụ trách {group.name}",
    )
    teams.ids.append(team_id)
    teams.names[team_id] = name
    teams.home_group[team_id] = group.id
    teams.pace[team_id] = pace
    return team_id


def _add_members(
    rows: CampaignRows,
    recorder: Recorder,
    teams: Teams,
    team_id: int,
    members: list[dict[str, Any]],
    starts_on: date,
) -> None:
    for member in members:
        member_id = rows.add(Member, **member)
        teams.roles[member_id] = member["role"]
        recorder.note_created("member", member_id, {"full_name": member["full_name"]})
        teams.memberships[team_id].append((member_id, starts_on, None))


def _move_one_member(teams: Teams, moved_on: date) -> None:
    """A youth-union member of a team of four or five moves on `moved_on` to a team of
    three or four: the history shows it, and both teams keep 3–5 people."""
    big = [t for t in teams.ids if len(teams.memberships[t]) >= 4]
    small = [t for t in teams.ids if len(teams.memberships[t]) <= 4]
    for source in big:
        youth = [
            (index, period)
            for index, period in enumerate(teams.memberships[source])
            if teams.roles[period[0]] == YOUTH_UNION
        ]
        target = next((t for t in small if t != source), None)
        if youth and target is not None:
            index, (member_id, from_date, _) = youth[-1]
            teams.memberships[source][index] = (member_id, from_date, moved_on - timedelta(days=1))
            teams.memberships[target].append((member_id, moved_on, None))
            return


def _add_memberships(rows: CampaignRows, teams: Teams) -> None:
    for team_id, periods in teams.memberships.items():
        for member_id, from_date, to_date in periods:
            rows.add(
                TeamMembership,
                team_id=team_id,
                member_id=member_id,
                from_date=from_date,
                to_date=to_date,
            )
