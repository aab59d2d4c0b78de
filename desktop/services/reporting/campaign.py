"""The campaign report (báo cáo kết quả): the campaign up to a night, by residential
group and by night, with the trend, the projection and what remains.

Nights are counted as the dashboard counts them (desktop.services.dashboard): the
first day is night 1, the night of the report counts as done, and the projection of
each target is the dashboard's at that night.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from desktop.domain import roles
from desktop.domain.campaign import SERVICE_LABELS
from desktop.domain.errors import UserError
from desktop.reports.data import (
    CAMPAIGN_DATA,
    CampaignReport,
    CountRow,
    Counts,
    Trend,
    add_counts,
    empty_counts,
)
from desktop.services import signed_in
from desktop.services.campaigns import check_day_in_campaign, require_campaign
from desktop.services.dashboard import campaign_dashboard
from desktop.services.night_counts import counts_by_cell
from desktop.services.progress import Progress
from desktop.services.reporting.counts import group_standings, load_names
from desktop.services.reporting.daily import report_fields
from desktop.services.reporting.settings import load_report_settings, station_label
from desktop.services.tally import latest_night

STEPS = 4
RECENT_NIGHTS = 3
_PROGRESS_TEXT = "Đang tổng hợp số liệu cả chiến dịch…"


def campaign_report(
    session: Session,
    up_to: date | None = None,
    progress: Progress | None = None,
    campaign_id: int | None = None,
) -> CampaignReport:
    """The report of the current campaign (or `campaign_id`) up to a night (default:
    the latest night with results).

    Refuses, with one sentence, when there is no campaign, when it has no results up
    to that night, and a night outside the campaign's period.
    """
    signed_in.require(roles.REPORTS)
    progress = progress or Progress()
    campaign = require_campaign(session, campaign_id)
    last = latest_night(session, campaign.id)
    if last is None:
        raise UserError(f"Chiến dịch “{campaign.name}” chưa có kết quả đêm nào.")
    day = up_to or last
    check_day_in_campaign(campaign, day)
    settings = load_report_settings(session)
    names = load_names(session, campaign.id)
    cells = counts_by_cell(session, campaign.id, campaign.starts_on, day)
    if not cells:
        raise UserError(
            f"Đến ngày {day:%d/%m/%Y} chiến dịch “{campaign.name}” chưa có kết quả nào."
        )
    progress.step(1, STEPS, _PROGRESS_TEXT)  # after the refusals: they stand alone
    nights = [campaign.starts_on + timedelta(days=n) for n in range(night_count(campaign, day))]
    by_night: dict[date, Counts] = {night: empty_counts() for night in nights}
    for (night, _, _), counts in cells.items():
        add_counts(by_night[night], counts)
    board = campaign_dashboard(session, day, campaign.id)
    progress.step(2, STEPS, _PROGRESS_TEXT)
    standings = group_standings(session, campaign.id, day, names)
    progress.step(3, STEPS, _PROGRESS_TEXT)
    report = CampaignReport(
        **report_fields(
            campaign,
            day,
            settings,
            names,
            cells,
            board,
            standings,
            subject=f"Kết quả thực hiện {campaign.name} đến ngày {day:%d/%m/%Y}",
            file_title=f"Báo cáo kết quả chiến dịch đến ngày {day:%d/%m/%Y}",
            station=station_label(session),
            report=CAMPAIGN_DATA,
        ),
        nights=tuple(CountRow(f"{night:%d/%m}", by_night[night]) for night in nights),
        night_days=tuple(nights),
        trends=tuple(
            trend(service, [by_night[night][service] for night in nights])
            for service in campaign.services
        ),
    )
    progress.step(STEPS, STEPS, _PROGRESS_TEXT)
    return report


def night_count(campaign, day: date) -> int:
    """Nights from the campaign's first up to and including `day`."""
    return max(0, (day - campaign.starts_on).days + 1)


def trend(service: str, per_night: list[int]) -> Trend:
    """The average per night so far, of the last three nights and of those before."""
    recent = per_night[-RECENT_NIGHTS:]
    earlier = per_night[:-RECENT_NIGHTS]
    return Trend(
        service=service,
        label=SERVICE_LABELS.get(service, service),
        average=sum(per_night) / len(per_night) if per_night else 0.0,
        recent_average=sum(recent) / len(recent) if recent else 0.0,
        recent_nights=len(recent),
        earlier_average=sum(earlier) / len(earlier) if earlier else None,
    )
