"""The dashboard's figures: tonight's tally, progress against each target, the pace,
and the daily series for the chart.

Days are counted as the duty room counts nights: the campaign's first day is night 1,
and today is counted as done (its results go in tonight). The pace is the average per
night from the first night to today; the projection adds that pace night after night
from tomorrow; the nights left are those after today up to the last day.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.db.models import (
    CampaignTarget,
    Household,
    Resident,
    ResidentialGroup,
    ServiceRecord,
    Team,
    Ward,
)
from desktop.domain import roles
from desktop.domain.campaign import GROUP, SERVICE_LABELS, SERVICES, TEAM, WARD
from desktop.services import signed_in
from desktop.services.campaigns import CampaignInfo, require_campaign
from desktop.services.tally import NightTally, night_tally


@dataclass(frozen=True)
class DailyPoint:
    day: date
    count: int
    cumulative: int


@dataclass(frozen=True)
class TargetProgress:
    """One target: how far it has come and, at the pace so far, when it will be reached."""

    scope: str  # "ward", "group" or "team"
    scope_id: int | None
    scope_name: str
    service: str
    target: int
    done: int
    per_night: float  # average so far
    reached_on: date | None  # the night the target was reached, if it was
    projected_on: date | None  # at the pace so far; None when the pace is 0
    needed_per_night: float | None  # to reach it by the last day; None once reached

    @property
    def label(self) -> str:
        return SERVICE_LABELS.get(self.service, self.service)

    @property
    def percent(self) -> float:
        """Done as a percentage of the target (100 for a target of 0)."""
        return 100.0 if self.target == 0 else 100.0 * self.done / self.target


@dataclass(frozen=True)
class Dashboard:
    campaign: CampaignInfo
    today: date
    night_number: int  # today's night in the campaign (0 before it starts)
    nights_left: int  # after today, up to the last day
    tonight: NightTally
    targets: tuple[TargetProgress, ...]
    series: dict[str, tuple[DailyPoint, ...]]  # service → one point per night so far


def campaign_dashboard(session: Session, today: date, campaign_id: int | None = None) -> Dashboard:
    """Everything the dashboard shows for a campaign (default: the current one) on a day.

    Refuses when there is no campaign.
    """
    signed_in.require(roles.DASHBOARD)
    campaign = require_campaign(session, campaign_id)
    last_counted = min(today, campaign.ends_on)
    nights_so_far = max(0, (last_counted - campaign.starts_on).days + 1)
    nights_left = max(0, (campaign.ends_on - today).days)
    daily = _daily_counts(session, campaign)
    series = {
        service: _series(daily.get((WARD, None, service), {}), campaign.starts_on, last_counted)
        for service in campaign.services
    }
    targets = []
    names = _scope_names(session)
    for target in session.scalars(
        select(CampaignTarget).where(CampaignTarget.campaign_id == campaign.id)
    ):
        scope, scope_id = _scope(target)
        counts = daily.get((scope, scope_id, target.service), {})
        targets.append(
            _progress(
                scope,
                scope_id,
                names.get((scope, scope_id), ""),
                target.service,
                target.target,
                counts,
                campaign,
                today,
                nights_so_far,
                nights_left,
            )
        )
    order = {WARD: 0, GROUP: 1, TEAM: 2}
    service_rank = {service: index for index, service in enumerate(SERVICES)}
    targets.sort(
        key=lambda t: (
            order[t.scope],
            names.get(("key", t.scope, t.scope_id), ""),
            service_rank.get(t.service, len(SERVICES)),
        )
    )
    return Dashboard(
        campaign=campaign,
        today=today,
        night_number=nights_so_far,
        nights_left=nights_left,
        tonight=night_tally(session, today, campaign.id, allow_empty=True),
        targets=tuple(targets),
        series=series,
    )


def _scope(target: CampaignTarget) -> tuple[str, int | None]:
    if target.team_id is not None:
        return TEAM, target.team_id
    if target.group_id is not None:
        return GROUP, target.group_id
    return WARD, None


def _progress(
    scope: str,
    scope_id: int | None,
    scope_name: str,
    service: str,
    target: int,
    counts: dict[date, int],
    campaign: CampaignInfo,
    today: date,
    nights_so_far: int,
    nights_left: int,
) -> TargetProgress:
    done = sum(count for day, count in counts.items() if day <= today)
    per_night = done / nights_so_far if nights_so_far else 0.0
    reached_on = _reached_on(counts, target) if done >= target else None
    remaining = max(0, target - done)
    if reached_on is not None:
        projected_on, needed = reached_on, None
    else:
        projected_on = (
            today + timedelta(days=math.ceil(remaining / per_night)) if per_night else None
        )
        needed = remaining / nights_left if nights_left else float(remaining)
    return TargetProgress(
        scope=scope,
        scope_id=scope_id,
        scope_name=scope_name,
        service=service,
        target=target,
        done=done,
        per_night=per_night,
        reached_on=reached_on,
        projected_on=projected_on,
        needed_per_night=needed,
    )


def _reached_on(counts: dict[date, int], target: int) -> date | None:
    running = 0
    for day in sorted(counts):
        running += counts[day]
        if running >= target:
            return day
    return None


def _series(counts: dict[date, int], first: date, last: date) -> tuple[DailyPoint, ...]:
    points, running, day = [], 0, first
    while day <= last:
        running += counts.get(day, 0)
        points.append(DailyPoint(day, counts.get(day, 0), running))
        day += timedelta(days=1)
    return tuple(points)


def _daily_counts(
    session: Session, campaign: CampaignInfo
) -> dict[tuple[str, int | None, str], dict[date, int]]:
    """{(scope, scope id, service): {day: records}} for the ward, every group and team."""
    daily: dict[tuple[str, int | None, str], dict[date, int]] = {}

    def add(key: tuple[str, int | None, str], day: date, count: int) -> None:
        by_day = daily.setdefault(key, {})
        by_day[day] = by_day.get(day, 0) + count

    rows = session.execute(
        select(
            ServiceRecord.done_on,
            ServiceRecord.service,
            ServiceRecord.team_id,
            Household.group_id,
            func.count(),
        )
        .join(Resident, Resident.id == ServiceRecord.resident_id)
        .join(Household, Household.id == Resident.household_id)
        .where(ServiceRecord.campaign_id == campaign.id)
        .group_by(
            ServiceRecord.done_on, ServiceRecord.service, ServiceRecord.team_id, Household.group_id
        )
    )
    for day, service, team_id, group_id, count in rows:
        add((WARD, None, service), day, count)
        add((GROUP, group_id, service), day, count)
        if team_id is not None:
            add((TEAM, team_id, service), day, count)
    return daily


def _scope_names(session: Session) -> dict[tuple, str]:
    """Display names, and sort keys under ("key", scope, id)."""
    names: dict[tuple, str] = {}
    ward = session.scalars(select(Ward).order_by(Ward.id)).first()
    names[(WARD, None)] = f"{ward.kind} {ward.name}" if ward else "Toàn phường"
    for group_id, name, key in session.execute(
        select(ResidentialGroup.id, ResidentialGroup.name, ResidentialGroup.sort_key)
    ):
        names[(GROUP, group_id)] = name
        names[("key", GROUP, group_id)] = key
    for team_id, name, key in session.execute(select(Team.id, Team.name, Team.sort_key)):
        names[(TEAM, team_id)] = name
        names[("key", TEAM, team_id)] = key
    return names
