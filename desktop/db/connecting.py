"""Reaching a database server: why a connection was refused, in one sentence.

A desk pointed at a PostgreSQL server (`--db postgresql+psycopg://…`) can fail to
connect because the server is down or unreachable, the user name or password is wrong,
or the database does not exist. `check_server` opens one connection of the driver's own
(outside the engine, whose error listener knows only "unreachable") and closes it again;
a refusal becomes ServerRefused, a UserError whose sentence names the server, the user
and the database and says what to check. The password is never part of it.

libpq reports a refused login or a missing database at connection time without an
SQLSTATE, so the kind is read from its message (the server's English wording; another
language falls back to the general sentence, which still lists what to check).
"""

from __future__ import annotations

import re

from sqlalchemy import Engine
from sqlalchemy.engine import URL

from desktop.domain.errors import UserError

UNREACHABLE, WRONG_LOGIN, NO_DATABASE, REFUSED = (
    "unreachable",
    "wrong_login",
    "no_database",
    "refused",
)
CONNECT_TIMEOUT_SECONDS = 10

_KINDS = (
    (re.compile(r"password authentication failed|no password supplied|role \S+ does not exist"
                r"|authentication failed", re.I), WRONG_LOGIN),
    (re.compile(r"database \S+ does not exist", re.I), NO_DATABASE),
    (re.compile(r"connection refused|could not connect|timeout expired|timed out"
                r"|failed to resolve host|could not translate host name|no route to host"
                r"|network is unreachable|server closed the connection", re.I), UNREACHABLE),
)  # fmt: skip


class ServerRefused(UserError):
    """A database server refused the connection or could not be reached; `kind` says why."""

    def __init__(self, kind: str, url: URL) -> None:
        self.kind = kind
        super().__init__(sentence(kind, url))


def sentence(kind: str, url: URL) -> str:
    """The sentence for a refused connection: server, user and database, never a password."""
    server = f"“{url.host or 'máy này'}{f':{url.port}' if url.port else ''}”"
    user = f"“{url.username or ''}”"
    database = f"“{url.database or ''}”"
    sentences = {
        UNREACHABLE: f"Không kết nối được máy chủ cơ sở dữ liệu {server}: máy chủ chưa chạy, "
        "sai địa chỉ hoặc cổng, hoặc mạng đang trục trặc; chưa có gì thay đổi, hãy kiểm tra "
        "rồi thử lại.",
        WRONG_LOGIN: f"Máy chủ cơ sở dữ liệu {server} không nhận tên đăng nhập {user} với mật "
        "khẩu đã cho; hãy kiểm tra lại tên và mật khẩu trong địa chỉ cơ sở dữ liệu (--db)."
        if url.password
        else f"Máy chủ cơ sở dữ liệu {server} không nhận tên đăng nhập {user}: địa chỉ (--db) "
        "không có mật khẩu và tệp mật khẩu của máy này (pgpass) không có dòng cho máy chủ "
        "này; hãy thêm dòng đó hoặc kiểm tra lại tên đăng nhập.",
        NO_DATABASE: f"Trên máy chủ {server} không có cơ sở dữ liệu {database}; hãy kiểm tra "
        "tên trong địa chỉ (--db), hoặc nhờ người quản trị máy chủ tạo cơ sở dữ liệu đó trước.",
        REFUSED: f"Máy chủ cơ sở dữ liệu {server} từ chối kết nối của {user} vào {database}; "
        "hãy kiểm tra địa chỉ, cổng, tên đăng nhập, mật khẩu và tên cơ sở dữ liệu rồi thử lại.",
    }
    return sentences[kind]


def kind_of(error: BaseException) -> str:
    """Why the driver refused to connect, read from its message."""
    message = str(error)
    for pattern, kind in _KINDS:
        if pattern.search(message):
            return kind
    return REFUSED


def missing_driver(url: str) -> UserError:
    """The sentence for a database address whose driver this copy of the program lacks
    (psycopg for PostgreSQL is an optional part: pip install ".[postgres]")."""
    return UserError(
        f"Máy này chưa có trình kết nối cho loại cơ sở dữ liệu “{url.split(':', 1)[0]}” "
        "trong địa chỉ (--db): với PostgreSQL hãy cài thêm psycopg (lệnh "
        'pip install "psycopg[binary]", hoặc cài chương trình bằng pip install '
        '".[postgres]"); chưa có gì thay đổi.'
    )


def check_server(engine: Engine) -> None:
    """For a database on a server, connect once; raise ServerRefused if it refuses.

    Does nothing for SQLite (a file: desktop.services.database checks it). Waits at
    most CONNECT_TIMEOUT_SECONDS for a server that does not answer.
    """
    dialect = engine.dialect
    if dialect.name == "sqlite":
        return
    cargs, cparams = dialect.create_connect_args(engine.url)
    if dialect.name == "postgresql":
        cparams.setdefault("connect_timeout", CONNECT_TIMEOUT_SECONDS)
    try:
        connection = dialect.loaded_dbapi.connect(*cargs, **cparams)
    except dialect.loaded_dbapi.OperationalError as error:
        raise ServerRefused(kind_of(error), engine.url) from None
    connection.close()
