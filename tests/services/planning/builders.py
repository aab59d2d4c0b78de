"""A small ward for planning tests: households along streets, residents still pending."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from desktop.domain.campaign import APP_114, LEVEL2_COLLECTED, VNEID_INSTALLED
from tests.builders import (
    add_household,
    add_resident,
    make_campaign,
    make_group,
    make_team,
    make_ward,
)

# The demo station; 0.0009° of latitude is about 100 m.
STATION = (22.49, 103.97)
PLANNED_SERVICES = (VNEID_INSTALLED, LEVEL2_COLLECTED, APP_114)
_serial = iter(range(1, 1_000_000))
GIVEN_NAMES = (
    "An", "Bình", "Cường", "Dũng", "Đạt", "Giang", "Hà", "Hải", "Khánh", "Lan", "Linh",
    "Minh", "Nam", "Ngọc", "Oanh", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Uyên", "Việt",
)  # fmt: skip
TEAM_MEMBERS = (
    ("Lê Đức Thắng", "Phạm Thị Hằng"),
    ("Vũ Quốc Bảo", "Đặng Thị Ước"),
    ("Hoàng Văn Đạt", "Bùi Thị Ngọc Ánh"),
)


def head_name(house_number: str) -> str:
    """ "Nguyễn Văn Bình" for house 2: names may not hold digits."""
    digits = "".join(ch for ch in house_number if ch.isdigit()) or "0"
    return f"Nguyễn Văn {GIVEN_NAMES[int(digits) % len(GIVEN_NAMES)]}"


@dataclass
class SmallWard:
    """Ids of what was built, by a short name."""

    campaign_id: int = 0
    teams: list[int] = field(default_factory=list)
    households: dict[str, int] = field(default_factory=dict)
    groups: dict[str, object] = field(default_factory=dict)


def personal_id() -> str:
    """A fresh valid ID number of a man born in 1980 in Hà Nội."""
    return f"001080{next(_serial):06d}"


def pending_household(
    session: Session,
    group,
    house_number: str,
    street: str = "đường Hoàng Liên",
    north_m: float = 0.0,
    east_m: float = 0.0,
    adults: int = 1,
    lane: str | None = None,
    located: bool = True,
) -> int:
    """A household whose adults each still need VNeID, level 2 and the 114 app (3 each)."""
    lat = STATION[0] + north_m / 110_574.0 if located else None
    lon = STATION[1] + east_m / 102_300.0 if located else None
    household_id = add_household(
        session,
        group,
        head=head_name(house_number),
        street=street,
        house_number=house_number,
        lane=lane,
        lat=lat,
        lon=lon,
        personal_id=personal_id(),
        has_chip_card=True,
    )
    for index in range(1, adults):
        add_resident(
            session,
            household_id,
            f"Trần Thị {GIVEN_NAMES[index % len(GIVEN_NAMES)]}",
            relation="Vợ",
            personal_id=personal_id(),
            has_chip_card=True,
        )
    return household_id


def make_small_ward(
    session: Session, households: int = 6, teams: int = 2, spacing_m: float = 60.0
) -> SmallWard:
    """A ward with one group, `households` pending households up a street, and teams."""
    ward = SmallWard()
    station_ward = make_ward(session)
    group = make_group(session, station_ward, "Tổ 1")
    ward.groups["Tổ 1"] = group
    for number in range(1, households + 1):
        ward.households[str(number)] = pending_household(
            session, group, str(number), north_m=spacing_m * number, east_m=15.0 * (number % 2)
        )
    ward.campaign_id = make_campaign(session, services=PLANNED_SERVICES)
    for number in range(1, teams + 1):
        ward.teams.append(
            make_team(
                session,
                ward.campaign_id,
                name=f"Tổ công tác {number}",
                members=TEAM_MEMBERS[(number - 1) % len(TEAM_MEMBERS)],
            )
        )
    return ward
