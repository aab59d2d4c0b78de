"""Files with citizens' data are the owner's only, and a killed process leaves none behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop.data_folder import user_data_folder
from desktop.services import backup
from desktop.services.database import open_database
from desktop.services.export import export_residents
from desktop.services.private_files import remove_leftovers
from desktop.services.progress import Progress
from tests.builders import add_household, make_group, make_ward

posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@posix_only
def test_the_database_its_copies_and_exports_are_for_the_owner_only(tmp_path):
    os.umask(0o022)  # what a desk usually has: new files readable by everyone
    database = open_database(f"sqlite:///{tmp_path / 'phuong.sqlite3'}")
    try:
        with database.session() as session:
            add_household(session, make_group(session, make_ward(session)), "Nguyễn Thị Ước")
        copy = backup.backup_database(database, tmp_path / "sao-luu.sqlite3").path
        exported = []
        for name in ("nhan-khau.csv", "nhan-khau.xlsx"):
            with database.session() as session:
                exported.append(export_residents(session, tmp_path / name, Progress()).path)
    finally:
        database.close()
    written = [tmp_path / "phuong.sqlite3", copy, *exported]
    assert {path.name: mode(path) for path in written} == {path.name: 0o600 for path in written}
    restored = backup.restore_database(f"sqlite:///{tmp_path / 'phuong.sqlite3'}", copy)
    assert mode(restored.safety_copy) == 0o600


KILLED_WRITER = textwrap.dedent(
    """
    import os, signal, sys, tempfile
    from pathlib import Path
    from desktop.services.private_files import start_scratch
    from desktop.services.output_files import temporary_beside

    start_scratch()
    beside = temporary_beside(Path(sys.argv[1]))      # an export half written
    beside.write_text("010190000123 Nguyễn Thị Ước", encoding="utf-8")
    buffered = tempfile.NamedTemporaryFile(prefix="openpyxl.", delete=False)
    buffered.write(b"<row>010190000123</row>")         # openpyxl's buffer of a sheet
    buffered.flush()
    print(beside, buffered.name, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="kill -9 is POSIX")
def test_what_a_killed_process_was_writing_is_removed_by_the_next_start(tmp_path):
    target = tmp_path / "nhan-khau.xlsx"
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_WRITER, str(target)],
        capture_output=True, text=True, env=os.environ.copy(),
    )  # fmt: skip
    assert killed.returncode == -signal.SIGKILL
    beside, buffered = (Path(name) for name in killed.stdout.split())
    assert beside.exists() and buffered.exists()  # left behind by the kill
    assert beside.parent == tmp_path and user_data_folder() in buffered.parents  # not /tmp
    if os.name == "posix":
        assert mode(buffered.parent) == mode(buffered.parent.parent) == 0o700
        assert mode(beside) == mode(buffered) == 0o600

    removed = remove_leftovers()  # what every start of the program does first

    assert beside in removed
    assert not beside.exists() and not buffered.exists()
    assert list(tmp_path.iterdir()) == []


def test_a_living_process_keeps_its_scratch_folder(tmp_path):
    script = textwrap.dedent(
        """
        import sys, time
        from desktop.services.private_files import start_scratch
        print(start_scratch(), flush=True)
        sys.stdin.readline()
        """
    )
    living = subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        folder = Path(living.stdout.readline().strip())
        remove_leftovers()
        assert folder.is_dir()  # its owner is alive: untouched
    finally:
        living.communicate("\n", timeout=30)
    assert not folder.exists()  # and gone when its process ends normally
