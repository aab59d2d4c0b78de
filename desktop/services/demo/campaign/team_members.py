"""The people of a demo team: ward or provincial officers, youth-union members, a group leader."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from desktop.db.models import ResidentialGroup, Ward
from desktop.domain.campaign import GROUP_LEADER, OFFICER, YOUTH_UNION
from desktop.domain.names import name_sort_key
from desktop.services.demo.identities import IdentifierMaker
from desktop.services.demo.names import NameMaker
from desktop.services.demo.peoples import KINH, TAY
from desktop.services.demo.weighted import Weighted

# Ranks of ward officers and of the provincial police youth union, with weights.
_OFFICER_RANKS = Weighted(
    [("Thiếu úy", 12), ("Trung úy", 30), ("Thượng úy", 30), ("Đại úy", 22), ("Thiếu tá", 6)]
)
_YOUTH_RANKS = Weighted([("Thiếu úy", 40), ("Trung úy", 45), ("Thượng úy", 15)])
_PROVINCIAL_POLICE = "Công an tỉnh Lào Cai"
_PROVINCIAL_YOUTH = "Đoàn Thanh niên Công an tỉnh"
_CITY_YOUTH = "Thành đoàn Lào Cai"


class MemberMaker:
    """The people of a team: officers, youth-union members and a group leader."""

    def __init__(self, rng: random.Random, today: date, ward: Ward) -> None:
        self.rng = rng
        self.names = NameMaker(rng, today)
        self.phones = IdentifierMaker(rng)
        self.ward_police = ward.station_name
        self.ward_youth = f"Đoàn {ward.kind.lower()} {ward.name}"
        self.ward_name = ward.name

    def team(self, group: ResidentialGroup, leader: str | None) -> list[dict[str, Any]]:
        """Member rows for a team of 3–5 walking `group`, with its leader if named."""
        officers = self.rng.choice((1, 1, 2))
        youth = self.rng.choice((1, 2, 2))
        members = [self._officer() for _ in range(officers)]
        members += [self._youth() for _ in range(youth)]
        if leader:
            unit = f"{group.name}, {self.ward_name}"
            members.append(_row(leader, GROUP_LEADER, None, unit, group.leader_phone))
        while len(members) < 3:
            members.append(self._youth())
        return members[:5]

    def _person(self, age: int) -> str:
        people = TAY if self.rng.random() < 0.15 else KINH
        gender = "male" if self.rng.random() < 0.7 else "female"
        family = self.names.family_name(people)
        return self.names.full_name(people, family, gender, age)

    def _officer(self) -> dict[str, Any]:
        unit = self.ward_police if self.rng.random() < 0.75 else _PROVINCIAL_POLICE
        name = self._person(self.rng.randint(24, 45))
        return _row(name, OFFICER, _OFFICER_RANKS.pick(self.rng), unit, self.phones.mobile())

    def _youth(self) -> dict[str, Any]:
        unit = self.rng.choice((_PROVINCIAL_YOUTH, _CITY_YOUTH, self.ward_youth))
        rank = _YOUTH_RANKS.pick(self.rng) if unit == _PROVINCIAL_YOUTH else None
        name = self._person(self.rng.randint(19, 30))
        return _row(name, YOUTH_UNION, rank, unit, self.phones.mobile())


def _row(name: str, role: str, rank: str | None, unit: str, phone: str | None) -> dict[str, Any]:
    return {
        "full_name": name,
        "name_sort_key": name_sort_key(name),
        "role": role,
        "rank": rank,
        "unit": unit,
        "phone": phone,
        "active": True,
    }
