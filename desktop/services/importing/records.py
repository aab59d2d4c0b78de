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
from desktop.domain.spreadsheet_text import (
    FORMULA_STARTS,
    looks_like_formula,
    lost_digits,
    scientific_text,
)
from desktop.services.importing.cell_issues import BrokenCell, cell_reference
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
    parse_level_mark,
    parse_number,
    parse_yes_no,
)

FALLBACK_RELATION = "Khác"
# The lengths the database keeps (desktop/db/models.py).
MAX_NAME, MAX_RELATION, MAX_CODE = 150, 40, 64
MAX_ADDRESS = 300  # longer is a note, and would only slow the address reading down
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
        self.number = source.number
        self.layout = layout
        self.record = record
        self.memo = memo
        self.broken_name: tuple[str, BrokenCell] | None = None  # (field, cell) of the name

    def raw(self, key: str) -> object:
        return self.values.get(key, "")

    def heading(self, key: str) -> str:
        return self.layout.heading_of(key)

    def cell(self, key: str) -> str:
        """The cell's reference as Excel shows it ("F12")."""
        column = self.layout.column_of(key)
        return cell_reference(self.number - 1, column) if column is not None else ""

    def broken(self, key: str) -> bool:
        """True (with a warning naming the cell) when the cell is an Excel error or a
        formula without its result: nothing is taken from it."""
        raw = self.values.get(key, "")
        if not isinstance(raw, BrokenCell):
            return False
        message = f"{raw.sentence(self.cell(key))} Chưa lưu giá trị này."
        self.record.warn(self.heading(key), message, str(raw))
        return True

    def text(self, key: str) -> str | None:
        raw = self.values.get(key, "")
        if raw == "" or raw is None or (raw.__class__ is BrokenCell and self.broken(key)):
            return None
        return " ".join(cell_text(raw).split()) or None

    def parse(self, key: str, parser, *args):
        """parser(raw, *args), or None with a warning when the cell cannot be read."""
        raw = self.values.get(key, "")
        if raw == "" or raw is None or (raw.__class__ is BrokenCell and self.broken(key)):
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
    _check_name(cells)
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
        _read_personal_id(cells)
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


def _check_name(cells: _RowReader) -> None:
    """Reject the row when its name cell holds no person's name."""
    record = cells.record
    full_name = record.full_name
    if cells.broken_name is not None:
        name, raw = cells.broken_name
        sentence = f"{raw.sentence(cells.cell(name))} Thiếu họ và tên nên dòng này không được nhập."
        record.reject(_name_heading(cells), sentence, str(raw))
    elif not full_name:
        record.reject(_name_heading(cells), "Thiếu họ và tên; dòng này không được nhập.")
    # normalize_name() keeps the sign a formula starts with (and takes off a tab before it)
    elif full_name.startswith(FORMULA_STARTS) and looks_like_formula(
        written := _written_name(cells)
    ):
        record.reject(_name_heading(cells), _formula_sentence("Họ và tên", written), written)
    elif len(full_name) > MAX_NAME:
        record.reject(
            _name_heading(cells),
            f"Họ và tên dài quá {MAX_NAME} ký tự; ô này có lẽ ghi chú chứ không phải tên.",
            full_name,
        )
    elif _DIGIT.search(full_name):
        record.reject(
            _name_heading(cells),
            f"Họ và tên “{full_name}” có chữ số; hãy sửa lại trong tệp.",
            full_name,
        )


def _name_heading(cells: _RowReader) -> str:
    return cells.heading("full_name") or cells.heading("given_name")


def _written_name(cells: _RowReader) -> str:
    """The name as the file writes it (before its capitals are put right)."""
    parts = [cell_text(cells.raw(key)) for key in ("full_name", "family_name", "given_name")]
    return " ".join(" ".join(part for part in parts if part).split())


def _formula_sentence(what: str, text: str) -> str:
    shown = text if len(text) <= 40 else text[:40] + "…"
    return (
        f"{what} “{shown}” bắt đầu bằng dấu “{text.strip()[:1]}” như một công thức Excel; "
        "dòng này không được nhập."
    )


def _read_personal_id(cells: _RowReader) -> None:
    """The ID number; a number Excel cut to six digits (1.23457E+11) rejects the row."""
    raw = cells.raw("personal_id")
    if lost_digits(raw):
        shown = scientific_text(raw) if isinstance(raw, float) else cell_text(raw)
        cells.record.reject(
            cells.heading("personal_id"),
            f"Số định danh “{shown}” đã bị Excel đổi sang dạng số mũ và mất các chữ số cuối, "
            "nên dòng này không được nhập; hãy định dạng cột là Văn bản (Text) rồi gõ lại đủ "
            "12 chữ số.",
            shown,
        )
        return
    cells.record.personal_id = cells.parse("personal_id", normalize_personal_id)


def _full_name(cells: _RowReader) -> tuple[str, str]:
    keys = ("full_name",) if "full_name" in cells.values else ("family_name", "given_name")
    parts = []
    for key in keys:
        raw = cells.raw(key)
        if raw.__class__ is BrokenCell:
            cells.broken_name = (key, raw)
        else:
            parts.append(cell_text(raw))
    text = " ".join(part for part in parts if part) if cells.broken_name is None else ""
    # Family members share names often enough for remembering them to pay.
    names = cells.memo.get(("full_name", text))
    if names is None:
        name = normalize_name(text)
        names = cells.memo[("full_name", text)] = (name, fold(name))
    return names


def _read_relation(cells: _RowReader) -> None:
    record = cells.record
    raw = cells.raw("relation")
    if isinstance(raw, BrokenCell):
        record.relation, record.relation_given = FALLBACK_RELATION, False
        record.warn(
            cells.heading("relation"),
            f"{raw.sentence(cells.cell('relation'))} Tạm ghi quan hệ “{FALLBACK_RELATION}”.",
            str(raw),
        )
        return
    if is_blank(raw):
        record.relation, record.relation_given = FALLBACK_RELATION, False
        if record.full_name:
            record.warn(
                cells.heading("relation"),
                f"Chưa ghi quan hệ với chủ hộ; tạm ghi “{FALLBACK_RELATION}”.",
            )
        return
    if looks_like_formula(cell_text(raw)):
        record.relation, record.relation_given = FALLBACK_RELATION, False
        text = cell_text(raw)
        record.reject(
            cells.heading("relation"), _formula_sentence("Quan hệ với chủ hộ", text), text
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
    if looks_like_formula(text):
        cells.record.reject(cells.heading("group"), _formula_sentence("Tên tổ", text), text)
        return default
    return group_name(text) or group_name(f"Tổ {text}") or normalize_name(text)


def _read_birth(cells: _RowReader, today: date) -> None:
    record = cells.record
    birth_date, birth_year, heading = None, None, ""
    values = cells.values
    for key in _BIRTH_FIELDS:
        raw = values.get(key, "")
        if raw == "" or is_blank(raw) or (raw.__class__ is BrokenCell and cells.broken(key)):
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
        marked = max(_marked_level(cells, "level2_mark", 2), _marked_level(cells, "level1_mark", 1))
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


def _address_text(cells: _RowReader, key: str) -> str | None:
    """An address cell, or None with a warning when it is too long to be one."""
    text = cells.text(key)
    if text is not None and len(text) > MAX_ADDRESS:
        cells.record.warn(
            cells.heading(key), f"Địa chỉ dài quá {MAX_ADDRESS} ký tự; chưa lưu.", text[:60]
        )
        return None
    return text


def _marked_level(cells: _RowReader, key: str, level: int) -> int:
    """The level a tick column gives: its own for a tick ("x", "✓", "Đã"), the one a cell
    names ("Mức 1" under "Mức 2"), 0 for an empty cell or "Chưa"."""
    raw = cells.raw(key)
    if is_blank(raw) or cells.broken(key):
        return 0
    return parse_level_mark(raw, level)


def _read_address(cells: _RowReader) -> None:
    record = cells.record
    record.address = _address_text(cells, "address")
    record.house_number = _address_text(cells, "house_number")
    record.lane = _address_text(cells, "lane")
    record.street = _address_text(cells, "street")
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
