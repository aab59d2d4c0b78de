"""What the database already holds that an import file may match, read set by set.

A handful of queries, each over the keys the file names (ID numbers, household codes,
addresses, head names) in chunks of a few hundred: the cost grows with the file, not
with the database, and no query is made per row.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from desktop.db.models import Household, Resident, ResidentialGroup

_CHUNK = 500


@dataclass(frozen=True, slots=True)
class StoredResident:
    """A resident as stored, with what the import compares and may change."""

    id: int
    uid: str
    household_id: int
    position: int
    full_name: str
    name_folded: str
    relation: str
    birth_date: date | None
    birth_year: int | None
    gender: str | None
    personal_id: str | None
    phone: str | None
    has_chip_card: bool | None
    vneid_level: int
    app_114: bool | None
    documents_integrated: bool | None
    notes: str | None
    version: int
    household_code: str
    household_address: str


@dataclass(frozen=True, slots=True)
class StoredHousehold:
    id: int
    code: str
    source_code: str | None
    group_id: int
    house_number: str | None
    lane: str | None
    street: str | None
    address_folded: str
    lat: float | None
    lon: float | None
    head_name: str
    version: int


@dataclass(frozen=True, slots=True)
class StoredGroup:
    id: int
    name: str


_RESIDENT_COLUMNS = (
    Resident.id,
    Resident.uid,
    Resident.household_id,
    Resident.position,
    Resident.full_name,
    Resident.name_folded,
    Resident.relation,
    Resident.birth_date,
    Resident.birth_year,
    Resident.gender,
    Resident.personal_id,
    Resident.phone,
    Resident.has_chip_card,
    Resident.vneid_level,
    Resident.app_114,
    Resident.documents_integrated,
    Resident.notes,
    Resident.version,
    Household.code,
    Household.address,
)
_HOUSEHOLD_COLUMNS = (
    Household.id,
    Household.code,
    Household.source_code,
    Household.group_id,
    Household.house_number,
    Household.lane,
    Household.street,
    Household.address_folded,
    Household.lat,
    Household.lon,
    Household.head_name,
    Household.version,
)


def _chunks(values: Iterable, size: int = _CHUNK) -> Iterator[list]:
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _residents(session: Session, condition) -> list[StoredResident]:
    rows = session.execute(
        select(*_RESIDENT_COLUMNS)
        .join(Household, Household.id == Resident.household_id)
        .where(condition)
    )
    return [StoredResident(*row) for row in rows]


def residents_by_personal_id(session: Session, ids: Iterable[str]) -> dict[str, StoredResident]:
    """The stored residents holding these ID numbers, by ID number."""
    found: dict[str, StoredResident] = {}
    for chunk in _chunks(set(ids)):
        for resident in _residents(session, Resident.personal_id.in_(chunk)):
            found[resident.personal_id] = resident
    return found


def residents_of_households(
    session: Session, household_ids: Iterable[int]
) -> dict[int, list[StoredResident]]:
    """The stored members of these households, in register order."""
    members: dict[int, list[StoredResident]] = {}
    for chunk in _chunks(set(household_ids)):
        for resident in _residents(session, Resident.household_id.in_(chunk)):
            members.setdefault(resident.household_id, []).append(resident)
    for residents in members.values():
        residents.sort(key=lambda resident: (resident.position, resident.id))
    return members


def _households(session: Session, condition) -> list[StoredHousehold]:
    return [
        StoredHousehold(*row)
        for row in session.execute(select(*_HOUSEHOLD_COLUMNS).where(condition))
    ]


def households_by_code(session: Session, codes: Iterable[str]) -> list[StoredHousehold]:
    """Households whose own code, or the code the ward's list gave them, is among these."""
    found = []
    for chunk in _chunks(set(codes)):
        found += _households(
            session, or_(Household.code.in_(chunk), Household.source_code.in_(chunk))
        )
    return found


def households_by_id(session: Session, ids: Iterable[int]) -> dict[int, StoredHousehold]:
    found = {}
    for chunk in _chunks(set(ids)):
        for household in _households(session, Household.id.in_(chunk)):
            found[household.id] = household
    return found


def households_by_address(
    session: Session, addresses_folded: Iterable[str]
) -> list[StoredHousehold]:
    """Households at these (folded) addresses."""
    found = []
    for chunk in _chunks(set(addresses_folded)):
        found += _households(session, Household.address_folded.in_(chunk))
    return found


def households_by_head_name(session: Session, head_names: Iterable[str]) -> list[StoredHousehold]:
    """Households without an address whose head bears one of these names."""
    found = []
    for chunk in _chunks(set(head_names)):
        found += _households(
            session, Household.head_name.in_(chunk) & (Household.address_folded == "")
        )
    return found


def groups_of_ward(session: Session, ward_id: int) -> list[StoredGroup]:
    return [
        StoredGroup(*row)
        for row in session.execute(
            select(ResidentialGroup.id, ResidentialGroup.name).where(
                ResidentialGroup.ward_id == ward_id
            )
        )
    ]
