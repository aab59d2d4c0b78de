"""An OpenStreetMap file handed to pyosmium a few megabytes at a time, counting the bytes.

pyosmium decodes everything; it only cannot say how far into a file it is. A `.osm.pbf`
file is a row of self-contained blocks, each announced by its length (the "fileblock"
framing of the PBF format: a 4-byte big-endian length, a small BlobHeader message whose
`datasize` field gives the block's length, then the block), so this module walks those
announcements, without decoding any block, and gives pyosmium the file's header block
followed by a few megabytes of data blocks at a time. The progress bar then moves with
the bytes read, Cancel is heard between pieces, and no more than one piece is in memory.

An `.osm` (XML) file has no such blocks: it is read whole by pyosmium, in one piece.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import osmium

from desktop.domain.errors import UserError

PIECE_BYTES = 8 * 1024 * 1024
# Limits of the PBF format: a BlobHeader under 64 KiB, a block under 32 MiB.
_MAX_HEADER = 64 * 1024
_MAX_BLOCK = 32 * 1024 * 1024


@dataclass(frozen=True)
class Piece:
    """Something pyosmium can read, and how many bytes of the file it ends at."""

    source: object  # osmium.io.FileBuffer or a path
    end: int


def file_kind(path: Path) -> str:
    """ "pbf" or "xml" from the name; UserError for any other file."""
    name = path.name.lower()
    if name.endswith(".pbf"):
        return "pbf"
    if name.endswith(".osm"):
        return "xml"
    raise UserError(
        f"Tệp “{path.name}” không phải bản đồ OpenStreetMap: hãy chọn tệp .osm.pbf (hoặc .osm)."
    )


def pieces(path: Path, piece_bytes: int | None = None) -> Iterator[Piece]:
    """The file in pieces pyosmium reads one after another (PBF), or whole (XML)."""
    piece_bytes = piece_bytes or PIECE_BYTES
    if file_kind(path) == "xml":
        yield Piece(str(path), path.stat().st_size)
        return
    with path.open("rb") as stream:
        header = _read_block(stream, path)
        if header is None or header[0] != "OSMHeader":
            raise _not_pbf(path)
        head = header[1]
        chunk: list[bytes] = []
        size = 0
        while (block := _read_block(stream, path)) is not None:
            chunk.append(block[1])
            size += len(block[1])
            if size >= piece_bytes:
                yield Piece(osmium.io.FileBuffer(b"".join([head, *chunk]), "pbf"), stream.tell())
                chunk, size = [], 0
        if chunk:
            yield Piece(osmium.io.FileBuffer(b"".join([head, *chunk]), "pbf"), stream.tell())


def _read_block(stream, path: Path) -> tuple[str, bytes] | None:
    """(type, the block's bytes with their framing) of the next block; None at the end."""
    length_bytes = stream.read(4)
    if not length_bytes:
        return None
    if len(length_bytes) < 4:
        raise _not_pbf(path)
    (length,) = struct.unpack(">I", length_bytes)
    if not 0 < length <= _MAX_HEADER:
        raise _not_pbf(path)
    header = stream.read(length)
    kind, size = _blob_header(header, path)
    data = stream.read(size)
    if len(header) < length or len(data) < size:
        raise _not_pbf(path)
    return kind, length_bytes + header + data


def _blob_header(header: bytes, path: Path) -> tuple[str, int]:
    """The `type` (field 1) and `datasize` (field 3) of a BlobHeader message."""
    kind, size, at = None, None, 0
    try:
        while at < len(header):
            key, at = _varint(header, at)
            field, wire = key >> 3, key & 7
            if wire == 0:
                value, at = _varint(header, at)
                if field == 3:
                    size = value
            elif wire == 2:
                length, at = _varint(header, at)
                if field == 1:
                    kind = header[at : at + length].decode("ascii")
                at += length
            else:
                raise ValueError(wire)
    except (IndexError, ValueError, UnicodeDecodeError):
        raise _not_pbf(path) from None
    if kind is None or size is None or not 0 <= size <= _MAX_BLOCK:
        raise _not_pbf(path)
    return kind, size


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value, shift = 0, 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, at
        shift += 7
        if shift > 63:
            raise ValueError("varint")


def _not_pbf(path: Path) -> UserError:
    return UserError(
        f"Tệp “{path.name}” không đọc được như bản đồ .osm.pbf (tệp hỏng hoặc chép chưa "
        "hết); hãy chép lại tệp từ nguồn."
    )
