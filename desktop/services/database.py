"""Opening a station's database: the engine, the schema upgrade and sessions.

What the machine refuses (desktop.db.unavailable) reaches the caller as
DatabaseUnavailable, a UserError with its one sentence, with nothing changed: a file or
folder that cannot be written is refused before anything is opened, and a write that
stopped on a full disk gives back the room its half-written -wal took.

A SQLite file can be encrypted (SQLCipher; desktop.db.encryption, desktop.db.keyring):
creating the first account encrypts it (`Database.encrypt`), and from then on it opens
only with a login, an account's name and password or the recovery key, that unwraps
its data key from the key file beside it. A wrong login is counted in the key file
(five lock the name for five minutes) and nothing of the data is read: no name, no ID
number reaches the screen, the log or the disk. A database on a server is not
encrypted here (its server's own storage encryption does that).
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from desktop.db import drivers, encryption, keyring, sqlite_files
from desktop.db.connecting import ServerRefused, check_server
from desktop.db.engine import (
    make_engine,
    make_session_factory,
    resolve_database_url,
    sqlite_file,
)
from desktop.db.keyring import (
    FailedLogin,
    KeyFileDamaged,
    Login,
    LoginNeeded,
    LoginRefused,
    RecoveryLogin,
)
from desktop.db.schema import DatabaseTooNew, upgrade_database
from desktop.db.unavailable import (
    BUSY,
    DISK_ERROR,
    FULL,
    READ_ONLY,
    READ_ONLY_FOLDER,
    DatabaseUnavailable,
    unavailable_from,
)
from desktop.db.wal import release_wal
from desktop.db.writing import WriterWait, lock_for_writing
from desktop.domain.errors import UserError
from desktop.logs import log
from desktop.services.private_files import create_private_file, note_temporary

__all__ = [
    "Database",
    "FailedLogin",
    "KeyFileDamaged",
    "Login",
    "LoginNeeded",
    "LoginRefused",
    "RecoveryLogin",
    "open_database",
    "open_staged",
    "open_with_key",
]


@dataclass
class Database:
    """An open database: one engine for the program, one session per user action.

    `failed_logins`: the failed attempts to open an encrypted file that its key file
    kept, for the audit trail (desktop.services.accounts writes and clears them).
    `data_key`: the key of an encrypted file, in memory only while it is open.
    """

    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    backup_before_upgrade: Path | None = None
    failed_logins: list[FailedLogin] = field(default_factory=list)
    wait: WriterWait | None = field(default=None, repr=False)
    data_key: bytes | None = field(default=None, repr=False)

    @contextmanager
    def session(self, writing: bool = False) -> Iterator[Session]:
        """A session whose work is committed when the block ends without an error.

        `writing`: take the write lock first (waiting for another writer), for work
        whose reads decide what it writes, such as an import's plan; otherwise the lock
        is taken at the first write. Raises DatabaseUnavailable, all rolled back, when
        the machine refuses.
        """
        try:
            with self.sessions.begin() as session:
                if writing:
                    lock_for_writing(session)
                yield session
        except DatabaseUnavailable as error:
            self.give_back_disk(error)
            raise

    def give_back_disk(self, error: DatabaseUnavailable) -> None:
        """After a write stopped on a full disk, shrink the -wal it grew."""
        path = sqlite_file(self.url)
        if error.kind in (FULL, DISK_ERROR) and path is not None:
            release_wal(self.engine, path)

    def close(self) -> None:
        self.engine.dispose()

    # Encryption ------------------------------------------------------------------------

    @property
    def encrypted(self) -> bool:
        """Whether the database is an encrypted SQLite file."""
        return self.data_key is not None

    @property
    def can_encrypt(self) -> bool:
        """Whether encrypt() applies: a plain SQLite file (not a server, not in memory)."""
        return not self.encrypted and sqlite_file(self.url) is not None

    def encrypt(self, first: Login) -> str:
        """Encrypt this plain SQLite database in place for the account `first` and
        return the recovery key, to be shown once (the station chief keeps it in the
        safe). Goes through a verified encrypted copy: no plain copy of the data is left
        (-wal and -shm folded in; the plain file overwritten before it is removed; the
        safety and automatic copies beside it encrypted too), and a crash at any moment
        leaves the plain database or the encrypted one whole (desktop.db.encryption).

        Refuses (UserError, nothing changed) a database already encrypted or not a
        SQLite file, one another window or command keeps open, a disk that is full.
        """
        if self.encrypted:
            raise UserError("Dữ liệu này đã được mã hóa.")
        path = self._file_to_encrypt()
        self.engine.dispose()
        try:
            key, recovery_key = encryption.encrypt_in_place(
                path, first, self._wait_seconds(), note_temporary
            )
        except sqlite_files.DatabaseBusy:
            raise UserError(_BUSY_ENCRYPTING) from None
        except sqlite_files.CopyDiffers:
            raise UserError(
                "Bản mã hóa vừa tạo đọc lại không khớp với dữ liệu nên đã bị bỏ; dữ liệu vẫn "
                "như cũ (chưa mã hóa). Hãy kiểm tra ổ đĩa rồi thử lại."
            ) from None
        except OSError as error:
            raise _file_refusal(error, path) or error from None
        self.reopen(key)
        _encrypt_plain_copies(self)
        return recovery_key

    def enrol(self, name: str, password: str) -> None:
        """Give the account `name` its copy of the data key, behind `password` (a new
        account, a password reset or change). Nothing to do when not encrypted."""
        if not self.encrypted:
            return
        with keyring.updating(self._key_file()) as keys:
            keys.enrol(name, password, self._key())

    def forget(self, name: str) -> None:
        """Take the account `name`'s copy of the data key away and change the data key
        (every page encrypted again), so that its password with an older copy of the
        key file opens nothing of the current file. The other accounts keep working
        without typing anything. Nothing to do when not encrypted, or when `name` has
        no copy (and no change of key is left unfinished)."""
        if not self.encrypted:
            return
        keys = keyring.load(self._key_file())
        if name not in keys.names and not keys.rotating:
            return
        self._change_key(remove=name)

    def renew_recovery_key(self) -> str:
        """Replace the recovery key (the old one lost, or seen by someone) and return
        the new one, to be shown once; the data key changes with it, so the old
        recovery key opens nothing of the current file."""
        if not self.encrypted:
            raise UserError("Dữ liệu này không được mã hóa nên không có khóa khôi phục.")
        recovery_key = keyring.new_recovery_key()
        self._change_key(recovery_key=recovery_key)
        return recovery_key

    def reopen(self, key: bytes | None) -> None:
        """Let go of the connections and open new ones with `key` (None: plain)."""
        self.engine.dispose()
        self.data_key = key
        self.engine = make_engine(self.url, self.wait, key)
        self.sessions = make_session_factory(self.engine)

    def _change_key(self, remove: str | None = None, recovery_key: str | None = None) -> None:
        path = self._file()
        self.engine.dispose()
        try:
            new_key = encryption.rotate(
                path, self._key(), self._wait_seconds(), remove=remove, recovery_key=recovery_key
            )
        except sqlite_files.DatabaseBusy:
            raise UserError(_BUSY_CHANGING_KEY) from None
        self.reopen(new_key)

    def _file(self) -> Path:
        path = sqlite_file(self.url)
        assert path is not None
        return path.absolute()

    def _file_to_encrypt(self) -> Path:
        path = sqlite_file(self.url)
        if path is None:
            raise UserError(
                "Chỉ mã hóa được cơ sở dữ liệu dạng tệp SQLite; cơ sở dữ liệu trên máy chủ hãy "
                "bảo vệ bằng mã hóa của máy chủ."
            )
        return path.absolute()

    def _key_file(self) -> Path:
        return keyring.key_file_path(self._file())

    def _key(self) -> bytes:
        assert self.data_key is not None
        return self.data_key

    def _wait_seconds(self) -> float:
        return (self.wait or WriterWait()).limit()


_BUSY_ENCRYPTING = (
    "Chưa mã hóa được dữ liệu vì một cửa sổ hoặc lệnh Đèn Khuya khác đang mở nó; hãy đóng "
    "chúng rồi thử lại. Dữ liệu vẫn như cũ."
)
_BUSY_CHANGING_KEY = (
    "Chưa đổi được khóa dữ liệu vì một cửa sổ hoặc lệnh Đèn Khuya khác đang ghi; tài khoản "
    "đã bị thu hồi khóa, việc đổi khóa sẽ được làm tiếp ở lần mở sau. Hãy đóng các cửa sổ "
    "khác rồi thử lại."
)


def open_database(
    url: str | None = None,
    wait: WriterWait | None = None,
    login: Login | RecoveryLogin | None = None,
) -> Database:
    """Open (and create or upgrade) the database at the URL, --db, DENKHUYA_DB or default;
    a writer waits for another one as `wait` says (default: up to 30 s, silently).

    An encrypted SQLite file opens with `login` (ignored for any other database:
    desktop.services.accounts checks it there). Raises LoginNeeded without one, and
    LoginRefused for a wrong name, password or recovery key (counted in the key file;
    five in a row lock the name for five minutes) or a locked name, reading nothing of
    the data.

    Raises UserError, leaving the file untouched, for a database written by a newer
    version of the program, for what check_database_file() refuses, and (as
    DatabaseUnavailable) for a file or folder that cannot be written, a full disk, and
    another program holding the database past the wait.
    """
    resolved = resolve_database_url(url)
    path = sqlite_file(resolved)
    unlocked = None
    if path is not None:
        check_writable(path)  # first: even reading its kind makes a -shm beside a WAL file
        _settle(path)
        check_database_file(path)
        if keyring.key_file_path(path).exists():  # and encrypted: checked just above
            unlocked = _unlock(path, login, wait)
        elif not path.exists():
            _create(path)
    if unlocked is None:
        return _open(resolved, wait, None, [])
    return _open(resolved, wait, unlocked.key, unlocked.failed_logins)


def open_staged(url: str, login: Login | RecoveryLogin | None) -> Database:
    """Open a restore's staged copy of an encrypted backup (its key file beside it)
    with the backup's login; the copies beside it are left alone."""
    path = sqlite_file(url)
    assert path is not None
    unlocked = _unlock(path, login, None)
    return _open(url, None, unlocked.key, [], copies=False)


def open_with_key(url: str, key: bytes | None, wait: WriterWait | None = None) -> Database:
    """Open a database this process has just written and whose data key it holds (None:
    plain), as a restore does at its end: no file checks, no login."""
    return _open(url, wait, key, [])


def _open(
    resolved: str,
    wait: WriterWait | None,
    key: bytes | None,
    failed: list[FailedLogin],
    copies: bool = True,
) -> Database:
    path = sqlite_file(resolved)
    engine = make_engine(resolved, wait, key)
    sessions = make_session_factory(engine)
    database = Database(resolved, engine, sessions, failed_logins=failed, wait=wait, data_key=key)
    try:
        check_server(engine)  # a server that refuses: why, in its own sentence
        database.backup_before_upgrade = upgrade_database(engine, key, note_temporary, _copy_server)
    except DatabaseTooNew as error:
        engine.dispose()
        raise UserError(str(error)) from None
    except ServerRefused:
        engine.dispose()
        raise
    except DatabaseUnavailable as error:
        database.give_back_disk(error)
        engine.dispose()
        raise
    except UserError:  # a server's copy before an upgrade refused (no pg_dump here)
        engine.dispose()
        raise
    except sqlite_files.DatabaseBusy:  # the copy made before an upgrade
        engine.dispose()
        raise DatabaseUnavailable(BUSY, path) from None
    except (*drivers.DRIVER_ERRORS, OSError) as error:
        engine.dispose()
        refusal = unavailable_from(error, path) or _file_refusal(error, path)
        if refusal is None:
            raise
        raise refusal from None
    if key is not None and copies:
        _encrypt_plain_copies(database)
    return database


def _copy_server(engine: Engine, revision: str) -> Path | None:
    """The copy of a database on a server before it is upgraded: a pg_dump."""
    from desktop.services.server_backup import copy_before_upgrade

    return copy_before_upgrade(engine, revision)


def _unlock(
    path: Path, login: Login | RecoveryLogin | None, wait: WriterWait | None
) -> encryption.Unlocked:
    if login is None:
        raise LoginNeeded(
            f"Dữ liệu “{path.name}” được mã hóa: cần đăng nhập bằng một tài khoản để mở "
            "(dòng lệnh: --user TÊN, mật khẩu trong DENKHUYA_PASSWORD hoặc gõ khi được hỏi)."
        )
    try:
        return encryption.unlock(path, login, (wait or WriterWait()).limit())
    except sqlite_files.DatabaseBusy:
        raise UserError(
            "Việc đổi khóa dữ liệu còn dở, và một cửa sổ hoặc lệnh Đèn Khuya khác đang ghi nên "
            "chưa làm tiếp được; hãy đóng chúng rồi mở lại."
        ) from None
    except OSError as error:
        raise _file_refusal(error, path) or error from None


def _settle(path: Path) -> None:
    """Finish or undo an encryption or a restore that a crash cut short."""
    try:
        encryption.settle(path)
    except OSError as error:
        raise _file_refusal(error, path) or error from None


def _encrypt_plain_copies(database: Database) -> None:
    """The copies beside an encrypted database that are still plain (made before it was
    encrypted, or left by a crash midway) are encrypted too; a failure is logged and
    tried again at the next opening, it does not stop the desk."""
    from desktop.services.backup import encrypt_plain_copies

    try:
        encrypt_plain_copies(database)
    except (OSError, UserError, *drivers.DRIVER_ERRORS) as error:
        log.warning("Chưa mã hóa được một bản sao cũ: %s", type(error).__name__)


def check_writable(path: Path) -> None:
    """Refuse (DatabaseUnavailable) a database file, or the folder it is in or is to be
    made in, that this user cannot write: every command may write (the audit trail
    records even an export) and SQLite writes its -wal and -shm beside the file. Where
    the system does not say (a folder on Windows), SQLite's own refusal comes later.
    A folder given as the file, or a folder that does not exist, is check_database_file's."""
    if path.is_dir() or not path.parent.is_dir():
        return
    if path.exists() and not os.access(path, os.W_OK):
        raise DatabaseUnavailable(READ_ONLY, path)
    if not os.access(path.parent, os.W_OK):
        raise DatabaseUnavailable(READ_ONLY_FOLDER, path)


def _create(path: Path) -> None:
    """Make the new database file: the ward's data, the owner's only (SQLite's -wal and
    -shm files take the database file's permissions)."""
    try:
        create_private_file(path)
    except FileExistsError:
        pass  # another window or command made it a moment ago: opened as it is
    except OSError as error:
        refusal = _file_refusal(error, path)
        if refusal is None:
            raise
        raise refusal from None


# What creating or copying a file beside the database can meet.
_FILE_KINDS = {
    errno.ENOSPC: FULL,
    getattr(errno, "EDQUOT", errno.ENOSPC): FULL,
    errno.EROFS: READ_ONLY_FOLDER,
    errno.EACCES: READ_ONLY_FOLDER,
    errno.EPERM: READ_ONLY_FOLDER,
}


def _file_refusal(error: BaseException, path: Path | None) -> DatabaseUnavailable | None:
    kind = _FILE_KINDS.get(getattr(error, "errno", None) or -1)
    return DatabaseUnavailable(kind, path) if kind else None


def check_database_file(path: Path) -> None:
    """Refuse (UserError) to open a SQLite file that is not this program's database,
    that is damaged, or whose folder does not exist; a new database is made only in
    an existing folder. Nothing is written to the file or its folder."""
    name = path.name
    if path.is_dir():
        raise UserError(
            f"“{path}” là một thư mục, không phải tệp cơ sở dữ liệu; hãy ghi cả tên tệp."
        )
    if not path.parent.is_dir():
        raise UserError(
            f"Thư mục “{path.parent}” không tồn tại; hãy tạo thư mục đó trước hoặc chọn nơi khác "
            "cho cơ sở dữ liệu."
        )
    kind = sqlite_files.database_file_kind(path)
    key_file = keyring.key_file_path(path)
    if kind != sqlite_files.ENCRYPTED and key_file.exists():
        raise UserError(
            f"Không thấy tệp dữ liệu “{name}” mà tệp khóa “{key_file.name}” của nó vẫn còn; "
            "hãy chép lại tệp dữ liệu đi cùng tệp khóa, hoặc khôi phục từ bản sao lưu."
            if kind == sqlite_files.NEW
            else f"Bên cạnh tệp “{name}” có tệp khóa “{key_file.name}” nhưng tệp dữ liệu lại "
            "không được mã hóa: có thể nó đã bị thay bằng một tệp khác. Chương trình không mở "
            "tệp này; hãy báo quản trị."
        )
    refusals = {
        sqlite_files.NOT_SQLITE: f"Tệp “{name}” không phải cơ sở dữ liệu của Đèn Khuya; "
        "chương trình không mở và không sửa tệp này. Hãy chọn đúng tệp dữ liệu"
        + (
            f" (nếu đây là dữ liệu đã mã hóa, tệp khóa “{key_file.name}” phải nằm cạnh nó)."
            if _looks_encrypted(path)
            else "."
        ),
        sqlite_files.FOREIGN: f"Tệp “{name}” là cơ sở dữ liệu của một chương trình khác; "
        "Đèn Khuya không mở và không sửa tệp này. Hãy chọn đúng tệp dữ liệu.",
        sqlite_files.TRUNCATED: f"Tệp “{name}” bị cắt cụt (ngắn hơn kích thước ghi trong tệp), "
        "có thể do chép dở; hãy khôi phục từ bản sao lưu.",
        sqlite_files.DAMAGED: f"Tệp “{name}” bị hỏng, không đọc được; "
        "hãy khôi phục từ bản sao lưu.",
    }
    if kind in refusals:
        raise UserError(refusals[kind])


def _looks_encrypted(path: Path) -> bool:
    """Whole pages of what looks like random bytes: an encrypted database without its
    key file, most likely."""
    size = path.stat().st_size if path.is_file() else 0
    return size >= 4096 and size % 4096 == 0
