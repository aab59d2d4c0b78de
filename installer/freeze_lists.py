"""What the frozen program leaves out (installer/denkhuya.spec), kept apart from the spec
so that tests/test_installer.py can check it without building.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import PurePath

# The Qt modules the program uses (desktop/ui, desktop/app.py); every other one is left
# out, with the libraries and plugins only they need.
QT_MODULES_USED = ("QtCore", "QtGui", "QtWidgets", "QtPrintSupport", "QtSvg")
QT_MODULES_UNUSED = (
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender",
    "QtBluetooth", "QtCharts", "QtConcurrent", "QtDataVisualization", "QtDBus",
    "QtDesigner", "QtGraphs", "QtHelp", "QtHttpServer", "QtLocation", "QtMultimedia",
    "QtMultimediaWidgets", "QtNetwork", "QtNetworkAuth", "QtNfc", "QtOpenGL",
    "QtOpenGLWidgets", "QtPdf", "QtPdfWidgets", "QtPositioning", "QtQml", "QtQuick",
    "QtQuick3D", "QtQuickControls2", "QtQuickTest", "QtQuickWidgets", "QtRemoteObjects",
    "QtScxml", "QtSensors", "QtSerialBus", "QtSerialPort", "QtSpatialAudio", "QtSql",
    "QtStateMachine", "QtSvgWidgets", "QtTest", "QtTextToSpeech", "QtUiTools",
    "QtWebChannel", "QtWebEngineCore", "QtWebEngineQuick", "QtWebEngineWidgets",
    "QtWebSockets", "QtWebView", "QtXml",
)  # fmt: skip

# Left out although imported when present, as their importers do without them: no
# OpenSSL behind hashlib and hmac, which fall back to Python's own SHA-256 (the only hash
# used: the audit chain, flags, backup checksums). Python's ssl stays: psycopg's compiled
# half imports it (a desk on a station's PostgreSQL server), ~6 MB on Windows with its
# libssl and libcrypto. (cryptography, SQLCipher and libpq carry their own OpenSSL.)
# tests/test_installer.py runs the self-test with these blocked.
EXCLUDED_WITH_FALLBACK = ("_hashlib",)

EXCLUDED_MODULES = [
    *(f"PySide6.{name}" for name in QT_MODULES_UNUSED),
    # Python's own pieces that a desk program never runs.
    "tkinter", "lib2to3", "idlelib", "test",
    # SciPy: not used (igraph walks the streets, desktop/domain/street_network.py); left
    # out should it be installed beside the program.
    "scipy",
    # igraph: its interactive shell and its clients of web services, which `import
    # igraph` does not load.
    "igraph.app", "igraph.remote",
    # OR-Tools: the routing solver only (desktop/services/planning).
    "ortools.linear_solver", "ortools.graph", "ortools.algorithms",
    "ortools.bop", "ortools.glop", "ortools.math_opt", "ortools.packing",
    "ortools.scheduling", "ortools.set_cover", "ortools.pdlp", "ortools.service",
    "ortools.init", "ortools.gscip",
    # Optional extras of the libraries, unused here.
    "pandas", "matplotlib", "IPython", "sqlalchemy.testing", "alembic.testing",
    "numpy.distutils", "pytest", "setuptools", "pkg_resources",
    "reportlab.graphics.testshapes", "lxml.html", "lxml.isoschematron", "lxml.objectify",
    "pypdfium2_cli", "osmium.replication",
    # Pillow (reportlab draws images with it): no AVIF, WebP, Tk or Qt images here.
    "PIL._avif", "PIL.AvifImagePlugin", "PIL._webp", "PIL.WebPImagePlugin", "PIL._imagingtk",
    "PIL.ImageTk", "PIL.ImageQt", "PIL.ImageFont", "PIL._imagingft", "PIL.ImageCms",
    "PIL._imagingcms", "PIL.ImageMath", "PIL._imagingmath", "PIL.ImageMorph", "PIL._imagingmorph",
    # Python's help() texts and what only tools run: building C extensions (distutils,
    # cffi's compiler and its C parser: argon2's module is compiled already), doctest,
    # the line editor of an interactive prompt (and its libreadline), the pure-Python
    # decimal behind _decimal; SQLAlchemy's mypy plugin and the database dialects of
    # servers the program never talks to (SQLite and PostgreSQL stay).
    "pydoc_data", "distutils", "cffi", "pycparser", "doctest", "readline", "_pydecimal",
    "sqlalchemy.ext.mypy", "sqlalchemy.dialects.mysql", "sqlalchemy.dialects.mssql",
    "sqlalchemy.dialects.oracle",
    # Native modules collected with their packages that nothing the program does loads:
    # OR-Tools' interval lists and solve interrupter, lxml's SAX and E-factory, NumPy's
    # own test helpers.
    "ortools.util.python", "lxml.sax", "lxml.builder", "numpy._core._multiarray_tests",
    *EXCLUDED_WITH_FALLBACK,
]  # fmt: skip
# Qt plugin folders the program needs: the window system, images and SVG icons, the
# print dialog, platform themes (native file dialogs); the rest (sensors, multimedia,
# virtual keyboards, network information…) belong to unused modules.
QT_PLUGIN_FOLDERS = (
    "platforms", "platformthemes", "imageformats", "iconengines", "printsupport", "styles",
    "xcbglintegrations", "platforminputcontexts", "wayland-shell-integration",
    "wayland-decoration-client", "wayland-graphics-integration-client",
)  # fmt: skip
# Within those folders, by the start of the file name ("lib" aside): the window systems
# of a desk (Windows; X11 and Wayland for the Linux build) and the offscreen and minimal
# ones for tests; image formats the program reads: its SVG icons and ICO for the window
# icon (PNG, the help's screenshots and the map's symbols, is built into QtGui; it
# reads no JPEG or GIF).
QT_PLUGINS_CHOSEN = {
    "platforms": ("qwindows", "qxcb", "qwayland", "qoffscreen", "qminimal."),
    # Linux: the desktop portal's native file dialogs, not the GTK 3 theme, which loads
    # the system's GTK 3 and would drag a second, bundled GLib, Pango and Cairo (8 MB)
    # under it (the build machine has no GTK 3, so the plugin could not even load).
    "platformthemes": ("qxdgdesktopportal",),
    "imageformats": ("qsvg", "qico"),
    # Not Qt's virtual keyboard (it needs Qt Quick).
    "platforminputcontexts": (
        "composeplatforminputcontextplugin",
        "ibusplatforminputcontextplugin",
    ),
}
# Libraries that only the plugins left out load (VNC, EGLFS on a bare screen, the virtual
# keyboard), and on Windows the software OpenGL and Direct3D shader compiler (20 MB), which
# only OpenGL or Qt Quick windows use: the program draws its widgets without OpenGL.
QT_LIBRARIES_LEFT_OUT = (
    "Qt6Network", "Qt6EglFSDeviceIntegration", "Qt6EglFsKmsSupport", "Qt6VirtualKeyboard",
    "Qt6Quick", "Qt6Qml", "opengl32sw", "d3dcompiler",
)  # fmt: skip


def _parts(destination: str) -> tuple[str, ...]:
    return PurePath(destination.replace("\\", "/")).parts


def keep_binary(destination: str) -> bool:
    """Whether a collected library or plugin (its path in the bundle) stays."""
    parts = _parts(destination)
    name = parts[-1].removeprefix("lib")
    if "plugins" in parts[:-2]:
        folder = parts[parts.index("plugins") + 1]
        if folder not in QT_PLUGIN_FOLDERS:
            return False
        chosen = QT_PLUGINS_CHOSEN.get(folder)
        return chosen is None or name.startswith(chosen)
    return not name.startswith(QT_LIBRARIES_LEFT_OUT)


def orphans(
    kept: Iterable[str], dropped: Iterable[str], imports: Callable[[str], Iterable[str]]
) -> set[str]:
    """The file names (lower case) of the collected libraries only what is left out needs.

    PyInstaller collects a plugin's libraries with it (a GTK theme brings GLib, Pango,
    Cairo…), so leaving the plugin out leaves them behind unless they go too. `kept` and
    `dropped` are source paths; `imports(path)` names the libraries a binary needs. A
    library goes when only what goes needs it, until nothing more goes (a library needed
    by a library needed only by the plugin goes too); one any kept binary needs stays.
    Names compare without case, as Windows finds "MSVCP140.dll" in msvcp140.dll."""

    def name(path: str) -> str:
        return PurePath(path.replace("\\", "/")).name.lower()

    kept, dropped = list(kept), list(dropped)
    needs = {path: {name(needed) for needed in imports(path)} for path in [*kept, *dropped]}
    names = {name(path) for path in kept}
    lonely: set[str] = set()
    while True:
        staying = [path for path in kept if name(path) not in lonely]
        going = [*dropped, *(path for path in kept if name(path) in lonely)]
        needed = set().union(*(needs[path] for path in staying))
        wanted = set().union(*(needs[path] for path in going))
        more = (wanted - needed) & names
        if more == lonely:
            return lonely
        lonely = more


def keep_data(destination: str) -> bool:
    """Whether a collected data file stays: Qt's translations go (there is no Vietnamese
    one; desktop/ui/qt_vietnamese.py supplies the words), and so do type stubs."""
    parts = _parts(destination)
    if "translations" in parts and any(part in ("PySide6", "Qt") for part in parts):
        return False
    return not parts[-1].endswith(".pyi")
