"""A write that fills the disk is refused with a sentence, changes nothing, and gives the
disk back: no -wal stays behind holding the room it took (desktop.db.wal), even while the
program keeps the database open (the window) and committed changes still wait in it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import insert, text

from desktop.db import wal
from desktop.db.models import Setting
from desktop.db.unavailable import FULL, DatabaseUnavailable
from desktop.services.database import open_database
from tests.builders import make_ward
from tests.small_disks import contents, fill, free_bytes, integrity, tiny_disk


def wal_size(path: Path) -> int:
    wal = path.with_name(path.name + "-wal")
    return wal.stat().st_size if wal.exists() else 0


@pytest.mark.parametrize("waiting", ["nothing", "a committed change"])
def test_a_write_that_fills_the_disk_is_refused_and_gives_the_room_back(
    tmp_path, migrated_template, waiting, monkeypatch
):
    cuts: list[bool] = []
    cut = wal._cut_after_last_commit

    def noted_cut(*args) -> bool:
        cuts.append(cut(*args))
        return cuts[-1]

    monkeypatch.setattr(wal, "_cut_after_last_commit", noted_cut)
    with tiny_disk(tmp_path / "o-nho", size_kib=2048) as disk:
        path = disk / "denkhuya.sqlite3"
        shutil.copy(migrated_template, path)
        database = open_database(f"sqlite:///{path}")
        try:
            with database.session() as session:
                make_ward(session)
            if waiting == "a committed change":
                # Still in the -wal, and new pages: copying it into the database file
                # needs room the full disk does not have until the failed write's is back.
                with database.session() as session:
                    session.execute(insert(Setting), [{"key": "ghi-chu", "value": "x" * 20_000}])
            else:
                with database.engine.connect() as connection:
                    connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            before = contents(path)  # (another connection: the -wal stays, ours is open)
            filler = fill(disk, leave_kib=200)
            free_before = free_bytes(disk)

            rows = [{"key": f"k{n}", "value": "y" * 2000} for n in range(2000)]
            with pytest.raises(DatabaseUnavailable) as refused, database.session() as session:
                session.execute(insert(Setting), rows)

            assert refused.value.kind == FULL
            assert str(refused.value) == (
                f"Ổ đĩa chứa cơ sở dữ liệu “{path}” đã đầy nên không ghi được; chưa có gì "
                "thay đổi, hãy giải phóng chỗ trống trên ổ đó rồi thử lại."
            )
            assert wal_size(path) == 0  # what the failed write took is given back
            assert free_bytes(disk) >= free_before
            assert cuts == ([True] if waiting == "a committed change" else [])
            with database.session() as session:  # the window reads on
                assert session.scalar(text("SELECT count(*) FROM setting WHERE key = 'k1'")) == 0

            filler.unlink()
            with database.session() as session:  # and writes again once there is room
                session.execute(insert(Setting), [{"key": "sau", "value": 1}])
        finally:
            database.close()
        assert not path.with_name(path.name + "-wal").exists()
        after = contents(path)
        assert [line for line in after if "'sau'" not in line] == before
        assert integrity(path) == "ok"
