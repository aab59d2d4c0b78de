"""A database server that refuses the connection is one Vietnamese sentence and exit 2,
naming the server, the user and the database, never the password (issue 15, point 5)."""

from __future__ import annotations

import socket
import sys

import pytest
from sqlalchemy import make_url

from desktop.cli import run
from desktop.db.connecting import (
    NO_DATABASE,
    REFUSED,
    UNREACHABLE,
    WRONG_LOGIN,
    ServerRefused,
    check_server,
    kind_of,
)
from desktop.logs import redact
from desktop.services.database import open_database

PASSWORD = "Mk-bi-mat-42"


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens there once the probe is closed


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ('connection to server at "10.0.0.5", port 5432 failed: Connection refused', UNREACHABLE),
        ("failed to resolve host 'may-chu': [Errno -2] Name or service not known", UNREACHABLE),
        ('connection to server at "10.0.0.5", port 5432 failed: timeout expired', UNREACHABLE),
        ('FATAL:  password authentication failed for user "canbo"', WRONG_LOGIN),
        ('FATAL:  role "canbo" does not exist', WRONG_LOGIN),
        ('FATAL:  database "denkhuya" does not exist', NO_DATABASE),
        ("FATAL:  không rõ lý do", REFUSED),
    ],
)
def test_the_drivers_message_tells_why_the_connection_was_refused(message, kind):
    assert kind_of(Exception(message)) == kind


def test_every_sentence_names_server_user_and_database_but_never_the_password():
    url = make_url(f"postgresql+psycopg://canbo:{PASSWORD}@may-chu:5433/denkhuya")
    for kind in (UNREACHABLE, WRONG_LOGIN, NO_DATABASE, REFUSED):
        sentence = str(ServerRefused(kind, url))
        assert "“may-chu:5433”" in sentence
        assert PASSWORD not in sentence
    assert "“canbo”" in str(ServerRefused(WRONG_LOGIN, url))
    assert "“denkhuya”" in str(ServerRefused(NO_DATABASE, url))


def test_without_a_password_the_sentence_points_at_the_password_file():
    url = make_url("postgresql+psycopg://canbo@may-chu:5433/denkhuya")
    sentence = str(ServerRefused(WRONG_LOGIN, url))
    assert "pgpass" in sentence
    assert "mật khẩu đã cho" not in sentence


def test_a_desk_without_the_postgresql_driver_is_told_what_to_install(monkeypatch, capsys):
    # A copy of the program installed without the optional "postgres" part.
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg raises ImportError
    url = f"postgresql+psycopg://canbo:{PASSWORD}@may-chu:5433/denkhuya"
    assert run(["--db", url, "tally"]) == 2
    _, err = capsys.readouterr()
    assert "psycopg" in err and "pip install" in err
    assert "Lỗi không mong đợi" not in err
    assert PASSWORD not in err


def test_the_log_never_keeps_a_database_urls_password():
    line = f"không mở được postgresql+psycopg://canbo:{PASSWORD}@may-chu:5433/denkhuya"
    assert PASSWORD not in redact(line)
    assert "postgresql+psycopg://canbo:" in redact(line)


def test_a_sqlite_file_is_not_checked_as_a_server(database):
    check_server(database.engine)  # nothing to connect to: returns at once


def test_a_server_that_is_not_running_is_a_sentence_and_exit_2(capsys):
    pytest.importorskip("psycopg")
    url = f"postgresql+psycopg://canbo:{PASSWORD}@127.0.0.1:{_closed_port()}/denkhuya"
    with pytest.raises(ServerRefused) as refused:
        open_database(url)
    assert refused.value.kind == UNREACHABLE

    assert run(["--db", url, "tally"]) == 2
    out, err = capsys.readouterr()
    assert err.strip() == str(refused.value)
    assert "Lỗi không mong đợi" not in err
    assert PASSWORD not in out + err


def test_a_wrong_password_is_its_own_sentence_and_exit_2(postgres_server, capsys):
    url = postgres_server.url.set(password=PASSWORD).render_as_string(hide_password=False)
    try:
        open_database(url).close()
    except ServerRefused as error:
        assert error.kind == WRONG_LOGIN
    else:
        pytest.skip("the test server lets this user in without a password (trust)")
    assert run(["--db", url, "tally"]) == 2
    _, err = capsys.readouterr()
    assert "không nhận tên đăng nhập" in err
    assert PASSWORD not in err


def test_a_database_that_does_not_exist_is_its_own_sentence_and_exit_2(postgres_server, capsys):
    url = postgres_server.url_of("denkhuya_khong_co")
    with pytest.raises(ServerRefused) as refused:
        open_database(url)
    assert refused.value.kind == NO_DATABASE
    assert "“denkhuya_khong_co”" in str(refused.value)
    assert run(["--db", url, "tally"]) == 2
    _, err = capsys.readouterr()
    assert err.strip() == str(refused.value)
