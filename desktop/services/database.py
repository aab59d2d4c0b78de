"""Opening a station's database: the engine, the schema upgrade and sessions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from desktop.db.engine import make_engine, make_session_factory, resolve_database_url
from desktop.db.schema import DatabaseTooNew, upgrade_database
from desktop.domain.errors import UserError


@dataclass
class Database:
    """An open database: one engine for the program, one session per user action."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    backup_before_upgrade: Path | None = None

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose work is committed when the block ends without an error."""
        with self.sessions.begin() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


def open_database(url: str | None = None) -> Database:
    """Open (and create or upgrade) the database at the URL, --db, DENKHUYA_DB or default.

    Raises UserError for a database written by a newer version of the program.
    """
    resolved = resolve_database_url(url)
    engine = make_engine(resolved)
    try:
        backup = upgrade_database(engine)
    except DatabaseTooNew as error:
        engine.dispose()
        raise UserError(str(error)) from None
    return Database(resolved, engine, make_session_factory(engine), backup)
