"""Names as each people of Lào Cai gives them, by sex and by the year of birth."""

from __future__ import annotations

import random
from datetime import date

from desktop.services.demo.peoples import KINH, PEOPLES, TAY, People
from desktop.services.demo.weighted import Weighted
from desktop.services.demo.words import (
    KINH_FEMALE_GIVEN,
    KINH_FEMALE_GIVEN_OLD,
    KINH_FEMALE_GIVEN_YOUNG,
    KINH_FEMALE_MIDDLES,
    KINH_FEMALE_MIDDLES_YOUNG,
    KINH_MALE_GIVEN,
    KINH_MALE_GIVEN_OLD,
    KINH_MALE_GIVEN_YOUNG,
    KINH_MALE_MIDDLES,
    KINH_MALE_MIDDLES_YOUNG,
)

_FAMILY_NAMES = {people.key: Weighted(people.families) for people, _ in PEOPLES}


class NameMaker:
    """Family names and full names, drawn from the demo's one random generator."""

    def __init__(self, rng: random.Random, today: date) -> None:
        self.rng = rng
        self.today = today

    def family_name(self, people: People, unlike: str | None = None) -> str:
        """A family name of the people; a different one from `unlike` where custom says so."""
        while True:
            family = _FAMILY_NAMES[people.key].pick(self.rng)
            if not (people.exogamous and family == unlike):
                return family

    def full_name(self, people: People, family: str, gender: str, age: int) -> str:
        """ "Nguyễn Thị Ước", "Giàng A Sử", "Tẩn Láo Lở": family, middle and given name."""
        born = self.today.year - age
        male = gender == "male"
        if people is KINH or people is TAY:
            middles, given = self._kinh_style_words(male, born)
        else:
            middles = people.male_middles if male else people.female_middles
            given = people.male_given if male else people.female_given
            if born >= 2000 and self.rng.random() < 0.3:  # young ones often get Kinh names
                given = KINH_MALE_GIVEN if male else KINH_FEMALE_GIVEN
        return f"{family} {self.rng.choice(middles)} {self.rng.choice(given)}"

    def _kinh_style_words(self, male: bool, born: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Middle and given names of the Kinh pattern: old-fashioned before 1960, new after 2005."""
        if male:
            middles = KINH_MALE_MIDDLES_YOUNG if born >= 2005 else KINH_MALE_MIDDLES
            given = KINH_MALE_GIVEN
            if born < 1960 and self.rng.random() < 0.4:
                given = KINH_MALE_GIVEN_OLD
            elif born >= 2005 and self.rng.random() < 0.5:
                given = KINH_MALE_GIVEN_YOUNG
        else:
            middles = KINH_FEMALE_MIDDLES_YOUNG if born >= 2005 else KINH_FEMALE_MIDDLES
            given = KINH_FEMALE_GIVEN
            if born < 1960 and self.rng.random() < 0.4:
                given = KINH_FEMALE_GIVEN_OLD
            elif born >= 2005 and self.rng.random() < 0.5:
                given = KINH_FEMALE_GIVEN_YOUNG
        return middles, given
