"""Level-2 approvals of the demo campaign: the approval list of each day.

Most applications a team collects are approved two to five days later, credited to
the collecting team; a few residents apply at the station instead ("Khác") and are
approved without a team.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from desktop.db.models import ResidentialGroup
from desktop.domain.campaign import LEVEL2_ACTIVATED, LEVEL2_COLLECTED
from desktop.domain.eligibility import ADULT_AGE
from desktop.domain.ledger import level2_check
from desktop.services import audit
from desktop.services.demo.campaign.period import in_utc
from desktop.services.demo.campaign.records import Recorder
from desktop.services.demo.campaign.residents import CampaignResident, WardResidents


class Approvals:
    """The approvals due each day, and the day's approval list when it comes."""

    def __init__(
        self,
        rng: random.Random,
        residents: WardResidents,
        groups: list[ResidentialGroup],
        recorder: Recorder,
        today: date,
    ) -> None:
        self.rng = rng
        self.residents = residents
        self.groups = groups
        self.recorder = recorder
        self.today = today
        # day → (resident id, collecting team id)
        self.due: dict[date, list[tuple[int, int | None]]] = defaultdict(list)

    def schedule(self, person_id: int, team_id: int, collected_on: date) -> None:
        """Most collected applications are approved some days later, if before today."""
        if self.rng.random() < 0.9:
            approved = collected_on + timedelta(days=self.rng.randint(2, 5))
            if approved < self.today:
                self.due[approved].append((person_id, team_id))

    def approve(self, day: date) -> None:
        """The day's approval list (applications collected some days before), and a
        few residents who applied at the station."""
        source = f"Phê duyệt mức 2 ngày {day:%d/%m/%Y}"
        at = in_utc(day, time(9, 30))
        for person_id, team_id in self.due.pop(day, []):
            self._activate(self.residents.people[person_id], day, team_id, source, at)
        for person in self._station_applicants(day):
            self._activate(person, day, None, source, at)

    def _activate(
        self, person: CampaignResident, day: date, team_id: int | None, source: str, at: datetime
    ) -> None:
        if LEVEL2_ACTIVATED in person.recorded or person.values["vneid_level"] == 2:
            return
        changes = self.recorder.record(person, LEVEL2_ACTIVATED, day, team_id, None, "approval", at)
        added = {LEVEL2_ACTIVATED: day}
        self.recorder.note_resident(person, changes, added, audit.APPROVAL, source, at)

    def _station_applicants(self, day: date) -> list[CampaignResident]:
        """Up to eight adults, from households drawn at random, who applied themselves."""
        households = self.residents.household_count
        wanted = self.rng.randint(0, min(8, max(2, households // 700)))
        picked = []
        for _ in range(wanted):
            group = self.rng.choice(self.groups)
            homes = self.residents.households[group.id]
            if not homes:  # a tiny ward leaves some groups without households
                continue
            home = homes[self.rng.randrange(len(homes))]
            for person in self.residents.load([home])[home]:
                if _may_apply_at_station(person, day):
                    picked.append(person)
                    break
        return picked


def _may_apply_at_station(person: CampaignResident, day: date) -> bool:
    allowed, _ = level2_check(person.status(), day)
    return (
        (person.age(day) or 0) >= ADULT_AGE
        and allowed
        and person.values["vneid_level"] < 2
        and person.values["has_chip_card"] is True
        and not person.recorded & {LEVEL2_COLLECTED, LEVEL2_ACTIVATED}
    )
