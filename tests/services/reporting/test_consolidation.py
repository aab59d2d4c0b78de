"""Consolidation: two stations' daily reports, read by their `Dữ liệu` sheets."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from desktop.domain.errors import UserError
from desktop.services.database import open_database
from desktop.services.progress import Progress
from desktop.services.reporting.consolidation import consolidate
from desktop.services.reporting.export import ReportRequest, export_report
from desktop.services.reporting.settings import default_report_settings
from tests.services.reporting.fixtures import build_station_file
from tests.services.reporting.station import COUNT_KEYS, FIRST_NIGHT, SECOND_NIGHT

SETTINGS = default_report_settings(None)


@pytest.fixture(scope="module")
def stations(tmp_path_factory, migrated_template):
    """Two stations (Cốc Lếu, Kim Tân), each with its log and a database file."""
    folder = tmp_path_factory.mktemp("two-stations")
    return {
        ward: build_station_file(folder, migrated_template, ward, prefix)
        for ward, prefix in (("Cốc Lếu", "010"), ("Kim Tân", "011"))
    }


def daily_xlsx(stations, ward: str, folder: Path, night=SECOND_NIGHT) -> Path:
    path, _ = stations[ward]
    database = open_database(f"sqlite:///{path}")
    try:
        with database.session() as session:
            target = folder / f"{ward}-{night:%d%m}.xlsx"
            return export_report(
                session, ReportRequest("daily", day=night), target, Progress()
            ).path
    finally:
        database.close()


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
    assert result.day == SECOND_NIGHT
    assert len(result.data_rows) == 2 * len(logs["Cốc Lếu"].counts({SECOND_NIGHT}, "pair"))
    groups = {(unit, row.name): row.counts for unit, row in result.groups}
    assert (
        groups[("Công an phường Kim Tân", "Tổ 1")]
        == logs["Kim Tân"].counts({SECOND_NIGHT}, "group")["Tổ 1"]
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


def _workbook(path: Path, rows: list[list], sheet: str = "Dữ liệu") -> Path:
    workbook = Workbook()
    workbook.active.title = sheet
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


HEADER = ["unit", "group", "team", "date", *COUNT_KEYS]


@pytest.mark.parametrize(
    ("rows", "sheet", "message"),
    [
        ([HEADER], "Báo cáo", "không có trang “Dữ liệu”"),
        ([HEADER[:-1]], "Dữ liệu", "không đúng mẫu: dòng đầu phải là unit, group, team, date"),
        ([HEADER], "Dữ liệu", "không có dòng số liệu nào"),
        ([HEADER, ["CA", "Tổ 1", "Tổ công tác 1", "25/11/2026", *([1] * 8)]], "Dữ liệu",
         "ngày “25/11/2026” phải có dạng YYYY-MM-DD"),
        ([HEADER, ["CA", "Tổ 1", "Tổ công tác 1", "2026-11-25", "ba", *([1] * 7)]], "Dữ liệu",
         "cột “households_visited” phải là số nguyên không âm"),
        ([HEADER, ["CA", "Tổ 1", "Tổ 1", "2026-11-25", *([1] * 8)],
          ["CA", "Tổ 1", "Tổ 1", "2026-11-26", *([1] * 8)]], "Dữ liệu", "nhiều ngày"),
    ],
)  # fmt: skip
def test_a_file_that_breaks_the_contract_is_refused_with_one_sentence(
    tmp_path, rows, sheet, message
):
    path = _workbook(tmp_path / "don-vi.xlsx", rows, sheet)
    with pytest.raises(UserError, match=message):
        consolidate([path], SETTINGS)


def test_a_missing_or_broken_file_is_refused(tmp_path):
    with pytest.raises(UserError, match="Không tìm thấy tệp"):
        consolidate([tmp_path / "khong-co.xlsx"], SETTINGS)
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(UserError, match="Không đọc được tệp “hong.xlsx”"):
        consolidate([broken], SETTINGS)


def test_the_consolidated_data_sheet_can_be_consolidated_again(stations, tmp_path):
    files = [daily_xlsx(stations, ward, tmp_path) for ward in ("Cốc Lếu", "Kim Tân")]
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
    sheet = load_workbook(saved.path, read_only=True)["Dữ liệu"]
    assert len(list(sheet.iter_rows())) == 1 + len(saved.report.data_rows)
