"""Qt's ICU data cut down to what a Vietnamese desk uses (the Linux build only).

PySide6's Linux wheels carry ICU 73 for Qt, and its data library libicudata.so.73 is
31 MB: every locale's names of languages, countries, currencies and units, the
spell-out rules of numbers, transliterators, the dictionaries that break Thai, Khmer,
Chinese or Japanese text into words, and the converters of the East Asian character
sets. Qt asks ICU for little (its own locale data, text breaking and UTF codecs are its
own): collation (QCollator: sorting in its file dialog), case mapping with a locale,
time-zone names and IDs, and legacy character-set converters. So the data kept is:
everything that is not a locale's (normalization, properties, the root collation, the
time-zone database, converters' aliases…), the root, Vietnamese and English locales in
every tree, and the converters of the one-byte character sets. What goes: the other
locales, the number spell-out rules and transliterators, the word-break dictionaries,
the big multi-byte converters. `denkhuya --self-test` checks Vietnamese collation, case
and a time zone through Qt afterwards. Windows' Qt uses the system's ICU: nothing to do.

The data is an ICU "common data" package (format CmnD) inside the library as the symbol
icudt<version>_dat. This reads its table of contents, writes a package holding the items
kept (same order, so ICU's binary search by name still works; each item 16-byte
aligned, as ICU's own tools write them), and assembles a new library around it with
binutils' `as` and `ld` (the shared library has nothing but that one symbol, as ICU's
own has). The result replaces libicudata.so.<version> in the frozen folder.
"""

from __future__ import annotations

import re
import struct
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

ALIGNMENT = 16
PADDING = b"\xaa"  # what ICU's pkgdata fills the gaps with
# Locales kept in every tree (and their regional variants, as vi_VN, en_US_POSIX).
LOCALES_KEPT = ("root", "vi", "en")
# A locale's file: a language code of 2 or 3 letters, then script, region, variants.
LOCALE = re.compile(r"[a-z]{2,3}(_[A-Za-z0-9]*)*")
# Shaped like a locale's name, yet each tree's index of its locales.
NOT_LOCALES = ("res_index",)
# Trees whose data no ICU function Qt calls reads (unum's spell-out, utrans).
TREES_LEFT_OUT = ("rbnf", "translit")
# One-byte converters are a few kilobytes; the multi-byte ones (Chinese, Japanese,
# Korean, EBCDIC mixed) up to 600 KB each.
CONVERTER_LIMIT = 32 * 1024


def keep_item(name: str, size: int) -> bool:
    """Whether an item of the package ("icudt73l/coll/vi.res", its size) stays."""
    path = PurePosixPath(*PurePosixPath(name).parts[1:])  # less the package, "icudt73l/"
    tree = path.parts[0] if len(path.parts) > 1 else ""
    if tree in TREES_LEFT_OUT or path.suffix == ".dict":
        return False
    if path.suffix == ".cnv":
        return size <= CONVERTER_LIMIT
    if path.suffix == ".res" and LOCALE.fullmatch(path.stem) and path.stem not in NOT_LOCALES:
        language = path.stem.split("_")[0]
        return language in LOCALES_KEPT
    return True


@dataclass
class Package:
    header: bytes  # ICU's data header (with its copyright), kept as it is
    items: list[tuple[str, bytes]]


def read_package(data: bytes) -> Package:
    """The items of an ICU common data package, little-endian."""
    (header_size,) = struct.unpack_from("<H", data, 0)
    if data[2:4] != b"\xda\x27" or data[12:16] != b"CmnD":
        raise ValueError("không phải gói dữ liệu ICU (CmnD)")
    (count,) = struct.unpack_from("<I", data, header_size)
    entries = [
        struct.unpack_from("<II", data, header_size + 4 + 8 * index) for index in range(count)
    ]
    ends = [data_offset for _, data_offset in entries[1:]] + [len(data) - header_size]
    items = []
    for (name_offset, data_offset), end in zip(entries, ends, strict=True):
        name_start = header_size + name_offset
        name = data[name_start : data.index(b"\0", name_start)].decode("ascii")
        items.append((name, data[header_size + data_offset : header_size + end]))
    return Package(data[:header_size], items)


def write_package(package: Package) -> bytes:
    """The package's bytes: header, table of contents, names, items (16-byte aligned)."""
    count = len(package.items)
    names = b"".join(name.encode("ascii") + b"\0" for name, _ in package.items)
    table_size = 4 + 8 * count
    position = _aligned(table_size + len(names))
    offsets, name_position = [], table_size
    for name, item in package.items:
        offsets.append((name_position, position))
        name_position += len(name) + 1
        position = _aligned(position + len(item))
    table = struct.pack("<I", count) + b"".join(struct.pack("<II", *pair) for pair in offsets)
    out = bytearray(package.header + table + names)
    for (_, data_offset), (_, item) in zip(offsets, package.items, strict=True):
        out.extend(PADDING * (len(package.header) + data_offset - len(out)))
        out.extend(item)
    out.extend(PADDING * (_aligned(len(out)) - len(out)))
    return bytes(out)


def _aligned(size: int) -> int:
    return -(-size // ALIGNMENT) * ALIGNMENT


def data_symbol(library: Path) -> tuple[str, int, int]:
    """The data symbol of libicudata (name, file offset, size), read with binutils."""
    symbols = subprocess.run(
        ["nm", "-D", "--defined-only", "-S", str(library)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = re.search(r"^([0-9a-f]+) ([0-9a-f]+) R (icudt\d+_dat)$", symbols, re.MULTILINE)
    if not found:
        raise ValueError(f"{library.name}: không thấy dữ liệu icudt…_dat")
    address, size, name = int(found.group(1), 16), int(found.group(2), 16), found.group(3)
    segments = subprocess.run(
        ["readelf", "-lW", str(library)], capture_output=True, text=True, check=True
    ).stdout
    for line in segments.splitlines():
        fields = line.split()
        if fields[:1] == ["LOAD"]:
            offset, virtual, file_size = (int(value, 16) for value in fields[1:3] + fields[4:5])
            if virtual <= address < virtual + file_size:
                return name, offset + address - virtual, size
    raise ValueError(f"{library.name}: không thấy đoạn chứa {name}")


def build_library(symbol: str, package: bytes, soname: str, target: Path) -> None:
    """A shared library whose only symbol is `symbol`, the package (read-only data)."""
    with tempfile.TemporaryDirectory(prefix="icu-") as folder:
        work = Path(folder)
        (work / "data.bin").write_bytes(package)
        (work / "data.s").write_text(
            "\t.section .rodata\n"
            f"\t.globl {symbol}\n"
            f"\t.type {symbol}, @object\n"
            f"\t.balign {ALIGNMENT}\n"
            f"{symbol}:\n"
            f'\t.incbin "{work / "data.bin"}"\n'
            f"\t.size {symbol}, . - {symbol}\n"
            '\t.section .note.GNU-stack,"",@progbits\n',
            encoding="ascii",
        )
        subprocess.run(["as", "-o", str(work / "data.o"), str(work / "data.s")], check=True)
        subprocess.run(
            ["ld", "-shared", "-soname", soname, "-s", "-o", str(target), str(work / "data.o")],
            check=True,
        )


def trim_library(library: Path) -> tuple[int, int, int, int]:
    """Replace libicudata.so.N by one with the items kept; (bytes before, after,
    items before, after)."""
    symbol, offset, size = data_symbol(library)
    with library.open("rb") as file:
        file.seek(offset)
        package = read_package(file.read(size))
    kept = [(name, item) for name, item in package.items if keep_item(name, len(item))]
    before = library.stat().st_size
    replacement = library.with_name(library.name + ".trimmed")
    build_library(symbol, write_package(Package(package.header, kept)), library.name, replacement)
    replacement.chmod(library.stat().st_mode)
    replacement.replace(library)
    return before, library.stat().st_size, len(package.items), len(kept)
