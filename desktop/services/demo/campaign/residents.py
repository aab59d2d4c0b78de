"""The ward's households and residents as the campaign sees them, loaded once as it goes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from desktop.db.models import Household, Resident
from desktop.domain.campaign import LEVEL2_COLLECTED
from desktop.domain.eligibility import ResidentStatus, age_on
from desktop.domain.ledger import STATUS_FIELDS

_LOADED_AT_ONCE = 900  # households per query, under SQLite's limit on bound parameters


@dataclass
class CampaignResident:
    """A resident as the campaign sees them, with their statuses as they go."""

    id: int
    uid: str
    household_id: int
    birth_date: date | None
    birth_year: int | None
    personal_id: str | None
    phone: str | None
    values: dict[str, Any]  # the status fields now
    original: dict[str, Any]  # the status fields before the campaign
    recorded: set[str] = field(default_factory=set)  # services with a record

    def status(self) -> ResidentStatus:
        return ResidentStatus(
            birth_date=self.birth_date,
            birth_year=self.birth_year,
            vneid_level=self.values["vneid_level"],
            app_114=self.values["app_114"],
            has_chip_card=self.values["has_chip_card"],
            personal_id=self.personal_id,
            level2_collected=LEVEL2_COLLECTED in self.recorded,
            documents_integrated=self.values["documents_integrated"],
        )

    def age(self, day: date) -> int | None:
        return age_on(self.birth_date, self.birth_year, day)


class WardResidents:
    """Each group's households in walking order, and the residents the campaign met."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.households = _households_by_group(session)  # group id → household ids
        self.group_of = {h: g for g, homes in self.households.items() for h in homes}
        self.people: dict[int, CampaignResident] = {}  # resident id → resident
        self._residents_of: dict[int, list[CampaignResident]] = {}  # household id → residents

    @property
    def household_count(self) -> int:
        return sum(len(ids) for ids in self.households.values())

    def load(self, household_ids: list[int]) -> dict[int, list[CampaignResident]]:
        """The residents of the households, loaded once and kept as they change."""
        wanted = sorted(set(household_ids))
        missing = [household for household in wanted if household not in self._residents_of]
        for household in missing:
            self._residents_of[household] = []
        for start in range(0, len(missing), _LOADED_AT_ONCE):
            for row in self._query(missing[start : start + _LOADED_AT_ONCE]):
                if row.id not in self.people:
                    person = self.people[row.id] = _resident(row)
                    self._residents_of[row.household_id].append(person)
        return {household: self._residents_of[household] for household in wanted}

    def _query(self, household_ids: list[int]) -> list[Row]:
        return self.session.execute(
            select(
                Resident.id,
                Resident.uid,
                Resident.household_id,
                Resident.birth_date,
                Resident.birth_year,
                Resident.personal_id,
                Resident.phone,
                *(getattr(Resident, name) for name in STATUS_FIELDS),
            )
            .where(Resident.household_id.in_(household_ids))
            .order_by(Resident.household_id, Resident.position)
        ).all()


def _households_by_group(session: Session) -> dict[int, list[int]]:
    """Each group's households in walking order (codes follow the streets)."""
    by_group: dict[int, list[int]] = defaultdict(list)
    for household_id, group_id in session.execute(
        select(Household.id, Household.group_id).order_by(Household.code)
    ):
        by_group[group_id].append(household_id)
    return by_group


def _resident(row: Row) -> CampaignResident:
    values = {name: getattr(row, name) for name in STATUS_FIELDS}
    return CampaignResident(
        row.id,
        row.uid,
        row.household_id,
        row.birth_date,
        row.birth_year,
        row.personal_id,
        row.phone,
        values,
        dict(values),
    )
