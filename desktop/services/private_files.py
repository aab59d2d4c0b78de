"""Files that hold citizens' data: for the owner only, and never left behind by a crash.

On POSIX every such file the program creates (database, backups, safety and automatic
copies, exports, reports, walk sheets, the log) is made 0600 and its folders 0700; on
Windows the user's own profile folders already keep other users out.

Half-written files must not outlive the process that wrote them, not even one killed
with `kill -9`. Each process works in a scratch folder of its own under the data folder
(`tam/<pid>-<random>/`), holds a lock on it while it lives, and lists there the
temporary files it writes beside their targets. Python's temporary files (openpyxl
buffers a whole sheet of an export in one) go into the scratch folder too instead of the
system's temp folder. The next process to start removes every scratch folder whose lock
is free — its owner has died — with the temporary files it listed.
"""

from __future__ import annotations

import atexit
import os
import re
import secrets
import shutil
import tempfile
from pathlib import Path
from typing import IO

from desktop.data_folder import private_folder, user_data_folder

POSIX = os.name == "posix"
SCRATCH_FOLDER = "tam"
_LOCK_NAME, _LIST_NAME = "khoa", "dang-ghi.txt"
# What the program's own temporary files beside a target look like (output_files and
# the restore's staging copy); anything else named in a list is never removed.
_OURS = re.compile(r"(^\..+\.[0-9a-f]{8}\.tmp$)|(\.dang-khoi-phuc$)")

_scratch: Path | None = None
_lock: IO[bytes] | None = None


def create_private_file(path: Path) -> None:
    """Create `path` empty, for the owner only; FileExistsError if it exists."""
    descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(descriptor)


def note_temporary(path: Path) -> None:
    """Remember a temporary file beside a target, to be removed if this process dies
    before it renames or removes the file itself."""
    if _scratch is None:
        return
    with (_scratch / _LIST_NAME).open("a", encoding="utf-8") as listing:
        listing.write(f"{path}\n")


def start_scratch() -> Path:
    """Remove what dead processes left, then open this process's scratch folder and send
    Python's temporary files there (called once, at the start of `denkhuya`)."""
    global _scratch, _lock
    if _scratch is not None:
        return _scratch
    remove_leftovers()
    root = private_folder(user_data_folder() / SCRATCH_FOLDER)
    folder = private_folder(root / f"{os.getpid()}-{secrets.token_hex(4)}")
    lock = (folder / _LOCK_NAME).open("wb")
    _lock_file(lock)
    _scratch, _lock = folder, lock
    tempfile.tempdir = str(folder)
    atexit.register(_finish_scratch)
    return folder


def remove_leftovers() -> list[Path]:
    """Remove the scratch folders of processes that have died, with the temporary files
    they listed; return the files removed beside their targets."""
    root = user_data_folder() / SCRATCH_FOLDER
    removed: list[Path] = []
    if not root.is_dir():
        return removed
    for folder in root.iterdir():
        if folder == _scratch or not folder.is_dir():
            continue
        lock_path = folder / _LOCK_NAME
        try:
            lock = lock_path.open("ab")
        except OSError:
            continue
        try:
            if not _try_lock(lock):
                continue  # its process is alive
            removed.extend(_remove_listed(folder / _LIST_NAME))
        finally:
            lock.close()
        shutil.rmtree(folder, ignore_errors=True)
    return removed


def _remove_listed(listing: Path) -> list[Path]:
    removed = []
    if not listing.is_file():
        return removed
    for line in listing.read_text(encoding="utf-8").splitlines():
        path = Path(line.strip())
        if not line.strip() or not _OURS.search(path.name):
            continue
        for leftover in (path, *(path.with_name(path.name + s) for s in ("-journal", "-wal"))):
            if leftover.is_file():
                leftover.unlink(missing_ok=True)
                removed.append(leftover)
    return removed


def _finish_scratch() -> None:
    global _scratch, _lock
    if _scratch is None:
        return
    if tempfile.tempdir == str(_scratch):
        tempfile.tempdir = None
    if _lock is not None:
        _lock.close()
    shutil.rmtree(_scratch, ignore_errors=True)
    _scratch, _lock = None, None


def _lock_file(handle: IO[bytes]) -> None:
    if not _try_lock(handle):
        raise OSError("the scratch folder is locked by another process")


def _try_lock(handle: IO[bytes]) -> bool:
    """Take an exclusive lock without waiting; the system frees it when the process
    ends, however it ends."""
    try:
        if POSIX:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        return True
    except OSError:
        return False
