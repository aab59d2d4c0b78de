"""Recognising the columns of a household list by their Vietnamese headings.

Wards write the same heading many ways ("Họ và tên", "Họ tên", "HỌ VÀ TÊN"; "Số CCCD",
"Số định danh cá nhân", "Số ĐDCN"; "QH với CH"…), sometimes in two rows ("Năm sinh"
over "Nam" | "Nữ"; "Định danh điện tử" over "Mức 1" | "Mức 2"). A heading is folded
(lower case, no diacritics, đ → d, punctuation as spaces) and tried against rules in
order, most specific first. Only "nam" against "năm" needs the diacritics.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from desktop.domain.names import fold

# Field keys and their names in the mapping dialog, in the order the dialog lists them.
FIELD_LABELS: dict[str, str] = {
    "full_name": "Họ và tên",
    "family_name": "Họ và tên đệm",
    "given_name": "Tên",
    "relation": "Quan hệ với chủ hộ",
    "birth": "Ngày sinh",
    "birth_year": "Năm sinh",
    "birth_male": "Ngày/năm sinh (cột Nam)",
    "birth_female": "Ngày/năm sinh (cột Nữ)",
    "gender": "Giới tính",
    "personal_id": "Số định danh cá nhân",
    "phone": "Số điện thoại",
    "vneid_level": "Mức định danh điện tử",
    "level1_mark": "Định danh mức 1 (đánh dấu)",
    "level2_mark": "Định danh mức 2 (đánh dấu)",
    "app_114": "Cài ứng dụng Báo cháy 114",
    "has_chip_card": "Có CCCD gắn chip",
    "documents_integrated": "Đã tích hợp giấy tờ",
    "household_code": "Mã hộ",
    "group": "Tổ dân phố / thôn",
    "address": "Địa chỉ",
    "house_number": "Số nhà",
    "lane": "Ngõ/ngách",
    "street": "Đường/phố",
    "lat": "Vĩ độ",
    "lon": "Kinh độ",
    "coordinates": "Tọa độ (vĩ độ, kinh độ)",
    "notes": "Ghi chú",
    "row_number": "Số thứ tự",
}
IGNORED = ""  # a column the import leaves alone
ROW_NUMBER = "row_number"
# Fields that describe a person; a table needs the name and two of these.
PERSON_FIELDS = {
    "relation",
    "birth",
    "birth_year",
    "birth_male",
    "birth_female",
    "gender",
    "personal_id",
    "phone",
    "vneid_level",
    "app_114",
}

_PUNCTUATION = re.compile(r"[^\w]+")


def folded_heading(text: str) -> str:
    """ "Số ĐDCN/CCCD (*)" → "so ddcn cccd": what the rules below compare."""
    return " ".join(_PUNCTUATION.sub(" ", fold(text)).split())


def _lower(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


def _exact(*words: str) -> Callable[[str], bool]:
    wanted = set(words)
    return lambda folded: folded in wanted


def _has(*parts: str) -> Callable[[str], bool]:
    patterns = [re.compile(rf"(^| ){re.escape(part)}( |$)") for part in parts]
    return lambda folded: any(pattern.search(folded) for pattern in patterns)


def _starts(*parts: str) -> Callable[[str], bool]:
    return lambda folded: any(folded == p or folded.startswith(p + " ") for p in parts)


# The columns of `denkhuya export residents`, so that the program reads what it writes.
_EXPORT_COLUMNS = {
    "household_code": "household_code",
    "group": "group",
    "address": "address",
    "full_name": "full_name",
    "birth_date": "birth",
    "birth_year": "birth_year",
    "gender": "gender",
    "personal_id": "personal_id",
    "phone": "phone",
    "relation": "relation",
    "vneid_level": "vneid_level",
    "app_114": "app_114",
    "lat": "lat",
    "lon": "lon",
}
_LONGEST_HEADING = 200  # a longer cell is a note or a title, not a heading

# (field, test on the folded heading), tried in order: the first that matches wins;
# None for headings that look like a field's but are not (a level-2 application
# collected is not an account activated).
_RULES: list[tuple[str | None, Callable[[str], bool]]] = [
    (ROW_NUMBER, _exact("stt", "tt", "so tt", "so thu tu", "thu tu")),
    ("family_name", _exact("ho dem", "ho va ten dem", "ho va dem", "ho", "ho va chu dem")),
    ("given_name", _exact("ten", "ten goi")),
    (None, _has("ho so", "thu ho so", "lam ho so", "chua kich hoat", "chua kh", "chua cai")),
    ("level1_mark", _exact("muc 1", "dddt muc 1", "da co muc 1", "m1", "tk muc 1")),
    ("level2_mark", _exact("muc 2", "dddt muc 2", "da co muc 2", "m2", "tk muc 2")),
    ("level1_mark", _has("muc 1", "cai vneid", "cai dat vneid", "cai app vneid", "tai vneid")),
    ("level1_mark", _has("cai ung dung vneid", "tai app vneid", "cai dat ung dung vneid")),
    ("level2_mark", _has("muc 2")),
    # "KH": kích hoạt, the account activated (level 2 approved), as campaign lists write it.
    ("level2_mark", _starts("kh", "da kh", "kich hoat", "da kich hoat", "tk da kich hoat")),
    ("level2_mark", _exact("kh dddt", "da kh dddt", "kh vneid", "da kh vneid")),
    ("household_code", _starts("ma ho", "ma so ho", "so ho khau", "so so ho khau", "ma hgd")),
    ("household_code", _exact("so ho", "ma", "ma ho gd", "so hk")),
    ("app_114", _has("114", "bc114", "bao chay")),
    ("has_chip_card", _has("chip")),
    ("documents_integrated", _has("tich hop", "th giay to")),
    ("lat", _exact("vi do", "lat", "latitude")),
    ("lon", _exact("kinh do", "lon", "lng", "long", "longitude")),
    ("coordinates", _starts("toa do", "gps")),
    ("relation", _has("quan he", "qh", "qhch", "qh voi ch", "quan he voi chu ho")),
    ("vneid_level", _has("dinh danh dien tu", "dddt", "vneid", "muc dinh danh", "muc dd")),
    ("vneid_level", _has("tai khoan dinh danh", "kich hoat")),
    ("personal_id", _has("so dinh danh", "dinh danh ca nhan", "ddcn", "cccd", "cmnd", "can cuoc")),
    ("personal_id", _exact("dinh danh", "so cc", "so can cuoc")),
    ("phone", _has("dien thoai", "sdt", "so dt", "dtdd", "di dong", "dt lien he")),
    ("phone", _exact("dt")),
    ("gender", _has("gioi tinh", "gioi", "gt")),
    ("gender", _exact("nam nu", "phai")),
    ("birth", _has("ngay sinh", "ngay thang nam sinh", "sinh ngay", "ngay thang sinh")),
    ("birth", _exact("ns", "ngay thang nam")),
    ("group", _starts("to dan pho", "tdp", "thon", "ban", "khu pho", "to dp", "xom", "ap")),
    ("group", _exact("to", "to thon", "thon to", "to ban", "to so")),
    ("address", _has("dia chi", "noi o", "cho o", "noi thuong tru", "noi cu tru", "thuong tru")),
    ("house_number", _starts("so nha", "nha so")),
    ("lane", _starts("ngo", "ngach", "hem", "kiet", "ngo ngach")),
    ("street", _starts("duong", "pho", "ten duong", "duong pho", "tuyen pho")),
    ("notes", _starts("ghi chu", "chu thich")),
]
_NAME_WORDS = re.compile(r"^ho (va )?ten( (nhan khau|thanh vien|cong dan|nguoi))?$")


def recognise_heading(text: str, parent: str = "") -> str | None:
    """The field a heading names, or None when the import has no use for the column.

    `parent` is the heading above it in a two-row header ("Năm sinh" over "Nam").
    """
    own = _lower(text)
    if not own or len(own) > _LONGEST_HEADING:
        return None
    if own in _EXPORT_COLUMNS:
        return _EXPORT_COLUMNS[own]
    if parent:
        special = _two_row_field(_lower(parent), own)
        if special:
            return special
    field = _single_field(text)
    if field is None and parent:
        field = _single_field(f"{parent} {text}")
    return field


def _two_row_field(parent: str, own: str) -> str | None:
    parent_folded = folded_heading(parent)
    if own in ("số", "so") and "dia chi" in parent_folded:
        return "house_number"
    if "sinh" in parent_folded.split() and own in ("nam", "nữ", "nu"):
        return "birth_male" if own == "nam" else "birth_female"
    if own in ("nam", "nữ") and parent_folded in ("gioi tinh", "gioi"):
        return "birth_male" if own == "nam" else "birth_female"
    sub = folded_heading(own)
    if any(f" {words} " in f" {parent_folded} " for words in _LEVEL_PARENTS):
        if sub in ("muc 1", "m1", "1"):
            return "level1_mark"
        if sub in ("muc 2", "m2", "2"):
            return "level2_mark"
    if "cai" in parent_folded.split() and sub in ("vneid", "app vneid", "ung dung vneid"):
        return "level1_mark"  # "Đã cài" over "VNeID" | "114"
    return None


# Headings over "Mức 1" | "Mức 2" in a two-row header.
_LEVEL_PARENTS = ("dinh danh", "vneid", "dddt", "kich hoat", "tai khoan", "kh")


def _single_field(text: str) -> str | None:
    lowered = _lower(text)
    if lowered in ("năm sinh", "năm", "năm sinh (yyyy)"):
        return "birth_year"
    folded = folded_heading(text)
    if not folded:
        return None
    if _NAME_WORDS.match(folded):
        return "full_name"
    if folded.startswith(("ho va ten", "ho ten")) and "chu ho" not in folded:
        return "full_name"
    for field, test in _RULES:
        if test(folded):
            return field  # None: a heading that only looks like a field's
    if lowered.startswith("năm sinh") or folded == "nam sinh":
        return "birth_year"
    return None
