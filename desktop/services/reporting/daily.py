"""The daily report (báo cáo ngày) and the pieces the campaign report shares with it.

Its totals are the tally's (desktop.services.tally.night_tally) for the same night:
the night is refused exactly when `denkhuya tally` refuses it, and every table is a sum
of the same (night, team, group) cells (desktop.services.night_counts).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from sqlalchemy.orm import Session

from desktop.domain import roles
from desktop.domain.campaign import SERVICE_LABELS
from desktop.domain.errors import UserError
from desktop.domain.numbers import number
from desktop.reports.data import (
    DAILY_DATA,
    CountRow,
    Counts,
    DailyReport,
    DataRow,
    GroupStanding,
    ReportHeading,
    ReportSettings,
    TargetLine,
    add_counts,
    empty_counts,
    sum_counts,
)
from desktop.services import signed_in
from desktop.services.campaigns import CampaignInfo, require_campaign
from desktop.services.dashboard import Dashboard, TargetProgress, campaign_dashboard
from desktop.services.night_counts import Cell, counts_by_cell, counts_by_team
from desktop.services.progress import Progress
from desktop.services.reporting.counts import Names, group_standings, load_names
from desktop.services.reporting.settings import load_report_settings, station_label
from desktop.services.tally import night_tally

STEPS = 4
_PROGRESS_TEXT = "Đang tổng hợp số liệu báo cáo ngày…"
MAX_REMARKS = 4000


def daily_report(
    session: Session,
    day: date,
    remarks: str = "",
    progress: Progress | None = None,
    campaign_id: int | None = None,
) -> DailyReport:
    """The daily report of the current campaign (or `campaign_id`) for one night.

    Refuses, with one sentence, when there is no campaign and when nothing was recorded
    that night (as `denkhuya tally` does), and remarks longer than 4,000 characters.
    """
    signed_in.require(roles.REPORTS)
    progress = progress or Progress()
    remarks = clean_remarks(remarks)
    campaign = require_campaign(session, campaign_id)
    tally = night_tally(session, day, campaign.id)  # refuses an empty night
    progress.step(0, STEPS, _PROGRESS_TEXT)  # after the refusals: they stand alone
    settings = load_report_settings(session)
    names = load_names(session, campaign.id)
    progress.step(1, STEPS, _PROGRESS_TEXT)
    cells = counts_by_cell(session, campaign.id, day, day)
    progress.step(2, STEPS, _PROGRESS_TEXT)
    board = campaign_dashboard(session, day, campaign.id)
    progress.step(3, STEPS, _PROGRESS_TEXT)
    standings = group_standings(session, campaign.id, day, names)
    progress.step(STEPS, STEPS, _PROGRESS_TEXT)
    return DailyReport(
        **report_fields(
            campaign,
            day,
            settings,
            names,
            cells,
            board,
            standings,
            subject=f"Kết quả thực hiện {campaign.name} ngày {day:%d/%m/%Y}",
            file_title=f"Báo cáo ngày {day:%d/%m/%Y}",
            station=station_label(session),
            report=DAILY_DATA,
        ),
        cumulative=dict(tally.cumulative),
        remarks=remarks,
    )


def report_fields(
    campaign: CampaignInfo,
    day: date,
    settings: ReportSettings,
    names: Names,
    cells: dict[Cell, Counts],
    board: Dashboard,
    standings: tuple[GroupStanding, ...],
    *,
    subject: str,
    file_title: str,
    station: str,
    report: str,
) -> dict[str, object]:
    """The fields the daily and the campaign report share, as keyword arguments for
    either: the heading, the campaign's nights, and the tables both make of the
    (night, team, group) cells (of one night, or of every night up to it). `station`
    and `report` (DAILY_DATA or CAMPAIGN_DATA) go into every `Dữ liệu` row."""
    teams = team_rows(cells, names)
    return {
        "heading": ReportHeading(
            settings=settings, issued_on=day, subject=subject, file_title=file_title
        ),
        "campaign_name": campaign.name,
        "starts_on": campaign.starts_on,
        "ends_on": campaign.ends_on,
        "day": day,
        "night_number": board.night_number,
        "nights_left": board.nights_left,
        "teams": teams,
        "groups": group_rows(cells, names),
        "data_rows": data_rows(
            cells,
            names,
            DataRow(
                unit=settings.issuing_agency,
                group="",
                team="",
                day=day,
                counts={},
                campaign=campaign.name,
                station=station,
                report=report,
                up_to=day,
            ),
        ),
        "total": sum_counts([row.counts for row in teams]),
        "targets": target_lines(board.targets),
        "standings": standings,
    }


def clean_remarks(remarks: str) -> str:
    """The duty officer's remarks, lines kept, spaces tidied; refuses very long ones."""
    lines = [" ".join(line.split()) for line in (remarks or "").strip().splitlines()]
    text = "\n".join(lines).strip()
    if len(text) > MAX_REMARKS:
        raise UserError(f"Nhận xét dài quá {number(MAX_REMARKS)} ký tự; hãy viết gọn lại.")
    return text


def team_rows(cells: dict[Cell, Counts], names: Names) -> tuple[CountRow, ...]:
    """The counts by team, teams in order and "Khác" last (as the tally lists them)."""
    by_team = counts_by_team(cells)
    return tuple(
        CountRow(names.team(team_id), by_team[team_id])
        for team_id in sorted(by_team, key=names.team_key)
    )


def group_rows(cells: dict[Cell, Counts], names: Names) -> tuple[CountRow, ...]:
    """The counts by residential group: every group of the ward, in order."""
    by_group: dict[int, Counts] = {group_id: empty_counts() for group_id in names.group_order}
    for (_, _, group_id), counts in cells.items():
        add_counts(by_group.setdefault(group_id, empty_counts()), counts)
    return tuple(
        CountRow(names.groups.get(group_id, "?"), counts) for group_id, counts in by_group.items()
    )


def data_rows(cells: dict[Cell, Counts], names: Names, shared: DataRow) -> tuple[DataRow, ...]:
    """The `Dữ liệu` rows: one per (night, team, group) cell with any count, each with
    what every row of the report shares (`shared`: the unit, campaign, station, kind
    of report and last night; its own group, team, night and counts are replaced)."""
    ordered = sorted(
        cells, key=lambda cell: (cell[0], names.team_key(cell[1]), names.group_key(cell[2]))
    )
    return tuple(
        replace(
            shared,
            group=names.groups.get(group_id, "?"),
            team=names.team(team_id),
            day=day,
            counts=dict(cells[(day, team_id, group_id)]),
        )
        for day, team_id, group_id in ordered
    )


def target_lines(targets: Iterable[TargetProgress]) -> tuple[TargetLine, ...]:
    """The dashboard's target progress as report lines (ward, then groups, then teams)."""
    return tuple(
        TargetLine(
            level=target.scope,
            scope=target.scope_name,
            service=target.service,
            label=SERVICE_LABELS.get(target.service, target.service),
            target=target.target,
            done=target.done,
            per_night=target.per_night,
            projected_on=target.projected_on,
            reached=target.reached_on is not None,
            remaining=max(0, target.target - target.done),
            needed_per_night=target.needed_per_night,
        )
        for target in targets
    )
