"""The machine's refusals, wherever they come from: the one question the CLI and the
window ask of an error that no service turned into a sentence.

The database's own engine already raises DatabaseUnavailable (desktop.db.unavailable).
What is left are the files the program writes itself (an export on a full USB stick, a
report into a read-only folder) and SQLite errors of the whole-file copies made outside
the engine (backup, restore). `machine_refusal(error)` gives each its one sentence, or
None for an error that is a bug.
"""

from __future__ import annotations

import errno
from pathlib import Path

from desktop.db.conflicts import conflict_refusal
from desktop.db.unavailable import DatabaseUnavailable, unavailable_from
from desktop.domain.errors import UserError

FULL, READ_ONLY, NOT_ALLOWED, DISK_ERROR = "full", "read_only", "not_allowed", "disk_error"

_KINDS = {
    errno.ENOSPC: FULL,
    getattr(errno, "EDQUOT", errno.ENOSPC): FULL,
    errno.EROFS: READ_ONLY,
    errno.EACCES: NOT_ALLOWED,
    errno.EPERM: NOT_ALLOWED,
    errno.EIO: DISK_ERROR,
}


class DiskUnavailable(UserError):
    """A file the program reads or writes is on a disk that refuses: full, read-only,
    not ours to write, or failing. `kind` is one of this module's constants."""

    def __init__(self, kind: str, path: Path | None = None) -> None:
        self.kind = kind
        self.path = path
        named = f" “{path}”" if path is not None else ""
        sentences = {
            FULL: f"Ổ đĩa đã đầy nên không ghi được{named}; hãy giải phóng chỗ trống trên ổ "
            "(hoặc chọn ổ khác) rồi thử lại.",
            READ_ONLY: f"Ổ đĩa chỉ cho đọc nên không ghi được{named}; hãy chọn ổ khác (hoặc "
            "tắt chế độ chống ghi của ổ) rồi thử lại.",
            NOT_ALLOWED: f"Không có quyền đọc hoặc ghi{named} (tệp đang mở ở chương trình "
            "khác, hoặc thư mục không cho ghi); hãy đóng tệp hoặc chọn thư mục khác rồi thử lại.",
            DISK_ERROR: f"Ổ đĩa báo lỗi khi đọc hoặc ghi{named} (ổ bị rút ra hoặc hỏng); hãy "
            "kiểm tra ổ rồi thử lại.",
        }
        super().__init__(sentences[kind])


def is_machine_refusal(error: BaseException) -> bool:
    """Whether the error is the machine's refusal rather than the user's or a bug's."""
    return isinstance(error, (DatabaseUnavailable, DiskUnavailable))


def machine_refusal(error: BaseException) -> UserError | None:
    """The refusal with its sentence for an error of the machine; None for a bug."""
    if is_machine_refusal(error):
        return error  # type: ignore[return-value]
    refusal = unavailable_from(error)
    if refusal is not None:
        return refusal
    if isinstance(error, OSError):
        kind = _KINDS.get(error.errno or -1)
        if kind is not None:
            return DiskUnavailable(kind, Path(error.filename) if error.filename else None)
    return conflict_refusal(error)  # another desk's work came first, a text too long
