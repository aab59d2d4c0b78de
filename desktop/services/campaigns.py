"""Campaigns: name, period, the services tracked and the targets; exactly one is current.

A station runs several campaigns over the years (a 50-day peak month, then the next
one); the desk works in the current one. Targets are set for the ward (no group, no
team), for a residential group or for a team of the campaign.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from desktop.db.models import Campaign, CampaignTarget, ResidentialGroup, ServiceRecord, Shift, Team
from desktop.domain import roles
from desktop.domain.campaign import GROUP, SERVICE_LABELS, SERVICES, TEAM, WARD
from desktop.domain.errors import UserError
from desktop.services import audit, signed_in
from desktop.services.households import check_version
from desktop.services.lookups import load_or_refuse, name_taken


@dataclass(frozen=True)
class TargetInput:
    """A target for one service: the ward's when neither group nor team is given."""

    service: str
    target: int
    group_id: int | None = None
    team_id: int | None = None


@dataclass(frozen=True)
class CampaignInput:
    """What the campaign dialog supplies."""

    name: str
    starts_on: date
    ends_on: date
    services: tuple[str, ...] = SERVICES
    targets: tuple[TargetInput, ...] = ()
    notes: str | None = None


@dataclass(frozen=True)
class TargetRow:
    service: str
    target: int
    group_id: int | None = None
    group_name: str | None = None
    team_id: int | None = None
    team_name: str | None = None

    @property
    def scope(self) -> str:
        """ "ward", "group" or "team"."""
        if self.team_id is not None:
            return TEAM
        return GROUP if self.group_id is not None else WARD


@dataclass(frozen=True)
class CampaignInfo:
    """A campaign as lists and headers show it."""

    id: int
    name: str
    starts_on: date
    ends_on: date
    services: tuple[str, ...]
    is_current: bool
    notes: str | None
    version: int

    @property
    def days(self) -> int:
        """How many days (nights) the campaign runs, both ends included."""
        return (self.ends_on - self.starts_on).days + 1

    def covers(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


@dataclass(frozen=True)
class CampaignForm(CampaignInfo):
    """A campaign with its targets, for the edit dialog."""

    targets: tuple[TargetRow, ...] = field(default=())


def _clean_campaign_input(data: CampaignInput) -> CampaignInput:
    """Tidy a campaign's values; raises UserError with one sentence for the first mistake:
    no name, end before start, no or unknown services, a bad or doubled target."""
    name = " ".join((data.name or "").split())
    if not name:
        raise UserError("Tên chiến dịch không được để trống.")
    if data.ends_on < data.starts_on:
        raise UserError(
            f"Ngày kết thúc ({data.ends_on:%d/%m/%Y}) không thể trước ngày bắt đầu "
            f"({data.starts_on:%d/%m/%Y})."
        )
    unknown = [service for service in data.services if service not in SERVICES]
    if unknown:
        raise UserError(f"Không có công việc “{unknown[0]}”; các mã hợp lệ: {', '.join(SERVICES)}.")
    services = tuple(service for service in SERVICES if service in set(data.services))
    if not services:
        raise UserError("Chiến dịch cần theo dõi ít nhất một công việc.")
    seen = set()
    for target in data.targets:
        _check_target(target, services)
        scope = (target.service, target.group_id, target.team_id)
        if scope in seen:
            raise UserError(
                f"Chỉ tiêu “{SERVICE_LABELS[target.service]}” cho cùng một nơi được nhập hai lần."
            )
        seen.add(scope)
    notes = " ".join((data.notes or "").split()) or None
    return CampaignInput(name, data.starts_on, data.ends_on, services, tuple(data.targets), notes)


def _check_target(target: TargetInput, services: tuple[str, ...]) -> None:
    if target.service not in SERVICES:
        raise UserError(f"Không có công việc “{target.service}” để đặt chỉ tiêu.")
    label = SERVICE_LABELS[target.service]
    if target.service not in services:
        raise UserError(f"Chỉ tiêu “{label}” thuộc công việc mà chiến dịch không theo dõi.")
    if isinstance(target.target, bool) or not isinstance(target.target, int):
        raise UserError(f"Chỉ tiêu “{label}” phải là số nguyên.")
    if target.target < 0:
        raise UserError(f"Chỉ tiêu “{label}” không thể là số âm ({target.target}).")
    if target.group_id is not None and target.team_id is not None:
        raise UserError(
            f"Chỉ tiêu “{label}” giao cho một tổ dân phố hoặc một tổ công tác, không cho cả hai."
        )


def _check_unique_name(session: Session, name: str, campaign_id: int | None) -> None:
    if name_taken(session, Campaign, name, campaign_id):
        raise UserError(f"Đã có chiến dịch tên “{name}”; hãy đặt tên khác.")


def create_campaign(session: Session, data: CampaignInput, make_current: bool = False) -> int:
    """Create a campaign with its ward and group targets; return its id.

    The first campaign becomes current, and so does this one with `make_current`.
    Refuses what _clean_campaign_input() refuses, a name already used, and team
    targets (a new campaign has no teams yet: set them with update_campaign()).
    """
    signed_in.require(roles.CAMPAIGNS)
    cleaned = _clean_campaign_input(data)
    _check_unique_name(session, cleaned.name, None)
    if any(target.team_id is not None for target in cleaned.targets):
        raise UserError("Chiến dịch mới chưa có tổ công tác; hãy lập tổ rồi mới giao chỉ tiêu.")
    first = session.scalar(select(func.count()).select_from(Campaign)) == 0
    campaign = Campaign(
        name=cleaned.name,
        starts_on=cleaned.starts_on,
        ends_on=cleaned.ends_on,
        services=list(cleaned.services),
        is_current=False,
        notes=cleaned.notes,
    )
    session.add(campaign)
    session.flush()
    _replace_targets(session, campaign, cleaned.targets)
    audit.record_edit(
        session,
        "create",
        "campaign",
        campaign.id,
        audit.changed_fields({}, _audited_fields(campaign)),
    )
    if first or make_current:
        set_current_campaign(session, campaign.id)
    return campaign.id


def update_campaign(
    session: Session, campaign_id: int, data: CampaignInput, expected_version: int | None = None
) -> None:
    """Change a campaign's name, period, services, notes and targets (all replaced).

    Refuses, besides what create_campaign() refuses, a period that would leave out a
    shift or a recorded service, and dropping a service that already has records.
    """
    signed_in.require(roles.CAMPAIGNS)
    campaign = load_campaign(session, campaign_id)
    check_version(campaign.version, expected_version, "Chiến dịch này")
    cleaned = _clean_campaign_input(data)
    _check_unique_name(session, cleaned.name, campaign.id)
    _check_period_keeps_work(session, campaign, cleaned)
    _check_services_keep_records(session, campaign, cleaned.services)
    before = _audited_fields(campaign)
    campaign.name = cleaned.name
    campaign.starts_on, campaign.ends_on = cleaned.starts_on, cleaned.ends_on
    campaign.services = list(cleaned.services)
    campaign.notes = cleaned.notes
    _replace_targets(session, campaign, cleaned.targets)
    flag_modified(campaign, "notes")  # a new version even when only the targets changed
    changes = audit.changed_fields(before, _audited_fields(campaign))
    session.flush()
    audit.record_edit(session, "update", "campaign", campaign.id, changes)


def _check_period_keeps_work(session: Session, campaign: Campaign, data: CampaignInput) -> None:
    outside_shift = session.scalar(
        select(func.min(Shift.day)).where(
            Shift.campaign_id == campaign.id,
            or_(Shift.day < data.starts_on, Shift.day > data.ends_on),
        )
    )
    outside_record = session.scalar(
        select(func.min(ServiceRecord.done_on)).where(
            ServiceRecord.campaign_id == campaign.id,
            or_(ServiceRecord.done_on < data.starts_on, ServiceRecord.done_on > data.ends_on),
        )
    )
    outside = min((day for day in (outside_shift, outside_record) if day), default=None)
    if outside is not None:
        raise UserError(
            f"Chiến dịch đã có ca trực hoặc kết quả ngày {outside:%d/%m/%Y}, nằm ngoài thời gian "
            "mới; hãy giữ thời gian chiến dịch bao trùm các ngày đó."
        )


def _check_services_keep_records(
    session: Session, campaign: Campaign, services: tuple[str, ...]
) -> None:
    dropped = [service for service in campaign.services if service not in services]
    if not dropped:
        return
    used = session.scalar(
        select(ServiceRecord.service)
        .where(ServiceRecord.campaign_id == campaign.id, ServiceRecord.service.in_(dropped))
        .limit(1)
    )
    if used is not None:
        raise UserError(
            f"Không bỏ được công việc “{SERVICE_LABELS[used]}”: chiến dịch đã ghi kết quả "
            "cho công việc này."
        )


def _replace_targets(
    session: Session, campaign: Campaign, targets: tuple[TargetInput, ...]
) -> None:
    group_ids = {target.group_id for target in targets if target.group_id is not None}
    if group_ids:
        known = set(
            session.scalars(select(ResidentialGroup.id).where(ResidentialGroup.id.in_(group_ids)))
        )
        if group_ids - known:
            raise UserError("Chỉ tiêu giao cho một tổ dân phố không còn trong cơ sở dữ liệu.")
    team_ids = {target.team_id for target in targets if target.team_id is not None}
    if team_ids:
        own = set(
            session.scalars(
                select(Team.id).where(Team.id.in_(team_ids), Team.campaign_id == campaign.id)
            )
        )
        if team_ids - own:
            raise UserError("Chỉ tiêu giao cho một tổ công tác không thuộc chiến dịch này.")
    existing = session.scalars(
        select(CampaignTarget).where(CampaignTarget.campaign_id == campaign.id)
    ).all()
    for target in existing:
        session.delete(target)
    session.flush()
    for target in targets:
        session.add(
            CampaignTarget(
                campaign_id=campaign.id,
                service=target.service,
                group_id=target.group_id,
                team_id=target.team_id,
                target=target.target,
            )
        )
    session.flush()


def _audited_fields(campaign: Campaign) -> dict:
    return {
        "name": campaign.name,
        "starts_on": campaign.starts_on,
        "ends_on": campaign.ends_on,
        "services": list(campaign.services),
        "notes": campaign.notes,
    }


def set_current_campaign(session: Session, campaign_id: int) -> None:
    """Make a campaign the current one (and no other)."""
    signed_in.require(roles.CAMPAIGNS)
    campaign = load_campaign(session, campaign_id)
    if campaign.is_current:
        return
    # Plain UPDATEs: the flag is not something two desks edit at once.
    session.execute(
        update(Campaign)
        .where(Campaign.is_current.is_(True))
        .values(is_current=False)
        .execution_options(synchronize_session="fetch")
    )
    session.execute(
        update(Campaign)
        .where(Campaign.id == campaign.id)
        .values(is_current=True)
        .execution_options(synchronize_session="fetch")
    )
    audit.record_edit(session, "update", "campaign", campaign.id, {"is_current": [False, True]})


def delete_campaign(session: Session, campaign_id: int) -> None:
    """Delete a campaign with its teams and targets; refuses one with shifts or results."""
    signed_in.require(roles.CAMPAIGNS)
    campaign = load_campaign(session, campaign_id)
    worked = session.scalar(
        select(func.count()).select_from(Shift).where(Shift.campaign_id == campaign.id)
    ) or session.scalar(
        select(func.count())
        .select_from(ServiceRecord)
        .where(ServiceRecord.campaign_id == campaign.id)
    )
    if worked:
        raise UserError(
            f"Chiến dịch “{campaign.name}” đã có ca trực hoặc kết quả nên không xóa được."
        )
    audit.record_edit(
        session, "delete", "campaign", campaign.id, audit.removed_fields(_audited_fields(campaign))
    )
    was_current = campaign.is_current
    session.delete(campaign)
    session.flush()
    if was_current:
        latest = session.scalar(select(Campaign.id).order_by(Campaign.starts_on.desc()).limit(1))
        if latest is not None:
            set_current_campaign(session, latest)


def load_campaign(session: Session, campaign_id: int) -> Campaign:
    return load_or_refuse(session, Campaign, campaign_id, "Chiến dịch này")


def campaign_info(campaign: Campaign) -> CampaignInfo:
    return CampaignInfo(
        id=campaign.id,
        name=campaign.name,
        starts_on=campaign.starts_on,
        ends_on=campaign.ends_on,
        services=tuple(campaign.services),
        is_current=campaign.is_current,
        notes=campaign.notes,
        version=campaign.version,
    )


def current_campaign(session: Session) -> CampaignInfo | None:
    """The current campaign, or None when no campaign has been created."""
    campaign = session.scalars(
        select(Campaign).where(Campaign.is_current.is_(True)).order_by(Campaign.id.desc())
    ).first()
    return campaign_info(campaign) if campaign is not None else None


def require_campaign(session: Session, campaign_id: int | None = None) -> CampaignInfo:
    """The campaign asked for, or the current one; refuses when there is none."""
    if campaign_id is not None:
        return campaign_info(load_campaign(session, campaign_id))
    campaign = current_campaign(session)
    if campaign is None:
        raise UserError("Chưa có chiến dịch nào; hãy tạo chiến dịch trước.")
    return campaign


def list_campaigns(session: Session) -> list[CampaignInfo]:
    """Every campaign, the latest first."""
    campaigns = session.scalars(select(Campaign).order_by(Campaign.starts_on.desc(), Campaign.id))
    return [campaign_info(campaign) for campaign in campaigns]


def campaign_form(session: Session, campaign_id: int) -> CampaignForm:
    """A campaign with its targets (ward first, then groups, then teams)."""
    campaign = campaign_info(load_campaign(session, campaign_id))
    return CampaignForm(**vars(campaign), targets=tuple(campaign_targets(session, campaign_id)))


def campaign_targets(session: Session, campaign_id: int) -> list[TargetRow]:
    """The campaign's targets: the ward's, then by group, then by team, in service order."""
    rows = session.execute(
        select(CampaignTarget, ResidentialGroup.name, ResidentialGroup.sort_key, Team)
        .outerjoin(ResidentialGroup, ResidentialGroup.id == CampaignTarget.group_id)
        .outerjoin(Team, Team.id == CampaignTarget.team_id)
        .where(CampaignTarget.campaign_id == campaign_id)
    ).all()
    service_rank = {service: index for index, service in enumerate(SERVICES)}

    def order(row) -> tuple:
        target, _, group_key, team = row
        scope = 2 if team is not None else (1 if group_key is not None else 0)
        return (scope, group_key or "", team.sort_key if team else "", service_rank[target.service])

    return [
        TargetRow(
            target.service,
            target.target,
            target.group_id,
            group_name,
            target.team_id,
            team.name if team is not None else None,
        )
        for target, group_name, _, team in sorted(rows, key=order)
    ]


def ward_targets(session: Session, campaign_id: int) -> dict[str, int]:
    """{service: target} for the ward as a whole."""
    return dict(
        session.execute(
            select(CampaignTarget.service, CampaignTarget.target).where(
                CampaignTarget.campaign_id == campaign_id,
                CampaignTarget.group_id.is_(None),
                CampaignTarget.team_id.is_(None),
            )
        ).all()
    )


def check_day_in_campaign(campaign: CampaignInfo, day: date) -> None:
    """Refuse a day outside the campaign's period."""
    if not campaign.covers(day):
        raise UserError(
            f"Ngày {day:%d/%m/%Y} nằm ngoài thời gian của chiến dịch “{campaign.name}” "
            f"({campaign.starts_on:%d/%m/%Y}–{campaign.ends_on:%d/%m/%Y})."
        )
