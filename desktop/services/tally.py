"""A night's tally: households visited, residents met and services done, by team.

`households_visited` counts visits (a household two teams visited counts twice) and
`residents_met` the residents met at them, by the shift's night; the services count
the ledger's records of the campaign by the day they were done, credited to a team or,
when none, to the row "Khác". A team credited that night is listed even if it did not go
out (approvals of applications it collected earlier). Every count adds up across the
teams listed to the total. `cumulative` counts the same from the campaign's first day up
to and including the night. The counts are desktop.services.night_counts' cells, the
same the reports add up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.db.models import ServiceRecord, Shift, Team, Visit
from desktop.domain.campaign import COUNT_KEYS, HOUSEHOLDS_VISITED, RESIDENTS_MET
from desktop.domain.errors import UserError
from desktop.domain.numbers import number
from desktop.reports.data import Counts, sum_counts
from desktop.services.campaigns import require_campaign, ward_targets
from desktop.services.ledger import OTHER_TEAM
from desktop.services.night_counts import counts_by_cell, counts_by_team

# How the one-line summary names each count.
SUMMARY_WORDS = {
    HOUSEHOLDS_VISITED: "hộ đã đến",
    RESIDENTS_MET: "người đã gặp",
    "vneid_installed": "người cài VNeID",
    "level2_collected": "hồ sơ mức 2 đã thu",
    "level2_activated": "người kích hoạt mức 2",
    "app_114": "người cài Báo cháy 114",
    "documents": "người tích hợp giấy tờ",
    "chip_card_collected": "hồ sơ CCCD gắn chíp",
}


@dataclass(frozen=True)
class TeamTally:
    team_id: int | None  # None: the "Khác" row
    team: str
    counts: Counts


@dataclass(frozen=True)
class NightTally:
    """The tally of one night of a campaign."""

    day: date
    campaign_id: int
    campaign_name: str
    teams: tuple[TeamTally, ...]
    total: Counts
    cumulative: Counts
    targets: dict[str, int]

    def as_json(self) -> dict[str, Any]:
        """The object `denkhuya tally --json` prints (see issue 4 for the shape)."""
        return {
            "date": self.day.isoformat(),
            "teams": [{"team": row.team, **row.counts} for row in self.teams],
            "total": dict(self.total),
            "cumulative": dict(self.cumulative),
            "targets": dict(self.targets),
        }

    def summary(self) -> str:
        """ "Ngày 25/11/2026: 412 hộ đã đến, …, 90 người kích hoạt mức 2, …"."""
        parts = [f"{number(self.total[key])} {SUMMARY_WORDS[key]}" for key in COUNT_KEYS]
        return f"Ngày {self.day:%d/%m/%Y}: {', '.join(parts)}."


def latest_night(session: Session, campaign_id: int) -> date | None:
    """The latest night with visits or services recorded in the campaign."""
    last_visit = session.scalar(
        select(func.max(Shift.day))
        .join(Visit, Visit.shift_id == Shift.id)
        .where(Shift.campaign_id == campaign_id)
    )
    last_record = session.scalar(
        select(func.max(ServiceRecord.done_on)).where(ServiceRecord.campaign_id == campaign_id)
    )
    return max((day for day in (last_visit, last_record) if day), default=None)


def result_nights(session: Session, campaign_id: int) -> list[date]:
    """The nights of a campaign with visits or services recorded, earliest first."""
    visit_days = session.scalars(
        select(Shift.day)
        .join(Visit, Visit.shift_id == Shift.id)
        .where(Shift.campaign_id == campaign_id)
        .distinct()
    )
    record_days = session.scalars(
        select(ServiceRecord.done_on).where(ServiceRecord.campaign_id == campaign_id).distinct()
    )
    return sorted(set(visit_days) | set(record_days))


def night_tally(
    session: Session,
    day: date | None = None,
    campaign_id: int | None = None,
    allow_empty: bool = False,
) -> NightTally:
    """The tally of a night of a campaign (default: the current one, its latest night).

    Refuses when there is no campaign, when the campaign has no results yet (no `day`),
    and, unless `allow_empty`, when nothing was recorded on `day`.
    """
    campaign = require_campaign(session, campaign_id)
    if day is None:
        day = latest_night(session, campaign.id)
        if day is None:
            raise UserError(f"Chiến dịch “{campaign.name}” chưa có kết quả đêm nào.")
    by_team = counts_by_team(counts_by_cell(session, campaign.id, day, day))
    if not by_team and not allow_empty:
        raise UserError(
            f"Ngày {day:%d/%m/%Y} chưa có kết quả nào của chiến dịch “{campaign.name}”."
        )
    teams = _team_rows(session, by_team)
    so_far = counts_by_cell(session, campaign.id, campaign.starts_on, day)
    return NightTally(
        day=day,
        campaign_id=campaign.id,
        campaign_name=campaign.name,
        teams=tuple(teams),
        total=sum_counts([row.counts for row in teams]),
        cumulative=sum_counts(list(so_far.values())),
        targets=ward_targets(session, campaign.id),
    )


def _team_rows(session: Session, by_team: dict[int | None, Counts]) -> list[TeamTally]:
    ids = [team_id for team_id in by_team if team_id is not None]
    teams = {
        row.id: row
        for row in session.execute(
            select(Team.id, Team.name, Team.sort_key).where(Team.id.in_(ids))
        )
    }
    rows = [
        TeamTally(team_id, teams[team_id].name, by_team[team_id])
        for team_id in sorted(ids, key=lambda team_id: (teams[team_id].sort_key, team_id))
    ]
    if None in by_team:
        rows.append(TeamTally(None, OTHER_TEAM, by_team[None]))
    return rows
