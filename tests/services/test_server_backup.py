"""Backup and restore of a database on a PostgreSQL server with pg_dump and pg_restore
(issue 15, point 6): the same checks, summary and audit entries as a SQLite file's,
a refusal with the command to run when the tools are missing, the password never on a
command line or in the log, no automatic copy, and a pg_dump before an upgrade.

The tests that need a server are skipped without DENKHUYA_TEST_PG_URL (or a
DENKHUYA_TEST_DB naming PostgreSQL); they also need pg_dump and pg_restore."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, make_url, select, text

from desktop.cli import run
from desktop.db.models import AuditEntry, Household, Resident
from desktop.db.schema import HEAD_REVISION, alembic_config
from desktop.domain.errors import UserError
from desktop.services import pg_tools, server_backup
from desktop.services.automatic_backup import automatic_backup
from desktop.services.backup import backup_database, check_backup, restore_database
from desktop.services.database import open_database
from desktop.services.progress import Cancelled, Progress
from tests.builders import add_household, add_resident, make_group, make_ward

needs_tools = pytest.mark.skipif(
    shutil.which("pg_dump") is None or shutil.which("pg_restore") is None,
    reason="needs pg_dump and pg_restore (Debian: postgresql-client)",
)


def _fill(database) -> None:
    """Phường Cốc Lếu: two households, three residents."""
    with database.session() as session:
        group = make_group(session, make_ward(session))
        first = add_household(session, group, head="Nguyễn Văn An", personal_id="010080000001")
        add_resident(session, first, "Lò Thị Mai", relation="Vợ", phone="0912345678")
        add_household(session, group, head="Trần Thị Bình", house_number="3")


def _names(database) -> list[str]:
    with database.session() as session:
        return list(session.scalars(select(Resident.full_name).order_by(Resident.id)))


def _actions(database) -> list[tuple[str, str | None]]:
    with database.session() as session:
        rows = session.execute(select(AuditEntry.action, AuditEntry.source).order_by(AuditEntry.id))
        return [tuple(row) for row in rows]


def _no_tools(monkeypatch) -> None:
    monkeypatch.setattr(pg_tools, "tool_candidates", lambda name: [])


@pytest.fixture
def filled(postgres_database):
    _fill(postgres_database)
    return postgres_database


@pytest.fixture
def usb(tmp_path: Path) -> Path:
    folder = tmp_path / "usb"
    folder.mkdir()
    return folder


# Backing up and restoring --------------------------------------------------------------


@needs_tools
def test_a_backup_restored_brings_the_data_back_and_keeps_the_data_it_replaced(filled, usb):
    target = usb / "sao-luu.dump"

    summary = backup_database(filled, target)

    assert (summary.ward_name, summary.households, summary.residents) == ("Cốc Lếu", 2, 3)
    assert summary.revision == HEAD_REVISION and summary.size_bytes == target.stat().st_size
    assert target.read_bytes().startswith(b"PGDMP")
    assert _actions(filled)[-1] == ("backup", str(target))
    before = _names(filled)
    with filled.session() as session:  # the evening goes on after the backup
        session.execute(text("UPDATE resident SET full_name = 'Sửa sau sao lưu' WHERE id = 1"))
        add_household(session, session.get(Household, 1).group, head="Hà Văn Mới", house_number="9")

    result = restore_database(filled, target)

    assert _names(filled) == before
    assert _actions(filled)[-1] == ("restore", str(target))
    assert (result.backup.households, result.backup.residents) == (2, 3)
    assert "secret" not in str(result.database) and "***" in str(result.database)
    kept = check_backup(result.safety_copy)  # the data it replaced, a backup like any other
    assert (kept.households, kept.residents) == (3, 4)
    assert result.safety_copy.parent.name == server_backup.SERVER_COPIES_FOLDER


@needs_tools
def test_check_backup_reads_a_dump_and_says_what_it_holds(filled, usb):
    target = usb / "sao-luu.dump"
    backup_database(filled, target)

    summary = check_backup(target)

    assert (summary.ward_label, summary.station_name) == (
        "phường Cốc Lếu",
        "Công an phường Cốc Lếu",
    )
    assert (summary.households, summary.residents, summary.encrypted) == (2, 3, False)
    assert summary.newest_change is not None


@needs_tools
def test_a_damaged_dump_is_refused_and_the_data_is_left_alone(filled, usb):
    target = usb / "sao-luu.dump"
    backup_database(filled, target)
    whole = target.read_bytes()
    target.write_bytes(whole[: len(whole) * 2 // 3])  # the stick was pulled out midway

    with pytest.raises(UserError, match="bị hỏng, không đọc được trọn vẹn"):
        restore_database(filled, target)

    assert len(_names(filled)) == 3
    assert _actions(filled)[-1][0] == "backup"


@needs_tools
def test_a_dump_of_another_programs_database_is_refused(postgres_server, usb):
    url = postgres_server.empty_database()
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE hang_hoa (id int primary key, ten text)"))
    engine.dispose()
    target = usb / "khac.dump"
    server = pg_tools.Server.from_url(url)
    server_backup.dump(Path(shutil.which("pg_dump")), server, target, Progress(), 1, (0, 1))
    postgres_server.drop(url)

    with pytest.raises(UserError, match="không phải dữ liệu của Đèn Khuya"):
        check_backup(target)


@needs_tools
def test_a_cancelled_backup_leaves_no_file(filled, usb):
    class CancelOnceDumping(Progress):
        def show(self, done, total, text):
            if done > 0:
                self.cancel()

    with pytest.raises(Cancelled):
        backup_database(filled, usb / "sao-luu.dump", CancelOnceDumping())

    assert list(usb.iterdir()) == []
    assert _actions(filled)[-1][0] != "backup"


@needs_tools
def test_the_password_goes_to_the_tools_environment_never_their_arguments_or_the_log(
    filled, usb, monkeypatch, caplog
):
    password = make_url(filled.url).password
    assert password
    started = []
    real_start = pg_tools.start_tool

    def watch(argv, environment, **streams):
        started.append((argv, environment))
        return real_start(argv, environment, **streams)

    monkeypatch.setattr(pg_tools, "start_tool", watch)
    caplog.set_level(logging.DEBUG, logger="desktop")

    backup_database(filled, usb / "sao-luu.dump")
    restore_database(filled, usb / "sao-luu.dump")

    assert started
    for argv, _environment in started:
        assert not any(password in argument for argument in argv)
    connected = [environment for argv, environment in started if "--no-password" in argv]
    assert connected and all(env["PGPASSWORD"] == password for env in connected)
    assert "pg_dump" in caplog.text and password not in caplog.text


# Refusals ------------------------------------------------------------------------------


def test_without_the_tools_the_refusal_gives_the_command_to_run(monkeypatch):
    _no_tools(monkeypatch)
    command = 'pg_dump -Fc -h may-chu -p 5432 -U canbo -d denkhuya -f "/usb/a.dump"'

    with pytest.raises(UserError) as refused:
        pg_tools.find_tool("pg_dump", 15, command)

    assert "không tìm thấy pg_dump" in str(refused.value)
    assert str(refused.value).endswith(f"hoặc tự chạy lệnh: {command}")
    assert "C:\\Program Files\\PostgreSQL\\15\\bin" in str(refused.value)


def test_a_tool_older_than_the_server_is_not_used(monkeypatch, tmp_path):
    old = tmp_path / "pg_dump"
    monkeypatch.setattr(pg_tools, "tool_candidates", lambda name: [old])
    monkeypatch.setattr(pg_tools, "tool_version", lambda program: 14)

    with pytest.raises(UserError, match="chỉ có pg_dump bản 14, cũ hơn máy chủ PostgreSQL 16"):
        pg_tools.find_tool("pg_dump", 16, "pg_dump …")


def test_the_command_shown_names_server_user_and_database_but_not_the_password():
    server = pg_tools.Server.from_url(
        "postgresql+psycopg://canbo:Mk-bi-mat-42@may-chu:5433/den_khuya?sslmode=require"
    )
    command = pg_tools.backup_command(server, Path("/usb/a.dump"))

    assert command == 'pg_dump -Fc -h may-chu -p 5433 -U canbo -d den_khuya -f "/usb/a.dump"'
    assert "Mk-bi-mat-42" not in " ".join(server.arguments())
    environment = server.environment()
    assert (environment["PGPASSWORD"], environment["PGSSLMODE"]) == ("Mk-bi-mat-42", "require")


@pytest.mark.sqlite_only
def test_a_dump_is_never_restored_into_a_sqlite_file(database, tmp_path):
    fake = tmp_path / "may-chu.dump"
    fake.write_bytes(b"PGDMP" + bytes(100))

    with pytest.raises(UserError, match="chỉ khôi phục được nó vào cơ sở dữ liệu trên máy chủ"):
        restore_database(database, fake)


def test_checking_a_dump_without_pg_restore_gives_the_command(tmp_path, monkeypatch):
    _no_tools(monkeypatch)
    dump = tmp_path / "may-chu.dump"
    dump.write_bytes(b"PGDMP" + bytes(100))

    with pytest.raises(UserError) as refused:
        check_backup(dump)

    assert str(refused.value).startswith("Không tìm thấy pg_restore")
    assert str(refused.value).endswith(f'tự kiểm tra bằng lệnh: pg_restore --list "{dump}"')


@needs_tools
def test_backup_without_pg_dump_refuses_and_writes_nothing(filled, usb, monkeypatch):
    _no_tools(monkeypatch)
    target = usb / "sao-luu.dump"
    server = pg_tools.Server.from_url(filled.url)

    with pytest.raises(UserError) as refused:
        backup_database(filled, target)

    assert str(refused.value).endswith(f"tự chạy lệnh: {pg_tools.backup_command(server, target)}")
    assert list(usb.iterdir()) == []


@needs_tools
def test_a_sqlite_backup_is_not_restored_onto_a_server(filled, tmp_path):
    sqlite_backup = tmp_path / "tram.sqlite3"
    other = open_database(f"sqlite:///{tmp_path / 'tram-don.sqlite3'}")
    try:
        _fill(other)
        backup_database(other, sqlite_backup)
    finally:
        other.close()

    with pytest.raises(UserError, match="không phải là bản sao lưu của cơ sở dữ liệu trên máy chủ"):
        restore_database(filled, sqlite_backup)
    assert len(_names(filled)) == 3


@needs_tools
def test_restore_is_refused_while_another_desk_is_connected(filled, usb):
    backup_database(filled, usb / "sao-luu.dump")
    other_desk = create_engine(filled.url)
    with other_desk.connect() as connection:
        connection.execute(text("SELECT 1"))

        with pytest.raises(
            UserError,
            match=f"Đang có 1 kết nối khác vào cơ sở dữ liệu “{make_url(filled.url).database}”",
        ):
            restore_database(filled, usb / "sao-luu.dump")
    other_desk.dispose()
    assert _actions(filled)[-1][0] == "backup"  # nothing restored, nothing recorded


@needs_tools
def test_no_automatic_copy_is_made_on_a_server(filled):
    assert automatic_backup(filled) is None


# Older versions ------------------------------------------------------------------------


def _migrated_to(url: str, revision: str) -> None:
    from alembic import command

    engine = create_engine(url)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()


def _previous_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_revision(HEAD_REVISION).down_revision


@needs_tools
def test_an_older_database_on_a_server_is_dumped_before_it_is_upgraded(postgres_server):
    url = postgres_server.empty_database()
    older = _previous_revision()
    _migrated_to(url, older)

    database = open_database(url)
    try:
        copy = database.backup_before_upgrade
        assert copy is not None and copy.suffix == ".dump"
        assert f".truoc-nang-cap-{older}-" in copy.name
        assert check_backup(copy).revision == older
    finally:
        database.close()
        postgres_server.drop(url)


@needs_tools
def test_without_pg_dump_an_older_database_is_not_upgraded(postgres_server, monkeypatch):
    url = postgres_server.empty_database()
    older = _previous_revision()
    _migrated_to(url, older)
    _no_tools(monkeypatch)

    with pytest.raises(UserError, match="không tìm thấy pg_dump"):
        open_database(url)

    engine = create_engine(url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == older
    engine.dispose()
    postgres_server.drop(url)


@needs_tools
def test_a_backup_of_an_older_version_is_restored_and_upgraded(postgres_server, filled, usb):
    url = postgres_server.empty_database()
    older = _previous_revision()
    _migrated_to(url, older)
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO ward (code, name, kind, province, station_name) "
                "VALUES ('KIMTAN', 'Kim Tân', 'Phường', 'Lào Cai', 'Công an phường Kim Tân')"
            )
        )
    engine.dispose()
    target = usb / "cu.dump"
    server_backup.dump(
        Path(shutil.which("pg_dump")), pg_tools.Server.from_url(url), target, Progress(), 1,
        (0, 1),
    )  # fmt: skip
    postgres_server.drop(url)

    result = restore_database(filled, target)

    assert (result.backup.revision, result.backup.ward_name) == (older, "Kim Tân")
    with filled.session() as session:
        assert session.scalar(text("SELECT version_num FROM alembic_version")) == HEAD_REVISION
        assert session.scalar(select(func.count()).select_from(Household)) == 0
    assert _actions(filled)[-1] == ("restore", str(target))
    desk_copies = result.safety_copy.parent
    database_name = result.safety_copy.name.split(".truoc-")[0]
    assert not list(desk_copies.glob(f"{database_name}.truoc-nang-cap-*"))  # the backup is kept


# The command line ----------------------------------------------------------------------


@pytest.fixture
def url(filled) -> str:
    filled.close()
    return filled.url


@needs_tools
def test_cli_backup_and_restore_of_a_server(url, usb, capsys):
    assert run(["--db", url, "backup", "--out", str(usb)]) == 0
    (written,) = usb.iterdir()
    assert written.suffix == ".dump"
    out = capsys.readouterr().out
    assert out == f"Đã sao lưu dữ liệu phường Cốc Lếu (2 hộ, 3 nhân khẩu) vào {written}.\n"

    assert run(["--db", url, "restore", str(written)]) == 2  # without --yes: only says
    captured = capsys.readouterr()
    assert captured.out == "" and "Số hộ: 2; nhân khẩu: 3" in captured.err

    assert run(["--db", url, "restore", str(written), "--yes", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["households"], data["residents"]) == (2, 3)
    assert Path(data["safety_copy"]).is_file()
    assert "secret" not in data["database"]


@needs_tools
def test_cli_backup_without_pg_dump_exits_2_with_the_command(url, usb, capsys, monkeypatch):
    _no_tools(monkeypatch)
    password = make_url(url).password

    assert run(["--db", url, "backup", "--out", str(usb / "a.dump")]) == 2

    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1
    assert "tự chạy lệnh: pg_dump -Fc " in captured.err and password not in captured.err
    assert list(usb.iterdir()) == []


@needs_tools
def test_cli_restore_while_another_desk_is_connected_exits_2(url, usb, capsys):
    assert run(["--db", url, "backup", "--out", str(usb / "a.dump")]) == 0
    other_desk = create_engine(url)
    with other_desk.connect():
        assert run(["--db", url, "restore", str(usb / "a.dump"), "--yes"]) == 2
    other_desk.dispose()
    assert "Đang có 1 kết nối khác vào cơ sở dữ liệu" in capsys.readouterr().err
