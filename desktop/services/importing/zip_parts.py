"""The parts of an .xlsx or .ods package, unpacked with their sizes checked.

A zip states the unpacked size of each part, but nothing forces the data to agree:
a few kilobytes of deflate can unpack to gigabytes, and a part may unpack to more than
it states. Parts are unpacked here from the raw stream, stopping as soon as a part
outgrows what it states or the budget, and the central directory is checked before
Python's zipfile (or the spreadsheet reader) builds an entry for each of its records.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from desktop.services.importing.limits import MAX_XML_BYTES, damaged, too_large

MAX_ENTRIES = 10_000
_END_RECORD = b"PK\x05\x06"
_END_RECORD_64 = b"PK\x06\x06"
_LOCAL_HEADER = b"PK\x03\x04"
_CHUNK = 1 << 20
_TAIL = 22 + 65535  # the end record and the longest comment after it


class ZipParts:
    """Named parts of one package, found without regard to case (as the readers do)."""

    def __init__(self, path: Path, file_name: str) -> None:
        self.path = path
        self.file_name = file_name
        _check_directory(path, file_name)
        try:
            with zipfile.ZipFile(path) as archive:
                infos = archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            raise damaged(file_name) from None
        self._by_name = {_key(info.filename): info for info in infos}
        if len(self._by_name) != len(infos):
            raise damaged(file_name)  # two parts of the same name: which one is read?
        self.unpacked = 0

    def has(self, name: str) -> bool:
        return _key(name) in self._by_name

    def names(self) -> list[str]:
        return [info.filename for info in self._by_name.values()]

    def size(self, name: str) -> int:
        return self._by_name[_key(name)].file_size

    def read(self, name: str, limit: int, again: bool = False) -> bytearray:
        """The whole part, refused when it states or holds more than `limit` bytes
        (`again`: a part read before, not counted twice)."""
        info = self._by_name[_key(name)]
        if info.file_size > limit:
            raise too_large(
                self.file_name,
                f"phần “{info.filename}” của tệp giải nén ra {info.file_size // 2**20} MB",
            )
        self.unpacked += 0 if again else info.file_size
        if self.unpacked > MAX_XML_BYTES:
            raise too_large(
                self.file_name, f"tệp giải nén ra hơn {MAX_XML_BYTES // 2**20} MB dữ liệu"
            )
        # Filled in place: joining the pieces would hold the part twice.
        whole = bytearray(info.file_size)
        at = 0
        for piece in self._chunks(info):
            whole[at : at + len(piece)] = piece
            at += len(piece)
        return whole

    def _chunks(self, info: zipfile.ZipInfo) -> Iterator[bytes]:
        produced = 0
        try:
            with self.path.open("rb") as stream:
                stream.seek(info.header_offset)
                header = stream.read(30)
                if len(header) < 30 or header[:4] != _LOCAL_HEADER:
                    raise damaged(self.file_name)
                name_length, extra_length = struct.unpack("<HH", header[26:30])
                stream.seek(info.header_offset + 30 + name_length + extra_length)
                left = info.compress_size
                if info.compress_type == zipfile.ZIP_STORED:
                    inflate = None
                elif info.compress_type == zipfile.ZIP_DEFLATED:
                    inflate = zlib.decompressobj(-zlib.MAX_WBITS)
                else:
                    raise damaged(self.file_name)
                while left > 0:
                    data = stream.read(min(left, _CHUNK))
                    if not data:
                        raise damaged(self.file_name)
                    left -= len(data)
                    pieces = [data] if inflate is None else _inflated(inflate, data)
                    for piece in pieces:
                        produced += len(piece)
                        if produced > info.file_size:
                            raise damaged(self.file_name)  # more than the part states
                        yield piece
        except (OSError, zlib.error):
            raise damaged(self.file_name) from None
        if produced != info.file_size:
            raise damaged(self.file_name)


def _key(name: str) -> str:
    """A part's name as the reader looks it up: "/" separators, ASCII lower case."""
    return "".join(ch.lower() if ch.isascii() else ch for ch in name.replace("\\", "/"))


def _inflated(inflate, data: bytes) -> Iterator[bytes]:
    piece = inflate.decompress(data, _CHUNK)
    yield piece
    while inflate.unconsumed_tail:
        yield inflate.decompress(inflate.unconsumed_tail, _CHUNK)


def _check_directory(path: Path, file_name: str) -> None:
    """Refuse a central directory with more entries than any workbook has."""
    try:
        with path.open("rb") as stream:
            stream.seek(0, 2)
            size = stream.tell()
            stream.seek(max(0, size - _TAIL))
            tail = stream.read()
    except OSError:
        raise damaged(file_name) from None
    at = tail.rfind(_END_RECORD)
    if at < 0 or len(tail) < at + 22:
        raise damaged(file_name)
    entries, directory_size = struct.unpack("<xxxxxxxxxxHI", tail[at : at + 16])
    at64 = tail.rfind(_END_RECORD_64, 0, at)
    if at64 >= 0 and len(tail) >= at64 + 48:
        entries, directory_size = struct.unpack("<QQ", tail[at64 + 32 : at64 + 48])
    if entries > MAX_ENTRIES or directory_size > 64 * MAX_ENTRIES * 16:
        raise too_large(file_name, f"tệp nén có {entries} phần, quá nhiều cho một bảng tính")
