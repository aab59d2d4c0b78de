"""The level-2 approval list: marking residents as activated, days after collection.

Teams collect level-2 applications at the door (`level2_collected`); days later the
duty officer ticks the residents on the approval list that came back, and each gets a
`level2_activated` record dated that day and credited to the team that collected the
application ("Khác" when the resident applied at the station and no team collected it).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, exists, select
from sqlalchemy.orm import Session, aliased

from desktop.db import search
from desktop.db.models import Household, Resident, ResidentialGroup, ServiceRecord, Team
from desktop.domain import roles
from desktop.domain.campaign import LEVEL2_ACTIVATED, LEVEL2_COLLECTED, SERVICE_LABELS
from desktop.domain.errors import UserError
from desktop.domain.ledger import level2_check
from desktop.domain.names import fold
from desktop.domain.personal_id import mask_personal_id
from desktop.services import audit, signed_in
from desktop.services.campaigns import CampaignInfo, check_day_in_campaign, require_campaign
from desktop.services.ledger import (
    OTHER_TEAM,
    add_record,
    recorded_services,
    refused_if_another_desk_wrote_first,
    remove_record,
    resident_audit_row,
    resident_status,
)
from desktop.services.lookups import load_or_refuse


@dataclass(frozen=True)
class ApprovalCandidate:
    """A resident who may be on the approval list, with the application behind it."""

    resident_id: int
    full_name: str
    personal_id_masked: str
    birth_year: int | None
    household_code: str
    address: str
    group_name: str
    collected_on: date | None  # None: no team collected it (applied at the station)
    team_name: str  # the team to be credited, "Khác" when none

    def days_waiting(self, today: date) -> int | None:
        return (today - self.collected_on).days if self.collected_on else None


@dataclass(frozen=True)
class ActivationResult:
    activated: int
    by_team: dict[str, int]  # team name ("Khác" for none) → residents activated


def approval_candidates(
    session: Session, text: str = "", include_uncollected: bool = False, limit: int = 1000
) -> list[ApprovalCandidate]:
    """Residents awaiting approval: level 2 collected, not yet activated, oldest first.

    `text` narrows the list by name (folded words, as the registry search) or by the
    first digits of the ID number. With `include_uncollected` and a `text`, residents
    below level 2 without a collected application are listed too (after the others),
    for those who applied at the station.
    """
    collected = aliased(ServiceRecord)
    activated = exists(
        select(ServiceRecord.id).where(
            ServiceRecord.resident_id == Resident.id, ServiceRecord.service == LEVEL2_ACTIVATED
        )
    )
    matched = _matching(session, text)
    with_uncollected = include_uncollected and matched is not None
    # Driven from the collected applications (a few thousand), unless everyone below
    # level 2 may be listed: then from the residents the search matched.
    query = (
        select(*_candidate_columns(collected))
        .select_from(collected if not with_uncollected else Resident)
        .join(
            Resident if not with_uncollected else collected,
            and_(collected.resident_id == Resident.id, collected.service == LEVEL2_COLLECTED),
            isouter=with_uncollected,
        )
        .join(Household, Household.id == Resident.household_id)
        .join(ResidentialGroup, ResidentialGroup.id == Household.group_id)
        .outerjoin(Team, Team.id == collected.team_id)
        .where(~activated, Resident.vneid_level < 2)
    )
    if matched is not None:
        query = query.where(matched)
    query = query.order_by(
        collected.done_on.is_(None), collected.done_on, Resident.name_sort_key, Resident.id
    ).limit(limit)
    return [ApprovalCandidate(**_candidate_fields(*row)) for row in session.execute(query)]


@dataclass(frozen=True)
class ActivatedCandidate(ApprovalCandidate):
    """A resident whose level-2 activation is recorded; `team_name` is the team credited."""

    activated_on: date


def activated_candidates(
    session: Session, text: str = "", limit: int = 1000
) -> list[ActivatedCandidate]:
    """Residents with a level-2 activation recorded, the latest marked first.

    `text` narrows the list as in approval_candidates(): by name (folded words) or by
    the first digits of the ID number. Residents at level 2 from the register alone
    (no activation record) are not listed: there is no marking to undo.
    """
    activated = aliased(ServiceRecord)
    collected = aliased(ServiceRecord)
    query = (
        select(*_candidate_columns(collected), activated.done_on)
        .select_from(activated)
        .join(Resident, Resident.id == activated.resident_id)
        .join(Household, Household.id == Resident.household_id)
        .join(ResidentialGroup, ResidentialGroup.id == Household.group_id)
        .outerjoin(
            collected,
            and_(collected.resident_id == Resident.id, collected.service == LEVEL2_COLLECTED),
        )
        .outerjoin(Team, Team.id == activated.team_id)
        .where(activated.service == LEVEL2_ACTIVATED)
    )
    matched = _matching(session, text)
    if matched is not None:
        query = query.where(matched)
    query = query.order_by(activated.id.desc()).limit(limit)
    return [
        ActivatedCandidate(**_candidate_fields(*shared), activated_on=activated_on)
        for *shared, activated_on in session.execute(query)
    ]


def _candidate_columns(collected: type[ServiceRecord]) -> tuple:
    """What both lists select for a resident, in the order _candidate_fields() takes:
    the resident, the household's code and address, the group, the day the application
    was collected, and the name of the team credited (each query joins that team)."""
    return (
        Resident,
        Household.code,
        Household.address,
        ResidentialGroup.name,
        collected.done_on,
        Team.name,
    )


def _candidate_fields(
    resident: Resident,
    code: str,
    address: str,
    group_name: str,
    collected_on: date | None,
    team_name: str | None,
) -> dict:
    """An ApprovalCandidate's fields from a row of _candidate_columns(): both lists show
    a resident alike, the ID number masked and no team as "Khác"."""
    return {
        "resident_id": resident.id,
        "full_name": resident.full_name,
        "personal_id_masked": mask_personal_id(resident.personal_id),
        "birth_year": resident.birth_year,
        "household_code": code,
        "address": address,
        "group_name": group_name,
        "collected_on": collected_on,
        "team_name": team_name or OTHER_TEAM,
    }


def _matching(session: Session, text: str):
    text = (text or "").strip()
    words = fold(text).split()
    if not words:
        return None
    digits = "".join(ch for ch in text if ch.isdigit())
    if digits and not any(ch.isalpha() for ch in text):
        return search.prefix_range(Resident.personal_id, digits)
    return Resident.id.in_(search.resident_ids_by_name(session, words))


def check_activation(session: Session, resident_ids: list[int], on: date, today: date) -> list[str]:
    """Check an approval list before saving it; return warnings to confirm.

    Raises UserError for: no current campaign or one that does not track activations;
    a day after `today` or outside the campaign; nobody ticked; a resident already
    activated (in the ledger or the registry); level 2 without an ID number or under 6;
    a day before the application was collected. Warns for ages 6–13, an unknown age or
    a record without a chip card.
    """
    return _plan(session, resident_ids, on, today)[2]


def _plan(
    session: Session, resident_ids: list[int], on: date, today: date
) -> tuple[CampaignInfo, list[tuple[Resident, int | None]], list[str]]:
    campaign = require_campaign(session)
    if LEVEL2_ACTIVATED not in campaign.services:
        raise UserError(f"Chiến dịch “{campaign.name}” không theo dõi kích hoạt mức 2.")
    if on > today:
        raise UserError(f"Ngày kích hoạt {on:%d/%m/%Y} chưa đến; hãy chọn hôm nay hoặc trước đó.")
    check_day_in_campaign(campaign, on)
    wanted = list(dict.fromkeys(resident_ids))
    if not wanted:
        raise UserError("Chưa chọn người nào trong danh sách phê duyệt.")
    residents = {r.id: r for r in session.scalars(select(Resident).where(Resident.id.in_(wanted)))}
    if len(residents) != len(wanted):
        raise UserError("Có người đã chọn không còn trong cơ sở dữ liệu (có thể đã bị xóa).")
    ledger = recorded_services(session, wanted)
    plan, warnings = [], []
    for resident_id in wanted:
        resident = residents[resident_id]
        records = ledger[resident_id]
        name = resident.full_name
        if LEVEL2_ACTIVATED in records:
            raise UserError(f"{records[LEVEL2_ACTIVATED].describe(name)}; không ghi lại lần nữa.")
        if resident.vneid_level == 2:
            changed = resident.vneid_level_changed_on
            since = f" từ ngày {changed:%d/%m/%Y}" if changed else ""
            raise UserError(f"Sổ đã ghi {name} có định danh mức 2{since}.")
        allowed, notes = level2_check(resident_status(resident, LEVEL2_COLLECTED in records), on)
        if not allowed:
            raise UserError(f"{name}: {notes[0]}")
        warnings += [f"{name}: {note}" for note in notes]
        collected = records.get(LEVEL2_COLLECTED)
        if collected is not None and on < collected.done_on:
            raise UserError(
                f"Hồ sơ mức 2 của {name} thu ngày {collected.done_on:%d/%m/%Y}; không thể "
                f"kích hoạt trước ngày đó ({on:%d/%m/%Y})."
            )
        plan.append((resident, collected.team_id if collected else None))
    return campaign, plan, warnings


def mark_activated(
    session: Session, resident_ids: list[int], on: date, today: date
) -> ActivationResult:
    """Mark the ticked residents as activated at level 2 on the day `on`.

    Each gets a `level2_activated` record credited to the team that collected the
    application (none: "Khác"), and VNeID level 2 dated `on`. Refuses, saving nothing,
    whatever check_activation() refuses; its warnings are the caller's to confirm first.
    """
    signed_in.require(roles.APPROVALS)
    campaign, plan, _ = _plan(session, resident_ids, on, today)
    teams = dict(session.execute(select(Team.id, Team.name)).all())
    source = f"Phê duyệt mức 2 ngày {on:%d/%m/%Y}"
    rows, by_team = [], Counter()
    with refused_if_another_desk_wrote_first("Danh sách phê duyệt này"):
        for resident, team_id in plan:
            changes = add_record(
                session,
                resident,
                LEVEL2_ACTIVATED,
                on,
                team_id=team_id,
                campaign_id=campaign.id,
                visit_id=None,
                source="approval",
            )
            added = {LEVEL2_ACTIVATED: on}
            rows.append(resident_audit_row(resident, changes, added, {}, audit.APPROVAL, source))
            by_team[teams.get(team_id, OTHER_TEAM)] += 1
    audit.record_changes(session, rows)
    return ActivationResult(len(plan), dict(by_team))


def cancel_activation(session: Session, resident_id: int) -> None:
    """Undo an activation ticked by mistake: the record goes and the resident's level
    goes back to what it was. Refuses a resident with no activation recorded."""
    signed_in.require(roles.APPROVALS)
    resident = load_or_refuse(session, Resident, resident_id, "Người này")
    record = session.scalars(
        select(ServiceRecord).where(
            ServiceRecord.resident_id == resident.id, ServiceRecord.service == LEVEL2_ACTIVATED
        )
    ).first()
    if record is None:
        raise UserError(
            f"{resident.full_name} chưa được ghi “{SERVICE_LABELS[LEVEL2_ACTIVATED]}” nên "
            "không có gì để hủy."
        )
    done_on = record.done_on
    changes = remove_record(session, record, resident)
    row = resident_audit_row(
        resident,
        changes,
        {},
        {LEVEL2_ACTIVATED: done_on},
        audit.APPROVAL,
        f"Hủy kích hoạt mức 2 ngày {done_on:%d/%m/%Y}",
    )
    audit.record_changes(session, [row])
