"""Bringing a database to the schema this version of the program expects.

A fresh database is created by running every Alembic migration; an older one is
copied next to itself before it is upgraded (an encrypted one into an encrypted
container, desktop.db.encryption.write_copy: no plain copy is ever made); one made by a
newer version of the program is refused, because this version cannot know what its
tables mean.

Start-up only reads the stored revision: Alembic itself (a quarter of a second to
import) is loaded when there is something to upgrade.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from desktop.db.engine import sqlite_file
from desktop.db.writing import lock_for_writing

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")

# The newest migration in migrations/versions; tests/db/test_migrations.py checks it.
HEAD_REVISION = "0010"


class DatabaseTooNew(Exception):
    """The database was written by a newer version of the program."""


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def current_revision(engine: Engine) -> str | None:
    """The revision stored in the database; None for a database without one."""
    with engine.connect() as connection:
        return _stored_revision(connection)


def _stored_revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade_database(
    engine: Engine,
    key: bytes | None = None,
    note: Callable[[Path], None] | None = None,
    copy_server: Callable[[Engine, str], Path | None] | None = None,
) -> Path | None:
    """Upgrade to the newest schema; return the backup copy made first, if any.

    `key`: the data key of an encrypted database file (its copy is encrypted too);
    `note` is told the temporary files the copy makes; `copy_server(engine, revision)`
    copies a database on a server (pg_dump: desktop.services.server_backup), under the
    lock. Raises DatabaseTooNew (with a Vietnamese message) for a database this version
    does not know.
    """
    if current_revision(engine) == HEAD_REVISION:
        return None
    from alembic import command
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    config = alembic_config()
    with engine.begin() as connection:
        # Two desks (or a desk and a command) opening a new or older database at once:
        # the second waits here, then finds the schema already upgraded.
        lock_for_writing(connection)
        current = _stored_revision(connection)
        if current == HEAD_REVISION:
            return None
        if current is not None and current not in {rev.revision for rev in script.walk_revisions()}:
            raise DatabaseTooNew(
                "Cơ sở dữ liệu này được tạo bởi phiên bản Đèn Khuya mới hơn; "
                "hãy cài phiên bản mới nhất để mở nó."
            )
        backup = _backup_sqlite_file(engine, current, key, note) if current is not None else None
        if current is not None and copy_server is not None and sqlite_file(str(engine.url)) is None:
            backup = copy_server(engine, current)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return backup


def _backup_sqlite_file(
    engine: Engine, revision: str, key: bytes | None, note: Callable[[Path], None] | None
) -> Path | None:
    path = sqlite_file(str(engine.url))
    if path is None or not path.exists():
        return None
    now = datetime.now()
    stamp = now.strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(f"{path.stem}.truoc-nang-cap-{revision}-{stamp}{path.suffix}")
    if key is not None:
        from desktop.db.encryption import write_copy

        about = {"made_at": now.isoformat(timespec="seconds")}
        write_copy(
            path, backup, source_key=key, database=path.absolute(), key=key, about=about, note=note
        )
        return backup
    # The ward's data, for the owner only (as the database file is).
    os.close(os.open(backup, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    # The sqlite backup API copies a consistent snapshot even with a WAL file beside it.
    with sqlite3.connect(path) as source, sqlite3.connect(backup) as target:
        source.backup(target)
    return backup
