"""Planning settings: sensible defaults, stored in the setting table, checked."""

from __future__ import annotations

import pytest

from desktop.db.models import Setting
from desktop.domain.errors import InvalidValue
from desktop.services.settings import (
    PLANNING_KEY,
    PlanningSettings,
    load_planning_settings,
    save_planning_settings,
)


def test_defaults_until_something_is_saved(database) -> None:
    with database.session() as session:
        assert load_planning_settings(session) == PlanningSettings(4, 5, 4, 1.3)
        save_planning_settings(session, PlanningSettings(minutes_per_service=7))
    with database.session() as session:
        assert load_planning_settings(session).minutes_per_service == 7
        assert session.get(Setting, PLANNING_KEY).value["detour_factor"] == 1.3


def test_unreasonable_values_are_refused_and_unreadable_ones_fall_back(database) -> None:
    with database.session() as session:
        with pytest.raises(InvalidValue) as refused:
            save_planning_settings(session, PlanningSettings(walking_speed_kmh=20.5))
        assert str(refused.value) == (
            "Tốc độ đi bộ (km/giờ) phải nằm trong khoảng 1–15 (đang là 20,5)."
        )
        session.add(Setting(key=PLANNING_KEY, value={"detour_factor": "nhiều", "unknown": 1}))
        session.flush()
        assert load_planning_settings(session) == PlanningSettings()
