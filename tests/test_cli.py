"""The command-line contract scripts depend on (DESIGN.md, "The command line")."""

import csv
import json
import os
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from desktop.cli import run
from desktop.domain.personal_id import personal_id_warnings
from desktop.domain.phones import normalize_phone
from desktop.logs import log_file
from desktop.services import export as export_service
from tests.builders import add_household, add_resident, make_group, make_ward

REPOSITORY = Path(__file__).resolve().parents[1]
BAD_SUFFIX = "Chỉ xuất được ra tệp .csv hoặc .xlsx."


@pytest.fixture
def small_ward(database) -> str:
    """The URL of a database with two households and three residents."""
    with database.session() as session:
        group = make_group(session, make_ward(session))
        first = add_household(session, group, head="Nguyễn Văn An", personal_id="010080000001")
        add_resident(session, first, "Lò Thị Mai", relation="Vợ", phone="0912345678")
        add_household(session, group, head="Trần Thị Bình", house_number="3")
    return database.url


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def test_export_prints_one_summary_line_and_exits_0(small_ward, tmp_path, capsys):
    out = tmp_path / "nhan-khau.csv"
    assert run(["--db", small_ward, "export", "residents", "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.out == f"Đã xuất 3 nhân khẩu ra {out}.\n"
    assert "Đang xuất danh sách nhân khẩu" in captured.err  # progress goes to stderr
    assert len(read_csv(out)) == 3


def test_json_puts_only_the_object_on_stdout(small_ward, tmp_path, capsys):
    out = tmp_path / "nhan-khau.xlsx"
    assert run(["--db", small_ward, "export", "residents", "--out", str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"rows": 3, "path": str(out)}


@pytest.mark.parametrize("name", ["nhan-khau.pdf", "nhan-khau.xls", "nhan-khau"])
def test_bad_suffix_exits_2_with_one_vietnamese_sentence_and_no_file(
    small_ward, tmp_path, capsys, name
):
    out = tmp_path / name
    assert run(["--db", small_ward, "export", "residents", "--out", str(out)]) == 2
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", BAD_SUFFIX + "\n")
    assert not out.exists()


def test_missing_out_option_is_refused_in_vietnamese(small_ward, capsys):
    assert run(["--db", small_ward, "export", "residents"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("Lệnh không hợp lệ")
    assert len(captured.err.strip().splitlines()) == 1


def test_argparse_own_words_are_vietnamese_too(small_ward, capsys):
    assert run(["--db", small_ward, "export", "residents"]) == 2
    assert capsys.readouterr().err == "Lệnh không hợp lệ (thiếu --out); xem “denkhuya --help”.\n"
    assert run(["report"]) == 2
    assert capsys.readouterr().err == "Lệnh không hợp lệ (thiếu LOẠI); xem “denkhuya --help”.\n"
    with pytest.raises(SystemExit):
        run(["--help"])
    shown = capsys.readouterr().out
    assert shown.startswith("cách dùng: denkhuya")
    assert "hiện hướng dẫn này rồi thoát" in shown and "tùy chọn:" in shown


def test_unknown_command_is_refused_in_vietnamese(capsys):
    assert run(["xoa-het"]) == 2
    assert capsys.readouterr().err.startswith("Lệnh không hợp lệ")


def test_db_is_a_global_option_that_comes_before_the_command(small_ward, tmp_path, capsys):
    out = tmp_path / "nhan-khau.csv"
    assert run(["export", "residents", "--out", str(out), "--db", small_ward]) == 2
    assert capsys.readouterr().err.startswith("Lệnh không hợp lệ")
    assert not out.exists()


def test_denkhuya_db_variable_chooses_the_database(small_ward, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("DENKHUYA_DB", small_ward)
    out = tmp_path / "nhan-khau.csv"
    assert run(["export", "residents", "--out", str(out)]) == 0
    assert capsys.readouterr().out.startswith("Đã xuất 3 nhân khẩu")


def test_db_option_wins_over_the_variable(small_ward, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("DENKHUYA_DB", f"sqlite:///{tmp_path / 'other.sqlite3'}")
    out = tmp_path / "nhan-khau.csv"
    assert run(["--db", small_ward, "export", "residents", "--out", str(out)]) == 0
    assert len(read_csv(out)) == 3


def test_a_bug_exits_1_with_one_line_and_the_traceback_in_the_log(
    small_ward, tmp_path, capsys, monkeypatch, expected_errors
):
    def broken(*_args):
        raise RuntimeError("hỏng giữa chừng")

    monkeypatch.setattr(export_service, "export_residents", broken)
    assert run(["--db", small_ward, "export", "residents", "--out", str(tmp_path / "x.csv")]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1
    assert "Lỗi không mong đợi" in captured.err
    assert "Traceback" in log_file().read_text(encoding="utf-8")
    assert expected_errors.messages == ["Lỗi không mong đợi"]


def test_python_m_desktop_exports_end_to_end(small_ward, tmp_path):
    out = tmp_path / "x.csv"
    environment = {key: value for key, value in os.environ.items() if key != "DENKHUYA_DB"}
    finished = subprocess.run(
        [sys.executable, "-m", "desktop", "--db", small_ward, "export", "residents", "--out", out],
        cwd=REPOSITORY,
        env=environment,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout == f"Đã xuất 3 nhân khẩu ra {out}.\n"
    rows = read_csv(out)
    assert [row["full_name"] for row in rows] == ["Nguyễn Văn An", "Lò Thị Mai", "Trần Thị Bình"]
    assert rows[0]["personal_id"] == "010080000001"


def test_demo_ward_exports_rows_that_keep_every_rule(tmp_path, capsys):
    pytest.importorskip("desktop.services.demo")
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    out = tmp_path / "r.csv"
    assert run(["--db", url, "demo", "--households", "300", "--today", "2026-11-30"]) == 0
    # The demo names on stderr the few households its map cannot place, as `map locate`.
    unplaced = {line.split()[3] for line in capsys.readouterr().err.splitlines()
                if line.startswith("Chưa định vị: ")}  # fmt: skip
    assert run(["--db", url, "export", "residents", "--out", str(out)]) == 0
    capsys.readouterr()
    rows = read_csv(out)
    assert len(rows) >= 300
    heads = Counter(row["household_code"] for row in rows if row["relation"] == "Chủ hộ")
    assert len({row["household_code"] for row in rows}) == 300
    assert set(heads.values()) == {1} and len(heads) == 300
    for row in rows:
        assert list(row) == list(export_service.COLUMNS)
        assert row["gender"] in {"male", "female"}, row
        assert row["vneid_level"] in {"0", "1", "2"}, row
        assert row["app_114"] in {"yes", "no", ""}, row
        birth_year = int(row["birth_year"]) if row["birth_year"] else None
        if row["birth_date"]:
            assert date.fromisoformat(row["birth_date"]).year == birth_year, row
        if row["personal_id"]:
            assert personal_id_warnings(row["personal_id"], birth_year, row["gender"]) == [], row
        if row["phone"]:
            assert normalize_phone(row["phone"]) == row["phone"], row
        if row["household_code"] in unplaced:  # on a street the demo's map lacks
            assert row["lat"] == row["lon"] == "", row
            continue
        assert abs(float(row["lat"]) - 22.49) < 0.05, row
        assert abs(float(row["lon"]) - 103.97) < 0.05, row
    assert len(unplaced) == 3
