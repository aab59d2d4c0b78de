"""The daily automatic copy: made when due, beside the database, the newest seven kept."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from desktop.db.models import AuditEntry
from desktop.services.automatic_backup import (
    AUTOMATIC_KEEP,
    automatic_backup,
    automatic_backup_folder,
    automatic_copies,
)
from desktop.services.backup import check_backup
from tests.builders import add_household, make_group, make_ward

EVENING = datetime(2026, 11, 30, 18, 45)


def _a_ward(database) -> None:
    with database.session() as session:
        add_household(session, make_group(session, make_ward(session)), "Nguyễn Văn An")


def test_the_first_start_of_the_day_copies_the_database_beside_it(database, tmp_path):
    _a_ward(database)
    made = automatic_backup(database, now=EVENING)
    assert made == tmp_path / "sao-luu-tu-dong" / "denkhuya-coc-leu-2026-11-30-1845.sqlite3"
    assert check_backup(made).households == 1
    with database.session() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "backup")).one()
    assert entry.source == str(made)


def test_a_second_start_the_same_day_makes_no_other_copy(database):
    _a_ward(database)
    automatic_backup(database, now=EVENING)
    assert automatic_backup(database, now=EVENING + timedelta(hours=5)) is None
    assert automatic_backup(database, now=EVENING + timedelta(hours=21)) is not None
    assert len(automatic_copies(automatic_backup_folder(database.url))) == 2


def test_only_the_newest_seven_copies_are_kept(database):
    _a_ward(database)
    for day in range(10):
        automatic_backup(database, now=EVENING + timedelta(days=day))
    kept = automatic_copies(automatic_backup_folder(database.url))
    assert len(kept) == AUTOMATIC_KEEP
    assert [moment.day for moment, _ in kept] == [3, 4, 5, 6, 7, 8, 9]  # December


def test_an_empty_database_and_files_of_the_user_are_left_alone(database):
    assert automatic_backup(database, now=EVENING) is None  # no ward yet: nothing to keep
    _a_ward(database)
    folder = automatic_backup_folder(database.url)
    folder.mkdir()
    (folder / "ghi-chu.txt").write_text("của cán bộ trực", encoding="utf-8")
    for day in range(9):
        automatic_backup(database, now=EVENING + timedelta(days=day))
    assert (folder / "ghi-chu.txt").exists()
