"""What the report dialog offers: the campaign's latest night and the ward's groups."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.db.models import ResidentialGroup
from desktop.services.campaigns import current_campaign
from desktop.services.tally import latest_night


@dataclass(frozen=True)
class ReportOptions:
    """The choices the report dialog starts from."""

    campaign_name: str | None  # None: no campaign yet
    starts_on: date | None
    ends_on: date | None
    latest_night: date | None  # the latest night with results
    groups: tuple[str, ...]  # every residential group, in order


def report_options(session: Session) -> ReportOptions:
    """The current campaign's period and latest night, and the ward's groups."""
    campaign = current_campaign(session)
    groups = tuple(
        session.scalars(
            select(ResidentialGroup.name).order_by(ResidentialGroup.sort_key, ResidentialGroup.id)
        )
    )
    if campaign is None:
        return ReportOptions(None, None, None, None, groups)
    return ReportOptions(
        campaign.name,
        campaign.starts_on,
        campaign.ends_on,
        latest_night(session, campaign.id),
        groups,
    )
