"""Backup and restore: a faithful copy, nothing left by a cancel, bad files refused,
the current data kept aside before a restore, every copy in the audit trail."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from desktop.db import sqlite_files
from desktop.db.models import AuditEntry
from desktop.db.schema import HEAD_REVISION, current_revision
from desktop.domain.errors import UserError
from desktop.services import backup
from desktop.services.database import Database, open_database
from desktop.services.demo import DemoOptions, create_demo_ward
from desktop.services.progress import Cancelled, Progress
from desktop.services.wards import current_ward
from tests.builders import add_household, make_group, make_ward
from tests.conftest import TODAY
from tests.services.reporting.test_export import unwritable_folder

DEMO_HOUSEHOLDS = 40


@pytest.fixture
def ward(database: Database) -> Database:
    """The database holding a small demo ward with a campaign, teams and visits."""
    with database.session() as session:
        create_demo_ward(session, DemoOptions(households=DEMO_HOUSEHOLDS, today=TODAY))
    return database


@pytest.fixture
def usb(tmp_path: Path) -> Path:
    folder = tmp_path / "usb"
    folder.mkdir()
    return folder


class StopDuring(Progress):
    """Presses Cancel once `text` has been shown `after` times."""

    def __init__(self, text: str, after: int = 2) -> None:
        super().__init__()
        self.text, self.after, self.seen = text, after, 0

    def show(self, done: int, total: int, text: str) -> None:
        if text == self.text:
            self.seen += 1
            if self.seen >= self.after:
                self.cancel()


def table_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as connection:
        names = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
            for name in names
        }


def residents_of(path: Path) -> list[tuple]:
    with sqlite3.connect(path) as connection:
        return connection.execute(
            "SELECT full_name, personal_id, phone, vneid_level, app_114 FROM resident ORDER BY id"
        ).fetchall()


def database_path(database: Database) -> Path:
    return backup.sqlite_database_file(database.url)


def audit_rows(database: Database, action: str) -> list[AuditEntry]:
    with database.session() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file of a folder with a hash of its bytes: shows anything written or added."""
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.iterdir())
    }


# Backing up ----------------------------------------------------------------------------


def test_a_backup_is_a_faithful_copy_in_one_file(ward, usb):
    target = usb / "sao-luu.sqlite3"

    summary = backup.backup_database(ward, target)

    live = database_path(ward)
    in_copy, in_live = table_counts(target), table_counts(live)
    assert in_live.pop("audit_entry") == in_copy.pop("audit_entry") + 1  # the backup's own entry
    assert in_copy.pop("setting") == in_live.pop("setting") + 1  # the backup's seal
    assert in_copy == in_live
    assert table_counts(target)["visit"] > 0  # the campaign came along, not just the register
    assert residents_of(target) == residents_of(live)
    assert (summary.ward_name, summary.households) == ("Cốc Lếu", DEMO_HOUSEHOLDS)
    assert summary.residents == table_counts(live)["resident"]
    assert summary.path == target and summary.size_bytes == target.stat().st_size
    assert os.listdir(usb) == ["sao-luu.sqlite3"]  # no -wal, no temporary file beside it
    assert not summary.encrypted  # a plain database's backup is a plain SQLite file
    with sqlite3.connect(target) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_backup_is_written_to_the_audit_trail_with_where_it_went(ward, usb):
    target = usb / "sao-luu.sqlite3"

    summary = backup.backup_database(ward, target)

    (entry,) = audit_rows(ward, "backup")
    assert entry.source == str(target)
    assert entry.changes == {
        "households": [None, DEMO_HOUSEHOLDS],
        "residents": [None, summary.residents],
    }
    assert entry.actor


def test_the_default_name_says_which_ward_and_when():
    at = datetime(2026, 11, 30, 21, 5)
    assert backup.default_backup_name("Cốc Lếu", at) == "denkhuya-coc-leu-2026-11-30-2105.sqlite3"
    assert backup.default_backup_name("Đắk Mil", at) == "denkhuya-dak-mil-2026-11-30-2105.sqlite3"
    assert backup.default_backup_name(None, at) == "denkhuya-2026-11-30-2105.sqlite3"


def test_the_suggested_name_reads_the_ward(ward):
    at = datetime(2026, 11, 30, 21, 5)
    assert backup.suggested_backup_name(ward, at) == "denkhuya-coc-leu-2026-11-30-2105.sqlite3"


def test_a_backup_made_while_the_desk_saves_is_the_data_of_one_moment(ward, usb, monkeypatch):
    monkeypatch.setattr(sqlite_files, "PAGES_PER_STEP", 1)  # many steps, a write between each
    live = database_path(ward)
    before = table_counts(live)["household"]
    writer = sqlite3.connect(live)
    group_id = writer.execute("SELECT id FROM residential_group").fetchone()[0]
    columns = writer.execute("SELECT * FROM household LIMIT 1")
    names = [column[0] for column in columns.description]
    template = dict(zip(names, columns.fetchone(), strict=True))
    added = 0

    class SavingMeanwhile(Progress):
        def show(self, done: int, total: int, text: str) -> None:
            nonlocal added
            if text.startswith("Đang sao lưu"):
                added += 1
                assert added < 5000, "the copy restarts after every write: no snapshot"
                row = {**template, "id": None, "code": f"MOI{added:05d}", "group_id": group_id}
                placeholders = ", ".join("?" for _ in row)
                writer.execute(f"INSERT INTO household VALUES ({placeholders})", list(row.values()))
                writer.commit()

    summary = backup.backup_database(ward, usb / "sao-luu.sqlite3", SavingMeanwhile())
    writer.close()

    assert added > 10  # the desk really saved during the copy…
    assert summary.households == before  # …and the copy is the data as it was at the start
    assert table_counts(usb / "sao-luu.sqlite3")["household"] == before
    assert table_counts(live)["household"] == before + added


def test_a_cancelled_backup_leaves_no_file_and_no_audit_entry(ward, usb, monkeypatch):
    monkeypatch.setattr(sqlite_files, "PAGES_PER_STEP", 4)

    with pytest.raises(Cancelled):
        backup.backup_database(ward, usb / "sao-luu.sqlite3", StopDuring("Đang sao lưu dữ liệu…"))

    assert os.listdir(usb) == []
    assert audit_rows(ward, "backup") == []


def test_a_copy_that_reads_back_damaged_is_dropped_and_not_audited(ward, usb, monkeypatch):
    monkeypatch.setattr(backup, "_integrity_problems", lambda connection, progress: ["trang 7"])

    with pytest.raises(UserError, match="không toàn vẹn nên đã bị bỏ"):
        backup.backup_database(ward, usb / "sao-luu.sqlite3")

    assert os.listdir(usb) == []
    assert audit_rows(ward, "backup") == []


@pytest.mark.parametrize(
    ("where", "message"),
    [
        (lambda tmp: tmp / "khong-co" / "a.sqlite3", "không tồn tại; hãy chọn thư mục khác"),
        (lambda tmp: tmp, "là một thư mục; hãy ghi tên tệp sao lưu"),
        (lambda tmp: unwritable_folder(tmp) / "a.sqlite3", "Không ghi được vào thư mục"),
    ],
    ids=["no-folder", "a-folder", "unwritable"],
)
def test_a_target_that_cannot_be_written_is_refused(ward, tmp_path, where, message):
    target = where(tmp_path)
    files_before = sorted(path.name for path in tmp_path.rglob("*"))

    with pytest.raises(UserError, match=message):
        backup.backup_database(ward, target)

    assert sorted(path.name for path in tmp_path.rglob("*")) == files_before
    assert audit_rows(ward, "backup") == []


def test_the_database_itself_is_refused_as_the_target(ward):
    live = database_path(ward)
    before = residents_of(live)
    for target in (live, live.with_name(live.name + "-wal")):
        with pytest.raises(UserError, match="đè lên chính cơ sở dữ liệu đang dùng"):
            backup.backup_database(ward, target)
    assert residents_of(live) == before


def test_a_database_on_a_server_other_than_postgresql_is_refused(tmp_path):
    # PostgreSQL's are pg_dump's (tests/services/test_server_backup.py)
    server = SimpleNamespace(url="mysql://canbo@maychu/denkhuya")
    with pytest.raises(
        UserError, match="Chỉ sao lưu, khôi phục được cơ sở dữ liệu dạng tệp SQLite"
    ):
        backup.backup_database(server, tmp_path / "a.sqlite3")
    with pytest.raises(UserError, match="dạng tệp SQLite"):
        backup.restore_database(server.url, tmp_path / "a.sqlite3")
    assert os.listdir(tmp_path) == []


# What a backup may replace ---------------------------------------------------------------


def test_an_earlier_backup_is_replaced_by_the_new_one(ward, usb):
    target = usb / "sao-luu.sqlite3"
    backup.backup_database(ward, target)
    with ward.session() as session:
        group = current_ward(session).groups[0]
        add_household(session, group, head="Người Mới Đến", house_number="99")

    summary = backup.backup_database(ward, target)

    assert summary.households == DEMO_HOUSEHOLDS + 1
    assert table_counts(target)["household"] == DEMO_HOUSEHOLDS + 1
    assert os.listdir(usb) == ["sao-luu.sqlite3"]
    assert len(audit_rows(ward, "backup")) == 2


def _spreadsheet(path: Path) -> None:
    from openpyxl import Workbook

    Workbook().save(path)


def _text_file(path: Path) -> None:
    path.write_text("household_code,full_name\n", encoding="utf-8")


def _foreign_database(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    connection.close()


def _empty_database(path: Path) -> None:
    sqlite3.connect(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA user_version = 1")
    connection.close()


def _another_station(path: Path) -> None:
    """Another ward's working database, closed: WAL mode, nothing beside it."""
    other = open_database(f"sqlite:///{path}")
    with other.session() as session:
        make_group(session, make_ward(session, "Kim Tân"))
    other.close()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_spreadsheet, "đã có và không phải bản sao lưu của Đèn Khuya"),
        (_text_file, "đã có và không phải bản sao lưu của Đèn Khuya"),
        (_foreign_database, "đã có và không phải bản sao lưu của Đèn Khuya"),
        (_empty_database, "đã có và không phải bản sao lưu của Đèn Khuya"),
        (_another_station, "là một cơ sở dữ liệu đang dùng chứ không phải bản sao lưu"),
    ],
    ids=["xlsx", "text", "foreign", "empty-sqlite", "live-database"],
)
def test_a_file_that_is_not_a_backup_is_never_replaced(ward, usb, make, message):
    target = usb / "khac.xlsx"
    make(target)
    before = fingerprint(usb)

    with pytest.raises(UserError, match=message) as refused:
        backup.backup_database(ward, target)

    assert str(refused.value).endswith("; sao lưu không ghi đè lên tệp này, hãy chọn tên tệp khác.")
    assert str(refused.value).startswith("Tệp “khac.xlsx” ")
    assert fingerprint(usb) == before  # not a byte changed, no -wal or -shm made beside it
    assert audit_rows(ward, "backup") == []


def test_a_database_open_in_another_program_is_never_replaced(ward, usb, tmp_path):
    live = usb / "tram-khac.sqlite3"
    _another_station(live)
    other = open_database(f"sqlite:///{live}")  # another desk working on it: -wal, -shm
    try:
        with other.session() as session:
            make_group(session, current_ward(session), "Tổ 2")
        before = fingerprint(usb)
        with pytest.raises(UserError, match="đang được mở ở chương trình khác"):
            backup.backup_database(ward, live)
        assert fingerprint(usb) == before
    finally:
        other.close()


def test_a_backup_someone_is_reading_is_not_replaced(made, ward):
    reader = sqlite3.connect(made)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM household").fetchone()  # holds a shared lock
        before = hashlib.sha256(made.read_bytes()).hexdigest()
        with pytest.raises(UserError, match="“sao-luu.sqlite3” đang được mở ở chương trình khác"):
            backup.backup_database(ward, made)
        assert hashlib.sha256(made.read_bytes()).hexdigest() == before
    finally:
        reader.close()
    assert backup.backup_database(ward, made).path == made  # closed: replaced at last


def test_a_safety_copy_or_an_unsealed_backup_may_be_replaced(made, ward):
    with sqlite3.connect(made) as connection:  # as a backup made before seals existed
        connection.execute("DELETE FROM setting WHERE key = 'backup.seal'")
    connection.close()
    assert sqlite_files.backup_target_kind(made) == sqlite_files.REPLACEABLE
    assert backup.backup_database(ward, made).households == DEMO_HOUSEHOLDS


# Checking a backup ---------------------------------------------------------------------


@pytest.fixture
def made(ward, usb) -> Path:
    """A backup of the demo ward on the stick."""
    return backup.backup_database(ward, usb / "sao-luu.sqlite3").path


def test_check_says_what_the_backup_holds_and_changes_nothing(made, usb):
    before = fingerprint(usb)

    summary = backup.check_backup(made)

    assert summary.ward_label == "phường Cốc Lếu"
    assert summary.station_name == "Công an phường Cốc Lếu"
    assert summary.households == DEMO_HOUSEHOLDS
    assert summary.residents == len(residents_of(made))
    assert summary.newest_change is not None
    assert summary.revision == HEAD_REVISION and not summary.needs_upgrade
    assert fingerprint(usb) == before  # not a byte changed, no -shm or -journal beside it


def test_a_backup_in_a_folder_with_vietnamese_and_odd_characters_reads(made, usb):
    folder = usb / "Sao lưu đêm #3 (100%)"
    folder.mkdir()
    moved = made.rename(folder / "bản sao?.sqlite3")
    assert backup.check_backup(moved).households == DEMO_HOUSEHOLDS
    assert os.listdir(folder) == ["bản sao?.sqlite3"]


def _corrupt(path: Path) -> None:
    with path.open("r+b") as stream:
        stream.seek(4096 * 3)  # inside the tables, past the header page
        stream.write(b"\xff" * 4096 * 2)


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _text(path: Path) -> None:
    path.write_text("household_code,full_name\nCOCLEU00001,Nguyễn Văn An\n", encoding="utf-8")


def _foreign(path: Path) -> None:
    path.unlink()
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
        connection.execute("INSERT INTO contacts VALUES ('An', '0912345678')")
    connection.close()


def _newer(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()


def _other_alembic_program(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("DROP TABLE resident_name_search")
        connection.execute("DROP TABLE resident")
    connection.close()


def _birth_date_changed(path: Path) -> None:
    """Another program edits a resident in the backup (the seal stays as it was)."""
    with sqlite3.connect(path) as connection:
        first = connection.execute("SELECT min(id) FROM resident").fetchone()[0]
        connection.execute("UPDATE resident SET birth_date = '1999-09-09' WHERE id = ?", (first,))
    connection.close()


def _resident_deleted(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute("DELETE FROM resident WHERE id = (SELECT max(id) FROM resident)")
    connection.close()


def _unsealed(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("DELETE FROM setting WHERE key = 'backup.seal'")
    connection.close()


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (_birth_date_changed, "đã bị sửa sau khi sao lưu"),
        (_resident_deleted, "đã bị sửa sau khi sao lưu"),
        (_corrupt, "bị hỏng, không đọc được trọn vẹn"),
        (_truncate, "bị hỏng, không đọc được trọn vẹn"),
        (_text, "không phải là bản sao lưu của Đèn Khuya \\(không phải cơ sở dữ liệu SQLite\\)"),
        (_foreign, "là cơ sở dữ liệu SQLite nhưng không do Đèn Khuya tạo"),
        (_other_alembic_program, "không do Đèn Khuya tạo"),
        (_newer, "được tạo bởi phiên bản Đèn Khuya mới hơn"),
    ],
    ids=[
        "birth-date",
        "deleted",
        "corrupt",
        "truncated",
        "csv",
        "foreign",
        "missing-tables",
        "newer",
    ],  # fmt: skip
)
def test_a_bad_backup_is_refused_with_one_sentence_and_left_as_it_is(made, usb, spoil, message):
    spoil(made)
    before = fingerprint(usb)

    with pytest.raises(UserError, match=message) as refused:
        backup.check_backup(made)

    assert "\n" not in str(refused.value)
    assert fingerprint(usb) == before


def test_a_missing_file_and_a_file_still_in_use_are_refused(made, usb):
    with pytest.raises(UserError, match="Không tìm thấy tệp sao lưu"):
        backup.check_backup(usb / "khong-co.sqlite3")
    made.with_name(made.name + "-wal").write_bytes(b"\0" * 32)
    with pytest.raises(UserError, match="đang được mở hoặc chưa được đóng hẳn"):
        backup.check_backup(made)


def test_cancel_stops_the_check(made):
    stopped = Progress()
    stopped.cancel()
    with pytest.raises(Cancelled):
        backup.check_backup(made, stopped)


# Restoring -----------------------------------------------------------------------------


def test_restore_brings_the_data_back_and_keeps_the_current_data_aside(ward, made, tmp_path):
    live = database_path(ward)
    saved = residents_of(made)
    with ward.session() as session:  # typed in after the backup: lost by the restore…
        group = make_group(session, current_ward(session), "Tổ 1")
        add_household(session, group, head="Hoàng Văn Mới", house_number="999")
    changed = residents_of(live)
    ward.close()
    safety = live.with_name("denkhuya.truoc-khoi-phuc-20261130-213000.sqlite3")

    result = backup.restore_database(ward.url, made, safety_copy=safety)

    assert residents_of(live) == saved
    assert result.safety_copy == safety and result.database == live
    assert residents_of(safety) == changed  # …but kept in the safety copy
    assert result.backup.households == DEMO_HOUSEHOLDS
    (entry,) = audit_rows(ward, "restore")  # the same Database works on the restored file
    assert entry.source == str(made)
    assert entry.changes == {"safety_copy": [None, str(safety)]}
    with sqlite3.connect(live) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_the_safety_copy_is_named_after_the_database_and_the_moment(ward):
    at = datetime(2026, 11, 30, 21, 30, 5)
    assert backup.safety_copy_path(ward.url, at) == database_path(ward).with_name(
        "denkhuya.truoc-khoi-phuc-20261130-213005.sqlite3"
    )


def test_restoring_an_older_backup_upgrades_it_on_opening(ward, made, tmp_path):
    from tests.db.test_migrations import command_downgrade

    older = open_database(f"sqlite:///{made}")
    command_downgrade(older, "0003")
    older.close()
    _unsealed(made)  # as the older version wrote it
    assert backup.check_backup(made).needs_upgrade
    ward.close()

    backup.restore_database(ward.url, made)

    assert current_revision(ward.engine) == HEAD_REVISION
    assert len(residents_of(database_path(ward))) == len(residents_of(made))
    assert len(audit_rows(ward, "restore")) == 1


def test_a_cancelled_restore_leaves_the_data_as_it_was(ward, usb, tmp_path, monkeypatch):
    other = open_database(f"sqlite:///{tmp_path / 'khac.sqlite3'}")
    with other.session() as session:
        add_household(session, make_group(session, make_ward(session, "Kim Tân")))
    other_backup = backup.backup_database(other, usb / "kim-tan.sqlite3").path
    other.close()
    live = database_path(ward)
    before = residents_of(live)
    monkeypatch.setattr(sqlite_files, "PAGES_PER_STEP", 2)
    ward.close()

    with pytest.raises(Cancelled):
        backup.restore_database(ward.url, other_backup, StopDuring("Đang khôi phục dữ liệu…"))

    assert residents_of(live) == before
    with sqlite3.connect(live) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert audit_rows(ward, "restore") == []


def test_a_bad_backup_changes_nothing_and_makes_no_safety_copy(ward, made):
    live = database_path(ward)
    before = residents_of(live)
    _newer(made)
    ward.close()

    with pytest.raises(UserError, match="phiên bản Đèn Khuya mới hơn"):
        backup.restore_database(ward.url, made)

    assert residents_of(live) == before
    assert not list(live.parent.glob("*truoc-khoi-phuc*"))


def test_the_database_itself_is_refused_as_the_backup(ward):
    with pytest.raises(UserError, match="chính là cơ sở dữ liệu đang dùng"):
        backup.restore_database(ward.url, database_path(ward))


def test_restore_onto_a_new_desk_needs_no_safety_copy(made, tmp_path):
    url = f"sqlite:///{tmp_path / 'may-moi' / 'denkhuya.sqlite3'}"

    result = backup.restore_database(url, made)

    assert result.safety_copy is None
    restored = open_database(url)
    try:
        assert len(audit_rows(restored, "restore")) == 1
        assert residents_of(backup.sqlite_database_file(url)) == residents_of(made)
    finally:
        restored.close()


def test_a_backup_made_before_seals_existed_still_restores(made):
    _unsealed(made)
    assert backup.check_backup(made).households == DEMO_HOUSEHOLDS


def test_a_restore_brings_its_audit_entry_with_the_data_and_the_chain_holds(ward, made, usb):
    from desktop.services.audit import verify_trail

    live = database_path(ward)
    ward.close()
    backup.restore_database(ward.url, made)

    (entry,) = audit_rows(ward, "restore")
    assert entry.source == str(made)
    with ward.session() as session:
        check = verify_trail(session)
        newest = session.scalar(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1))
    assert check.intact, check.sentence()
    assert newest.id == entry.id  # the last thing written, in the restore's transaction
    leftovers = [p.name for p in live.parent.iterdir() if "dang-khoi-phuc" in p.name]
    assert leftovers == []
    with sqlite3.connect(live) as connection:  # the backup's seal did not come along
        assert connection.execute(
            "SELECT count(*) FROM setting WHERE key = 'backup.seal'"
        ).fetchone() == (0,)
    connection.close()
