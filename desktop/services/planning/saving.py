"""Saving a night's plan as the teams' shifts, through the shifts service.

Saving replaces the night's shifts of the planned teams as long as no visit has been
entered on any of them: a plan made after the teams came back would throw away what
they found. A team left without households keeps no shift for the night.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.db.models import Visit
from desktop.domain import roles
from desktop.domain.errors import UserError
from desktop.services import signed_in
from desktop.services.planning.model import NightPlan, PlanningInput
from desktop.services.shifts import (
    ShiftInput,
    create_shift,
    delete_shift,
    shift_for_team,
    update_shift,
)


@dataclass(frozen=True)
class SavedPlan:
    """The shifts a saved plan left for the night, and how many it replaced or removed."""

    shift_ids: dict[int, int]  # team id → shift id
    created: int
    replaced: int
    removed: int


def save_night_plan(session: Session, planning: PlanningInput, plan: NightPlan) -> SavedPlan:
    """Create (or replace) each planned team's shift for the night, stops in walking order.

    Refuses, saving nothing, when a visit has already been entered on one of those
    shifts, and whatever the shifts service refuses (e.g. a team that lost its members).
    """
    signed_in.require(roles.CAMPAIGNS)
    existing = {
        route.team_id: shift_for_team(session, route.team_id, plan.day) for route in plan.routes
    }
    _refuse_entered(session, planning, plan, existing)
    shift_ids: dict[int, int] = {}
    created = replaced = removed = 0
    for route in plan.routes:
        shift_id = existing[route.team_id]
        if not route.stops:
            if shift_id is not None:
                delete_shift(session, shift_id)
                removed += 1
            continue
        data = ShiftInput(
            team_id=route.team_id,
            day=plan.day,
            household_ids=tuple(route.household_ids),
            group_ids=planning.group_ids,
            starts_at=plan.starts_at,
            ends_at=plan.ends_at,
            meeting_lat=plan.meeting_point[0] if plan.meeting_point else None,
            meeting_lon=plan.meeting_point[1] if plan.meeting_point else None,
        )
        if shift_id is None:
            shift_ids[route.team_id] = create_shift(session, data)
            created += 1
        else:
            update_shift(session, shift_id, data)
            shift_ids[route.team_id] = shift_id
            replaced += 1
    return SavedPlan(shift_ids=shift_ids, created=created, replaced=replaced, removed=removed)


def _refuse_entered(
    session: Session, planning: PlanningInput, plan: NightPlan, existing: dict[int, int | None]
) -> None:
    for team_id, shift_id in existing.items():
        if shift_id is None:
            continue
        entered = session.scalar(select(func.count()).where(Visit.shift_id == shift_id)) or 0
        if entered:
            raise UserError(
                f"Ca trực ngày {plan.day:%d/%m/%Y} của “{planning.team(team_id).name}” đã có "
                f"{entered} lượt đến hộ được nhập nên không thay được lộ trình đã lưu; "
                "kế hoạch mới chưa được lưu."
            )
