"""The households worth a visit on a night: pending services, revisits and their hints.

A household is a candidate when at least one resident still needs a doorstep service
the campaign tracks (desktop.services.owed: the ledger's rule, the one the visit entry
offers them by and the pending list counts by); it is worth the number of such
services. The revisit queue (last visit: not at home, or asked to come back; or
residents away or waiting for a chip card) marks households to go back to, with the
time they asked for as a hint. A household that asked for a later day is left for that
day; one found moved away is not planned again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.db.models import Household, Resident, ResidentialGroup, Shift, Visit
from desktop.services.owed import birth_year_of, residents_owed
from desktop.services.planning.model import Candidate, PendingResident
from desktop.services.revisits import households_moved_away, revisit_queue


@dataclass(frozen=True)
class RevisitState:
    """What the last visit to a household says about going back."""

    revisit: bool
    time_hint: time | None
    skip: bool  # asked for a later day, or moved away


def load_candidates(
    session: Session,
    campaign_id: int,
    group_ids: Collection[int],
    services: tuple[str, ...],
    day: date,
    exclude: Collection[int] = (),
) -> list[Candidate]:
    """Households of the groups with services pending on `day`, in address order.

    `services` are the services the campaign tracks (only doorstep ones count); revisits
    come from the campaign's revisit queue (desktop.services.revisits); `exclude` holds
    households that are already on another team's route that night.
    """
    pending = _pending_residents(session, group_ids, services, day)
    revisits = _revisit_states(session, campaign_id, group_ids, day)
    rows = session.execute(
        select(
            Household.id,
            Household.code,
            ResidentialGroup.name,
            Household.address,
            Household.street,
            Household.lane,
            Household.house_number,
            Household.address_sort_key,
            Household.head_name,
            Household.lat,
            Household.lon,
        )
        .join(ResidentialGroup, ResidentialGroup.id == Household.group_id)
        .where(Household.group_id.in_(list(group_ids)))
        .order_by(Household.address_sort_key, Household.id)
    ).all()
    candidates = []
    excluded = set(exclude)
    for row in rows:
        residents = pending.get(row.id)
        state = revisits.get(row.id)
        if not residents or row.id in excluded or (state and state.skip):
            continue
        candidates.append(
            Candidate(
                household_id=row.id,
                code=row.code,
                group=row.name,
                address=row.address,
                street=row.street,
                lane=row.lane,
                house_number=row.house_number,
                address_sort_key=row.address_sort_key,
                head_name=row.head_name,
                lat=row.lat,
                lon=row.lon,
                residents=tuple(residents),
                revisit=bool(state and state.revisit),
                time_hint=state.time_hint if state else None,
            )
        )
    return candidates


def _pending_residents(
    session: Session, group_ids: Collection[int], services: tuple[str, ...], day: date
) -> dict[int, list[PendingResident]]:
    """household id → its residents with services pending, in household order."""
    pending: dict[int, list[PendingResident]] = defaultdict(list)
    for row, owed in residents_owed(
        session,
        Household.group_id.in_(list(group_ids)),
        services,
        day,
        columns=(Resident.full_name, Resident.relation),
        order_by=(Resident.household_id, Resident.position, Resident.id),
    ):
        pending[row.household_id].append(
            PendingResident(
                resident_id=row.id,
                full_name=row.full_name,
                relation=row.relation,
                birth_year=birth_year_of(row),
                personal_id=row.personal_id,
                services=owed,
            )
        )
    return pending


def _revisit_states(
    session: Session, campaign_id: int, group_ids: Collection[int], day: date
) -> dict[int, RevisitState]:
    """household id → what its latest visit says about going back, for visited households."""
    states: dict[int, RevisitState] = {}
    for queued in revisit_queue(session, campaign_id, group_ids):
        come_back = queued.come_back_at
        # A bare date (midnight) asks for a day, not an hour.
        hint = come_back.time() if come_back and come_back.time() != time(0, 0) else None
        states[queued.household_id] = RevisitState(
            revisit=True,
            time_hint=hint,
            skip=come_back is not None and come_back.date() > day,
        )
    for household_id in _moved_away(session, campaign_id, group_ids):
        states[household_id] = RevisitState(revisit=False, time_hint=None, skip=True)
    return states


def _moved_away(session: Session, campaign_id: int, group_ids: Collection[int]) -> set[int]:
    """Households of these groups whose latest visit of the campaign found them gone."""
    in_groups = select(Household.id).where(Household.group_id.in_(list(group_ids)))
    return households_moved_away(
        session, Shift.campaign_id == campaign_id, Visit.household_id.in_(in_groups)
    )
