"""The minutes without input that lock the window: the ward's setting, 15 by default,
between 1 and 240, changed only by someone who may change settings, and audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop.db.models import AuditEntry
from desktop.domain.errors import InvalidValue
from desktop.domain.roles import DUTY, LEADER
from desktop.services import settings, signed_in
from desktop.services.signed_in import NotAllowed, SignedInAccount


def sign_in(role: str) -> None:
    signed_in.sign_in(SignedInAccount(id=3, name=f"nguoi.{role}", display_name="Hoa", role=role))


def test_fifteen_minutes_until_the_ward_chooses_otherwise(database):
    with database.session() as session:
        assert settings.load_idle_lock_minutes(session) == 15
    sign_in(DUTY)
    with database.session() as session:
        assert settings.save_idle_lock_minutes(session, 5) == 5
    with database.session() as session:
        assert settings.load_idle_lock_minutes(session) == 5
        (entry,) = session.scalars(select(AuditEntry).where(AuditEntry.entity_type == "setting"))
    assert (entry.actor, entry.changes) == ("nguoi.duty", {"idle_lock_minutes": [15, 5]})


@pytest.mark.parametrize("minutes", [0, 241, -5])
def test_a_number_outside_one_to_240_minutes_is_refused(database, minutes):
    sign_in(DUTY)
    with database.session() as session, pytest.raises(InvalidValue, match="từ 1 đến 240 phút"):
        settings.save_idle_lock_minutes(session, minutes)


def test_a_leader_may_not_change_it(database):
    sign_in(LEADER)
    with database.session() as session, pytest.raises(NotAllowed):
        settings.save_idle_lock_minutes(session, 30)
