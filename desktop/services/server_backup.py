"""Backing up and restoring a database on a PostgreSQL server with the server's own tools.

A station whose desks share one PostgreSQL database backs it up with `pg_dump` in its
custom format (`-Fc`: compressed, one file, read back by `pg_restore`), written under
a temporary name and renamed at the end like every file the desk writes. The copy is
then read back whole with `pg_restore`, which needs no server: its table of contents
must hold this program's tables, its `alembic_version` a revision this version knows,
and every table's data must decompress; the summary the user recognises a backup by
(ward, households, residents, newest change) is counted from the same pass. The audit
trail records where it went, as for a SQLite file (desktop.services.backup).

A restore checks the backup the same way, refuses while another desk (any other
client) is connected to the database, keeps the current data aside with `pg_dump`
(the safety copy, in the data folder of this desk), and runs `pg_restore --clean
--if-exists --single-transaction`: a failure, Cancel or a crash midway leaves the
data as it was. A backup of an older version is restored onto an emptied schema (its
tables would not replace the newer ones the later versions added) and upgraded; should
that fail, the safety copy is put back. The restore is then written to the audit trail.

Finding and running the tools is desktop.services.pg_tools: without them, backup and
restore refuse with the command to run by hand, and the password never reaches a
command line or the log.

An older database on a server is copied with `pg_dump` before it is upgraded
(`copy_before_upgrade`, called by desktop.db.schema.upgrade_database under the
migration lock). No automatic daily copy is made on a server: the station backs the
server up as a whole (desktop.services.automatic_backup).
"""

from __future__ import annotations

import re
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, make_url, text

from desktop.data_folder import private_folder, user_data_folder
from desktop.db.engine import make_engine
from desktop.domain.errors import UserError
from desktop.domain.names import fold
from desktop.logs import log
from desktop.services import pg_tools
from desktop.services.output_files import check_target, written_in_place
from desktop.services.pg_tools import (
    DUMP,
    NO_WINDOW,
    RESTORE,
    Server,
    backup_command,
    find_tool,
    offline_environment,
    restore_command,
    run_tool,
    server_major,
    tool_failure,
)
from desktop.services.progress import Cancelled, Progress

if TYPE_CHECKING:
    from desktop.services.backup import BackupSummary, RestoreResult
    from desktop.services.database import Database

DUMP_SUFFIX = ".dump"
DUMP_MAGIC = b"PGDMP"  # the first bytes of a pg_dump archive
# Where this desk keeps the copies of a server's data it makes before a restore or an
# upgrade (a server has no folder of ours beside its database).
SERVER_COPIES_FOLDER = "sao-luu-may-chu"
_SCALE = 1000


def is_server(url: str) -> bool:
    """A database on a PostgreSQL server (its backups are pg_dump's)."""
    return make_url(url).get_backend_name() == "postgresql"


def is_dump(path: Path) -> bool:
    """A pg_dump archive in the custom format (what backup_server writes)."""
    try:
        with Path(path).open("rb") as file:
            return file.read(len(DUMP_MAGIC)) == DUMP_MAGIC
    except OSError:
        return False


def shown_url(url: str) -> str:
    """The database's URL as the user may see it: the password hidden."""
    return make_url(url).render_as_string(hide_password=True)


def check_tools(database: Database, restoring: bool = False) -> None:
    """Refuse (UserError, with the command to run by hand) before a backup or a restore
    is begun on a machine without the tools it needs."""
    server = Server.from_url(database.url)
    major = server_major(database.engine)
    placeholder = Path(f"TỆP{DUMP_SUFFIX}")
    command = (
        restore_command(server, placeholder) if restoring else backup_command(server, placeholder)
    )
    for name in (DUMP, RESTORE):
        find_tool(name, major, command)


# Backing up ----------------------------------------------------------------------------


def backup_server(database: Database, target: Path, progress: Progress) -> BackupSummary:
    """pg_dump the database into `target` (custom format), read it back, and return what
    it holds; desktop.services.backup.backup_database records it in the audit trail.

    Refuses (UserError, nothing written) a target that is a folder, in a missing or
    unwritable folder, or an existing file that is not an earlier pg_dump archive;
    a machine without pg_dump and pg_restore (the sentence gives the command to run);
    and what the server refuses. Cancelled from `progress` leaves no file behind."""
    target = Path(target).absolute()
    check_target(target, "tên tệp sao lưu")
    if target.exists() and not is_dump(target):
        raise UserError(
            f"Tệp “{target.name}” đã có và không phải bản sao lưu của Đèn Khuya; sao lưu không "
            "ghi đè lên tệp này, hãy chọn tên tệp khác."
        )
    server = Server.from_url(database.url)
    major = server_major(database.engine)
    pg_dump = find_tool(DUMP, major, backup_command(server, target))
    pg_restore = find_tool(RESTORE, major, backup_command(server, target))
    tables = _table_count(database.engine)
    busy = (
        f"Không ghi đè được tệp “{target}” (đang mở ở chương trình khác?); hãy đóng nó rồi thử lại."
    )
    with written_in_place(target, busy) as temporary:
        dump(pg_dump, server, temporary, progress, tables, (0, 800))
        summary = read_dump(temporary, pg_restore, progress, (800, 1000), shown_as=target)
    return replace(summary, path=target, size_bytes=target.stat().st_size)


def dump(
    pg_dump: Path,
    server: Server,
    target: Path,
    progress: Progress,
    tables: int,
    share: tuple[int, int],
    text: str = "Đang sao lưu dữ liệu trên máy chủ…",
) -> None:
    """Write the database into `target` with pg_dump, in the custom format."""
    done = 0
    start, end = share
    progress.step(start, _SCALE, text)

    def on_line(line: str) -> None:
        nonlocal done
        if "dumping contents of table" in line:
            done += 1
            progress.step(start + (end - start) * min(done, tables) // max(tables, 1), _SCALE, text)

    argv = [str(pg_dump), "--format=custom", "--no-password", "--verbose"]
    argv += [*server.arguments(), f"--file={target}"]
    finished = run_tool(argv, server, progress, on_line)
    if finished.code != 0:
        raise tool_failure(DUMP, finished, server, "Chưa sao lưu được dữ liệu trên máy chủ")


def _table_count(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.execute(
            text("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()")
        ).scalar_one()


# Reading a backup ----------------------------------------------------------------------


def check_dump(path: Path, progress: Progress) -> BackupSummary:
    """check_backup for a pg_dump archive: read whole by pg_restore (no server needed),
    it must be this program's data at a revision this version knows; say what it
    holds. Refuses (UserError) without pg_restore, and a damaged or foreign archive."""
    path = Path(path).absolute()
    pg_restore = _any_restore_tool(path)
    return read_dump(path, pg_restore, progress, (0, _SCALE))


def _any_restore_tool(path: Path) -> Path:
    """pg_restore to read an archive with (it needs no server: any version that reads
    the archive's format will do, newest first)."""
    for program in pg_tools.tool_candidates(RESTORE):
        if pg_tools.tool_version(program) is not None:
            return program
    raise UserError(
        f"Không tìm thấy pg_restore (công cụ của PostgreSQL) trên máy này để đọc bản sao lưu "
        f"của máy chủ “{path.name}”; hãy cài PostgreSQL (Windows: thư mục “C:\\Program "
        f"Files\\PostgreSQL\\<số phiên bản>\\bin”; Debian: gói postgresql-client), hoặc tự "
        f'kiểm tra bằng lệnh: pg_restore --list "{path}"'
    )


def read_dump(
    path: Path,
    pg_restore: Path,
    progress: Progress,
    share: tuple[int, int],
    shown_as: Path | None = None,
) -> BackupSummary:
    """The checks of a pg_dump archive and what it holds (see check_dump)."""
    from desktop.services.backup import REQUIRED_TABLES, known_revisions

    shown = shown_as or path
    if not path.is_file():
        raise UserError(f"Không tìm thấy tệp sao lưu “{path}”; hãy kiểm tra lại tên và thư mục.")
    if not is_dump(path):
        raise UserError(
            f"Tệp “{shown.name}” không phải là bản sao lưu của cơ sở dữ liệu trên máy chủ "
            "(bản do pg_dump tạo); hãy chọn bản sao lưu làm trên máy chủ."
        )
    listing = _listing(path, pg_restore, shown)
    if REQUIRED_TABLES - listing.tables or "alembic_version" not in listing.tables:
        raise UserError(
            f"Tệp “{shown.name}” là bản sao lưu PostgreSQL nhưng không phải dữ liệu của Đèn "
            "Khuya; hãy chọn bản sao lưu của Đèn Khuya."
        )
    contents = _contents(path, pg_restore, progress, share, len(listing.data), shown)
    if contents.revision is None:
        raise UserError(
            f"Tệp “{shown.name}” là bản sao lưu PostgreSQL nhưng không phải dữ liệu của Đèn "
            "Khuya; hãy chọn bản sao lưu của Đèn Khuya."
        )
    if contents.revision not in known_revisions():
        raise UserError(
            f"Bản sao lưu “{shown.name}” được tạo bởi phiên bản Đèn Khuya mới hơn; hãy cài "
            "phiên bản mới nhất rồi khôi phục."
        )
    return contents.summary(path)


@dataclass(frozen=True)
class _Listing:
    tables: set[str]
    data: set[str]  # the tables whose rows it holds


_TOC_ENTRY = re.compile(r"^\d+;\s+\d+\s+\d+\s+(TABLE DATA|TABLE)\s+\S+\s+(\S+)\s")


def _listing(path: Path, pg_restore: Path, shown: Path) -> _Listing:
    """The archive's table of contents (`pg_restore --list`)."""
    answer = subprocess.run(
        [str(pg_restore), "--list", str(path)],
        capture_output=True,
        env=offline_environment(),
        creationflags=NO_WINDOW,
    )
    if answer.returncode != 0:
        log.warning("pg_restore --list: %s", answer.stderr.decode("utf-8", "replace")[:500])
        raise UserError(_damaged(shown))
    tables: set[str] = set()
    data: set[str] = set()
    for line in answer.stdout.decode("utf-8", "replace").splitlines():
        match = _TOC_ENTRY.match(line)
        if match:
            (data if match.group(1) == "TABLE DATA" else tables).add(match.group(2))
    return _Listing(tables, data)


def _damaged(path: Path) -> str:
    return f"Tệp sao lưu “{path.name}” bị hỏng, không đọc được trọn vẹn; hãy dùng bản sao lưu khác."


@dataclass
class _Contents:
    revision: str | None = None
    ward: tuple[str | None, str | None, str | None] | None = None  # kind, name, station
    ward_id: int | None = None
    households: int = 0
    residents: int = 0
    newest: str | None = None

    def summary(self, path: Path) -> BackupSummary:
        from desktop.services.backup import BackupSummary, local_time

        kind, name, station = self.ward or (None, None, None)
        return BackupSummary(
            path=path,
            revision=self.revision or "",
            ward_kind=kind,
            ward_name=name,
            station_name=station,
            households=self.households,
            residents=self.residents,
            newest_change=local_time(self.newest),
            size_bytes=path.stat().st_size,
        )


_COPY = re.compile(r'^COPY (?:[\w"]+\.)?"?(\w+)"? \((.*)\) FROM stdin;$')


def _contents(
    path: Path,
    pg_restore: Path,
    progress: Progress,
    share: tuple[int, int],
    tables: int,
    shown: Path,
) -> _Contents:
    """Every table's rows, decompressed by `pg_restore --data-only` as the COPY text a
    restore would send; the rows of the few tables the summary needs are read."""
    start, end = share
    text_shown = "Đang kiểm tra bản sao lưu…"
    progress.step(start, _SCALE, text_shown)
    argv = [str(pg_restore), "--data-only", "--file=-", str(path)]
    process = pg_tools.start_tool(
        argv,
        offline_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    errors: list[bytes] = []
    reader = threading.Thread(target=lambda: errors.append(process.stderr.read()), daemon=True)
    contents = _Contents()
    done = 0
    with process:  # its pipes closed and the process waited for, whatever happens
        reader.start()
        try:
            assert process.stdout is not None
            for table, columns, rows in _copies(process.stdout):
                done += 1
                shown_at = start + (end - start) * min(done, tables) // max(tables, 1)
                progress.step(shown_at, _SCALE, text_shown)
                _read_table(contents, table, columns, rows, progress)
        except BaseException:
            process.kill()
            raise
        finally:
            reader.join(timeout=5)
    if process.returncode != 0:
        log.warning("pg_restore --data-only: %s", b"".join(errors)[:500].decode("utf-8", "replace"))
        raise UserError(_damaged(shown))
    return contents


def _copies(stream: Any) -> Iterator[tuple[str, list[str], Iterator[bytes]]]:
    """(table, columns, its rows) for each COPY block of a pg_restore script."""
    lines = iter(stream)
    for line in lines:
        if not line.startswith(b"COPY "):
            continue
        match = _COPY.match(line.decode("utf-8", "replace").rstrip("\n"))
        if match is None:
            continue
        columns = [column.strip().strip('"') for column in match.group(2).split(",")]
        rows = _rows_until_end(lines)
        yield match.group(1), columns, rows
        for _ in rows:  # what the reader of this table did not need
            pass


def _rows_until_end(lines: Iterator[bytes]) -> Iterator[bytes]:
    for line in lines:
        if line == b"\\.\n":
            return
        yield line


def _read_table(
    contents: _Contents, table: str, columns: list[str], rows: Iterator[bytes], progress: Progress
) -> None:
    if table == "household":
        contents.households = _count(rows, progress)
    elif table == "resident":
        contents.residents = _count(rows, progress)
    elif table == "alembic_version":
        for row in rows:
            contents.revision = _values(row)[0]
    elif table == "ward":
        at = {name: columns.index(name) for name in ("id", "kind", "name", "station_name")}
        for row in rows:
            values = _values(row)
            ward_id = int(values[at["id"]] or 0)
            if contents.ward_id is None or ward_id < contents.ward_id:
                contents.ward_id = ward_id
                contents.ward = (values[at["kind"]], values[at["name"]], values[at["station_name"]])
    elif table == "audit_entry":
        position = columns.index("at")
        newest = contents.newest or ""
        for row in rows:
            moment = row.split(b"\t", position + 1)[position].decode()
            newest = max(newest, moment)
        contents.newest = newest or None


def _count(rows: Iterator[bytes], progress: Progress) -> int:
    counted = 0
    for counted, _row in enumerate(rows, 1):
        if counted % 50_000 == 0 and progress.cancelled:
            raise Cancelled
    return counted


_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "\\": "\\", "b": "\b", "f": "\f", "v": "\v"}


def _values(row: bytes) -> list[str | None]:
    """One row of COPY text: tab-separated, \\N for NULL, backslash escapes."""
    return [
        None
        if field == "\\N"
        else re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), field)
        for field in row.decode("utf-8").rstrip("\n").split("\t")
    ]


# Restoring -----------------------------------------------------------------------------


def safety_copy_path(database_url: str, now: datetime | None = None) -> Path:
    """Where a restore keeps the server's current data: in this desk's data folder,
    `sao-luu-may-chu/<database>.truoc-khoi-phuc-<stamp>.dump`."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return (
        _copies_folder()
        / f"{_slug(Server.from_url(database_url))}.truoc-khoi-phuc-{stamp}{DUMP_SUFFIX}"
    )


def _copies_folder() -> Path:
    return user_data_folder() / SERVER_COPIES_FOLDER


def _slug(server: Server) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in fold(server.database)).split())


def restore_server(
    database: Database | str,
    backup: Path,
    progress: Progress,
    safety_copy: Path | None = None,
) -> RestoreResult:
    """Replace the data of the database on the server with a pg_dump backup (see the
    module's docstring); return what was restored and where the data before it went.

    Refuses (UserError, nothing changed): what check_dump refuses, a machine without
    pg_dump or pg_restore (with the command to run), and a database other desks are
    connected to. Cancelled from `progress` leaves the data as it was (a finished
    safety copy stays)."""
    from desktop.services.backup import RestoreResult

    opened = database if not isinstance(database, str) else None
    url = opened.url if opened is not None else str(database)
    engine = opened.engine if opened is not None else make_engine(url)
    backup = Path(backup).absolute()
    server = Server.from_url(url)
    try:
        major = server_major(engine)
        pg_restore = find_tool(RESTORE, major, restore_command(server, backup))
        pg_dump = find_tool(DUMP, major, restore_command(server, backup))
        summary = read_dump(backup, pg_restore, progress, (0, 150))
        current_revision = _stored_revision(engine)
        tables = _table_count(engine)
        engine.dispose()  # this desk's own connections are not "another desk"
        refuse_other_desks(engine, server)
        kept = Path(safety_copy or safety_copy_path(url)).absolute()
        private_folder(kept.parent)
        busy = f"Không ghi được bản an toàn “{kept}”; hãy thử lại."
        with written_in_place(kept, busy) as temporary:
            dump(pg_dump, server, temporary, progress, tables, (150, 500),
                 "Đang chép dữ liệu hiện tại sang bản an toàn…")  # fmt: skip
        refuse_other_desks(engine, server)
        if summary.revision == current_revision:
            _restore(pg_restore, server, backup, progress, (500, 950))
        else:  # an older version's data: onto an emptied schema, the safety copy behind it
            _restore_onto_emptied(engine, pg_restore, server, backup, kept, progress)
    finally:
        engine.dispose()
    progress.show(950, _SCALE, "Đang mở dữ liệu đã khôi phục…")
    _open_and_record(url, backup, kept)
    return RestoreResult(backup=summary, database=shown_url(url), safety_copy=kept)


def _stored_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def refuse_other_desks(engine: Engine, server: Server) -> None:
    """Refuse (UserError) while another client is connected to the database: a restore
    replaces every table under it. The addresses are named when the server shows them
    (to the same user, or one with pg_read_all_stats)."""
    with engine.connect() as connection:
        others = list(
            connection.execute(
                text(
                    "SELECT host(client_addr) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                    "AND backend_type = 'client backend'"
                )
            ).scalars()
        )
    engine.dispose()
    if others:
        addresses = sorted({address for address in others if address})
        where = f" (từ {', '.join(addresses)})" if addresses else ""
        raise UserError(
            f"Đang có {len(others)} kết nối khác vào cơ sở dữ liệu “{server.database}”{where}; "
            "hãy đóng Đèn Khuya ở các bàn làm việc khác rồi thử lại: khôi phục thay toàn bộ "
            "dữ liệu dùng chung."
        )


def _restore(
    pg_restore: Path,
    server: Server,
    backup: Path,
    progress: Progress,
    share: tuple[int, int],
    clean: bool = True,
) -> None:
    """pg_restore the archive into the database in one transaction."""
    start, end = share
    total = max(len(_listing(backup, pg_restore, backup).data), 1)
    done = 0
    shown = "Đang khôi phục dữ liệu…"
    progress.step(start, _SCALE, shown)

    def on_line(line: str) -> None:
        nonlocal done
        if "processing data for table" in line:
            done += 1
            progress.step(start + (end - start) * min(done, total) // total, _SCALE, shown)

    argv = [str(pg_restore), "--single-transaction", "--exit-on-error", "--no-password"]
    argv += ["--no-owner", "--no-privileges", "--verbose"]
    argv += ["--clean", "--if-exists"] if clean else []
    argv += [*server.arguments(), str(backup)]
    finished = run_tool(argv, server, progress, on_line)
    if finished.code != 0:
        raise tool_failure(
            RESTORE, finished, server, "Chưa khôi phục được, dữ liệu hiện tại vẫn giữ nguyên"
        )


def _restore_onto_emptied(
    engine: Engine,
    pg_restore: Path,
    server: Server,
    backup: Path,
    kept: Path,
    progress: Progress,
) -> None:
    """Empty the schema, then restore; on any failure or Cancel, put the safety copy
    back (it is this version's schema and data, restored in one transaction)."""
    _empty_schema(engine)
    try:
        _restore(pg_restore, server, backup, progress, (550, 950), clean=False)
    except BaseException:
        _empty_schema(engine)
        _restore(pg_restore, server, kept, Progress(), (550, 950), clean=False)
        raise


def _empty_schema(engine: Engine) -> None:
    """Drop this program's tables, functions and types from the schema in one
    transaction (what belongs to an extension stays with it)."""
    with engine.begin() as connection:
        for statement in connection.execute(text(_DROP_STATEMENTS)).scalars().all():
            connection.execute(text(statement))
    engine.dispose()


_NOT_AN_EXTENSIONS = (
    "NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = {oid} AND d.deptype = 'e')"
)
_DROP_STATEMENTS = f"""
SELECT 'DROP TABLE IF EXISTS ' || quote_ident(c.relname) || ' CASCADE'
  FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
   AND {_NOT_AN_EXTENSIONS.format(oid="c.oid")}
UNION ALL
SELECT 'DROP ROUTINE IF EXISTS ' || p.oid::regprocedure::text || ' CASCADE'
  FROM pg_proc p WHERE p.pronamespace = current_schema()::regnamespace
   AND {_NOT_AN_EXTENSIONS.format(oid="p.oid")}
UNION ALL
SELECT 'DROP TYPE IF EXISTS ' || quote_ident(t.typname) || ' CASCADE'
  FROM pg_type t WHERE t.typnamespace = current_schema()::regnamespace AND t.typtype IN ('e', 'd')
   AND {_NOT_AN_EXTENSIONS.format(oid="t.oid")}
"""


def _open_and_record(url: str, backup: Path, kept: Path) -> None:
    """Open the restored data as the program does (an older version's is upgraded; its
    upgrade copy is not kept, the backup itself is) and write the restore to its audit
    trail."""
    from desktop.services import audit
    from desktop.services.backup import RESTORE_ACTION
    from desktop.services.database import open_database

    restored = open_database(url)
    try:
        if restored.backup_before_upgrade is not None:
            restored.backup_before_upgrade.unlink(missing_ok=True)
        with restored.session() as session:
            audit.record_change(
                session,
                action=RESTORE_ACTION,
                reason=RESTORE_ACTION,
                entity_type="database",
                entity_key=None,
                changes={"safety_copy": [None, str(kept)]},
                source=str(backup),
            )
    finally:
        restored.close()


# Before an upgrade ---------------------------------------------------------------------


def copy_before_upgrade(engine: Engine, revision: str) -> Path | None:
    """pg_dump an older database on a server before it is upgraded, into this desk's
    data folder (`sao-luu-may-chu/<database>.truoc-nang-cap-<revision>-<stamp>.dump`);
    None for a database that is not on a PostgreSQL server. Refuses (UserError, the
    upgrade not begun) on a machine without pg_dump, with the command to run."""
    if engine.dialect.name != "postgresql":
        return None
    server = Server.from_url(engine.url.render_as_string(hide_password=False))
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = private_folder(_copies_folder())
    target = folder / f"{_slug(server)}.truoc-nang-cap-{revision}-{stamp}{DUMP_SUFFIX}"
    pg_dump = find_tool(DUMP, server_major(engine), backup_command(server, target))
    busy = f"Không ghi được bản sao trước khi nâng cấp “{target}”; hãy thử lại."
    with written_in_place(target, busy) as temporary:
        dump(pg_dump, server, temporary, Progress(), _table_count(engine), (0, _SCALE))
    return target
