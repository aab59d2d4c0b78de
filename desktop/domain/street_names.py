"""Matching an address's street to the map's street names, and reading where a house is.

A list writes "đường Hoàng Liên", "Đ. Hoàng Liên" or "HOÀNG LIÊN"; the map says
"Hoàng Liên": all fold to the key "hoang lien" (lower case, no diacritics, đ → d, the
words that say what kind of street it is left out). A lane is a street's number path:
"Số 5, ngõ 12, đường Hoàng Liên", "5 ngõ 12 Hoàng Liên" and "12/5 Hoàng Liên" all
mean house 5 in the lane that opens on Hoàng Liên at number 12, and a map way named
"Ngõ 12 Hoàng Liên" (or "Ngõ 12", near Hoàng Liên) is that lane. A lane with a name
instead of a number ("Ngõ Huế") is a street of its own, kept apart from "Phố Huế".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.domain.names import fold

_LANE_WORDS = frozenset({"ngo", "ngach", "hem", "kiet"})
# Folded words (and word pairs) that say what kind of street a name is; "Đ." and "P."
# fold to "d" and "p".
_KIND_WORDS = (("dai", "lo"), ("duong",), ("pho",), ("dg",), ("d",), ("p",))
# Road numbers written short: "QL4D", "QL 4D", "TL 151", "ĐT 151".
_ROAD_NUMBER = re.compile(r"^(ql|tl|dt)(\d\w*)?$")
_ROAD_WORDS = {"ql": "quoc lo", "tl": "tinh lo", "dt": "tinh lo"}
_HOUSE = re.compile(r"^(\d+)\s*([a-z](?![a-z]))?")
_DIGITS = re.compile(r"\d+")


def street_key(name: str | None) -> str:
    """The key a street name is matched by: "Đ. Hoàng Liên" → "hoang lien"; "" for none."""
    words = _road_numbers(fold(name or "").split())
    while len(words) > 1:
        for kind in _KIND_WORDS:
            if tuple(words[: len(kind)]) == kind and len(words) > len(kind):
                words = words[len(kind) :]
                break
        else:
            break
    return " ".join(words)


def _road_numbers(words: list[str]) -> list[str]:
    if not words:
        return words
    match = _ROAD_NUMBER.match(words[0])
    if match is None or (match.group(2) is None and len(words) == 1):
        return words
    return [*_ROAD_WORDS[match.group(1)].split(), *filter(None, [match.group(2)]), *words[1:]]


@dataclass(frozen=True)
class StreetAddress:
    """Where a house is by its address: on which street, down which lanes, which number."""

    street_key: str  # the street the house (or its lane) opens on; "" when unknown
    lanes: tuple[str, ...] = ()  # lane numbers from the street inwards: ("12", "5")
    house: str | None = None  # "7", "7a"; None when the address has no number

    @property
    def way_key(self) -> str:
        """The key of the way the house stands on: the street's, or its lane's."""
        return lane_key(self.street_key, self.lanes) if self.lanes else self.street_key

    @property
    def match_key(self) -> tuple[str, tuple[str, ...], str | None]:
        """Equal for the same house however the address was written."""
        return (self.street_key, self.lanes, self.house)


def lane_key(street: str, lanes: tuple[str, ...]) -> str:
    """ "hoang lien#12/5": the lane 5 off lane 12 off Hoàng Liên ("#12" with no street)."""
    return f"{street}#{'/'.join(lanes)}"


def split_lane_key(key: str) -> tuple[str, tuple[str, ...]] | None:
    """(street key, lane numbers) of a lane's key; None for a street's key."""
    street, mark, lanes = key.partition("#")
    return (street, tuple(lanes.split("/"))) if mark else None


def street_address(house_number: str | None, lane: str | None, street: str | None) -> StreetAddress:
    """Read an address (as the household table or the map's addr:* tags hold it).

    The street column may itself name a lane ("Ngõ 12 Hoàng Liên", as OSM's addr:street
    often does), the lane column may carry its street ("ngõ 12 Hoàng Liên", as imports
    split "Số 5, ngõ 12 Hoàng Liên"), and a house number "12/5" is house 5 of lane 12.
    """
    key, lanes = "", []
    for position, text in enumerate((street, lane)):
        words = fold(text or "").split()
        if not words:
            continue
        numbers, rest = _lane_numbers(words)
        if not numbers and position == 1:
            if not _is_number(words[0]):
                # A lane with a name and no number ("ngõ Huế") is the street it is on.
                key = " ".join(words)
                continue
            numbers, rest = _leading_numbers(words)  # a bare lane "5" reads "ngõ 5"
        lanes.extend(numbers)
        # The street column wins over a street the lane column names after its number.
        if rest and (not key or position == 0):
            key = street_key(" ".join(rest))
    house = None
    if house_number:
        parts = [_house_token(fold(part)) for part in house_number.split("/")]
        parts = [part for part in parts if part]
        if parts:
            lanes.extend(parts[:-1])
            house = parts[-1]
    return StreetAddress(key, tuple(lanes), house)


def _lane_numbers(words: list[str]) -> tuple[list[str], list[str]]:
    """ "ngo 12 5 ngach 3 hoang lien" → (["12", "5", "3"], ["hoang", "lien"])."""
    numbers: list[str] = []
    index = 0
    while index + 1 < len(words) and words[index] in _LANE_WORDS and _is_number(words[index + 1]):
        more, _ = _leading_numbers(words[index + 1 :])
        numbers.extend(more)
        index += 1 + len(more)
    return numbers, words[index:]


def _leading_numbers(words: list[str]) -> tuple[list[str], list[str]]:
    index = 0
    while index < len(words) and _is_number(words[index]):
        index += 1
    return [_house_token(word) or word for word in words[:index]], words[index:]


def _is_number(word: str) -> bool:
    return word[:1].isdigit()


def _house_token(text: str) -> str | None:
    """ "12a" → "12a", "12 14" → "12", "so 7" → "7"; None without a number."""
    text = text.strip()
    for prefix in ("so nha ", "so ", "sn "):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    match = _HOUSE.match(text)
    if match is None:
        return None
    return match.group(1).lstrip("0") + (match.group(2) or "") or "0"


def house_value(token: str | None) -> int | None:
    """The number a house token counts as along its street ("12a" → 12)."""
    match = _DIGITS.match(token or "")
    return int(match.group()) if match else None


def named_like_ward(name: str | None, ward_name: str) -> bool:
    """Whether a map feature's name names the ward ("Công an phường Cốc Lếu", "Cốc Lếu")."""
    ward = f" {fold(ward_name)} "
    return bool(ward.strip()) and ward in f" {fold(name or '')} "


_ADMIN_WORDS = (("thi", "tran"), ("phuong",), ("xa",), ("dac", "khu"))


def is_ward_name(name: str | None, ward_name: str) -> bool:
    """Whether a boundary's name is the ward's: "Phường Cốc Lếu" and "Cốc Lếu" are."""
    words = fold(name or "").split()
    for kind in _ADMIN_WORDS:
        if tuple(words[: len(kind)]) == kind and len(words) > len(kind):
            words = words[len(kind) :]
            break
    return bool(words) and " ".join(words) == fold(ward_name)
