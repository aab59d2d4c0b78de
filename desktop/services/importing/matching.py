"""Finding, for each household and person of the file, who they are in the database.

Households match by household code (ours, or the one the ward's list gave them), else
by the head's ID number, else by the head's name and address. Residents match by ID
number when it is the same person; else, inside their matched household, by name and
birth date, or by name alone when the birth date is unknown. Nothing is matched twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from desktop.domain.names import fold, normalize_name
from desktop.domain.person import is_head
from desktop.services.importing.grouping import HouseholdRecord
from desktop.services.importing.records import ResidentRecord
from desktop.services.importing.stored import (
    StoredHousehold,
    StoredResident,
    households_by_address,
    households_by_code,
    households_by_head_name,
    households_by_id,
)


def same_person(stored: StoredResident, record: ResidentRecord) -> bool:
    """The same person unless both the name and the birth date (or year) differ."""
    if stored.name_folded == record.name_folded:
        return True
    if stored.birth_date is not None and record.birth_date is not None:
        return stored.birth_date == record.birth_date
    if stored.birth_year is not None and record.birth_year is not None:
        return stored.birth_year == record.birth_year
    return False


def describe_stored(resident: StoredResident) -> str:
    """ "Nguyễn Văn An (sinh 05/03/1980, hộ COCLEU-000001, Số 1, đường Hoàng Liên)"."""
    details = []
    if resident.birth_date is not None:
        details.append(f"sinh {resident.birth_date:%d/%m/%Y}")
    elif resident.birth_year is not None:
        details.append(f"sinh năm {resident.birth_year}")
    details.append(f"hộ {resident.household_code}")
    if resident.household_address:
        details.append(resident.household_address)
    return f"{resident.full_name} ({', '.join(details)})"


@dataclass
class HouseholdKeys:
    """What a file household is matched by: its address folded and its group's id."""

    address_folded: str
    group_id: int | None


def match_households(
    session: Session,
    households: list[HouseholdRecord],
    keys: list[HouseholdKeys],
    by_personal_id: dict[str, StoredResident],
) -> dict[int, StoredHousehold]:
    """For each file household (by index) the stored household it is, when there is one."""
    matched: dict[int, int] = {}  # index of the file household → stored household id
    _by_code(session, households, matched)
    _by_head_id(households, by_personal_id, matched)
    _by_head_and_address(session, households, keys, matched)
    rows = households_by_id(session, matched.values())
    return {index: rows[household_id] for index, household_id in matched.items()}


def _by_code(session: Session, households: list[HouseholdRecord], matched: dict) -> None:
    codes = {household.code for household in households if household.code}
    if not codes:
        return
    by_code: dict[str, StoredHousehold] = {}
    for stored in households_by_code(session, codes):
        by_code.setdefault(stored.code, stored)
        if stored.source_code:
            by_code.setdefault(stored.source_code, stored)
    claimed: set[int] = set()
    for index, household in enumerate(households):
        stored = by_code.get(household.code or "")
        if stored is not None and stored.id not in claimed:
            matched[index] = stored.id
            claimed.add(stored.id)


def _by_head_id(
    households: list[HouseholdRecord], by_personal_id: dict[str, StoredResident], matched: dict
) -> None:
    # First where the ID's holder is the head there too, then (a head who died or
    # moved out) where the holder was a member, if that household is still unclaimed.
    claimed = set(matched.values())
    for want_head in (True, False):
        for index, household in enumerate(households):
            head = household.head
            if index in matched or head is None or not head.personal_id:
                continue
            stored = by_personal_id.get(head.personal_id)
            if stored is None or stored.household_id in claimed:
                continue
            if is_head(stored.relation) == want_head:
                matched[index] = stored.household_id
                claimed.add(stored.household_id)


def _by_head_and_address(
    session: Session, households: list[HouseholdRecord], keys: list[HouseholdKeys], matched: dict
) -> None:
    waiting = [
        index
        for index, household in enumerate(households)
        if index not in matched and household.head is not None
    ]
    if not waiting:
        return
    addresses = {keys[index].address_folded for index in waiting if keys[index].address_folded}
    names = {
        normalize_name(households[index].head.full_name)
        for index in waiting
        if not keys[index].address_folded
    }
    candidates = households_by_address(session, addresses) + households_by_head_name(session, names)
    by_key: dict[tuple[str, str], list[StoredHousehold]] = {}
    for stored in candidates:
        by_key.setdefault((fold(stored.head_name), stored.address_folded), []).append(stored)
    claimed = set(matched.values())
    for index in waiting:
        key = (households[index].head.name_folded, keys[index].address_folded)
        for stored in by_key.get(key, []):
            if stored.id in claimed:
                continue
            if not key[1] and stored.group_id != keys[index].group_id:
                continue  # no address on either side: only the same group will do
            matched[index] = stored.id
            claimed.add(stored.id)
            break


def match_in_household(
    record: ResidentRecord, candidates: list[StoredResident], claimed: set[int]
) -> StoredResident | None:
    """The unclaimed member of a stored household that a file row describes."""
    name = record.name_folded
    same_name = [c for c in candidates if c.id not in claimed and c.name_folded == name]
    if not same_name:
        return None
    if record.birth_date is not None:
        exact = [c for c in same_name if c.birth_date == record.birth_date]
        if exact:
            return exact[0]
        return next(
            (
                c
                for c in same_name
                if c.birth_date is None and c.birth_year in (None, record.birth_year)
            ),
            None,
        )
    if record.birth_year is not None:
        return next((c for c in same_name if c.birth_year in (None, record.birth_year)), None)
    return same_name[0]


def birth_text(birth_date: date | None, birth_year: int | None) -> str:
    if birth_date is not None:
        return f"{birth_date:%d/%m/%Y}"
    return str(birth_year) if birth_year is not None else ""
