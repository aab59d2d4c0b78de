"""Where the database lives and how a connection to it is set up.

SQLite is the embedded default: one file in the user data folder, in WAL mode with
foreign keys enforced. `--db URL` or `DENKHUYA_DB` choose another file or server.
A writer waits for another one as its WriterWait says (desktop.db.writing), and what
the machine refuses (a full disk, a read-only file, a lock held too long) reaches the
caller as DatabaseUnavailable with its sentence (desktop.db.unavailable).

An encrypted file (desktop.db.encryption) is opened through sqlcipher3, each connection
keyed with the data key before anything else is read; the rest (WAL, foreign keys,
BEGIN IMMEDIATE) is the same as for a plain file.
"""

from __future__ import annotations

import json
import os
from functools import partial
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from desktop.data_folder import user_data_folder
from desktop.db import drivers, keyring
from desktop.db.connecting import missing_driver
from desktop.db.unavailable import refuse_machine_errors
from desktop.db.writing import WAIT_OPTION, WriterWait, wait_before_writes
from desktop.domain.errors import UserError

DATABASE_ENV = "DENKHUYA_DB"


def resolve_database_url(cli_url: str | None = None) -> str:
    """The database URL: the --db option, else DENKHUYA_DB, else the default file."""
    if cli_url:
        return cli_url
    if os.environ.get(DATABASE_ENV):
        return os.environ[DATABASE_ENV]
    return f"sqlite:///{user_data_folder() / 'denkhuya.sqlite3'}"


def sqlite_file(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for another server or an in-memory base."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def _configure_sqlite(wait: WriterWait, dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    # First, so that a file another program keeps locked is waited for here too.
    cursor.execute(f"PRAGMA busy_timeout = {wait.busy_timeout_ms}")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA cache_size = -65536")  # 64 MiB: whole-city lists stay in memory
    cursor.close()


def make_engine(url: str, wait: WriterWait | None = None, key: bytes | None = None) -> Engine:
    """An engine for the URL; SQLite files get WAL, foreign keys, and writers that wait
    for each other as `wait` says (default: up to 30 s, silently); with `key` (an
    encrypted SQLite file) every connection is made by sqlcipher3 and keyed first.
    Errors of the machine become DatabaseUnavailable. Nothing is created here:
    services.database checks a file before it is opened."""
    wait = wait or WriterWait()
    options = {"module": drivers.sqlcipher3} if key is not None else {}
    # JSON (the audit trail's changes) stored as readable UTF-8, not \uXXXX escapes:
    # half the size for Vietnamese text, and legible to whoever inspects the file.
    # hide_parameters: an error's message never carries the values of its statement
    # (a citizen's ID or name would end up in the log file).
    try:
        engine = create_engine(
            url,
            hide_parameters=True,
            json_serializer=partial(json.dumps, ensure_ascii=False),
            execution_options={WAIT_OPTION: wait},
            **options,
        )
    except (ImportError, NoSuchModuleError):  # a server's driver this copy lacks
        raise missing_driver(url) from None
    if key is not None:
        event.listen(engine, "do_connect", partial(_connect_keyed, key))
        event.listen(engine, "handle_error", partial(_key_changed, sqlite_file(url), key))
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", partial(_configure_sqlite, wait))
        wait_before_writes(engine)
    refuse_machine_errors(engine, sqlite_file(url), wait.limit)
    return engine


def _connect_keyed(key: bytes, _dialect, _record, cargs, cparams):
    """The keyed sqlcipher3 connection, keyed before SQLAlchemy or _configure_sqlite
    reads anything through it."""
    return drivers.connect(*cargs, key=key, **cparams)


def _key_changed(path: Path | None, key: bytes, context) -> None:
    """ "file is not a database" from an engine that opened the file with its key, while
    the key file names another key now: the key was changed meanwhile (an account
    removed at another desk). Otherwise the file is damaged, as unavailable says."""
    if path is None or not drivers.is_wrong_key(context.original_exception):
        return
    try:
        current = keyring.load(keyring.key_file_path(path)).current_key_id
    except UserError:
        return
    if current != keyring.key_id(key):
        raise UserError(
            "Khóa của dữ liệu vừa được đổi ở một cửa sổ hoặc lệnh khác (một tài khoản vừa bị "
            "tắt, hoặc dữ liệu vừa được khôi phục); chưa có gì thay đổi ở đây, hãy đóng "
            "chương trình rồi đăng nhập lại."
        ) from None


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded values after commit, so plain rows can be built from them."""
    return sessionmaker(engine, expire_on_commit=False)
