"""What the reports add to the night's counts: the names and orders of the campaign's
teams and the ward's groups, and where each group stands, aggregated in SQL.

The counts themselves are desktop.services.night_counts' (night, team, group) cells,
the same the tally adds up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, exists, func, select
from sqlalchemy.orm import Session

from desktop.db import status_sql
from desktop.db.models import Household, Resident, ResidentialGroup, Shift, Team, Visit
from desktop.reports.data import GroupStanding
from desktop.services.ledger import OTHER_TEAM


@dataclass(frozen=True)
class Names:
    """Display names and orders of the campaign's teams and the ward's groups."""

    teams: dict[int | None, str]
    team_order: dict[int | None, tuple]
    groups: dict[int, str]
    group_order: list[int]  # every group, in the order people count them

    def team(self, team_id: int | None) -> str:
        return self.teams.get(team_id, OTHER_TEAM)

    def team_key(self, team_id: int | None) -> tuple:
        """Teams in order, "Khác" last."""
        return self.team_order.get(team_id, (1, "", 0))

    def group_key(self, group_id: int) -> int:
        return self.group_order.index(group_id) if group_id in self.group_order else 10**9


def load_names(session: Session, campaign_id: int) -> Names:
    teams: dict[int | None, str] = {None: OTHER_TEAM}
    order: dict[int | None, tuple] = {None: (1, "", 0)}
    for team_id, name, key in session.execute(
        select(Team.id, Team.name, Team.sort_key).where(Team.campaign_id == campaign_id)
    ):
        teams[team_id] = name
        order[team_id] = (0, key, team_id)
    groups, group_order = {}, []
    for group_id, name in session.execute(
        select(ResidentialGroup.id, ResidentialGroup.name).order_by(
            ResidentialGroup.sort_key, ResidentialGroup.id
        )
    ):
        groups[group_id] = name
        group_order.append(group_id)
    return Names(teams, order, groups, group_order)


def group_standings(
    session: Session, campaign_id: int, day: date, names: Names
) -> tuple[GroupStanding, ...]:
    """Where each group stands: ages on `day`, statuses as the database holds them now,
    households without a visit of the campaign up to `day`. Every group, in order."""
    adult = status_sql.is_adult(day)
    people = {
        row.group_id: row
        for row in session.execute(
            select(
                Household.group_id,
                func.sum(case((adult, 1), else_=0)).label("adults"),
                func.sum(case((Resident.vneid_level == 2, 1), else_=0)).label("level2"),
                func.sum(case((status_sql.pending_level2(day), 1), else_=0)).label("level2_due"),
                func.sum(case((status_sql.pending_app_114(day), 1), else_=0)).label("app_due"),
            )
            .join(Resident, Resident.household_id == Household.id)
            .group_by(Household.group_id)
        )
    }
    visited = exists(
        select(Visit.id)
        .join(Shift, Shift.id == Visit.shift_id)
        .where(
            Visit.household_id == Household.id,
            Shift.campaign_id == campaign_id,
            Shift.day <= day,
        )
    )
    homes = {
        row.group_id: row
        for row in session.execute(
            select(
                Household.group_id,
                func.count().label("households"),
                func.sum(case((visited, 0), else_=1)).label("not_visited"),
            ).group_by(Household.group_id)
        )
    }
    standings = []
    for group_id in names.group_order:
        row, home = people.get(group_id), homes.get(group_id)
        standings.append(
            GroupStanding(
                name=names.groups[group_id],
                households=home.households if home else 0,
                adults=int(row.adults or 0) if row else 0,
                level2=int(row.level2 or 0) if row else 0,
                pending_level2=int(row.level2_due or 0) if row else 0,
                pending_app_114=int(row.app_due or 0) if row else 0,
                households_not_visited=int(home.not_visited or 0) if home else 0,
            )
        )
    return tuple(standings)
