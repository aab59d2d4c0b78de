"""One row of the file → one resident's clean values, and the problems found on the way.

Names, ID numbers, phones, genders and relations are cleaned by the domain rules the
rest of the program uses. A row without a name is rejected; a value that cannot be read
is left out with a warning, so the person is still imported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from desktop.domain.eligibility import LEVEL2_MIN_AGE, age_on
from desktop.domain.errors import InvalidValue
from desktop.domain.names import fold, normalize_name
from desktop.domain.person import is_head, normalize_gender, normalize_relation
from desktop.domain.personal_id import normalize_personal_id, personal_id_warnings
from desktop.domain.phones import normalize_phone
from desktop.services.importing.layout import SheetLayout
from desktop.services.importing.problems import ERROR, WARNING, Problem
from desktop.services.importing.rows import SourceRow
from desktop.services.importing.titles import group_name
from desktop.services.importing.values import (
    Birth,
    UnclearDate,
    cell_text,
    is_blank,
    parse_birth,
    parse_coordinates,
    parse_level,
    parse_mark,
    parse_number,
    parse_yes_no,
)

FALLBACK_RELATION = "Khác"
# The lengths the database keeps (desktop/db/models.py).
MAX_NAME, MAX_RELATION, MAX_CODE = 150, 40, 64
_DIGIT = re.compile(r"\d")
_LATITUDES = (8.0, 23.5)  # Vietnam's bounds, as the household dialog checks them
_LONGITUDES = (102.0, 110.0)


@dataclass
class ResidentRecord:
    """A resident as one row of the file gives it; None means the file says nothing."""

    sheet: str
    row: int
    full_name: str
    relation: str
    name_folded: str = ""  # fold(full_name), for matching and the search index
    relation_given: bool = True  # False when the cell was empty and "Khác" stands in
    is_head: bool = False  # the relation is "Chủ hộ"
    group: str | None = None
    household_code: str | None = None
    birth_date: date | None = None
    birth_year: int | None = None
    gender: str | None = None
    personal_id: str | None = None
    phone: str | None = None
    has_chip_card: bool | None = None
    vneid_level: int | None = None
    app_114: bool | None = None
    documents_integrated: bool | None = None
    notes: str | None = None
    # The household's address and position, when this row gives them.
    address: str | None = None
    house_number: str | None = None
    lane: str | None = None
    street: str | None = None
    lat: float | None = None
    lon: float | None = None
    rejected: bool = False
    problems: list[Problem] = field(default_factory=list)

    @property
    def has_warnings(self) -> bool:
        return any(problem.severity == WARNING for problem in self.problems)

    def reject(self, column: str, message: str, value: str = "") -> None:
        """Refuse the row with an error on a column ("" for the whole row).

        Warnings about the same cell are dropped: the error says what matters.
        """
        if column:
            self.problems = [p for p in self.problems if p.column != column or p.severity == ERROR]
        self.rejected = True
        self.problems.append(Problem(self.sheet, self.row, column, ERROR, message, value))

    def warn(self, column: str, message: str, value: str = "") -> None:
        self.problems.append(Problem(self.sheet, self.row, column, WARNING, message, value))


# Columns with few distinct values ("Nam", "Con", "Mức 2", "x"…): each value is read
# once per import and remembered, a fifth of the time of a 50,000-row import otherwise.
_REPEATING = {"gender", "relation", "vneid_level", "app_114", "has_chip_card"}
_REPEATING |= {"documents_integrated", "level1_mark", "level2_mark"}
_ADDRESS_FIELDS = {"address", "house_number", "lane", "street", "lat", "lon", "coordinates"}
_BIRTH_FIELDS = ("birth", "birth_male", "birth_female", "birth_year")


class _RowReader:
    """Reads the cells of one row, turning unreadable values into warnings."""

    def __init__(
        self, source: SourceRow, layout: SheetLayout, record: ResidentRecord, memo: dict
    ) -> None:
        self.values = source.values
        self.layout = layout
        self.record = record
        self.memo = memo

    def raw(self, key: str) -> object:
        return self.values.get(key, "")

    def heading(self, key: str) -> str:
        return self.layout.heading_of(key)

    def text(self, key: str) -> str | None:
        raw = self.values.get(key, "")
        if raw == "" or raw is None:
            return None
        return " ".join(cell_text(raw).split()) or None

    def parse(self, key: str, parser, *args):
        """parser(raw, *args), or None with a warning when the cell cannot be read."""
        raw = self.values.get(key, "")
        if raw == "" or raw is None:
            return None
        remembered = key in _REPEATING and isinstance(raw, str | float | bool)
        if remembered and (key, raw) in self.memo:
            outcome = self.memo[(key, raw)]
        else:
            try:
                outcome = parser(raw, *args)
            except InvalidValue as error:
                outcome = error
            if remembered:
                self.memo[(key, raw)] = outcome
        if isinstance(outcome, InvalidValue):
            self.record.warn(self.heading(key), f"{outcome} Chưa lưu giá trị này.", cell_text(raw))
            return None
        return outcome


def read_record(
    source: SourceRow, layout: SheetLayout, today: date, memo: dict | None = None
) -> ResidentRecord:
    """The resident a table row describes, with its problems (rejected if it has no name).

    `memo` (one dict for the whole import) remembers the readings of repeating values.
    """
    record = ResidentRecord(source.sheet, source.number, full_name="", relation="")
    cells = _RowReader(source, layout, record, {} if memo is None else memo)
    record.full_name, record.name_folded = _full_name(cells)
    _read_relation(cells)
    if not record.full_name:
        name_heading = cells.heading("full_name") or cells.heading("given_name")
        record.reject(name_heading, "Thiếu họ và tên; dòng này không được nhập.")
    elif len(record.full_name) > MAX_NAME:
        record.reject(
            cells.heading("full_name") or cells.heading("given_name"),
            f"Họ và tên dài quá {MAX_NAME} ký tự; ô này có lẽ ghi chú chứ không phải tên.",
            record.full_name,
        )
    elif _DIGIT.search(record.full_name):
        record.reject(
            cells.heading("full_name") or cells.heading("given_name"),
            f"Họ và tên “{record.full_name}” có chữ số; hãy sửa lại trong tệp.",
            record.full_name,
        )
    values = cells.values
    record.group = _group(cells, source.group) if "group" in values else source.group
    if "household_code" in values:
        record.household_code = cells.text("household_code")
        if record.household_code and len(record.household_code) > MAX_CODE:
            record.warn(
                cells.heading("household_code"),
                f"Mã hộ dài quá {MAX_CODE} ký tự; chưa dùng mã này.",
                record.household_code,
            )
            record.household_code = None
    _read_birth(cells, today)
    if "gender" in values:
        _read_gender(cells)
    if "personal_id" in values:
        record.personal_id = cells.parse("personal_id", normalize_personal_id)
    if record.personal_id:
        for message in personal_id_warnings(record.personal_id, record.birth_year, record.gender):
            record.warn(cells.heading("personal_id"), message, record.personal_id)
    if "phone" in values:
        record.phone = cells.parse("phone", normalize_phone)
    _read_statuses(cells, today)
    if "notes" in values:
        record.notes = cells.text("notes")
    if not _ADDRESS_FIELDS.isdisjoint(values):
        _read_address(cells)
    return record


def _full_name(cells: _RowReader) -> tuple[str, str]:
    if "full_name" in cells.values:
        text = cell_text(cells.raw("full_name"))
    else:
        parts = [cell_text(cells.raw("family_name")), cell_text(cells.raw("given_name"))]
        text = " ".join(part for part in parts if part)
    # Family members share names often enough for remembering them to pay.
    names = cells.memo.get(("full_name", text))
    if names is None:
        name = normalize_name(text)
        names = cells.memo[("full_name", text)] = (name, fold(name))
    return names


def _read_relation(cells: _RowReader) -> None:
    record = cells.record
    raw = cells.raw("relation")
    if is_blank(raw):
        record.relation, record.relation_given = FALLBACK_RELATION, False
        if record.full_name:
            record.warn(
                cells.heading("relation"),
                f"Chưa ghi quan hệ với chủ hộ; tạm ghi “{FALLBACK_RELATION}”.",
            )
        return
    record.relation, record.is_head = cells.parse("relation", _relation)
    if len(record.relation) > MAX_RELATION:
        record.warn(
            cells.heading("relation"),
            f"Quan hệ với chủ hộ dài quá {MAX_RELATION} ký tự; tạm ghi “{FALLBACK_RELATION}”.",
            record.relation,
        )
        record.relation = FALLBACK_RELATION


def _relation(raw: object) -> tuple[str, bool]:
    relation = normalize_relation(cell_text(raw))
    return relation, is_head(relation)


def _group(cells: _RowReader, default: str | None) -> str | None:
    text = cells.text("group")
    if not text:
        return default
    return group_name(text) or group_name(f"Tổ {text}") or normalize_name(text)


def _read_birth(cells: _RowReader, today: date) -> None:
    record = cells.record
    birth_date, birth_year, heading = None, None, ""
    values = cells.values
    for key in _BIRTH_FIELDS:
        raw = values.get(key, "")
        if raw == "" or is_blank(raw):
            continue
        heading = heading or cells.heading(key)
        if key in ("birth_male", "birth_female"):
            record.gender = "male" if key == "birth_male" else "female"
        found = _parse_birth_cell(cells, key)
        if found is not None:
            birth_date = birth_date or found.birth_date
            birth_year = birth_year or found.birth_year
    if birth_date is not None:
        birth_year = birth_date.year
    if birth_date is not None and birth_date > today:
        record.warn(heading, "Ngày sinh sau ngày hôm nay; chưa lưu ngày sinh.")
        return
    if birth_year is not None and not 1900 <= birth_year <= today.year:
        record.warn(
            heading,
            f"Năm sinh {birth_year} không hợp lệ (từ 1900 đến {today.year}); chưa lưu năm sinh.",
            str(birth_year),
        )
        return
    record.birth_date, record.birth_year = birth_date, birth_year


def _parse_birth_cell(cells: _RowReader, key: str) -> Birth | None:
    raw = cells.raw(key)
    if key in ("birth_male", "birth_female") and cell_text(raw).lower() in ("x", "có", "co"):
        return None  # a tick under "Nam"/"Nữ" gives the gender only
    try:
        return parse_birth(raw)
    except UnclearDate as error:
        if error.year:
            message = f"{error} Chưa lưu ngày sinh, giữ năm sinh {error.year}."
        else:
            message = f"{error} Chưa lưu ngày sinh."
        cells.record.warn(cells.heading(key), message, cell_text(raw))
        return Birth(None, error.year) if error.year else None


def _read_gender(cells: _RowReader) -> None:
    if "gender" not in cells.values or is_blank(cells.raw("gender")):
        return
    gender = cells.parse("gender", lambda raw: normalize_gender(cell_text(raw)))
    if gender is not None:
        cells.record.gender = gender


def _read_statuses(cells: _RowReader, today: date) -> None:
    record = cells.record
    values = cells.values
    if "vneid_level" in values:
        record.vneid_level = cells.parse("vneid_level", parse_level)
    if "level1_mark" in cells.values or "level2_mark" in cells.values:
        marked = 2 if parse_mark(cells.raw("level2_mark")) else 0
        marked = marked or (1 if parse_mark(cells.raw("level1_mark")) else 0)
        record.vneid_level = max(record.vneid_level or 0, marked)
    if record.vneid_level == 2:
        age = age_on(record.birth_date, record.birth_year, today)
        if age is not None and age < LEVEL2_MIN_AGE:
            record.warn(
                cells.heading("vneid_level") or cells.heading("level2_mark"),
                f"Người dưới {LEVEL2_MIN_AGE} tuổi không được cấp định danh mức 2; "
                "chưa lưu mức định danh.",
            )
            record.vneid_level = None
    if "app_114" in values:
        record.app_114 = cells.parse("app_114", parse_yes_no, "Cột 114")
    if "has_chip_card" in values:
        record.has_chip_card = cells.parse("has_chip_card", parse_yes_no, "Cột CCCD gắn chip")
    if "documents_integrated" in values:
        record.documents_integrated = cells.parse(
            "documents_integrated", parse_yes_no, "Cột tích hợp giấy tờ"
        )


def _read_address(cells: _RowReader) -> None:
    record = cells.record
    record.address = cells.text("address")
    record.house_number = cells.text("house_number")
    record.lane = cells.text("lane")
    record.street = cells.text("street")
    lat = cells.parse("lat", parse_number, "Vĩ độ")
    lon = cells.parse("lon", parse_number, "Kinh độ")
    if "coordinates" in cells.values and lat is None and lon is None:
        pair = cells.parse("coordinates", parse_coordinates)
        lat, lon = pair if pair else (None, None)
    if lat is None and lon is None:
        return
    heading = cells.heading("lat") or cells.heading("coordinates")
    if lat is None or lon is None:
        record.warn(heading, "Tọa độ cần đủ cả vĩ độ và kinh độ; chưa lưu tọa độ.")
    elif not (_LATITUDES[0] <= lat <= _LATITUDES[1] and _LONGITUDES[0] <= lon <= _LONGITUDES[1]):
        record.warn(heading, f"Tọa độ ({lat}, {lon}) nằm ngoài lãnh thổ Việt Nam; chưa lưu tọa độ.")
    else:
        record.lat, record.lon = lat, lon
