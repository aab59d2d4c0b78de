"""PostgreSQL: after the demo, which writes its rows with their own ids, the program
still adds households, residents, teams, shifts and visits (issue 15, point 1)."""

from __future__ import annotations

from sqlalchemy import func, select

from desktop.db.models import Campaign, Household, ResidentialGroup, Shift, Visit
from desktop.services.demo import DemoOptions, create_demo_ward
from tests.builders import add_household, add_resident, enter_visit, make_team
from tests.conftest import TODAY


def test_after_the_demo_new_households_shifts_and_visits_are_written(postgres_database):
    with postgres_database.session() as session:
        create_demo_ward(session, DemoOptions(households=40, today=TODAY))
    with postgres_database.session() as session:
        demo_households = session.scalar(select(func.max(Household.id)))
        group = session.scalars(select(ResidentialGroup).order_by(ResidentialGroup.id)).first()
        campaign_id = session.scalar(select(Campaign.id).where(Campaign.is_current))

        household_id = add_household(session, group, "Lò Văn Mới", house_number="999")
        child_id = add_resident(session, household_id, "Lò Thị Nhỏ", birth_year=2015)
        team_id = make_team(session, campaign_id, name="Tổ công tác mới", members=("Vi Văn Tâm",))
        head_id = (
            session.scalars(select(Household).where(Household.id == household_id))
            .one()
            .residents[0]
            .id
        )
        enter_visit(
            session, team_id, TODAY, household_id, [head_id, child_id], "met",
            [(True, ()), (False, ())],
        )  # fmt: skip

    with postgres_database.session() as session:
        assert household_id == demo_households + 1
        visit = session.scalars(select(Visit).where(Visit.household_id == household_id)).one()
        shift = session.get(Shift, visit.shift_id)
        assert (shift.team_id, shift.day) == (team_id, TODAY)
