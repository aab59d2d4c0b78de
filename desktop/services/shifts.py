"""Shifts (ca trực): one team's evening out, with its time window, area and the
households it walks, in order.

A shift is created for a team of the campaign on a night of the campaign, by hand from
the desk or from a route plan (desktop.services.planning saves its routes through
create_shift() and replace_stops()). It keeps a snapshot of who went out that night,
so later changes to the team do not rewrite past walk sheets.

Several desks can work on one shift at once. Its version guards the shift itself (team,
night, window, area, notes, who went out): a desk saving over another's change is
refused. Adding one household to the route (a door the team knocked on unplanned,
entered at the desk) leaves the version alone, so two desks entering such visits on the
same shift both succeed; they take their turn on the shift's row (positions stay
distinct), and a route edited meanwhile in the shift dialog keeps the households added
elsewhere (ShiftInput.route_seen).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import delete, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.orm.attributes import flag_modified

from desktop.db.models import (
    Household,
    Member,
    Resident,
    ResidentialGroup,
    Shift,
    ShiftGroup,
    ShiftMember,
    ShiftStop,
    Team,
    Visit,
)
from desktop.db.writing import lock_for_changing
from desktop.domain import roles
from desktop.domain.errors import UserError
from desktop.services import audit, signed_in
from desktop.services.campaigns import campaign_info, check_day_in_campaign, load_campaign
from desktop.services.households import check_version, load_household
from desktop.services.lookups import load_or_refuse
from desktop.services.teams import (
    MemberRow,
    load_team,
    member_order,
    member_row,
    team_members_on,
)

DEFAULT_STARTS_AT = time(19, 0)
DEFAULT_ENDS_AT = time(22, 0)


@dataclass(frozen=True)
class ShiftInput:
    """A team's evening: the night, the window, the area and the households in walk order.

    The area is the groups given plus the groups of the households. `route_seen`, when
    editing: the route as the desk read it; households added to the route since, at
    another desk, are kept at its end (None: the route becomes exactly household_ids).
    """

    team_id: int
    day: date
    household_ids: tuple[int, ...] = ()
    group_ids: tuple[int, ...] = ()
    starts_at: time = DEFAULT_STARTS_AT
    ends_at: time = DEFAULT_ENDS_AT
    notes: str | None = None
    meeting_lat: float | None = None
    meeting_lon: float | None = None
    route_seen: tuple[int, ...] | None = None


@dataclass(frozen=True)
class ShiftRow:
    """A shift as the night's list shows it, with its progress (stops entered / total)."""

    id: int
    campaign_id: int
    team_id: int
    team_name: str
    day: date
    starts_at: time
    ends_at: time
    group_names: tuple[str, ...]
    members: tuple[MemberRow, ...]
    stops: int
    entered: int
    notes: str | None
    version: int


@dataclass(frozen=True)
class StopRow:
    """A household on the walk sheet, with the outcome once its visit is entered."""

    position: int
    household_id: int
    household_code: str
    address: str
    head_name: str
    group_name: str
    residents: int
    visit_id: int | None
    outcome: str | None


@dataclass(frozen=True)
class AreaGroup:
    """A residential group a shift's area can include."""

    id: int
    name: str


@dataclass(frozen=True)
class ShiftDetail:
    shift: ShiftRow
    group_ids: tuple[int, ...]
    stops: tuple[StopRow, ...]
    meeting_lat: float | None
    meeting_lon: float | None


def create_shift(session: Session, data: ShiftInput) -> int:
    """Create a team's shift with its area and ordered households; return its id.

    The members of the team on that night are copied onto the shift. Refuses an
    inactive team or one without members that night, a night outside the campaign,
    a second shift for the team that night, an empty or inverted time window, and
    unknown or repeated households or groups.
    """
    signed_in.require(roles.CAMPAIGNS)
    team = load_team(session, data.team_id)
    _check_shift(session, team, data, shift_id=None)
    members = team_members_on(session, team.id, data.day)
    shift = Shift(
        campaign_id=team.campaign_id,
        team_id=team.id,
        day=data.day,
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        meeting_lat=data.meeting_lat,
        meeting_lon=data.meeting_lon,
        notes=_tidy(data.notes),
    )
    session.add(shift)
    session.flush()
    session.add_all(ShiftMember(shift_id=shift.id, member_id=m.id) for m in members)
    _write_stops(session, shift, data.household_ids)
    _write_area(session, shift, data.group_ids, data.household_ids)
    session.flush()
    audit.record_edit(
        session,
        "create",
        "shift",
        shift.id,
        {
            "team": [None, team.name],
            "day": [None, data.day.isoformat()],
            "window": [None, f"{data.starts_at:%H:%M}–{data.ends_at:%H:%M}"],
            "households": [None, len(data.household_ids)],
        },
    )
    return shift.id


def update_shift(
    session: Session, shift_id: int, data: ShiftInput, expected_version: int | None = None
) -> None:
    """Change a shift's window, area, notes, meeting point and households.

    The team and the night can change only while no visit has been entered; the
    members are then copied again from the team. Households added to the route at
    another desk since `data.route_seen` was read stay, at the end. Refuses what
    create_shift() refuses, a shift changed elsewhere since `expected_version`, and
    removing a household whose visit is already entered.
    """
    signed_in.require(roles.CAMPAIGNS)
    shift = _lock_shift(session, shift_id)
    check_version(shift.version, expected_version, "Ca trực này")
    moved = (data.team_id, data.day) != (shift.team_id, shift.day)
    if moved and _entered_count(session, shift.id):
        raise UserError(
            "Ca trực đã có kết quả nhập vào nên không đổi được tổ hay ngày; hãy lập ca mới."
        )
    team = load_team(session, data.team_id)
    _check_shift(session, team, data, shift_id=shift.id)
    before = _audited_fields(shift)
    if moved:
        session.execute(delete(ShiftMember).where(ShiftMember.shift_id == shift.id))
        members = team_members_on(session, team.id, data.day)
        session.add_all(ShiftMember(shift_id=shift.id, member_id=m.id) for m in members)
    shift.team_id, shift.campaign_id, shift.day = team.id, team.campaign_id, data.day
    shift.starts_at, shift.ends_at = data.starts_at, data.ends_at
    shift.meeting_lat, shift.meeting_lon = data.meeting_lat, data.meeting_lon
    shift.notes = _tidy(data.notes)
    household_ids = (*data.household_ids, *_added_elsewhere(session, shift, data))
    _replace_stops(session, shift, household_ids)
    _write_area(session, shift, data.group_ids, household_ids)
    _save_edit(session, shift, audit.changed_fields(before, _audited_fields(shift)))


def _added_elsewhere(session: Session, shift: Shift, data: ShiftInput) -> list[int]:
    """The households on the route now that the desk neither saw (data.route_seen) nor
    chose: put on it at another desk meanwhile, in their order."""
    if data.route_seen is None:
        return []
    known = {*data.route_seen, *data.household_ids}
    on_route = session.scalars(
        select(ShiftStop.household_id)
        .where(ShiftStop.shift_id == shift.id)
        .order_by(ShiftStop.position)
    )
    return [household_id for household_id in on_route if household_id not in known]


def replace_stops(
    session: Session,
    shift_id: int,
    household_ids: tuple[int, ...] | list[int],
    expected_version: int | None = None,
) -> None:
    """Put the shift's households in this walking order (the planner's or the desk's).

    The groups of the households join the shift's area. Refuses unknown or repeated
    households, and leaving out a household whose visit is already entered.
    """
    signed_in.require(roles.CAMPAIGNS)
    shift = _lock_shift(session, shift_id)
    check_version(shift.version, expected_version, "Ca trực này")
    household_ids = tuple(household_ids)
    _check_households(session, household_ids)
    existing = tuple(
        session.scalars(select(ShiftGroup.group_id).where(ShiftGroup.shift_id == shift.id))
    )
    _replace_stops(session, shift, household_ids)
    _write_area(session, shift, existing, household_ids)
    _save_edit(session, shift, {"households": [None, len(household_ids)]})


def set_shift_members(session: Session, shift_id: int, member_ids: list[int]) -> None:
    """Who actually went out that night (someone was ill, someone stood in).

    Refuses an empty list, unknown members, and someone already out with another
    team at the same hours that night.
    """
    signed_in.require(roles.CAMPAIGNS)
    shift = _lock_shift(session, shift_id)
    wanted = list(dict.fromkeys(member_ids))
    if not wanted:
        raise UserError("Ca trực cần ít nhất một thành viên.")
    found = session.scalars(select(Member).where(Member.id.in_(wanted))).all()
    if len(found) != len(wanted):
        raise UserError("Có thành viên đã chọn không còn trong cơ sở dữ liệu.")
    _refuse_two_places_at_once(session, shift, wanted)
    before = sorted(
        session.scalars(
            select(Member.full_name)
            .join(ShiftMember, ShiftMember.member_id == Member.id)
            .where(ShiftMember.shift_id == shift.id)
        )
    )
    session.execute(delete(ShiftMember).where(ShiftMember.shift_id == shift.id))
    session.add_all(ShiftMember(shift_id=shift.id, member_id=member_id) for member_id in wanted)
    _save_edit(session, shift, {"members": [before, sorted(m.full_name for m in found)]})


def _refuse_two_places_at_once(session: Session, shift: Shift, member_ids: list[int]) -> None:
    """Nobody walks with two teams at once: refuse a member who is on another shift of
    the same night whose hours overlap this one's."""
    clash = session.execute(
        select(Member.full_name, Team.name, Shift.starts_at, Shift.ends_at)
        .join(ShiftMember, ShiftMember.member_id == Member.id)
        .join(Shift, Shift.id == ShiftMember.shift_id)
        .join(Team, Team.id == Shift.team_id)
        .where(
            Member.id.in_(member_ids),
            Shift.day == shift.day,
            Shift.id != shift.id,
            Shift.starts_at < shift.ends_at,
            Shift.ends_at > shift.starts_at,
        )
        .order_by(Member.full_name)
    ).first()
    if clash is not None:
        name, team, starts_at, ends_at = clash
        raise UserError(
            f"{name} đã đi ca của {team} đêm {shift.day:%d/%m/%Y} "
            f"({starts_at:%H:%M}–{ends_at:%H:%M}); một người không đi hai ca cùng giờ."
        )


def delete_shift(session: Session, shift_id: int) -> None:
    """Delete a shift planned by mistake; refuses one with visits entered."""
    signed_in.require(roles.CAMPAIGNS)
    shift = load_shift(session, shift_id)
    if _entered_count(session, shift.id):
        raise UserError("Ca trực đã có kết quả nhập vào nên không xóa được.")
    audit.record_edit(
        session, "delete", "shift", shift.id, audit.removed_fields(_audited_fields(shift))
    )
    session.delete(shift)
    session.flush()


def shift_for_team(session: Session, team_id: int, day: date) -> int | None:
    """The id of the team's shift on that night, if there is one."""
    return session.scalar(select(Shift.id).where(Shift.team_id == team_id, Shift.day == day))


def shift_days(session: Session, campaign_id: int) -> list[date]:
    """The nights of a campaign that have at least one shift, earliest first."""
    return list(
        session.scalars(
            select(Shift.day).where(Shift.campaign_id == campaign_id).distinct().order_by(Shift.day)
        )
    )


def area_groups(session: Session) -> list[AreaGroup]:
    """The residential groups a shift's area is chosen from, in the ward's order."""
    rows = session.execute(
        select(ResidentialGroup.id, ResidentialGroup.name).order_by(
            ResidentialGroup.sort_key, ResidentialGroup.id
        )
    )
    return [AreaGroup(group_id, name) for group_id, name in rows]


def list_shifts(session: Session, day: date, campaign_id: int | None = None) -> list[ShiftRow]:
    """The shifts of a night, by team, each with how many stops are entered of how many."""
    query = select(Shift).where(Shift.day == day)
    if campaign_id is not None:
        query = query.where(Shift.campaign_id == campaign_id)
    rows = _shift_rows(session, session.scalars(query).all())
    team_keys = dict(
        session.execute(
            select(Team.id, Team.sort_key).where(Team.id.in_({row.team_id for row in rows}))
        ).all()
    )
    return sorted(rows, key=lambda row: (team_keys[row.team_id], row.id))


def shift_detail(session: Session, shift_id: int) -> ShiftDetail:
    """A shift with its households in walk order, each with its visit once entered."""
    shift = load_shift(session, shift_id)
    row = _shift_rows(session, [shift])[0]
    on_route = select(ShiftStop.household_id).where(ShiftStop.shift_id == shift.id)
    residents = (  # counted for the route's households only: a city has 200,000 people
        select(Resident.household_id, func.count().label("residents"))
        .where(Resident.household_id.in_(on_route))
        .group_by(Resident.household_id)
        .subquery()
    )
    stops = session.execute(
        select(
            ShiftStop.position,
            Household.id,
            Household.code,
            Household.address,
            Household.head_name,
            ResidentialGroup.name,
            func.coalesce(residents.c.residents, 0),
            Visit.id,
            Visit.outcome,
        )
        .join(Household, Household.id == ShiftStop.household_id)
        .join(ResidentialGroup, ResidentialGroup.id == Household.group_id)
        .outerjoin(residents, residents.c.household_id == Household.id)
        .outerjoin(
            Visit, (Visit.shift_id == ShiftStop.shift_id) & (Visit.household_id == Household.id)
        )
        .where(ShiftStop.shift_id == shift.id)
        .order_by(ShiftStop.position)
    ).all()
    group_ids = tuple(
        session.scalars(
            select(ShiftGroup.group_id)
            .join(ResidentialGroup, ResidentialGroup.id == ShiftGroup.group_id)
            .where(ShiftGroup.shift_id == shift.id)
            .order_by(ResidentialGroup.sort_key)
        )
    )
    return ShiftDetail(
        shift=row,
        group_ids=group_ids,
        stops=tuple(StopRow(*stop) for stop in stops),
        meeting_lat=shift.meeting_lat,
        meeting_lon=shift.meeting_lon,
    )


# --- Checks and writing --------------------------------------------------------------


def _check_shift(session: Session, team: Team, data: ShiftInput, shift_id: int | None) -> None:
    campaign = campaign_info(load_campaign(session, team.campaign_id))
    check_day_in_campaign(campaign, data.day)
    if not team.active:
        raise UserError(f"Tổ công tác “{team.name}” đã ngừng hoạt động.")
    if data.ends_at <= data.starts_at:
        raise UserError(
            f"Giờ kết thúc ({data.ends_at:%H:%M}) phải sau giờ bắt đầu ({data.starts_at:%H:%M})."
        )
    other = session.scalar(
        select(Shift.id).where(
            Shift.team_id == team.id, Shift.day == data.day, Shift.id != (shift_id or 0)
        )
    )
    if other is not None:
        raise UserError(f"Tổ công tác “{team.name}” đã có ca trực ngày {data.day:%d/%m/%Y}.")
    if not team_members_on(session, team.id, data.day):
        raise UserError(
            f"Tổ công tác “{team.name}” chưa có thành viên nào ngày {data.day:%d/%m/%Y}; "
            "hãy thêm thành viên trước khi lập ca trực."
        )
    _check_households(session, tuple(data.household_ids))
    groups = set(data.group_ids)
    if groups:
        known = session.scalar(select(func.count()).where(ResidentialGroup.id.in_(groups)))
        if known != len(groups):
            raise UserError("Có tổ dân phố đã chọn không còn trong cơ sở dữ liệu.")


def _check_households(session: Session, household_ids: tuple[int, ...]) -> None:
    if len(set(household_ids)) != len(household_ids):
        seen: set[int] = set()
        twice = next(h for h in household_ids if h in seen or seen.add(h))
        code = session.scalar(select(Household.code).where(Household.id == twice))
        raise UserError(f"Hộ {code or twice} được chọn hai lần trong cùng một ca trực.")
    if household_ids:
        known = session.scalar(select(func.count()).where(Household.id.in_(household_ids)))
        if known != len(household_ids):
            raise UserError("Có hộ đã chọn không còn trong cơ sở dữ liệu (có thể đã bị xóa).")


def _write_stops(session: Session, shift: Shift, household_ids: tuple[int, ...]) -> None:
    session.add_all(
        ShiftStop(shift_id=shift.id, household_id=household_id, position=position)
        for position, household_id in enumerate(household_ids, start=1)
    )


def _replace_stops(session: Session, shift: Shift, household_ids: tuple[int, ...]) -> None:
    entered = dict(
        session.execute(
            select(Visit.household_id, Household.code)
            .join(Household, Household.id == Visit.household_id)
            .where(Visit.shift_id == shift.id)
        ).all()
    )
    dropped = [code for household_id, code in entered.items() if household_id not in household_ids]
    if dropped:
        raise UserError(f"Hộ {dropped[0]} đã có kết quả nhập vào nên không bỏ khỏi ca trực được.")
    session.execute(delete(ShiftStop).where(ShiftStop.shift_id == shift.id))
    session.flush()
    _write_stops(session, shift, household_ids)


def append_stop(session: Session, shift_id: int, household_id: int) -> int:
    """Add a household at the end of the walk (a door the team knocked on unplanned);
    return its position. A household already on the route keeps its place.

    The household's group joins the shift's area; the addition is audited. The shift
    keeps its version: another desk adding another household at the same time waits
    for this one and then succeeds too, and a route open for editing elsewhere keeps
    the new stop when it is saved (update_shift). Refuses a shift or a household
    deleted meanwhile.
    """
    signed_in.require(roles.VISIT_ENTRY)
    shift = _lock_shift(session, shift_id)
    household = load_household(session, household_id)
    position = session.scalar(
        select(ShiftStop.position).where(
            ShiftStop.shift_id == shift.id, ShiftStop.household_id == household.id
        )
    )
    if position is not None:
        return position
    before = _stop_count(session, shift.id)
    last = session.scalar(
        select(func.max(ShiftStop.position)).where(ShiftStop.shift_id == shift.id)
    )
    position = (last or 0) + 1
    session.add(ShiftStop(shift_id=shift.id, household_id=household.id, position=position))
    in_area = session.scalar(
        select(ShiftGroup.group_id).where(
            ShiftGroup.shift_id == shift.id, ShiftGroup.group_id == household.group_id
        )
    )
    if in_area is None:
        session.add(ShiftGroup(shift_id=shift.id, group_id=household.group_id))
    session.flush()
    audit.record_edit(
        session,
        "update",
        "shift",
        shift.id,
        {
            "households": [before, before + 1],
            "added_household": [None, f"{household.code} · {household.address}"],
        },
    )
    return position


def _lock_shift(session: Session, shift_id: int) -> Shift:
    """The shift, read afresh and kept from other desks' changes of it, its route or its
    area until the transaction ends; refuses one deleted meanwhile."""
    shift = lock_for_changing(session, Shift, shift_id)
    if shift is None:  # (a copy read earlier in this session may still be at hand)
        raise UserError("Ca trực này không còn trong cơ sở dữ liệu (có thể đã bị xóa).")
    return shift


def _save_edit(session: Session, shift: Shift, changes: dict) -> None:
    """Write an edit of the shift with a new version, and audit it.

    The version moves even when only its stops, area or members changed (rows of their
    own), so a copy of the shift open elsewhere cannot save over the edit unseen; only
    append_stop() adds to the route without it.
    """
    flag_modified(shift, "notes")
    session.flush()
    audit.record_edit(session, "update", "shift", shift.id, changes)


def _stop_count(session: Session, shift_id: int) -> int:
    return session.scalar(select(func.count()).where(ShiftStop.shift_id == shift_id)) or 0


def _write_area(
    session: Session, shift: Shift, group_ids: tuple[int, ...], household_ids: tuple[int, ...]
) -> None:
    area = set(group_ids)
    if household_ids:
        area |= set(
            session.scalars(
                select(Household.group_id).where(Household.id.in_(household_ids)).distinct()
            )
        )
    session.execute(delete(ShiftGroup).where(ShiftGroup.shift_id == shift.id))
    session.add_all(ShiftGroup(shift_id=shift.id, group_id=group_id) for group_id in sorted(area))
    session.flush()


def _entered_count(session: Session, shift_id: int) -> int:
    return session.scalar(select(func.count()).where(Visit.shift_id == shift_id)) or 0


def load_shift(session: Session, shift_id: int) -> Shift:
    """The shift, or UserError when it was deleted (for the other campaign services)."""
    return load_or_refuse(session, Shift, shift_id, "Ca trực này")


def _audited_fields(shift: Shift) -> dict:
    return {
        "team_id": shift.team_id,
        "day": shift.day,
        "starts_at": f"{shift.starts_at:%H:%M}",
        "ends_at": f"{shift.ends_at:%H:%M}",
        "notes": shift.notes,
    }


def _tidy(text: str | None) -> str | None:
    return " ".join((text or "").split()) or None


def _shift_rows(session: Session, shifts: list[Shift]) -> list[ShiftRow]:
    if not shifts:
        return []
    ids = [shift.id for shift in shifts]
    teams = dict(
        session.execute(
            select(Team.id, Team.name).where(Team.id.in_({s.team_id for s in shifts}))
        ).all()
    )
    stops = _count_by_shift(session, ShiftStop.shift_id, ids)
    entered = _count_by_shift(session, Visit.shift_id, ids)
    groups: dict[int, list[str]] = {}
    for shift_id, name in session.execute(
        select(ShiftGroup.shift_id, ResidentialGroup.name)
        .join(ResidentialGroup, ResidentialGroup.id == ShiftGroup.group_id)
        .where(ShiftGroup.shift_id.in_(ids))
        .order_by(ResidentialGroup.sort_key)
    ):
        groups.setdefault(shift_id, []).append(name)
    members: dict[int, list[Member]] = {}
    for shift_id, member in session.execute(
        select(ShiftMember.shift_id, Member)
        .join(Member, Member.id == ShiftMember.member_id)
        .where(ShiftMember.shift_id.in_(ids))
    ):
        members.setdefault(shift_id, []).append(member)
    return [
        ShiftRow(
            id=shift.id,
            campaign_id=shift.campaign_id,
            team_id=shift.team_id,
            team_name=teams[shift.team_id],
            day=shift.day,
            starts_at=shift.starts_at,
            ends_at=shift.ends_at,
            group_names=tuple(groups.get(shift.id, ())),
            members=tuple(
                member_row(m) for m in sorted(members.get(shift.id, []), key=member_order)
            ),
            stops=stops.get(shift.id, 0),
            entered=entered.get(shift.id, 0),
            notes=shift.notes,
            version=shift.version,
        )
        for shift in shifts
    ]


def _count_by_shift(
    session: Session, shift_id_column: InstrumentedAttribute[int], ids: list[int]
) -> dict[int, int]:
    """{shift id: its rows in the column's table (stops, visits)}, for the shifts of
    `ids` that have any."""
    return dict(
        session.execute(
            select(shift_id_column, func.count())
            .where(shift_id_column.in_(ids))
            .group_by(shift_id_column)
        ).all()
    )
