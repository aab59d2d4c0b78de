"""Files that are not household lists: too large, broken or made to hurt the reader.

Each builder writes the file the way the trouble comes: packages put together by hand
(a sheet XML, a shared-string table, an .ods content.xml, a compound-file .xls), so a
test (and bench/import_hostile.py, at full size) can hand them to the import. Sizes are
parameters: the tests use small ones, the bench the sizes of the reported files.
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from openpyxl import Workbook

_NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_R_NS = b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
HEADINGS = ("Họ và tên", "Quan hệ với chủ hộ", "Năm sinh")
PEOPLE = (("Nguyễn Văn An", "Chủ hộ", 1980), ("Trần Thị Bình", "Vợ", 1983))


def table_with_value_at(path: Path, reference: str, value: object = "x") -> Path:
    """A small list (title naming the ward, headings, two people) and one value far away."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tổ 1"
    sheet.append(["CÔNG AN PHƯỜNG CỐC LẾU"])
    sheet.append(list(HEADINGS))
    for person in PEOPLE:
        sheet.append(list(person))
    sheet[reference] = value
    workbook.save(path)
    return path


def _escape(text: str) -> bytes:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode()


def _inline(reference: str, text: str) -> bytes:
    return b'<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (reference.encode(), _escape(text))


def table_rows_xml() -> bytes:
    """The rows of the small list, as sheet XML (rows 1–4)."""
    rows = [b'<row r="1">' + _inline("A1", "CÔNG AN PHƯỜNG CỐC LẾU") + b"</row>"]
    cells = b"".join(
        _inline(f"{letter}2", text) for letter, text in zip("ABC", HEADINGS, strict=True)
    )
    rows.append(b'<row r="2">' + cells + b"</row>")
    for number, (name, relation, year) in enumerate(PEOPLE, start=3):
        rows.append(
            b'<row r="%d">%s%s<c r="C%d"><v>%d</v></c></row>'
            % (number, _inline(f"A{number}", name), _inline(f"B{number}", relation), number, year)
        )
    return b"".join(rows)


def write_package(
    path: Path,
    sheet_data: bytes | Iterable[bytes],
    shared_strings: bytes | None = None,
    sheet_extra: bytes = b"",
    compression: int = zipfile.ZIP_DEFLATED,
) -> Path:
    """A minimal .xlsx: one sheet "Tổ 1" whose <sheetData> holds `sheet_data` (bytes, or
    pieces streamed into the package so that a huge sheet is never whole in memory)."""
    with zipfile.ZipFile(path, "w", compression) as package:
        package.writestr(
            "[Content_Types].xml",
            b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
            b'2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
            b"</Types>",
        )
        package.writestr(
            "_rels/.rels",
            b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
            b'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            b'Target="xl/workbook.xml"/></Relationships>',
        )
        package.writestr(
            "xl/workbook.xml",
            b'<?xml version="1.0"?><workbook %s %s><sheets><sheet name="T\xe1\xbb\x95 1" '
            b'sheetId="1" r:id="rId1"/></sheets></workbook>' % (_NS, _R_NS),
        )
        package.writestr(
            "xl/_rels/workbook.xml.rels",
            b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
            b'openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            b'Target="worksheets/sheet1.xml"/></Relationships>',
        )
        if shared_strings is not None:
            package.writestr("xl/sharedStrings.xml", shared_strings)
        with package.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<?xml version="1.0"?><worksheet %s><sheetData>' % _NS)
            for piece in [sheet_data] if isinstance(sheet_data, bytes) else sheet_data:
                sheet.write(piece)
            sheet.write(b"</sheetData>" + sheet_extra + b"</worksheet>")
    return path


def long_inline_cell(path: Path, characters: int) -> Path:
    """The small list and, in D3, one text of `characters` letters, streamed in."""

    def pieces() -> Iterable[bytes]:
        yield table_rows_xml()
        yield b'<row r="5"><c r="D5" t="inlineStr"><is><t>'
        chunk = b"a" * 2**20
        left = characters
        while left > 0:
            yield chunk[: min(left, len(chunk))]
            left -= len(chunk)
        yield b"</t></is></c></row>"

    return write_package(path, pieces())


def long_shared_cell(path: Path, characters: int, cells: int = 1) -> Path:
    """The small list and a shared text of `characters` letters used by `cells` cells."""
    shared = b'<?xml version="1.0"?><sst %s count="%d" uniqueCount="1"><si><t>%s</t></si></sst>' % (
        _NS,
        cells,
        b"a" * characters,
    )

    def pieces() -> Iterable[bytes]:
        yield table_rows_xml()
        for row in range(5, 5 + cells):
            yield b'<row r="%d"><c r="D%d" t="s"><v>0</v></c></row>' % (row, row)

    return write_package(path, pieces(), shared)


def announced_strings(path: Path, count: int) -> Path:
    """A shared-string table that announces `count` entries (and holds one)."""
    shared = b'<?xml version="1.0"?><sst %s count="1" uniqueCount="%d"><si><t>x</t></si></sst>' % (
        _NS,
        count,
    )
    return write_package(path, table_rows_xml(), shared)


def merged_ranges(path: Path, count: int) -> Path:
    merges = b"".join(b'<mergeCell ref="E%d:F%d"/>' % (row, row) for row in range(1, count + 1))
    extra = b'<mergeCells count="%d">%s</mergeCells>' % (count, merges)
    return write_package(path, table_rows_xml(), sheet_extra=extra)


def unpacks_to_more_than_it_states(path: Path, padding: int) -> Path:
    """A sheet whose data unpacks to `padding` more bytes than its entry states."""
    write_package(path, [table_rows_xml(), b" " * padding])
    data = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(signature + b"")
        while at >= 0:
            name_length = struct.unpack_from("<H", data, at + (26 if size_at == 22 else 28))[0]
            start = at + (30 if size_at == 22 else 46)
            if data[start : start + name_length] == name:
                struct.pack_into("<I", data, at + size_at, 1000)
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))
    return path


def ods(path: Path, table: bytes) -> Path:
    """An .ods whose one sheet ("Tổ 1") holds the rows `table`."""
    content = (
        b'<?xml version="1.0"?><office:document-content '
        b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        b'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" '
        b'office:version="1.2"><office:body><office:spreadsheet>'
        b'<table:table table:name="T\xe1\xbb\x95 1">%s</table:table>'
        b"</office:spreadsheet></office:body></office:document-content>" % table
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(
            zipfile.ZipInfo("mimetype"), b"application/vnd.oasis.opendocument.spreadsheet"
        )
        package.writestr(
            "META-INF/manifest.xml",
            b'<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
            b'opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" '
            b'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            b'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type='
            b'"text/xml"/></manifest:manifest>',
        )
        package.writestr("content.xml", content)
    return path


def ods_text(text: str) -> bytes:
    return (
        b'<table:table-cell office:value-type="string"><text:p>%s</text:p></table:table-cell>'
        % _escape(text)
    )


def ods_table_rows() -> bytes:
    rows = [b"<table:table-row>" + ods_text("CÔNG AN PHƯỜNG CỐC LẾU") + b"</table:table-row>"]
    rows.append(b"<table:table-row>" + b"".join(map(ods_text, HEADINGS)) + b"</table:table-row>")
    for name, relation, year in PEOPLE:
        year_cell = (
            b'<table:table-cell office:value-type="float" office:value="%d"><text:p>%d</text:p>'
            b"</table:table-cell>" % (year, year)
        )
        rows.append(
            b"<table:table-row>%s%s%s</table:table-row>"
            % (ods_text(name), ods_text(relation), year_cell)
        )
    return b"".join(rows)


# --- .xls: a compound file holding one BIFF8 "Workbook" stream ---------------------

_END_OF_CHAIN, _FREE, _FAT_SECTOR = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD


def _record(kind: int, data: bytes) -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def _label(row: int, column: int, text: str) -> bytes:
    encoded = text.encode("utf-16-le")
    return _record(0x0204, struct.pack("<HHHHB", row, column, 0, len(text), 1) + encoded)


def xls_cell(row: int, column: int, value: object) -> bytes:
    """A cell record: text, a number, or ("error", code) for an error cell."""
    if isinstance(value, str):
        return _label(row, column, value)
    if isinstance(value, tuple):
        return _record(0x0205, struct.pack("<HHHBB", row, column, 0, value[1], 1))
    return _record(0x0203, struct.pack("<HHHd", row, column, 0, float(value)))


def xls_table_cells() -> dict[tuple[int, int], object]:
    cells: dict[tuple[int, int], object] = {(0, 0): "CÔNG AN PHƯỜNG CỐC LẾU"}
    cells.update({(1, column): text for column, text in enumerate(HEADINGS)})
    for row, person in enumerate(PEOPLE, start=2):
        cells.update({(row, column): value for column, value in enumerate(person)})
    return cells


def workbook_stream(
    cells: Mapping[tuple[int, int], object], dimensions: bytes | None = None
) -> bytes:
    name = "Tổ 1".encode("utf-16-le")
    globals_ = [
        _record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0, 0, 0, 0)),
        None,  # the sheet's BoundSheet8, once its position is known
        _record(0x000A, b""),
    ]
    sheet = [_record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0, 0, 0, 0))]
    rows = max((row for row, _ in cells), default=0) + 1
    columns = max((column for _, column in cells), default=0) + 1
    sheet.append(_record(0x0200, dimensions or struct.pack("<IIHHH", 0, rows, 0, columns, 0)))
    sheet += [xls_cell(row, column, value) for (row, column), value in sorted(cells.items())]
    sheet.append(_record(0x000A, b""))
    bound = _record(0x0085, struct.pack("<IBBBB", 0, 0, 0, len("Tổ 1"), 1) + name)
    position = len(globals_[0]) + len(bound) + len(globals_[2])
    globals_[1] = _record(0x0085, struct.pack("<IBBBB", position, 0, 0, len("Tổ 1"), 1) + name)
    stream = b"".join(globals_) + b"".join(sheet)
    # Padding after the last EOF keeps the stream out of the mini stream (≥ 4,096 bytes).
    return stream + b"\0" * max(0, 4096 - len(stream))


def write_xls(path: Path, stream: bytes, directory_loop: bool = False) -> Path:
    """A version-3 compound file (512-byte sectors): FAT, directory, then the stream."""
    size = 512
    stream_sectors = -(-len(stream) // size)
    fat = [_FAT_SECTOR, 1 if directory_loop else _END_OF_CHAIN]
    fat += [2 + index + 1 for index in range(stream_sectors - 1)] + [_END_OF_CHAIN]
    fat += [_FREE] * (size // 4 - len(fat))
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 40, 0, 1, 1, 0, 4096, _END_OF_CHAIN, 0, _END_OF_CHAIN, 0)
    struct.pack_into("<I", header, 76, 0)
    for index in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * index, _FREE)
    directory = bytearray(512)

    def entry(at: int, name: str, kind: int, start: int, length: int) -> None:
        encoded = (name + "\0").encode("utf-16-le")
        directory[at : at + len(encoded)] = encoded
        struct.pack_into("<HBB", directory, at + 64, len(encoded), kind, 1)
        struct.pack_into("<III", directory, at + 68, _FREE, _FREE, 1 if kind == 5 else _FREE)
        struct.pack_into("<II", directory, at + 116, start, length)

    entry(0, "Root Entry", 5, _END_OF_CHAIN, 0)
    entry(128, "Workbook", 2, 2, len(stream))
    body = stream + b"\0" * (stream_sectors * size - len(stream))
    path.write_bytes(bytes(header) + struct.pack(f"<{size // 4}I", *fat) + bytes(directory) + body)
    return path
