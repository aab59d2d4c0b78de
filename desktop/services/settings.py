"""Settings the duty room can change and the program keeps: planning times and speeds
(and, through load_setting and store_setting, the report settings of
desktop.services.reporting.settings).

Values live in the `setting` table as JSON under one key per topic. A missing or
partly missing value falls back to the defaults, so an old database keeps working
when a new setting appears.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from sqlalchemy.orm import Session

from desktop.db.models import Setting
from desktop.domain import roles
from desktop.domain.errors import InvalidValue
from desktop.services import audit, signed_in

PLANNING_KEY = "planning"


@dataclass(frozen=True)
class PlanningSettings:
    """How long a visit takes and how fast a team walks.

    A household takes `minutes_per_household` (greeting, finding the papers) plus
    `minutes_per_service` for every service still pending there. Walking distance is
    the straight line times `detour_factor` (lanes and alleys never run straight),
    walked at `walking_speed_kmh`.
    """

    minutes_per_household: float = 4.0
    minutes_per_service: float = 5.0
    walking_speed_kmh: float = 4.0
    detour_factor: float = 1.3

    def as_json(self) -> dict[str, float]:
        return asdict(self)


# (field, lowest, highest, Vietnamese name) for validation.
_LIMITS = (
    ("minutes_per_household", 0.0, 120.0, "Số phút cho mỗi hộ"),
    ("minutes_per_service", 0.0, 120.0, "Số phút cho mỗi dịch vụ"),
    ("walking_speed_kmh", 1.0, 15.0, "Tốc độ đi bộ (km/giờ)"),
    ("detour_factor", 1.0, 3.0, "Hệ số đường vòng"),
)


def check_planning_settings(settings: PlanningSettings) -> None:
    """Raise InvalidValue, in Vietnamese, for a value outside what makes sense."""
    for name, lowest, highest, label in _LIMITS:
        value = getattr(settings, name)
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise InvalidValue(f"{label} phải là một số.")
        if not lowest <= value <= highest:
            raise InvalidValue(
                f"{label} phải nằm trong khoảng {_number(lowest)}–{_number(highest)} "
                f"(đang là {_number(value)})."
            )
    if settings.minutes_per_household + settings.minutes_per_service <= 0:
        raise InvalidValue("Thời gian cho mỗi hộ và mỗi dịch vụ không thể cùng bằng 0.")


def load_planning_settings(session: Session) -> PlanningSettings:
    """The stored planning settings, with defaults for whatever is missing or unreadable."""
    stored = _stored(session, PLANNING_KEY)
    known = {field.name for field in fields(PlanningSettings)}
    values = {
        name: float(value)
        for name, value in stored.items()
        if name in known and isinstance(value, int | float) and not isinstance(value, bool)
    }
    settings = PlanningSettings(**values)
    try:
        check_planning_settings(settings)
    except InvalidValue:
        return PlanningSettings()
    return settings


def save_planning_settings(session: Session, settings: PlanningSettings) -> PlanningSettings:
    """Validate and store the planning settings; raises InvalidValue and stores nothing."""
    signed_in.require(roles.SETTINGS)
    check_planning_settings(settings)
    row = session.get(Setting, PLANNING_KEY)
    if row is None:
        session.add(Setting(key=PLANNING_KEY, value=settings.as_json()))
    else:
        row.value = settings.as_json()
    session.flush()
    return settings


def _stored(session: Session, key: str) -> dict[str, Any]:
    row = session.get(Setting, key)
    return row.value if row is not None and isinstance(row.value, dict) else {}


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def load_setting(session: Session, key: str) -> dict[str, Any]:
    """The JSON object stored under `key`, or {} when there is none (or not an object)."""
    return _stored(session, key)


def store_setting(session: Session, key: str, value: dict[str, Any]) -> None:
    """Store a JSON object under `key`, replacing what was there."""
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
    session.flush()


def remove_setting(session: Session, key: str) -> None:
    """Forget what is stored under `key` (nothing happens when there is nothing)."""
    row = session.get(Setting, key)
    if row is not None:
        session.delete(row)
        session.flush()


# The window locks after this many minutes without keyboard or mouse (issue 14); the
# ward may choose between 1 and 240 (4 hours: a night shift's longest quiet spell).
SECURITY_KEY = "security"
IDLE_LOCK_MINUTES_RANGE = (1, 240)


def load_idle_lock_minutes(session: Session) -> int:
    """Minutes without input after which the window locks (roles.IDLE_LOCK_MINUTES
    unless the ward chose otherwise)."""
    stored = _stored(session, SECURITY_KEY).get("idle_lock_minutes")
    lowest, highest = IDLE_LOCK_MINUTES_RANGE
    if type(stored) is int and lowest <= stored <= highest:
        return stored
    return roles.IDLE_LOCK_MINUTES


def save_idle_lock_minutes(session: Session, minutes: int) -> int:
    """Store the minutes before the window locks (administrators and duty officers:
    SETTINGS), audited; refuses (InvalidValue) a number outside IDLE_LOCK_MINUTES_RANGE."""
    signed_in.require(roles.SETTINGS)
    lowest, highest = IDLE_LOCK_MINUTES_RANGE
    if type(minutes) is not int or not lowest <= minutes <= highest:
        raise InvalidValue(
            f"Thời gian tự khóa màn hình phải từ {lowest} đến {highest} phút (đang là {minutes})."
        )
    before = load_idle_lock_minutes(session)
    if minutes != before:
        stored = {**_stored(session, SECURITY_KEY), "idle_lock_minutes": minutes}
        store_setting(session, SECURITY_KEY, stored)
        audit.record_change(
            session,
            action="update",
            reason=audit.EDIT,
            entity_type="setting",
            entity_key="idle_lock_minutes",
            changes={"idle_lock_minutes": [before, minutes]},
        )
    return minutes
