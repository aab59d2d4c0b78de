"""The rows the demo writes for its households and residents, with their audit entries.

Rows are plain dicts for bulk inserts, with the primary keys chosen here, so that
60,000 households need no flush per row.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from typing import Any

from desktop.domain.names import fold, name_sort_key
from desktop.domain.positions import FROM_LIST
from desktop.services import audit
from desktop.services.demo.layout import Place
from desktop.services.demo.person import HouseholdMember
from desktop.services.households import HouseholdInput, address_columns
from desktop.services.residents import RESIDENT_FIELDS

_AUDITED_RESIDENT_DATES = ("birth_date", "vneid_level_changed_on")
_AUDITED_RESIDENT_FIELDS = tuple(
    name for name in RESIDENT_FIELDS if name not in _AUDITED_RESIDENT_DATES
)


@dataclass
class ChunkRows:
    """The rows of one chunk of households, ready for bulk inserts."""

    households: list[dict[str, Any]] = field(default_factory=list)
    residents: list[dict[str, Any]] = field(default_factory=list)
    audit: list[dict[str, Any]] = field(default_factory=list)


class RowMaker:
    """Turns households and their members into rows; residents get ids from `first_resident_id`."""

    def __init__(
        self,
        rng: random.Random,
        group_ids: list[int],
        demo_audit: audit.AuditBatch,
        first_resident_id: int,
    ) -> None:
        self.rng = rng
        self.group_ids = group_ids
        self.demo_audit = demo_audit
        self._next_resident_id = first_resident_id
        self._name_keys: dict[str, tuple[str, str]] = {}

    def add_household(
        self,
        rows: ChunkRows,
        household: tuple[int, str, Place],
        members: list[HouseholdMember],
    ) -> None:
        """Add a household (id, code, place), its residents and their audit entries to `rows`."""
        household_id, code, place = household
        rows.households.append(self._household_row(household_id, code, place, members[0]))
        rows.audit.append(self._household_audit(code, place))
        for position, member in enumerate(members, start=1):
            resident = self._resident_row(household_id, position, member)
            rows.residents.append(resident)
            rows.audit.append(self._resident_audit(resident, code))

    def _household_row(
        self, household_id: int, code: str, place: Place, head: HouseholdMember
    ) -> dict[str, Any]:
        group_id = self.group_ids[place.group]
        lat, lon, source = _position(place)
        address = HouseholdInput(
            group_id=group_id,
            house_number=place.house_number,
            lane=place.lane,
            street=place.street,
            lat=lat,
            lon=lon,
        )
        return {
            "id": household_id,
            "code": code,
            "group_id": group_id,
            "house_number": place.house_number,
            "lane": place.lane,
            "street": place.street,
            "lat": lat,
            "lon": lon,
            "position_source": source,
            "notes": None,
            "head_name": head.full_name,
            "head_sort_key": self._name_key(head.full_name)[1],
            "version": 1,
            **address_columns(address),
        }

    def _name_key(self, full_name: str) -> tuple[str, str]:
        """(folded, sort key) of a name; the demo repeats names, so each is worked out once."""
        keys = self._name_keys.get(full_name)
        if keys is None:
            keys = self._name_keys[full_name] = (fold(full_name), name_sort_key(full_name))
        return keys

    def _resident_row(
        self, household_id: int, position: int, member: HouseholdMember
    ) -> dict[str, Any]:
        folded, sort_key = self._name_key(member.full_name)
        resident_id = self._next_resident_id
        self._next_resident_id += 1
        return {
            "id": resident_id,
            "uid": str(uuid.UUID(int=self.rng.getrandbits(128), version=4)),
            "household_id": household_id,
            "position": position,
            "full_name": member.full_name,
            "name_folded": folded,
            "name_sort_key": sort_key,
            "relation": member.relation,
            "birth_date": member.birth_date,
            "birth_year": member.birth_year,
            "gender": member.gender,
            "personal_id": member.personal_id,
            "phone": member.phone,
            "has_chip_card": member.has_chip_card,
            "vneid_level": member.vneid_level,
            "vneid_level_changed_on": member.vneid_level_changed_on,
            "app_114": member.app_114,
            "documents_integrated": member.documents_integrated,
            "notes": member.notes,
            "version": 1,
        }

    def _household_audit(self, code: str, place: Place) -> dict[str, Any]:
        lat, lon, source = _position(place)
        fields = {
            "group_id": self.group_ids[place.group],
            "house_number": place.house_number,
            "lane": place.lane,
            "street": place.street,
            "lat": lat,
            "lon": lon,
            "position_source": source,
        }
        return self.demo_audit.entry("create", "household", code, audit.changed_fields({}, fields))

    def _resident_audit(self, row: dict[str, Any], household_code: str) -> dict[str, Any]:
        # What audit.changed_fields({}, …) gives, written out: 200,000 rows make it count.
        changes = {"household": [None, household_code]}
        for name in _AUDITED_RESIDENT_FIELDS:
            if row[name] is not None:
                changes[name] = [None, row[name]]
        for name in _AUDITED_RESIDENT_DATES:
            if row[name] is not None:
                changes[name] = [None, row[name].isoformat()]
        return self.demo_audit.entry("create", "resident", row["uid"], changes)


def _position(place: Place) -> tuple[float | None, float | None, str | None]:
    """(lat, lon, source) as the ward's list gives them: only for its `listed` households;
    the others are placed from the map afterwards (ward_list)."""
    if place.listed:
        return place.lat, place.lon, FROM_LIST
    return None, None, None
