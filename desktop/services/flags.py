"""Data that looks wrong, flagged for the duty officer: nothing is blocked.

Three things a walk sheet can say that a night out cannot have done, each reckoned per
shift (a team's night) from the data whenever it is read, so a correction shows at once:

- CAPACITY: the team recorded more services than its helpers could do in its window.
  Each officer or youth-union member helps one resident at a time (the group leader
  guides and does not count); at a door the services are shared longest-first among the
  helpers, so the door takes `minutes_per_service` × the busiest helper's services
  (desktop.services.planning.geometry.visit_seconds). The greeting time per household is
  left out on purpose: only what the services alone cannot fit in is flagged.
- ALL_SERVED: every door of the night "everyone served" (met, everyone met, no reason
  given), with no refusal and nobody away, over at least ALL_SERVED_MIN_DOORS doors.
- OUTSIDE_WINDOW: results dated outside the shift's window: a visit time before the
  shift starts or after it ends, or results typed in before the shift had started.

A flag is cleared with a reason: an audit entry (entity "flag", action "clear") that
holds the flag's key and the figures it was raised on. The flag stays cleared while its
figures stay the same; when the figures change (more services recorded since), it is
raised again. No table of its own: the audit trail is the record.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.db.models import (
    AuditEntry,
    Household,
    Member,
    ServiceRecord,
    Shift,
    ShiftMember,
    Team,
    Visit,
    VisitResident,
)
from desktop.domain import roles
from desktop.domain.campaign import GROUP_LEADER, LEVEL2_COLLECTED, MET
from desktop.domain.errors import UserError
from desktop.services import audit, signed_in
from desktop.services.campaigns import require_campaign
from desktop.services.planning.geometry import visit_seconds
from desktop.services.settings import PlanningSettings, load_planning_settings

CAPACITY, ALL_SERVED, OUTSIDE_WINDOW = "capacity", "all_served", "outside_window"
FLAG_KINDS = (CAPACITY, ALL_SERVED, OUTSIDE_WINDOW)
FLAG_LABELS = {
    CAPACITY: "Nhiều việc hơn sức của tổ",
    ALL_SERVED: "Cả đêm đều “làm đủ”",
    OUTSIDE_WINDOW: "Kết quả ngoài giờ ca",
}
# Fewer doors than this all served in a night is luck, not a pattern.
ALL_SERVED_MIN_DOORS = 8
# Entries are stored in UTC; the ward keeps Vietnam's time (UTC+7, no daylight saving).
WARD_TIME = timedelta(hours=7)
FLAG_ENTITY = "flag"
CLEAR_ACTION = "clear"
_LISTED_DOORS = 3


@dataclass(frozen=True)
class FlagClearance:
    """Who cleared a flag, when (ward time) and why."""

    reason: str
    by: str
    at: datetime


@dataclass(frozen=True)
class DataFlag:
    """One thing in a shift's results for a person to look at.

    `key` names the flag for good ("capacity:shift:12"); `figures` are what it was
    raised on (a clearance holds for these figures only); `text` is one Vietnamese
    sentence saying what looks wrong and by how much.
    """

    key: str
    kind: str
    shift_id: int
    day: date
    team_name: str
    text: str
    figures: str
    cleared: FlagClearance | None = None

    @property
    def label(self) -> str:
        return FLAG_LABELS[self.kind]


@dataclass
class _Door:
    visit_id: int
    address: str
    outcome: str
    visited_at: time | None
    entered_at: datetime
    lines: list[tuple[bool, str | None]]
    services: dict[int, int]  # resident id → services recorded by this visit


@dataclass
class _ShiftFacts:
    id: int
    day: date
    starts_at: time
    ends_at: time
    team_name: str
    helpers: int = 0
    doors: list[_Door] = field(default_factory=list)


def data_flags(
    session: Session,
    campaign_id: int | None = None,
    include_cleared: bool = False,
    day: date | None = None,
) -> list[DataFlag]:
    """The flags of a campaign's results (default: the current campaign), the latest
    night first, then by team; only one night's with `day`. Cleared flags are left out
    unless `include_cleared`. Refuses when there is no campaign."""
    campaign = require_campaign(session, campaign_id)
    shifts = _shift_facts(session, campaign.id, day)
    settings = load_planning_settings(session)
    clearances = _clearances(session)
    flags: list[DataFlag] = []
    for facts in sorted(shifts.values(), key=lambda f: (-f.day.toordinal(), f.team_name, f.id)):
        for flag in _shift_flags(facts, settings):
            cleared = clearances.get(flag.key)
            if cleared is not None and cleared[0] == flag.figures:
                if not include_cleared:
                    continue
                flag = replace(flag, cleared=cleared[1])
            flags.append(flag)
    return flags


def clear_flag(session: Session, key: str, reason: str) -> DataFlag:
    """Clear a flag of the current campaign with the reason a person gives, recorded in
    the audit trail; returns the flag as cleared. Refuses an empty reason, and a flag
    that is not (or no longer) raised, or is already cleared."""
    signed_in.require(roles.CAMPAIGNS)
    reason = " ".join((reason or "").split())
    if not reason:
        raise UserError("Hãy ghi lý do bỏ cảnh báo (ví dụ: đã gọi tổ trưởng xác nhận).")
    flag = next((f for f in data_flags(session, include_cleared=True) if f.key == key), None)
    if flag is None:
        raise UserError("Cảnh báo này không còn (số liệu đã được sửa); hãy xem lại danh sách.")
    if flag.cleared is not None:
        raise UserError(
            f"Cảnh báo này đã được {flag.cleared.by} bỏ lúc {flag.cleared.at:%H:%M %d/%m/%Y}."
        )
    audit.record_change(
        session,
        action=CLEAR_ACTION,
        reason=audit.EDIT,
        entity_type=FLAG_ENTITY,
        entity_key=flag.key,
        changes={
            "flag": [flag.text, None],
            "figures": [None, flag.figures],
            "reason": [None, reason],
        },
        source=f"Cảnh báo số liệu: {flag.team_name}, đêm {flag.day:%d/%m/%Y}",
    )
    cleared = _clearances(session)[flag.key][1]
    return replace(flag, cleared=cleared)


def flags_by_shift(flags: Iterable[DataFlag]) -> dict[int, list[DataFlag]]:
    """shift id → its flags, in the order given."""
    grouped: dict[int, list[DataFlag]] = defaultdict(list)
    for flag in flags:
        grouped[flag.shift_id].append(flag)
    return dict(grouped)


def collection_shifts(session: Session, resident_ids: Iterable[int]) -> dict[int, int]:
    """resident id → the shift whose visit collected their level-2 application (residents
    who applied at the station, or whose record came from elsewhere, are left out)."""
    ids = list(dict.fromkeys(resident_ids))
    found: dict[int, int] = {}
    for start in range(0, len(ids), 900):  # under SQLite's limit of bound parameters
        chunk = ids[start : start + 900]
        found.update(
            session.execute(
                select(ServiceRecord.resident_id, Visit.shift_id)
                .join(Visit, Visit.id == ServiceRecord.visit_id)
                .where(
                    ServiceRecord.service == LEVEL2_COLLECTED,
                    ServiceRecord.resident_id.in_(chunk),
                )
            ).all()
        )
    return found


def ward_time(stored: datetime) -> datetime:
    """A moment as stored (UTC, no zone) in the ward's time (no zone)."""
    return stored + WARD_TIME


# --- Reading the facts ---------------------------------------------------------------


def _shift_facts(session: Session, campaign_id: int, day: date | None) -> dict[int, _ShiftFacts]:
    query = (
        select(Shift.id, Shift.day, Shift.starts_at, Shift.ends_at, Team.name)
        .join(Team, Team.id == Shift.team_id)
        .where(Shift.campaign_id == campaign_id)
    )
    if day is not None:
        query = query.where(Shift.day == day)
    shifts = {row[0]: _ShiftFacts(*row) for row in session.execute(query)}
    if not shifts:
        return shifts
    in_campaign = select(Shift.id).where(Shift.campaign_id == campaign_id)
    if day is not None:
        in_campaign = in_campaign.where(Shift.day == day)
    for shift_id, helpers in session.execute(
        select(ShiftMember.shift_id, func.count())
        .join(Member, Member.id == ShiftMember.member_id)
        .where(ShiftMember.shift_id.in_(in_campaign), Member.role != GROUP_LEADER)
        .group_by(ShiftMember.shift_id)
    ):
        shifts[shift_id].helpers = helpers
    doors: dict[int, _Door] = {}
    for visit_id, shift_id, address, outcome, visited_at, entered_at in session.execute(
        select(
            Visit.id,
            Visit.shift_id,
            Household.address,
            Visit.outcome,
            Visit.visited_at,
            Visit.entered_at,
        )
        .join(Household, Household.id == Visit.household_id)
        .where(Visit.shift_id.in_(in_campaign))
        .order_by(Visit.id)
    ):
        door = _Door(visit_id, address, outcome, visited_at, entered_at, [], {})
        doors[visit_id] = door
        shifts[shift_id].doors.append(door)
    visits = select(Visit.id).where(Visit.shift_id.in_(in_campaign))
    for visit_id, met, reason in session.execute(
        select(VisitResident.visit_id, VisitResident.met, VisitResident.reason_not).where(
            VisitResident.visit_id.in_(visits)
        )
    ):
        doors[visit_id].lines.append((met, reason))
    for visit_id, resident_id, count in session.execute(
        select(ServiceRecord.visit_id, ServiceRecord.resident_id, func.count())
        .where(ServiceRecord.visit_id.in_(visits))
        .group_by(ServiceRecord.visit_id, ServiceRecord.resident_id)
    ):
        doors[visit_id].services[resident_id] = count
    return shifts


def _clearances(session: Session) -> dict[str, tuple[str, FlagClearance]]:
    """flag key → (the figures cleared, the clearance), the latest clearance of each."""
    cleared: dict[str, tuple[str, FlagClearance]] = {}
    for key, changes, actor, at in session.execute(
        select(AuditEntry.entity_key, AuditEntry.changes, AuditEntry.actor, AuditEntry.at)
        .where(AuditEntry.entity_type == FLAG_ENTITY, AuditEntry.action == CLEAR_ACTION)
        .order_by(AuditEntry.id)
    ):
        changes = changes or {}
        figures = (changes.get("figures") or [None, None])[1]
        reason = (changes.get("reason") or [None, ""])[1] or ""
        if key and figures:
            cleared[key] = (figures, FlagClearance(reason, actor, ward_time(at)))
    return cleared


# --- The three checks ----------------------------------------------------------------


def _shift_flags(facts: _ShiftFacts, settings: PlanningSettings) -> list[DataFlag]:
    doors = facts.doors
    if not doors:
        return []
    found = [
        _capacity(facts, doors, settings),
        _all_served(facts, doors),
        _outside_window(facts, doors),
    ]
    return [flag for flag in found if flag is not None]


def _flag(facts: _ShiftFacts, kind: str, text: str, figures: str) -> DataFlag:
    return DataFlag(
        key=f"{kind}:shift:{facts.id}",
        kind=kind,
        shift_id=facts.id,
        day=facts.day,
        team_name=facts.team_name,
        text=text,
        figures=figures,
    )


def _window(facts: _ShiftFacts) -> str:
    return f"{facts.starts_at:%H:%M}–{facts.ends_at:%H:%M}"


def _minutes(moment: time) -> int:
    return moment.hour * 60 + moment.minute


def _capacity(
    facts: _ShiftFacts, doors: list[_Door], settings: PlanningSettings
) -> DataFlag | None:
    helpers = max(1, facts.helpers)
    services_only = replace(settings, minutes_per_household=0.0)
    needed = sum(
        visit_seconds(list(door.services.values()), helpers, services_only)
        for door in doors
        if door.services
    )
    needed_minutes = round(needed / 60)
    window = _minutes(facts.ends_at) - _minutes(facts.starts_at)
    if needed_minutes <= window:
        return None
    services = sum(sum(door.services.values()) for door in doors)
    served = sum(1 for door in doors if door.services)
    text = (
        f"{facts.team_name} ghi {services} việc ở {served} hộ trong ca {_window(facts)} "
        f"đêm {facts.day:%d/%m/%Y}: với {helpers} người hỗ trợ, riêng các việc này đã cần "
        f"ít nhất {needed_minutes} phút, ca chỉ có {window} phút."
    )
    return _flag(facts, CAPACITY, text, f"{services}/{served}/{helpers}/{window}")


def _everyone_served(door: _Door) -> bool:
    return (
        door.outcome == MET
        and bool(door.lines)
        and all(met and reason is None for met, reason in door.lines)
    )


def _all_served(facts: _ShiftFacts, doors: list[_Door]) -> DataFlag | None:
    if len(doors) < ALL_SERVED_MIN_DOORS or not all(_everyone_served(d) for d in doors):
        return None
    text = (
        f"{facts.team_name} đêm {facts.day:%d/%m/%Y}: cả {len(doors)} hộ đều ghi gặp đủ người "
        "và làm đủ, không hộ nào vắng nhà, không ai từ chối."
    )
    return _flag(facts, ALL_SERVED, text, str(len(doors)))


def _outside_window(facts: _ShiftFacts, doors: list[_Door]) -> DataFlag | None:
    starts = datetime.combine(facts.day, facts.starts_at)
    problems: list[tuple[int, str]] = []
    for door in doors:
        visited = door.visited_at
        if visited is not None and not facts.starts_at <= visited <= facts.ends_at:
            problems.append((door.visit_id, f"{door.address}: đến lúc {visited:%H:%M}"))
            continue
        entered = ward_time(door.entered_at)
        if entered < starts:
            problems.append(
                (
                    door.visit_id,
                    f"{door.address}: nhập lúc {entered:%H:%M %d/%m/%Y}, trước khi ca bắt đầu",
                )
            )
    if not problems:
        return None
    listed = "; ".join(text for _, text in problems[:_LISTED_DOORS])
    if len(problems) > _LISTED_DOORS:
        listed += f"; và {len(problems) - _LISTED_DOORS} hộ khác"
    text = (
        f"{facts.team_name}, ca {_window(facts)} đêm {facts.day:%d/%m/%Y}: "
        f"{len(problems)} hộ có kết quả ngoài giờ ca ({listed})."
    )
    figures = ",".join(f"{visit_id}:{text}" for visit_id, text in problems)
    return _flag(facts, OUTSIDE_WINDOW, text, _digest(figures))


def _digest(text: str) -> str:
    """A short stand-in for long figures, as the audit trail keeps them."""
    return hashlib.sha256(text.encode()).hexdigest()[:16]
