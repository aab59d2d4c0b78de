"""Exporting residents: the file contract of DESIGN.md, cancel, refusals and the audit trail."""

import csv
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select, text, update

from desktop.db.models import AuditEntry, Resident
from desktop.domain.errors import UserError
from desktop.services.export import COLUMNS, export_residents
from desktop.services.progress import Cancelled, Progress
from tests.builders import add_household, add_resident, make_group, make_ward

HEADER = (
    "household_code,group,address,full_name,birth_date,birth_year,gender,personal_id,"
    "phone,relation,vneid_level,app_114,lat,lon"
)


@pytest.fixture
def ward(database) -> None:
    """Two groups in counting order ("Tổ 2" before "Tổ 10") with known and unknown values."""
    with database.session() as session:
        ward = make_ward(session)
        group10 = make_group(session, ward, "Tổ 10")
        group2 = make_group(session, ward, "Tổ 2")
        add_household(session, group10, head="Vàng A Sử", house_number="1", birth_year=1970)
        even = add_household(
            session,
            group2,
            head="Đỗ Văn Dũng",
            house_number="4",
            street="phố Cốc Lếu",
            lat=None,
            lon=None,
            birth_year=None,
        )
        add_resident(session, even, "Đỗ Thị Hoa", relation="Vợ", birth_year=None)
        odd = add_household(
            session,
            group2,
            head="Nguyễn Thị Ước",
            house_number="3",
            street="phố Cốc Lếu",
            lat=22.4856,
            lon=103.9707,
            birth_date=date(1985, 4, 2),
            gender="Nữ",
            personal_id="001185001234",  # Hà Nội: two leading zeros
            phone="0912345678",
            vneid_level=2,
            app_114=True,
        )
        add_resident(
            session,
            odd,
            "Trần Văn Bình",
            relation="Chồng",
            birth_year=1983,
            gender="Nam",
            phone="0214 3812 345",
            vneid_level=1,
            app_114=False,
        )


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


class CancelAfter(Progress):
    """The user presses Cancel once `steps` progress reports have been shown."""

    def __init__(self, steps: int) -> None:
        super().__init__()
        self.steps = steps

    def show(self, done: int, total: int, text: str) -> None:
        self.steps -= 1
        if self.steps <= 0:
            self.cancel()


def export(database, path: Path, progress: Progress | None = None):
    with database.session() as session:
        return export_residents(session, path, progress or Progress())


def test_csv_starts_with_a_byte_order_mark_and_the_exact_header(database, ward, tmp_path):
    path = tmp_path / "nhan-khau.csv"
    export(database, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw[3:].decode("utf-8").splitlines()[0] == HEADER
    assert ",".join(COLUMNS) == HEADER


def test_summary_counts_the_rows_and_names_the_file(database, ward, tmp_path):
    summary = export(database, tmp_path / "nhan-khau.csv")
    assert summary.rows == 5
    assert summary.path == tmp_path / "nhan-khau.csv"


def test_rows_follow_group_then_address_then_household_order(database, ward, tmp_path):
    path = tmp_path / "nhan-khau.csv"
    export(database, path)
    assert [(row["group"], row["full_name"]) for row in read_csv(path)] == [
        ("Tổ 2", "Nguyễn Thị Ước"),  # số 3: odd side first
        ("Tổ 2", "Trần Văn Bình"),
        ("Tổ 2", "Đỗ Văn Dũng"),  # số 4
        ("Tổ 2", "Đỗ Thị Hoa"),
        ("Tổ 10", "Vàng A Sử"),
    ]


def test_values_follow_the_contract(database, ward, tmp_path):
    path = tmp_path / "nhan-khau.csv"
    export(database, path)
    uoc, binh, dung, hoa, su = read_csv(path)
    assert uoc == {
        "household_code": "COCLEU-000003",
        "group": "Tổ 2",
        "address": "Số 3, phố Cốc Lếu",
        "full_name": "Nguyễn Thị Ước",
        "birth_date": "1985-04-02",
        "birth_year": "1985",
        "gender": "female",
        "personal_id": "001185001234",
        "phone": "0912345678",
        "relation": "Chủ hộ",
        "vneid_level": "2",
        "app_114": "yes",
        "lat": "22.4856",
        "lon": "103.9707",
    }
    assert (binh["gender"], binh["phone"], binh["app_114"], binh["vneid_level"]) == (
        "male",
        "02143812345",
        "no",
        "1",
    )
    assert (binh["birth_date"], binh["birth_year"], binh["relation"]) == ("", "1983", "Chồng")
    assert binh["household_code"] == uoc["household_code"]


def test_unknown_values_are_empty(database, ward, tmp_path):
    path = tmp_path / "nhan-khau.csv"
    export(database, path)
    hoa = read_csv(path)[3]
    assert hoa["full_name"] == "Đỗ Thị Hoa"
    unknown = ["birth_date", "birth_year", "gender", "personal_id", "phone", "app_114"]
    assert {column: hoa[column] for column in unknown + ["lat", "lon"]} == dict.fromkeys(
        unknown + ["lat", "lon"], ""
    )
    assert hoa["vneid_level"] == "0"


def test_each_household_has_exactly_one_head(database, ward, tmp_path):
    path = tmp_path / "nhan-khau.csv"
    export(database, path)
    rows = read_csv(path)
    codes = {row["household_code"] for row in rows}
    heads = [row["household_code"] for row in rows if row["relation"] == "Chủ hộ"]
    assert sorted(heads) == sorted(codes)


def test_xlsx_has_the_same_header_and_values_with_ids_kept_as_text(database, ward, tmp_path):
    export(database, tmp_path / "nhan-khau.csv")
    export(database, tmp_path / "nhan-khau.xlsx")
    sheet = load_workbook(tmp_path / "nhan-khau.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == COLUMNS
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold
    uoc = dict(zip(COLUMNS, rows[1], strict=True))
    assert uoc["personal_id"] == "001185001234"  # text: both leading zeros survive
    assert uoc["phone"] == "0912345678"
    assert uoc["birth_date"] == datetime(1985, 4, 2)  # a real date cell
    assert (uoc["birth_year"], uoc["vneid_level"], uoc["lat"]) == (1985, 2, 22.4856)
    as_text = [["" if value is None else str(value) for value in row] for row in rows[1:]]
    as_text[0][COLUMNS.index("birth_date")] = "1985-04-02"
    csv_rows = [list(row.values()) for row in read_csv(tmp_path / "nhan-khau.csv")]
    assert as_text == csv_rows


def test_cancel_leaves_no_file_behind(database, ward, tmp_path, monkeypatch):
    monkeypatch.setattr("desktop.services.export.CHUNK_ROWS", 2)
    path = tmp_path / "nhan-khau.xlsx"
    with pytest.raises(Cancelled):
        export(database, path, CancelAfter(steps=2))
    assert not path.exists()
    assert [p.name for p in tmp_path.iterdir() if "nhan-khau" in p.name] == []  # no temp file


def test_cancel_keeps_an_earlier_file_untouched(database, ward, tmp_path, monkeypatch):
    monkeypatch.setattr("desktop.services.export.CHUNK_ROWS", 2)
    path = tmp_path / "nhan-khau.csv"
    path.write_text("bản cũ", encoding="utf-8")
    with pytest.raises(Cancelled):
        export(database, path, CancelAfter(steps=2))
    assert path.read_text(encoding="utf-8") == "bản cũ"


def test_progress_is_reported_per_chunk(database, ward, tmp_path, monkeypatch):
    monkeypatch.setattr("desktop.services.export.CHUNK_ROWS", 2)
    seen = []

    class Recorder(Progress):
        def show(self, done: int, total: int, text: str) -> None:
            seen.append((done, total))

    export(database, tmp_path / "nhan-khau.csv", Recorder())
    assert seen == [(0, 5), (2, 5), (4, 5), (5, 5)]


@pytest.mark.parametrize("name", ["nhan-khau.pdf", "nhan-khau.txt", "nhan-khau"])
def test_other_file_types_are_refused_and_nothing_is_written(database, ward, tmp_path, name):
    with pytest.raises(UserError, match=r"Chỉ xuất được ra tệp \.csv hoặc \.xlsx\."):
        export(database, tmp_path / name)
    assert not (tmp_path / name).exists()


def test_a_missing_folder_is_refused(database, ward, tmp_path):
    with pytest.raises(UserError, match="không tồn tại"):
        export(database, tmp_path / "không-có" / "nhan-khau.csv")


def test_a_folder_as_the_target_is_refused(database, ward, tmp_path):
    (tmp_path / "ra.csv").mkdir()
    with pytest.raises(UserError, match="thư mục"):
        export(database, tmp_path / "ra.csv")


def test_upper_case_suffix_is_accepted(database, ward, tmp_path):
    assert export(database, tmp_path / "NHAN-KHAU.CSV").rows == 5


def test_export_is_written_to_the_audit_trail(database, ward, tmp_path):
    path = tmp_path / "nhan-khau.xlsx"
    export(database, path)
    with database.session() as session:
        [entry] = session.scalars(select(AuditEntry).where(AuditEntry.action == "export")).all()
    assert (entry.reason, entry.entity_type, entry.entity_key) == ("export", "resident", None)
    assert entry.source == str(path)
    assert entry.changes == {"rows": [None, 5]}
    assert entry.actor


def test_a_cancelled_export_is_not_audited(database, ward, tmp_path, monkeypatch):
    monkeypatch.setattr("desktop.services.export.CHUNK_ROWS", 2)
    with pytest.raises(Cancelled):
        export(database, tmp_path / "nhan-khau.csv", CancelAfter(steps=2))
    with database.session() as session:
        assert session.scalars(select(AuditEntry).where(AuditEntry.action == "export")).all() == []


def test_a_cancelled_export_closes_the_cursor_streaming_its_rows(
    database, ward, tmp_path, monkeypatch
):
    """On PostgreSQL the rows come through a server-side cursor: after Cancel, the same
    transaction has none left open (a desk's connection goes back to the pool clean)."""
    if not database.url.startswith("postgresql"):
        pytest.skip("a server-side cursor is PostgreSQL's; SQLite reads rows in place")
    monkeypatch.setattr("desktop.services.export.CHUNK_ROWS", 2)
    with database.session() as session:
        with pytest.raises(Cancelled):
            export_residents(session, tmp_path / "nhan-khau.csv", CancelAfter(steps=2))
        assert session.scalar(text("SELECT count(*) FROM pg_cursors")) == 0
        assert session.scalar(select(func.count(Resident.id))) == 5  # and it goes on working


def _named_behind_the_desks_back(database, names: list[str]) -> None:
    """Residents whose names the desk now refuses (a database written before that, or
    by another program): households first made with plain names, then renamed in SQL."""
    with database.session() as session:
        group = make_group(session, make_ward(session))
        ids = [
            add_household(session, group, head=f"Người Số {chr(65 + i)}", house_number=str(i + 1))
            for i in range(len(names))
        ]
        for household_id, name in zip(ids, names, strict=True):
            session.execute(
                update(Resident).where(Resident.household_id == household_id).values(full_name=name)
            )


def test_text_that_looks_like_a_formula_stays_text_in_excel(database, tmp_path):
    _named_behind_the_desks_back(database, ["=hyperlink"])
    export(database, tmp_path / "nhan-khau.xlsx")
    sheet = load_workbook(tmp_path / "nhan-khau.xlsx").active
    cell = sheet.cell(row=2, column=COLUMNS.index("full_name") + 1)
    assert (cell.value, cell.data_type) == ("=hyperlink", "s")


def test_an_empty_database_exports_just_the_header(database, tmp_path):
    summary = export(database, tmp_path / "nhan-khau.csv")
    assert summary.rows == 0
    assert read_csv(tmp_path / "nhan-khau.csv") == []


def test_csv_puts_an_apostrophe_before_text_a_spreadsheet_would_run(database, tmp_path):
    """OWASP CSV injection: = + - @ (and tab, carriage return) start a formula in Excel;
    `denkhuya import` takes the apostrophe away again (tests/services/importing)."""
    _named_behind_the_desks_back(database, ["=hyperlink", "@sum", "-Abc", "+cmd", "Lê Văn An"])
    export(database, tmp_path / "nhan-khau.csv")
    assert sorted(row["full_name"] for row in read_csv(tmp_path / "nhan-khau.csv")) == [
        "'+cmd",
        "'-Abc",
        "'=hyperlink",
        "'@sum",
        "Lê Văn An",
    ]
