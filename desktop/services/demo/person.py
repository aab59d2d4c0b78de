"""One person of a demo household, as the makers fill them in before the rows are written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop.services.demo.words import LAO_CAI


@dataclass(slots=True)
class HouseholdMember:
    """One person of a demo household, before the database gives them an id."""

    full_name: str
    relation: str
    gender: str
    age: int
    people: str  # People.key
    birth_date: date | None = None
    birth_year: int = 0
    birth_province: str = LAO_CAI
    personal_id: str | None = None
    phone: str | None = None
    has_chip_card: bool | None = None
    vneid_level: int = 0
    vneid_level_changed_on: date | None = None
    app_114: bool | None = None
    documents_integrated: bool | None = None
    notes: str | None = None
