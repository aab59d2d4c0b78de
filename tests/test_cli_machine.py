"""What the machine refuses, through the real command line (issue 11): a full disk, a
read-only file or folder, another program holding the write lock, two imports at once,
a process killed mid-import. Each is exit 2 and one Vietnamese sentence (never a
traceback) with nothing changed, or waits its turn and succeeds; the database stays
whole, and no -wal is left holding the disk."""

from __future__ import annotations

import itertools
import os
import shutil
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from desktop.services.database import open_database
from tests.builders import make_group, make_ward
from tests.services.importing.workbooks import person, write_ward_list
from tests.small_disks import (
    contents,
    count,
    denkhuya,
    fill,
    finished,
    free_bytes,
    integrity,
    tiny_disk,
    unwritable,
    writer_holding_lock,
)

FAMILIES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
MIDDLES = ["Văn", "Đức", "Minh", "Quốc", "Hữu", "Công", "Thành", "Xuân"]
GIVEN = [
    *("An", "Bình", "Cường", "Dũng", "Giang", "Hải", "Hùng", "Khoa", "Lâm", "Long"),
    *("Mạnh", "Nam", "Phong", "Quân", "Sơn", "Tâm", "Thắng", "Toàn", "Trung", "Tuấn"),
    *("Việt", "Vinh", "Bảo", "Đạt", "Hiếu", "Kiên", "Lộc", "Nghĩa", "Phúc", "Quang"),
    *("Tài", "Thịnh", "Huy", "Khánh", "Lợi", "Nhân", "Phát", "Sang", "Thông", "Tùng"),
]  # 10 × 8 × 40 = 3,200 heads
WAITING = "Cơ sở dữ liệu đang bận (một cửa sổ hoặc lệnh khác đang ghi); đang chờ tối đa"


def ward_list(path: Path, households: int, families: list[str] = FAMILIES, first: int = 1) -> Path:
    """A ward's list of `households` (a head and his wife each) in Tổ 1 of Cốc Lếu."""
    assert households <= len(families) * len(MIDDLES) * len(GIVEN)
    rows: list[list[object] | None] = []
    names = itertools.product(families, MIDDLES, GIVEN)
    for number, (family, middle, given) in zip(
        range(first, first + households), names, strict=False
    ):
        rows.append(
            person(f"{family} {middle} {given}", "05/03/1980", "Nam", "Chủ hộ",
                   address=f"{number} đường Hoàng Liên")
        )  # fmt: skip
        rows.append(person(f"Lò Thị {given}", "1985", "Nữ", "Vợ"))
        rows.append(None)
    return write_ward_list(path, {"Tổ 1": rows})


def ward_database(path: Path, template: Path) -> Path:
    """A database at `path` holding the ward Cốc Lếu and its Tổ 1, closed."""
    shutil.copy(template, path)
    database = open_database(f"sqlite:///{path}")
    with database.session() as session:
        make_group(session, make_ward(session))
    database.close()
    return path


def url(path: Path) -> str:
    return f"sqlite:///{path}"


def sidecars(path: Path) -> dict[str, int]:
    """The -wal and -shm beside the database, with their sizes."""
    found = (path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal"))
    return {p.name: p.stat().st_size for p in found if p.exists()}


def read_until(process, beginning: str) -> list[str]:
    """The lines a running command printed on stderr up to one that begins so."""
    lines = []
    for line in process.stderr:
        lines.append(line.rstrip("\n"))
        if line.startswith(beginning):
            return lines
    raise AssertionError(f"never said “{beginning}”: {lines}")


def the_sentence(err: str) -> str:
    """The refusal: the last line on stderr, after any progress lines; never a traceback."""
    assert "Traceback" not in err and "Lỗi không mong đợi" not in err, err
    return err.strip().splitlines()[-1]


# A full disk ---------------------------------------------------------------------------


@pytest.mark.parametrize("window", ["closed", "open"])
def test_a_full_disk_stops_an_import_with_a_sentence_and_gives_the_room_back(
    tmp_path, migrated_template, window
):
    listing = ward_list(tmp_path / "danh-sach.xlsx", 300)
    with tiny_disk(tmp_path / "o-nho", size_kib=2048) as disk:
        path = ward_database(disk / "denkhuya.sqlite3", migrated_template)
        before = contents(path)
        # The window open on the same database keeps its -wal alive after the command.
        desk = sqlite3.connect(path) if window == "open" else None
        try:
            if desk is not None:
                desk.execute("SELECT count(*) FROM household").fetchone()
            fill(disk, leave_kib=160)
            free_before = free_bytes(disk)

            code, out, err = finished(denkhuya("--db", url(path), "import", str(listing)))

            assert (code, out) == (2, ""), err
            assert the_sentence(err) == (
                f"Ổ đĩa chứa cơ sở dữ liệu “{path}” đã đầy nên không ghi được; chưa có gì "
                "thay đổi, hãy giải phóng chỗ trống trên ổ đó rồi thử lại."
            )
            assert sidecars(path).get("denkhuya.sqlite3-wal", 0) == 0
            assert free_bytes(disk) >= free_before
        finally:
            if desk is not None:
                desk.close()
        assert contents(path) == before
        assert integrity(path) == "ok"


def test_a_full_disk_stops_an_export_with_a_sentence_and_no_file(tmp_path, migrated_template):
    path = ward_database(tmp_path / "denkhuya.sqlite3", migrated_template)
    code, _, err = finished(
        denkhuya("--db", url(path), "import", str(ward_list(tmp_path / "ds.xlsx", 200)))
    )
    assert code == 0, err
    before = contents(path)
    with tiny_disk(tmp_path / "usb", size_kib=256) as usb:
        filler = fill(usb, leave_kib=8)

        code, out, err = finished(
            denkhuya("--db", url(path), "export", "residents", "--out", str(usb / "nk.csv"))
        )

        assert (code, out) == (2, ""), err
        assert the_sentence(err).startswith("Ổ đĩa đã đầy nên không ghi được")
        assert sorted(usb.iterdir()) == [filler]  # no half-written export beside it
    assert contents(path) == before  # nor an audit entry of an export that did not happen


def test_a_full_disk_stops_a_backup_with_a_sentence_and_no_file(tmp_path, migrated_template):
    path = ward_database(tmp_path / "denkhuya.sqlite3", migrated_template)
    before = contents(path)
    with tiny_disk(tmp_path / "usb", size_kib=256) as usb:
        filler = fill(usb, leave_kib=64)

        code, out, err = finished(denkhuya("--db", url(path), "backup", "--out", str(usb)))

        assert (code, out) == (2, ""), err
        assert the_sentence(err).startswith("Ổ đĩa đã đầy nên không ghi được")
        assert sorted(usb.iterdir()) == [filler]
    assert contents(path) == before


# Read-only files and folders ------------------------------------------------------------


def test_a_read_only_database_file_is_refused_and_left_as_it_was(tmp_path, migrated_template):
    path = ward_database(tmp_path / "denkhuya.sqlite3", migrated_template)
    before = contents(path)
    with unwritable(path):
        code, out, err = finished(denkhuya("--db", url(path), "tally"))

        assert (code, out) == (2, "")
        assert err == (
            f"Tệp cơ sở dữ liệu “{path}” chỉ cho đọc, không ghi được; chưa có gì thay đổi, "
            "hãy bỏ chế độ chỉ đọc của tệp (hoặc chép tệp sang thư mục ghi được) rồi mở lại.\n"
        )
        assert sidecars(path) == {}
    assert contents(path) == before


@pytest.mark.parametrize("start", ["existing database", "new database"])
def test_a_read_only_folder_is_refused_and_left_as_it_was(tmp_path, migrated_template, start):
    folder = tmp_path / "chi-doc"
    folder.mkdir()
    path = folder / "denkhuya.sqlite3"
    if start == "existing database":
        ward_database(path, migrated_template)
    listed = sorted(folder.iterdir())
    with unwritable(folder):
        code, out, err = finished(denkhuya("--db", url(path), "tally"))

        assert (code, out) == (2, "")
        assert err == (
            f"Thư mục “{folder}” không cho ghi, mà cơ sở dữ liệu cần ghi các tệp nhật ký của "
            "nó bên cạnh tệp; hãy cho phép ghi vào thư mục đó (hoặc chép tệp sang thư mục "
            "khác) rồi mở lại.\n"
        )
    assert sorted(folder.iterdir()) == listed


# Another writer, and two imports at once -----------------------------------------------


def test_a_command_waits_for_another_writer_saying_so_once_then_succeeds(
    tmp_path, migrated_template
):
    path = ward_database(tmp_path / "denkhuya.sqlite3", migrated_template)
    listing = ward_list(tmp_path / "ds.xlsx", 20)
    with writer_holding_lock(path, seconds=2.5):
        started = time.monotonic()
        code, out, err = finished(denkhuya("--db", url(path), "import", str(listing)))

    assert code == 0, err
    assert time.monotonic() - started > 1.5  # it did wait
    assert [line for line in err.splitlines() if "đang bận" in line] == [f"{WAITING} 30 giây…"]
    assert out.startswith("Đã nhập tệp ds.xlsx vào phường Cốc Lếu: 20 hộ")
    assert count(path, "household") == 20


def test_past_the_wait_a_command_is_refused_with_a_sentence_and_nothing_changes(
    tmp_path, migrated_template
):
    path = ward_database(tmp_path / "denkhuya.sqlite3", migrated_template)
    before = contents(path)
    listing = ward_list(tmp_path / "ds.xlsx", 20)
    with writer_holding_lock(path, seconds=60):
        code, out, err = finished(
            denkhuya("--db", url(path), "import", str(listing), env={"DENKHUYA_WAIT_SECONDS": "1"})
        )

    assert (code, out) == (2, "")
    assert f"{WAITING} 1 giây…" in err.splitlines()
    assert the_sentence(err) == (
        "Cơ sở dữ liệu đang bận: một cửa sổ hoặc một lệnh Đèn Khuya khác đang ghi và sau 1 "
        "giây vẫn chưa xong; chưa có gì thay đổi, hãy thử lại khi việc đó xong."
    )
    assert contents(path) == before


def test_a_wait_that_is_not_a_number_is_refused(tmp_path, migrated_template):
    path = ward_database(tmp_path / "denkhuya.sqlite3", migrated_template)
    code, _, err = finished(
        denkhuya("--db", url(path), "tally", env={"DENKHUYA_WAIT_SECONDS": "nửa phút"})
    )
    assert (code, err) == (
        2,
        "DENKHUYA_WAIT_SECONDS phải là số giây chờ (ví dụ 30), không phải “nửa phút”.\n",
    )


def test_two_imports_at_once_run_one_after_the_other_and_never_share_a_code(
    tmp_path, migrated_template
):
    path = ward_database(tmp_path / "denkhuya.sqlite3", migrated_template)
    first = ward_list(tmp_path / "dot-1.xlsx", 1200, FAMILIES[:5])
    second = ward_list(tmp_path / "dot-2.xlsx", 1200, FAMILIES[5:], first=2001)

    # Both read their file while another writer holds the lock, then wait for it before
    # they plan (what they plan depends on what the other wrote): one writes, the other
    # waits for it, then plans on what the first wrote.
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    imports = [denkhuya("--db", url(path), "import", str(f)) for f in (first, second)]
    seen = {process.pid: read_until(process, WAITING) for process in imports}
    other.rollback()
    other.close()
    outcomes = [finished(process) for process in imports]

    for process, (code, _, err) in zip(imports, outcomes, strict=True):
        assert code == 0, err
        assert f"{WAITING} 30 giây…" in seen[process.pid] + err.splitlines()
    assert count(path, "household") == 2400
    assert count(path, "resident") == 4800
    connection = sqlite3.connect(path)
    try:
        codes = [row[0] for row in connection.execute("SELECT code FROM household")]
    finally:
        connection.close()
    assert len(set(codes)) == 2400
    assert integrity(path) == "ok"


# A process killed mid-import -------------------------------------------------------------


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="kill -9 is POSIX")
def test_kill_9_in_the_middle_of_an_import_leaves_the_database_whole(tmp_path, migrated_template):
    path = ward_database(tmp_path / "denkhuya.sqlite3", migrated_template)
    code, _, err = finished(
        denkhuya("--db", url(path), "import", str(ward_list(tmp_path / "a.xlsx", 10)))
    )
    assert code == 0, err
    before = contents(path)
    listing = ward_list(tmp_path / "b.xlsx", 3000, first=101)

    importing = denkhuya("--db", url(path), "import", str(listing))
    for line in importing.stderr:
        if line.startswith("Đang ghi vào cơ sở dữ liệu"):
            os.kill(importing.pid, signal.SIGKILL)  # in the middle of its transaction
            break
    importing.wait(timeout=60)
    importing.stdout.close()
    importing.stderr.close()

    assert importing.returncode == -signal.SIGKILL
    assert integrity(path) == "ok"
    households = count(path, "household")
    assert households in (10, 3010)  # all or nothing
    if households == 10:
        assert contents(path) == before
    code, out, err = finished(denkhuya("--db", url(path), "import", str(listing)))
    assert code == 0, err
    assert count(path, "household") == 3010
