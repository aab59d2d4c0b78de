"""The reports' figures, aggregated in SQL: a few GROUP BY queries, never a row at a time.

`counts_by_cell` counts the tally's eight figures for each (night, team, group) cell of
a campaign; every table of the daily and campaign reports is a sum of these cells, so
the tables add up to each other and to the tally by construction. Visits count by the
shift's night and team and the visited household's group; residents met likewise;
services by the ledger's day, the team credited (None: "Khác") and the group of the
served resident's household, exactly as desktop.services.tally counts them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, exists, func, select
from sqlalchemy.orm import Session

from desktop.db import status_sql
from desktop.db.models import (
    Household,
    Resident,
    ResidentialGroup,
    ServiceRecord,
    Shift,
    Team,
    Visit,
    VisitResident,
)
from desktop.domain.campaign import HOUSEHOLDS_VISITED, RESIDENTS_MET, SERVICES
from desktop.reports.data import Counts, GroupStanding, empty_counts
from desktop.services.ledger import OTHER_TEAM

Cell = tuple[date, int | None, int]  # (night, team id or None for "Khác", group id)


def counts_by_cell(
    session: Session, campaign_id: int, first: date, last: date
) -> dict[Cell, Counts]:
    """{(night, team id, group id): the eight counts} over the nights first…last, for
    the cells with any count."""
    cells: dict[Cell, Counts] = {}

    def add(cell: Cell, key: str, value: int) -> None:
        if value:
            cells.setdefault(cell, empty_counts())[key] += value

    nights = (Shift.campaign_id == campaign_id) & Shift.day.between(first, last)
    visits = (
        select(Shift.day, Shift.team_id, Household.group_id, func.count(Visit.id))
        .join(Visit, Visit.shift_id == Shift.id)
        .join(Household, Household.id == Visit.household_id)
        .where(nights)
        .group_by(Shift.day, Shift.team_id, Household.group_id)
    )
    for day, team_id, group_id, count in session.execute(visits):
        add((day, team_id, group_id), HOUSEHOLDS_VISITED, count)
    met = (
        select(Shift.day, Shift.team_id, Household.group_id, func.count(VisitResident.id))
        .join(Visit, Visit.shift_id == Shift.id)
        .join(Household, Household.id == Visit.household_id)
        .join(VisitResident, VisitResident.visit_id == Visit.id)
        .where(nights, VisitResident.met.is_(True))
        .group_by(Shift.day, Shift.team_id, Household.group_id)
    )
    for day, team_id, group_id, count in session.execute(met):
        add((day, team_id, group_id), RESIDENTS_MET, count)
    services = (
        select(
            ServiceRecord.done_on,
            ServiceRecord.team_id,
            Household.group_id,
            ServiceRecord.service,
            func.count(),
        )
        .join(Resident, Resident.id == ServiceRecord.resident_id)
        .join(Household, Household.id == Resident.household_id)
        .where(
            ServiceRecord.campaign_id == campaign_id,
            ServiceRecord.done_on.between(first, last),
        )
        .group_by(
            ServiceRecord.done_on, ServiceRecord.team_id, Household.group_id, ServiceRecord.service
        )
    )
    for day, team_id, group_id, service, count in session.execute(services):
        if service in SERVICES:
            add((day, team_id, group_id), service, count)
    return cells


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
