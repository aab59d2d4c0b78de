"""The frozen program's Linux libraries made smaller after PyInstaller collected them
(installer/denkhuya.spec); Windows DLLs need neither.

1. Their symbol tables out. Many wheels ship their libraries with their full symbol
   tables: SQLCipher's module (21 MB → 8), OR-Tools (32 → 26), cryptography, Pillow,
   SQLAlchemy's compiled parts… some 50 MB that nothing reads at run time (the dynamic
   linker uses the dynamic symbol table, which stays). PyInstaller's own strip=True
   strips every library blindly, and binutils' strip breaks the libraries that
   auditwheel rewrote with patchelf: their loadable segments end up at file offsets out
   of step with their addresses ("ELF load command address/offset not page-aligned",
   NumPy's OpenBLAS). So each library is stripped into a copy, and the copy replaces it
   only if every loadable segment of the copy is still aligned as the loader requires;
   otherwise the library stays as it came (today: NumPy's OpenBLAS and its gfortran).
2. One copy of a library that two wheels both carry, byte for byte under the same name
   (none today; NumPy's and SciPy's gfortran and quadmath, 3 MB, while SciPy was
   bundled): the second becomes a link to the first. The loader knows a library by its
   name, so whichever package loads it first, the other uses the same one; the link
   only spares the disk the second copy.
"""

from __future__ import annotations

import hashlib
import os
import struct
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

ELF_MAGIC = b"\x7fELF"
PT_LOAD = 1


def is_elf(path: Path) -> bool:
    with path.open("rb") as file:
        return file.read(4) == ELF_MAGIC


def load_segments_aligned(path: Path) -> bool:
    """Whether every loadable segment of a 64-bit little-endian ELF file has its file
    offset congruent to its address modulo its alignment (what the loader maps)."""
    with path.open("rb") as file:
        header = file.read(64)
        if header[:4] != ELF_MAGIC or header[4] != 2 or header[5] != 1:
            return False  # not the 64-bit little-endian ELF of x86-64 and arm64 Linux
        (table_offset,) = struct.unpack_from("<Q", header, 32)
        entry_size, count = struct.unpack_from("<HH", header, 54)
        file.seek(table_offset)
        table = file.read(entry_size * count)
    for index in range(count):
        kind, _, offset, address, _, _, _, alignment = struct.unpack_from(
            "<IIQQQQQQ", table, index * entry_size
        )
        if kind == PT_LOAD and alignment > 1 and offset % alignment != address % alignment:
            return False
    return True


@dataclass
class Stripped:
    """What strip_folder did: libraries stripped, bytes saved, libraries left as they came."""

    libraries: int = 0
    saved: int = 0
    left: list[str] = field(default_factory=list)


def strip_folder(folder: Path, strip: str = "strip") -> Stripped:
    """Strip every ELF library and executable under `folder` whose stripped copy stays
    loadable; symbolic links are followed nowhere (their target is stripped once)."""
    result = Stripped()
    for path in sorted(folder.rglob("*")):
        if path.is_symlink() or not path.is_file() or not is_elf(path):
            continue
        if not load_segments_aligned(path):
            result.left.append(str(path.relative_to(folder)))
            continue
        copy = path.with_name(path.name + ".stripped")
        done = subprocess.run(
            [strip, "--strip-unneeded", "-o", str(copy), str(path)], capture_output=True
        )
        if done.returncode != 0 or not copy.exists():
            copy.unlink(missing_ok=True)
            result.left.append(str(path.relative_to(folder)))
            continue
        before, after = path.stat().st_size, copy.stat().st_size
        if after < before and load_segments_aligned(copy):
            os.chmod(copy, path.stat().st_mode)
            os.replace(copy, path)
            result.libraries += 1
            result.saved += before - after
        else:
            copy.unlink()
            if after < before:
                result.left.append(str(path.relative_to(folder)))
    return result


def link_duplicates(folder: Path) -> list[str]:
    """Replace each library that another folder of `folder` already holds, same name and
    same bytes, by a relative link to the first one (in sorted order); the links made."""
    first: dict[tuple[str, str], Path] = {}
    linked = []
    for path in sorted(folder.rglob("*")):
        if path.is_symlink() or not path.is_file() or ".so" not in path.name or not is_elf(path):
            continue
        key = (path.name, hashlib.sha256(path.read_bytes()).hexdigest())
        if key not in first:
            first[key] = path
            continue
        target = os.path.relpath(first[key], path.parent)
        path.unlink()
        path.symlink_to(target)
        linked.append(str(path.relative_to(folder)))
    return linked
