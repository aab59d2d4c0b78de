"""Where a household's position comes from, in order of trust (DESIGN.md, "The ward's map").

An officer's placement ("confirmed") and the ward's own list ("list") are never
overwritten by `map locate`; a position the program worked out from the map (at an
address point, or interpolated along the street) is an estimate until an officer
confirms or moves it, and locating again may replace it.
"""

from __future__ import annotations

CONFIRMED = "confirmed"
FROM_LIST = "list"
ADDRESS_POINT = "address_point"
INTERPOLATED = "interpolated"

ESTIMATED = (ADDRESS_POINT, INTERPOLATED)

LABELS = {
    CONFIRMED: "đã xác nhận",
    FROM_LIST: "theo danh sách của phường",
    ADDRESS_POINT: "ước tính: theo điểm địa chỉ trên bản đồ",
    INTERPOLATED: "ước tính: nội suy theo số nhà dọc phố",
}


def is_estimated(source: str | None) -> bool:
    """True for a position `map locate` worked out (an officer has not confirmed it)."""
    return source in ESTIMATED


def may_locate(has_position: bool, source: str | None) -> bool:
    """Whether `map locate` may (re)place a household: one without a position, or one
    whose position is only its own earlier estimate. A position without a recorded
    source was written by the list's import or an officer: it is kept."""
    return not has_position or is_estimated(source)


def source_label(has_position: bool, source: str | None) -> str:
    """The source in words for a household's details ("chưa có vị trí" without one)."""
    if not has_position:
        return "chưa có vị trí"
    return LABELS.get(source or FROM_LIST, LABELS[FROM_LIST])
