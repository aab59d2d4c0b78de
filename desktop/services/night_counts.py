"""The eight counts of a campaign's nights (desktop.domain.campaign.COUNT_KEYS), in SQL.

The tally and every table of the daily and campaign reports are sums of the same
(night, team, group) cells counted here, so they add up to each other by construction.
Visits count by the shift's night and team and the visited household's group; residents
met likewise; services by the ledger's day, the team credited (None: "Khác") and the
group of the served resident's household. A few GROUP BY queries, never a row at a time.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.db.models import Household, Resident, ServiceRecord, Shift, Visit, VisitResident
from desktop.domain.campaign import HOUSEHOLDS_VISITED, RESIDENTS_MET, SERVICES
from desktop.reports.data import Counts, add_counts, empty_counts

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


def counts_by_team(cells: dict[Cell, Counts]) -> dict[int | None, Counts]:
    """{team id (None: "Khác"): counts}, the cells added up by team."""
    by_team: dict[int | None, Counts] = {}
    for (_, team_id, _), counts in cells.items():
        add_counts(by_team.setdefault(team_id, empty_counts()), counts)
    return by_team
