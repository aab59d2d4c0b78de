"""When the machine, not the user's input and not a bug, stops a read or a write: a full
disk, a read-only file or folder, another program holding the write lock past the wait,
a drive pulled out, a damaged file, a server that does not answer.

Every statement of the program's engine passes through one `handle_error` listener
(installed by desktop.db.engine) that turns these into DatabaseUnavailable: a UserError
carrying one Vietnamese sentence, so the CLI exits 2 with it and the window shows it,
never a traceback. SQLite (or the server) has already rolled the transaction back, so
the sentence can say that nothing changed. What the driver reports is read here, by its
error code (sqlite3's `sqlite_errorcode`, PostgreSQL's SQLSTATE), not from its wording.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, event
from sqlalchemy.engine import ExceptionContext

from desktop.db.drivers import DRIVER_ERRORS  # sqlite3's and sqlcipher3's
from desktop.domain.errors import UserError

BUSY, FULL, READ_ONLY, READ_ONLY_FOLDER, CANNOT_OPEN, DISK_ERROR, DAMAGED, UNREACHABLE = (
    "busy", "full", "read_only", "read_only_folder", "cannot_open", "disk_error", "damaged",
    "unreachable",
)  # fmt: skip

# SQLite's primary result codes (https://www.sqlite.org/rescode.html): the extended code
# keeps the primary one in its low byte (SQLITE_BUSY_SNAPSHOT is 5 | 2 << 8).
_SQLITE_KINDS = {
    5: BUSY,  # SQLITE_BUSY: another connection holds the lock past the busy timeout
    8: READ_ONLY,  # SQLITE_READONLY
    10: DISK_ERROR,  # SQLITE_IOERR (a pulled-out drive; some full disks say this)
    11: DAMAGED,  # SQLITE_CORRUPT
    13: FULL,  # SQLITE_FULL
    14: CANNOT_OPEN,  # SQLITE_CANTOPEN (no -wal can be made beside it, no such folder)
    26: DAMAGED,  # SQLITE_NOTADB
}
# PostgreSQL's SQLSTATEs (https://www.postgresql.org/docs/current/errcodes-appendix.html).
_POSTGRES_KINDS = {
    "53100": FULL,  # disk_full
    "25006": READ_ONLY,  # read_only_sql_transaction (a standby server)
    "55P03": BUSY,  # lock_not_available (lock_timeout passed)
    "57P01": UNREACHABLE,  # admin_shutdown
    "57P02": UNREACHABLE,  # crash_shutdown
    "57P03": UNREACHABLE,  # cannot_connect_now
}


class DatabaseUnavailable(UserError):
    """The database cannot be read or written now, for a reason of the machine; nothing
    was changed. `kind` is one of this module's constants."""

    def __init__(self, kind: str, path: Path | None = None, waited_seconds: float = 0) -> None:
        self.kind = kind
        self.path = path
        super().__init__(sentence(kind, path, waited_seconds))


def sentence(kind: str, path: Path | None, waited_seconds: float = 0) -> str:
    """The one Vietnamese sentence for a kind, naming the file when it is known."""
    named = f" “{path}”" if path is not None else ""
    folder = f" “{path.parent}”" if path is not None else ""
    waited = f" và sau {waited_seconds:.0f} giây vẫn chưa xong" if waited_seconds >= 1 else ""
    sentences = {
        BUSY: "Cơ sở dữ liệu đang bận: một cửa sổ hoặc một lệnh Đèn Khuya khác đang ghi"
        f"{waited}; chưa có gì thay đổi, hãy thử lại khi việc đó xong.",
        FULL: f"Ổ đĩa chứa cơ sở dữ liệu{named} đã đầy nên không ghi được; chưa có gì thay "
        "đổi, hãy giải phóng chỗ trống trên ổ đó rồi thử lại."
        if path is not None
        else "Ổ đĩa đã đầy nên không ghi được; hãy giải phóng chỗ trống trên ổ (hoặc chọn ổ "
        "khác) rồi thử lại.",
        READ_ONLY: f"Tệp cơ sở dữ liệu{named} chỉ cho đọc, không ghi được; chưa có gì thay "
        "đổi, hãy bỏ chế độ chỉ đọc của tệp (hoặc chép tệp sang thư mục ghi được) rồi mở lại.",
        READ_ONLY_FOLDER: f"Thư mục{folder} không cho ghi, mà cơ sở dữ liệu cần ghi các tệp "
        "nhật ký của nó bên cạnh tệp; hãy cho phép ghi vào thư mục đó (hoặc chép tệp sang "
        "thư mục khác) rồi mở lại.",
        CANNOT_OPEN: f"Không mở được tệp cơ sở dữ liệu{named} (ổ đĩa đã bị rút ra, hoặc thư "
        "mục không cho ghi); chưa có gì thay đổi, hãy kiểm tra ổ đĩa rồi thử lại.",
        DISK_ERROR: f"Ổ đĩa báo lỗi khi đọc hoặc ghi cơ sở dữ liệu{named} (ổ bị rút ra, "
        "hỏng hoặc đầy); chưa có gì thay đổi, hãy kiểm tra ổ đĩa rồi thử lại.",
        DAMAGED: f"Tệp cơ sở dữ liệu{named} bị hỏng, không đọc được; hãy khôi phục từ bản sao lưu.",
        UNREACHABLE: "Không kết nối được máy chủ cơ sở dữ liệu (mạng hoặc máy chủ đang trục "
        "trặc); chưa có gì thay đổi, hãy kiểm tra rồi thử lại.",
    }
    return sentences[kind]


def unavailable_from(
    error: BaseException, path: Path | None = None, waited_seconds: float = 0
) -> DatabaseUnavailable | None:
    """The refusal for a driver's error (sqlite3's, or SQLAlchemy's wrapping it), or
    None when the error is not the machine's (a bug, a constraint the code broke)."""
    if isinstance(error, DatabaseUnavailable):
        return error
    original = getattr(error, "orig", None) or error  # sqlalchemy.exc.DBAPIError
    kind = _sqlite_kind(original) if isinstance(original, DRIVER_ERRORS) else None
    if kind is None and not isinstance(original, DRIVER_ERRORS):
        kind = _server_kind(error, original)
    return DatabaseUnavailable(kind, path, waited_seconds) if kind else None


def _sqlite_kind(error: sqlite3.Error) -> str | None:
    code = getattr(error, "sqlite_errorcode", None)
    if code is None:
        return None
    return _SQLITE_KINDS.get(code & 0xFF)


def _server_kind(error: BaseException, original: BaseException) -> str | None:
    """PostgreSQL (psycopg): by SQLSTATE; an OperationalError without one is a
    connection that failed (refused, timed out, dropped)."""
    state = getattr(original, "sqlstate", None) or getattr(original, "pgcode", None)
    if state:
        if state.startswith("08"):  # connection_exception
            return UNREACHABLE
        return _POSTGRES_KINDS.get(state)
    from sqlalchemy.exc import OperationalError

    return UNREACHABLE if isinstance(error, OperationalError) else None


def refuse_machine_errors(
    engine: Engine, path: Path | None, waited_seconds: Callable[[], float]
) -> None:
    """Make every error of the machine on this engine a DatabaseUnavailable; a busy
    one says how long the thread that gave up waited (`waited_seconds()`)."""

    def as_refusal(context: ExceptionContext) -> None:
        refusal = unavailable_from(context.original_exception, path, waited_seconds())
        if refusal is not None:
            raise refusal from None

    event.listen(engine, "handle_error", as_refusal)
