"""The program's Windows icon (.ico), drawn from resources/icons/denkhuya.svg.

The executables (installer/denkhuya.spec) and the installer (installer/denkhuya.iss)
need an .ico; it is made at build time so that the SVG stays the one source. Each size
is rendered by Qt's SVG renderer and stored as PNG inside the .ico (Windows Vista and
later read those).

    python installer/make_icon.py resources/icons/denkhuya.svg build/denkhuya.ico
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

SIZES = (16, 20, 24, 32, 40, 48, 64, 256)
# Where the spec writes it, from the repository root; denkhuya.iss reads it from there.
ICON_FILE = "build/spec/denkhuya.ico"


def render_png(svg: Path, size: int) -> bytes:
    """The SVG drawn on a transparent square of `size` pixels, as PNG bytes."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _application = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg} is not an SVG Qt can draw")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(images: dict[int, bytes]) -> bytes:
    """An .ico file holding the PNG images given by their size."""
    header = struct.pack("<HHH", 0, 1, len(images))  # reserved, type 1 = icon, count
    directory = b""
    offset = len(header) + 16 * len(images)
    body = b""
    for size, png in sorted(images.items()):
        side = 0 if size >= 256 else size  # 0 stands for 256
        directory += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        offset += len(png)
        body += png
    return header + directory + body


def write_icon(svg: Path, target: Path) -> Path:
    """Write the .ico of every size in SIZES to `target` and return it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(ico_bytes({size: render_png(svg, size) for size in SIZES}))
    return target


if __name__ == "__main__":
    print(write_icon(Path(sys.argv[1]), Path(sys.argv[2])))
