"""The campaign statuses a demo resident starts with: chip card, VNeID level, 114 app, documents.

The ward looks like one some weeks into a campaign: each residential group has come
its own way (`level2_share`), and every level is dated before the demo's current
campaign began, whose own records then move the statuses on.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from desktop.domain.eligibility import (
    ADULT_AGE,
    LEVEL2_MIN_AGE,
    ResidentStatus,
    check_level2_allowed,
)
from desktop.domain.errors import InvalidValue
from desktop.services.demo.person import HouseholdMember
from desktop.services.demo.words import RESIDENT_NOTES


def level2_allowed(member: HouseholdMember, today: date) -> bool:
    """Whether the eligibility rules accept level 2 for the member (warnings allowed)."""
    status = ResidentStatus(
        birth_date=member.birth_date,
        birth_year=member.birth_year,
        vneid_level=2,
        app_114=member.app_114,
        has_chip_card=member.has_chip_card,
        personal_id=member.personal_id,
    )
    try:
        check_level2_allowed(status, today)
    except InvalidValue:
        return False
    return True


class StatusMaker:
    """Chip card, VNeID level, 114 app and documents of a campaign some weeks under way.

    `level2_share` is how far the member's residential group has come: the share of
    its adults who would have level 2 if all had a chip card. With `settled_before`
    (the first day of the demo's current campaign), every level dates from before that
    day: what changed since then is the campaign's, and comes with its records.
    """

    def __init__(self, rng: random.Random, today: date, settled_before: date | None = None) -> None:
        self.rng = rng
        self.today = today
        self.shift_days = (today - settled_before).days if settled_before else 0

    def fill(self, member: HouseholdMember, level2_share: float) -> None:
        member.has_chip_card = self._chip_card(member)
        level = self._vneid_level(member, level2_share)
        if level == 2 and not level2_allowed(member, self.today):
            level = 1
        member.vneid_level = level
        if level:
            member.vneid_level_changed_on = self._level_date(member, level)
        if member.age >= ADULT_AGE:
            member.app_114 = self._app_114(level)
            member.documents_integrated = self._documents(level)
            if 18 <= member.age <= 35 and self.rng.random() < 0.03:
                member.notes = self.rng.choice(RESIDENT_NOTES)

    def _chip_card(self, member: HouseholdMember) -> bool | None:
        if member.personal_id is None:
            return None
        roll = self.rng.random()
        if member.age >= ADULT_AGE:
            return True if roll < 0.93 else (False if roll < 0.97 else None)
        if member.age >= LEVEL2_MIN_AGE:
            return True if roll < 0.12 else None
        return None

    def _vneid_level(self, member: HouseholdMember, level2_share: float) -> int:
        roll = self.rng.random()
        if member.age < LEVEL2_MIN_AGE:
            return 1 if roll < 0.05 else 0
        if member.age < ADULT_AGE:
            if member.has_chip_card and roll < 0.2:
                return 2
            return 1 if roll > 0.9 else 0
        if not member.has_chip_card:
            return 1 if roll < 0.35 else 0
        level2 = min(0.95, level2_share * _age_factor(member.age))
        if roll < level2:
            return 2
        return 1 if roll < level2 + (1 - level2) * 0.45 else 0

    def _level_date(self, member: HouseholdMember, level: int) -> date:
        days_ago = self.rng.randint(1, 75) if level == 2 else self.rng.randint(20, 900)
        days_ago += self.shift_days
        born = member.birth_date or date(member.birth_year, 12, 31)
        return max(self.today - timedelta(days=days_ago), born + timedelta(days=1))

    def _app_114(self, level: int) -> bool | None:
        if self.rng.random() < (0.65 if level == 2 else 0.12):
            return True
        return False if self.rng.random() < 0.7 else None

    def _documents(self, level: int) -> bool | None:
        if level < 2:
            return None
        roll = self.rng.random()
        return True if roll < 0.55 else (False if roll < 0.85 else None)


def _age_factor(age: int) -> float:
    if age < 18:
        return 0.7
    if age <= 60:
        return 1.12
    if age < 75:
        return 0.85
    return 0.45
