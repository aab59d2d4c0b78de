"""The daily copy the desk makes by itself, for the evening nobody remembered to.

Once a day (when the newest automatic copy is more than AUTOMATIC_EVERY old) the
program copies the database, as Tệp → Sao lưu dữ liệu… does, into the folder
`sao-luu-tu-dong` beside the database file, and keeps the AUTOMATIC_KEEP newest
copies. It guards against a mistake or a damaged file, not against losing the disk:
that is what the copy on a USB stick is for. A database that is not a SQLite file,
or holds no ward yet, is not copied: a database on a PostgreSQL server is backed up by
hand (pg_dump, desktop.services.server_backup) or by the server's own schedule, not by
every desk once a day. The copies of an encrypted database are encrypted
backups like any other (desktop.services.backup); those made before it was encrypted
are encrypted when it is (Database.encrypt, backup.encrypt_plain_copies).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

from desktop.data_folder import private_folder
from desktop.db.engine import sqlite_file
from desktop.services import signed_in, wards
from desktop.services.backup import backup_database, default_backup_name
from desktop.services.database import Database
from desktop.services.progress import Progress

AUTOMATIC_FOLDER = "sao-luu-tu-dong"
AUTOMATIC_EVERY = timedelta(hours=20)  # one a day, even when the desk opens a bit earlier
AUTOMATIC_KEEP = 7
# The minute default_backup_name() puts in a copy's name.
_STAMP = re.compile(r"^denkhuya-.*?(\d{4}-\d{2}-\d{2}-\d{4})\.sqlite3$")


def automatic_backup_folder(database_url: str) -> Path | None:
    """Where the automatic copies of this database go (None: not a SQLite file)."""
    path = sqlite_file(database_url)
    return path.absolute().parent / AUTOMATIC_FOLDER if path is not None else None


def automatic_copies(folder: Path) -> list[tuple[datetime, Path]]:
    """The automatic copies in the folder with the minute each was made, oldest first."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _STAMP.match(path.name)
        if match and path.is_file():
            try:
                found.append((datetime.strptime(match.group(1), "%Y-%m-%d-%H%M"), path))
            except ValueError:
                continue
    return sorted(found)


def automatic_backup(
    database: Database, now: datetime | None = None, progress: Progress | None = None
) -> Path | None:
    """Make today's automatic copy if it is due; return its path (None: not due, or
    nothing to copy). Older copies beyond the newest AUTOMATIC_KEEP are removed."""
    now = now or datetime.now()
    folder = automatic_backup_folder(database.url)
    if folder is None:
        return None
    copies = automatic_copies(folder)
    if copies and now - copies[-1][0] < AUTOMATIC_EVERY:
        return None
    with database.session() as session:
        ward = wards.current_ward(session)
        ward_name = ward.name if ward is not None else None
    if ward_name is None:
        return None
    private_folder(folder)
    target = folder / default_backup_name(ward_name, now)
    with signed_in.by_the_program():  # the daily copy is made whoever is signed in
        backup_database(database, target, progress)
    for _, old in automatic_copies(folder)[:-AUTOMATIC_KEEP]:
        old.unlink(missing_ok=True)
    return target
