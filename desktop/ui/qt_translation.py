"""Vietnamese for Qt's own dialogs: file, print, page set-up and message boxes.

Qt ships no Vietnamese translation of its widgets, so on Linux (and wherever Qt draws a
dialog itself instead of the system's) file dialogs say "Look in" and "File name",
print dialogs "Options >>", message boxes "Save". resources/translations/qtbase_vi.ts
holds the Vietnamese for the words these dialogs show, under the contexts and source
texts Qt looks them up by (taken from Qt's own translations of the same release).

The .ts is compiled into qtbase_vi.qm with pyside6-lrelease:
- at build time, by the build script, into resources/translations/ (so the frozen
  program carries it and needs no compiler);
- when running from a checkout or an installed wheel, on the first start, into the
  user cache folder, and again whenever the .ts is newer than that copy.
Without a compiled catalogue and without lrelease (a PySide6 without its tools), the
buttons' words of desktop.ui.qt_vietnamese still answer, so standard buttons stay
Vietnamese.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import PySide6
from platformdirs import user_cache_dir
from PySide6.QtCore import QCoreApplication, QTranslator

from desktop.data_folder import APP_DIR_NAME
from desktop.logs import log
from desktop.resources import resource_path
from desktop.ui.qt_vietnamese import QtWidgetsVietnamese

SOURCE_NAME = "qtbase_vi.ts"
CATALOGUE_NAME = "qtbase_vi.qm"
LRELEASE_SECONDS = 60


def source_file() -> Path:
    """The translation source shipped with the program (resources/translations/)."""
    return resource_path("translations", SOURCE_NAME)


def built_catalogue() -> Path:
    """Where the build puts the compiled catalogue, beside its source."""
    return resource_path("translations", CATALOGUE_NAME)


def cache_folder() -> Path:
    """Where a catalogue compiled at start-up is kept (the user's cache folder)."""
    return Path(user_cache_dir(APP_DIR_NAME, appauthor=False)) / "translations"


def find_lrelease() -> Path | None:
    """Qt's lrelease: the one inside the PySide6 package (pyside6-lrelease runs it),
    else one on the PATH; None when there is none."""
    package = Path(PySide6.__file__).resolve().parent
    for candidate in (package / "lrelease.exe", package / "lrelease"):
        if candidate.is_file():
            return candidate
    for name in ("pyside6-lrelease", "lrelease"):
        found = shutil.which(name)
        if found:
            return Path(found)
    return None


def compile_catalogue(source: Path, target: Path, lrelease: Path) -> bool:
    """Compile the .ts into the .qm with lrelease; True once the .qm is written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        done = subprocess.run(
            [str(lrelease), "-silent", str(source), "-qm", str(target)],
            capture_output=True,
            text=True,
            timeout=LRELEASE_SECONDS,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as error:
        log.warning("Không chạy được lrelease (%s): %s", lrelease, error)
        return False
    if done.returncode != 0 or not target.is_file():
        log.warning("lrelease không dịch được %s: %s", source.name, done.stderr.strip())
        return False
    return True


def _fresh(catalogue: Path, source: Path) -> bool:
    if not catalogue.is_file():
        return False
    return not source.is_file() or catalogue.stat().st_mtime >= source.stat().st_mtime


def catalogue_path(
    *,
    source: Path | None = None,
    built: Path | None = None,
    cache: Path | None = None,
    lrelease: Path | None | bool = True,
) -> Path | None:
    """The compiled catalogue to load: the build's when it is up to date, else the
    cache's, compiled now when missing or older than the .ts (lrelease=True: look for
    lrelease; a path: use that one; None or False: never compile). An out-of-date
    catalogue is better than none; None when there is no catalogue at all."""
    source = source or source_file()
    built = built or built_catalogue()
    cached = (cache or cache_folder()) / CATALOGUE_NAME
    for catalogue in (built, cached):
        if _fresh(catalogue, source):
            return catalogue
    program = find_lrelease() if lrelease is True else lrelease or None
    if program is not None and source.is_file() and compile_catalogue(source, cached, program):
        return cached
    for catalogue in (built, cached):
        if catalogue.is_file():
            return catalogue
    return None


def load_qt_vietnamese(
    parent: QCoreApplication | None = None, catalogue: Path | None = None
) -> QTranslator:
    """A translator holding the Vietnamese of Qt's dialogs, from `catalogue` (default:
    catalogue_path()); the buttons-only one of desktop.ui.qt_vietnamese when none loads."""
    catalogue = catalogue or catalogue_path()
    translator = QTranslator(parent)
    if catalogue is not None and translator.load(str(catalogue)):
        return translator
    log.warning("Không nạp được bản dịch tiếng Việt của Qt (%s)", catalogue)
    translator.deleteLater()
    return QtWidgetsVietnamese(parent)


def install_qt_vietnamese(app: QCoreApplication) -> QTranslator:
    """Load the Vietnamese of Qt's dialogs and install it in the application."""
    translator = load_qt_vietnamese(app)
    app.installTranslator(translator)
    return translator
