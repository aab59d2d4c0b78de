"""Looking through an old .xls (Excel 97–2003) before the spreadsheet reader opens it.

An .xls is a compound file (a small file system of sectors chained by a table) holding
the "Workbook" stream of BIFF records. python-calamine reads every sheet as soon as the
file opens, reserves memory by the sizes the file declares and follows sector chains
to their end, so a damaged or hostile file can make it loop or reserve gigabytes. Here
the chains are followed with a guard against loops, the declared sizes are checked,
and each sheet's records give how far it reaches, its texts, its merged ranges and its
error cells, before the reader is let at the file.
"""

from __future__ import annotations

import struct
from pathlib import Path

from desktop.domain.errors import UserError
from desktop.services.importing.cell_issues import BrokenCell, cell_reference
from desktop.services.importing.limits import MAX_CELL_CHARS, Budget, damaged, long_cell
from desktop.services.importing.xlsx_scan import SheetFacts

PASSWORD_PROTECTED = "Tệp được bảo vệ bằng mật khẩu; hãy mở bằng Excel, bỏ mật khẩu rồi lưu lại."
_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END_OF_CHAIN = 0xFFFFFFFE
_DIFAT_SECTOR = 0xFFFFFFFC
_RESERVED = 0xFFFFFFFA
_MINI_CUTOFF = 4096
# Error codes of BoolErr and Formula records ([MS-XLS] 2.5.10).
_ERRORS = {
    0x00: "#NULL!",
    0x07: "#DIV/0!",
    0x0F: "#VALUE!",
    0x17: "#REF!",
    0x1D: "#NAME?",
    0x24: "#NUM!",
    0x2A: "#N/A",
    0x2B: "#GETTING_DATA",
}
_MAX_DIMENSION_CELLS = 65_536 * 256  # the largest sheet an .xls can hold


def _numbers(data: bytes) -> list[int]:
    """The little-endian 32-bit numbers of a sector (a table of sector links)."""
    count = len(data) // 4
    return list(struct.unpack(f"<{count}I", data[: count * 4]))


class _Compound:
    """The sectors of a compound file, walked as the reader walks them."""

    def __init__(self, data: bytes, file_name: str) -> None:
        self.file_name = file_name
        if len(data) < 512 or data[:8] != _SIGNATURE:
            raise damaged(file_name)
        shift, mini_shift = struct.unpack_from("<HH", data, 30)
        if shift not in (9, 12) or mini_shift != 6:
            raise damaged(file_name)
        self.size = 1 << shift
        self.body = data[self.size :] if shift == 12 else data[512:]
        self.version = struct.unpack_from("<H", data, 26)[0]
        self.max_id = len(data) // self.size
        fat_sectors, directory_start = struct.unpack_from("<II", data, 44)
        mini_fat_start, mini_fat_sectors, difat_start = struct.unpack_from("<III", data, 60)
        # The reader reserves room by header fields before it checks them.
        reserved_difat = struct.unpack_from("<I", data, 62)[0]
        if fat_sectors > self.max_id or reserved_difat > 2**27 or mini_fat_sectors > self.max_id:
            raise damaged(file_name)
        self.fat = self._fat(data, difat_start)
        directory = self.chain(directory_start, self.fat, None)
        self.entries = [directory[at : at + 128] for at in range(0, len(directory), 128)]
        if not self.entries:
            raise damaged(file_name)
        root_start, root_length = self._entry(self.entries[0])
        self.mini_stream = b""
        self.mini_fat: list[int] = []
        if mini_fat_sectors:
            self.mini_stream = self.chain(root_start, self.fat, root_length)
            table = self.chain(mini_fat_start, self.fat, mini_fat_sectors * self.size)
            self.mini_fat = _numbers(table)

    def _sector(self, number: int) -> bytes:
        if number > self.max_id:
            raise damaged(self.file_name)
        return self.body[number * self.size : (number + 1) * self.size]

    def _fat(self, data: bytes, difat_start: int) -> list[int]:
        difat = list(struct.unpack_from("<109I", data, 76))
        seen = set()
        sector = difat_start
        while sector < _RESERVED:
            if sector in seen:
                raise damaged(self.file_name)  # the reader would loop here for ever
            seen.add(sector)
            difat += _numbers(self._sector(sector))
            sector = difat.pop() if difat else _END_OF_CHAIN
        fat: list[int] = []
        for sector in difat:
            if sector < _DIFAT_SECTOR:
                fat += _numbers(self._sector(sector))
        return fat

    def _entry(self, entry: bytes) -> tuple[int, int]:
        start = struct.unpack_from("<I", entry, 116)[0] if len(entry) >= 120 else _END_OF_CHAIN
        if len(entry) < 128:
            return start, 0
        if self.size == 512:
            return start, struct.unpack_from("<I", entry, 120)[0]
        return start, struct.unpack_from("<Q", entry, 120)[0]

    def chain(self, start: int, table: list[int], length: int | None, mini: bool = False) -> bytes:
        """The bytes of a chain of sectors; refuses a loop or a link out of the table."""
        pieces, total, seen = [], 0, set()
        sector = start
        while sector != _END_OF_CHAIN:
            if sector in seen:
                raise damaged(self.file_name)
            seen.add(sector)
            if mini:
                if sector > self.max_id * 8:
                    raise damaged(self.file_name)
                piece = self.mini_stream[sector * 64 : (sector + 1) * 64]
            else:
                piece = self._sector(sector)
            if length is not None:
                piece = piece[: length - total]
            pieces.append(piece)
            total += len(piece)
            if length is not None and total >= length:
                break
            if sector >= len(table):
                raise damaged(self.file_name)
            sector = table[sector]
        return b"".join(pieces)

    def stream(self, wanted: str) -> bytes | None:
        for entry in self.entries:
            length = struct.unpack_from("<H", entry, 64)[0] if len(entry) >= 66 else 0
            name = entry[:64].decode("utf-16-le", "replace").split("\0")[0]
            if name != wanted or length == 0:
                continue
            start, size = self._entry(entry)
            if size < _MINI_CUTOFF:
                return self.chain(start, self.mini_fat, size, mini=True)
            return self.chain(start, self.fat, size)
        return None


def _records(stream: bytes, at: int):
    """(type, data, continuations) of the records from `at`, as the reader splits them."""
    end = len(stream)
    while at + 4 <= end:
        kind, length = struct.unpack_from("<HH", stream, at)
        start = at + 4
        if start + length > end:
            return
        data = stream[start : start + length]
        at = start + length
        continuations = []
        while at + 4 <= end and struct.unpack_from("<H", stream, at)[0] == 0x003C:
            more = struct.unpack_from("<H", stream, at + 2)[0]
            if at + 4 + more > end:
                return
            continuations.append(stream[at + 4 : at + 4 + more])
            at += 4 + more
        yield kind, data, continuations


def scan_xls(path: Path, file_name: str, budget: Budget) -> dict[str, SheetFacts]:
    """The facts of every sheet, by name; raises UserError for a file that cannot be a
    household list, is damaged or is protected by a password."""
    compound = _Compound(path.read_bytes(), file_name)
    stream = compound.stream("Workbook") or compound.stream("Book")
    if stream is None:
        raise damaged(file_name)
    sheets: list[tuple[int, str]] = []
    strings: list[int] = []
    for kind, data, continuations in _records(stream, 0):
        if kind == 0x002F and data[:2] != b"\0\0":
            raise UserError(PASSWORD_PROTECTED)
        if kind == 0x0085 and len(data) >= 8:
            sheets.append((struct.unpack_from("<I", data)[0], _sheet_name(data[6:])))
        elif kind == 0x00FC:
            strings = _string_lengths(data[8:], continuations)
            if max(strings, default=0) > MAX_CELL_CHARS:
                raise long_cell(file_name, "một ô chữ trong tệp")
        elif kind == 0x000A:
            break
    facts = {}
    for position, name in sheets:
        if position >= len(stream):
            raise damaged(file_name)
        found = _scan_sheet(stream, position, strings, budget, name)
        budget.add_sheet(name, found.rows, found.columns, found.far)
        facts[name] = found
    return facts


def _sheet_name(data: bytes) -> str:
    if len(data) < 2:
        return ""
    length, flags = data[0], data[1]
    if flags & 1:
        return data[2 : 2 + 2 * length].decode("utf-16-le", "replace").replace("\0", "")
    return data[2 : 2 + length].decode("latin-1").replace("\0", "")


def _string_lengths(first: bytes, continuations: list[bytes]) -> list[int]:
    """The length in characters of each entry of the shared string table."""
    segments = [first, *continuations]
    lengths = []
    index, at = 0, 0

    def skip(count: int) -> None:
        nonlocal index, at
        while count > 0 and index < len(segments):
            room = len(segments[index]) - at
            if count < room:
                at += count
                return
            count -= room
            index, at = index + 1, 0

    while index < len(segments):
        segment = segments[index]
        if len(segment) - at < 3:
            index, at = index + 1, 0
            continue
        length, flags = struct.unpack_from("<HB", segment, at)
        at += 3
        extras = 0
        if flags & 0x08:
            extras += 4 * struct.unpack_from("<H", segment, at)[0] if at + 2 <= len(segment) else 0
            at += 2
        if flags & 0x04:
            extras += struct.unpack_from("<I", segment, at)[0] if at + 4 <= len(segment) else 0
            at += 4
        wide = flags & 0x01
        left = length
        while left > 0 and index < len(segments):
            room = len(segments[index]) - at
            if room <= 0:
                index, at = index + 1, 0
                if index < len(segments):
                    wide = segments[index][0] & 0x01  # a continued string restates its width
                    at = 1
                continue
            take = min(left, room // (2 if wide else 1)) or left
            at += take * (2 if wide else 1)
            left -= take
        lengths.append(length)
        skip(extras)
    return lengths


def _scan_sheet(
    stream: bytes, position: int, strings: list[int], budget: Budget, sheet: str
) -> SheetFacts:
    facts = SheetFacts()
    depth = 0
    formula_at: tuple[int, int] | None = None
    for kind, data, _ in _records(stream, position):
        if kind == 0x0809:
            depth += 1
            continue
        if kind == 0x000A:
            depth -= 1
            if depth <= 0:
                break
            continue
        if depth > 1:
            continue  # a chart or another substream inside the sheet
        if kind == 0x0200:
            _check_dimensions(data, budget.file_name)
        elif kind == 0x00E5 and len(data) >= 2:
            budget.add_merged(struct.unpack_from("<H", data)[0])
        elif kind in (0x0203, 0x027E, 0x0205, 0x0204, 0x00D6, 0x00FD, 0x0006) and len(data) >= 6:
            row, column = struct.unpack_from("<HH", data)
            characters, broken = _cell(kind, data, strings)
            if kind == 0x0006:
                formula_at = (row, column)
                if characters is None:
                    continue  # its text follows in a String record
            _place(facts, row, column, characters or 0, broken, budget, sheet)
        elif kind == 0x00BD and len(data) >= 6:
            row, first = struct.unpack_from("<HH", data)
            last = first + (len(data) - 6) // 6 - 1
            _place(facts, row, max(first, last), 0, None, budget, sheet)
        elif kind == 0x0207 and formula_at is not None and len(data) >= 2:
            _place(facts, *formula_at, struct.unpack_from("<H", data)[0], None, budget, sheet)
    return facts


def _check_dimensions(data: bytes, file_name: str) -> None:
    """The reader reserves room for the declared used range: refuse an impossible one."""
    if len(data) == 14:
        first_row, last_row, first_column, last_column = struct.unpack_from("<IIHH", data)
    elif len(data) == 10:
        first_row, last_row, first_column, last_column = struct.unpack_from("<HHHH", data)
    else:
        return
    if first_column > 0xFF or last_column < first_column:
        first_column = 0
    if last_row >= 1 and last_column >= 1:
        rows = (last_row - 1 - first_row + 1) % 2**32
        columns = (last_column - 1 - first_column + 1) % 2**32
        if rows * columns > _MAX_DIMENSION_CELLS:
            raise damaged(file_name)


def _cell(kind: int, data: bytes, strings: list[int]) -> tuple[int | None, BrokenCell | None]:
    """(characters of text, the error it shows) of a cell record; None characters for a
    formula whose text comes in the next record."""
    if kind == 0x0205 and len(data) >= 8 and data[7] == 1:
        return 0, BrokenCell(_ERRORS.get(data[6], "#N/A"))
    if kind in (0x0204, 0x00D6) and len(data) >= 8:
        return struct.unpack_from("<H", data, 6)[0], None
    if kind == 0x00FD and len(data) >= 10:
        index = struct.unpack_from("<I", data, 6)[0]
        return (strings[index] if index < len(strings) else 0), None
    if kind == 0x0006 and len(data) >= 14 and data[12:14] == b"\xff\xff":
        if data[6] == 0x02:
            return 0, BrokenCell(_ERRORS.get(data[8], "#N/A"))
        if data[6] == 0x00:
            return None, None
    return 0, None


def _place(
    facts: SheetFacts,
    row: int,
    column: int,
    characters: int,
    broken: BrokenCell | None,
    budget: Budget,
    sheet: str,
) -> None:
    if characters > MAX_CELL_CHARS:
        raise long_cell(budget.file_name, f"ô {cell_reference(row, column)} của trang “{sheet}”")
    budget.add_text(characters)
    if broken is not None:
        facts.broken[(row, column)] = broken
    if row + 1 > facts.rows or column + 1 > facts.columns:
        facts.far = (max(row, facts.rows - 1), max(column, facts.columns - 1))
    facts.rows = max(facts.rows, row + 1)
    facts.columns = max(facts.columns, column + 1)
