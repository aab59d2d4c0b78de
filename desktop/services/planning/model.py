"""The plain data of night planning: what goes in (teams, candidates) and what comes out.

Nothing here holds a Session or an ORM object, so the GUI can keep these in its item
models, hand them to a background task and back, and the CLI can print them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from desktop.domain.campaign import OFFICER, YOUTH_UNION
from desktop.services.settings import PlanningSettings

# Who helps residents at the door (the residential-group leader guides the team).
HELPER_ROLES = frozenset({OFFICER, YOUTH_UNION})

LatLon = tuple[float, float]


@dataclass(frozen=True)
class PendingResident:
    """A resident who still needs services, as a walk sheet lists them."""

    resident_id: int
    full_name: str
    relation: str
    birth_year: int | None
    personal_id: str | None  # the full number: mask it on anything printed
    services: tuple[str, ...]


@dataclass(frozen=True)
class Candidate:
    """A household worth a visit tonight: its address, position and pending services."""

    household_id: int
    code: str
    group: str
    address: str
    street: str | None
    lane: str | None
    house_number: str | None
    address_sort_key: str
    head_name: str
    lat: float | None
    lon: float | None
    residents: tuple[PendingResident, ...]
    revisit: bool = False  # in the revisit queue (not home, asked to come back…)
    time_hint: time | None = None  # come back around this time

    @property
    def worth(self) -> int:
        """The services the household still holds: what a visit can deliver."""
        return sum(len(resident.services) for resident in self.residents)

    @property
    def services_per_resident(self) -> tuple[int, ...]:
        """How many services each pending resident needs: how the door time shares out."""
        return tuple(len(resident.services) for resident in self.residents)

    @property
    def has_coordinates(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True)
class TeamMember:
    """Someone who goes out with a team tonight."""

    member_id: int
    full_name: str
    role: str
    rank: str | None = None
    unit: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class NightTeam:
    """A team available tonight, with who goes out with it."""

    team_id: int
    name: str
    members: tuple[TeamMember, ...]

    @property
    def helpers(self) -> int:
        """Members who help residents at the door, one resident each: officers and
        youth-union members (the group leader guides and introduces); at least one."""
        return max(1, sum(member.role in HELPER_ROLES for member in self.members))


@dataclass(frozen=True)
class PlanRequest:
    """What the duty officer asks for: the night, the area, the teams and the meeting point.

    `group_names` empty means the whole ward; `team_count` None means every team of the
    current campaign; `team_ids`, when given, names the teams instead (the planning
    view's ticked teams); `meeting_point` None means the ward police station.
    """

    day: date
    starts_at: time = time(19, 0)
    ends_at: time = time(22, 0)
    group_names: tuple[str, ...] = ()
    team_count: int | None = None
    meeting_point: LatLon | None = None
    meeting_label: str | None = None
    team_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class PlanningInput:
    """Everything planning needs, read from the database once and then kept by the caller.

    The GUI holds one of these while the duty officer moves stops around; every
    re-plan and recount works from it without another query.
    """

    campaign_id: int
    campaign_name: str
    ward_name: str
    day: date
    starts_at: time
    ends_at: time
    group_names: tuple[str, ...]  # empty: the whole ward
    group_ids: tuple[int, ...]
    meeting_point: LatLon | None
    meeting_label: str
    teams: tuple[NightTeam, ...]
    candidates: tuple[Candidate, ...]
    settings: PlanningSettings
    # Positions (lat, lon) estimated for households without coordinates, from their
    # street's neighbours; households with neither are laid out by address alone.
    estimated_positions: dict[int, LatLon] = field(default_factory=dict)
    notices: tuple[str, ...] = ()
    # The loaded map's walkable ways (services.planning.streets.StreetWay): with them,
    # walks go along the streets; without, straight lines times the detour factor.
    streets: tuple[Any, ...] = ()

    @property
    def window_minutes(self) -> float:
        return _minutes(self.ends_at) - _minutes(self.starts_at)

    @property
    def typical_helpers(self) -> int:
        """Helpers of the middle team tonight (the smaller middle one): how long a visit
        usually takes, where no team is chosen yet."""
        helpers = sorted(team.helpers for team in self.teams)
        return helpers[(len(helpers) - 1) // 2] if helpers else 1

    def candidate(self, household_id: int) -> Candidate:
        return self._by_id()[household_id]

    def team(self, team_id: int) -> NightTeam:
        for team in self.teams:
            if team.team_id == team_id:
                return team
        raise KeyError(team_id)

    def _by_id(self) -> dict[int, Candidate]:
        cached = self.__dict__.get("_candidates_by_id")
        if cached is None:
            cached = {candidate.household_id: candidate for candidate in self.candidates}
            object.__setattr__(self, "_candidates_by_id", cached)
        return cached


@dataclass(frozen=True)
class PlannedStop:
    """A household on a route, with when the team should get there."""

    household_id: int
    code: str
    arrives_at: time
    leaves_at: time
    walk_m: float  # walked from the previous stop (or the meeting point)
    expected_services: int
    without_coordinates: bool
    time_hint: time | None = None


@dataclass(frozen=True)
class RoutePlan:
    """One team's evening: stops in walking order from the meeting point and back."""

    team_id: int
    team_name: str
    stops: tuple[PlannedStop, ...]
    walk_m: float  # the whole closed walk, detours included
    minutes: float  # from leaving the meeting point to being back
    expected_services: int
    returns_at: time
    fits_window: bool  # back at the meeting point by the end of the window

    @property
    def household_ids(self) -> list[int]:
        return [stop.household_id for stop in self.stops]


@dataclass(frozen=True)
class NightPlan:
    """The plan of a night: a route per team and the households left for another night."""

    day: date
    starts_at: time
    ends_at: time
    meeting_point: LatLon | None
    routes: tuple[RoutePlan, ...]
    unassigned: tuple[int, ...]  # household ids, most valuable first
    without_coordinates: tuple[int, ...]  # household ids, in address order
    notices: tuple[str, ...] = ()
    locks: dict[int, int] = field(default_factory=dict)  # household id → team id
    solver: str = ""
    solve_seconds: float = 0.0

    @property
    def expected_services(self) -> int:
        return sum(route.expected_services for route in self.routes)

    def route(self, team_id: int) -> RoutePlan:
        for route in self.routes:
            if route.team_id == team_id:
                return route
        raise KeyError(team_id)

    def as_json(self, planning: PlanningInput) -> dict[str, Any]:
        """The CLI's JSON object: household codes, stops in walking order."""
        code = {candidate.household_id: candidate.code for candidate in planning.candidates}
        return {
            "start": list(self.meeting_point) if self.meeting_point else None,
            "routes": [
                {
                    "team": route.team_name,
                    "stops": [stop.code for stop in route.stops],
                    "walk_m": round(route.walk_m),
                    "minutes": round(route.minutes, 1),
                    "expected_services": route.expected_services,
                }
                for route in self.routes
            ],
            "unassigned": [code[household_id] for household_id in self.unassigned],
            "without_coordinates": [
                code[household_id] for household_id in self.without_coordinates
            ],
        }


def _minutes(moment: time) -> float:
    return moment.hour * 60 + moment.minute + moment.second / 60
