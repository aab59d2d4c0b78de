"""The ward's located households, for the planning view's map behind the night's routes.

The planning input holds only the households worth a visit tonight; the map also
draws the others (everyone served, or outside the chosen groups) faintly, so the duty
officer sees the chosen area inside the ward and the streets it lies on.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.db.models import Household, ResidentialGroup
from desktop.services.wards import current_ward


@dataclass(frozen=True)
class MapHousehold:
    """A household with coordinates: where it is and on which street."""

    household_id: int
    group_id: int
    lat: float
    lon: float
    street: str | None


def located_households(session: Session) -> list[MapHousehold]:
    """Every household of the current ward that has coordinates (none for an empty base)."""
    ward = current_ward(session)
    if ward is None:
        return []
    rows = session.execute(
        select(Household.id, Household.group_id, Household.lat, Household.lon, Household.street)
        .join(ResidentialGroup, ResidentialGroup.id == Household.group_id)
        .where(
            ResidentialGroup.ward_id == ward.id,
            Household.lat.is_not(None),
            Household.lon.is_not(None),
        )
    ).all()
    return [MapHousehold(row.id, row.group_id, row.lat, row.lon, row.street) for row in rows]
