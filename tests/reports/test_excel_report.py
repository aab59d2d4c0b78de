"""The Excel reports: office layout (titles, frozen header, print setup, formulas) and the
`Dữ liệu` sheet of plain values that adds up to the totals."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string

from desktop.services.progress import Progress
from desktop.services.reporting.export import ReportRequest, export_report
from tests.conftest import TODAY
from tests.services.reporting import fixtures
from tests.services.reporting.station import COUNT_KEYS, FIRST_NIGHT, SECOND_NIGHT, TEAM_1

DATA_HEADER = [
    "unit", "group", "team", "date", "households_visited", "residents_met", "vneid_installed",
    "level2_collected", "level2_activated", "app_114", "documents", "chip_card_collected",
    "campaign", "station", "report", "up_to",
]  # fmt: skip
COUNTS = slice(4, 4 + len(COUNT_KEYS))

station_file, station = fixtures.station_file, fixtures.station  # the shared fixtures


def export(station, request: ReportRequest, path: Path) -> Path:
    with station.database.session() as session:
        return export_report(session, request, path, Progress()).path


@pytest.fixture
def daily(station, tmp_path):
    path = export(
        station,
        ReportRequest("daily", day=SECOND_NIGHT, remarks="Tổ 3 chưa đến.\nCần thêm người."),
        tmp_path / "ngay.xlsx",
    )
    return load_workbook(path)


def value_of(sheet, ref: str):
    """A cell's value, with SUM(range) and IF(N(x)=0,"",a/b) worked out as Excel would."""
    value = sheet[ref].value
    if not isinstance(value, str) or not value.startswith("="):
        return value
    total = re.fullmatch(r"=SUM\(([A-Z]+)(\d+):([A-Z]+)(\d+)\)", value)
    if total:
        column, first, _, last = total.groups()
        return sum(
            value_of(sheet, f"{column}{row}") or 0 for row in range(int(first), int(last) + 1)
        )
    rate = re.fullmatch(r'=IF\(N\(([A-Z]+\d+)\)=0,"",([A-Z]+\d+)/([A-Z]+\d+)\)', value)
    if rate:
        whole, part, _ = rate.groups()
        return "" if not value_of(sheet, whole) else value_of(sheet, part) / value_of(sheet, whole)
    raise AssertionError(f"unexpected formula {value}")


def rows_of(sheet, first: int = 7) -> list[tuple]:
    return [row for row in sheet.iter_rows(min_row=first, values_only=True) if any(row)]


def test_a_sheet_per_section_and_the_data_sheet_last(daily):
    assert daily.sheetnames == [
        "Theo tổ công tác",
        "Theo tổ dân phố",
        "Lũy kế - chỉ tiêu",
        "Tình hình tổ dân phố",
        "Chỉ tiêu",
        "Nhận xét",
        "Dữ liệu",
    ]


def test_the_team_sheet_is_laid_out_as_offices_exchange_them(daily, station):
    sheet = daily["Theo tổ công tác"]
    assert sheet["A1"].value == "CÔNG AN TỈNH LÀO CAI"
    assert sheet["A2"].value == "CÔNG AN PHƯỜNG CỐC LẾU" and sheet["A2"].font.b
    national = [c.value for c in sheet[1] if c.value and "CỘNG HÒA" in c.value]
    assert national == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    assert sheet["A4"].value == "KẾT QUẢ THEO TỔ CÔNG TÁC ĐÊM 25/11/2026"
    assert "A4:J4" in {str(r) for r in sheet.merged_cells.ranges}
    header = [c.value for c in sheet[6]]
    assert header[:4] == ["STT", "Tổ công tác", "Hộ đã đến", "Người đã gặp"]
    assert all(c.font.b and c.border.top.style == "thin" for c in sheet[6])
    assert sheet.freeze_panes == "C7"
    assert sheet.print_title_rows == "$6:$6"
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
    assert sheet.column_dimensions["B"].width >= 20
    expected = station.log.counts({SECOND_NIGHT}, "team")
    body = rows_of(sheet)
    assert [row[1] for row in body] == [TEAM_1, "Tổ công tác 2", "Khác", "Tổng cộng"]
    for row in body[:-1]:
        assert list(row[2:]) == [expected[row[1]][key] for key in COUNT_KEYS]
    assert sheet["C7"].number_format == "#,##0"


def test_totals_are_formulas_that_add_up_to_the_night(daily, station):
    sheet = daily["Theo tổ công tác"]
    total_row = 7 + 3
    assert sheet[f"B{total_row}"].value == "Tổng cộng"
    assert sheet[f"C{total_row}"].value == "=SUM(C7:C9)"
    total = station.log.total({SECOND_NIGHT})
    for index, key in enumerate(COUNT_KEYS):
        column = chr(ord("C") + index)
        assert value_of(sheet, f"{column}{total_row}") == total[key], key
    groups = daily["Theo tổ dân phố"]
    assert [row[1] for row in rows_of(groups)] == ["Tổ 1", "Tổ 2", "Tổ 3", "Tổng cộng"]
    assert value_of(groups, "E10") == total["vneid_installed"]


def test_the_data_sheet_holds_plain_values_that_add_up_to_the_total(daily, station):
    sheet = daily["Dữ liệu"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == DATA_HEADER
    assert sheet.freeze_panes == "A2"
    body = rows[1:]
    assert all(not (isinstance(v, str) and v.startswith("=")) for row in body for v in row)
    assert {row[0] for row in body} == {"Công an phường Cốc Lếu"}
    assert {row[3] for row in body} == {"2026-11-25"}
    assert {row[COUNTS.stop :] for row in body} == {
        ("Tháng cao điểm 50 ngày", "Công an phường Cốc Lếu, Lào Cai", "daily", "2026-11-25")
    }
    pairs = station.log.counts({SECOND_NIGHT}, "pair")
    counted = {(row[2], row[1]): dict(zip(COUNT_KEYS, row[COUNTS], strict=True)) for row in body}
    assert counted == pairs
    total = station.log.total({SECOND_NIGHT})
    for index, key in enumerate(COUNT_KEYS, start=4):
        assert sum(row[index] for row in body) == total[key], key


def test_cumulative_rates_are_formulas_against_the_targets(daily, station):
    sheet = daily["Lũy kế - chỉ tiêu"]
    body = {row[1]: row for row in rows_of(sheet)}
    activated = body["Kích hoạt mức 2"]
    both = station.log.total({FIRST_NIGHT, SECOND_NIGHT})
    assert activated[2:4] == (both["level2_activated"], 20)
    row = next(r for r in range(7, 15) if sheet[f"B{r}"].value == "Kích hoạt mức 2")
    assert sheet[f"E{row}"].value == f'=IF(N(D{row})=0,"",C{row}/D{row})'
    assert value_of(sheet, f"E{row}") == pytest.approx(3 / 20)
    assert sheet[f"E{row}"].number_format == "0.0%"
    assert isinstance(sheet[f"G{row}"].value, date | None)
    assert body["Hộ đã đến"][3] is None  # no target


def test_standings_total_rate_is_the_units_not_a_sum_of_rates(daily):
    sheet = daily["Tình hình tổ dân phố"]
    total_row = 7 + 3
    assert sheet[f"B{total_row}"].value == "Tổng cộng"
    assert value_of(sheet, f"D{total_row}") == 9  # people aged 14+ in the three groups
    assert value_of(sheet, f"F{total_row}") == pytest.approx(4 / 9)


def test_remarks_have_a_sheet_of_their_own(daily):
    assert [row[1] for row in rows_of(daily["Nhận xét"])] == ["Tổ 3 chưa đến.", "Cần thêm người."]


def test_campaign_workbook_counts_every_night(station, tmp_path):
    workbook = load_workbook(export(station, ReportRequest("campaign"), tmp_path / "cd.xlsx"))
    assert workbook.sheetnames == [
        "Lũy kế - chỉ tiêu",
        "Theo tổ dân phố",
        "Tình hình tổ dân phố",
        "Theo ngày",
        "Theo tổ công tác",
        "Chỉ tiêu",
        "Dữ liệu",
    ]
    nights = workbook["Theo ngày"]
    body = rows_of(nights)
    # Nights are real dates shown dd/mm/yyyy, not text without a year.
    assert [row[1] for row in body][:2] == [datetime(2026, 11, 20), datetime(2026, 11, 21)]
    assert nights["B7"].number_format == "dd/mm/yyyy" and body[-1][1] == "Tổng cộng"
    total_row = 7 + len(body) - 1
    both = station.log.total({FIRST_NIGHT, SECOND_NIGHT})
    assert value_of(nights, f"F{total_row}") == both["level2_collected"]
    data = list(workbook["Dữ liệu"].iter_rows(min_row=2, values_only=True))
    assert {row[3] for row in data} == {"2026-11-24", "2026-11-25"}
    assert {row[-2:] for row in data} == {("campaign", "2026-11-25")}  # the campaign up to 25/11
    assert sum(row[4] for row in data) == both["households_visited"]


def test_pending_workbook_has_a_sheet_per_group_with_masked_ids(station, tmp_path):
    path = export(station, ReportRequest("pending", on=TODAY), tmp_path / "con-lai.xlsx")
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Tổng hợp", "Tổ 1", "Tổ 2", "Tổ 3"]
    summary = workbook["Tổng hợp"]
    assert value_of(summary, "D10") == 6  # people still owed something
    group = workbook["Tổ 1"]
    body = rows_of(group)
    assert [row[1] for row in body] == ["Nguyễn Văn An", "Trần Văn Bình", "Trần Quốc Bảo"]
    assert body[2][3] == "••••••••1001"
    everything = " ".join(str(v) for ws in workbook for row in ws.iter_rows(values_only=True)
                          for v in row if v)  # fmt: skip
    assert not re.search(r"\d{12}", everything)  # no whole ID number anywhere
    assert group.print_title_rows == "$6:$6" and group.freeze_panes == "C7"
    assert column_index_from_string("I") == len(body[0])


# --- Formulas are formulas, with the values they compute -------------------------------


def formula_cells(workbook) -> dict[tuple[str, str], str]:
    """(sheet, cell) → formula text, of every formula cell in the workbook."""
    return {
        (sheet.title, cell.coordinate): cell.value
        for sheet in workbook
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    }


def test_totals_and_rates_are_real_formulas_that_carry_their_values(station, tmp_path):
    path = export(station, ReportRequest("daily", day=SECOND_NIGHT), tmp_path / "ngay.xlsx")
    formulas, values = load_workbook(path), load_workbook(path, data_only=True)
    total_row = 7 + 3
    teams = formulas["Theo tổ công tác"]
    assert teams[f"C{total_row}"].data_type == "f"
    assert teams[f"C{total_row}"].value == "=SUM(C7:C9)"
    total = station.log.total({SECOND_NIGHT})
    for index, key in enumerate(COUNT_KEYS):
        ref = f"{chr(ord('C') + index)}{total_row}"
        assert values["Theo tổ công tác"][ref].value == total[key], key
    assert values["Tình hình tổ dân phố"][f"F{total_row}"].value == pytest.approx(4 / 9)
    found = formula_cells(formulas)
    assert len(found) > 30  # totals, rates and "còn lại" on five sheets
    blank = [(sheet, ref) for sheet, ref in found if values[sheet][ref].value is None]
    assert all(found[sheet, ref].startswith("=IF(N(") for sheet, ref in blank)  # no target
    assert len(blank) < len(found) / 2
    assert not any(sheet == "Dữ liệu" for sheet, _ in found)  # plain values only there


def test_text_typed_by_people_that_starts_with_equals_stays_text(tmp_path):
    from desktop.reports.data import (
        PendingGroup,
        PendingPerson,
        PendingReport,
        ReportHeading,
        ReportSettings,
    )
    from desktop.reports.excel_report import write_report_excel

    settings = ReportSettings("Công an tỉnh Lào Cai", "Công an phường Cốc Lếu", "{so}/BC",
                              "Lào Cai", "Công an tỉnh", "TRƯỞNG CÔNG AN", "", ())  # fmt: skip
    person = PendingPerson("=1+1", 1990, "••••••••1001", "010-0001", "=HYPERLINK(\"x\")",
                           "@chu ho", ("Cài Báo cháy 114",), "Chưa đến hộ")  # fmt: skip
    report = PendingReport(
        ReportHeading(settings, TODAY, "Danh sách", "Danh sách còn phải làm"),
        "Chiến dịch",
        TODAY,
        (PendingGroup("Tổ 1", (person,), 1),),
    )
    path = tmp_path / "con-lai.xlsx"
    write_report_excel(report, path)
    sheet = load_workbook(path)["Tổ 1"]
    name, address = sheet["B7"], sheet["F7"]
    assert (name.value, name.data_type) == ("=1+1", "s")
    assert (address.value, address.data_type) == ('=HYPERLINK("x")', "s")
    summary = load_workbook(path)["Tổng hợp"]
    assert summary["D8"].data_type == "f"  # the program's own total is a formula


def test_libreoffice_computes_every_formula_to_the_numbers_written(station, tmp_path, monkeypatch):
    """Recompute the reports in a real spreadsheet: the formulas are written without
    their values, LibreOffice computes them, and each must equal the value we store."""
    import shutil
    import subprocess

    from desktop.reports import excel_formulas

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (Debian package libreoffice-calc) is not installed")
    requests = {
        "ngay.xlsx": ReportRequest("daily", day=SECOND_NIGHT),
        "chien-dich.xlsx": ReportRequest("campaign"),
        "con-lai.xlsx": ReportRequest("pending", on=TODAY),
    }
    ours = {name: export(station, request, tmp_path / name) for name, request in requests.items()}
    bare = tmp_path / "bare"
    bare.mkdir()
    with monkeypatch.context() as patch:  # openpyxl's own writer: formulas with no value
        patch.setattr(excel_formulas.worksheet_writer, "write_cell",
                      excel_formulas._openpyxl_write_cell)  # fmt: skip
        for name, request in requests.items():
            export(station, request, bare / name)
    unvalued = load_workbook(bare / "ngay.xlsx", data_only=True)["Theo tổ công tác"]["C10"]
    assert unvalued.value is None
    out = tmp_path / "lo"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
         "--convert-to", "xlsx", "--outdir", str(out), *(str(bare / name) for name in requests)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    checked = 0
    for name, path in ours.items():
        stored = load_workbook(path, data_only=True)
        computed = load_workbook(out / name, data_only=True)
        for sheet, ref in formula_cells(load_workbook(path)):
            expected = stored[sheet][ref].value
            got = computed[sheet][ref].value
            if expected == "":
                assert got in ("", None), (name, sheet, ref, got)
            else:
                assert got == pytest.approx(expected), (name, sheet, ref)
            checked += 1
    assert checked > 60


def test_wrapped_header_and_text_rows_are_tall_enough_and_the_title_block_has_room(
    station, tmp_path
):
    remarks_text = "Một dòng.\n" + "Rất dài " * 40
    request = ReportRequest("daily", day=SECOND_NIGHT, remarks=remarks_text)
    daily = load_workbook(export(station, request, tmp_path / "ngay.xlsx"))
    teams = daily["Theo tổ công tác"]
    assert teams.row_dimensions[6].height >= 2 * 15  # "Người đã gặp" takes two lines
    remarks = daily["Nhận xét"]
    long_row = next(r for r in range(7, 12) if str(remarks[f"B{r}"].value).startswith("Rất"))
    assert remarks.row_dimensions[long_row].height >= 3 * 15
    assert f"B{long_row}:C{long_row}" in {str(r) for r in remarks.merged_cells.ranges}
    for sheet in (remarks, load_workbook(
        export(station, ReportRequest("pending", on=TODAY), tmp_path / "con-lai.xlsx")
    )["Tổng hợp"]):  # fmt: skip
        # The nation's title has its own columns, wide enough for one line.
        (cell,) = [c for c in sheet[1] if c.value and "CỘNG HÒA" in str(c.value)]
        merged = [r for r in sheet.merged_cells.ranges if cell.coordinate in r]
        last = merged[0].max_col if merged else cell.column
        width = sum(
            sheet.column_dimensions[chr(ord("A") + c - 1)].width
            for c in range(cell.column, last + 1)
        )
        assert width >= 50, sheet.title
