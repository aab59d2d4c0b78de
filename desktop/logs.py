"""The log file in the user data folder, where unexpected errors leave their traceback."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from desktop.data_folder import user_data_folder

log = logging.getLogger("desktop")


def log_file() -> Path:
    return user_data_folder() / "denkhuya.log"


def configure_logging() -> Path:
    """Send the program's log to a rotating file; return its path."""
    path = log_file()
    if not any(isinstance(h, RotatingFileHandler) for h in log.handlers):
        handler = RotatingFileHandler(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    return path
