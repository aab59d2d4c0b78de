"""Typing in a night's walk sheets: one visit per shift and household.

The visit-entry dialog opens a household of a shift (open_visit), shows who lives there
with what is done and what is owed, and saves the outcome with, for each resident, met
or not, the services done and the reason nothing (more) was done (save_visit). The same
sheet entered twice opens the visit already saved, for editing: a visit is never counted
twice. Saving checks everything first and writes nothing when one thing is wrong; the
services recorded follow the ledger's rules (desktop.services.ledger), and each resident
whose statuses or services change gets an audit entry naming the visit and the shift.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time

from sqlalchemy import delete, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from desktop.db.conflicts import Conflict, conflict_refusal
from desktop.db.models import (
    Household,
    Resident,
    ResidentialGroup,
    ServiceRecord,
    Shift,
    ShiftStop,
    Team,
    Visit,
    VisitResident,
)
from desktop.domain import roles
from desktop.domain.campaign import (
    APP_114,
    COME_BACK,
    DOCUMENTS,
    DOORSTEP_SERVICES,
    LEVEL2_ACTIVATED,
    LEVEL2_COLLECTED,
    MET,
    MOVED_AWAY,
    NOT_HOME,
    OUTCOME_LABELS,
    OUTCOMES,
    REASON_LABELS,
    REASONS,
    REFUSED,
    SERVICE_LABELS,
    SERVICES,
    VNEID_INSTALLED,
)
from desktop.domain.eligibility import age_on, pending_services
from desktop.domain.errors import UserError
from desktop.domain.ledger import level2_check, services_owed
from desktop.domain.personal_id import mask_personal_id
from desktop.domain.phones import mask_phone
from desktop.services import audit, signed_in
from desktop.services.campaigns import CampaignInfo, campaign_info, check_day_in_campaign
from desktop.services.campaigns import load_campaign as _load_campaign
from desktop.services.households import check_version, load_household
from desktop.services.ledger import (
    RecordedService,
    add_record,
    now,
    recorded_services,
    refused_if_another_desk_wrote_first,
    remove_record,
    resident_audit_row,
    resident_status,
)
from desktop.services.lookups import load_or_refuse
from desktop.services.shifts import append_stop, load_shift

# Services whose rules on level 2 (ID number, age) apply.
_LEVEL2_SERVICES = (LEVEL2_COLLECTED, LEVEL2_ACTIVATED)


@dataclass(frozen=True)
class ResidentVisitInput:
    """One resident at a visit: met or not, the services done, why nothing (more)."""

    resident_id: int
    met: bool
    services: tuple[str, ...] = ()
    reason_not: str | None = None


@dataclass(frozen=True)
class VisitInput:
    """What the visit-entry dialog saves for one household of a shift.

    Residents left out get no line for this visit (nothing known about them).
    """

    shift_id: int
    household_id: int
    outcome: str
    residents: tuple[ResidentVisitInput, ...] = ()
    visited_at: time | None = None
    come_back_at: datetime | None = None
    notes: str | None = None


@dataclass(frozen=True)
class DoneService:
    """A service already recorded for a resident, as the dialog shows it."""

    service: str
    label: str
    done_on: date
    team_name: str  # "Khác" when no team is credited
    source: str
    by_this_visit: bool


@dataclass(frozen=True)
class SheetResident:
    """A resident of the household with what the dialog needs to enter their results."""

    id: int
    full_name: str
    relation: str
    age: int | None
    personal_id_masked: str
    has_personal_id: bool
    phone: str | None
    has_chip_card: bool | None
    vneid_level: int
    app_114: bool | None
    documents_integrated: bool | None
    pending: frozenset[str]  # registry pending ("level2", "app_114")
    owed: tuple[str, ...]  # campaign services to offer at the door
    level2_allowed: bool
    level2_notes: tuple[str, ...]  # the refusal, or the warnings to confirm
    done: tuple[DoneService, ...]
    met: bool | None  # as this visit recorded it; None: not entered yet
    reason_not: str | None
    services_here: tuple[str, ...]  # the services this visit recorded


@dataclass(frozen=True)
class VisitSheet:
    """One household of a shift, ready for entry: the visit so far (if any) and its people."""

    shift_id: int
    day: date
    team_id: int
    team_name: str
    campaign_id: int
    services: tuple[str, ...]  # doorstep services the campaign tracks, in order
    household_id: int
    household_code: str
    address: str
    head_name: str
    group_name: str
    position: int | None  # on the walk sheet; None when not planned
    visit_id: int | None
    version: int | None
    outcome: str | None
    visited_at: time | None
    come_back_at: datetime | None
    notes: str | None
    entered_by: str | None
    entered_at: datetime | None
    residents: tuple[SheetResident, ...] = field(default=())

    @property
    def already_entered(self) -> bool:
        """True when this walk-sheet line was typed in before: saving edits it."""
        return self.visit_id is not None


@dataclass(frozen=True)
class VisitSaved:
    visit_id: int
    created: bool
    services_added: int
    services_removed: int


def open_visit(session: Session, shift_id: int, household_id: int) -> VisitSheet:
    """A household of a shift as the entry dialog shows it.

    When the visit was entered before, the sheet carries it (outcome, times, notes,
    each resident's line and the services it recorded) and its version, to pass to
    save_visit(). Ages, level-2 rules and what is owed are reckoned on the shift's night.
    """
    shift = load_shift(session, shift_id)
    household = load_household(session, household_id)
    campaign = campaign_info(_load_campaign(session, shift.campaign_id))
    team_name = session.scalar(select(Team.name).where(Team.id == shift.team_id))
    visit = session.scalars(
        select(Visit).where(Visit.shift_id == shift.id, Visit.household_id == household.id)
    ).first()
    residents = _residents(session, household.id)
    lines = {}
    here: dict[int, list[str]] = {}
    if visit is not None:
        lines = {
            line.resident_id: line
            for line in session.scalars(
                select(VisitResident).where(VisitResident.visit_id == visit.id)
            )
        }
        for resident_id, service in session.execute(
            select(ServiceRecord.resident_id, ServiceRecord.service).where(
                ServiceRecord.visit_id == visit.id
            )
        ):
            here.setdefault(resident_id, []).append(service)
    records = recorded_services(session, [r.id for r in residents])
    tracked = _doorstep(campaign)
    position = session.scalar(
        select(ShiftStop.position).where(
            ShiftStop.shift_id == shift.id,
            ShiftStop.household_id == household.id,
        )
    )
    group_name = session.scalar(
        select(ResidentialGroup.name).where(ResidentialGroup.id == household.group_id)
    )
    return VisitSheet(
        shift_id=shift.id,
        day=shift.day,
        team_id=shift.team_id,
        team_name=team_name,
        campaign_id=campaign.id,
        services=tracked,
        household_id=household.id,
        household_code=household.code,
        address=household.address,
        head_name=household.head_name,
        group_name=group_name,
        position=position,
        visit_id=visit.id if visit else None,
        version=visit.version if visit else None,
        outcome=visit.outcome if visit else None,
        visited_at=visit.visited_at if visit else None,
        come_back_at=visit.come_back_at if visit else None,
        notes=visit.notes if visit else None,
        entered_by=visit.entered_by if visit else None,
        entered_at=visit.entered_at if visit else None,
        residents=tuple(
            _sheet_resident(
                resident,
                shift.day,
                tracked,
                records[resident.id],
                visit.id if visit else None,
                lines.get(resident.id),
                here.get(resident.id, []),
            )
            for resident in residents
        ),
    )


def _sheet_resident(
    resident: Resident,
    day: date,
    tracked: tuple[str, ...],
    records: dict[str, RecordedService],
    visit_id: int | None,
    line: VisitResident | None,
    here: list[str],
) -> SheetResident:
    status = resident_status(resident, LEVEL2_COLLECTED in records)
    allowed, notes = level2_check(status, day)
    order = {service: index for index, service in enumerate(SERVICES)}
    done = tuple(
        DoneService(
            service=record.service,
            label=record.label,
            done_on=record.done_on,
            team_name=record.team_name or "Khác",
            source=record.source,
            by_this_visit=visit_id is not None and record.visit_id == visit_id,
        )
        for record in sorted(records.values(), key=lambda r: order.get(r.service, 99))
    )
    return SheetResident(
        id=resident.id,
        full_name=resident.full_name,
        relation=resident.relation,
        age=age_on(resident.birth_date, resident.birth_year, day),
        personal_id_masked=mask_personal_id(resident.personal_id),
        has_personal_id=bool(resident.personal_id),
        # Whole only for someone who may see it (not data entry: signed_in).
        phone=(mask_phone(resident.phone) or None)
        if signed_in.masks_personal_numbers()
        else resident.phone,
        has_chip_card=resident.has_chip_card,
        vneid_level=resident.vneid_level,
        app_114=resident.app_114,
        documents_integrated=resident.documents_integrated,
        pending=frozenset(pending_services(status, day)),
        owed=services_owed(status, set(records), tracked, day),
        level2_allowed=allowed,
        level2_notes=tuple(notes),
        done=done,
        met=line.met if line else None,
        reason_not=line.reason_not if line else None,
        services_here=tuple(s for s in SERVICES if s in here),
    )


# --- Checking --------------------------------------------------------------------------


@dataclass
class _Plan:
    """Everything a save needs, gathered and checked before anything is written."""

    shift: Shift
    campaign: CampaignInfo
    household: Household
    visit: Visit | None
    residents: dict[int, Resident]
    records: dict[int, dict[str, RecordedService]]
    add: list[tuple[int, str]]
    remove: list[ServiceRecord]
    warnings: list[str]


def check_visit(
    session: Session,
    data: VisitInput,
    today: date,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> list[str]:
    """Check a visit before saving it; return the warnings a person should confirm.

    Raises UserError, with one sentence, for what cannot be saved: a night outside the
    campaign or after `today`; the sheet already entered (without `expected_version`)
    or changed since it was opened; an unknown outcome or reason; a "come back" without
    its time; someone met at a household where nobody was; services for a resident not
    met, for a refusal, not tracked by the campaign, or activation (which comes from the
    approval list); a service already recorded for the resident; level 2 without an ID
    number or under 6; removing a level-2 application already approved.
    Warnings: level 2 for ages 6–13 or an unknown age or a record without chip card,
    services the registry already shows as done, a household "met" with nobody met and
    nothing done, and results entered before the shift has started (`now`, the desk's
    clock, when given).
    """
    plan = _plan(session, data, today, expected_version)
    return _visit_warnings(data, plan, now) + plan.warnings


def _visit_warnings(data: VisitInput, plan: _Plan, now: datetime | None) -> list[str]:
    """What is worth a question about the visit as a whole (before the residents')."""
    warnings = []
    if now is not None:
        starts = datetime.combine(plan.shift.day, plan.shift.starts_at)
        if now < starts:
            warnings.append(
                f"Ca trực đêm {plan.shift.day:%d/%m/%Y} bắt đầu lúc {plan.shift.starts_at:%H:%M}, "
                f"bây giờ mới {now:%H:%M} ngày {now:%d/%m/%Y}: ca chưa bắt đầu mà đã nhập kết quả."
            )
    nobody = not any(line.met or line.services for line in data.residents)
    if data.outcome == MET and nobody:
        warnings.append(
            f"Hộ {plan.household.code} được ghi “{OUTCOME_LABELS[MET]}” nhưng chưa ghi đã gặp ai "
            "và chưa làm việc gì."
        )
    return warnings


def _plan(session: Session, data: VisitInput, today: date, expected_version: int | None) -> _Plan:
    shift = load_shift(session, data.shift_id)
    household = load_household(session, data.household_id)
    campaign = campaign_info(_load_campaign(session, shift.campaign_id))
    check_day_in_campaign(campaign, shift.day)
    if shift.day > today:
        raise UserError(
            f"Ca trực ngày {shift.day:%d/%m/%Y} chưa diễn ra; chỉ nhập kết quả sau buổi đi."
        )
    visit = session.scalars(
        select(Visit).where(Visit.shift_id == shift.id, Visit.household_id == household.id)
    ).first()
    if visit is not None and expected_version is None:
        raise UserError(
            f"Hộ {household.code} ({household.address}) đã được nhập kết quả cho ca này "
            f"(bởi {visit.entered_by}); hãy mở lại hộ này để sửa thay vì nhập lần nữa."
        )
    if visit is not None:
        check_version(visit.version, expected_version, "Kết quả của hộ này")
    _check_outcome(data, shift)
    residents = {r.id: r for r in _residents(session, household.id)}
    _check_lines(data, residents)
    records = recorded_services(session, list(residents))
    plan = _Plan(shift, campaign, household, visit, residents, records, [], [], [])
    _plan_services(session, data, plan)
    return plan


def _check_outcome(data: VisitInput, shift: Shift) -> None:
    if data.outcome not in OUTCOMES:
        raise UserError(f"Kết quả “{data.outcome}” không có.")
    if data.outcome == COME_BACK and data.come_back_at is None:
        raise UserError("Hộ hẹn quay lại: hãy nhập ngày giờ hẹn.")
    if data.come_back_at is not None:
        visited = datetime.combine(shift.day, data.visited_at or shift.starts_at)
        if data.come_back_at <= visited:
            raise UserError(
                f"Giờ hẹn quay lại ({data.come_back_at:%H:%M %d/%m/%Y}) phải sau lúc đến hộ."
            )


def _check_lines(data: VisitInput, residents: dict[int, Resident]) -> None:
    seen: set[int] = set()
    nobody_there = data.outcome in (NOT_HOME, MOVED_AWAY)
    for line in data.residents:
        resident = residents.get(line.resident_id)
        if resident is None:
            raise UserError("Có người được nhập không thuộc hộ này (có thể đã chuyển hộ).")
        if line.resident_id in seen:
            raise UserError(f"{resident.full_name} được nhập hai lần trong cùng một lượt.")
        seen.add(line.resident_id)
        if line.reason_not is not None and line.reason_not not in REASONS:
            raise UserError(f"Lý do “{line.reason_not}” không có.")
        if line.met and nobody_there:
            raise UserError(
                f"Hộ được ghi “{OUTCOME_LABELS[data.outcome]}” nhưng lại ghi đã gặp "
                f"{resident.full_name}; hãy sửa một trong hai."
            )
        if len(set(line.services)) != len(line.services):
            raise UserError(f"Một công việc của {resident.full_name} được đánh dấu hai lần.")
        if line.services and not line.met:
            raise UserError(
                f"{resident.full_name} được ghi là không gặp nên không thể đánh dấu việc đã làm."
            )
        if line.services and data.outcome == REFUSED:
            raise UserError(
                "Hộ được ghi “Từ chối” nên không thể đánh dấu việc đã làm; hãy sửa kết quả của hộ."
            )


def _plan_services(session: Session, data: VisitInput, plan: _Plan) -> None:
    tracked = _doorstep(plan.campaign)
    wanted = set()
    for line in data.residents:
        resident = plan.residents[line.resident_id]
        for service in line.services:
            _check_service(service, plan.campaign, tracked, resident)
            wanted.add((resident.id, service))
    here = []
    if plan.visit is not None:
        here = session.scalars(
            select(ServiceRecord).where(ServiceRecord.visit_id == plan.visit.id)
        ).all()
    existing = {(record.resident_id, record.service) for record in here}
    order = {service: index for index, service in enumerate(SERVICES)}
    residents_order = list(plan.residents)
    for resident_id, service in sorted(
        wanted - existing, key=lambda pair: (residents_order.index(pair[0]), order[pair[1]])
    ):
        resident = plan.residents[resident_id]
        recorded = plan.records[resident_id].get(service)
        if recorded is not None:
            _refuse_if_written_elsewhere_meanwhile(session, plan, recorded)
            raise UserError(f"{recorded.describe(resident.full_name)}; không ghi lại lần nữa.")
        plan.warnings += _service_warnings(resident, service, plan)
        plan.add.append((resident_id, service))
    for record in here:
        if (record.resident_id, record.service) in wanted:
            continue
        resident = plan.residents.get(record.resident_id) or session.get(
            Resident, record.resident_id
        )
        approved = plan.records.get(record.resident_id, {}).get(LEVEL2_ACTIVATED)
        if record.service == LEVEL2_COLLECTED and approved is not None:
            raise UserError(
                f"Hồ sơ mức 2 của {resident.full_name} đã được kích hoạt ngày "
                f"{approved.done_on:%d/%m/%Y}; hãy hủy kích hoạt trước khi bỏ hồ sơ này."
            )
        plan.remove.append(record)


def _refuse_if_written_elsewhere_meanwhile(
    session: Session, plan: _Plan, recorded: RecordedService
) -> None:
    """A service to add found recorded by this very visit, though it was not there a
    moment ago: another desk has just saved the same walk-sheet line, or changed this
    visit (each statement reads what is committed when it runs); say so, rather than
    "already done"."""
    if recorded.visit_id is None:
        return
    code = plan.household.code
    if plan.visit is not None:
        if recorded.visit_id == plan.visit.id:
            raise Conflict(
                f"Kết quả của hộ {code} trong ca này vừa được sửa ở một máy khác; kết quả "
                "của bạn chưa được lưu, hãy mở lại hộ này để xem bản mới nhất rồi nhập lại."
            )
        return
    visit = session.get(Visit, recorded.visit_id)
    if visit is not None and (visit.shift_id, visit.household_id) == (
        plan.shift.id,
        plan.household.id,
    ):
        raise Conflict(
            f"Kết quả của hộ {code} trong ca này vừa được nhập từ một máy khác (bởi "
            f"{visit.entered_by}); hãy mở lại để xem kết quả đã lưu."
        )


def _check_service(
    service: str, campaign: CampaignInfo, tracked: tuple[str, ...], resident: Resident
) -> None:
    if service == LEVEL2_ACTIVATED:
        raise UserError(
            "Kích hoạt mức 2 được ghi từ danh sách phê duyệt, không ghi trong lượt đến hộ."
        )
    if service not in SERVICES:
        raise UserError(f"Không có công việc “{service}”.")
    if service not in tracked:
        raise UserError(
            f"Chiến dịch “{campaign.name}” không theo dõi “{SERVICE_LABELS[service]}” "
            f"(đánh dấu cho {resident.full_name})."
        )


def _service_warnings(resident: Resident, service: str, plan: _Plan) -> list[str]:
    name = resident.full_name
    warnings = []
    if service in _LEVEL2_SERVICES:
        allowed, notes = level2_check(resident_status(resident, False), plan.shift.day)
        if not allowed:
            raise UserError(f"{name}: {notes[0]}")
        warnings += [f"{name}: {note}" for note in notes]
    already = {
        VNEID_INSTALLED: resident.vneid_level >= 1 and "đã có tài khoản VNeID",
        LEVEL2_COLLECTED: resident.vneid_level == 2 and "đã có định danh mức 2",
        APP_114: resident.app_114 is True and "đã cài Báo cháy 114",
        DOCUMENTS: resident.documents_integrated is True and "đã tích hợp giấy tờ",
    }.get(service)
    if already:
        warnings.append(
            f"Sổ ghi {name} {already}; vẫn ghi “{SERVICE_LABELS[service]}” cho lượt này?"
        )
    return warnings


# --- Saving ----------------------------------------------------------------------------


def save_visit(
    session: Session, data: VisitInput, today: date, expected_version: int | None = None
) -> VisitSaved:
    """Save a household's visit (new, or the one entered before) with its services.

    Takes the visit's version from open_visit() when it was entered before
    (`expected_version`), and refuses, changing nothing, whatever check_visit()
    refuses; its warnings are the caller's to confirm first. The household joins the
    walk sheet if it was not on it. Services no longer ticked are removed from the
    ledger and their statuses put back; new ones are recorded on the shift's night,
    credited to its team. Returns the visit id and what changed.
    """
    signed_in.require(roles.VISIT_ENTRY)
    plan = _plan(session, data, today, expected_version)
    what = f"Kết quả của hộ {plan.household.code} trong ca này"
    with _refused_if_another_desk_came_first(what):
        return _save(session, data, plan)


def _save(session: Session, data: VisitInput, plan: _Plan) -> VisitSaved:
    created = plan.visit is None
    visit = plan.visit or Visit(
        shift_id=plan.shift.id,
        household_id=plan.household.id,
        entered_by=audit.current_actor(),
        entered_at=now(),
    )
    before = {} if created else _visit_fields(visit)
    visit.outcome = data.outcome
    visit.visited_at = data.visited_at
    visit.come_back_at = data.come_back_at
    visit.notes = " ".join((data.notes or "").split()) or None
    session.add(visit)
    if not created:
        flag_modified(visit, "notes")  # a new version, even when only the residents changed
    session.flush()
    append_stop(session, plan.shift.id, plan.household.id)
    session.execute(delete(VisitResident).where(VisitResident.visit_id == visit.id))
    session.add_all(
        VisitResident(
            visit_id=visit.id,
            resident_id=line.resident_id,
            met=line.met,
            reason_not=line.reason_not,
        )
        for line in data.residents
    )
    source = visit_source(session, plan.shift, visit)
    audit_rows = _apply_services(session, plan, visit, source)
    changes = audit.changed_fields(before, _visit_fields(visit))
    changes["residents"] = [
        None,
        [[line.resident_id, line.met, line.reason_not] for line in data.residents],
    ]
    audit_rows.insert(
        0,
        audit.audit_row(
            action="create" if created else "update",
            reason=audit.VISIT,
            entity_type="visit",
            entity_key=str(visit.id),
            changes=changes,
            source=source,
        ),
    )
    session.flush()
    audit.record_changes(session, audit_rows)
    return VisitSaved(visit.id, created, len(plan.add), len(plan.remove))


def _apply_services(session: Session, plan: _Plan, visit: Visit, source: str) -> list[dict]:
    status: dict[int, dict] = {}
    added: dict[int, dict[str, date]] = {}
    removed: dict[int, dict[str, date]] = {}
    for record in sorted(plan.remove, key=lambda r: r.id, reverse=True):
        resident = plan.residents.get(record.resident_id) or session.get(
            Resident, record.resident_id
        )
        removed.setdefault(resident.id, {})[record.service] = record.done_on
        _merge(status.setdefault(resident.id, {}), remove_record(session, record, resident))
    for resident_id, service in plan.add:
        resident = plan.residents[resident_id]
        added.setdefault(resident_id, {})[service] = plan.shift.day
        changes = add_record(
            session,
            resident,
            service,
            plan.shift.day,
            team_id=plan.shift.team_id,
            campaign_id=plan.campaign.id,
            visit_id=visit.id,
            source="visit",
        )
        _merge(status.setdefault(resident_id, {}), changes)
    rows = []
    for resident_id in sorted(set(added) | set(removed)):
        resident = plan.residents.get(resident_id) or session.get(Resident, resident_id)
        rows.append(
            resident_audit_row(
                resident,
                status.get(resident_id, {}),
                added.get(resident_id, {}),
                removed.get(resident_id, {}),
                audit.VISIT,
                source,
            )
        )
    return rows


def _merge(total: dict, changes: dict) -> None:
    """Fold one step's {field: [old, new]} into the total (first old, last new)."""
    for name, (old, new) in changes.items():
        total[name] = [total[name][0] if name in total else old, new]


def delete_visit(session: Session, visit_id: int, expected_version: int | None = None) -> None:
    """Remove a visit entered for the wrong household, with its services and their
    statuses. Refuses one whose level-2 application has been approved since."""
    signed_in.require(roles.VISIT_ENTRY)
    visit = load_or_refuse(session, Visit, visit_id, "Lượt đến hộ này")
    check_version(visit.version, expected_version, "Kết quả của hộ này")
    shift = load_shift(session, visit.shift_id)
    residents = {r.id: r for r in _residents(session, visit.household_id)}
    records = session.scalars(select(ServiceRecord).where(ServiceRecord.visit_id == visit.id)).all()
    ledger = recorded_services(session, {r.resident_id for r in records})
    plan = _Plan(
        shift,
        campaign_info(_load_campaign(session, shift.campaign_id)),
        load_household(session, visit.household_id),
        visit,
        residents,
        ledger,
        [],
        [],
        [],
    )
    for record in records:
        approved = ledger[record.resident_id].get(LEVEL2_ACTIVATED)
        if record.service == LEVEL2_COLLECTED and approved is not None:
            name = session.get(Resident, record.resident_id).full_name
            raise UserError(
                f"Hồ sơ mức 2 của {name} đã được kích hoạt ngày {approved.done_on:%d/%m/%Y}; "
                "hãy hủy kích hoạt trước khi xóa lượt đến hộ này."
            )
        plan.remove.append(record)
    what = f"Kết quả của hộ {plan.household.code} trong ca này"
    with _refused_if_another_desk_came_first(what):
        source = visit_source(session, shift, visit)
        rows = _apply_services(session, plan, visit, source)
        rows.insert(
            0,
            audit.audit_row(
                action="delete",
                reason=audit.VISIT,
                entity_type="visit",
                entity_key=str(visit.id),
                changes=audit.removed_fields(_visit_fields(visit)),
                source=source,
            ),
        )
        session.delete(visit)
        session.flush()
        audit.record_changes(session, rows)


# --- Helpers ---------------------------------------------------------------------------


@contextmanager
def _refused_if_another_desk_came_first(what: str) -> Iterator[None]:
    """Another desk saved the same visit, or changed the visit or a resident of the
    household, between this desk's reading and writing: a sentence, never a traceback
    (the caller's transaction rolls back, nothing of this save is written). The
    same row written twice (IntegrityError) is the ledger's sentence; a row changed
    meanwhile (its version column: StaleDataError) and the database giving up one of
    two desks waiting for each other are refused here."""
    try:
        with refused_if_another_desk_wrote_first(what):
            yield
    except StaleDataError:
        raise Conflict(
            f"{what} hoặc người trong hộ vừa được sửa ở một máy khác; kết quả của bạn chưa "
            "được lưu, hãy mở lại hộ này để xem bản mới nhất rồi nhập lại."
        ) from None
    except DBAPIError as error:
        refusal = conflict_refusal(error)
        if refusal is None:
            raise
        raise refusal from None


def visit_source(session: Session, shift: Shift, visit: Visit) -> str:
    """How the audit trail names a visit: "Lượt #12, ca #3 (Tổ công tác 1, 25/11/2026)"."""
    team = session.scalar(select(Team.name).where(Team.id == shift.team_id))
    return f"Lượt #{visit.id}, ca #{shift.id} ({team}, {shift.day:%d/%m/%Y})"


def _visit_fields(visit: Visit) -> dict:
    return {
        "shift_id": visit.shift_id,
        "household_id": visit.household_id,
        "outcome": visit.outcome,
        "visited_at": f"{visit.visited_at:%H:%M}" if visit.visited_at else None,
        "come_back_at": visit.come_back_at,
        "notes": visit.notes,
    }


def _residents(session: Session, household_id: int) -> list[Resident]:
    return list(
        session.scalars(
            select(Resident)
            .where(Resident.household_id == household_id)
            .order_by(Resident.position, Resident.id)
        )
    )


def _doorstep(campaign: CampaignInfo) -> tuple[str, ...]:
    return tuple(service for service in DOORSTEP_SERVICES if service in campaign.services)


def outcome_label(outcome: str) -> str:
    return OUTCOME_LABELS.get(outcome, outcome)


def reason_label(reason: str) -> str:
    return REASON_LABELS.get(reason, reason)
