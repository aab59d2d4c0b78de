"""The demo campaign's nights: which teams go out, where, and their shifts 19:00–22:00.

Each night about four teams in five go out, each with its own quota of households;
all together they see at most 4 % of the ward. A team first sees again the households
of its home group that asked for it, then walks on from where the teams stopped.
"""

from __future__ import annotations

import math
import random
from datetime import date, time

from desktop.db.models import ResidentialGroup, Shift, ShiftGroup, ShiftMember, ShiftStop
from desktop.services.demo.campaign.residents import CampaignResident, WardResidents
from desktop.services.demo.campaign.rows import CampaignRows
from desktop.services.demo.campaign.teams import Teams
from desktop.services.demo.campaign.visits import VisitMaker

_SHIFT_ENDS = time(22, 0)
_LAST_VISIT_MARGIN = 15  # minutes between the last visit and the end of the shift


class NightShifts:
    """Sends the teams out night after night and writes their shifts and visits."""

    def __init__(
        self,
        rng: random.Random,
        rows: CampaignRows,
        campaign_id: int,
        residents: WardResidents,
        groups: list[ResidentialGroup],
        teams: Teams,
        visits: VisitMaker,
    ) -> None:
        self.rng = rng
        self.rows = rows
        self.campaign_id = campaign_id
        self.residents = residents
        self.groups = groups
        self.teams = teams
        self.visits = visits
        self.cursor = {group.id: 0 for group in groups}  # next unvisited household

    def go_out(self, night: date) -> None:
        """The night's shifts: a route for each team that goes out, visited in order."""
        taken: set[int] = set()
        routes = {}
        for team_id, quota in self._quotas().items():
            route = self._route(team_id, night, quota, taken) if quota else []
            if route:
                routes[team_id] = route
        people = self.residents.load([home for route in routes.values() for home in route])
        for team_id, route in routes.items():
            self._shift(team_id, night, route, people)

    def _quotas(self) -> dict[int, int]:
        """How many households each team that goes out tonight means to see."""
        quotas = {
            team_id: round(self.rng.randint(15, 30) * self.teams.pace[team_id])
            for team_id in self.teams.ids
            if self.rng.random() < 0.8
        }
        cap = max(8, round(self.residents.household_count * 0.04))
        if sum(quotas.values()) > cap:
            scale = cap / sum(quotas.values())
            quotas = {team: math.floor(q * scale) for team, q in quotas.items()}
        return quotas

    def _route(self, team_id: int, night: date, quota: int, taken: set[int]) -> list[int]:
        """Households that asked to be seen again first, then the next ones in order."""
        home = self.teams.home_group[team_id]
        history = self.visits.history
        revisits = [
            household
            for household in sorted(history.to_revisit[home])
            if household not in taken and history.due_again(household, night)
        ][: max(1, quota // 3)]
        route = list(revisits)
        groups = [home] + [g.id for g in self.groups if g.id != home]
        for group_id in groups:
            homes = self.residents.households[group_id]
            while len(route) < quota and self.cursor[group_id] < len(homes):
                household = homes[self.cursor[group_id]]
                self.cursor[group_id] += 1
                if household not in taken:
                    route.append(household)
            if len(route) >= quota:
                break
        taken.update(route)
        return route

    def _shift(
        self,
        team_id: int,
        night: date,
        route: list[int],
        people: dict[int, list[CampaignResident]],
    ) -> None:
        starts_at = time(19, 30) if self.rng.random() < 0.15 else time(19, 0)
        shift_id = self._add_shift(team_id, night, starts_at)
        first_minute = starts_at.hour * 60 + starts_at.minute
        last_minute = _SHIFT_ENDS.hour * 60 - _LAST_VISIT_MARGIN
        minutes = (last_minute - first_minute) / len(route)
        source = f"ca #{shift_id} ({self.teams.names[team_id]}, {night:%d/%m/%Y})"
        area = set()
        for position, household in enumerate(route, start=1):
            self.rows.add(ShiftStop, shift_id=shift_id, household_id=household, position=position)
            area.add(self.residents.group_of[household])
            start = first_minute + int((position - 0.5) * minutes)
            visited_at = time(start // 60, start % 60)
            residents = people[household]
            self.visits.visit(shift_id, team_id, night, household, visited_at, residents, source)
        for group_id in sorted(area):
            self.rows.add(ShiftGroup, shift_id=shift_id, group_id=group_id)

    def _add_shift(self, team_id: int, night: date, starts_at: time) -> int:
        """The shift row, with the team's members that night."""
        shift_id = self.rows.add(
            Shift,
            campaign_id=self.campaign_id,
            team_id=team_id,
            day=night,
            starts_at=starts_at,
            ends_at=_SHIFT_ENDS,
            meeting_lat=None,
            meeting_lon=None,
            notes=None,
            version=1,
        )
        for member_id in self.teams.members_on(team_id, night):
            self.rows.add(ShiftMember, shift_id=shift_id, member_id=member_id)
        return shift_id
