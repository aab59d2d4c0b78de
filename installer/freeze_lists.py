"""What the frozen program leaves out (installer/denkhuya.spec), kept apart from the spec
so that tests/test_installer.py can check it without building.
"""

from __future__ import annotations

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

# Left out although imported when present, as their importers do without them: no TLS
# (asyncio, http.client and urllib import ssl only if they can, and the program opens
# no connection), and no OpenSSL behind hashlib and hmac, which fall back to Python's own
# SHA-256 (the only hash used: the audit chain, flags, backup checksums). Together they
# would bring OpenSSL's libcrypto and libssl: 6 MB on Windows. (cryptography and
# SQLCipher carry their own OpenSSL inside their modules.) tests/test_installer.py runs
# the self-test with them blocked.
EXCLUDED_WITH_FALLBACK = ("ssl", "_ssl", "_hashlib")

EXCLUDED_MODULES = [
    *(f"PySide6.{name}" for name in QT_MODULES_UNUSED),
    # Python's own pieces that a desk program never runs.
    "tkinter", "lib2to3", "idlelib", "test",
    # SciPy: the program uses sparse.csgraph and spatial (desktop/domain/street_network.py);
    # these are reached by nothing it imports.
    "scipy.stats", "scipy.signal", "scipy.integrate", "scipy.interpolate", "scipy.io",
    "scipy.ndimage", "scipy.odr", "scipy.cluster", "scipy.datasets", "scipy.misc",
    "scipy.fftpack", "scipy.differentiate", "scipy.optimize", "scipy.fft",
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
    # Python's help() texts; SQLAlchemy's mypy plugin.
    "pydoc_data", "sqlalchemy.ext.mypy",
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
# ones for tests; image formats the program reads: its SVG icons, ICO for the window
# icon, JPEG and GIF (PNG is built into QtGui).
QT_PLUGINS_CHOSEN = {
    "platforms": ("qwindows", "qxcb", "qwayland", "qoffscreen", "qminimal."),
    "imageformats": ("qsvg", "qico", "qjpeg", "qgif"),
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


def keep_data(destination: str) -> bool:
    """Whether a collected data file stays: Qt's translations go (there is no Vietnamese
    one; desktop/ui/qt_vietnamese.py supplies the words), and so do type stubs."""
    parts = _parts(destination)
    if "translations" in parts and any(part in ("PySide6", "Qt") for part in parts):
        return False
    return not parts[-1].endswith(".pyi")
