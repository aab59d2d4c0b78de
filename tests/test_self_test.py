"""`denkhuya --self-test` (desktop/self_test.py): the checks the frozen program runs on
itself, here from the checkout, as CI and the Windows build run them frozen."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import self_test
from desktop.__main__ import main
from desktop.domain.errors import UserError

ROOT = Path(__file__).resolve().parent.parent


def test_the_self_test_passes_every_check_without_a_screen(tmp_path):
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    environment["XDG_DATA_HOME"] = str(tmp_path / "data")  # its own user data folder
    environment.pop("DISPLAY", None)
    environment.pop("WAYLAND_DISPLAY", None)
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "--self-test"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Đèn Khuya tự kiểm tra (mã nguồn")
    checks = lines[1:-1]
    assert len(checks) == len(self_test.CHECKS) == 9
    for number, (line, (label, _check)) in enumerate(zip(checks, self_test.CHECKS, strict=True), 1):
        assert line.startswith(f"  {number}. {label}: đạt — "), line
    assert "SQLCipher" in checks[2]
    assert "40 hộ" in checks[3]
    assert "OR-Tools" in checks[5] and "phiếu đi hộ" in checks[5]
    assert lines[-1].startswith("Tự kiểm tra: cả 9 bước đều đạt")
    assert done.stderr == ""
    # Its temporary folder is gone: nothing is left in the scratch folder either.
    scratch = tmp_path / "data" / "DenKhuya"
    assert not list(scratch.rglob("*.sqlite3"))


def _passes(run: self_test.Run) -> str:
    (run.folder / "a.txt").write_text("x", encoding="utf-8")
    return "một việc nhỏ"


def _fails(run: self_test.Run) -> str:
    raise ModuleNotFoundError("No module named 'ortools.constraint_solver.routing_parameters_pb2'")


def _never(run: self_test.Run) -> str:
    raise AssertionError("a check after a failure ran")


def test_the_first_failing_check_stops_the_run_with_exit_code_1(monkeypatch):
    monkeypatch.setattr(
        self_test,
        "CHECKS",
        (("Bước được", _passes), ("Lập lộ trình", _fails), ("Bước sau", _never)),
    )
    out, errors = io.StringIO(), io.StringIO()
    assert self_test.run_self_test(out, errors) == self_test.EXIT_FAILED
    lines = out.getvalue().splitlines()
    assert lines[1].startswith("  1. Bước được: đạt — một việc nhỏ (")
    assert lines[2] == (
        "  2. Lập lộ trình: LỖI (ModuleNotFoundError: No module named "
        "'ortools.constraint_solver.routing_parameters_pb2')"
    )
    assert lines[3] == "Tự kiểm tra: KHÔNG ĐẠT ở bước 2."
    assert "Bước sau" not in out.getvalue()
    assert "Traceback" in errors.getvalue() and "_fails" in errors.getvalue()


def test_the_checks_work_in_a_temporary_folder_removed_afterwards(monkeypatch):
    folders: list[Path] = []

    def remember(run: self_test.Run) -> str:
        folders.append(run.folder)
        return _passes(run)

    monkeypatch.setattr(self_test, "CHECKS", (("Bước được", remember),))
    assert self_test.run_self_test(io.StringIO(), io.StringIO()) == self_test.EXIT_OK
    assert folders and not folders[0].exists()


def test_self_test_is_only_the_option_alone(capsys):
    # With anything else it is no self-test: the command line refuses the unknown option.
    assert main(["--self-test", "demo"]) == 2
    assert "Lệnh không hợp lệ" in capsys.readouterr().err


def test_the_tiny_map_is_a_grid_of_named_streets_osmium_reads(tmp_path):
    import osmium

    path = self_test.write_tiny_map(tmp_path / "ban-do.osm.pbf")
    # (an object read by osmium is valid only while the loop is on it)
    names = [way.tags["name"] for way in osmium.FileProcessor(str(path)) if way.is_way()]
    assert len(set(names)) == len(names) == 2 * self_test.STREETS_EACH_WAY
    assert {"Phố Ngang 1", "Đường Dọc 9"} <= set(names)


def test_a_frozen_program_without_the_postgresql_driver_fails_its_self_test(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg fails
    run = self_test.Run(tmp_path)
    # A checkout may leave out the optional "postgres" part, and says so …
    assert "bỏ qua" in self_test.check_postgres_driver(run)
    # … the frozen program a desk installs may not.
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    with pytest.raises(UserError, match="psycopg"):
        self_test.check_postgres_driver(run)
