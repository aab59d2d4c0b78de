"""Consolidation: two stations' daily or campaign reports, read by their `Dữ liệu`
sheets; reports that do not belong together refused with one sentence."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from desktop.domain.errors import UserError
from desktop.reports.data import DATA_COLUMNS, LEGACY_DATA_COLUMNS
from desktop.services.database import open_database
from desktop.services.progress import Progress
from desktop.services.reporting.consolidation import consolidate
from desktop.services.reporting.export import ReportRequest, export_report
from desktop.services.reporting.settings import default_report_settings
from tests.services.reporting.fixtures import build_station_file
from tests.services.reporting.station import COUNT_KEYS, FIRST_NIGHT, SECOND_NIGHT

# The provincial command's settings: a database without a ward, its agency typed in.
SETTINGS = replace(
    default_report_settings(None),
    parent_agency="Bộ Công an",
    issuing_agency="Công an tỉnh Lào Cai",
    place="Lào Cai",
)
CAMPAIGN = "Tháng cao điểm 50 ngày"


@pytest.fixture(scope="module")
def stations(tmp_path_factory, migrated_template):
    """Two stations (Cốc Lếu, Kim Tân), each with its log and a database file."""
    folder = tmp_path_factory.mktemp("two-stations")
    return {
        ward: build_station_file(folder, migrated_template, ward, prefix)
        for ward, prefix in (("Cốc Lếu", "010"), ("Kim Tân", "011"))
    }


def station_xlsx(stations, ward: str, folder: Path, request: ReportRequest, name: str) -> Path:
    path, _ = stations[ward]
    database = open_database(f"sqlite:///{path}")
    try:
        with database.session() as session:
            return export_report(session, request, folder / name, Progress()).path
    finally:
        database.close()


def daily_xlsx(stations, ward: str, folder: Path, night=SECOND_NIGHT) -> Path:
    request = ReportRequest("daily", day=night)
    return station_xlsx(stations, ward, folder, request, f"{ward}-{night:%d%m}.xlsx")


def campaign_xlsx(stations, ward: str, folder: Path, up_to=SECOND_NIGHT) -> Path:
    request = ReportRequest("campaign", day=up_to)
    return station_xlsx(stations, ward, folder, request, f"{ward}-cd-{up_to:%d%m}.xlsx")


def test_two_stations_add_up_per_unit_and_in_total(stations, tmp_path):
    files = [daily_xlsx(stations, ward, tmp_path) for ward in ("Cốc Lếu", "Kim Tân")]
    result = consolidate(files, SETTINGS)
    logs = {ward: log for ward, (_, log) in stations.items()}
    assert [row.name for row in result.units] == [
        "Công an phường Cốc Lếu",
        "Công an phường Kim Tân",
    ]
    for row, ward in zip(result.units, ("Cốc Lếu", "Kim Tân"), strict=True):
        assert row.counts == logs[ward].total({SECOND_NIGHT})
    expected = {
        key: sum(log.total({SECOND_NIGHT})[key] for log in logs.values()) for key in COUNT_KEYS
    }
    assert result.total == expected
    assert (result.day, result.report, result.campaign_name) == (SECOND_NIGHT, "daily", CAMPAIGN)
    assert result.nights == () and result.unchecked == ()
    assert result.heading.subject == (
        f"Tổng hợp kết quả thực hiện {CAMPAIGN} ngày 25/11/2026 của 2 đơn vị"
    )
    assert len(result.data_rows) == 2 * len(logs["Cốc Lếu"].counts({SECOND_NIGHT}, "pair"))
    assert {row.station for row in result.data_rows} == {
        "Công an phường Cốc Lếu, Lào Cai",
        "Công an phường Kim Tân, Lào Cai",
    }
    groups = {(unit, row.name): row.counts for unit, row in result.groups}
    assert (
        groups[("Công an phường Kim Tân", "Tổ 1")]
        == logs["Kim Tân"].counts({SECOND_NIGHT}, "group")["Tổ 1"]
    )


def test_campaign_reports_add_up_over_the_campaign_to_their_night(stations, tmp_path):
    files = [campaign_xlsx(stations, ward, tmp_path) for ward in ("Cốc Lếu", "Kim Tân")]
    result = consolidate(files, SETTINGS)
    logs = {ward: log for ward, (_, log) in stations.items()}
    both = {FIRST_NIGHT, SECOND_NIGHT}
    assert (result.report, result.day) == ("campaign", SECOND_NIGHT)
    for row, ward in zip(result.units, ("Cốc Lếu", "Kim Tân"), strict=True):
        assert row.counts == logs[ward].total(both)
    assert result.total == {
        key: sum(log.total(both)[key] for log in logs.values()) for key in COUNT_KEYS
    }
    groups = {(unit, row.name): row.counts for unit, row in result.groups}
    assert (
        groups[("Công an phường Cốc Lếu", "Tổ 2")] == logs["Cốc Lếu"].counts(both, "group")["Tổ 2"]
    )
    # Night by night, all units together, every night from the first with results.
    assert [row.name for row in result.nights] == ["24/11", "25/11"]
    for row, night in zip(result.nights, (FIRST_NIGHT, SECOND_NIGHT), strict=True):
        assert row.counts == {
            key: sum(log.total({night})[key] for log in logs.values()) for key in COUNT_KEYS
        }
    assert result.heading.subject == (
        f"Tổng hợp kết quả thực hiện {CAMPAIGN} đến hết ngày 25/11/2026 của 2 đơn vị"
    )


def test_reports_of_different_nights_are_refused(stations, tmp_path):
    files = [
        daily_xlsx(stations, "Cốc Lếu", tmp_path, SECOND_NIGHT),
        daily_xlsx(stations, "Kim Tân", tmp_path, FIRST_NIGHT),
    ]
    with pytest.raises(UserError) as refused:
        consolidate(files, SETTINGS)
    assert str(refused.value) == (
        "Các báo cáo không cùng một ngày (“Kim Tân-2411.xlsx” ngày 24/11/2026, "
        "“Cốc Lếu-2511.xlsx” ngày 25/11/2026); chỉ tổng hợp được báo cáo của cùng một ngày."
    )


def test_campaign_reports_counted_to_different_nights_are_refused(stations, tmp_path):
    files = [
        campaign_xlsx(stations, "Cốc Lếu", tmp_path, SECOND_NIGHT),
        campaign_xlsx(stations, "Kim Tân", tmp_path, FIRST_NIGHT),
    ]
    with pytest.raises(UserError) as refused:
        consolidate(files, SETTINGS)
    assert str(refused.value) == (
        "Các báo cáo chiến dịch không tính đến cùng một ngày (“Kim Tân-cd-2411.xlsx” đến ngày "
        "24/11/2026, “Cốc Lếu-cd-2511.xlsx” đến ngày 25/11/2026); hãy xuất lại báo cáo chiến "
        "dịch của các đơn vị đến cùng một ngày."
    )


def test_a_daily_and_a_campaign_report_together_are_refused(stations, tmp_path):
    files = [
        daily_xlsx(stations, "Cốc Lếu", tmp_path),
        campaign_xlsx(stations, "Kim Tân", tmp_path),
    ]
    with pytest.raises(UserError) as refused:
        consolidate(files, SETTINGS)
    assert str(refused.value) == (
        "Không tổng hợp chung được báo cáo ngày (“Cốc Lếu-2511.xlsx”) và báo cáo chiến dịch "
        "(“Kim Tân-cd-2511.xlsx”); hãy chọn các báo cáo cùng một loại."
    )


def _edit_data_sheet(path: Path, column: str, value: object) -> Path:
    """Set one column of every row of the `Dữ liệu` sheet (as another program would)."""
    workbook = load_workbook(path)
    sheet = workbook["Dữ liệu"]
    index = DATA_COLUMNS.index(column) + 1
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row=row, column=index, value=value)
    workbook.save(path)
    return path


def test_reports_of_different_campaigns_are_refused(stations, tmp_path):
    first = daily_xlsx(stations, "Cốc Lếu", tmp_path)
    other = _edit_data_sheet(daily_xlsx(stations, "Kim Tân", tmp_path), "campaign", "Tổng rà soát")
    with pytest.raises(UserError) as refused:
        consolidate([first, other], SETTINGS)
    assert str(refused.value) == (
        f"Các báo cáo không cùng một chiến dịch (“Cốc Lếu-2511.xlsx” của chiến dịch “{CAMPAIGN}”, "
        "“Kim Tân-2511.xlsx” của chiến dịch “Tổng rà soát”); chỉ tổng hợp được báo cáo của "
        "cùng một chiến dịch."
    )


def test_campaign_names_compare_without_case_accents_or_spaces(stations, tmp_path):
    first = daily_xlsx(stations, "Cốc Lếu", tmp_path)
    other = _edit_data_sheet(
        daily_xlsx(stations, "Kim Tân", tmp_path), "campaign", "THÁNG CAO ĐIỂM  50 NGÀY"
    )
    assert consolidate([first, other], SETTINGS).campaign_name == CAMPAIGN


def test_the_same_unit_twice_is_refused(stations, tmp_path):
    first = daily_xlsx(stations, "Cốc Lếu", tmp_path)
    copy = tmp_path / "ban-sao.xlsx"
    copy.write_bytes(first.read_bytes())
    with pytest.raises(UserError) as refused:
        consolidate([first, copy], SETTINGS)
    assert str(refused.value) == (
        "Đơn vị “Công an phường Cốc Lếu” có trong cả tệp “Cốc Lếu-2511.xlsx” và tệp "
        "“ban-sao.xlsx”; mỗi đơn vị chỉ được tổng hợp một lần."
    )


def test_the_same_station_under_another_unit_name_is_refused(stations, tmp_path):
    first = daily_xlsx(stations, "Cốc Lếu", tmp_path)
    renamed = tmp_path / "doi-ten.xlsx"
    renamed.write_bytes(first.read_bytes())
    _edit_data_sheet(renamed, "unit", "Công an P. Cốc Lếu")
    with pytest.raises(UserError, match="Đơn vị “Công an P. Cốc Lếu” có trong cả tệp"):
        consolidate([first, renamed], SETTINGS)


def test_a_consolidated_report_and_one_of_its_stations_are_refused_together(stations, tmp_path):
    files = [daily_xlsx(stations, ward, tmp_path) for ward in ("Cốc Lếu", "Kim Tân")]
    path, _ = stations["Cốc Lếu"]
    database = open_database(f"sqlite:///{path}")
    try:
        with database.session() as session:
            request = ReportRequest("consolidated", files=tuple(files))
            saved = export_report(session, request, tmp_path / "tong-hop.xlsx", Progress())
    finally:
        database.close()
    with pytest.raises(UserError, match="có trong cả tệp “tong-hop.xlsx” và tệp “Kim Tân"):
        consolidate([saved.path, files[1]], SETTINGS)


def test_settings_without_an_agency_are_refused_before_any_file_is_read(tmp_path):
    with pytest.raises(UserError) as refused:
        consolidate([tmp_path / "khong-co.xlsx"], default_report_settings(None))
    assert str(refused.value) == (
        "Chưa có tên cơ quan ban hành báo cáo (báo cáo sẽ chỉ ghi “CÔNG AN”); hãy điền cơ "
        "quan chủ quản và cơ quan ban hành trong Thiết lập báo cáo rồi làm lại."
    )


def _workbook(path: Path, rows: list[list], sheet: str = "Dữ liệu") -> Path:
    workbook = Workbook()
    workbook.active.title = sheet
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


HEADER = list(DATA_COLUMNS)
LEGACY = list(LEGACY_DATA_COLUMNS)


def _row(
    unit="Công an phường Bắc Cường",
    group="Tổ 1",
    team="Tổ công tác 1",
    day="2026-11-25",
    counts=(1,) * 8,
    campaign=CAMPAIGN,
    station="Công an phường Bắc Cường, Lào Cai",
    report="daily",
    up_to="2026-11-25",
) -> list:
    return [unit, group, team, day, *counts, campaign, station, report, up_to]


def test_groups_are_in_the_order_people_count_them_within_each_unit(tmp_path):
    first = _workbook(tmp_path / "bac-cuong.xlsx", [
        HEADER,
        _row(group="Tổ 9", team="Tổ công tác 1"),
        _row(group="Tổ 10", team="Tổ công tác 1"),
        _row(group="Tổ 7", team="Tổ công tác 2"),
        _row(group="Tổ 9", team="Tổ công tác 2"),
    ])  # fmt: skip
    kim_tan = {"unit": "Công an phường Kim Tân", "station": "Công an phường Kim Tân, Lào Cai"}
    second = _workbook(tmp_path / "kim-tan.xlsx", [
        HEADER,
        _row(group="Tổ 12", **kim_tan),
        _row(group="Tổ 2", **kim_tan),
        _row(group="Tổ 2A", **kim_tan),
    ])  # fmt: skip
    result = consolidate([second, first], SETTINGS)
    assert [(unit[15:], row.name) for unit, row in result.groups] == [
        ("Kim Tân", "Tổ 2"),
        ("Kim Tân", "Tổ 2A"),
        ("Kim Tân", "Tổ 12"),
        ("Bắc Cường", "Tổ 7"),
        ("Bắc Cường", "Tổ 9"),
        ("Bắc Cường", "Tổ 10"),
    ]
    assert (
        dict((row.name, row.counts["households_visited"]) for _, row in result.groups)["Tổ 9"] == 2
    )  # two teams went there
    assert [row.name for row in result.units] == [
        "Công an phường Kim Tân",
        "Công an phường Bắc Cường",
    ]  # the units in the order the files were given


def test_a_report_of_the_older_layout_consolidates_with_its_campaign_unchecked(tmp_path):
    new = _workbook(tmp_path / "bac-cuong.xlsx", [HEADER, _row(counts=(2,) * 8)])
    old = _workbook(tmp_path / "cu.xlsx", [
        LEGACY,
        ["Công an phường Kim Tân", "Tổ 3", "Tổ công tác 1", "2026-11-25", *([1] * 8)],
    ])  # fmt: skip
    result = consolidate([new, old], SETTINGS)
    assert result.total == dict.fromkeys(COUNT_KEYS, 3)
    assert (result.report, result.campaign_name, result.unchecked) == ("daily", CAMPAIGN,
                                                                       ("cu.xlsx",))  # fmt: skip
    assert result.notes[-1] == (
        "Tệp theo mẫu cũ không ghi chiến dịch nên chưa kiểm tra được cùng chiến dịch: cu.xlsx."
    )
    old_row = result.data_rows[-1]
    assert old_row.values()[-4:] == ["", "", "daily", "2026-11-25"]  # unknown stays unknown


def test_a_report_of_the_older_layout_is_still_held_to_the_same_night(tmp_path):
    new = _workbook(tmp_path / "bac-cuong.xlsx", [HEADER, _row()])
    old = _workbook(tmp_path / "cu.xlsx", [
        LEGACY,
        ["Công an phường Kim Tân", "Tổ 3", "Tổ công tác 1", "2026-11-24", *([1] * 8)],
    ])  # fmt: skip
    with pytest.raises(UserError, match="Các báo cáo không cùng một ngày"):
        consolidate([new, old], SETTINGS)


def test_an_excel_date_cell_is_read_as_the_date(tmp_path):
    row = _row()
    row[3] = row[-1] = date(2026, 11, 25)  # retyped in Excel: a date, no longer text
    path = _workbook(tmp_path / "sua.xlsx", [HEADER, row])
    assert consolidate([path], SETTINGS).day == date(2026, 11, 25)


@pytest.mark.parametrize(
    ("rows", "sheet", "message"),
    [
        ([HEADER], "Báo cáo", "không có trang “Dữ liệu”"),
        ([HEADER[:-1]], "Dữ liệu", "không đúng mẫu: dòng đầu phải là unit, group, team, date"),
        ([HEADER], "Dữ liệu", "không có dòng số liệu nào"),
        ([HEADER, _row(day="25/11/2026")], "Dữ liệu",
         "cột “date” có ngày “25/11/2026”, phải có dạng YYYY-MM-DD"),
        ([HEADER, _row(counts=("ba", *([1] * 7)))], "Dữ liệu",
         "cột “households_visited” phải là số nguyên không âm"),
        ([HEADER, _row(report="tuần")], "Dữ liệu",
         "cột “report” phải là “daily” hoặc “campaign”"),
        ([HEADER, _row(up_to="")], "Dữ liệu", "cột “up_to” có ngày “”"),
        ([HEADER, _row(day="2026-11-24")], "Dữ liệu",
         "ngày 24/11/2026 không thuộc báo cáo ngày tính đến ngày 25/11/2026"),
        ([HEADER, _row(day="2026-11-26", report="campaign")], "Dữ liệu",
         "ngày 26/11/2026 không thuộc báo cáo chiến dịch"),
        ([HEADER, _row(), _row(day="2026-11-26", up_to="2026-11-26")], "Dữ liệu",
         "có số liệu của nhiều báo cáo \\(báo cáo ngày ngày 25/11/2026, báo cáo ngày ngày "
         "26/11/2026\\)"),
        ([HEADER, _row(day="2024-11-25", report="campaign")], "Dữ liệu",
         "hơn một năm trước ngày 25/11/2026"),
        ([LEGACY, ["CA", "Tổ 1", "Tổ 1", "2026-11-25", *([1] * 8)],
          ["CA", "Tổ 1", "Tổ 1", "2026-11-26", *([1] * 8)]], "Dữ liệu",
         "theo mẫu cũ có số liệu của nhiều ngày"),
    ],
    ids=["no-sheet", "header", "empty", "date", "count", "report", "up-to", "daily-night",
         "after-up-to", "two-reports", "years", "legacy-nights"],
)  # fmt: skip
def test_a_file_that_breaks_the_contract_is_refused_with_one_sentence(
    tmp_path, rows, sheet, message
):
    path = _workbook(tmp_path / "don-vi.xlsx", rows, sheet)
    with pytest.raises(UserError, match=message) as refused:
        consolidate([path], SETTINGS)
    assert "\n" not in str(refused.value)


def test_a_missing_or_broken_file_is_refused(tmp_path):
    with pytest.raises(UserError, match="Không tìm thấy tệp"):
        consolidate([tmp_path / "khong-co.xlsx"], SETTINGS)
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(UserError, match="Không đọc được tệp “hong.xlsx”"):
        consolidate([broken], SETTINGS)


@pytest.mark.parametrize("kind", ["daily", "campaign"])
def test_the_consolidated_data_sheet_can_be_consolidated_again(stations, tmp_path, kind):
    make = daily_xlsx if kind == "daily" else campaign_xlsx
    files = [make(stations, ward, tmp_path) for ward in ("Cốc Lếu", "Kim Tân")]
    path, _ = stations["Cốc Lếu"]
    database = open_database(f"sqlite:///{path}")
    try:
        with database.session() as session:
            saved = export_report(
                session,
                ReportRequest("consolidated", files=tuple(files)),
                tmp_path / "tong-hop.xlsx",
                Progress(),
            )
    finally:
        database.close()
    again = consolidate([saved.path], SETTINGS)
    assert again.total == saved.report.total
    assert (again.report, again.day, again.campaign_name) == (kind, SECOND_NIGHT, CAMPAIGN)
    assert again.groups == saved.report.groups
    workbook = load_workbook(saved.path, read_only=True)
    try:
        rows = list(workbook["Dữ liệu"].iter_rows())
    finally:
        workbook.close()  # a read-only workbook keeps its file open until closed
    assert len(rows) == 1 + len(saved.report.data_rows)


def test_the_output_may_not_be_one_of_the_files_consolidated(stations, tmp_path):
    files = [daily_xlsx(stations, ward, tmp_path) for ward in ("Cốc Lếu", "Kim Tân")]
    before = files[1].read_bytes()
    path, _ = stations["Cốc Lếu"]
    database = open_database(f"sqlite:///{path}")
    try:
        with database.session() as session:
            request = ReportRequest("consolidated", files=tuple(files))
            with pytest.raises(UserError) as refused:
                export_report(session, request, files[1], Progress())
            # The dialog's way: the report made first, the file chosen afterwards.
            report = consolidate(files, SETTINGS)
            from desktop.services.reporting.export import save_report

            same = tmp_path / "." / files[1].name
            with pytest.raises(UserError, match="là một trong các báo cáo đang được tổng hợp"):
                save_report(session, report, same, Progress())
    finally:
        database.close()
    assert str(refused.value) == (
        "Tệp “Kim Tân-2511.xlsx” là một trong các báo cáo đang được tổng hợp; hãy ghi báo cáo "
        "tổng hợp ra tệp khác để không mất báo cáo của đơn vị."
    )
    assert files[1].read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Cốc Lếu-2511.xlsx", "Kim Tân-2511.xlsx"]
