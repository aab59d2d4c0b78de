"""Finding the table: headings in their many spellings, two-row headings, groups, ends."""

from __future__ import annotations

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from desktop.db.models import Household, Resident, ResidentialGroup
from desktop.services.importing import detect_layout, read_workbook
from desktop.services.importing.headings import recognise_heading
from desktop.services.importing.titles import group_name, ward_from_title


@pytest.mark.parametrize(
    ("heading", "field"),
    [
        ("Họ và tên", "full_name"),
        ("Họ tên", "full_name"),
        ("HỌ VÀ TÊN", "full_name"),
        ("Số CCCD", "personal_id"),
        ("Số định danh cá nhân", "personal_id"),
        ("Số ĐDCN", "personal_id"),
        ("Số CMND/CCCD", "personal_id"),
        ("Quan hệ với chủ hộ", "relation"),
        ("QH với CH", "relation"),
        ("Ngày sinh", "birth"),
        ("Ngày, tháng, năm sinh", "birth"),
        ("Năm sinh", "birth_year"),
        ("Số điện thoại", "phone"),
        ("SĐT", "phone"),
        ("Mức định danh", "vneid_level"),
        ("Định danh điện tử", "vneid_level"),
        ("Cài app 114", "app_114"),
        ("Báo cháy 114", "app_114"),
        ("CCCD gắn chip", "has_chip_card"),
        ("Giới tính", "gender"),
        ("Vĩ độ", "lat"),
        ("Kinh độ", "lon"),
        ("Mã hộ", "household_code"),
        ("Tổ dân phố", "group"),
        ("Địa chỉ", "address"),
        ("Số nhà", "house_number"),
        ("Ngõ/ngách", "lane"),
        ("Đường/phố", "street"),
        ("Ghi chú", "notes"),
        ("STT", "row_number"),
        ("Dân tộc", None),
        ("Họ và tên chủ hộ", None),
        # Campaign statuses, as campaign lists abbreviate them
        ("ĐDĐT", "vneid_level"),
        ("Mức ĐDĐT", "vneid_level"),
        ("VNeID", "vneid_level"),
        ("KH", "level2_mark"),
        ("Đã KH", "level2_mark"),
        ("Kích hoạt", "level2_mark"),
        ("Đã kích hoạt", "level2_mark"),
        ("KH mức 2", "level2_mark"),
        ("ĐDĐT mức 2", "level2_mark"),
        ("Mức 2", "level2_mark"),
        ("M2", "level2_mark"),
        ("Mức 1", "level1_mark"),
        ("ĐDĐT mức 1", "level1_mark"),
        ("Đã cài VNeID", "level1_mark"),
        ("Cài đặt VNeID", "level1_mark"),
        ("114", "app_114"),
        ("Đã cài 114", "app_114"),
        ("App Báo cháy", "app_114"),
        ("Tích hợp giấy tờ", "documents_integrated"),
        ("TH giấy tờ", "documents_integrated"),
        ("CCCD gắn chíp", "has_chip_card"),
        ("Tình trạng kích hoạt", "vneid_level"),
        ("Đã làm hồ sơ mức 2", None),  # collected, not activated: listed, not guessed
        ("Chưa kích hoạt", None),
        ("Khu phố", "group"),  # not "KH"
        # The columns of `denkhuya export residents`
        ("household_code", "household_code"),
        ("group", "group"),
        ("full_name", "full_name"),
        ("birth_date", "birth"),
        ("birth_year", "birth_year"),
        ("personal_id", "personal_id"),
        ("vneid_level", "vneid_level"),
        ("app_114", "app_114"),
        ("lat", "lat"),
        ("lon", "lon"),
        ("Ghi chú " * 40, None),  # a note, not a heading
    ],
)
def test_headings_in_their_many_spellings(heading, field):
    assert recognise_heading(heading) == field


def test_two_row_headings(tmp_path):
    """ "Năm sinh" over "Nam" | "Nữ": the year is written in the column of the gender."""
    path = tmp_path / "hai-dong.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "TDP5"
    sheet["A1"] = "DANH SÁCH NHÂN KHẨU"
    sheet.append([])
    sheet.append(["TT", "Họ tên", "Năm sinh", None, "Quan hệ", "Định danh điện tử", None])
    sheet.append([None, None, "Nam", "Nữ", None, "Mức 1", "Mức 2"])
    for column in ("B", "E"):
        sheet.merge_cells(f"{column}3:{column}4")
    sheet.merge_cells("C3:D3")
    sheet.merge_cells("F3:G3")
    sheet.append([1, "Hà Văn Tú", 1960, None, "Chủ hộ", None, "x"])
    sheet.append([2, "Hà Thị Lý", None, 1962, "Vợ", "x", None])
    workbook.save(path)

    layout = detect_layout(read_workbook(path)).sheets[0]

    assert (layout.header_row, layout.data_start, layout.group_name) == (2, 4, "Tổ 5")
    assert layout.columns == {
        0: "row_number",
        1: "full_name",
        2: "birth_male",
        3: "birth_female",
        4: "relation",
        5: "level1_mark",
        6: "level2_mark",
    }
    assert layout.headings[3] == "Năm sinh (Nữ)"


def test_two_row_headings_give_birth_gender_and_level(tmp_path, run_import, database):
    test_two_row_headings(tmp_path)
    run_import(tmp_path / "hai-dong.xlsx", ward="Cốc Lếu")
    with database.session() as session:
        stored = session.scalars(select(Resident).order_by(Resident.position)).all()
    assert [(r.birth_year, r.gender, r.vneid_level) for r in stored] == [
        (1960, "male", 2),
        (1962, "female", 1),
    ]


def test_one_sheet_with_group_sections_totals_and_repeated_headings(tmp_path, run_import, database):
    path = tmp_path / "mot-trang.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    sheet.append(["ỦY BAN NHÂN DÂN PHƯỜNG CỐC LẾU"])
    sheet.append(["Họ và tên", "Quan hệ với chủ hộ", "Năm sinh", "Số nhà", "Đường"])  # row 2
    sheet.append(["(1)", "(2)", "(3)", "(4)", "(5)"])
    sheet.append(["TỔ DÂN PHỐ SỐ 1"])  # row 4: a section row
    sheet.append(["Giàng A Lử", "Chủ hộ", 1971, "3", "Hoàng Liên"])  # row 5
    sheet.append(["Cộng tổ 1: 1 nhân khẩu"])
    sheet.append(["Họ và tên", "Quan hệ với chủ hộ", "Năm sinh", "Số nhà", "Đường"])
    sheet.append(["Tổ dân phố số 2"])  # row 8
    sheet.append(["Sầm Văn Páo", "Chủ hộ", 1980, "9", "đường Nguyễn Huệ"])  # row 9
    sheet.append(["Sầm Thị Mai", "Con", 2004])
    sheet.append([None, "TỔNG CỘNG: 3 NHÂN KHẨU"])
    sheet.append(["Hứa Văn Sau", "Chủ hộ", 1990])  # under the totals: not part of the table
    workbook.save(path)

    result = run_import(path)

    assert (result.counts.households, result.counts.residents, result.problems) == (2, 3, [])
    with database.session() as session:
        rows = session.execute(
            select(ResidentialGroup.name, Household.address, Household.head_name)
            .join(Household, Household.group_id == ResidentialGroup.id)
            .order_by(ResidentialGroup.name)
        ).all()
    assert [tuple(row) for row in rows] == [
        ("Tổ 1", "Số 3, Hoàng Liên", "Giàng A Lử"),
        ("Tổ 2", "Số 9, đường Nguyễn Huệ", "Sầm Văn Páo"),
    ]


def test_a_group_column_and_a_signature_block(tmp_path, run_import, database):
    path = tmp_path / "cot-to.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["STT", "Họ và tên", "Quan hệ với chủ hộ", "Tổ", "Ngày sinh"])
    sheet.append([1, "Vàng Thị Dợ", "Chủ hộ", "5", "01/01/1975"])
    sheet.append([2, "Vàng A Chư", "Con", None, "02/02/2001"])
    sheet.append([3, "Lý Văn Pả", "Chủ hộ", "Tổ dân phố 6", "1969"])
    sheet.append([])
    sheet.append([None, "Người lập biểu", None, "Trưởng Công an phường"])
    sheet.append([None, "(Ký, ghi rõ họ tên)"])
    workbook.save(path)

    result = run_import(path, ward="Cốc Lếu")

    assert (result.counts.households, result.counts.residents, result.problems) == (2, 3, [])
    with database.session() as session:
        groups = session.scalars(select(ResidentialGroup.name).order_by(ResidentialGroup.name))
        assert groups.all() == ["Tổ 5", "Tổ 6"]


def test_a_sheet_without_any_group_is_refused(tmp_path, run_import):
    path = tmp_path / "khong-to.xlsx"
    workbook = Workbook()
    workbook.active.append(["Họ và tên", "Quan hệ với chủ hộ", "Năm sinh"])
    workbook.active.append(["Vàng Thị Dợ", "Chủ hộ", 1975])
    workbook.save(path)

    from desktop.domain.errors import UserError

    with pytest.raises(UserError, match="Không biết các hộ ở trang “Sheet” thuộc tổ dân phố nào"):
        run_import(path, ward="Cốc Lếu")


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("TỔ DÂN PHỐ SỐ 5", "Tổ 5"),
        ("Tổ 5", "Tổ 5"),
        ("TDP5", "Tổ 5"),
        ("To 12", "Tổ 12"),
        ("THÔN BẢN PHIỆT", "Thôn Bản Phiệt"),
        ("Sheet1", None),
        ("Danh sách", None),
    ],
)
def test_group_names(text, group):
    assert group_name(text) == group


def test_the_ward_is_read_from_the_agency_lines_not_the_motto():
    place = ward_from_title(
        ["CÔNG AN TỈNH LÀO CAI", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CÔNG AN XÃ BẢN PHIỆT"]
    )
    assert (place.name, place.kind, place.province) == ("Bản Phiệt", "Xã", "Lào Cai")


def test_coordinates_when_a_list_has_them(tmp_path, run_import, database):
    path = tmp_path / "toa-do.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tổ 7"
    sheet.append(["Họ và tên", "Quan hệ với chủ hộ", "Năm sinh", "Vĩ độ", "Kinh độ"])
    sheet.append(["Lù Văn Sử", "Chủ hộ", 1970, 22.4856, 103.9707])  # row 2
    sheet.append(["Lù Thị Mỷ", "Vợ", 1972])
    sheet.append(["Tẩn Văn Lở", "Chủ hộ", 1965, "22,5", "13,97"])  # row 4: outside Vietnam
    workbook.save(path)

    result = run_import(path, ward="Cốc Lếu")

    assert [(p.row, p.column, p.severity, p.message) for p in result.problems] == [
        (
            4,
            "Vĩ độ",
            "warning",
            "Tọa độ (22.5, 13.97) nằm ngoài lãnh thổ Việt Nam; chưa lưu tọa độ.",
        )
    ]
    with database.session() as session:
        stored = session.execute(
            select(Household.head_name, Household.lat, Household.lon).order_by(Household.code)
        ).all()
    assert [tuple(row) for row in stored] == [
        ("Lù Văn Sử", 22.4856, 103.9707),
        ("Tẩn Văn Lở", None, None),
    ]


def test_values_longer_than_the_database_keeps(tmp_path, run_import, database):
    path = tmp_path / "dai.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tổ 8"
    sheet.append(["Họ và tên", "Quan hệ với chủ hộ", "Năm sinh"])
    sheet.append(["Mùa A Chứ", "Chủ hộ", 1970])
    sheet.append(["Mùa Thị Dính", "Con dâu của em trai chồng, ở nhờ từ năm 2019 đến nay", 1999])
    sheet.append(["Đã chuyển đi nơi khác từ tháng 3 năm 2024 " * 4, "Con", 2001])
    workbook.save(path)

    result = run_import(path, ward="Cốc Lếu")

    assert [(p.row, p.severity) for p in result.problems] == [(3, "warning"), (4, "error")]
    assert result.problems[0].message == ("Quan hệ với chủ hộ dài quá 40 ký tự; tạm ghi “Khác”.")
    with database.session() as session:
        relations = session.scalars(select(Resident.relation).order_by(Resident.position)).all()
    assert relations == ["Chủ hộ", "Khác"]
