"""One writer at a time: the next one waits its turn, says so once, and past its limit
is refused with a sentence and nothing changed; readers are never stopped; two desks
adding households at once never share a code (desktop.db.writing)."""

from __future__ import annotations

import shutil
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.db.models import Household, Ward
from desktop.db.unavailable import BUSY, DatabaseUnavailable
from desktop.db.writing import WriterWait
from desktop.services import wards
from desktop.services.database import Database, open_database
from tests.builders import add_household, make_group, make_ward


class Desk:
    """A database opened with a short wait that notes each time it says it waits."""

    def __init__(self, path: Path, **wait) -> None:
        self.path = path
        self.notices: list[float] = []
        self.database = open_database(
            f"sqlite:///{path}",
            WriterWait(notice_after_seconds=0.2, on_wait=lambda: self.notices.append(1.0), **wait),
        )

    def households(self) -> int:
        with self.database.session() as session:
            return session.scalar(select(func.count()).select_from(Household))


@pytest.fixture
def ward_file(tmp_path: Path, migrated_template: Path) -> Path:
    """A database file holding a ward with one group and one household."""
    path = tmp_path / "denkhuya.sqlite3"
    shutil.copy(migrated_template, path)
    database = open_database(f"sqlite:///{path}")
    with database.session() as session:
        add_household(session, make_group(session, make_ward(session)))
    database.close()
    return path


@pytest.fixture
def desk(ward_file: Path) -> Iterator[Desk]:
    opened = Desk(ward_file, limit_seconds=3.0)
    yield opened
    opened.database.close()


def other_writer(path: Path) -> sqlite3.Connection:
    """Another program's connection holding the write lock until it commits or rolls back."""
    connection = sqlite3.connect(path, timeout=0, isolation_level=None, check_same_thread=False)
    connection.execute("BEGIN IMMEDIATE")
    return connection


def add_one_household(database: Database, house_number: str = "9") -> None:
    with database.session() as session:
        group = session.scalars(select(Ward)).one().groups[0]
        add_household(session, group, "Lò Văn Páo", house_number=house_number)


def test_a_writer_waits_for_the_other_to_finish_and_says_so_once(desk):
    other = other_writer(desk.path)
    threading.Timer(1.0, other.rollback).start()
    started = time.monotonic()

    add_one_household(desk.database)

    assert 0.9 < time.monotonic() - started < 3.0
    assert desk.notices == [1.0]
    assert desk.households() == 2
    other.close()


def test_past_its_limit_a_writer_is_refused_with_a_sentence_and_nothing_changes(ward_file):
    desk = Desk(ward_file, limit_seconds=1.0)
    other = other_writer(ward_file)
    try:
        with pytest.raises(DatabaseUnavailable) as refused:
            add_one_household(desk.database)
        assert refused.value.kind == BUSY
        assert str(refused.value) == (
            "Cơ sở dữ liệu đang bận: một cửa sổ hoặc một lệnh Đèn Khuya khác đang ghi và sau "
            "1 giây vẫn chưa xong; chưa có gì thay đổi, hãy thử lại khi việc đó xong."
        )
        assert desk.notices == [1.0]
        other.rollback()
        assert desk.households() == 1
        add_one_household(desk.database)  # and once the other is done, it writes again
        assert desk.households() == 2
    finally:
        other.close()
        desk.database.close()


def test_readers_are_not_stopped_by_a_writer(desk):
    other = other_writer(desk.path)
    started = time.monotonic()

    assert desk.households() == 1

    assert time.monotonic() - started < 0.5 and desk.notices == []
    other.rollback()
    other.close()


def test_the_windows_own_thread_gives_up_sooner_than_background_work(ward_file):
    desk = Desk(ward_file, limit_seconds=5.0, ui_thread_limit_seconds=0.5)
    other = other_writer(ward_file)
    try:
        started = time.monotonic()
        with pytest.raises(DatabaseUnavailable):
            add_one_household(desk.database)  # pytest runs the test on the main thread
        assert time.monotonic() - started < 2.0

        outcome: list[object] = []
        worker = threading.Thread(
            target=lambda: outcome.append(add_one_household(desk.database) or "saved")
        )
        worker.start()
        time.sleep(1.0)  # longer than the window's thread waits
        other.rollback()
        worker.join(timeout=10)
        assert outcome == ["saved"]
    finally:
        other.close()
        desk.database.close()


def test_two_desks_adding_households_at_once_never_share_a_code(desk):
    """The first desk has read the last code and written its household but not yet
    committed; the second reads the last code only after the first has committed."""
    first_wrote = threading.Event()
    codes: list[str] = []

    def first_desk() -> None:
        with desk.database.session() as session:
            group = session.scalars(select(Ward)).one().groups[0]
            add_household(session, group, "Giàng Thị Dợ", house_number="11")
            first_wrote.set()
            time.sleep(0.5)

    first = threading.Thread(target=first_desk)
    first.start()
    assert first_wrote.wait(timeout=10)
    with desk.database.session() as session:
        ward = session.scalars(select(Ward)).one()
        add_household(session, ward.groups[0], "Sùng A Lử", house_number="12")
    first.join(timeout=10)

    with desk.database.session() as session:
        codes = list(session.scalars(select(Household.code).order_by(Household.code)))
    assert codes == ["COCLEU-000001", "COCLEU-000002", "COCLEU-000003"]


def test_a_session_for_writing_takes_the_lock_before_it_reads(desk):
    """An import plans on what is in the database: with writing=True its reads wait for
    the other writer, and then see what it wrote."""
    other = other_writer(desk.path)

    def other_adds_a_ward_group_then_commits() -> None:
        time.sleep(0.5)
        other.execute(
            "INSERT INTO residential_group (ward_id, name, sort_key) "
            "SELECT id, 'Tổ 9', 'to 9' FROM ward"
        )
        other.execute("COMMIT")

    threading.Thread(target=other_adds_a_ward_group_then_commits).start()
    with desk.database.session(writing=True) as session:
        names = [group.name for group in session.scalars(select(Ward)).one().groups]
        wards.find_or_create_group(session, session.scalars(select(Ward)).one(), "Tổ 9")

    assert sorted(names) == ["Tổ 1", "Tổ 9"]
    assert desk.notices == [1.0]
    other.close()
