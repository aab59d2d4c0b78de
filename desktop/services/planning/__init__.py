"""Night route planning: which households each team visits tonight, and in what order.

The GUI and the CLI use these calls (each returns plain dataclasses, none needs Qt):

- load_planning_input(session, PlanRequest) → PlanningInput: teams, candidates,
  settings and meeting point, read once; refuses bad input with a UserError.
- plan_night(planning, locks=…, excluded=…) → NightPlan: routes for every team;
  with `locks` (household → team) it re-plans the rest around the pinned households.
- route_plan(planning, team_id, household_ids) → RoutePlan: minutes, metres and
  arrival times of a route in a given order (after a drag in the GUI).
- set_route / move_stop / lock_stop: edit a NightPlan by hand, recounted.
- save_night_plan(session, planning, plan) → SavedPlan: the night's shifts.
- plan_night_routes(session, request) → (PlanningInput, NightPlan): load and plan.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from desktop.services.planning.engine import (
    default_time_limit,
    lock_stop,
    move_stop,
    plan_night,
    set_route,
)
from desktop.services.planning.inputs import load_planning_input
from desktop.services.planning.model import (
    Candidate,
    NightPlan,
    NightTeam,
    PendingResident,
    PlannedStop,
    PlanningInput,
    PlanRequest,
    RoutePlan,
    TeamMember,
)
from desktop.services.planning.saving import SavedPlan, save_night_plan
from desktop.services.planning.schedule import route_plan

__all__ = [
    "Candidate",
    "NightPlan",
    "NightTeam",
    "PendingResident",
    "PlanRequest",
    "PlannedStop",
    "PlanningInput",
    "RoutePlan",
    "SavedPlan",
    "TeamMember",
    "default_time_limit",
    "load_planning_input",
    "lock_stop",
    "move_stop",
    "plan_night",
    "plan_night_routes",
    "route_plan",
    "save_night_plan",
    "set_route",
]


def plan_night_routes(
    session: Session, request: PlanRequest, time_limit: float | None = None
) -> tuple[PlanningInput, NightPlan]:
    """Read the night's input and plan it (what `denkhuya plan` does before printing)."""
    planning = load_planning_input(session, request)
    return planning, plan_night(planning, time_limit=time_limit)
