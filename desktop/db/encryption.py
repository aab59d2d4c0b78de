"""Encrypting a database file, opening it, and changing its key, so that a crash at
any moment (a power cut, `kill -9`) leaves either the plain database whole or the
encrypted one complete, and never a plain copy behind.

Encrypting (`encrypt_in_place`) works through a verified copy:

1. The plain database is taken out of WAL mode (its -wal and -shm are folded in and
   removed; refused while another program has it open, even idle) and its write lock
   is held, so that nobody changes it meanwhile.
2. SQLCipher exports it into a temporary file beside it, encrypted with a new random
   data key; the copy is read back and must hold the same content (checksum of every
   row), then takes its switching name (`switch_files`).
3. The key file is written, marked "switching".
4. The plain file is renamed aside and the encrypted copy renamed into its place.
5. The plain file aside is overwritten with zeros and removed; the key file is marked
   ready.

A program another desk left open on the plain file is refused in step 1; one that
opened it after that finds, once it gets the lock, that the file was moved
(SQLITE_READONLY_DBMOVED): it writes nothing into the plain file aside.

`settle` (at every opening) finishes or undoes what a crash interrupted: a plain file
still in place means the switch never happened (the copy and the key file go); an
encrypted file in place, or the copy ready beside an empty place, means it did (the
plain file aside is wiped). A restore onto a desk whose database is plain (`install`)
switches to the backup's encrypted file the same way.

Changing the key (`rotate`, when an account is removed or the recovery key renewed):
the key file first gets the next key sealed for every recipient left, then SQLCipher
re-encrypts every page in one transaction (`PRAGMA rekey`), then the next key becomes
the only one. Whoever opens the database after a crash between these steps finds out
which key the file answers to and finishes the change (`unlock`).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

from desktop.db import drivers, keyring, sqlite_files
from desktop.db.keyring import (
    FailedLogin,
    KeyFile,
    KeyFileDamaged,
    Login,
    RecoveryLogin,
    key_file_path,
)

# Notes a temporary file to be removed if the process dies (services.private_files).
NoteTemporary = Callable[[Path], None]


class Unlocked(NamedTuple):
    key: bytes
    failed_logins: list[FailedLogin]


def hidden_beside(path: Path) -> Path:
    """A new hidden name beside `path`, in the form services.private_files removes
    when the process that noted it has died."""
    return path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")


def _create_private(path: Path) -> None:
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


# Opening -------------------------------------------------------------------------------


def unlock(path: Path, login: Login | RecoveryLogin | None, wait_seconds: float) -> Unlocked:
    """The data key of the encrypted database at `path` for `login`, with the failed
    attempts the key file kept for the audit trail. Counts a failure in the key file;
    finishes a change of key a crash cut short. Raises LoginNeeded, LoginRefused,
    KeyFileDamaged (also for a key file that does not belong to the database)."""
    key_file = key_file_path(path)
    now = keyring.utcnow()
    with keyring.updating(key_file) as keys:
        candidates = keyring.unlock(keys, login, now)
        opening = [key for key in candidates if opens(path, key)]
        if not opening:
            raise KeyFileDamaged(
                f"Tệp khóa “{key_file.name}” không khớp với tệp dữ liệu “{path.name}” (có thể bị "
                "chép lẫn từ nơi khác); hãy chép đúng tệp khóa đi cùng tệp dữ liệu."
            )
        key = opening[0]
        if keys.rotating:
            if key == candidates[0]:  # the change was cut short before the rekey: do it now
                _rekey(path, key, candidates[1], wait_seconds)
                key = candidates[1]
            keys.finish_rotation()
        name = keyring.RECOVERY_NAME if isinstance(login, RecoveryLogin) else str(login.name)
        failed = keys.note_success(name)
    return Unlocked(key, failed)


def opens(path: Path, key: bytes) -> bool:
    """Whether `key` is the key of the encrypted database at `path`."""
    try:
        connection = drivers.connect(path, key, timeout=5)
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            connection.close()
    except drivers.DATABASE_ERRORS as error:
        if drivers.is_wrong_key(error):
            return False
        raise
    return True


def switch_files(path: Path) -> tuple[Path, Path]:
    """Where a switch keeps the encrypted copy before it takes the database's place,
    and the plain file after it left it. Fixed names: the key file, which anyone can
    edit, never names a file; and not the names of temporary files, which the next
    start of the program removes (desktop.services.private_files), since either may be
    the only whole copy of the data when a crash comes in the middle."""
    return path.with_name(f".{path.name}.ma-hoa"), path.with_name(f".{path.name}.ban-ro")


def settle(path: Path) -> None:
    """Finish or undo a switch to an encrypted file that a crash interrupted (nothing
    to do for a database that is not in the middle of one)."""
    staged, aside = switch_files(path)
    key_file = key_file_path(path)
    half_written = keyring.being_written(key_file)
    if not any(p.exists() for p in (key_file, staged, aside, half_written)):
        return  # a plain database, as nearly always
    with keyring.locked(key_file):  # a switch at another desk is not half seen
        half_written.unlink(missing_ok=True)
        keys = keyring.load(key_file) if key_file.is_file() else None
        if keys is None or keys.state != keyring.SWITCHING:
            # An encrypted copy left before its key file was written (the plain database
            # is in place, whole) goes; a plain file aside is never left.
            staged.unlink(missing_ok=True)
            sqlite_files.wipe(aside)
            return
        if path.is_file() and sqlite_files.is_sqlite_file(path):
            staged.unlink(missing_ok=True)  # still the plain database: never switched
            keyring.remove(key_file)
            return
        if not path.exists():
            if staged.is_file():
                os.replace(staged, path)
                keyring.sync_folder(path.parent)
            elif aside.is_file():
                os.replace(aside, path)  # the plain database back where it was
                keyring.remove(key_file)
                return
            else:
                return  # nothing to settle with: opening refuses the missing file
        sqlite_files.wipe(aside)
        keys.finish_switch()
        keyring.save(key_file, keys)


# Encrypting ----------------------------------------------------------------------------


def encrypt_in_place(
    path: Path, first: Login, wait_seconds: float, note: NoteTemporary
) -> tuple[bytes, str]:
    """Encrypt the plain database at `path` (nobody else working on it: this process
    has closed its own connections) for the account `first`. Returns the data key and
    the recovery key. Raises sqlite_files.DatabaseBusy when another connection keeps
    it, CopyDiffers when the encrypted copy does not read back the same; the plain
    database is then as it was."""
    key = secrets.token_bytes(drivers.KEY_BYTES)
    keys, recovery_key = KeyFile.new(first, key)
    with _plain_held(path, wait_seconds) as guard:
        exported = hidden_beside(path)
        note(exported)
        _create_private(exported)
        try:
            exporter = drivers.plain_sqlcipher(path, timeout=wait_seconds)
            try:
                sqlite_files.export_from(exporter, exported, key)
                checksum = sqlite_files.content_checksum(exporter)
            finally:
                exporter.close()
            sqlite_files.check_encrypted_copy(exported, key, checksum)
            _switch(path, exported, keys, guard)
        finally:
            exported.unlink(missing_ok=True)  # gone already when the switch was made
    return key, recovery_key


def install(path: Path, staged: Path, keys: KeyFile, wait_seconds: float) -> None:
    """Put the encrypted database `staged` (with `keys`, the key file that opens it) in
    place of the plain database at `path` (or where none is yet), as encrypting does."""
    if path.exists():
        with _plain_held(path, wait_seconds) as guard:
            _switch(path, staged, keys, guard)
    else:
        _switch(path, staged, keys, None)


class _Guard:
    """A plain connection holding the write lock of the database being replaced."""

    def __init__(self, connection) -> None:
        self.connection = connection

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.rollback()
            finally:
                self.connection.close()
                self.connection = None


@contextmanager
def _plain_held(path: Path, wait_seconds: float) -> Iterator[_Guard]:
    """Take the plain database out of WAL mode (its -wal folded in and removed) and
    hold its write lock; DatabaseBusy when another connection is reading or writing."""
    guard = _Guard(drivers.plain_sqlcipher(path, timeout=wait_seconds, isolation_level=None))
    try:
        try:
            mode = guard.connection.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
            guard.connection.execute("BEGIN IMMEDIATE")
        except drivers.OPERATIONAL_ERRORS as error:
            raise sqlite_files.DatabaseBusy(type(error).__name__) from None
        wal = path.with_name(path.name + "-wal")
        if mode != "delete" or (wal.exists() and wal.stat().st_size > 0):
            raise sqlite_files.DatabaseBusy("journal mode")
        yield guard
    finally:
        guard.close()


def _switch(path: Path, encrypted: Path, keys: KeyFile, guard: _Guard | None) -> None:
    """Steps 3 to 5: the key file, the two renames, the wipe. `encrypted` is the
    checked encrypted database (a temporary file)."""
    key_file = key_file_path(path)
    staged, aside = switch_files(path)
    keys.begin_switch()
    with keyring.locked(key_file):
        os.replace(encrypted, staged)
        keyring.save(key_file, keys)
        try:
            if guard is not None and os.name != "posix":
                guard.close()  # Windows renames no file that is open
            if path.exists():
                os.replace(path, aside)
            os.replace(staged, path)
            keyring.sync_folder(path.parent)
        except BaseException:
            if aside.exists() and not path.exists():
                os.replace(aside, path)
            staged.unlink(missing_ok=True)
            keyring.remove(key_file)
            raise
        finally:
            if guard is not None:
                guard.close()  # after the renames: a writer that waited finds the file moved
        sqlite_files.wipe(aside)
        keys.finish_switch()
        keyring.save(key_file, keys)


# Changing the key ----------------------------------------------------------------------


def rotate(
    path: Path,
    key: bytes,
    wait_seconds: float,
    remove: str | None = None,
    recovery_key: str | None = None,
) -> bytes:
    """Give the database at `path` a new data key: without `remove`'s copy, with a new
    recovery key when given; returns the new key. The caller has closed its own
    connections. Raises DatabaseBusy when another writer keeps the database."""
    new_key = secrets.token_bytes(drivers.KEY_BYTES)
    key_file = key_file_path(path)
    with keyring.locked(key_file):
        keys = keyring.load(key_file)
        keys.verify(key)
        if keys.rotating:
            keys.cancel_rotation(key)  # one cut short earlier; this one replaces it
        if remove is not None:
            keys.remove(remove, key)
        keys.begin_rotation(key, new_key, recovery_key)
        keyring.save(key_file, keys)
        _rekey(path, key, new_key, wait_seconds)
        keys.finish_rotation()
        keyring.save(key_file, keys)
    return new_key


def _rekey(path: Path, key: bytes, new_key: bytes, wait_seconds: float) -> None:
    connection = drivers.connect(path, key, timeout=wait_seconds, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")  # waits for another writer, or says busy
        connection.execute("ROLLBACK")
        connection.execute(f"PRAGMA rekey = \"x'{new_key.hex()}'\"")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except drivers.OPERATIONAL_ERRORS as error:
        raise sqlite_files.DatabaseBusy(type(error).__name__) from None
    finally:
        connection.close()
    if not opens(path, new_key):
        raise RuntimeError("PRAGMA rekey did not change the key")


# Copies --------------------------------------------------------------------------------


def copy_block(database: Path, key: bytes, copy_key: bytes) -> dict[str, Any]:
    """The key block of a backup or copy of the encrypted database at `database`,
    encrypted with its own `copy_key`: opened by the same logins and recovery key."""
    keys = keyring.load(key_file_path(database))
    keys.verify(key)
    return keys.block(copy_key)


def write_copy(
    source: Path,
    target: Path,
    *,
    source_key: bytes | None,
    database: Path,
    key: bytes,
    about: dict[str, Any],
    note: NoteTemporary | None = None,
    on_pages: sqlite_files.PageReport | None = None,
) -> None:
    """Write the database file `source` (encrypted with `source_key`, or plain when
    None: a copy made before the database was encrypted) as a container at `target`
    (replaced at once) encrypted with a key of its own and opened by the logins and the
    recovery key of the encrypted database `database`, whose data key is `key`."""
    copy_key = secrets.token_bytes(drivers.KEY_BYTES)
    block = copy_block(database, key, copy_key)
    staged, packed = hidden_beside(database), hidden_beside(target)
    for temporary in (staged, packed):
        if note is not None:
            note(temporary)
        _create_private(temporary)
    try:
        if source_key is None:
            staged.unlink()  # sqlcipher_export makes it
            _create_private(staged)
            sqlite_files.export_encrypted(source, staged, copy_key)
        else:
            sqlite_files.copy_snapshot(
                source, staged, on_pages or _quietly, source_key=source_key, target_key=copy_key
            )
        cover = {**_what_it_holds(staged, copy_key), **about, "keys": block}
        sqlite_files.write_container(packed, staged, cover)
        os.replace(packed, target)
    finally:
        for temporary in (staged, packed):
            temporary.unlink(missing_ok=True)
            sqlite_files.remove_sidecars(temporary)


def _what_it_holds(path: Path, key: bytes) -> dict[str, Any]:
    """What a copy's container says in clear: its schema's revision (a newer version's
    copy is refused before any login) and its ward (which the file's name says too)."""
    connection = sqlite_files.open_unchanged(path, key)
    try:
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        ward = connection.execute("SELECT kind, name, station_name FROM ward ORDER BY id")
        kind, name, station = ward.fetchone() or (None, None, None)
    except drivers.DATABASE_ERRORS:
        return {}  # a copy that cannot say what it holds is kept all the same
    finally:
        connection.close()
    return {
        "revision": revision[0] if revision else None,
        "ward_kind": kind,
        "ward_name": name,
        "station_name": station,
    }


def _quietly(*_report: int) -> None:
    return None
