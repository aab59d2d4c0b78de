"""Finding bundled files (fonts, icons) alike from a checkout, a wheel and a frozen app."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_folder() -> Path:
    """The folder holding fonts/, icons/ and the other bundled files."""
    package = Path(__file__).resolve().parent
    candidates = [
        Path(getattr(sys, "_MEIPASS", package)) / "resources",  # PyInstaller bundle
        package / "resources",  # installed wheel: resources/ is copied into the package
        package.parent / "resources",  # source checkout or editable install
    ]
    for folder in candidates:
        if (folder / "fonts").is_dir():
            return folder
    raise FileNotFoundError("Không tìm thấy thư mục tài nguyên (resources/) của Đèn Khuya.")


def resource_path(*parts: str) -> Path:
    return resources_folder().joinpath(*parts)
