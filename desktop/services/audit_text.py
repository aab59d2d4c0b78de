"""The audit trail in words: what each entry says in Vietnamese, for the viewer and the
inspection's spreadsheet.

An entry is stored as tokens (action "update", entity "resident", its key, changes as
{field: [old, new]}); this module turns it into a sentence ("Sửa nhân khẩu Nguyễn Văn
A: số điện thoại") and its changes into lines of (what, before, after). It reads no
database: the names an entry does not carry (a resident's name for an "update") come in
a TrailNames that desktop.services.audit_trail fills for a page of entries at once.
ID numbers and phones are masked here when the person reading may not see them whole.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PureWindowsPath
from typing import Any

from desktop.domain.campaign import OUTCOME_LABELS, ROLE_LABELS, SERVICE_LABELS
from desktop.domain.numbers import number
from desktop.domain.personal_id import mask_personal_id
from desktop.domain.roles import PERMISSION_WORDS, role_name

ACTION_WORDS = {
    "create": "Thêm",
    "update": "Sửa",
    "delete": "Xóa",
    "view": "Xem",
    "export": "Xuất ra tệp",
    "print": "In",
    "backup": "Sao lưu",
    "restore": "Khôi phục",
    "replace": "Thay toàn bộ dữ liệu",
    "clear": "Bỏ cảnh báo",
    "login": "Đăng nhập",
    "login_failed": "Đăng nhập sai",
    "login_refused": "Từ chối đăng nhập",
    "logout": "Đăng xuất",
    "unlock": "Mở khóa màn hình",
    "unlock_failed": "Mở khóa sai",
    "password_reset": "Đặt lại mật khẩu",
    "password_change": "Đổi mật khẩu",
    "refused": "Bị từ chối",
}
ENTITY_WORDS = {
    "resident": "Nhân khẩu",
    "household": "Hộ gia đình",
    "visit": "Lượt đến hộ",
    "report": "Báo cáo, danh sách",
    "walk_sheets": "Phiếu đi hộ",
    "database": "Toàn bộ dữ liệu",
    "ward": "Phường, xã",
    "group": "Tổ dân phố",
    "ward_map": "Bản đồ phường",
    "setting": "Thiết lập",
    "campaign": "Chiến dịch",
    "team": "Tổ công tác",
    "member": "Thành viên tổ",
    "team_membership": "Phân công vào tổ",
    "shift": "Ca trực",
    "flag": "Cảnh báo số liệu",
    "audit_trail": "Nhật ký thao tác",
    "account": "Tài khoản",
    "command": "Lệnh, chức năng",
}
REASON_WORDS = {
    "edit": "Sửa tại bàn trực",
    "import": "Nhập từ Excel",
    "demo": "Phường mẫu",
    "visit": "Kết quả đến hộ",
    "approval": "Danh sách duyệt mức 2",
    "map": "Bản đồ",
    "export": "Xuất ra tệp",
    "print": "In",
    "view": "Xem trên màn hình",
    "backup": "Sao lưu",
    "restore": "Khôi phục",
    "account": "Tài khoản",
}
# What an entry's source starts the sentence with, for changes not typed at the desk.
_REASON_PREFIX = {"import": "Nhập từ Excel: ", "demo": "Phường mẫu: ", "map": "Theo bản đồ: "}
REPORT_KINDS = {
    "daily": "báo cáo ngày",
    "campaign": "báo cáo kết quả chiến dịch",
    "pending": "danh sách còn phải làm",
    "consolidated": "báo cáo tổng hợp",
}

FIELD_WORDS = {
    "full_name": "họ tên",
    "relation": "quan hệ với chủ hộ",
    "birth_date": "ngày sinh",
    "birth_year": "năm sinh",
    "gender": "giới tính",
    "personal_id": "số định danh",
    "phone": "số điện thoại",
    "has_chip_card": "thẻ CCCD gắn chíp",
    "vneid_level": "mức định danh điện tử",
    "vneid_level_changed_on": "ngày đổi mức định danh",
    "app_114": "Báo cháy 114",
    "documents_integrated": "tích hợp giấy tờ",
    "notes": "ghi chú",
    "household": "hộ",
    "group_id": "tổ dân phố",
    "house_number": "số nhà",
    "lane": "ngõ, ngách",
    "street": "đường, phố",
    "lat": "vĩ độ",
    "lon": "kinh độ",
    "position_source": "nguồn tọa độ",
    "shift_id": "ca trực",
    "household_id": "hộ",
    "outcome": "kết quả",
    "visited_at": "giờ đến",
    "come_back_at": "hẹn quay lại",
    "residents": "số người",
    "name": "tên",
    "province": "tỉnh",
    "leader_name": "tổ trưởng",
    "leader_phone": "điện thoại tổ trưởng",
    "station_lat": "vĩ độ trụ sở",
    "station_lon": "kinh độ trụ sở",
    "starts_on": "ngày bắt đầu",
    "ends_on": "ngày kết thúc",
    "services": "công việc theo dõi",
    "is_current": "chiến dịch hiện tại",
    "role": "vai trò",
    "rank": "cấp bậc",
    "unit": "đơn vị",
    "active": "còn đi hộ",
    "team": "tổ công tác",
    "team_id": "tổ công tác",
    "member": "thành viên",
    "from_date": "từ ngày",
    "to_date": "đến ngày",
    "day": "đêm",
    "window": "giờ ca",
    "starts_at": "giờ bắt đầu",
    "ends_at": "giờ kết thúc",
    "households": "số hộ",
    "kind": "loại",
    "date": "ngày",
    "teams": "số tổ",
    "pages": "số trang",
    "rows": "số dòng",
    "masked": "số định danh, điện thoại đã che",
    "idle_lock_minutes": "số phút tự khóa màn hình",
    "safety_copy": "bản giữ lại dữ liệu cũ",
    "flag": "cảnh báo",
    "figures": "số liệu",
    "reason": "lý do",
    "file": "tệp",
    "area": "vùng",
    "area_source": "vùng lấy theo",
    "ways": "số đường đi",
    "named_streets": "số phố có tên",
    "address_points": "số điểm địa chỉ",
    "ward": "phường",
    "settings": "số thiết lập",
    "filters": "bộ lọc",
    "display_name": "họ tên hiển thị",
    "disabled": "đã tắt",
    "failed_attempts": "số lần sai liên tiếp",
    "locked_until": "khóa đến",
    "permission": "quyền",
}
# Fields whose words depend on what the entry is about.
_FIELD_WORDS_BY_ENTITY = {
    ("visit", "residents"): "người trong hộ",
    ("database", "residents"): "số nhân khẩu",
    ("walk_sheets", "residents"): "số người",
    ("ward", "name"): "tên phường",
    ("group", "name"): "tên tổ",
    ("account", "reason"): "vì sao",
    ("command", "reason"): "vì sao",
}
_CHANGES = ("create", "update", "delete")
# Why a sign-in or a command was refused (accounts' "reason" values).
_REFUSAL_WORDS = {
    "wrong_password": "sai mật khẩu",
    "unknown_name": "tên đăng nhập không có",
    "locked": "tài khoản đang bị khóa",
    "disabled": "tài khoản đã bị tắt",
    "no_login": "chưa đăng nhập",
    "no_password": "thiếu mật khẩu",
}
_GENDERS = {"male": "Nam", "female": "Nữ"}
_LEVELS = {0: "Chưa có", 1: "Mức 1", 2: "Mức 2"}
_PLAIN_NUMBERS = ("birth_year", "group_id", "household_id", "shift_id", "team_id")  # no "1.980"


@dataclass(frozen=True)
class TrailNames:
    """What the entries of a page are about, by the keys the trail stores: a resident's
    name by uid, a household's address by code, a visit's household code by visit id;
    and for the ids in their changes, a group's name and a household's code by id."""

    residents: Mapping[str, str] = field(default_factory=dict)
    households: Mapping[str, str] = field(default_factory=dict)
    visits: Mapping[str, str] = field(default_factory=dict)
    groups: Mapping[int, str] = field(default_factory=dict)
    household_codes: Mapping[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ChangeLine:
    """One changed value as a person reads it: what, before, after ("" for nothing)."""

    what: str
    before: str
    after: str


@dataclass(frozen=True)
class EntryFacts:
    """The stored tokens of one entry that its words are made of."""

    action: str
    reason: str
    entity_type: str
    entity_key: str | None
    changes: Mapping[str, Any] | None
    source: str | None


def action_word(action: str) -> str:
    return ACTION_WORDS.get(action, action)


def entity_word(entity_type: str) -> str:
    return ENTITY_WORDS.get(entity_type, entity_type)


def reason_word(reason: str) -> str:
    return REASON_WORDS.get(reason, reason)


def field_word(entity_type: str, name: str) -> str:
    if name.startswith("service:"):
        service = name.removeprefix("service:")
        return SERVICE_LABELS.get(service, service)
    return _FIELD_WORDS_BY_ENTITY.get((entity_type, name)) or FIELD_WORDS.get(name, name)


# Values --------------------------------------------------------------------------------


def mask_phone(phone: str) -> str:
    """Only the last 3 digits of a phone ("•••••••601"), as leaders see them."""
    return "•" * max(len(phone) - 3, 0) + phone[-3:]


def _is_secret(name: str) -> bool:
    return name == "personal_id" or "phone" in name


def _masked(name: str, value: Any) -> Any:
    if not isinstance(value, str) or not value:
        return value
    return mask_personal_id(value) if name == "personal_id" else mask_phone(value)


def _date_text(text: str) -> str:
    """ISO date or time stamp → "05/12/2026" or "05/12/2026 22:30"; other text as it is."""
    try:
        if len(text) == 10:
            return f"{date.fromisoformat(text):%d/%m/%Y}"
        if len(text) >= 16 and text[4] == "-" and text[10] in "T ":
            return f"{datetime.fromisoformat(text):%d/%m/%Y %H:%M}"
    except ValueError:
        pass
    return text


def _visit_people(lines: list) -> str:
    """A visit's [[resident id, met, reason], …] → "3 người: 2 gặp, 1 vắng"."""
    met = sum(1 for line in lines if isinstance(line, list | tuple) and len(line) > 1 and line[1])
    text = f"{number(len(lines))} người: {number(met)} gặp"
    if len(lines) > met:
        text += f", {number(len(lines) - met)} không gặp"
    return text


_FILTER_WORDS = {
    "actor": "người thực hiện",
    "action": "thao tác",
    "entity": "đối tượng",
    "from": "từ ngày",
    "to": "đến ngày",
}


def _filters_text(filters: Mapping[str, Any]) -> str:
    """An audit export's filters ({"actor": …, "residents": [uids]}) in words."""
    parts = []
    for name, value in filters.items():
        if name == "residents" and isinstance(value, list):
            parts.append(f"nhân khẩu: {number(len(value))} người")
        else:
            words = {"action": ACTION_WORDS, "entity": ENTITY_WORDS}.get(name, {})
            shown = words.get(value) or (_date_text(value) if isinstance(value, str) else value)
            parts.append(f"{_FILTER_WORDS.get(name, name)}: {shown}")
    return "; ".join(parts) or "không lọc"


def value_text(entity_type: str, name: str, value: Any, mask: bool = False) -> str:
    """One stored value as the viewer shows it ("" for nothing)."""
    if value is None:
        return ""
    if mask and _is_secret(name):
        value = _masked(name, value)
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if name == "gender":
        return _GENDERS.get(value, str(value))
    if name == "vneid_level" and isinstance(value, int):
        return _LEVELS.get(value, str(value))
    if name == "outcome":
        return OUTCOME_LABELS.get(value, str(value))
    if name == "role":
        return role_name(value) if entity_type == "account" else ROLE_LABELS.get(value, str(value))
    if name == "reason" and entity_type in ("account", "command"):
        return _REFUSAL_WORDS.get(value, str(value))
    if name == "permission":
        return PERMISSION_WORDS.get(value, str(value))
    if name == "kind" and entity_type == "report":
        return REPORT_KINDS.get(value, str(value))
    if name == "services" and isinstance(value, list):
        return ", ".join(SERVICE_LABELS.get(service, str(service)) for service in value)
    if name == "residents" and isinstance(value, list):
        return _visit_people(value)
    if name == "filters" and isinstance(value, dict):
        return _filters_text(value)
    if isinstance(value, int):
        return (
            number(value) if name not in ("birth_year", "group_id", "household_id") else str(value)
        )
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    if isinstance(value, str):
        return _date_text(value)
    if isinstance(value, list) and all(isinstance(item, str | int | float) for item in value):
        return ", ".join(value_text(entity_type, "", item) for item in value)
    return json.dumps(value, ensure_ascii=False)


def _named_id(name: str, value: Any, names: TrailNames) -> Any:
    """A group's or a household's id in the changes as its name or code, when known."""
    known = {"group_id": names.groups, "household_id": names.household_codes}.get(name)
    if known is None or not isinstance(value, int):
        return value
    return known.get(value, value)


def change_lines(
    facts: EntryFacts, mask: bool = False, names: TrailNames | None = None
) -> tuple[ChangeLine, ...]:
    """The entry's changes, one line per field, in the order it stored them."""
    names = names or TrailNames()
    lines = []
    for name, pair in (facts.changes or {}).items():
        if isinstance(pair, list | tuple) and len(pair) == 2:
            old, new = pair
        else:  # not the {field: [old, new]} shape: show the value as the new one
            old, new = None, pair
        lines.append(
            ChangeLine(
                field_word(facts.entity_type, name),
                value_text(facts.entity_type, name, _named_id(name, old, names), mask),
                value_text(facts.entity_type, name, _named_id(name, new, names), mask),
            )
        )
    return tuple(lines)


# Sentences -----------------------------------------------------------------------------


def _new(facts: EntryFacts, name: str) -> Any:
    pair = (facts.changes or {}).get(name)
    return pair[1] if isinstance(pair, list | tuple) and len(pair) == 2 else None


def _old(facts: EntryFacts, name: str) -> Any:
    pair = (facts.changes or {}).get(name)
    return pair[0] if isinstance(pair, list | tuple) and len(pair) == 2 else None


def _either(facts: EntryFacts, name: str) -> Any:
    new = _new(facts, name)
    return new if new is not None else _old(facts, name)


def _count(facts: EntryFacts, name: str) -> str:
    value = _either(facts, name)
    return number(value) if isinstance(value, int) else "?"


def _fields(facts: EntryFacts, skip: tuple[str, ...] = ()) -> str:
    words = dict.fromkeys(
        field_word(facts.entity_type, name) for name in (facts.changes or {}) if name not in skip
    )
    return ", ".join(words)


def _file_name(source: str | None) -> str:
    """The file's name without its folders (the whole path is in the entry's source)."""
    if not source:
        return "không rõ"
    return PureWindowsPath(source).name or source  # splits on both / and \


def _with_fields(sentence: str, facts: EntryFacts, skip: tuple[str, ...] = ()) -> str:
    fields = _fields(facts, skip)
    return f"{sentence}: {fields}" if fields else sentence


def _resident_name(facts: EntryFacts, names: TrailNames) -> str:
    name = names.residents.get(facts.entity_key or "") or _either(facts, "full_name")
    return name or "(không còn trong sổ)"


def _resident(facts: EntryFacts, names: TrailNames) -> str:
    if facts.entity_key is None and facts.action == "export":
        return (
            f"Xuất danh sách toàn bộ nhân khẩu ({_count(facts, 'rows')} người) "
            f"ra tệp {_file_name(facts.source)}"
        )
    name = _resident_name(facts, names)
    if facts.action == "view":
        return f"Xem hồ sơ nhân khẩu {name} (số định danh, điện thoại)"
    if facts.action == "create":
        household = _new(facts, "household") or facts.source
        where = f" vào hộ {household}" if household else ""
        return f"Thêm nhân khẩu {name}{where}"
    if facts.action == "delete":
        return f"Xóa nhân khẩu {name}"
    if facts.reason == "visit":
        return _with_fields(f"Ghi kết quả đến hộ cho {name}", facts, ("vneid_level_changed_on",))
    if facts.reason == "approval":
        return _with_fields(f"Duyệt mức 2 cho {name}", facts, ("vneid_level_changed_on",))
    return _with_fields(f"Sửa nhân khẩu {name}", facts, ("vneid_level_changed_on",))


def _household(facts: EntryFacts, names: TrailNames) -> str:
    code = facts.entity_key or "?"
    address = names.households.get(code)
    named = f"hộ {code} ({address})" if address else f"hộ {code}"
    if facts.action == "create":
        return f"Thêm {named}"
    if facts.action == "delete":
        return f"Xóa {named}"
    return _with_fields(f"Sửa {named}", facts)


def _visit(facts: EntryFacts, names: TrailNames) -> str:
    household = names.visits.get(facts.entity_key or "")
    at = f"hộ {household}" if household else "hộ"
    where = f" — {facts.source}" if facts.source else ""
    if facts.action == "create":
        outcome = _new(facts, "outcome")
        result = f": {OUTCOME_LABELS.get(outcome, outcome)}" if outcome else ""
        return f"Nhập kết quả đến {at}{result}{where}"
    if facts.action == "delete":
        return f"Xóa lượt đến {at}{where}"
    return _with_fields(f"Sửa kết quả đến {at}", facts) + where


def _report(facts: EntryFacts) -> str:
    kind = _new(facts, "kind") or (facts.entity_key or "").split(":")[0]
    what = REPORT_KINDS.get(kind, "báo cáo")
    day = _new(facts, "date")
    what += f" ngày {_date_text(day)}" if day else ""
    people = _new(facts, "residents")
    if isinstance(people, int):
        what += f" ({number(people)} người)"
    if facts.action == "print":
        return f"In {what} (máy in {facts.source or 'không rõ'})"
    if facts.action == "view":
        return f"Xem {what} trên màn hình"
    return f"Xuất {what} ra tệp {_file_name(facts.source)}"


def _walk_sheets(facts: EntryFacts) -> str:
    night = _date_text(facts.entity_key or "")
    counts = (
        f"{_count(facts, 'teams')} tổ, {_count(facts, 'households')} hộ, "
        f"{_count(facts, 'residents')} người"
    )
    return f"Xuất phiếu đi hộ đêm {night} ({counts}) ra tệp {_file_name(facts.source)}"


def _database(facts: EntryFacts) -> str:
    if facts.action == "restore":
        return f"Khôi phục dữ liệu từ bản sao lưu {_file_name(facts.source)}"
    return (
        f"Sao lưu toàn bộ dữ liệu ({_count(facts, 'households')} hộ, "
        f"{_count(facts, 'residents')} nhân khẩu) ra tệp {_file_name(facts.source)}"
    )


def _ward(facts: EntryFacts) -> str:
    if facts.action == "replace":
        return (
            f"Thay toàn bộ dữ liệu bằng phường mẫu (xóa {_count(facts, 'households')} hộ, "
            f"{_count(facts, 'residents')} nhân khẩu)"
        )
    if facts.action == "create":
        return f"Tạo phường, xã {_new(facts, 'name') or facts.entity_key}"
    return _with_fields("Sửa thông tin phường, xã", facts)


def _group(facts: EntryFacts) -> str:
    name = _either(facts, "name") or (facts.entity_key or "").rpartition("/")[2]
    if facts.action == "create":
        return f"Thêm tổ dân phố {name}"
    return _with_fields(f"Sửa {name}", facts)


def _named_record(facts: EntryFacts, what: str, name_field: str) -> str:
    name = _either(facts, name_field)
    named = f"{what} {name}" if name else f"{what} #{facts.entity_key}"
    if facts.action in ("create", "delete"):
        return f"{action_word(facts.action)} {named}"
    return _with_fields(f"Sửa {named}", facts)


def _membership(facts: EntryFacts) -> str:
    member, team = _either(facts, "member"), _either(facts, "team")
    if facts.action == "create":
        since = _date_text(_new(facts, "from_date") or "")
        return f"Phân công {member} vào {team} từ ngày {since}"
    until = _date_text(_new(facts, "to_date") or "")
    return f"Kết thúc phân công {member} ở {team} sau ngày {until}"


def _shift(facts: EntryFacts) -> str:
    if facts.action == "create":
        day = _date_text(_new(facts, "day") or "")
        return f"Lập ca trực {_new(facts, 'team')} đêm {day} ({_count(facts, 'households')} hộ)"
    if facts.action == "delete":
        return f"Xóa ca trực #{facts.entity_key}"
    return _with_fields(f"Sửa ca trực #{facts.entity_key}", facts)


def _flag(facts: EntryFacts) -> str:
    reason = _new(facts, "reason")
    where = f" ({facts.source})" if facts.source else ""
    return f"Bỏ cảnh báo số liệu{where}: lý do “{reason}”"


def _account(facts: EntryFacts) -> str:
    name = f"“{facts.entity_key}”" if facts.entity_key else "(tên đăng nhập không có)"
    why = _REFUSAL_WORDS.get(_new(facts, "reason"))
    because = f" ({why})" if why else ""
    sentences = {
        "login": f"Đăng nhập tài khoản {name}",
        "login_failed": f"Đăng nhập không được vào tài khoản {name}{because}",
        "login_refused": f"Từ chối đăng nhập tài khoản {name}{because}",
        "logout": f"Đăng xuất tài khoản {name}",
        "unlock": f"Mở khóa màn hình (tài khoản {name})",
        "unlock_failed": f"Mở khóa màn hình không được (tài khoản {name}{because})",
        "password_reset": f"Đặt lại mật khẩu tài khoản {name}",
        "password_change": f"Đổi mật khẩu tài khoản {name}",
        "create": f"Tạo tài khoản {name}",
    }
    sentence = sentences.get(facts.action)
    return sentence or _with_fields(f"{action_word(facts.action)} tài khoản {name}", facts)


def _command(facts: EntryFacts) -> str:
    permission = PERMISSION_WORDS.get(_new(facts, "permission"))
    why = f": không được {permission}" if permission else ""
    if not why and _new(facts, "reason") in _REFUSAL_WORDS:
        why = f": {_REFUSAL_WORDS[_new(facts, 'reason')]}"
    return f"Từ chối lệnh “{facts.entity_key}”{why}"


def _generic(facts: EntryFacts) -> str:
    key = f" {facts.entity_key}" if facts.entity_key else ""
    return _with_fields(
        f"{action_word(facts.action)} {entity_word(facts.entity_type).lower()}{key}", facts
    )


def describe(facts: EntryFacts, names: TrailNames | None = None) -> str:
    """One sentence saying what the entry records: "Sửa nhân khẩu Nguyễn Văn A: số điện
    thoại", "Xuất danh sách toàn bộ nhân khẩu (8.113 người) ra tệp nhan-khau.xlsx"."""
    names = names or TrailNames()
    kind = facts.entity_type
    if kind == "resident":
        sentence = _resident(facts, names)
    elif kind == "household":
        sentence = _household(facts, names)
    elif kind == "visit":
        sentence = _visit(facts, names)
    elif kind == "report":
        return _report(facts)
    elif kind == "walk_sheets":
        return _walk_sheets(facts)
    elif kind == "database":
        return _database(facts)
    elif kind == "ward":
        sentence = _ward(facts)
    elif kind == "group":
        sentence = _group(facts)
    elif kind == "ward_map":
        sentence = f"Nạp bản đồ phường từ tệp {_file_name(facts.source)}"
    elif kind == "setting":
        what = "báo cáo" if facts.entity_key == "ward.report" else (facts.entity_key or "")
        sentence = _with_fields(f"Sửa thiết lập {what}", facts)
    elif kind in ("campaign", "team"):
        sentence = _named_record(facts, entity_word(kind).lower(), "name")
    elif kind == "member":
        sentence = _named_record(facts, "thành viên", "full_name")
    elif kind == "team_membership":
        sentence = _membership(facts)
    elif kind == "shift":
        sentence = _shift(facts)
    elif kind == "flag":
        return _flag(facts)
    elif kind == "account":
        return _account(facts)
    elif kind == "command" and facts.action == "refused":
        return _command(facts)
    elif kind == "audit_trail" and facts.action == "export":
        return (
            f"Xuất nhật ký thao tác ({_count(facts, 'rows')} mục) ra tệp {_file_name(facts.source)}"
        )
    else:
        return _generic(facts)
    prefix = _REASON_PREFIX.get(facts.reason) if facts.action in _CHANGES else None
    return prefix + sentence[:1].lower() + sentence[1:] if prefix else sentence
