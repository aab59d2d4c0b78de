"""`denkhuya import`: the JSON on stdout, messages on stderr, exit codes 0 and 2."""

from __future__ import annotations

import json

from openpyxl import load_workbook

from desktop.cli import run
from desktop.services.importing import Problem, save_problems
from tests.services.importing.conftest import DATA
from tests.services.importing.workbooks import person, write_ward_list


def _list(tmp_path):
    return write_ward_list(
        tmp_path / "ds.xlsx",
        {
            "Tổ 1": [
                person("Nguyễn Văn An", "05/03/1980", "Nam", "Chủ hộ", "010080012345"),
                person("", "1990"),
                person("Nguyễn Thị Bé", "31/02/2015", "Nữ", "Con"),
            ]
        },
    )


def _cli(database, *args: str) -> list[str]:
    return ["--db", database.url, "import", *map(str, args)]


def test_json_result_and_exit_code_0(tmp_path, database, capsys):
    path = _list(tmp_path)

    assert run(_cli(database, path, "--json")) == 0

    out, err = capsys.readouterr()
    data = json.loads(out)
    assert list(data) == [
        "households",
        "residents",
        "added",
        "updated",
        "unchanged",
        "rejected",
        "warnings",
        "problems",
        "ignored_columns",
    ]
    assert (data["households"], data["residents"], data["added"]) == (1, 2, 2)
    assert (data["rejected"], data["warnings"]) == (1, 1)
    assert data["problems"][0] == {
        "sheet": "Tổ 1",
        "row": 10,
        "column": "HỌ VÀ TÊN",
        "severity": "error",
        "message": "Thiếu họ và tên; dòng này không được nhập.",
    }
    assert "Lỗi — Trang “Tổ 1”, dòng 10, cột “HỌ VÀ TÊN”" in err
    assert out.count("\n") == 1

    assert run(_cli(database, path, "--json")) == 0
    again = json.loads(capsys.readouterr().out)
    assert (again["added"], again["unchanged"]) == (0, 2)


def test_summary_line_and_dry_run(tmp_path, database, capsys):
    path = _list(tmp_path)

    assert run(_cli(database, path, "--dry-run")) == 0
    out, _ = capsys.readouterr()
    assert out == (
        "Kiểm tra (chưa lưu) tệp ds.xlsx vào phường Cốc Lếu: 1 hộ, 2 nhân khẩu (thêm 2, "
        "cập nhật 0, không đổi 0); 1 dòng bị loại, 1 dòng có cảnh báo.\n"
    )
    assert run(_cli(database, path)) == 0
    assert capsys.readouterr().out.startswith("Đã nhập tệp ds.xlsx vào phường Cốc Lếu: 1 hộ")


def test_refusals_exit_2_with_the_error_as_json(tmp_path, database, capsys):
    assert run(_cli(database, DATA / "mat-khau.xlsx", "--json")) == 2
    out, err = capsys.readouterr()
    message = "Tệp được bảo vệ bằng mật khẩu; hãy mở bằng Excel, bỏ mật khẩu rồi lưu lại."
    assert json.loads(out) == {"error": message, "problems": []}
    assert err.strip().endswith(message)

    rejected = write_ward_list(
        tmp_path / "loi.xlsx", {"Tổ 1": [person("", "1990", None, "Chủ hộ")]}
    )
    assert run(_cli(database, rejected, "--json")) == 2
    data = json.loads(capsys.readouterr().out)
    assert data["error"].startswith("Không nhập được dòng nào")
    assert [p["row"] for p in data["problems"]] == [9]

    assert run(_cli(database, tmp_path / "khong-co.xlsx")) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "Không tìm thấy tệp" in err


def test_the_problem_list_saved_as_excel(tmp_path):
    problems = [
        Problem(
            "Tổ 1",
            14,
            "Ngày sinh",
            "warning",
            "Ngày sinh “31/02/1990” không có thật.",
            "31/02/1990",
        ),
        Problem("Tổ 1", 15, "HỌ VÀ TÊN", "error", "Thiếu họ và tên; dòng này không được nhập."),
    ]

    path = save_problems(problems, tmp_path / "loi", "ds.xlsx")

    assert path.name == "loi.xlsx"
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows == [
        ("Các vấn đề khi nhập tệp “ds.xlsx”", None, None, None, None, None),
        ("Trang", "Dòng", "Cột", "Giá trị", "Loại", "Nội dung"),
        (
            "Tổ 1",
            14,
            "Ngày sinh",
            "31/02/1990",
            "Cảnh báo",
            "Ngày sinh “31/02/1990” không có thật.",
        ),
        ("Tổ 1", 15, "HỌ VÀ TÊN", None, "Lỗi", "Thiếu họ và tên; dòng này không được nhập."),
    ]
