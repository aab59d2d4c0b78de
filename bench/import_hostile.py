"""Files that are not household lists, at the sizes they came in: time and peak memory.

Issue 11 (A): a 2 KB .xlsx with one value at XFD1048576 aborted the process (the reader
asked for 512 GB), one at CV1048576 took 4 GB, one 200 MB cell took 193 s and 2.5 GB.
Any file must now end in a refusal within 60 s and 1 GB. Each file is built (once,
cached under bench/.cache/hostile/), then `denkhuya import FILE --json` runs
in a fresh process (and a fresh database) that reports its own peak resident memory;
the script prints, per file, its size, the exit code, the wall time, the peak memory and
the first words of the sentence. Lists that are not hostile run for comparison and are
imported for real: bench/import.py's 50,000 residents, the same at 79,000 (99,000 rows,
just under the row limit) and 95,000 residents with a 300-letter note each.

    python bench/import_hostile.py [--only NAME…] [--timeout 120]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.services.importing import hostile  # noqa: E402

CACHE = ROOT / "bench" / ".cache" / "hostile"
LIMIT_SECONDS, LIMIT_MB = 60, 1024

# `denkhuya` in a fresh process that prints its own peak resident memory (kB) last on
# stderr: VmHWM, which starts afresh with the process (getrusage's ru_maxrss keeps the
# parent's peak across fork and exec on Linux).
_MEASURED = (
    "import sys\n"
    "from desktop.cli import run\n"
    "code = run(sys.argv[1:])\n"
    "status = open('/proc/self/status').read().split('VmHWM:')[1].split()[0]\n"
    "print(status, file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def _csv_line(path: Path, characters: int) -> Path:
    with path.open("w", encoding="utf-8") as stream:
        stream.write("Họ và tên,Quan hệ với chủ hộ,Năm sinh\n")
        chunk = "a" * 2**20
        for _ in range(characters // len(chunk)):
            stream.write(chunk)
    return path


def _csv_columns(path: Path, columns: int) -> Path:
    heading = ",".join(["Họ và tên", "Quan hệ với chủ hộ"] + [f"c{n}" for n in range(columns)])
    path.write_text(heading + "\nNguyễn Văn An,Chủ hộ\n", encoding="utf-8")
    return path


def _many_rows(path: Path, rows: int) -> Path:
    def pieces():
        yield hostile.table_rows_xml()
        for row in range(5, rows + 5):
            yield b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>Nguy\xe1\xbb\x85n V\xc4\x83n An' % (
                row,
                row,
            )
            yield b'</t></is></c><c r="B%d" t="inlineStr"><is><t>Con</t></is></c></row>' % row

    return hostile.write_package(path, pieces())


def _garbage(path: Path, rows: int = 99_990) -> Path:
    """A list within the limits whose every cell is wrong: a warning per cell."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Tổ 1")
    sheet.append(["CÔNG AN PHƯỜNG CỐC LẾU"])
    sheet.append(["Họ và tên", "Quan hệ với chủ hộ", "Ngày sinh", "Giới tính", "Số CCCD",
                  "Số điện thoại", "Mức định danh", "Cài app 114", "Vĩ độ", "Kinh độ"])  # fmt: skip
    for row in range(rows):
        relation = "Chủ hộ" if row % 4 == 0 else "Con"
        sheet.append([f"Người {chr(65 + row % 26)}", relation, f"ngày {row}", "?", f"id {row}",
                      f"đt {row}", "cao", "hỏi", "bắc", "đông"])  # fmt: skip
    workbook.save(path)
    return path


def _long_notes(path: Path, residents: int = 95_000, length: int = 300) -> Path:
    """A list at the row limit with a long note on every row: the most a list may hold."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Tổ 1")
    sheet.append(["CÔNG AN PHƯỜNG CỐC LẾU"])
    sheet.append(["Họ và tên", "Quan hệ với chủ hộ", "Năm sinh", "Số CCCD", "Địa chỉ", "Ghi chú"])
    note = ("Ghi chú về hộ gia đình, hoàn cảnh, người vắng mặt; " * 10)[:length]
    for row in range(residents):
        head = row % 4 == 0
        sheet.append([f"Nguyễn Văn {chr(65 + row % 26)}{'ăâêôơư'[row % 6]}", "Chủ hộ" if head
                      else "Con", 1950 + row % 70, f"0010{50 + row % 50:02d}{row:06d}",
                      f"Số {row // 4}, đường Hoàng Liên" if head else None, note])  # fmt: skip
    workbook.save(path)
    return path


def _ods_repeated(path: Path) -> Path:
    row = (
        b'<table:table-row table:number-rows-repeated="1048000"><table:table-cell '
        b'table:number-columns-repeated="16384" office:value-type="string"><text:p>x</text:p>'
        b"</table:table-cell></table:table-row>"
    )
    return hostile.ods(path, hostile.ods_table_rows() + row)


def _ods_spaces(path: Path) -> Path:
    cell = (
        b'<table:table-row><table:table-cell office:value-type="string"><text:p>a'
        b'<text:s text:c="1000000000"/></text:p></table:table-cell></table:table-row>'
    )
    return hostile.ods(path, hostile.ods_table_rows() + cell)


def _xls_far(path: Path) -> Path:
    cells = hostile.xls_table_cells()
    cells[(65535, 255)] = "x"
    return hostile.write_xls(path, hostile.workbook_stream(cells))


def _xls_dimensions(path: Path) -> Path:
    import struct

    dimensions = struct.pack("<IIHHH", 0, 0xFFFFFFFF, 0, 0xFFFF, 0)
    return hostile.write_xls(path, hostile.workbook_stream(hostile.xls_table_cells(), dimensions))


def _xls_loop(path: Path) -> Path:
    stream = hostile.workbook_stream(hostile.xls_table_cells())
    return hostile.write_xls(path, stream, directory_loop=True)


FILES: dict[str, tuple[str, Callable[[Path], Path]]] = {
    "xfd": ("one value at XFD1048576", lambda p: hostile.table_with_value_at(p, "XFD1048576")),
    "cv": ("one value at CV1048576", lambda p: hostile.table_with_value_at(p, "CV1048576")),
    "cell-200mb": ("one 200 MB cell", lambda p: hostile.long_inline_cell(p, 200 * 2**20)),
    "shared-200mb": ("one 200 MB shared text", lambda p: hostile.long_shared_cell(p, 200 * 2**20)),
    "shared-reused": (
        "one 30,000-letter text in 200,000 cells",
        lambda p: hostile.long_shared_cell(p, 30_000, 200_000),
    ),
    "announced": (
        "4 billion shared texts announced",
        lambda p: hostile.announced_strings(p, 4_000_000_000),
    ),
    "rows": ("1,000,000 rows of people", lambda p: _many_rows(p, 1_000_000)),
    "merges": ("1,000,000 merged ranges", lambda p: hostile.merged_ranges(p, 1_000_000)),
    "lying-zip": (
        "a sheet unpacking to 1 GB more than stated",
        lambda p: hostile.unpacks_to_more_than_it_states(p, 2**30),
    ),
    "ods-repeated": ("ods: a cell repeated 16,384 × 1,048,000 times", _ods_repeated),
    "ods-spaces": ("ods: a run of 1,000,000,000 spaces", _ods_spaces),
    "xls-far": ("xls: one value at IV65536", _xls_far),
    "xls-dimensions": ("xls: a used range of 4 billion rows declared", _xls_dimensions),
    "xls-loop": ("xls: a sector chain that loops", _xls_loop),
    "csv-line": ("csv: a 200 MB line", lambda p: _csv_line(p, 200 * 2**20)),
    "csv-columns": ("csv: 20,000 columns", lambda p: _csv_columns(p, 20_000)),
    "garbage": ("99,990 rows, every cell wrong (a warning each)", _garbage),
    "legit": ("bench/import.py's list of 50,000 residents (not hostile)", lambda p: _legit(p)),
    "legit-79k": (
        "bench/import.py's list, 79,000 residents: 99,000 rows",
        lambda p: _legit(p, 79_000),
    ),
    "long-notes": ("95,000 residents, a 300-letter note each (at the limits)", _long_notes),
}
_SUFFIX = {"ods": ".ods", "xls": ".xls", "csv": ".csv"}


def build(name: str) -> Path:
    """The file, written once in a process of its own (the bench process stays small)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    suffix = next((s for prefix, s in _SUFFIX.items() if name.startswith(prefix)), ".xlsx")
    path = CACHE / f"{name}{suffix}"
    if not path.exists():
        print(f"  writing {path.name}…", file=sys.stderr, flush=True)
        script = f"import sys; sys.argv = ['x', '--write', {name!r}, {str(path)!r}]; "
        script += "import runpy; runpy.run_path(" + repr(__file__) + ", run_name='__main__')"
        subprocess.run([sys.executable, "-c", script], check=True, cwd=ROOT)
    return path


def _legit(path: Path, residents: int = 50_000) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from importlib import import_module

    import_module("import").write_list(path, residents)


def run(path: Path, timeout: float) -> tuple[int | str, float, float, str]:
    """(exit code, seconds, peak MB, the sentence) of one dry run in a fresh process."""
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        command = [sys.executable, "-c", _MEASURED, "--db", url, "import", str(path)]
        command += ["--json", "--ward", "Cốc Lếu"]
        started = time.perf_counter()
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, cwd=ROOT, timeout=timeout
            )
        except subprocess.TimeoutExpired:
            return "timeout", time.perf_counter() - started, float("nan"), ""
        seconds = time.perf_counter() - started
    lines = done.stderr.strip().splitlines()
    peak = int(lines[-1]) / 1024 if lines and lines[-1].isdigit() else float("nan")
    try:
        data = json.loads(done.stdout) if done.stdout.strip() else {}
    except ValueError:
        data = {"error": done.stdout.strip()}
    said = data.get("error", "")
    if "added" in data:
        said = (
            f"imported: added {data['added']}, rejected {data['rejected']}, "
            f"warnings {data['warnings']}"
        )
    if not said and done.returncode:
        said = (lines[-2] if len(lines) > 1 else "").strip()
    return done.returncode, seconds, peak, said


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", choices=list(FILES), default=None)
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--write", nargs=2, metavar=("NAME", "PATH"), help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.write:
        name, path = options.write
        FILES[name][1](Path(path)) if name != "legit" else _legit(Path(path))
        return
    names = options.only or list(FILES)
    print(f"{'file':<16} {'size':>10} {'exit':>5} {'seconds':>8} {'peak MB':>8}  sentence")
    worst_time = worst_memory = 0.0
    for name in names:
        path = build(name)
        code, seconds, peak, said = run(path, options.timeout)
        worst_time, worst_memory = max(worst_time, seconds), max(worst_memory, peak)
        size = path.stat().st_size
        shown = f"{size / 2**20:.1f} MB" if size > 2**20 else f"{size / 1024:.0f} KB"
        print(f"{name:<16} {shown:>10} {code!s:>5} {seconds:>8.1f} {peak:>8.0f}  {said[:110]}")
    print(
        f"worst of these files: {worst_time:.1f} s (limit {LIMIT_SECONDS}), "
        f"{worst_memory:.0f} MB (limit {LIMIT_MB})"
    )


if __name__ == "__main__":
    main()
