"""Personal ID numbers and phone numbers of the demo's people, each unique in the ward."""

from __future__ import annotations

import random
from collections.abc import Callable

from desktop.domain.eligibility import ADULT_AGE
from desktop.services.demo.person import HouseholdMember
from desktop.services.demo.words import LANDLINE_PREFIX, MOBILE_PREFIXES


class IdentifierMaker:
    """Personal ID numbers and phone numbers, each unique across the ward."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._ids: set[str] = set()
        self._phones: set[str] = set()

    def fill(self, members: list[HouseholdMember]) -> None:
        """Give a household's members their ID numbers and phones."""
        for member in members:
            if member.age >= ADULT_AGE or self.rng.random() < 0.85:
                member.personal_id = self.personal_id(
                    member.birth_province, member.gender, member.birth_year
                )
            if self.rng.random() < _mobile_chance(member.age):
                member.phone = self.mobile()
        head = members[0]
        if self.rng.random() < 0.03 and head.age >= 40:
            head.phone = self.landline()

    def personal_id(self, province: str, gender: str, birth_year: int) -> str:
        """12 digits: province, century/gender digit, year, then a serial not yet used."""
        century_digit = 2 * ((birth_year - 1900) // 100) + (gender == "female")
        prefix = f"{province}{century_digit}{birth_year % 100:02d}"
        while True:
            candidate = f"{prefix}{self.rng.randrange(1_000_000):06d}"
            if candidate not in self._ids:
                self._ids.add(candidate)
                return candidate

    def mobile(self) -> str:
        return self._unique_phone(lambda: self.rng.choice(MOBILE_PREFIXES), 7)

    def landline(self) -> str:
        return self._unique_phone(lambda: LANDLINE_PREFIX, 7)

    def _unique_phone(self, prefix: Callable[[], str], digits: int) -> str:
        while True:
            candidate = f"{prefix()}{self.rng.randrange(10**digits):0{digits}d}"
            if candidate not in self._phones:
                self._phones.add(candidate)
                return candidate


def _mobile_chance(age: int) -> float:
    if age < ADULT_AGE:
        return 0.0
    if age < 18:
        return 0.5
    if age < 75:
        return 0.88
    return 0.45
