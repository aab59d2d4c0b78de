"""When another desk got there first: the database's refusals turned into one sentence.

Several desks on one database (PostgreSQL, or one SQLite file on a shared folder) can
write the same rows at once. The version columns make the second save of a changed
row fail (`StaleDataError`), a unique constraint refuses the second of two identical
rows, a foreign key the row whose parent another desk has just deleted, and PostgreSQL
gives up one of two transactions that wait for each other. None of these is a bug, and
nothing of the refused work was written (the transaction rolls back), so
`conflict_refusal(error)` gives each its Vietnamese sentence; the CLI prints it and
exits 2, the window shows it. A text longer than its column (PostgreSQL refuses it;
SQLite stores it) is a sentence naming the field.

A constraint the program itself should never break (a duplicate primary key, a
missing value) is left alone: None, a bug with its traceback in the log.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import String
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from desktop.domain.errors import UserError

# SQLSTATEs (https://www.postgresql.org/docs/current/errcodes-appendix.html).
_UNIQUE, _FOREIGN_KEY, _TOO_LONG = "23505", "23503", "22001"
_GAVE_UP = {"40001", "40P01"}  # serialization_failure, deadlock_detected

CHANGED_MEANWHILE = (
    "Trong lúc bạn làm, người khác (ở bàn khác) vừa sửa hoặc xóa đúng dữ liệu này; việc "
    "của bạn chưa được lưu, hãy mở lại để xem bản mới nhất rồi làm lại."
)
PARENT_GONE = (
    "Dữ liệu bạn vừa lưu gắn với một mục mà người khác (ở bàn khác) vừa xóa; việc của bạn "
    "chưa được lưu, hãy mở lại để xem bản mới nhất rồi làm lại."
)
STILL_USED = (
    "Mục này vẫn còn dữ liệu khác gắn với nó (có thể vừa được thêm ở bàn khác) nên chưa "
    "xóa được; chưa có gì thay đổi, hãy mở lại để xem bản mới nhất."
)
TRY_AGAIN = (
    "Cơ sở dữ liệu đang cùng lúc ghi việc của một bàn khác vào đúng chỗ này nên đã dừng "
    "việc của bạn; chưa có gì thay đổi, hãy thử lại."
)
ALREADY_THERE = (
    "Đã có một mục trùng với mục bạn vừa lưu (có thể vừa được thêm ở bàn khác); việc của "
    "bạn chưa được lưu, hãy mở lại để xem bản mới nhất."
)

# (table, columns) of a unique constraint → what is already there.
_UNIQUE_SENTENCES = {
    ("household", ("code",)): "Mã hộ này vừa được dùng cho một hộ khác (có thể ở bàn khác); "
    "hộ của bạn chưa được lưu, hãy lưu lại để nhận mã mới.",
    ("resident", ("personal_id",)): "Số định danh này đã có ở một nhân khẩu khác (có thể vừa "
    "được nhập ở bàn khác); chưa lưu, hãy kiểm tra lại số định danh.",
    ("shift", ("team_id", "day")): "Tổ công tác này đã có ca trực đêm đó (có thể vừa được "
    "lập ở bàn khác); chưa lưu, hãy mở lại danh sách ca trực.",
    ("visit", ("shift_id", "household_id")): "Lượt đến hộ này trong ca trực đã được nhập "
    "(có thể vừa nhập ở bàn khác); chưa lưu, hãy mở lại phiếu để xem bản đã nhập.",
    ("shift_stop", ("shift_id", "household_id")): "Hộ này đã có trong lộ trình của ca trực "
    "(có thể vừa được thêm ở bàn khác); chưa có gì thay đổi.",
    ("team", ("campaign_id", "name")): "Chiến dịch đã có một tổ công tác tên này (có thể vừa "
    "được lập ở bàn khác); hãy đặt tên khác.",
    ("residential_group", ("ward_id", "name")): "Phường đã có một tổ dân phố tên này (có thể "
    "vừa được thêm ở bàn khác); hãy đặt tên khác.",
    ("account", ("name",)): "Đã có một tài khoản tên này (có thể vừa được tạo ở bàn khác); "
    "hãy chọn tên khác.",
    ("service_record", ("resident_id", "service")): "Việc này của nhân khẩu đã được ghi "
    "(có thể vừa ghi ở bàn khác); chưa lưu, hãy mở lại để xem bản mới nhất.",
}

# Column names → the field as the forms name it; derived columns name their source.
_FIELD_LABELS = {
    "full_name": "Họ và tên",
    "name_folded": "Họ và tên",
    "name_sort_key": "Họ và tên",
    "head_name": "Họ và tên chủ hộ",
    "head_sort_key": "Họ và tên chủ hộ",
    "house_number": "Số nhà",
    "lane": "Ngõ/ngách",
    "street": "Đường/phố",
    "address": "Địa chỉ",
    "address_folded": "Địa chỉ",
    "address_sort_key": "Địa chỉ",
    "code": "Mã",
    "source_code": "Mã hộ trong tệp nguồn",
    "relation": "Quan hệ với chủ hộ",
    "personal_id": "Số định danh",
    "phone": "Số điện thoại",
    "leader_name": "Tổ trưởng",
    "leader_phone": "Số điện thoại tổ trưởng",
    "rank": "Cấp bậc",
    "unit": "Đơn vị",
    "province": "Tỉnh/thành phố",
    "station_name": "Tên trụ sở công an",
    "display_name": "Họ tên hiển thị",
    "file_name": "Tên tệp",
    "entered_by": "Người nhập",
}
_TABLE_NAME_LABELS = {
    "ward": "Tên phường/xã",
    "residential_group": "Tên tổ dân phố",
    "team": "Tên tổ công tác",
    "campaign": "Tên chiến dịch",
    "account": "Tên đăng nhập",
    "member": "Họ và tên",
}
_WRITTEN_TABLE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE)\s+"?(\w+)"?', re.I)
_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: ([\w., ]+)")
_MANY_SUFFIX = re.compile(r"__\d+$")  # insertmanyvalues' numbered parameters


class Conflict(UserError):
    """Another desk's work refused this one; nothing of it was written."""


class ValueTooLong(UserError):
    """A text is longer than its field holds; `field` is the field's label (or None)."""

    def __init__(self, field: str | None, length: int | None) -> None:
        self.field = field
        most = f" (tối đa {length} ký tự)" if length else ""
        what = f"Ô “{field}”" if field else "Một ô"
        super().__init__(
            f"{what} dài quá mức cho phép{most}; chưa có gì được lưu, hãy rút gọn rồi lưu lại."
        )


def conflict_refusal(error: BaseException) -> UserError | None:
    """The sentence for a refusal caused by another desk's work or an over-long text;
    None for any other error (a bug)."""
    if isinstance(error, StaleDataError):
        return Conflict(CHANGED_MEANWHILE)
    if not isinstance(error, DBAPIError):
        return None
    state = _sqlstate(error.orig)
    if isinstance(error, IntegrityError):
        return _integrity_refusal(error, state)
    if state == _TOO_LONG or (isinstance(error, DataError) and "too long" in str(error.orig)):
        return _too_long(error)
    if state in _GAVE_UP:
        return Conflict(TRY_AGAIN)
    return None


def _sqlstate(original: BaseException | None) -> str | None:
    return getattr(original, "sqlstate", None) or getattr(original, "pgcode", None)


def _integrity_refusal(error: IntegrityError, state: str | None) -> UserError | None:
    message = str(error.orig)
    if state == _FOREIGN_KEY or "FOREIGN KEY constraint failed" in message:
        deleting = (error.statement or "").lstrip().upper().startswith(("DELETE", "UPDATE"))
        return Conflict(STILL_USED if deleting else PARENT_GONE)
    if state == _UNIQUE:
        return _unique_refusal(_postgres_unique(error.orig))
    found = _SQLITE_UNIQUE.search(message)
    if found:
        columns = [part.strip() for part in found.group(1).split(",")]
        table = columns[0].split(".")[0]
        return _unique_refusal((table, tuple(column.split(".")[-1] for column in columns)))
    return None  # NOT NULL, CHECK, a duplicate id: the program's own mistake


def _postgres_unique(original: BaseException | None) -> tuple[str, tuple[str, ...]] | None:
    """(table, columns) of the unique constraint PostgreSQL names, if it is ours."""
    diag = getattr(original, "diag", None)
    name = getattr(diag, "constraint_name", None) or ""
    table = getattr(diag, "table_name", None) or ""
    if not name.startswith(f"uq_{table}_"):
        return (table, ("id",)) if name == f"pk_{table}" else None
    from desktop.db.models import Base

    model_table = Base.metadata.tables.get(table)
    if model_table is None:
        return None
    for constraint in model_table.constraints:
        if constraint.name == name:
            return table, tuple(column.name for column in constraint.columns)
    return None


def _unique_refusal(key: tuple[str, tuple[str, ...]] | None) -> UserError | None:
    if key is None or key[1] == ("id",):
        return None  # a duplicate id: ids are handed out by the database, so a bug
    return Conflict(_UNIQUE_SENTENCES.get(key, ALREADY_THERE))


def _too_long(error: DBAPIError) -> ValueTooLong:
    """Which field of the statement's table holds a text longer than its column."""
    from desktop.db.models import Base

    found = _WRITTEN_TABLE.match(error.statement or "")
    table = Base.metadata.tables.get(found.group(1)) if found else None
    if table is None:
        return ValueTooLong(None, None)
    for name, value in _named_values(error.params):
        column = _column_for(table, name)
        if column is None or not isinstance(value, str):
            continue
        length = getattr(column.type, "length", None) if isinstance(column.type, String) else None
        if length and len(value) > length:
            return ValueTooLong(_label(table.name, column.name), length)
    return ValueTooLong(None, None)


def _named_values(params: Any) -> list[tuple[str, Any]]:
    if isinstance(params, dict):
        return list(params.items())
    if isinstance(params, (list, tuple)):
        return [item for row in params if isinstance(row, dict) for item in row.items()]
    return []


def _column_for(table, name: str):
    name = _MANY_SUFFIX.sub("", name)
    for candidate in (name, name.removeprefix("new_"), name.removeprefix("param_")):
        if candidate in table.c:
            return table.c[candidate]
    return None


def _label(table: str, column: str) -> str:
    if column == "name" and table in _TABLE_NAME_LABELS:
        return _TABLE_NAME_LABELS[table]
    return _FIELD_LABELS.get(column, column)
