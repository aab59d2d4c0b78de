"""One visit of a demo team to a household: its outcome, who was met, what got done.

A first visit meets the household three times in four; a household not at home, or
that asks the team to come back, is visited again on a later night. A willing team
gets each owed service done with its own chance, scaled by the team's pace.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any

from desktop.db.models import Visit, VisitResident
from desktop.domain.campaign import (
    ABSENT,
    ALREADY_DONE,
    APP_114,
    CHIP_CARD_COLLECTED,
    COME_BACK,
    DOCUMENTS,
    DOORSTEP_SERVICES,
    LEVEL2_COLLECTED,
    MET,
    MOVED_AWAY,
    NEEDS_CHIP_CARD,
    NO_SMARTPHONE,
    NOT_HOME,
    REFUSED,
    RESIDENT_REFUSED,
    UNDER_AGE,
    VNEID_INSTALLED,
)
from desktop.domain.eligibility import ADULT_AGE, LEVEL2_MIN_AGE
from desktop.domain.ledger import level2_check, services_owed
from desktop.services import audit
from desktop.services.demo.campaign.approvals import Approvals
from desktop.services.demo.campaign.period import in_utc
from desktop.services.demo.campaign.records import Recorder
from desktop.services.demo.campaign.residents import CampaignResident
from desktop.services.demo.campaign.rows import CampaignRows
from desktop.services.demo.weighted import Weighted

# How a first visit and a return visit go.
_FIRST_OUTCOMES = Weighted(
    [(MET, 74), (NOT_HOME, 13), (COME_BACK, 7), (REFUSED, 4), (MOVED_AWAY, 2)]
)
_RETURN_OUTCOMES = Weighted([(MET, 82), (NOT_HOME, 11), (COME_BACK, 3), (REFUSED, 4)])
# The chance a willing team gets each owed service done for a resident it meets.
_SERVICE_CHANCE = {
    VNEID_INSTALLED: 0.8,
    LEVEL2_COLLECTED: 0.6,
    APP_114: 0.65,
    DOCUMENTS: 0.35,
    CHIP_CARD_COLLECTED: 0.45,
}
_NEEDS_A_PHONE = (VNEID_INSTALLED, APP_114)
_TO_SEE_AGAIN = (NOT_HOME, COME_BACK)

# A resident the visit recorded: (resident, met, reason not, services done).
Line = tuple[CampaignResident, bool, str | None, list[str]]


class VisitHistory:
    """What the teams know from earlier nights: the last visit to each household."""

    def __init__(self) -> None:
        self.last_visit: dict[int, tuple[date, str, datetime | None]] = {}
        self.to_revisit: dict[int, set[int]] = defaultdict(set)  # group id → households

    def note(
        self,
        household: int,
        group_id: int,
        night: date,
        outcome: str,
        come_back_at: datetime | None,
    ) -> None:
        self.last_visit[household] = (night, outcome, come_back_at)
        revisit = self.to_revisit[group_id]
        if outcome in _TO_SEE_AGAIN:
            revisit.add(household)
        else:
            revisit.discard(household)

    def due_again(self, household: int, night: date) -> bool:
        """Whether a household not met before is due another visit on `night`."""
        last = self.last_visit.get(household)
        if last is None or last[1] not in _TO_SEE_AGAIN or last[0] >= night:
            return False
        return last[2] is None or last[2].date() <= night


class VisitMaker:
    """Makes the visits of the nights, with their residents, records and audit entries."""

    def __init__(
        self,
        rng: random.Random,
        rows: CampaignRows,
        recorder: Recorder,
        approvals: Approvals,
        pace: dict[int, float],
        group_of: dict[int, int],
    ) -> None:
        self.rng = rng
        self.rows = rows
        self.recorder = recorder
        self.approvals = approvals
        self.pace = pace  # team id → pace
        self.group_of = group_of  # household id → group id
        self.history = VisitHistory()

    def visit(
        self,
        shift_id: int,
        team_id: int,
        night: date,
        household: int,
        visited_at: time,
        residents: list[CampaignResident],
        shift_source: str,
    ) -> None:
        """Visit the household on the shift; `shift_source` names the shift for the audit."""
        outcome, come_back_at = self._outcome(household, night)
        entered_at = in_utc(night, time(22, 30))
        visit_id = self.rows.add(
            Visit,
            shift_id=shift_id,
            household_id=household,
            outcome=outcome,
            visited_at=visited_at,
            come_back_at=come_back_at,
            notes=None,
            entered_by=self.recorder.actor,
            entered_at=entered_at,
            version=1,
        )
        self.history.note(household, self.group_of[household], night, outcome, come_back_at)
        source = f"Lượt #{visit_id}, {shift_source}"
        for person, met, reason, services in self._lines(outcome, residents, night, team_id):
            self.rows.add(
                VisitResident, visit_id=visit_id, resident_id=person.id, met=met, reason_not=reason
            )
            self._record(person, services, night, team_id, visit_id, source, entered_at)
        self.recorder.note_visit(visit_id, outcome, source, entered_at)

    def _outcome(self, household: int, night: date) -> tuple[str, datetime | None]:
        """How the visit went, and when to come back if the household asked."""
        again = household in self.history.last_visit
        outcome = (_RETURN_OUTCOMES if again else _FIRST_OUTCOMES).pick(self.rng)
        come_back_at = None
        if outcome == COME_BACK:
            day = night + timedelta(days=self.rng.randint(1, 3))
            come_back_at = datetime.combine(day, time(self.rng.randint(19, 20), 30))
        return outcome, come_back_at

    def _record(
        self,
        person: CampaignResident,
        services: list[str],
        night: date,
        team_id: int,
        visit_id: int,
        source: str,
        entered_at: datetime,
    ) -> None:
        """Record the services done for the person, with one audit entry for them all."""
        status_changes: dict[str, list[Any]] = {}
        for service in services:
            changes = self.recorder.record(
                person, service, night, team_id, visit_id, "visit", entered_at
            )
            for name, (old, new) in changes.items():
                status_changes[name] = [status_changes.get(name, [old])[0], new]
            if service == LEVEL2_COLLECTED:
                self.approvals.schedule(person.id, team_id, night)
        if services:
            added = dict.fromkeys(services, night)
            self.recorder.note_resident(
                person, status_changes, added, audit.VISIT, source, entered_at
            )

    def _lines(
        self, outcome: str, residents: list[CampaignResident], night: date, team_id: int
    ) -> list[Line]:
        """(resident, met, reason not, services done) for those the visit recorded."""
        if outcome in (NOT_HOME, MOVED_AWAY) or not residents:
            return []
        if outcome == REFUSED:
            return [(residents[0], True, RESIDENT_REFUSED, [])]
        lines: list[Line] = []
        chance = 0.3 if outcome == COME_BACK else None
        for index, person in enumerate(residents):
            age = person.age(night) or 0
            met_chance = chance if chance is not None else (0.8 if age >= ADULT_AGE else 0.7)
            if not (index == 0 and chance is None) and self.rng.random() >= met_chance:
                lines.append((person, False, ABSENT, []))
                continue
            services, reason = self._services(person, age, night, team_id)
            lines.append((person, True, reason, services))
        return lines

    def _services(
        self, person: CampaignResident, age: int, night: date, team_id: int
    ) -> tuple[list[str], str | None]:
        """The services done for a resident met, or why none was."""
        if age < LEVEL2_MIN_AGE:
            return [], UNDER_AGE
        if age < ADULT_AGE:
            return self._services_under_adult_age(person, night)
        owed = services_owed(person.status(), person.recorded, DOORSTEP_SERVICES, night)
        if not owed:
            return [], ALREADY_DONE
        has_phone = person.phone is not None
        done = [
            service
            for service in owed
            if (has_phone or service not in _NEEDS_A_PHONE)
            and self.rng.random() < min(0.95, _SERVICE_CHANCE[service] * self.pace[team_id])
        ]
        if done:
            return done, None
        if not has_phone:
            return [], NO_SMARTPHONE
        if person.values["has_chip_card"] is False:
            return [], NEEDS_CHIP_CARD
        return [], RESIDENT_REFUSED if self.rng.random() < 0.3 else None

    def _services_under_adult_age(
        self, person: CampaignResident, night: date
    ) -> tuple[list[str], str | None]:
        """A teenager with a chip card may now and then apply for level 2."""
        allowed, _ = level2_check(person.status(), night)
        asked = person.values["has_chip_card"] is True and self.rng.random() < 0.04
        if allowed and asked and LEVEL2_COLLECTED not in person.recorded:
            return [LEVEL2_COLLECTED], None
        return [], UNDER_AGE
