"""A household's address as a list writes it, split into house number, lane and street.

"Số 12, ngõ 5, đường Hoàng Liên, tổ 3, phường Cốc Lếu" → ("12", "ngõ 5", "đường Hoàng
Liên"); "12 Hoàng Liên" → ("12", None, "Hoàng Liên"). Administrative parts (group,
ward, province) are dropped: the group and ward are stored elsewhere.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from desktop.domain.addresses import normalize_street

_LANE = re.compile(r"^(ngõ|ngo|ngách|ngach|hẻm|hem|kiệt|kiet)\b")
# Compared with their diacritics: "tổ 3" is a group, "Tô Hiến Thành" is a street.
_ADMIN = re.compile(
    r"^(tổ|tdp|thôn|bản|xóm|ấp|khu phố|phường|xã|tỉnh|thành phố|tp\.?|quận|huyện|thị xã|"
    r"thị trấn)(\s|$)"
)
# "\d[\w/-]*", not "\d+[\w/-]*": the same numbers, without trying every split of a long
# run of digits (which took seconds per cell).
_HOUSE = re.compile(r"^(?:số nhà|số|sn|nhà số)?\s*(\d[\w/\-]*)$", re.IGNORECASE)
_HOUSE_AND_STREET = re.compile(r"^(?:số nhà|số|sn|nhà số)?\s*(\d[\w/\-]*)\s+(.+)$", re.IGNORECASE)


@dataclass(frozen=True)
class AddressParts:
    house_number: str | None = None
    lane: str | None = None
    street: str | None = None


def tidy(text: str | None) -> str | None:
    cleaned = " ".join((text or "").split())
    return cleaned or None


def normalize_lane(text: str | None) -> str | None:
    """ "NGÕ 5" → "ngõ 5"; a bare "5" stays "5" (the address reads it as "ngõ 5")."""
    lane = tidy(text)
    if not lane:
        return None
    first, _, rest = lane.partition(" ")
    if _LANE.match(unicodedata.normalize("NFC", first).lower()):
        return f"{first.lower()} {rest}".strip()
    return lane


def normalize_house_number(text: str | None) -> str | None:
    """ "Số 12" / "SN 12" → "12"."""
    house = tidy(text)
    if not house:
        return None
    match = _HOUSE.match(house)
    return match.group(1) if match else house


def split_address(text: str | None) -> AddressParts:
    """The house number, lane and street an address text names."""
    house = lane = street = None
    lanes = []
    for part in (tidy(piece) for piece in (text or "").split(",")):
        if not part:
            continue
        lowered = unicodedata.normalize("NFC", part).lower()
        if _LANE.match(lowered):
            lanes.append(normalize_lane(part))
        elif _ADMIN.match(lowered):
            continue
        elif house is None and (match := _HOUSE.match(part)):
            house = match.group(1)
        elif house is None and street is None and (match := _HOUSE_AND_STREET.match(part)):
            house, street = match.group(1), normalize_street(match.group(2))
        elif street is None:
            street = normalize_street(part)
    if lanes:
        lane = ", ".join(lanes)
    return AddressParts(house, lane, street)
