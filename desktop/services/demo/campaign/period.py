"""When the demo's current campaign runs: 50 days that began ten days before today."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

CAMPAIGN_NAME = "Tháng cao điểm 50 ngày cấp CCCD gắn chíp và định danh điện tử"
CAMPAIGN_DAYS = 50
DAYS_UNDER_WAY = 10
_VIETNAM = timedelta(hours=7)  # entries are stored in UTC, like the audit trail


def campaign_start(today: date) -> date:
    """The first day of the demo campaign: about ten days before today."""
    return today - timedelta(days=DAYS_UNDER_WAY)


def in_utc(day: date, at: time) -> datetime:
    """The moment `at` o'clock in Vietnam on `day`, as stored (UTC, no time zone)."""
    return datetime.combine(day, at) - _VIETNAM


@dataclass(frozen=True)
class CampaignPeriod:
    """The campaign's first and last day, and the nights already behind it."""

    today: date
    starts_on: date
    ends_on: date
    nights: tuple[date, ...]

    @classmethod
    def up_to(cls, today: date) -> CampaignPeriod:
        starts_on = campaign_start(today)
        return cls(
            today=today,
            starts_on=starts_on,
            ends_on=starts_on + timedelta(days=CAMPAIGN_DAYS - 1),
            nights=tuple(starts_on + timedelta(days=n) for n in range(DAYS_UNDER_WAY)),
        )

    @property
    def half_way(self) -> date:
        """The day half-way through the nights so far."""
        return self.starts_on + timedelta(days=DAYS_UNDER_WAY // 2)
