"""Saving a plan: the night's shifts, replaced while no visit is entered, refused after."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest
from sqlalchemy import func, select

from desktop.db.models import Shift, ShiftStop, Visit
from desktop.domain.errors import UserError
from desktop.services.planning import PlanRequest, load_planning_input, plan_night
from desktop.services.planning.saving import save_night_plan
from tests.conftest import TODAY
from tests.services.planning.builders import make_small_ward


def _plan_and_save(database):
    with database.session() as session:
        planning = load_planning_input(session, PlanRequest(day=TODAY))
        plan = plan_night(planning, time_limit=0.3)
        return plan, save_night_plan(session, planning, plan)


def test_saving_creates_the_shifts_with_stops_in_walking_order(database) -> None:
    with database.session() as session:
        make_small_ward(session, households=6, teams=2)
    plan, saved = _plan_and_save(database)
    assert saved.created == 2
    with database.session() as session:
        for route in plan.routes:
            shift_id = saved.shift_ids[route.team_id]
            stops = session.scalars(
                select(ShiftStop.household_id)
                .where(ShiftStop.shift_id == shift_id)
                .order_by(ShiftStop.position)
            ).all()
            assert stops == route.household_ids
            assert session.get(Shift, shift_id).starts_at == time(19, 0)
    _, again = _plan_and_save(database)
    assert again.created == 0 and again.replaced == 2
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Shift)) == 2


def test_saving_is_refused_once_a_visit_is_entered(database) -> None:
    with database.session() as session:
        make_small_ward(session, households=4, teams=1)
    plan, saved = _plan_and_save(database)
    shift_id = next(iter(saved.shift_ids.values()))
    with database.session() as session:
        session.add(
            Visit(
                shift_id=shift_id,
                household_id=plan.routes[0].household_ids[0],
                outcome="met",
                entered_by="test",
                entered_at=datetime.now(UTC).replace(tzinfo=None),
            )
        )
    with pytest.raises(UserError, match="đã có 1 lượt đến hộ"):
        _plan_and_save(database)
