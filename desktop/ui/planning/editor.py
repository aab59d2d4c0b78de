"""The plan the duty officer is editing: moves, reorders and locks, each one recounted.

Plain Python (no Qt): every edit goes through the planning services (move_stop,
set_route, lock_stop), which recount the routes' minutes and metres, so what the lists
show is what the walk sheets will print. Households taken off every route by hand are
remembered, so "re-plan the rest" does not put them straight back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from desktop.domain.errors import UserError
from desktop.services.planning import (
    NightPlan,
    PlanningInput,
    RoutePlan,
    lock_stop,
    move_stop,
    set_route,
)


class PlanEditor:
    """A night's planning input and its current plan, edited by hand."""

    def __init__(self, planning: PlanningInput, plan: NightPlan) -> None:
        self.planning = planning
        self.plan = plan
        self.excluded: set[int] = set()  # taken off the routes by hand
        self.edited = False  # changed since it was planned or saved

    # Reading ---------------------------------------------------------------------------

    def team_of(self, household_id: int) -> int | None:
        """The team whose route holds the household; None while it is unassigned."""
        for route in self.plan.routes:
            if household_id in route.household_ids:
                return route.team_id
        return None

    def route(self, team_id: int) -> RoutePlan:
        return self.plan.route(team_id)

    def is_locked(self, household_id: int) -> bool:
        return household_id in self.plan.locks

    def position(self, household_id: int) -> int | None:
        """Where the household stands on its route (0 first), None when unassigned."""
        team_id = self.team_of(household_id)
        if team_id is None:
            return None
        return self.plan.route(team_id).household_ids.index(household_id)

    # Editing ---------------------------------------------------------------------------

    def move(
        self, household_ids: Sequence[int], team_id: int | None, position: int | None = None
    ) -> None:
        """Put the households on the team's route at `position` (end when None), in this
        order; `team_id` None takes them off every route. A lock follows its household."""
        for offset, household_id in enumerate(household_ids):
            at = None if position is None else position + offset
            self.plan = move_stop(self.planning, self.plan, household_id, team_id, at)
            if team_id is None:
                self.excluded.add(household_id)
                self.plan = lock_stop(self.plan, household_id, None)
            else:
                self.excluded.discard(household_id)
                if self.is_locked(household_id):
                    self.plan = lock_stop(self.plan, household_id, team_id)
        self.edited = True

    def shift(self, household_ids: Iterable[int], step: int) -> bool:
        """Move households of one route `step` places up (-1) or down (+1) together.

        False when they are not on one route or already at its end.
        """
        chosen = list(dict.fromkeys(household_ids))
        teams = {self.team_of(household_id) for household_id in chosen}
        if len(teams) != 1 or None in teams:
            return False
        team_id = teams.pop()
        order = list(self.plan.route(team_id).household_ids)
        places = sorted(order.index(household_id) for household_id in chosen)
        if (step < 0 and places[0] == 0) or (step > 0 and places[-1] == len(order) - 1):
            return False
        moving = [order[place] for place in places]
        rest = [household_id for household_id in order if household_id not in moving]
        insert_at = places[0] + step
        new_order = rest[:insert_at] + moving + rest[insert_at:]
        self.plan = set_route(self.planning, self.plan, team_id, new_order)
        self.edited = True
        return True

    def set_locked(self, household_ids: Iterable[int], locked: bool) -> None:
        """Pin households to the team they are on now (or unpin them).

        Refuses a household that is on no route: a lock keeps it with a team.
        """
        for household_id in household_ids:
            team_id = self.team_of(household_id)
            if locked and team_id is None:
                raise UserError(
                    "Chỉ khóa được hộ đã xếp vào một tổ; hãy chuyển hộ vào tổ trước rồi khóa."
                )
            self.plan = lock_stop(self.plan, household_id, team_id if locked else None)
        self.edited = True

    def positions_changed(self, positions: Mapping[int, tuple[float, float]]) -> None:
        """Take households' new (lat, lon), placed by hand: the walking map is built
        again from them and the routes they are on are recounted."""
        candidates = []
        for candidate in self.planning.candidates:
            where = positions.get(candidate.household_id)
            if where is not None:
                candidate = replace(candidate, lat=where[0], lon=where[1])
            candidates.append(candidate)
        estimated = {
            household_id: position
            for household_id, position in self.planning.estimated_positions.items()
            if household_id not in positions
        }
        # A new planning input: its walking map (cached on it) is built from the new
        # positions when first asked for.
        self.planning = replace(
            self.planning, candidates=tuple(candidates), estimated_positions=estimated
        )
        for route in self.plan.routes:
            if positions.keys() & set(route.household_ids):
                self.plan = set_route(self.planning, self.plan, route.team_id, route.household_ids)
        self.edited = True

    def replaced(self, plan: NightPlan) -> None:
        """Take a re-planned night (locks kept by the planner)."""
        self.plan = plan
        self.edited = True

    def replan_input(self) -> tuple[dict[int, int], frozenset[int]]:
        """The locks and the households to leave out for plan_night."""
        return dict(self.plan.locks), frozenset(self.excluded - set(self.plan.locks))
