"""The log file in the user data folder, where unexpected errors leave their traceback.

The log never holds personal data (Law 91/2025/QH15): an exception's message can carry
a citizen's name, ID number, phone or birth date (a value that failed to convert, a
row that broke a constraint), so every record is redacted before it is written. The
frames of a traceback (file, line, function, source line) are kept as they are: they
hold only our code. In everything else, quoted text, runs of six digits or more,
dates and names (two or more capitalised words) are replaced by a placeholder.
SQLAlchemy's statement parameters are hidden at the engine (desktop.db.engine).
"""

from __future__ import annotations

import logging
import os
import re
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path

from desktop.data_folder import user_data_folder

log = logging.getLogger("desktop")

_QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"|“[^”\n]*”|‘[^’\n]*’")
_DATE = re.compile(r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b")
_DIGITS = re.compile(r"\+?\d(?:[\s.-]?\d){5,}")
_UPPER = "A-ZÀ-ÃÈ-ÊÌÍÒ-ÕÙÚÝĂĐĨŨƠƯẠ-Ỹ"
_WORD = rf"[{_UPPER}][^\W\d_]*"
_NAME = re.compile(rf"\b{_WORD}(?:[ \t]+{_WORD})+")
_FRAME = re.compile(r'^\s+File "')
_URL_PASSWORD = re.compile(r"(://[^:/@\s]*:)[^@\s]+@")  # a database URL's password


def redact(text: str) -> str:
    """`text` with anything that could be personal data replaced (one line or many)."""
    text = _URL_PASSWORD.sub(r"\1‹mật khẩu›@", text)
    text = _QUOTED.sub("‹…›", text)
    text = _DATE.sub("‹ngày›", text)
    text = _DIGITS.sub("‹số›", text)
    return _NAME.sub("‹tên›", text)


def redact_traceback(text: str) -> str:
    """A formatted traceback with its messages redacted and its frames kept."""
    lines = text.splitlines()
    kept: list[str] = []
    source_line_next = False
    for line in lines:
        if _FRAME.match(line):
            kept.append(line)
            source_line_next = True
        elif source_line_next and line.startswith("    "):
            kept.append(line)  # the source line of the frame above: our code
            source_line_next = False
        else:
            kept.append(redact(line))
            source_line_next = False
    return "\n".join(kept)


class PersonalDataFilter(logging.Filter):
    """Redacts a record's arguments and exception before any handler writes it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            record.args = tuple(_redacted(arg) for arg in args)
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = redact_traceback(
                "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
            )
        elif record.exc_text:
            record.exc_text = redact_traceback(record.exc_text)
        return True


def _redacted(arg: object) -> object:
    if isinstance(arg, int | float | Path):
        return arg  # counts, sizes and our own file paths
    return redact_traceback(str(arg))


class _PrivateLog(RotatingFileHandler):
    """A rotating log file made for the owner only, also when it starts a new file."""

    def _open(self):
        if not os.path.exists(self.baseFilename):
            os.close(os.open(self.baseFilename, os.O_CREAT | os.O_WRONLY, 0o600))
        return super()._open()


def log_file() -> Path:
    return user_data_folder() / "denkhuya.log"


def configure_logging() -> Path:
    """Send the program's log to a rotating file, redacted; return its path."""
    path = log_file()
    if not any(isinstance(h, RotatingFileHandler) for h in log.handlers):
        handler = _PrivateLog(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler.addFilter(PersonalDataFilter())
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    return path
