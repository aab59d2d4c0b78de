"""The per-user folder that holds the database, its copies and the log file.

Its own small module so that the log (desktop.logs) and the database engine
(desktop.db.engine) can both find it without one importing the other.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

APP_DIR_NAME = "DenKhuya"


def user_data_folder() -> Path:
    """The per-user folder for the database, backups and the log file (made if missing)."""
    return private_folder(Path(user_data_dir(APP_DIR_NAME, appauthor=False)))


def private_folder(path: Path) -> Path:
    """Make the folder (and its parents) if missing; a folder made here is the owner's
    only (it holds the database, its copies or what is being written from them)."""
    if not path.is_dir():
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        if os.name == "posix":
            path.chmod(0o700)  # mkdir's mode is filtered by the umask
    return path
