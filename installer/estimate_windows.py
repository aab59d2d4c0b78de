"""How big the installed Windows folder will be, estimated on Linux (installer/README.md).

Nothing here runs Windows, so the Windows folder cannot be measured; the Windows
workflow measures it (and fails above 250 MB). This estimates it from the Linux build,
dist/denkhuya/, and the Windows wheels of the same versions:

- every file of the Linux folder that is not a native library counts as it is (the
  program's resources and migrations, metadata, base_library.zip);
- each Python extension module of a package counts at the size of the same module in
  the Windows wheel (`_ckdtree.cpython-311-x86_64-linux-gnu.so` → `_ckdtree.cp311-
  win_amd64.pyd`);
- the Linux libraries (Qt, OpenBLAS, OR-Tools' solvers, the system's) are replaced by the
  DLLs those modules need on Windows: from the modules, the Qt plugins the spec keeps
  (installer/freeze_lists.keep_binary on the wheel's paths) and PDFium (loaded by
  ctypes), each DLL's import table is followed through the wheels' DLLs, as
  PyInstaller's dependency analysis does; the Windows system's own DLLs count nothing;
- the executable: the same archive behind PyInstaller's Windows bootloader;
- CPython for Windows (python311.dll, sqlite3.dll, libffi, the standard library's .pyd),
  which no wheel holds: python.org's 3.11 amd64 figures, not measured here (CPYTHON_MB);
- Inno Setup's uninstaller in the installed folder (UNINSTALLER_MB).

    build/venv/bin/python -m pip download --no-deps --only-binary=:all: \\
        --platform win_amd64 --python-version 3.11 -d build/winwheels <pip freeze of build/venv>
    python installer/estimate_windows.py build/winwheels [dist/denkhuya]

Prints the estimate in MiB (1,048,576 bytes: du -sm, and PowerShell's 1MB), its parts,
and the Linux modules no Windows wheel matched (counted at their Linux size).
"""

from __future__ import annotations

import re
import struct
import sys
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

sys.path.insert(0, str(Path(__file__).resolve().parent))

from freeze_lists import keep_binary  # noqa: E402

MIB = 2**20
LINUX_EXTENSION = re.compile(r"\.(cpython-3\d+-x86_64-linux-gnu|abi3)\.so$")
PLAIN_SO = re.compile(r"\.so$")  # some modules have no tag (OR-Tools' _pywrapcp.so)
# python.org's CPython 3.11 for Windows, amd64 (not measured here): python311.dll 5.8 MB,
# sqlite3.dll 1.6 MB, libffi-8.dll 0.04 MB, the standard library's .pyd the program
# loads (_decimal, unicodedata, pyexpat, _ctypes, _sqlite3, _socket, _lzma, _bz2…)
# under 4 MB; and _ssl.pyd with libssl-3.dll and libcrypto-3.dll, 6 MB taken high, as
# psycopg's compiled half imports ssl (the spec leaves out only _hashlib).
CPYTHON_MB = 5.8 + 1.6 + 0.04 + 4.0 + 6.0
# Inno Setup 6.3's unins000.exe (about 3.2 MB) and its unins000.dat log of the files.
UNINSTALLER_MB = 3.5
ROOT_DLLS = ("pypdfium2_raw/pdfium.dll",)  # loaded with ctypes: no module imports it


def pe_imports(data: bytes) -> list[str]:
    """The names of the DLLs a PE file (DLL or .pyd) imports, from its import table."""
    if data[:2] != b"MZ":
        return []
    (pe,) = struct.unpack_from("<I", data, 0x3C)
    if data[pe : pe + 4] != b"PE\0\0":
        return []
    sections, optional_size = struct.unpack_from("<H12xH", data, pe + 6)
    optional = pe + 24
    magic = struct.unpack_from("<H", data, optional)[0]
    directories = optional + (112 if magic == 0x20B else 96)
    import_rva, _ = struct.unpack_from("<II", data, directories + 8)
    table = optional + optional_size
    spans = []
    for index in range(sections):
        size, address, raw_size, raw = struct.unpack_from("<8xIIII", data, table + 40 * index)
        spans.append((address, max(size, raw_size), raw))

    def offset(rva: int) -> int | None:
        for address, size, raw in spans:
            if address <= rva < address + size:
                return raw + rva - address
        return None

    names = []
    position = offset(import_rva) if import_rva else None
    while position is not None and position + 20 <= len(data):
        name_rva = struct.unpack_from("<I", data, position + 12)[0]
        if name_rva == 0:
            break
        start = offset(name_rva)
        if start is None:
            break
        names.append(data[start : data.index(b"\0", start)].decode("ascii", "replace"))
        position += 20
    return names


@dataclass
class Wheels:
    """The members of the Windows wheels: sizes by path, DLLs by lower-case name."""

    sizes: dict[str, int] = field(default_factory=dict)
    archives: dict[str, zipfile.ZipFile] = field(default_factory=dict)
    dlls: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def read(cls, folder: Path) -> Wheels:
        wheels = cls()
        for path in sorted(folder.glob("*.whl")):
            archive = zipfile.ZipFile(path)
            for member in archive.infolist():
                wheels.sizes[member.filename] = member.file_size
                wheels.archives[member.filename] = archive
                if member.filename.lower().endswith(".dll"):
                    name = PurePosixPath(member.filename).name.lower()
                    wheels.dlls.setdefault(name, []).append(member.filename)
        return wheels

    def imports(self, member: str) -> list[str]:
        return pe_imports(self.archives[member].read(member))

    def resolve(self, name: str, beside: str) -> str | None:
        """The wheel DLL a binary's import names: the one beside it first."""
        candidates = self.dlls.get(name.lower(), [])
        folder = str(PurePosixPath(beside).parent)
        for candidate in candidates:
            if str(PurePosixPath(candidate).parent) == folder:
                return candidate
        return candidates[0] if candidates else None


def windows_module(wheels: Wheels, relative: str) -> str | None:
    """The Windows wheel's member for a Linux extension module (its path in the bundle)."""
    stem = PLAIN_SO.sub("", LINUX_EXTENSION.sub("", relative))
    for candidate in (f"{stem}.cp311-win_amd64.pyd", f"{stem}.pyd"):
        if candidate in wheels.sizes:
            return candidate
    return None


def estimate(wheels: Wheels, dist: Path) -> dict[str, float]:
    internal = dist / "_internal"
    parts: Counter[str] = Counter()
    roots: list[str] = []
    unmatched: list[str] = []
    for path in sorted(internal.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        relative = path.relative_to(internal).as_posix()
        top = relative.split("/")[0]
        with path.open("rb") as file:
            native = file.read(4) == b"\x7fELF"
        if not native:
            parts[top] += path.stat().st_size
        elif relative.startswith("python3.") or relative.startswith("libpython"):
            continue  # CPython's own: CPYTHON_MB
        elif LINUX_EXTENSION.search(relative):
            member = windows_module(wheels, relative)
            if member is None:
                unmatched.append(relative)
                parts[top] += path.stat().st_size
            else:
                roots.append(member)
        elif member := windows_module(wheels, relative):
            roots.append(member)  # an untagged module; an untagged library has no .pyd
    roots += [m for m in wheels.sizes if m.startswith(("PySide6/plugins/",)) and _plugin(m)]
    roots += [m for m in ROOT_DLLS if m in wheels.sizes]
    collected: set[str] = set()
    names: set[str] = set()
    pending = list(roots)
    while pending:
        member = pending.pop()
        if member in collected:
            continue
        name = PurePosixPath(member).name.lower()
        if member.lower().endswith(".dll") and name in names:
            continue  # one copy of a DLL of that name (PyInstaller collects one)
        collected.add(member)
        names.add(name)
        for imported in wheels.imports(member):
            found = wheels.resolve(imported, member)
            if found and found not in collected and keep_binary(found):
                pending.append(found)
    for member in collected:
        parts[member.split("/")[0]] += wheels.sizes[member]
    executable = dist / "denkhuya"
    linux_bootloader, windows_bootloader = _bootloaders(wheels)
    parts["denkhuya.exe"] = executable.stat().st_size - linux_bootloader + windows_bootloader
    result = {name: size / MIB for name, size in parts.items()}
    result["CPython (python.org 3.11)"] = CPYTHON_MB
    result["unins000 (Inno Setup)"] = UNINSTALLER_MB
    result["_unmatched"] = unmatched  # type: ignore[assignment]
    return result


def _plugin(member: str) -> bool:
    return keep_binary(member) and member.lower().endswith(".dll")


def _bootloaders(wheels: Wheels) -> tuple[int, int]:
    """The sizes of PyInstaller's console bootloaders, Linux's (installed) and Windows'."""
    import PyInstaller

    linux = Path(PyInstaller.__file__).parent / "bootloader" / "Linux-64bit-intel" / "run"
    windows = "PyInstaller/bootloader/Windows-64bit-intel/run.exe"
    return linux.stat().st_size, wheels.sizes.get(windows, 0)


def main(argv: list[str]) -> int:
    wheels = Wheels.read(Path(argv[1]))
    dist = Path(argv[2]) if len(argv) > 2 else Path("dist/denkhuya")
    result = estimate(wheels, dist)
    unmatched = result.pop("_unmatched")
    total = sum(result.values())
    print(f"Ước tính thư mục cài trên Windows: {total:.0f} MB")
    for name, size in sorted(result.items(), key=lambda item: -item[1]):
        if size >= 0.5:
            print(f"  {size:6.1f} MB  {name}")
    rest = sum(size for size in result.values() if size < 0.5)
    print(f"  {rest:6.1f} MB  (các phần nhỏ hơn 0,5 MB)")
    if unmatched:
        print(f"Không thấy bản Windows của {len(unmatched)} mô-đun (tính theo cỡ Linux):")
        for name in unmatched:
            print(f"  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
