"""Household addresses: house number, lane (ngõ/ngách/hẻm/kiệt) and street.

The sort key walks a street the way a team does: by street, then lane, then house
number, odd side before even side.
"""

from __future__ import annotations

import re

from desktop.domain.names import normalize_name, text_sort_key

_LEADING_NUMBER = re.compile(r"(\d+)")
_LANE_WORDS = ("ngõ", "ngách", "hẻm", "kiệt")
# Words that say what kind of street it is; written in lower case and ignored in sorting.
_STREET_KINDS = ("đường", "phố", "đại lộ", "quốc lộ", "tỉnh lộ")


def normalize_street(raw: str | None) -> str | None:
    """ "ĐƯỜNG  hoàng liên" → "đường Hoàng Liên": the kind in lower case, the name capitalised."""
    name = normalize_name(raw or "")
    if not name:
        return None
    kind, rest = _split_street_kind(name)
    return f"{kind} {rest}".strip() if kind else name


def _split_street_kind(name: str) -> tuple[str, str]:
    lowered = name.lower()
    for kind in _STREET_KINDS:
        if lowered.startswith(kind + " "):
            return kind, name[len(kind) + 1 :]
    return "", name


def format_address(house_number: str | None, lane: str | None, street: str | None) -> str:
    """ "Số 12, ngõ 5, đường Hoàng Liên" style text for lists and reports."""
    parts = []
    if house_number:
        parts.append(f"Số {house_number}")
    if lane:
        parts.append(lane if lane.lower().startswith(_LANE_WORDS) else f"ngõ {lane}")
    if street:
        parts.append(street)
    return ", ".join(parts)


def house_number_key(house_number: str | None) -> tuple[int, int, str]:
    """(side, number, rest): odd side first, then even, then numbers we cannot read."""
    match = _LEADING_NUMBER.search(house_number or "")
    if not match:
        return (2, 0, house_number or "")
    number = int(match.group(1))
    return (int(number % 2 == 0), number, (house_number or "")[match.end() :])


def address_sort_key(house_number: str | None, lane: str | None, street: str | None) -> str:
    """A string whose plain order walks street by street, lane by lane, house by house."""
    side, number, rest = house_number_key(house_number)
    lane_match = _LEADING_NUMBER.search(lane or "")
    lane_number = int(lane_match.group(1)) if lane_match else 0
    return "|".join(
        [
            text_sort_key(_split_street_kind(normalize_name(street or ""))[1]),
            # Houses on the street itself ("0") come before those down its lanes.
            f"1{lane_number:06d}" if lane else "0",
            f"{side}{number:06d}{rest}",
        ]
    )
