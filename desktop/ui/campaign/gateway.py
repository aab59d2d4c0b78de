"""The campaign windows' one door to the services: one session per user action.

Like RegistryGateway for the register: widgets call these methods and get plain
dataclasses back, never ORM objects; every method opens its own session, so the same
gateway serves the UI thread and the task runner's worker threads. A refusal comes
back as the service's UserError, with its one Vietnamese sentence. `today` is asked
for on every call, so a desk left open past midnight works on the right day.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from desktop.services import (
    approvals,
    campaigns,
    dashboard,
    flags,
    registry,
    revisits,
    shifts,
    tally,
    teams,
    visits,
)
from desktop.services.approvals import (
    ActivatedCandidate,
    ActivationResult,
    ApprovalCandidate,
    activated_candidates,
)
from desktop.services.campaigns import CampaignForm, CampaignInfo, CampaignInput
from desktop.services.dashboard import Dashboard
from desktop.services.database import Database
from desktop.services.flags import DataFlag
from desktop.services.registry import HouseholdQuery, HouseholdRow
from desktop.services.revisits import RevisitHousehold
from desktop.services.shifts import AreaGroup, ShiftDetail, ShiftInput, ShiftRow
from desktop.services.tally import NightTally
from desktop.services.teams import MemberInput, MemberRow, MembershipRow, TeamInput, TeamRow
from desktop.services.visits import VisitInput, VisitSaved, VisitSheet

# How many households the shift dialog lists from an area at once.
AREA_HOUSEHOLD_LIMIT = 3000


@dataclass(frozen=True)
class DashboardData:
    """What the dashboard shows: the campaign's figures today and the night chosen."""

    board: Dashboard
    night: NightTally
    nights: tuple[date, ...]  # nights with results, to step through
    flags: tuple[DataFlag, ...] = ()  # data that looks wrong, not cleared, latest first


class CampaignGateway:
    """Reads and changes campaigns, teams, shifts, visits and approvals for the widgets."""

    def __init__(
        self,
        database: Database,
        today: Callable[[], date] = date.today,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        self.database = database
        self.today = today
        # The desk's clock (an appointment that has passed, a shift not yet begun).
        self.now = now or (lambda: datetime.combine(self.today(), datetime.now().time()))

    # Campaigns -------------------------------------------------------------------------

    def current_campaign(self) -> CampaignInfo | None:
        with self.database.session() as session:
            return campaigns.current_campaign(session)

    def list_campaigns(self) -> list[CampaignInfo]:
        with self.database.session() as session:
            return campaigns.list_campaigns(session)

    def campaign_form(self, campaign_id: int) -> CampaignForm:
        with self.database.session() as session:
            return campaigns.campaign_form(session, campaign_id)

    def create_campaign(self, data: CampaignInput, make_current: bool = False) -> int:
        with self.database.session() as session:
            return campaigns.create_campaign(session, data, make_current)

    def update_campaign(self, campaign_id: int, data: CampaignInput, version: int) -> None:
        with self.database.session() as session:
            campaigns.update_campaign(session, campaign_id, data, expected_version=version)

    def set_current_campaign(self, campaign_id: int) -> None:
        with self.database.session() as session:
            campaigns.set_current_campaign(session, campaign_id)

    def delete_campaign(self, campaign_id: int) -> None:
        with self.database.session() as session:
            campaigns.delete_campaign(session, campaign_id)

    def area_groups(self) -> list[AreaGroup]:
        with self.database.session() as session:
            return shifts.area_groups(session)

    # Teams and members -----------------------------------------------------------------

    def list_teams(self, campaign_id: int, on: date, active_only: bool = False) -> list[TeamRow]:
        with self.database.session() as session:
            return teams.list_teams(session, campaign_id, on, active_only)

    def create_team(self, campaign_id: int, data: TeamInput) -> int:
        with self.database.session() as session:
            return teams.create_team(session, campaign_id, data)

    def update_team(self, team_id: int, data: TeamInput) -> None:
        with self.database.session() as session:
            teams.update_team(session, team_id, data)

    def delete_team(self, team_id: int) -> None:
        with self.database.session() as session:
            teams.delete_team(session, team_id)

    def team_history(self, team_id: int) -> list[MembershipRow]:
        with self.database.session() as session:
            return teams.team_history(session, team_id)

    def list_members(self, text: str = "", active_only: bool = False) -> list[MemberRow]:
        with self.database.session() as session:
            return teams.list_members(session, text, active_only)

    def check_member(self, data: MemberInput) -> MemberInput:
        return teams.clean_member_input(data)

    def create_member(self, data: MemberInput) -> int:
        with self.database.session() as session:
            return teams.create_member(session, data)

    def update_member(self, member_id: int, data: MemberInput) -> None:
        with self.database.session() as session:
            teams.update_member(session, member_id, data)

    def delete_member(self, member_id: int) -> None:
        with self.database.session() as session:
            teams.delete_member(session, member_id)

    def add_member_to_team(self, team_id: int, member_id: int, from_date: date) -> int:
        with self.database.session() as session:
            return teams.add_member_to_team(session, team_id, member_id, from_date)

    def create_member_in_team(self, team_id: int, data: MemberInput, from_date: date) -> int:
        """A new member and their place in the team, in one transaction."""
        with self.database.session() as session:
            member_id = teams.create_member(session, data)
            teams.add_member_to_team(session, team_id, member_id, from_date)
            return member_id

    def remove_member_from_team(self, team_id: int, member_id: int, last_day: date) -> None:
        with self.database.session() as session:
            teams.remove_member_from_team(session, team_id, member_id, last_day)

    # Shifts ----------------------------------------------------------------------------

    def list_shifts(self, day: date, campaign_id: int) -> list[ShiftRow]:
        with self.database.session() as session:
            return shifts.list_shifts(session, day, campaign_id)

    def shift_days(self, campaign_id: int) -> list[date]:
        with self.database.session() as session:
            return shifts.shift_days(session, campaign_id)

    def shift_detail(self, shift_id: int) -> ShiftDetail:
        with self.database.session() as session:
            return shifts.shift_detail(session, shift_id)

    def create_shift(self, data: ShiftInput) -> int:
        with self.database.session() as session:
            return shifts.create_shift(session, data)

    def update_shift(self, shift_id: int, data: ShiftInput, version: int) -> None:
        with self.database.session() as session:
            shifts.update_shift(session, shift_id, data, expected_version=version)

    def delete_shift(self, shift_id: int) -> None:
        with self.database.session() as session:
            shifts.delete_shift(session, shift_id)

    def create_shift_with_members(
        self, data: ShiftInput, member_ids: tuple[int, ...] | None
    ) -> int:
        """A new shift and who goes out on it (None: the team's members), in one transaction."""
        with self.database.session() as session:
            shift_id = shifts.create_shift(session, data)
            if member_ids is not None:
                shifts.set_shift_members(session, shift_id, list(member_ids))
            return shift_id

    def update_shift_with_members(
        self, shift_id: int, data: ShiftInput, version: int, member_ids: tuple[int, ...] | None
    ) -> None:
        """Change a shift and who went out on it (None: leave them), in one transaction."""
        with self.database.session() as session:
            shifts.update_shift(session, shift_id, data, expected_version=version)
            if member_ids is not None:
                shifts.set_shift_members(session, shift_id, list(member_ids))

    def area_households(self, group_id: int | None, text: str = "") -> list[HouseholdRow]:
        """Households of a group (None: the whole ward) matching a search, by address."""
        query = HouseholdQuery(group_id=group_id, text=text)
        with self.database.session() as session:
            return registry.list_households(
                session, query, self.today(), limit=AREA_HOUSEHOLD_LIMIT
            )

    # Visits ----------------------------------------------------------------------------

    def open_visit(self, shift_id: int, household_id: int) -> VisitSheet:
        with self.database.session() as session:
            return visits.open_visit(session, shift_id, household_id)

    def check_visit(self, data: VisitInput, version: int | None) -> list[str]:
        with self.database.session() as session:
            return visits.check_visit(session, data, self.today(), version, now=self.now())

    def save_visit(self, data: VisitInput, version: int | None) -> VisitSaved:
        with self.database.session() as session:
            return visits.save_visit(session, data, self.today(), version)

    def delete_visit(self, visit_id: int, version: int | None) -> None:
        """Remove a visit typed in for the wrong household, putting its services back."""
        with self.database.session() as session:
            visits.delete_visit(session, visit_id, version)

    def append_stop(self, shift_id: int, household_id: int) -> int:
        """Put a household the team visited off the route at the end of the walk sheet;
        return its position (its old one when it was on the route already)."""
        with self.database.session() as session:
            return shifts.append_stop(session, shift_id, household_id)

    # Approvals -------------------------------------------------------------------------

    def approval_candidates(
        self, text: str = "", include_uncollected: bool = False
    ) -> list[ApprovalCandidate]:
        with self.database.session() as session:
            return approvals.approval_candidates(session, text, include_uncollected)

    def check_activation(self, resident_ids: list[int], on: date) -> list[str]:
        with self.database.session() as session:
            return approvals.check_activation(session, resident_ids, on, self.today())

    def mark_activated(self, resident_ids: list[int], on: date) -> ActivationResult:
        with self.database.session() as session:
            return approvals.mark_activated(session, resident_ids, on, self.today())

    def activated_candidates(self, text: str = "") -> list[ActivatedCandidate]:
        """Residents already marked activated (latest first), to undo one by mistake."""
        with self.database.session() as session:
            return activated_candidates(session, text)

    def cancel_activation(self, resident_id: int) -> None:
        with self.database.session() as session:
            approvals.cancel_activation(session, resident_id)

    # Data that looks wrong -------------------------------------------------------------

    def data_flags(self, include_cleared: bool = False) -> list[DataFlag]:
        """The current campaign's flags (none without a campaign), the latest night first."""
        with self.database.session() as session:
            if campaigns.current_campaign(session) is None:
                return []
            return flags.data_flags(session, include_cleared=include_cleared)

    def clear_flag(self, key: str, reason: str) -> DataFlag:
        with self.database.session() as session:
            return flags.clear_flag(session, key, reason)

    def collection_shifts(self, resident_ids: list[int]) -> dict[int, int]:
        """resident id → the shift whose visit collected their level-2 application."""
        with self.database.session() as session:
            return flags.collection_shifts(session, resident_ids)

    # Revisits and figures --------------------------------------------------------------

    def revisit_queue(self, group_ids: list[int] | None = None) -> list[RevisitHousehold]:
        with self.database.session() as session:
            return revisits.revisit_queue(session, group_ids=group_ids)

    def night_tally(self, day: date | None = None) -> NightTally:
        with self.database.session() as session:
            return tally.night_tally(session, day, allow_empty=day is not None)

    def dashboard(self, night: date | None = None) -> DashboardData | None:
        """The current campaign's dashboard today, with the tally of `night` (default:
        today when it has results, else the latest night that has); None without a
        campaign."""
        today = self.today()
        with self.database.session() as session:
            campaign = campaigns.current_campaign(session)
            if campaign is None:
                return None
            board = dashboard.campaign_dashboard(session, today, campaign.id)
            nights = tuple(tally.result_nights(session, campaign.id))
            if night is None:
                past = [day for day in nights if day <= today]
                night = today if today in nights or not past else past[-1]
            if night == today:
                chosen = board.tonight
            else:
                chosen = tally.night_tally(session, night, campaign.id, allow_empty=True)
            found = tuple(flags.data_flags(session, campaign.id))
            return DashboardData(board, chosen, nights, found)
