"""Birth dates and birth-registration provinces of the demo's people."""

from __future__ import annotations

import random
from datetime import date, timedelta

from desktop.services.demo.peoples import KINH
from desktop.services.demo.person import HouseholdMember
from desktop.services.demo.weighted import Weighted
from desktop.services.demo.words import LAO_CAI, MIGRANT_PROVINCES

_MIGRANT_PROVINCES = Weighted(MIGRANT_PROVINCES)


def set_birth(rng: random.Random, today: date, member: HouseholdMember) -> None:
    """A real birth date giving the member's age today; a bare year for a few elders."""
    member.birth_date = birth_date_for_age(rng, today, member.age)
    member.birth_year = member.birth_date.year
    bare_year_chance = 0.12 if member.age >= 70 else (0.015 if member.age >= 40 else 0.0)
    if rng.random() < bare_year_chance:
        # Old registers often hold only the year; the age is then counted by year.
        member.birth_date = None
        member.birth_year = today.year - member.age
    member.birth_province = _birth_province(rng, member)


def _birth_province(rng: random.Random, member: HouseholdMember) -> str:
    moved_here = 0.05 if member.people != KINH.key else (0.08 if member.age < 25 else 0.3)
    if rng.random() < moved_here:
        return _MIGRANT_PROVINCES.pick(rng)
    return LAO_CAI


def birth_date_for_age(rng: random.Random, today: date, age: int) -> date:
    """A day on which someone born is exactly `age` whole years old today."""
    latest = _years_before(today, age)
    earliest = _years_before(today, age + 1) + timedelta(days=1)
    return earliest + timedelta(days=rng.randint(0, (latest - earliest).days))


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return date(day.year - years, 2, 28)
