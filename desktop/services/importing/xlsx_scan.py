"""Looking through an .xlsx before the spreadsheet reader builds it in memory.

python-calamine builds each sheet as one rectangle from A1 to its farthest value, and
Python lists on top of it: a single value at XFD1048576 asks for 17 billion cells, and
a shared-string table may announce any number of entries, which is reserved up front.
So the package is read here first, part by part, to find how far each sheet reaches,
how long its texts are and which cells hold an Excel error or a formula without its
result; the file is refused (limits.py) before anything large is built.

Most files are written the way Excel, LibreOffice and openpyxl write them (every cell
tag `<c r="B7" s="1" t="s">`, formulas and error cells in one form): a few whole-text
searches settle those. Any other file is walked tag by tag, the way the reader walks it
(rows and cells without their `r`, prefixed tags, rich text, other spellings).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from operator import itemgetter

from desktop.domain.errors import UserError
from desktop.services.importing.cell_issues import BrokenCell, cell_reference
from desktop.services.importing.limits import (
    MAX_CELL_CHARS,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_TEXT_CHARS,
    Budget,
    damaged,
    long_cell,
)
from desktop.services.importing.zip_parts import ZipParts

SHEET_BYTES = 256 * 2**20
STRINGS_BYTES = 128 * 2**20
OTHER_BYTES = 16 * 2**20
_SLICE = 4 * 2**20
_FIRST, _SECOND = itemgetter(0), itemgetter(1)
_MAX_CHARACTER_BYTES = 16  # the longest a character is written ("&#x0001F600;")

_ATTRS = rb"""((?:[^>"']|"[^"]*"|'[^']*')*)"""
_PREFIX = rb"(?:[A-Za-z_][\w.\-]*:)?"
_STRICT_CELL = re.compile(
    rb'<c r="([A-Z]{1,3})([0-9]{1,7})"(?: s="[0-9]{1,9}")?'
    rb'(?: t="(?:s|n|str|inlineStr|b|d|e)")?\s*/?>'
)
# A formula: "<f>A7+1</f>", "<f t="shared" ref="A8:A99" si="0">A7+1</f>", "<f t="shared" si="0"/>".
_F = rb"<f(?:\s[^>]*?)?(?:/>|>([^<]*)</f>)"
_FORMULA_WITH_VALUE = re.compile(rb"<f(?:\s[^>]*?)?(?:/>|>[^<]*</f>)<v>[^<]")
_VALUELESS_FORMULA = re.compile(
    rb'<c r="([A-Z]{1,3})([0-9]{1,7})"(?: s="[0-9]{1,9}")?(?: t="(\w+)")?\s*>'
    + _F
    + rb"(<v\s*/>|<v></v>)?</c>"
)
_ERROR_CELL = re.compile(
    rb'<c r="([A-Z]{1,3})([0-9]{1,7})"(?: s="[0-9]{1,9}")? t="e"\s*>'
    rb"(?:<f(?:\s[^>]*?)?(?:/>|>[^<]*</f>))?<v>([^<]*)</v></c>"
)
_OTHER_C_TAGS = re.compile(rb"<c[\w.\-:]")  # <cols>, <cfRule>…: tags other than a cell's
# A prefixed tag ("<x:c ", "<x:row>"): its colon is what is looked for, a quicker search.
_PREFIXED = re.compile(rb":(?:c|row|is|v|f|t|r)[\s/>]")
_FORMULA = re.compile(rb"<f[\s/>]")
_RICH = re.compile(rb"<r[\s>]")
_LONG_TEXT = re.compile(rb">[^<]{%d}" % MAX_CELL_CHARS)
_TAG = re.compile(rb"<[^>]*>")
_ENTITY = re.compile(rb"&#?\w{1,10};")
_CONTINUATION_BYTES = bytes(range(0x80, 0xC0))
_TOKEN = re.compile(
    rb"<(/?)" + _PREFIX + rb"(row|c|v|f|is|si|sst)(?=[\s/>])" + _ATTRS + rb">|([^<]+)|<[^>]*>"
)
_ATTRIBUTE = re.compile(rb"""([\w.:\-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REFERENCE = re.compile(rb"([A-Za-z]{1,3})([0-9]{1,7})")
_SHEET = re.compile(rb"<" + _PREFIX + rb"sheet\s" + _ATTRS + rb">")
_RELATIONSHIP = re.compile(rb"<" + _PREFIX + rb"Relationship\s" + _ATTRS + rb">")
_SI_END = re.compile(rb"</" + _PREFIX + rb"si>")
_UNIQUE_COUNT = re.compile(rb"""uniqueCount\s*=\s*["']([0-9]*)""")
_R = re.compile(rb"""(?:^|\s)r\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_T = re.compile(rb"""(?:^|\s)t\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_MARKED_TEXT = re.compile(rb">['#]")  # a text that starts with an apostrophe or "#"
_SHARED_INDEX = re.compile(rb'<c [^>]*t="s"[^>]*>\s*<v>([0-9]+)</v>')


@dataclass
class SheetFacts:
    """What the scan found in one worksheet."""

    rows: int = 0  # 1 + the last row holding a value
    columns: int = 0
    far: tuple[int, int] | None = None  # the cell that reaches farthest
    broken: dict[tuple[int, int], BrokenCell] = field(default_factory=dict)
    # Some text starts with "#" or an apostrophe: cell_issues.clean_rows() has work to do.
    marked_text: bool = True


@dataclass
class _SharedStrings:
    lengths: list[int] = field(default_factory=list)  # text bytes of each entry
    marked: bool = False  # an entry starts with "#" or an apostrophe

    @property
    def longest(self) -> int:
        return max(self.lengths, default=0)


def scan_xlsx(parts: ZipParts, budget: Budget) -> dict[str, SheetFacts]:
    """The facts of every visible worksheet, by name; raises UserError for a file that
    cannot be a household list or is damaged."""
    file_name = parts.file_name
    base = _workbook_folder(parts, file_name)
    if not parts.has(base + "workbook.xml"):
        raise damaged(file_name)
    for name in ("styles.xml", "_rels/workbook.xml.rels"):
        if parts.has(base + name):
            parts.read(base + name, OTHER_BYTES)
    strings = _shared_strings(parts, base + "sharedStrings.xml", file_name)
    facts = {}
    plain: list[tuple[str, int]] = []  # (part, text bound) of the sheets read the quick way
    for sheet, part in _visible_worksheets(parts, base, file_name):
        if not parts.has(part):
            continue  # the reader fails on it: "damaged"
        data = parts.read(part, SHEET_BYTES)
        long_text = _refuse_endless_text(data, file_name, sheet)
        found = _plain_scan(data) if not long_text and _plain(data) else None
        # The tags' extent counts empty formatted cells too: only when it passes the
        # limits is it taken for the extent of the values.
        if found is not None and budget.fits(found.rows, found.columns):
            plain.append((part, len(data) + data.count(b't="s"') * strings.longest))
        else:
            found = _Walk(data, strings, budget, sheet).run()  # counts its text exactly
        budget.add_sheet(sheet, found.rows, found.columns, found.far)
        budget.add_merged(data.count(b"<mergeCell"))
        found.marked_text = strings.marked or bool(_MARKED_TEXT.search(data))
        facts[sheet] = found
    if budget.text + sum(bound for _, bound in plain) <= MAX_TEXT_CHARS:
        budget.add_text(sum(bound for _, bound in plain))
    else:  # the sizes do not settle it: count the text of each sheet
        for part, _ in plain:
            _count_text(parts.read(part, SHEET_BYTES, again=True), strings, budget)
    return facts


def _workbook_folder(parts: ZipParts, file_name: str) -> str:
    """ "xl/": where the package's relationships put the workbook (as the reader finds it)."""
    if not parts.has("_rels/.rels"):
        raise damaged(file_name)
    for attributes in _RELATIONSHIP.findall(parts.read("_rels/.rels", OTHER_BYTES)):
        values = _attributes(attributes)
        if values.get("Type", "").endswith("/relationships/officeDocument"):
            target = values.get("Target", "")
            folder = target[: target.rfind("/") + 1]
            return folder.removeprefix("/")
    raise damaged(file_name)


def _visible_worksheets(parts: ZipParts, base: str, file_name: str) -> list[tuple[str, str]]:
    """(sheet name, part) of the visible worksheets, in workbook order."""
    targets = {}
    rels = base + "_rels/workbook.xml.rels"
    if parts.has(rels):
        for attributes in _RELATIONSHIP.findall(parts.read(rels, OTHER_BYTES)):
            values = _attributes(attributes)
            targets[values.get("Id", "")] = (values.get("Target", ""), values.get("Type", ""))
    sheets = []
    for attributes in _SHEET.findall(parts.read(base + "workbook.xml", OTHER_BYTES)):
        values = _attributes(attributes)
        state = values.get("state", "visible")
        rel_id = next((v for k, v in values.items() if k.split(":")[-1] == "id"), "")
        target, kind = targets.get(rel_id, ("", ""))
        if state != "visible" or not kind.endswith("/worksheet"):
            continue
        part = target.removeprefix("/") if target.startswith("/") else base + target
        sheets.append((html.unescape(values.get("name", "")), part))
    return sheets


def _attributes(raw: bytes) -> dict[str, str]:
    return {
        key.decode("utf-8", "replace"): (double or single).decode("utf-8", "replace")
        for key, double, single in _ATTRIBUTE.findall(raw)
    }


def _shared_strings(parts: ZipParts, part: str, file_name: str) -> _SharedStrings:
    strings = _SharedStrings()
    if not parts.has(part):
        return strings
    data = parts.read(part, STRINGS_BYTES)
    announced = _UNIQUE_COUNT.search(data[:4096])
    if announced and announced.group(1) and int(announced.group(1)) > MAX_CELLS:
        raise UserError(
            f"Tệp “{file_name}” không thể là danh sách hộ: bảng chữ dùng chung của tệp khai "
            f"báo {announced.group(1).decode()} mục, nhiều hơn số ô của cả một danh sách."
        )
    strings.marked = bool(_MARKED_TEXT.search(data))
    # One entry per piece: the tags removed, entries cut where each one ends.
    pieces = _TAG.sub(b"", _SI_END.sub(b"\x00", data)).split(b"\x00")
    strings.lengths = list(map(len, pieces[:-1]))
    if strings.longest > MAX_CELL_CHARS:
        for piece in pieces:
            if len(piece) > MAX_CELL_CHARS and _characters(piece) > MAX_CELL_CHARS:
                raise long_cell(file_name, "một ô chữ trong tệp")
    return strings


def _characters(text: bytes) -> int:
    """Characters of XML text: each entity ("&#7885;") one, each UTF-8 sequence one (its
    continuation bytes dropped), counted without decoding or listing anything."""
    plain, entities = _ENTITY.subn(b"", text)
    return len(plain.translate(None, _CONTINUATION_BYTES)) + entities


def _text_characters(data: bytes) -> int:
    """_characters() of a sheet's text (its tags taken out), a slice at a time."""
    total = 0
    for start, end in _slices(data):
        total += _characters(_TAG.sub(b"", data[start:end]))
    return total


def _slices(data: bytes):
    """(start, end) of slices of about _SLICE bytes, each ending where a tag begins."""
    start = 0
    while start < len(data):
        end = data.find(b"<", start + _SLICE) if start + _SLICE < len(data) else len(data)
        end = len(data) if end < 0 else end
        yield start, end
        start = end


def _refuse_endless_text(data: bytes, file_name: str, sheet: str) -> bool:
    """Whether the sheet has a text of more bytes than a cell's characters (its length is
    then counted by the walk); one too long however its letters are written is refused
    here, before the walk would copy it."""
    found = False
    for match in _LONG_TEXT.finditer(data):
        found = True
        end = data.find(b"<", match.start() + 1)
        if (len(data) if end < 0 else end) - match.start() > _MAX_CHARACTER_BYTES * MAX_CELL_CHARS:
            raise long_cell(file_name, f"một ô của trang “{sheet}”")
    return found


def _plain(data: bytes) -> bool:
    """True for a sheet written the usual way: no rich text or prefixed tags among its
    cells (long texts, the cell tags, formulas and error cells are checked on their own).
    Prefixed tags after the cells are common (data validation lists: "<xm:f>")."""
    start, end = data.find(b"<sheetData"), data.rfind(b"</sheetData>")
    if start < 0 or end < start:
        return b"<sheetData/>" in data and not _PREFIXED.search(data)
    return not (_RICH.search(data, start, end) or _PREFIXED.search(data, start, end))


def _plain_scan(data: bytes) -> SheetFacts | None:
    """How far the cell tags reach (empty formatted cells included: a bound, not the
    values' extent) and the cells without a value; None unless every cell tag, formula
    and error cell has the strict form."""
    tags = data.count(b"<c") - len(_OTHER_C_TAGS.findall(data))
    broken = _plain_broken_cells(data)
    if broken is None:
        return None
    facts = SheetFacts()
    last_row, last_letters, strict = 0, b"", 0
    for start, end in _slices(data):
        refs = _STRICT_CELL.findall(data, start, end)
        strict += len(refs)
        if not refs:
            continue
        letters = max(set(map(_FIRST, refs)), key=lambda x: (len(x), x))
        if (len(letters), letters) > (len(last_letters), last_letters):
            last_letters = letters
        last_row = max(last_row, max(map(int, set(map(_SECOND, refs)))))
    if strict != tags:
        return None
    if last_row:
        facts.rows, facts.columns = last_row, _column_number(last_letters) + 1
        facts.far = (last_row - 1, facts.columns - 1)
    facts.broken = broken
    return facts


def _plain_broken_cells(data: bytes) -> dict[tuple[int, int], BrokenCell] | None:
    """Error cells and formulas without their result, found by whole-text searches; None
    when some formula or error cell is written otherwise (the walk finds those)."""
    broken: dict[tuple[int, int], BrokenCell] = {}
    formulas = len(_FORMULA.findall(data))
    if formulas:
        valueless = _VALUELESS_FORMULA.findall(data)
        if len(_FORMULA_WITH_VALUE.findall(data)) + len(valueless) != formulas:
            return None
        for letters, row, kind, text, empty_value in valueless:
            if kind == b"str" and empty_value:
                continue  # a formula whose result is the empty text
            formula = html.unescape(text[:400].decode("utf-8", "replace"))
            broken[(int(row) - 1, _column_number(letters))] = _valueless(formula)
    if b't="e"' in data:
        errors = _ERROR_CELL.findall(data)
        if len(errors) != data.count(b't="e"'):
            return None
        for letters, row, code in errors:
            shown = code.decode("utf-8", "replace").strip()
            broken[(int(row) - 1, _column_number(letters))] = BrokenCell(shown or "#N/A")
    return broken


def _count_text(data: bytes, strings: _SharedStrings, budget: Budget) -> None:
    """Count the sheet's text: its own (tags taken out) and the shared entries it uses."""
    budget.add_text(_text_characters(data))
    cells = data.count(b't="s"')
    if not cells or not strings.lengths:
        return
    if cells * strings.longest <= 2**20:
        budget.add_text(cells * strings.longest)
        return
    lengths, total = strings.lengths, 0
    for index in _SHARED_INDEX.findall(data):
        position = int(index)
        total += lengths[position] if position < len(lengths) else 0
    budget.add_text(total)


def _quoted(found: re.Match) -> bytes:
    """The value of an attribute matched in double or in single quotes."""
    return found.group(1) if found.group(1) is not None else found.group(2)


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + (letter - 64)
    return number - 1


class _Walk:
    """The sheet read tag by tag, as python-calamine reads it: where each cell is, whether
    it holds a value, how long its text is, and its error or value-less formula."""

    def __init__(self, data: bytes, strings: _SharedStrings, budget: Budget, sheet: str):
        self.data = data
        self.strings = strings
        self.budget = budget
        self.sheet = sheet
        self.facts = SheetFacts()
        self.row = 0
        self.column = 0

    def run(self) -> SheetFacts:
        cell: _Cell | None = None
        inside = ""  # the element whose text is being read: "v", "f" or "t"
        for match in _TOKEN.finditer(self.data):
            closing, name, attributes, text = match.groups()
            if name is None and text is None:
                continue  # another element (<t>, <r>, <rPh>…)
            if text is not None:
                if cell is not None and inside:
                    cell.add_text(inside, text)
                continue
            empty = attributes.endswith(b"/")
            if closing:
                if name == b"c" and cell is not None:
                    self._end_cell(cell)
                    cell = None
                elif name == b"row":
                    self.row, self.column = self.row + 1, 0
                inside = ""
                continue
            if name == b"row":
                self._start_row(attributes)
                if empty:
                    self.row, self.column = self.row + 1, 0
            elif name == b"c":
                cell = self._start_cell(attributes)
                if empty:
                    self._end_cell(cell)
                    cell = None
            elif cell is not None and name in (b"v", b"f", b"is"):
                cell.last_child = name
                if name == b"v":
                    cell.has_v = True
                elif name == b"f":
                    cell.has_formula = True
                inside = "" if empty else name.decode()
                if name == b"is":
                    inside = "t"  # the text of its runs
        return self.facts

    def _start_row(self, attributes: bytes) -> None:
        found = _R.search(attributes)
        if found is not None:
            number = _quoted(found).decode("ascii", "replace")
            if not number.isdigit() or not 0 < int(number) <= 1_048_576:
                raise UserError(f"Trang “{self.sheet}” có số dòng “{number[:12]}” không hợp lệ.")
            self.row = int(number) - 1

    def _start_cell(self, attributes: bytes) -> _Cell:
        found = _R.search(attributes)
        if found is not None:
            reference = _quoted(found)
            match = _REFERENCE.fullmatch(reference)
            if match is None:
                shown = reference[:12].decode("ascii", "replace")
                raise UserError(f"Trang “{self.sheet}” có ô “{shown}” không hợp lệ.")
            self.row = int(match.group(2)) - 1
            self.column = _column_number(match.group(1))
        position = (self.row, self.column)
        self.column += 1
        kind = _T.search(attributes)
        return _Cell(position, _quoted(kind).decode("ascii", "replace") if kind else None)

    def _end_cell(self, cell: _Cell) -> None:
        if cell.characters > MAX_CELL_CHARS:
            raise long_cell(
                self.budget.file_name,
                f"ô {cell_reference(*cell.position)} của trang “{self.sheet}”",
            )
        if cell.kind == "s":
            index = cell.value.strip()
            lengths = self.strings.lengths
            if index.isdigit() and int(index) < len(lengths):
                self.budget.add_text(lengths[int(index)])
        else:
            self.budget.add_text(cell.characters)
        broken = cell.broken()
        if broken is not None:
            self.facts.broken[cell.position] = broken
        if cell.holds_value() or broken is not None:
            row, column = cell.position
            facts = self.facts
            if row + 1 > facts.rows or column + 1 > facts.columns:
                facts.far = (max(row, facts.rows - 1), max(column, facts.columns - 1))
            facts.rows, facts.columns = max(facts.rows, row + 1), max(facts.columns, column + 1)
            if facts.rows > MAX_ROWS or facts.columns > MAX_COLUMNS:
                self.budget.add_sheet(self.sheet, facts.rows, facts.columns, (row, column))


class _Cell:
    __slots__ = ("characters", "formula", "has_formula", "has_v", "kind", "last_child")
    __slots__ += ("position", "value")

    def __init__(self, position: tuple[int, int], kind: str | None) -> None:
        self.position = position
        self.kind = kind
        self.has_v = False
        self.has_formula = False
        self.last_child = b""
        self.value = ""  # the <v> text
        self.formula = ""
        self.characters = 0

    def add_text(self, inside: str, raw: bytes) -> None:
        if inside == "f":
            if len(self.formula) < 200:
                self.formula += html.unescape(raw[:400].decode("utf-8", "replace"))
            return
        if len(raw) <= MAX_CELL_CHARS:
            self.characters += len(raw)
        elif len(raw) > _MAX_CHARACTER_BYTES * MAX_CELL_CHARS:
            self.characters += len(raw)  # too long however it is spelled: no need to decode
        else:
            self.characters += _characters(raw)
        if inside == "v" and len(self.value) < 64:
            self.value += raw[:64].decode("utf-8", "replace")

    def holds_value(self) -> bool:
        """Whether the reader keeps this cell (an empty one it leaves out)."""
        if self.last_child == b"is":
            return True
        if self.last_child != b"v":
            return False
        return bool(self.value) or self.kind in ("str", "d")

    def broken(self) -> BrokenCell | None:
        if self.kind == "e" and self.value.strip():
            return BrokenCell(self.value.strip())
        if self.has_formula and not (self.has_v and (self.value or self.kind == "str")):
            return _valueless(self.formula)
        return None


def _valueless(formula: str) -> BrokenCell:
    """The BrokenCell of a formula without its result, shown as Excel shows formulas."""
    return BrokenCell("=" + " ".join(formula.split()) if formula.strip() else "=…", True)
