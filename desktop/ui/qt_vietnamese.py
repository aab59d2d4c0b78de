"""Vietnamese for the words Qt itself puts on buttons and menus.

Qt ships no Vietnamese translation of its own widgets, so standard buttons would say
"Yes", "Cancel" and text fields' context menus "Copy" in an otherwise Vietnamese
program. The few strings below are compiled at start-up into a tiny translation
catalogue (Qt's .qm format, built in memory from this table) and loaded into a plain
QTranslator.

Why not a Python subclass of QTranslator overriding translate(): PySide6 6.12 passes
a null disambiguation to the override as None without taking a reference, so every
call costs None one reference and the interpreter soon aborts ("none_dealloc").
"""

from __future__ import annotations

import struct

from PySide6.QtCore import QObject, QTranslator

_BUTTONS = {
    "OK": "&Đồng ý",
    "Save": "&Lưu",
    "Save All": "Lưu tất cả",
    "Open": "&Mở",
    "Yes": "&Có",
    "Yes to All": "Có với tất cả",
    "No": "&Không",
    "No to All": "Không với tất cả",
    "Abort": "Hủy bỏ",
    "Retry": "Thử lại",
    "Ignore": "Bỏ qua",
    "Close": "Đóng",
    "Cancel": "Hủy",
    "Discard": "Bỏ",
    "Help": "Trợ giúp",
    "Apply": "Áp dụng",
    "Reset": "Đặt lại",
    "Restore Defaults": "Khôi phục mặc định",
}
_EDITING = {
    "Undo": "&Hoàn tác",
    "Redo": "&Làm lại",
    "Cut": "&Cắt",
    "Copy": "&Sao chép",
    "Paste": "&Dán",
    "Delete": "&Xóa",
    "Select All": "Chọn &tất cả",
    "Copy Link Location": "Sao chép địa chỉ liên kết",
}
# Qt's source texts carry mnemonics in different places ("&Yes", "N&o to All",
# "Cu&t"); each word is entered with an "&" before every letter and without one.
_BY_CONTEXT = {
    "QPlatformTheme": _BUTTONS,
    "QDialogButtonBox": _BUTTONS,
    "QMessageBox": {**_BUTTONS, "Show Details...": "Xem chi tiết…", "Hide Details...": "Ẩn"},
    "QLineEdit": _EDITING,
    "QWidgetTextControl": _EDITING,
    "QProgressDialog": {"Cancel": "Hủy"},
}

_MAGIC = bytes.fromhex("3cb86418caef9c95cd211cbf60a1bddd")
_HASHES, _MESSAGES = 0x42, 0x69
_TAG_END, _TAG_TRANSLATION, _TAG_SOURCE, _TAG_CONTEXT = 1, 3, 6, 7


def _source_variants(word: str) -> set[str]:
    variants = {word}
    for position, letter in enumerate(word):
        if letter.isalpha():
            variants.add(word[:position] + "&" + word[position:])
    return variants


def vietnamese_messages() -> dict[tuple[str, str], str]:
    """(context, source text) → Vietnamese, for every spelling Qt may ask for."""
    return {
        (context, variant): translation
        for context, words in _BY_CONTEXT.items()
        for word, translation in words.items()
        for variant in _source_variants(word)
    }


def _elf_hash(text: bytes) -> int:
    """Qt's elfHash of the source text (and empty comment), as lrelease computes it."""
    value = 0
    for byte in text:
        value = ((value << 4) + byte) & 0xFFFFFFFF
        high = value & 0xF0000000
        if high:
            value ^= high >> 24
        value &= ~high & 0xFFFFFFFF
    return value or 1


def compile_qm(messages: dict[tuple[str, str], str]) -> bytes:
    """A Qt translation catalogue (.qm) holding the messages, as lrelease writes one."""
    records = bytearray()
    hashes = []
    for (context, source), translation in messages.items():
        source_bytes = source.encode("utf-8")
        hashes.append((_elf_hash(source_bytes), len(records)))
        text = translation.encode("utf-16-be")
        context_bytes = context.encode("utf-8")
        records += struct.pack(">BI", _TAG_TRANSLATION, len(text)) + text
        records += struct.pack(">BI", _TAG_SOURCE, len(source_bytes)) + source_bytes
        records += struct.pack(">BI", _TAG_CONTEXT, len(context_bytes)) + context_bytes
        records += struct.pack(">B", _TAG_END)
    table = b"".join(struct.pack(">II", value, offset) for value, offset in sorted(hashes))
    return (
        _MAGIC
        + struct.pack(">BI", _HASHES, len(table))
        + table
        + struct.pack(">BI", _MESSAGES, len(records))
        + bytes(records)
    )


class QtWidgetsVietnamese(QTranslator):
    """A translator loaded with Vietnamese for Qt's own buttons and edit menus."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # QTranslator reads the catalogue in place: keep the bytes alive with it.
        self._catalogue = compile_qm(vietnamese_messages())
        if not self.load(self._catalogue):
            raise RuntimeError("Qt từ chối bảng dịch tiếng Việt dựng sẵn")
