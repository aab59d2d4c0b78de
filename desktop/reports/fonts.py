"""The bundled fonts, registered in reportlab once per process.

reportlab's built-in Helvetica and Times silently drop Vietnamese letters, so every
PDF uses these: Liberation Serif 2.x (Times-like, for official reports) and Noto Sans
(for sheets read by torchlight). Both cover the whole Vietnamese alphabet.
"""

from __future__ import annotations

import threading

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from desktop.resources import resource_path

SERIF = "LiberationSerif"
SANS = "NotoSans"

# family → {(bold, italic): file}
_FAMILIES = {
    SERIF: {
        (False, False): "LiberationSerif-Regular.ttf",
        (True, False): "LiberationSerif-Bold.ttf",
        (False, True): "LiberationSerif-Italic.ttf",
        (True, True): "LiberationSerif-BoldItalic.ttf",
    },
    SANS: {
        (False, False): "NotoSans-Regular.ttf",
        (True, False): "NotoSans-Bold.ttf",
        (False, True): "NotoSans-Italic.ttf",
        # No bold italic Noto Sans is bundled: bold stands in for it.
        (True, True): "NotoSans-Bold.ttf",
    },
}
_SUFFIX = {
    (False, False): "",
    (True, False): "-Bold",
    (False, True): "-Italic",
    (True, True): "-BoldItalic",
}

_lock = threading.Lock()
_registered = False


def font_name(family: str, bold: bool = False, italic: bool = False) -> str:
    """The registered name of a face: "NotoSans-Bold", "LiberationSerif-Italic"…"""
    return family + _SUFFIX[(bold, italic)]


def register_fonts() -> None:
    """Register every bundled face and its family mapping (a no-op after the first call)."""
    global _registered
    with _lock:
        if _registered:
            return
        for family, faces in _FAMILIES.items():
            for (bold, italic), file_name in faces.items():
                name = font_name(family, bold, italic)
                path = resource_path("fonts", file_name)
                pdfmetrics.registerFont(TTFont(name, str(path)))
                addMapping(family, int(bold), int(italic), name)
        _registered = True
