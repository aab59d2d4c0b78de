"""Small helpers that build a ward through the same services the program uses."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from desktop.db.models import ResidentialGroup, Ward
from desktop.services import households, residents, wards
from tests.conftest import TODAY


def make_ward(session: Session, name: str = "Cốc Lếu") -> Ward:
    return wards.create_ward(
        session,
        wards.WardInput(name=name, province="Lào Cai", station_lat=22.49, station_lon=103.97),
    )


def make_group(session: Session, ward: Ward, name: str = "Tổ 1") -> ResidentialGroup:
    return wards.find_or_create_group(session, ward, name)


def add_household(
    session: Session,
    group: ResidentialGroup,
    head: str = "Nguyễn Văn An",
    street: str = "đường Hoàng Liên",
    house_number: str = "1",
    lane: str | None = None,
    lat: float | None = 22.49,
    lon: float | None = 103.97,
    **head_fields,
) -> int:
    """A household with its head; returns the household id."""
    household_id = households.create_household(
        session,
        households.HouseholdInput(
            group_id=group.id, house_number=house_number, lane=lane, street=street, lat=lat, lon=lon
        ),
    )
    add_resident(session, household_id, head, relation="Chủ hộ", **head_fields)
    return household_id


def add_resident(
    session: Session,
    household_id: int,
    full_name: str,
    relation: str = "Con",
    birth_date: date | None = None,
    birth_year: int | None = 1980,
    today: date = TODAY,
    **fields,
) -> int:
    return residents.create_resident(
        session,
        household_id,
        residents.ResidentInput(
            full_name=full_name,
            relation=relation,
            birth_date=birth_date,
            birth_year=birth_year,
            **fields,
        ),
        today,
    )


# --- Campaigns, teams and shifts -------------------------------------------------------

CAMPAIGN_START = date(2026, 11, 20)  # TODAY is its 11th night
CAMPAIGN_END = date(2027, 1, 8)  # 50 days


def make_campaign(
    session: Session,
    name: str = "Tháng cao điểm 50 ngày",
    starts_on: date = CAMPAIGN_START,
    ends_on: date = CAMPAIGN_END,
    **fields,
) -> int:
    from desktop.services import campaigns

    return campaigns.create_campaign(
        session, campaigns.CampaignInput(name=name, starts_on=starts_on, ends_on=ends_on, **fields)
    )


def make_team(
    session: Session,
    campaign_id: int,
    name: str = "Tổ công tác 1",
    members: tuple[str, ...] = ("Trần Văn Hùng",),
    from_date: date = CAMPAIGN_START,
) -> int:
    """A team with officers of those names, in it from `from_date`."""
    from desktop.services import teams

    team_id = teams.create_team(session, campaign_id, teams.TeamInput(name=name))
    for full_name in members:
        member_id = teams.create_member(
            session,
            teams.MemberInput(
                full_name=full_name,
                role="officer",
                rank="Thượng úy",
                unit="Công an phường Cốc Lếu",
            ),
        )
        teams.add_member_to_team(session, team_id, member_id, from_date)
    return team_id


def make_shift(session: Session, team_id: int, day: date, household_ids: list[int]) -> int:
    from desktop.services import shifts

    return shifts.create_shift(
        session, shifts.ShiftInput(team_id=team_id, day=day, household_ids=tuple(household_ids))
    )


def enter_visit(
    session: Session,
    team_id: int,
    night: date,
    household_id: int,
    resident_ids: list[int],
    outcome: str,
    lines: list[tuple[bool, tuple[str, ...]]],
) -> None:
    """Type a visit into the team's shift of that night (made with this household when
    the team has none yet): per resident in order, (met, services done); those not met
    were not at home."""
    from desktop.services import shifts, visits

    shift = shifts.shift_for_team(session, team_id, night)
    if shift is None:
        shift = make_shift(session, team_id, night, [household_id])
    inputs = tuple(
        visits.ResidentVisitInput(resident_ids[i], met, services, None if met else "not_home")
        for i, (met, services) in enumerate(lines)
    )
    visits.save_visit(session, visits.VisitInput(shift, household_id, outcome, inputs), TODAY)
