"""`denkhuya report …`: the files, the JSON, the refusals (exit 2, no file left behind),
and two demo stations consolidated into one report, end to end."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pdfplumber
import pytest
from openpyxl import load_workbook

from desktop.cli import run
from tests.services.reporting import fixtures
from tests.services.reporting.station import COUNT_KEYS, SECOND_NIGHT

station_file, station = fixtures.station_file, fixtures.station  # the shared fixtures


@pytest.fixture
def out(tmp_path) -> Path:
    folder = tmp_path / "bao-cao"
    folder.mkdir()
    return folder


@pytest.fixture
def url(station) -> str:
    return station.database.url


def report(url: str, *args: str) -> int:
    return run(["--db", url, "report", *args])


def test_daily_report_totals_equal_denkhuya_tally_for_the_same_date(url, out, capsys, station):
    assert run(["--db", url, "tally", "--date", "2026-11-25", "--json"]) == 0
    tally = json.loads(capsys.readouterr().out)
    target = out / "ngay.xlsx"
    assert report(url, "daily", "--date", "2026-11-25", "--remarks", "Ổn.", "--out",
                  str(target), "--json") == 0  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == tally["total"] == station.log.total({SECOND_NIGHT})
    assert data | {"total": None} == {
        "kind": "daily",
        "path": str(target),
        "format": "xlsx",
        "pages": 7,
        "date": "2026-11-25",
        "total": None,
    }
    rows = list(load_workbook(target)["Dữ liệu"].iter_rows(min_row=2, values_only=True))
    for index, key in enumerate(COUNT_KEYS, start=4):
        assert sum(row[index] for row in rows) == tally["total"][key]


def test_each_kind_writes_one_file_and_says_so_on_one_line(url, out, capsys):
    for args, name in (
        (["daily", "--date", "2026-11-25"], "ngay.pdf"),
        (["campaign"], "chien-dich.pdf"),
        (["campaign", "--date", "2026-11-24"], "chien-dich.xlsx"),
        (["pending", "--group", "Tổ 1", "--group", "Tổ 3"], "con-lai.pdf"),
    ):
        assert report(url, *args, "--out", str(out / name)) == 0, args
        captured = capsys.readouterr()
        assert captured.out.count("\n") == 1 and str(out / name) in captured.out
    assert sorted(os.listdir(out)) == ["chien-dich.pdf", "chien-dich.xlsx", "con-lai.pdf",
                                       "ngay.pdf"]  # fmt: skip
    with pdfplumber.open(out / "con-lai.pdf") as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "Trần Quốc Bảo" in text and "Hoàng Văn Ước" in text and "Vũ Thị Én" not in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["daily", "--date", "2026-11-23"],
         "Ngày 23/11/2026 chưa có kết quả nào của chiến dịch “Tháng cao điểm 50 ngày”.\n"),
        (["pending", "--group", "Tổ 9"],
         "Không có tổ dân phố “Tổ 9”; các tổ hiện có: Tổ 1, Tổ 2, Tổ 3.\n"),
        (["campaign", "--date", "2027-03-01"],
         "Ngày 01/03/2027 nằm ngoài thời gian của chiến dịch “Tháng cao điểm 50 ngày” "
         "(20/11/2026–08/01/2027).\n"),
    ],
)  # fmt: skip
def test_bad_input_exits_2_with_one_sentence_and_no_file(url, out, capsys, args, message):
    assert report(url, *args, "--out", str(out / "bao-cao.pdf")) == 2
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", message)
    assert os.listdir(out) == []


def test_a_wrong_suffix_or_a_missing_folder_exits_2(url, out, capsys):
    assert report(url, "campaign", "--out", str(out / "bao-cao.docx")) == 2
    assert capsys.readouterr().err == (
        "Báo cáo chỉ ghi ra tệp .xlsx hoặc .pdf (không phải “bao-cao.docx”).\n"
    )
    assert report(url, "campaign", "--out", str(out / "khong-co" / "bc.pdf")) == 2
    assert "không tồn tại; hãy chọn thư mục khác." in capsys.readouterr().err
    assert os.listdir(out) == []


def test_an_unwritable_folder_exits_2(url, tmp_path, capsys):
    from tests.services.reporting.test_export import unwritable_folder

    folder = unwritable_folder(tmp_path)
    assert report(url, "campaign", "--out", str(folder / "bc.xlsx")) == 2
    err = capsys.readouterr().err
    assert err.startswith("Không ghi được vào thư mục") and err.count("\n") == 1
    assert not (folder / "bc.xlsx").exists()


def test_without_a_campaign_exits_2(database, out, capsys):
    assert report(database.url, "daily", "--date", "2026-11-25", "--out", str(out / "a.pdf")) == 2
    assert capsys.readouterr().err == "Chưa có chiến dịch nào; hãy tạo chiến dịch trước.\n"


def test_a_bad_date_or_a_missing_out_is_refused_by_the_parser(url, capsys):
    assert report(url, "daily", "--date", "25/11/2026", "--out", "a.pdf") == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
    assert report(url, "campaign") == 2
    assert "--out" in capsys.readouterr().err


# --- Two demo stations, end to end -----------------------------------------------------


@pytest.fixture(scope="module")
def demo_reports(tmp_path_factory) -> dict[str, tuple[Path, dict, Path]]:
    """Two demo wards (Cốc Lếu, Kim Tân) made by `denkhuya demo`, each with its daily
    report of the latest night as Excel, its tally of that night, and its campaign
    report up to that night."""
    folder = tmp_path_factory.mktemp("demo-stations")
    found = {}
    for ward in ("Cốc Lếu", "Kim Tân"):
        url = f"sqlite:///{folder / ward}.sqlite3"
        demo = ["--db", url, "demo", "--households", "300", "--today", "2026-11-30"]
        assert run([*demo, "--ward", ward]) == 0
        target = folder / f"{ward}.xlsx"
        assert run(["--db", url, "report", "daily", "--date", "2026-11-29", "--out",
                    str(target)]) == 0  # fmt: skip
        campaign = folder / f"{ward}-chien-dich.xlsx"
        assert run(["--db", url, "report", "campaign", "--date", "2026-11-29", "--out",
                    str(campaign)]) == 0  # fmt: skip
        tally = _json(["--db", url, "tally", "--date", "2026-11-29", "--json"])
        found[ward] = (target, tally, campaign)
    return found


def _json(argv: list[str]) -> dict:
    import contextlib
    import io

    stream = io.StringIO()
    with contextlib.redirect_stdout(stream):
        assert run(argv) == 0
    return json.loads(stream.getvalue())


@pytest.fixture
def command(database) -> str:
    """The provincial command's database: no ward, its agency set in the report settings."""
    from dataclasses import replace

    from desktop.services.reporting.settings import default_report_settings, save_report_settings

    settings = replace(
        default_report_settings(None),
        parent_agency="Bộ Công an",
        issuing_agency="Công an tỉnh Lào Cai",
        place="Lào Cai",
    )
    with database.session() as session:
        save_report_settings(session, settings)
    return database.url


def test_two_demo_stations_consolidate_into_one_report(demo_reports, out, command, capsys):
    files = [str(path) for path, _, _ in demo_reports.values()]
    target = out / "tong-hop.xlsx"
    assert run(["--db", command, "report", "consolidate", *files, "--out", str(target),
                "--json"]) == 0  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    expected = {
        key: sum(tally["total"][key] for _, tally, _ in demo_reports.values()) for key in COUNT_KEYS
    }
    assert data["total"] == expected and data["date"] == "2026-11-29"
    workbook = load_workbook(target)
    units = [row[1] for row in workbook["Theo đơn vị"].iter_rows(min_row=7, values_only=True)]
    assert units[:2] == ["Công an phường Cốc Lếu", "Công an phường Kim Tân"]
    pdf_target = out / "tong-hop.pdf"
    assert run(["--db", command, "report", "consolidate", *files, "--out",
                str(pdf_target)]) == 0  # fmt: skip
    with pdfplumber.open(pdf_target) as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "Công an phường Kim Tân" in text and "Tổng cộng" in text
    assert "CÔNG AN TỈNH LÀO CAI" in text


def _numbers(name: str) -> int:
    return int(name.split()[-1])


def test_campaign_reports_of_two_stations_consolidate_group_by_group(demo_reports, out,
                                                                     command, capsys):  # fmt: skip
    files = [str(campaign) for _, _, campaign in demo_reports.values()]
    target = out / "tong-hop-chien-dich.xlsx"
    assert run(["--db", command, "report", "consolidate", *files, "--out", str(target),
                "--json"]) == 0  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert data["date"] == "2026-11-29"
    expected = {key: 0 for key in COUNT_KEYS}
    for path in files:
        for row in load_workbook(path)["Dữ liệu"].iter_rows(min_row=2, values_only=True):
            for index, key in enumerate(COUNT_KEYS, start=4):
                expected[key] += row[index]
    assert data["total"] == expected
    workbook = load_workbook(target)
    assert workbook.sheetnames == ["Theo đơn vị", "Theo tổ dân phố", "Theo ngày", "Dữ liệu"]
    by_group = [
        row[1:3] for row in workbook["Theo tổ dân phố"].iter_rows(min_row=7, values_only=True)
    ]
    by_group = [row for row in by_group if row[1]]  # the total row has no group
    for unit in ("Công an phường Cốc Lếu", "Công an phường Kim Tân"):
        groups = [group for name, group in by_group if name == unit]
        assert len(groups) >= 8  # every group of the ward was visited at least once
        assert [_numbers(group) for group in groups] == sorted(_numbers(g) for g in groups)


def test_consolidating_the_same_station_twice_exits_2(demo_reports, out, command, capsys):
    path, _, _ = demo_reports["Cốc Lếu"]
    assert run(["--db", command, "report", "consolidate", str(path), str(path), "--out",
                str(out / "x.xlsx")]) == 2  # fmt: skip
    err = capsys.readouterr().err
    assert (
        err.startswith("Đơn vị “Công an phường Cốc Lếu” có trong cả tệp") and err.count("\n") == 1
    )
    assert os.listdir(out) == []


def test_consolidating_without_an_agency_exits_2(demo_reports, out, database, capsys):
    files = [str(path) for path, _, _ in demo_reports.values()]
    assert run(["--db", database.url, "report", "consolidate", *files, "--out",
                str(out / "x.pdf")]) == 2  # fmt: skip
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", (
        "Chưa có tên cơ quan ban hành báo cáo (báo cáo sẽ chỉ ghi “CÔNG AN”); hãy điền cơ "
        "quan chủ quản và cơ quan ban hành trong Thiết lập báo cáo rồi làm lại.\n"
    ))  # fmt: skip
    assert os.listdir(out) == []


def test_consolidating_over_one_of_the_files_exits_2_and_keeps_it(demo_reports, tmp_path,
                                                                  command, capsys):  # fmt: skip
    folder = tmp_path / "don-vi"
    folder.mkdir()
    files = []
    for path, _, _ in demo_reports.values():
        files.append(folder / path.name)
        files[-1].write_bytes(path.read_bytes())
    before = files[0].read_bytes()
    assert run(["--db", command, "report", "consolidate", *map(str, files), "--out",
                str(files[0])]) == 2  # fmt: skip
    captured = capsys.readouterr()
    assert captured.err == (
        "Tệp “Cốc Lếu.xlsx” là một trong các báo cáo đang được tổng hợp; hãy ghi báo cáo tổng "
        "hợp ra tệp khác để không mất báo cáo của đơn vị.\n"
    )
    assert files[0].read_bytes() == before
    assert sorted(os.listdir(folder)) == ["Cốc Lếu.xlsx", "Kim Tân.xlsx"]


def test_a_file_of_the_older_layout_is_named_on_stderr(demo_reports, tmp_path, command, capsys):
    from openpyxl import Workbook

    from desktop.reports.data import LEGACY_DATA_COLUMNS

    old = tmp_path / "cu.xlsx"
    workbook = Workbook()
    workbook.active.title = "Dữ liệu"
    workbook.active.append(list(LEGACY_DATA_COLUMNS))
    workbook.active.append(["Công an phường Bắc Cường", "Tổ 1", "Tổ 1", "2026-11-29",
                            *([1] * len(COUNT_KEYS))])  # fmt: skip
    workbook.save(old)
    path, _, _ = demo_reports["Cốc Lếu"]
    target = tmp_path / "tong-hop.xlsx"
    assert run(["--db", command, "report", "consolidate", str(path), str(old), "--out",
                str(target)]) == 0  # fmt: skip
    captured = capsys.readouterr()
    assert captured.out.count("\n") == 1 and str(target) in captured.out
    assert captured.err.splitlines()[-1] == (
        "Tệp theo mẫu cũ không ghi chiến dịch nên chưa kiểm tra được cùng chiến dịch: cu.xlsx."
    )
    sheet = load_workbook(target)["Theo đơn vị"]
    texts = [row[0] for row in sheet.iter_rows(min_row=7, values_only=True) if row and row[0]]
    assert texts[-2:] == [
        "Số liệu tổng hợp từ các tệp: Cốc Lếu.xlsx, cu.xlsx.",
        "Tệp theo mẫu cũ không ghi chiến dịch nên chưa kiểm tra được cùng chiến dịch: cu.xlsx.",
    ]
