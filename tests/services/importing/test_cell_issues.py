"""Cells that are not what they look like: Excel errors, formulas without their result,
ID numbers cut to six digits, and formulas typed as names (issue 11, A)."""

from __future__ import annotations

from openpyxl import Workbook
from sqlalchemy import select

from desktop.db.models import Resident
from desktop.services.importing import read_workbook
from desktop.services.importing.cell_issues import BrokenCell
from tests.services.importing import hostile
from tests.services.importing.workbooks import person, write_ward_list


def _problems(result) -> list[tuple[int, str, str, str]]:
    return [(p.row, p.column, p.severity, p.message) for p in result.problems]


def _stored(database) -> list[tuple]:
    with database.session() as session:
        rows = session.execute(
            select(Resident.full_name, Resident.birth_year, Resident.personal_id).order_by(
                Resident.id
            )
        )
        return [tuple(row) for row in rows]


def test_formulas_without_their_result_are_warnings_naming_the_cell(tmp_path, run_import, database):
    """openpyxl (and web exports) write formulas without the value Excel would compute."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tổ 1"
    sheet.append(["CÔNG AN PHƯỜNG CỐC LẾU"])
    sheet.append(["Họ và tên", "Quan hệ với chủ hộ", "Năm sinh", "Số CCCD"])
    sheet.append(["Nguyễn Văn An", "Chủ hộ", "=1979+1", "010080012345"])
    sheet.append(["Trần Thị Bình", "Vợ", 1983, "=D3"])
    sheet.append(['=UPPER("lê văn cường")', "Con", 2010, None])
    path = tmp_path / "cong-thuc.xlsx"
    workbook.save(path)

    result = run_import(path)

    assert _problems(result) == [
        (
            3,
            "Năm sinh",
            "warning",
            "Ô C3 có công thức “=1979+1” nhưng tệp không lưu kết quả của nó (tệp không được "
            "lưu bằng Excel); hãy mở tệp bằng Excel, lưu lại rồi nhập lại. Chưa lưu giá trị này.",
        ),
        (
            4,
            "Số CCCD",
            "warning",
            "Ô D4 có công thức “=D3” nhưng tệp không lưu kết quả của nó (tệp không được lưu "
            "bằng Excel); hãy mở tệp bằng Excel, lưu lại rồi nhập lại. Chưa lưu giá trị này.",
        ),
        (
            5,
            "Họ và tên",
            "error",
            'Ô A5 có công thức “=UPPER("lê văn cường")” nhưng tệp không lưu kết quả của nó '
            "(tệp không được lưu bằng Excel); hãy mở tệp bằng Excel, lưu lại rồi nhập lại. "
            "Thiếu họ và tên nên dòng này không được nhập.",
        ),
    ]
    assert _stored(database) == [
        ("Nguyễn Văn An", None, "010080012345"),
        ("Trần Thị Bình", 1983, None),
    ]


def test_excel_error_cells_are_warnings_naming_the_cell(tmp_path, run_import, database):
    """As Excel saves them: the error code cached in a cell of type "e"."""
    rows = hostile.table_rows_xml().replace(
        b'<c r="C4"><v>1983</v></c>', b'<c r="C4" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
    )
    rows += b'<row r="5"><c r="A5" t="e"><v>#REF!</v></c><c r="B5" t="inlineStr"><is><t>Con'
    rows += b'</t></is></c><c r="C5" t="e"><v>#N/A</v></c></row>'
    path = hostile.write_package(tmp_path / "loi.xlsx", rows)

    assert read_workbook(path).sheets[0].rows[3][2] == BrokenCell("#DIV/0!")
    result = run_import(path)

    assert _problems(result) == [
        (
            4,
            "Năm sinh",
            "warning",
            "Ô C4 là lỗi Excel “#DIV/0!” (công thức hỏng), không có giá trị; hãy sửa ô này "
            "trong tệp. Chưa lưu giá trị này.",
        ),
        (
            5,
            "Họ và tên",
            "error",
            "Ô A5 là lỗi Excel “#REF!” (công thức hỏng), không có giá trị; hãy sửa ô này trong "
            "tệp. Thiếu họ và tên nên dòng này không được nhập.",
        ),
        (
            5,
            "Năm sinh",
            "warning",
            "Ô C5 là lỗi Excel “#N/A” (công thức hỏng), không có giá trị; hãy sửa ô này trong "
            "tệp. Chưa lưu giá trị này.",
        ),
    ]
    assert _stored(database) == [("Nguyễn Văn An", 1980, None), ("Trần Thị Bình", None, None)]


def test_error_cells_of_an_old_xls_and_of_a_csv(tmp_path, run_import):
    cells = hostile.xls_table_cells()
    cells[(3, 2)] = ("error", 0x17)  # #REF!
    path = hostile.write_xls(tmp_path / "cu.xls", hostile.workbook_stream(cells))
    assert [p.message[:25] for p in run_import(path).problems] == ["Ô C4 là lỗi Excel “#REF!”"]

    csv = tmp_path / "ds.csv"
    csv.write_text(
        "Tổ,Họ và tên,Quan hệ với chủ hộ,Năm sinh\nTổ 1,Nguyễn Văn An,Chủ hộ,#VALUE!\n",
        encoding="utf-8",
    )
    result = run_import(csv)
    assert [(p.row, p.column, p.message[:33]) for p in result.problems] == [
        (2, "Năm sinh", "Ô D2 là lỗi Excel “#VALUE!” (công"),
    ]


def test_an_ods_error_cell(tmp_path):
    error = (
        b'<table:table-row><table:table-cell office:value-type="string"><text:p>An</text:p>'
        b'</table:table-cell><table:table-cell table:formula="of:=1/0" office:value-type="float" '
        b'office:value="0" calcext:value-type="error"><text:p>#DIV/0!</text:p>'
        b"</table:table-cell></table:table-row>"
    )
    sheet = read_workbook(hostile.ods(tmp_path / "loi.ods", hostile.ods_table_rows() + error))
    assert sheet.sheets[0].rows[4] == ["An", BrokenCell("#DIV/0!"), ""]


def test_an_id_excel_wrote_in_scientific_notation_rejects_its_row(tmp_path, run_import, database):
    """1.23457E+11 has lost its last six digits: the row is not imported."""
    path = write_ward_list(
        tmp_path / "ds.xlsx",
        {
            "Tổ 1": [
                person("Nguyễn Văn An", 1980, "Nam", "Chủ hộ", "010080012345"),
                person("Trần Thị Bình", 1983, "Nữ", "Vợ", "1.23457E+11"),
                person("Nguyễn Văn Cường", 2010, "Nam", "Con", 123457000000.0),
                person("Nguyễn Thị Dung", 2012, "Nữ", "Con", "1,2346E+11"),
            ]
        },
    )

    result = run_import(path)

    sentence = (
        "Số định danh “{}” đã bị Excel đổi sang dạng số mũ và mất các chữ số cuối, nên dòng "
        "này không được nhập; hãy định dạng cột là Văn bản (Text) rồi gõ lại đủ 12 chữ số."
    )
    assert _problems(result) == [
        (10, "Số CCCD", "error", sentence.format("1.23457E+11")),
        (11, "Số CCCD", "error", sentence.format("1.23457E+11")),
        (12, "Số CCCD", "error", sentence.format("1,2346E+11")),
    ]
    assert _stored(database) == [("Nguyễn Văn An", 1980, "010080012345")]


def test_an_id_in_scientific_notation_from_a_csv(tmp_path, run_import):
    path = tmp_path / "ds.csv"
    path.write_text(
        "Tổ,Họ và tên,Quan hệ với chủ hộ,Số định danh\n"
        "Tổ 1,Nguyễn Văn An,Chủ hộ,010080012345\n"
        "Tổ 1,Trần Thị Bình,Vợ,1.23457E+11\n",
        encoding="utf-8",
    )
    result = run_import(path, ward="Cốc Lếu")
    assert (result.counts.added, result.counts.rejected) == (1, 1)
    assert result.problems[0].message.startswith("Số định danh “1.23457E+11” đã bị Excel đổi")


def test_formulas_typed_as_names_relations_or_groups_are_refused(tmp_path, run_import, database):
    path = tmp_path / "ds.csv"
    path.write_text(
        "Tổ,Họ và tên,Quan hệ với chủ hộ,Số điện thoại\n"
        "Tổ 1,Nguyễn Văn An,Chủ hộ,+84 912 345 678\n"
        'Tổ 1,"=HYPERLINK(""http://x.vn"",""Bấm"")",Con,\n'
        "Tổ 1,@SUM(A1),Con,\n"
        "Tổ 1,Nguyễn Văn Bình,+cmd|' /C calc'!A0,\n"
        "-Tổ 2,Trần Văn Cường,Chủ hộ,\n"
        "Tổ 1,'=1+2,Con,\n",
        encoding="utf-8",
    )

    result = run_import(path, ward="Cốc Lếu")

    assert _problems(result) == [
        (
            3,
            "Họ và tên",
            "error",
            'Họ và tên “=HYPERLINK("http://x.vn","Bấm")” bắt đầu bằng dấu “=” như một công '
            "thức Excel; dòng này không được nhập.",
        ),
        (
            4,
            "Họ và tên",
            "error",
            "Họ và tên “@SUM(A1)” bắt đầu bằng dấu “@” như một công thức Excel; dòng này không "
            "được nhập.",
        ),
        (
            5,
            "Quan hệ với chủ hộ",
            "error",
            "Quan hệ với chủ hộ “+cmd|' /C calc'!A0” bắt đầu bằng dấu “+” như một công thức "
            "Excel; dòng này không được nhập.",
        ),
        (
            6,
            "Tổ",
            "error",
            "Tên tổ “-Tổ 2” bắt đầu bằng dấu “-” như một công thức Excel; dòng này không được "
            "nhập.",
        ),
        (
            7,
            "Họ và tên",
            "error",
            "Họ và tên “=1+2” bắt đầu bằng dấu “=” như một công thức Excel; dòng này không "
            "được nhập.",
        ),
    ]
    with database.session() as session:
        stored = session.execute(select(Resident.full_name, Resident.phone)).all()
    assert [tuple(row) for row in stored] == [("Nguyễn Văn An", "0912345678")]


def test_a_group_typed_like_a_formula_in_the_wizard_is_refused(tmp_path, database):
    import pytest

    from desktop.domain.errors import UserError
    from desktop.services.importing import ImportOptions, detect_layout, plan_import
    from tests.conftest import TODAY

    path = write_ward_list(tmp_path / "ds.xlsx", {"Sheet1": [person("An", 1980, None, "Chủ hộ")]})
    workbook = read_workbook(path)
    layout = detect_layout(workbook)
    layout.sheets[0].group_name = "=Tổ 1"
    with database.session() as session, pytest.raises(UserError) as refused:
        plan_import(session, workbook, layout, ImportOptions(TODAY))
    assert str(refused.value) == (
        "Tên tổ “=Tổ 1” của trang “Sheet1” bắt đầu bằng dấu “=” như một công thức Excel; "
        "hãy sửa tên tổ."
    )


def test_the_saved_problem_list_keeps_formulas_as_text(tmp_path):
    """The cells quoted from the file ("=D3") must not become formulas in the report."""
    from openpyxl import load_workbook

    from desktop.services.importing import Problem, save_problems

    problems = [Problem("Tổ 1", 4, "=Số", "warning", "Ô D4 có công thức “=D3”…", "=D3")]
    path = save_problems(problems, tmp_path / "loi.xlsx", "ds.xlsx")
    row = list(load_workbook(path).active.iter_rows(min_row=3))[0]
    assert [(cell.value, cell.data_type) for cell in row[2:4]] == [("=Số", "s"), ("=D3", "s")]


def test_cells_written_without_their_reference_are_read_the_same(tmp_path):
    """Some programs leave out each cell's "r" (its place follows from the order): such a
    sheet is walked tag by tag, and gives the same rows and the same broken cells."""
    import re

    rows = hostile.table_rows_xml().replace(
        b'<c r="C4"><v>1983</v></c>', b'<c r="C4" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
    )
    rows = rows.replace(b'<c r="C3"><v>1980</v></c>', b'<c r="C3"><f>1979+1</f><v></v></c>')
    plain = read_workbook(hostile.write_package(tmp_path / "r.xlsx", rows)).sheets[0].rows
    walked = hostile.write_package(tmp_path / "khong-r.xlsx", re.sub(rb' r="[A-Z]+\d+"', b"", rows))

    assert read_workbook(walked).sheets[0].rows == plain
    assert (plain[2][2], plain[3][2]) == (BrokenCell("=1979+1", True), BrokenCell("#DIV/0!"))
