"""Disks that say no, for the tests of the machine's refusals: a tiny filesystem that
fills up, files and folders that cannot be written, another program holding the write
lock. Each skips its test, saying why, where this machine does not allow it (mounting
a filesystem needs root on Linux)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[1]


@contextmanager
def tiny_disk(folder: Path, size_kib: int = 2048) -> Iterator[Path]:
    """A filesystem of `size_kib` KiB mounted at `folder` (Linux tmpfs), unmounted after."""
    if not sys.platform.startswith("linux"):
        pytest.skip("a tiny filesystem is made here with Linux's tmpfs")
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kib}k,mode=0700", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path, leave_kib: int = 0) -> Path:
    """Fill the disk of `folder` with one file until about `leave_kib` KiB stay free."""
    filler = folder / "day-o.bin"
    chunk = b"\0" * 4096
    with filler.open("wb", buffering=0) as stream:
        try:
            while shutil.disk_usage(folder).free > leave_kib * 1024:
                stream.write(chunk)
        except OSError:
            pass  # full
    return filler


def free_bytes(folder: Path) -> int:
    return shutil.disk_usage(folder).free


@contextmanager
def unwritable(path: Path) -> Iterator[Path]:
    """Make the file or folder unwritable for this process while the block runs: its
    permission bits for an ordinary user; for root, who ignores them, the immutable
    attribute (chattr +i), which the kernel enforces for root too."""
    if not hasattr(os, "geteuid"):
        pytest.skip("read-only files are made here the POSIX way")
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield path
        finally:
            path.chmod(mode)
        return
    made = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"chattr +i is not possible here: {made.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=False)


def denkhuya(*args: str, env: dict[str, str] | None = None, **popen) -> subprocess.Popen:
    """`python -m desktop ARGS` in a child process, its stdout and stderr captured."""
    environment = {key: value for key, value in os.environ.items() if key != "DENKHUYA_DB"}
    environment["PYTHONPATH"] = str(REPOSITORY)
    environment.update(env or {})
    return subprocess.Popen(
        [sys.executable, "-m", "desktop", *args],
        cwd=REPOSITORY,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        **popen,
    )


def finished(process: subprocess.Popen, timeout: float = 120) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out, err


# Another program (a second window, a scheduled command) holding the write lock: it
# says "held" once it has it, and lets go after the seconds given, or when killed.
_HOLDER = textwrap.dedent(
    """
    import sqlite3, sys, time
    connection = sqlite3.connect(sys.argv[1], timeout=0)
    connection.execute("BEGIN IMMEDIATE")
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
    connection.rollback()
    """
)


@contextmanager
def writer_holding_lock(database: Path, seconds: float) -> Iterator[subprocess.Popen]:
    """Another process holds the database's write lock for `seconds` from now."""
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(database), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        yield holder
    finally:
        holder.kill()
        holder.wait(timeout=30)
        holder.stdout.close()


def integrity(path: Path) -> str:
    """PRAGMA integrity_check of the file, read as another program would."""
    connection = sqlite3.connect(path)
    try:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()


def contents(path: Path) -> list[str]:
    """Every row of the database as SQL: equal lists, unchanged data."""
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def count(path: Path, table: str) -> int:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        connection.close()
