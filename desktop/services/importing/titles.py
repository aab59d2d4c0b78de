"""What the lines above a table, a sheet's name or a section row say about where it is.

"CÔNG AN PHƯỜNG CỐC LẾU" names the ward; "TỈNH LÀO CAI" the province; "DANH SÁCH HỘ
GIA ĐÌNH TỔ DÂN PHỐ SỐ 5" or a sheet called "Tổ 5" / "TDP5" the residential group.
Groups are named the way the program names them ("Tổ 5", "Thôn Bản Phiệt"), so the
same group is found again whichever way a file spells it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from desktop.domain.names import fold, normalize_name

# "(tổ dân phố|tdp|tổ) (số) 5" in folded text; the number may carry a letter ("5A").
_NUMBERED_GROUP = re.compile(r"^(?:to dan pho|to dp|tdp|to)\s*(?:so\s*)?(\d+[a-z]?)$")
_NAMED_GROUP_KINDS = {
    "to dan pho": "Tổ dân phố",
    "khu pho": "Khu phố",
    "thon": "Thôn",
    "ban": "Bản",
    "xom": "Xóm",
    "ap": "Ấp",
    "kp": "Khu phố",
}
_GROUP_IN_TITLE = re.compile(
    r"\b(tổ dân phố|tổ dp|tdp|tổ|thôn|bản|khu phố|xóm|ấp)\s+(?:số\s+)?"
    r"([^,;:()\-–]+?)(?=\s*(?:[,;:()\-–]|\s+phường\b|\s+xã\b|\s+năm\b|\s+tháng\b|$))",
    re.IGNORECASE,
)
_WARD_IN_TITLE = re.compile(
    r"\b(phường|xã)\s+([^,;:()\-–]+?)(?=\s*(?:[,;:()\-–]|\s+tỉnh\b|\s+thành phố\b|"
    r"\s+năm\b|\s+tháng\b|$))",
    re.IGNORECASE,
)
_PROVINCE_IN_TITLE = re.compile(
    r"\b(tỉnh|thành phố)\s+([^,;:()\-–]+?)(?=\s*(?:[,;:()\-–]|\s+phường\b|\s+xã\b|\s+năm\b|$))",
    re.IGNORECASE,
)
_CITY_PROVINCES = {"ha noi", "ho chi minh", "hai phong", "da nang", "can tho", "hue"}
_MOTTO = ("cong hoa", "doc lap", "tu do", "hanh phuc")
_NOT_GROUP_WORDS = ("truong", "cong tac", "chuc", "pho", "trinh", "hop")
_DEFAULT_SHEET_NAMES = re.compile(r"^(sheet|trang tinh|trang|bang tinh|page)\s*\d*$")


@dataclass(frozen=True)
class Place:
    """The ward a title names: its name, its kind (Phường/Xã) and its province."""

    name: str
    kind: str = "Phường"
    province: str = ""


def _nfc(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def group_name(text: str) -> str | None:
    """The group a cell or sheet name names ("TỔ DÂN PHỐ SỐ 5", "TDP5", "To 5" → "Tổ 5").

    Returns None when the text does not name a group.
    """
    clean = _nfc(text)
    folded = fold(clean)
    if not folded:
        return None
    if match := _NUMBERED_GROUP.match(folded):
        return f"Tổ {match.group(1).upper()}"
    for prefix, kind in _NAMED_GROUP_KINDS.items():
        if folded.startswith(prefix + " ") and len(folded) > len(prefix) + 1:
            rest = clean.split(" ", prefix.count(" ") + 1)[-1]
            if fold(rest).startswith("so "):
                rest = rest.split(" ", 1)[1]
            return f"{kind} {normalize_name(rest)}" if not rest.isdigit() else f"{kind} {rest}"
    return None


def group_key(name: str) -> str:
    """A form under which spellings of the same group compare equal."""
    normalized = group_name(name) or _nfc(name)
    return fold(normalized)


def group_from_sheet_name(sheet_name: str) -> str | None:
    """The group a sheet's name gives, unless it is a default name like "Sheet1"."""
    if _DEFAULT_SHEET_NAMES.match(fold(sheet_name)):
        return None
    return group_name(sheet_name)


def group_from_title(lines: list[str]) -> str | None:
    """The group named in the lines above a table ("DANH SÁCH … TỔ DÂN PHỐ SỐ 5")."""
    for line in lines:
        if _is_motto(line):
            continue
        for match in _GROUP_IN_TITLE.finditer(_nfc(line)):
            kind, rest = match.group(1), match.group(2).strip()
            if fold(rest).split(" ")[0] in _NOT_GROUP_WORDS:
                continue
            found = group_name(f"{kind} {rest}")
            if found:
                return found
    return None


def ward_from_title(lines: list[str]) -> Place | None:
    """The ward (and province) named in the agency lines and title above a table."""
    ward, province = None, ""
    for line in lines:
        if _is_motto(line):
            continue
        text = _nfc(line)
        if ward is None and (match := _WARD_IN_TITLE.search(text)):
            kind = "Xã" if fold(match.group(1)) == "xa" else "Phường"
            ward = (normalize_name(match.group(2)), kind)
        if not province and (match := _PROVINCE_IN_TITLE.search(text)):
            name = normalize_name(match.group(2))
            if fold(match.group(1)) == "tinh" or fold(name) in _CITY_PROVINCES:
                province = name
    if ward is None or not ward[0]:
        return None
    return Place(ward[0], ward[1], province)


def place_from_option(text: str) -> Place:
    """ "--ward" as typed: "Cốc Lếu", "Phường Cốc Lếu" or "xã Bản Phiệt"."""
    clean = _nfc(text)
    folded = fold(clean)
    for prefix, kind in (("phuong ", "Phường"), ("xa ", "Xã")):
        if folded.startswith(prefix):
            return Place(normalize_name(clean[len(prefix) :]), kind)
    return Place(normalize_name(clean))


def _is_motto(line: str) -> bool:
    folded = fold(line)
    return any(word in folded for word in _MOTTO)
