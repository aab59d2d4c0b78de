"""The current campaign and the teams that can go out on a night, with their members."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy.orm import Session

from desktop.domain.errors import UserError
from desktop.services.campaigns import CampaignInfo, check_day_in_campaign, current_campaign
from desktop.services.planning.model import NightTeam, TeamMember
from desktop.services.teams import TeamRow, list_teams


def campaign_for_night(session: Session, day: date) -> CampaignInfo:
    """The current campaign; refuses when there is none or the day is outside it."""
    campaign = current_campaign(session)
    if campaign is None:
        raise UserError(
            "Chưa có chiến dịch nào đang diễn ra; hãy tạo chiến dịch và các tổ công tác "
            "trước khi lập lộ trình."
        )
    check_day_in_campaign(campaign, day)
    return campaign


def night_teams(
    session: Session,
    campaign: CampaignInfo,
    day: date,
    count: int | None = None,
    team_ids: Sequence[int] = (),
) -> tuple[NightTeam, ...]:
    """The first `count` active teams of the campaign by name (all when None or too many),
    or, when `team_ids` is given, those teams in the campaign's order.

    Refuses when the campaign has no active team, when a named team is not an active
    team of the campaign, or when a chosen team has nobody in it on that day (a walk
    sheet needs names, and nobody would walk the route).
    """
    teams = list_teams(session, campaign.id, day, active_only=True)
    if not teams:
        raise UserError(
            f"Chiến dịch “{campaign.name}” chưa có tổ công tác nào; hãy lập tổ trước khi "
            "lập lộ trình."
        )
    if team_ids:
        chosen = _named_teams(campaign, teams, team_ids)
    else:
        chosen = teams[:count] if count else teams
    empty = [team.name for team in chosen if not team.members]
    if empty:
        names = ", ".join(f"“{name}”" for name in empty)
        raise UserError(
            f"Tổ công tác {names} chưa có thành viên nào ngày {day:%d/%m/%Y}; hãy thêm "
            "thành viên hoặc bớt số tổ (--teams) rồi lập lại."
        )
    return tuple(
        NightTeam(
            team_id=team.id,
            name=team.name,
            members=tuple(
                TeamMember(
                    member_id=member.id,
                    full_name=member.full_name,
                    role=member.role,
                    rank=member.rank,
                    unit=member.unit,
                    phone=member.phone,
                )
                for member in team.members
            ),
        )
        for team in chosen
    )


def _named_teams(
    campaign: CampaignInfo, teams: list[TeamRow], team_ids: Sequence[int]
) -> list[TeamRow]:
    """The active teams with these ids, in the campaign's order; refuses any other id."""
    wanted = set(team_ids)
    chosen = [team for team in teams if team.id in wanted]
    if len(chosen) < len(wanted):
        raise UserError(
            f"Có tổ công tác được chọn không còn hoạt động trong chiến dịch “{campaign.name}”; "
            "hãy tải lại danh sách tổ rồi chọn lại."
        )
    return chosen
