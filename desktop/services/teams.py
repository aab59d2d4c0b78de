"""Teams (tổ công tác) of a campaign, the people who go out with them, and who was in
which team when.

Membership is kept as periods: a member belongs to a team from one night (`from_date`)
up to and including their last night (`to_date`, open while they stay). Leaving or
moving to another team closes the period, so the teams of past nights stay as they were;
each shift also keeps its own list of who went out (desktop.services.shifts).
A member is in at most one team of a campaign on any night.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from desktop.db.models import Member, ServiceRecord, Shift, ShiftMember, Team, TeamMembership
from desktop.domain import roles
from desktop.domain.campaign import ROLE_LABELS, ROLES
from desktop.domain.errors import UserError
from desktop.domain.names import counted_sort_key, fold, name_sort_key, normalize_name
from desktop.domain.phones import normalize_phone
from desktop.services import audit, signed_in
from desktop.services.campaigns import load_campaign
from desktop.services.ledger import OTHER_TEAM
from desktop.services.lookups import load_or_refuse, name_taken

# The ranks of the People's Public Security (Công an nhân dân), lowest first.
POLICE_RANKS = (
    "Binh nhì",
    "Binh nhất",
    "Hạ sĩ",
    "Trung sĩ",
    "Thượng sĩ",
    "Thiếu úy",
    "Trung úy",
    "Thượng úy",
    "Đại úy",
    "Thiếu tá",
    "Trung tá",
    "Thượng tá",
    "Đại tá",
    "Thiếu tướng",
    "Trung tướng",
    "Thượng tướng",
    "Đại tướng",
)
_RANK_BY_FOLDED = {fold(rank): rank for rank in POLICE_RANKS}
_ROLE_ORDER = {role: index for index, role in enumerate(ROLES)}


@dataclass(frozen=True)
class MemberInput:
    """What the member dialog supplies."""

    full_name: str
    role: str
    rank: str | None = None
    unit: str | None = None
    phone: str | None = None
    active: bool = True


@dataclass(frozen=True)
class MemberRow:
    id: int
    full_name: str
    role: str
    rank: str | None
    unit: str | None
    phone: str | None
    active: bool

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)

    @property
    def title(self) -> str:
        """ "Thượng úy Nguyễn Văn An" for an officer with a rank, else the name."""
        return f"{self.rank} {self.full_name}" if self.rank else self.full_name


@dataclass(frozen=True)
class TeamInput:
    name: str
    notes: str | None = None
    active: bool = True


@dataclass(frozen=True)
class TeamRow:
    """A team and its members on the day asked for (officers first)."""

    id: int
    campaign_id: int
    name: str
    active: bool
    notes: str | None
    members: tuple[MemberRow, ...]


@dataclass(frozen=True)
class MembershipRow:
    id: int
    team_id: int
    team_name: str
    member_id: int
    member_name: str
    from_date: date
    to_date: date | None  # the last night with the team; None while they stay


# --- Members -------------------------------------------------------------------------


def clean_member_input(data: MemberInput) -> MemberInput:
    """Tidy a member's values; raises UserError for no name, a name with digits, an
    unknown role or rank, or a malformed phone."""
    full_name = normalize_name(data.full_name)
    if not full_name:
        raise UserError("Họ và tên thành viên không được để trống.")
    if any(ch.isdigit() for ch in full_name):
        raise UserError(f"Họ và tên “{full_name}” không được chứa chữ số.")
    if data.role not in ROLES:
        raise UserError(f"Vai trò “{data.role}” không có; chọn cán bộ, đoàn viên hoặc tổ trưởng.")
    rank = None
    if data.rank and data.rank.strip():
        rank = _RANK_BY_FOLDED.get(fold(data.rank))
        if rank is None:
            raise UserError(
                f"Cấp bậc “{data.rank.strip()}” không có; ví dụ: Trung úy, Thượng úy, Đại úy."
            )
    unit = " ".join((data.unit or "").split()) or None
    return MemberInput(full_name, data.role, rank, unit, normalize_phone(data.phone), data.active)


def _member_fields(member: Member) -> dict:
    return {
        "full_name": member.full_name,
        "role": member.role,
        "rank": member.rank,
        "unit": member.unit,
        "phone": member.phone,
        "active": member.active,
    }


def create_member(session: Session, data: MemberInput) -> int:
    """Add a person who goes out with the teams; return the id."""
    signed_in.require(roles.CAMPAIGNS)
    cleaned = clean_member_input(data)
    member = Member(name_sort_key=name_sort_key(cleaned.full_name), **vars(cleaned))
    session.add(member)
    session.flush()
    audit.record_edit(
        session, "create", "member", member.id, audit.changed_fields({}, _member_fields(member))
    )
    return member.id


def update_member(session: Session, member_id: int, data: MemberInput) -> None:
    """Change a member's name, role, rank, unit, phone or whether they still go out."""
    signed_in.require(roles.CAMPAIGNS)
    member = _load_member(session, member_id)
    cleaned = clean_member_input(data)
    before = _member_fields(member)
    for name, value in vars(cleaned).items():
        setattr(member, name, value)
    member.name_sort_key = name_sort_key(cleaned.full_name)
    changes = audit.changed_fields(before, _member_fields(member))
    if changes:
        session.flush()
        audit.record_edit(session, "update", "member", member.id, changes)


def delete_member(session: Session, member_id: int) -> None:
    """Remove a member entered by mistake; refuses one who has gone out on a shift
    (mark them as no longer active instead, so past walk sheets keep their names)."""
    signed_in.require(roles.CAMPAIGNS)
    member = _load_member(session, member_id)
    went_out = session.scalar(
        select(func.count()).select_from(ShiftMember).where(ShiftMember.member_id == member.id)
    )
    if went_out:
        raise UserError(
            f"{member.full_name} đã đi ca trực nên không xóa được; hãy đánh dấu “không còn "
            "tham gia” thay vì xóa."
        )
    audit.record_edit(
        session, "delete", "member", member.id, audit.removed_fields(_member_fields(member))
    )
    session.delete(member)
    session.flush()


def _load_member(session: Session, member_id: int) -> Member:
    return load_or_refuse(session, Member, member_id, "Thành viên này")


def member_row(member: Member) -> MemberRow:
    return MemberRow(
        id=member.id,
        full_name=member.full_name,
        role=member.role,
        rank=member.rank,
        unit=member.unit,
        phone=member.phone,
        active=member.active,
    )


def list_members(session: Session, text: str = "", active_only: bool = False) -> list[MemberRow]:
    """Members in Vietnamese name order; `text` keeps those whose name has every word
    typed (folded, the last one possibly unfinished), as the registry search does."""
    query = select(Member).order_by(Member.name_sort_key, Member.id)
    if active_only:
        query = query.where(Member.active.is_(True))
    words = fold(text).split()
    return [
        member_row(member)
        for member in session.scalars(query)
        if not words or _name_matches(fold(member.full_name).split(), words)
    ]


def _name_matches(name_words: list[str], words: list[str]) -> bool:
    *whole, last = words
    return all(word in name_words for word in whole) and any(
        word.startswith(last) for word in name_words
    )


# --- Teams ---------------------------------------------------------------------------


def clean_team_input(data: TeamInput) -> TeamInput:
    name = " ".join((data.name or "").split())
    if not name:
        raise UserError("Tên tổ công tác không được để trống.")
    if fold(name) == fold(OTHER_TEAM):
        raise UserError(
            f"Tên “{OTHER_TEAM}” dành cho kết quả không thuộc tổ nào; hãy đặt tên khác cho tổ."
        )
    return TeamInput(name, " ".join((data.notes or "").split()) or None, data.active)


def _check_unique_team_name(session: Session, campaign_id: int, name: str, team_id: int | None):
    if name_taken(session, Team, name, team_id, Team.campaign_id == campaign_id):
        raise UserError(f"Chiến dịch đã có tổ công tác tên “{name}”; hãy đặt tên khác.")


def team_sort_key(name: str) -> str:
    """Order teams as people count them: "Tổ 2" before "Tổ 10" (counted_sort_key)."""
    return counted_sort_key(name)


def create_team(session: Session, campaign_id: int, data: TeamInput) -> int:
    """Add a team to a campaign; return its id. Refuses an empty or doubled name."""
    signed_in.require(roles.CAMPAIGNS)
    campaign = load_campaign(session, campaign_id)
    cleaned = clean_team_input(data)
    _check_unique_team_name(session, campaign.id, cleaned.name, None)
    team = Team(
        campaign_id=campaign.id,
        name=cleaned.name,
        sort_key=team_sort_key(cleaned.name),
        active=cleaned.active,
        notes=cleaned.notes,
    )
    session.add(team)
    session.flush()
    audit.record_edit(
        session,
        "create",
        "team",
        team.id,
        audit.changed_fields({}, {"name": team.name, "campaign": campaign.name}),
    )
    return team.id


def update_team(session: Session, team_id: int, data: TeamInput) -> None:
    """Rename a team, change its notes, or stop sending it out (inactive)."""
    signed_in.require(roles.CAMPAIGNS)
    team = load_team(session, team_id)
    cleaned = clean_team_input(data)
    _check_unique_team_name(session, team.campaign_id, cleaned.name, team.id)
    before = {"name": team.name, "notes": team.notes, "active": team.active}
    team.name, team.notes, team.active = cleaned.name, cleaned.notes, cleaned.active
    team.sort_key = team_sort_key(cleaned.name)
    changes = audit.changed_fields(
        before, {"name": team.name, "notes": team.notes, "active": team.active}
    )
    if changes:
        session.flush()
        audit.record_edit(session, "update", "team", team.id, changes)


def delete_team(session: Session, team_id: int) -> None:
    """Delete a team set up by mistake; refuses one that has shifts or credited results
    (make it inactive instead)."""
    signed_in.require(roles.CAMPAIGNS)
    team = load_team(session, team_id)
    used = session.scalar(
        select(func.count()).select_from(Shift).where(Shift.team_id == team.id)
    ) or session.scalar(
        select(func.count()).select_from(ServiceRecord).where(ServiceRecord.team_id == team.id)
    )
    if used:
        raise UserError(
            f"Tổ “{team.name}” đã có ca trực hoặc kết quả nên không xóa được; hãy cho tổ "
            "ngừng hoạt động thay vì xóa."
        )
    audit.record_edit(session, "delete", "team", team.id, {"name": [team.name, None]})
    session.delete(team)
    session.flush()


def load_team(session: Session, team_id: int) -> Team:
    return load_or_refuse(session, Team, team_id, "Tổ công tác này")


def list_teams(
    session: Session, campaign_id: int, on: date, active_only: bool = False
) -> list[TeamRow]:
    """The campaign's teams in order, each with its members on the day `on`."""
    query = select(Team).where(Team.campaign_id == campaign_id).order_by(Team.sort_key, Team.id)
    if active_only:
        query = query.where(Team.active.is_(True))
    teams = session.scalars(query).all()
    members = members_on(session, [team.id for team in teams], on)
    return [
        TeamRow(team.id, team.campaign_id, team.name, team.active, team.notes, members[team.id])
        for team in teams
    ]


def members_on(
    session: Session, team_ids: list[int], day: date
) -> dict[int, tuple[MemberRow, ...]]:
    """{team id: its active members on the day}, officers first, then by name."""
    rows = session.execute(
        select(TeamMembership.team_id, Member)
        .join(Member, Member.id == TeamMembership.member_id)
        .where(TeamMembership.team_id.in_(team_ids), _covers(day), Member.active.is_(True))
    ).all()
    found: dict[int, list[Member]] = {team_id: [] for team_id in team_ids}
    for team_id, member in rows:
        found[team_id].append(member)
    return {
        team_id: tuple(member_row(m) for m in sorted(members, key=member_order))
        for team_id, members in found.items()
    }


def member_order(member: Member) -> tuple:
    """Officers first, then youth-union members, then group leaders; by name within."""
    return (_ROLE_ORDER.get(member.role, len(ROLES)), member.name_sort_key, member.id)


def _covers(day: date):
    return (TeamMembership.from_date <= day) & or_(
        TeamMembership.to_date.is_(None), TeamMembership.to_date >= day
    )


def team_members_on(session: Session, team_id: int, day: date) -> tuple[MemberRow, ...]:
    """A team's active members on the day."""
    return members_on(session, [team_id], day)[team_id]


def add_member_to_team(session: Session, team_id: int, member_id: int, from_date: date) -> int:
    """Put a member in a team from a night on; return the membership id.

    A member in another team of the same campaign moves: that membership ends the night
    before. Refuses a member already in this team that night, and a move that would
    rewrite nights already planned in the other team (a period starting on or after
    `from_date`).
    """
    signed_in.require(roles.CAMPAIGNS)
    team = load_team(session, team_id)
    member = _load_member(session, member_id)
    periods = session.execute(
        select(TeamMembership, Team)
        .join(Team, Team.id == TeamMembership.team_id)
        .where(
            TeamMembership.member_id == member.id,
            Team.campaign_id == team.campaign_id,
            or_(TeamMembership.to_date.is_(None), TeamMembership.to_date >= from_date),
        )
    ).all()
    for period, other in periods:
        if other.id == team.id and period.from_date <= from_date:
            raise UserError(
                f"{member.full_name} đã ở tổ “{team.name}” từ ngày {period.from_date:%d/%m/%Y}."
            )
        if period.from_date >= from_date:
            raise UserError(
                f"{member.full_name} đã được xếp vào tổ “{other.name}” từ ngày "
                f"{period.from_date:%d/%m/%Y}; hãy chọn ngày sau đó."
            )
    for period, other in periods:
        _close(session, period, other, member, from_date - timedelta(days=1))
    membership = TeamMembership(team_id=team.id, member_id=member.id, from_date=from_date)
    session.add(membership)
    session.flush()
    audit.record_edit(
        session,
        "create",
        "team_membership",
        membership.id,
        {
            "team": [None, team.name],
            "member": [None, member.full_name],
            "from_date": [None, from_date.isoformat()],
        },
    )
    return membership.id


def remove_member_from_team(session: Session, team_id: int, member_id: int, last_day: date) -> None:
    """End a member's time in a team after `last_day` (their last night with it).

    Refuses a member who is not in the team on that night.
    """
    signed_in.require(roles.CAMPAIGNS)
    team = load_team(session, team_id)
    member = _load_member(session, member_id)
    period = session.scalars(
        select(TeamMembership).where(
            TeamMembership.team_id == team.id,
            TeamMembership.member_id == member.id,
            _covers(last_day),
        )
    ).first()
    if period is None:
        raise UserError(f"{member.full_name} không ở tổ “{team.name}” ngày {last_day:%d/%m/%Y}.")
    _close(session, period, team, member, last_day)


def _close(
    session: Session, period: TeamMembership, team: Team, member: Member, last_day: date
) -> None:
    before = period.to_date
    period.to_date = last_day
    session.flush()
    audit.record_edit(
        session,
        "update",
        "team_membership",
        period.id,
        {
            "team": [team.name, team.name],
            "member": [member.full_name, member.full_name],
            "to_date": [before.isoformat() if before else None, last_day.isoformat()],
        },
    )


def team_history(session: Session, team_id: int) -> list[MembershipRow]:
    """Everyone who has been in the team, with the nights they were in it."""
    team = load_team(session, team_id)
    rows = session.execute(
        select(TeamMembership, Member)
        .join(Member, Member.id == TeamMembership.member_id)
        .where(TeamMembership.team_id == team.id)
        .order_by(TeamMembership.from_date, Member.name_sort_key)
    ).all()
    return [
        MembershipRow(p.id, team.id, team.name, m.id, m.full_name, p.from_date, p.to_date)
        for p, m in rows
    ]
