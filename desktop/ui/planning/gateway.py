"""The planning window's one door to the services: one session per user action.

Widgets get plain data back (the services' dataclasses and the small ones below) and
never touch the ORM. Every method opens its own session, so it runs as well on the UI
thread as in the task runner's worker threads. `today` is asked for on every call.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desktop.services import campaigns, households, registry, teams, wards
from desktop.services.database import Database
from desktop.services.maps.area import parse_bbox
from desktop.services.maps.loading import MapLoadResult, load_map
from desktop.services.maps.locating import (
    LocateResult,
    households_without_position,
    locate_households,
)
from desktop.services.maps.placing import (
    ConfirmResult,
    PlacedHousehold,
    confirm_positions,
    place_household,
)
from desktop.services.maps.storing import PoliceStation, map_info, ward_station_on_map
from desktop.services.planning import (
    NightPlan,
    PlanningInput,
    PlanRequest,
    SavedPlan,
    load_planning_input,
    plan_night,
    save_night_plan,
)
from desktop.services.planning.sheets import (
    SheetsDraft,
    draft_walk_sheets,
    record_printed_sheets,
    save_drafted_sheets,
)
from desktop.services.planning.ward_map import MapHousehold, located_households
from desktop.services.progress import Progress
from desktop.services.registry import HouseholdQuery
from desktop.services.settings import (
    PlanningSettings,
    load_planning_settings,
    save_planning_settings,
)

LatLon = tuple[float, float]


@dataclass(frozen=True)
class GroupChoice:
    """A residential group the duty officer can tick."""

    id: int
    name: str
    households: int


@dataclass(frozen=True)
class TeamChoice:
    """A team of the current campaign, with who is in it on the night."""

    id: int
    name: str
    member_names: tuple[str, ...]

    @property
    def available(self) -> bool:
        """A team with nobody in it cannot go out (its walk sheet would name no one)."""
        return bool(self.member_names)


@dataclass(frozen=True)
class NightOptions:
    """What the request form offers for a night: groups, teams, the station."""

    ward_name: str
    station_name: str
    station: LatLon | None
    campaign_name: str | None  # None: no current campaign
    groups: tuple[GroupChoice, ...]
    teams: tuple[TeamChoice, ...]


@dataclass(frozen=True)
class HouseholdPlace:
    """A household found by the meeting-point search."""

    id: int
    code: str
    address: str
    head_name: str
    group_name: str
    has_coordinates: bool

    @property
    def label(self) -> str:
        address = self.address or self.code
        return f"{address} — {self.head_name} ({self.group_name})"


@dataclass(frozen=True)
class PlannedNight:
    """A night read and planned in the background, with what the map draws around it."""

    planning: PlanningInput
    plan: NightPlan
    ward_points: tuple[MapHousehold, ...]
    seconds: float  # reading and planning together, as the duty officer waits for it


@dataclass(frozen=True)
class MapStatus:
    """What the window says about the ward's map, its households' positions and station."""

    map_file: str | None  # None: no map loaded yet
    ways: int
    without_position: int  # households with no position at all
    station_name: str
    station: LatLon | None
    station_on_map: PoliceStation | None  # the map's police station named like the ward

    @property
    def has_map(self) -> bool:
        return self.map_file is not None


class PlanningGateway:
    """Reads the night's choices, plans, saves and prints through the services."""

    def __init__(self, database: Database, today: Callable[[], date] = date.today) -> None:
        self.database = database
        self.today = today

    # Reading ---------------------------------------------------------------------------

    def night_options(self, day: date) -> NightOptions | None:
        """The groups, the current campaign's active teams and the station; None when
        the database holds no ward yet."""
        with self.database.session() as session:
            ward = wards.current_ward(session)
            overview = registry.ward_overview(session, day)
            if ward is None or overview is None:
                return None
            campaign = campaigns.current_campaign(session)
            team_rows = (
                teams.list_teams(session, campaign.id, day, active_only=True) if campaign else []
            )
            station = (
                (ward.station_lat, ward.station_lon)
                if ward.station_lat is not None and ward.station_lon is not None
                else None
            )
            return NightOptions(
                ward_name=f"{ward.kind} {ward.name}",
                station_name=ward.station_name,
                station=station,
                campaign_name=campaign.name if campaign else None,
                groups=tuple(
                    GroupChoice(group.id, group.name, group.households) for group in overview.groups
                ),
                teams=tuple(
                    TeamChoice(row.id, row.name, tuple(member.title for member in row.members))
                    for row in team_rows
                ),
            )

    def find_households(self, text: str, limit: int = 15) -> list[HouseholdPlace]:
        """Households matching a search, as the main window's search finds them."""
        if not text.strip():
            return []
        with self.database.session() as session:
            rows = registry.list_households(
                session, HouseholdQuery(text=text), self.today(), limit=limit
            )
        return [
            HouseholdPlace(
                row.id, row.code, row.address, row.head_name, row.group_name, row.has_coordinates
            )
            for row in rows
        ]

    def household_position(self, household_id: int) -> LatLon | None:
        """A household's coordinates, None when it has none."""
        with self.database.session() as session:
            form = households.household_form(session, household_id)
        return (form.lat, form.lon) if form.lat is not None and form.lon is not None else None

    def planning_settings(self) -> PlanningSettings:
        with self.database.session() as session:
            return load_planning_settings(session)

    def map_status(self) -> MapStatus | None:
        """The map, the households without a position and the station; None without a ward."""
        with self.database.session() as session:
            ward = wards.current_ward(session)
            if ward is None:
                return None
            info = map_info(session)
            station = wards.station_location(session)
            return MapStatus(
                map_file=info.file_name if info else None,
                ways=info.ways if info else 0,
                without_position=households_without_position(session),
                station_name=station.name,
                station=(station.lat, station.lon) if station.located else None,
                station_on_map=ward_station_on_map(session, ward.name) if info else None,
            )

    # The map and the station -----------------------------------------------------------

    def load_map(self, path: Path, bbox: str | None, progress: Progress) -> MapLoadResult:
        """Load the ward's map from an OSM file (UserError for a bad file or box)."""
        area = parse_bbox(bbox) if bbox else None
        with self.database.session() as session:
            return load_map(session, path, area, progress)

    def locate_households(self, progress: Progress | None = None) -> LocateResult:
        """Place the households without a position from their addresses and the map."""
        with self.database.session() as session:
            return locate_households(session, progress)

    @staticmethod
    def check_bbox(text: str) -> None:
        """Refuse (UserError) a box that is not "S,W,N,E" of a ward-sized area."""
        parse_bbox(text)

    def set_station(self, lat: float, lon: float) -> wards.StationLocation:
        """Put the ward's station at that point (UserError outside Vietnam)."""
        with self.database.session() as session:
            return wards.set_station_location(session, lat, lon)

    # Planning --------------------------------------------------------------------------

    def plan(self, request: PlanRequest, time_limit: float | None = None) -> PlannedNight:
        """Read the night's input and plan it (UserError for what cannot be planned)."""
        started = time.perf_counter()
        with self.database.session() as session:
            planning = load_planning_input(session, request)
            points = tuple(located_households(session))
        plan = plan_night(planning, time_limit=time_limit)
        return PlannedNight(planning, plan, points, time.perf_counter() - started)

    @staticmethod
    def replan(
        planning: PlanningInput,
        locks: Mapping[int, int],
        excluded: Collection[int],
        time_limit: float | None = None,
    ) -> NightPlan:
        """Plan again around the locked households, leaving the excluded ones out."""
        return plan_night(planning, locks=locks, excluded=excluded, time_limit=time_limit)

    # Changing --------------------------------------------------------------------------

    def save_plan(self, planning: PlanningInput, plan: NightPlan) -> SavedPlan:
        """The night's shifts from the plan (UserError when visits were entered already)."""
        with self.database.session() as session:
            return save_night_plan(session, planning, plan)

    def place_household(
        self,
        household_id: int,
        lat: float,
        lon: float,
        expected_position: tuple[float | None, float | None] | None = None,
    ) -> PlacedHousehold:
        """Put a household where the officer dropped it, confirmed (audited); UserError
        off the map, or when another desk moved it since the map was drawn."""
        with self.database.session() as session:
            return place_household(
                session, household_id, lat, lon, expected_position=expected_position
            )

    def confirm_positions(
        self, household_ids: Collection[int], shown: Mapping[int, LatLon] | None = None
    ) -> ConfirmResult:
        """Confirm the households' positions as they are (`shown`: where the map drew those
        without a stored one); one transaction, audited."""
        with self.database.session() as session:
            return confirm_positions(session, household_ids, shown or {})

    def save_settings(self, settings: PlanningSettings) -> PlanningSettings:
        """Store the planning settings (InvalidValue for a value out of bounds)."""
        with self.database.session() as session:
            return save_planning_settings(session, settings)

    def draft_sheets(self, planning: PlanningInput, plan: NightPlan) -> tuple[SheetsDraft, bytes]:
        """The walk sheets PDF for the preview, in memory: it is laid out in a private
        scratch file (0600, in this process's scratch folder; the sheets name residents),
        read back and the file removed at once, whatever happens."""
        handle, name = tempfile.mkstemp(prefix="phieu-di-bo-", suffix=".pdf")
        os.close(handle)
        scratch = Path(name)
        try:
            draft = draft_walk_sheets(planning, plan, scratch)
            return draft, scratch.read_bytes()
        finally:
            scratch.unlink(missing_ok=True)

    def record_printed_sheets(self, draft: SheetsDraft, printer: str) -> None:
        """Audit the previewed walk sheets sent to `printer`."""
        with self.database.session() as session:
            record_printed_sheets(session, draft, printer)

    def save_drafted_sheets(self, draft: SheetsDraft, pdf: bytes, path: Path) -> Path:
        """Save the previewed walk sheets to `path` (audited); the path written."""
        with self.database.session() as session:
            return save_drafted_sheets(session, draft, pdf, path)
