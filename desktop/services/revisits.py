"""The revisit queue: households and residents to go back to, with the time suggested.

Nothing is stored for it: it follows from the visits. A household is in the queue when
its latest visit of the campaign found nobody at home or was asked to come back; a
resident when, at the household's latest visit, they were away or need the chip card
first. A later visit to the household takes it out (or puts it back, by its own
outcome). "Latest" is by night, then time of the visit, then order of entry, as the
route planner reads it (desktop.services.planning.candidates).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from desktop.db.models import (
    Household,
    Resident,
    ResidentialGroup,
    Shift,
    Team,
    Visit,
    VisitResident,
)
from desktop.domain.campaign import (
    MOVED_AWAY,
    OUTCOME_LABELS,
    REASON_LABELS,
    REVISIT_OUTCOMES,
    REVISIT_REASONS,
)
from desktop.services.campaigns import require_campaign


@dataclass(frozen=True)
class RevisitResident:
    resident_id: int
    full_name: str
    reason: str

    @property
    def reason_label(self) -> str:
        return REASON_LABELS.get(self.reason, self.reason)


@dataclass(frozen=True)
class RevisitHousehold:
    """A household to go back to: what its latest visit found and when to come."""

    household_id: int
    household_code: str
    address: str
    head_name: str
    group_id: int
    group_name: str
    visit_id: int
    visited_on: date
    team_name: str
    outcome: str
    come_back_at: datetime | None
    notes: str | None
    residents: tuple[RevisitResident, ...]  # those to look for, in household order

    @property
    def outcome_label(self) -> str:
        return OUTCOME_LABELS.get(self.outcome, self.outcome)

    @property
    def household_revisit(self) -> bool:
        """True when the whole household is to be visited again (not only some residents)."""
        return self.outcome in REVISIT_OUTCOMES


def revisit_queue(
    session: Session, campaign_id: int | None = None, group_ids: Collection[int] | None = None
) -> list[RevisitHousehold]:
    """The households (and residents) to go back to in a campaign (default: current).

    Sorted by the suggested time (those without one last), then group and address.
    `group_ids` narrows the queue to an area. Refuses when there is no campaign.
    """
    campaign = require_campaign(session, campaign_id)
    query = (
        select(
            Visit.id,
            Visit.household_id,
            Shift.day,
            Visit.visited_at,
            Visit.outcome,
            Visit.come_back_at,
            Visit.notes,
            Team.name,
        )
        .join(Shift, Shift.id == Visit.shift_id)
        .join(Team, Team.id == Shift.team_id)
        .where(Shift.campaign_id == campaign.id)
    )
    if group_ids is not None:
        query = query.join(Household, Household.id == Visit.household_id).where(
            Household.group_id.in_(list(group_ids))
        )
    latest = {}
    for row in session.execute(query):
        known = latest.get(row.household_id)
        if known is None or _order(row) > _order(known):
            latest[row.household_id] = row
    if not latest:
        return []
    waiting = _residents_waiting(session, campaign.id, {row.id for row in latest.values()})
    queued = [
        row for row in latest.values() if row.outcome in REVISIT_OUTCOMES or waiting.get(row.id)
    ]
    households = _households(session, [row.household_id for row in queued])
    result = [
        RevisitHousehold(
            household_id=row.household_id,
            household_code=households[row.household_id].code,
            address=households[row.household_id].address,
            head_name=households[row.household_id].head_name,
            group_id=households[row.household_id].group_id,
            group_name=households[row.household_id].group_name,
            visit_id=row.id,
            visited_on=row.day,
            team_name=row.name,
            outcome=row.outcome,
            come_back_at=row.come_back_at,
            notes=row.notes,
            residents=tuple(waiting.get(row.id, ())),
        )
        for row in queued
    ]
    return sorted(
        result,
        key=lambda h: (
            h.come_back_at is None,
            h.come_back_at or datetime.min,
            households[h.household_id].group_key,
            households[h.household_id].address_key,
            h.household_id,
        ),
    )


def _order(row) -> tuple:
    return (row.day, row.visited_at or time.min, row.id)


def _residents_waiting(
    session: Session, campaign_id: int, latest_visits: set[int]
) -> dict[int, list[RevisitResident]]:
    """{latest visit id: residents it found away or needing the chip card first}."""
    waiting: dict[int, list[RevisitResident]] = {}
    rows = session.execute(
        select(VisitResident.visit_id, Resident.id, Resident.full_name, VisitResident.reason_not)
        .join(Resident, Resident.id == VisitResident.resident_id)
        .join(Visit, Visit.id == VisitResident.visit_id)
        .join(Shift, Shift.id == Visit.shift_id)
        .where(Shift.campaign_id == campaign_id, VisitResident.reason_not.in_(REVISIT_REASONS))
        .order_by(VisitResident.visit_id, Resident.position, Resident.id)
    )
    for visit_id, resident_id, full_name, reason in rows:
        if visit_id in latest_visits:
            waiting.setdefault(visit_id, []).append(RevisitResident(resident_id, full_name, reason))
    return waiting


@dataclass(frozen=True)
class _HouseholdFacts:
    code: str
    address: str
    head_name: str
    group_id: int
    group_name: str
    group_key: str
    address_key: str


def _households(session: Session, household_ids: list[int]) -> dict[int, _HouseholdFacts]:
    found = {}
    for start in range(0, len(household_ids), _CHUNK):
        found |= _household_chunk(session, household_ids[start : start + _CHUNK])
    return found


_CHUNK = 900  # ids per IN (…): old SQLite builds allow 999 parameters


def _household_chunk(session: Session, household_ids: list[int]) -> dict[int, _HouseholdFacts]:
    rows = session.execute(
        select(
            Household.id,
            Household.code,
            Household.address,
            Household.head_name,
            Household.group_id,
            ResidentialGroup.name,
            ResidentialGroup.sort_key,
            Household.address_sort_key,
        )
        .join(ResidentialGroup, ResidentialGroup.id == Household.group_id)
        .where(Household.id.in_(household_ids))
    )
    return {row[0]: _HouseholdFacts(*row[1:]) for row in rows}


def households_moved_away(session: Session, *where: ColumnElement[bool]) -> set[int]:
    """Households whose latest visit (by night, then time) found them moved away;
    `where` narrows the visits read (a campaign, some households)."""
    latest: dict[int, str] = {}
    for household_id, outcome in session.execute(
        select(Visit.household_id, Visit.outcome)
        .join(Shift, Shift.id == Visit.shift_id)
        .where(*where)
        .order_by(Shift.day, Visit.visited_at, Visit.id)
    ):
        latest[household_id] = outcome  # the last one wins
    return {household_id for household_id, outcome in latest.items() if outcome == MOVED_AWAY}
