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
    folder = Path(user_data_dir(APP_DIR_NAME, appauthor=False))
    if not folder.is_dir():
        folder.mkdir(parents=True, exist_ok=True)
        if os.name == "posix":
            folder.chmod(0o700)  # the database and its copies: the owner's only
    return folder
