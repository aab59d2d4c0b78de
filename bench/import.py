"""Importing a 50,000-resident household list, against pandas merely parsing it.

Issue 3 asks that `denkhuya import` (read, check, write) of a 50,000-resident file be
faster than `pandas.read_excel` with its default engine (openpyxl) only parsing the
same file. This script writes such a file the way wards keep them (agency lines, motto,
merged title, a column-number row, one sheet per group, blank rows between households,
totals and signatures, values typed every which way), then times both side by side
and prints the medians and the ratio. It also times the two candidate readers alone,
which is why the import reads with python-calamine.

    python bench/import.py [--residents 50000] [--runs 3]

Needs the `bench` extra (pandas).
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Border, Font, Side

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop.services.database import open_database  # noqa: E402
from desktop.services.importing import ImportOptions, import_file, read_workbook  # noqa: E402

CACHE = Path(__file__).resolve().parent / ".cache"
GROUPS = 10
HEADINGS = [
    "STT",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Quan hệ với chủ hộ",
    "Số CCCD",
    "Số điện thoại",
    "Địa chỉ",
    "Mức định danh",
    "Cài app 114",
    "Dân tộc",
    "Ghi chú",
]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Lò", "Giàng"]
FAMILY += [
    "Ngô",
    "Dương",
    "Lý",
    "Vương",
    "Trịnh",
    "Đinh",
    "Lương",
    "Mai",
    "Tạ",
    "Sầm",
    "Hà",
    "Vàng",
]
MIDDLE_MALE = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Xuân", "Tiến", "Mạnh", "Trọng"]
MIDDLE_FEMALE = ["Thị", "Thu", "Ngọc", "Thanh", "Hồng", "Kim", "Phương", "Diệu", "Bích", "Mỹ"]
GIVEN_MALE = ["An", "Bình", "Cường", "Dũng", "Hùng", "Khánh", "Long", "Nam", "Phúc", "Sơn", "Tú"]
GIVEN_MALE += ["Đạt", "Hải", "Hiếu", "Huy", "Kiên", "Lâm", "Mạnh", "Quân", "Thắng", "Trung", "Vinh"]
GIVEN_FEMALE = ["Anh", "Châu", "Dung", "Hà", "Hoa", "Lan", "Mai", "Nga", "Oanh", "Thảo", "Yến"]
GIVEN_FEMALE += ["Diệp", "Giang", "Hằng", "Hương", "Linh", "Ly", "Ngọc", "Nhung", "Quỳnh", "Trang"]
SECOND_MIDDLE = ["Thu", "Minh", "Hải", "Ngọc", "Xuân", "Thanh", "Bảo", "Kim", "Phương", "Gia"]
SECOND_MIDDLE += ["Anh", "Hoài", "Khánh", "Nhật", "Quốc", "Tuấn", "Vân", "Hoàng", "Đăng", "Tường"]
STREETS = ["Hoàng Liên", "Nguyễn Huệ", "Lê Lợi", "Hồng Hà", "Cốc Lếu", "Phan Bội Châu"]


def _name(rng: random.Random, family: str, female: bool) -> str:
    middle = rng.choice(MIDDLE_FEMALE if female else MIDDLE_MALE)
    if rng.random() < 0.7:  # most people today carry a second middle name
        middle += " " + rng.choice(SECOND_MIDDLE)
    given = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
    name = f"{family} {middle} {given}"
    roll = rng.random()
    if roll < 0.15:
        return name.upper()
    if roll < 0.25:
        return name.replace(" ", "  ", 1)
    return name


def _birth(rng: random.Random, year: int) -> object:
    day = date(year, rng.randint(1, 12), rng.randint(1, 28))
    roll = rng.random()
    if roll < 0.5:
        return day
    if roll < 0.75:
        return day.strftime("%d/%m/%Y")
    if roll < 0.85:
        return f"{day.day}-{day.month}-{day.year}"
    return year


def _person_rows(rng: random.Random, residents: int):
    """(row values, starts a household) for every resident, households of 1–7."""
    made = 0
    serial = 0
    while made < residents:
        size = min(rng.choice([1, 2, 3, 3, 4, 4, 4, 5, 5, 6, 7]), residents - made)
        family = rng.choice(FAMILY)
        address = f"Số {rng.randint(1, 400)}, ngõ {rng.randint(1, 60)}, {rng.choice(STREETS)}"
        head_year = rng.randint(1940, 1995)
        for member in range(size):
            female = rng.random() < 0.5 if member else rng.random() < 0.2
            relation = "Chủ hộ" if member == 0 else rng.choice(["Vợ", "Con", "Con", "Cháu", "Mẹ"])
            if member == 0 and rng.random() < 0.3:
                relation = "CHỦ HỘ"
            year = head_year if member < 2 else rng.randint(1995, 2024)
            serial += 1
            century = (0 if year < 2000 else 2) + int(female)
            personal_id = f"010{century}{year % 100:02d}{serial:06d}"
            roll = rng.random()
            id_cell: object = int(personal_id) if roll < 0.6 else personal_id
            if roll > 0.9:
                id_cell = f"{personal_id[:6]} {personal_id[6:]}"
            phone: object = None
            if year < 2008 and rng.random() < 0.7:
                digits = f"9{rng.randint(10000000, 99999999)}"
                phone = int(digits) if rng.random() < 0.5 else f"+84 {digits}"
            gender = rng.choice(["Nữ", "nữ", "NỮ", "Nu"] if female else ["Nam", "nam", "NAM"])
            adult = year <= 2012
            level = rng.choice(["Mức 2", "Mức 2", "Mức 1", None, None]) if adult else None
            app = rng.choice(["Có", "x", "Không", None])
            yield (
                [
                    None,
                    _name(rng, family, female) if member else _name(rng, family, False),
                    _birth(rng, year),
                    gender,
                    relation,
                    id_cell,
                    phone,
                    address if member == 0 else None,
                    level,
                    app,
                    "Kinh",
                    None,
                ],
                member == 0,
            )
            made += 1


def write_list(path: Path, residents: int, plain: bool = False, seed: int = 6) -> None:
    """The bench file: GROUPS sheets, each a ward's messy list.

    Like the printed lists wards keep, the table is a grid: every cell of it, blank rows
    between households included, has a thin border and the list's font (unless plain).
    """
    rng = random.Random(seed)
    workbook = Workbook(write_only=True)
    grid = _grid_row(workbook) if not plain else (lambda values: values)
    people = list(_person_rows(rng, residents))
    # One sheet per group, each starting at a household head.
    starts = [index for index, (_, head) in enumerate(people) if head]
    bounds = [starts[len(starts) * group // GROUPS] for group in range(GROUPS)] + [len(people)]
    for group in range(GROUPS):
        sheet = workbook.create_sheet(f"Tổ {group + 1}")
        sheet.append(
            ["CÔNG AN TỈNH LÀO CAI", None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
        )
        sheet.append(["CÔNG AN PHƯỜNG CỐC LẾU", None, None, None, "Độc lập - Tự do - Hạnh phúc"])
        sheet.append([])
        sheet.append([f"DANH SÁCH HỘ GIA ĐÌNH, NHÂN KHẨU TỔ DÂN PHỐ SỐ {group + 1}"])
        sheet.append([])
        sheet.append(grid(HEADINGS))
        sheet.append(grid([f"({index})" for index in range(1, len(HEADINGS) + 1)]))
        chunk = people[bounds[group] : bounds[group + 1]]
        number = 0
        for values, starts in chunk:
            if starts and number:
                sheet.append(grid([None] * len(HEADINGS)))
            number += 1
            sheet.append(grid([number, *values[1:]]))
        sheet.append([None, f"Tổng cộng: {number} nhân khẩu"])
        sheet.append([])
        sheet.append(
            [None, "Người lập biểu", None, None, None, None, None, "TRƯỞNG CÔNG AN PHƯỜNG"]
        )
        sheet.append([None, "(Ký, ghi rõ họ tên)"])
    workbook.save(path)


def _grid_row(workbook: Workbook):
    """Cells with the list's border and font, as Excel saves a bordered table."""
    side = Side(style="thin")
    border = Border(left=side, right=side, top=side, bottom=side)
    font = Font(name="Times New Roman", size=12)

    def row(values: list[object]) -> list[WriteOnlyCell]:
        cells = []
        for value in values:
            cell = WriteOnlyCell(workbook.active or workbook.worksheets[-1], value=value)
            cell.border, cell.font = border, font
            cells.append(cell)
        return cells

    return row


def _time(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def time_pandas(path: Path) -> float:
    import pandas

    # engine="openpyxl" is pandas' default for .xlsx; named here because pandas 3 warns
    # that the default will change to calamine.
    return _time(lambda: pandas.read_excel(path, sheet_name=None, engine="openpyxl"))


def time_openpyxl_read_only(path: Path) -> float:
    def read() -> None:
        workbook = load_workbook(path, read_only=True, data_only=True)
        for sheet in workbook.worksheets:
            for _row in sheet.iter_rows(values_only=True):
                pass
        workbook.close()

    return _time(read)


def time_import(path: Path, template: Path, folder: Path, run: int) -> float:
    target = folder / f"run{run}.sqlite3"
    shutil.copy(template, target)
    database = open_database(f"sqlite:///{target}")
    try:
        options = ImportOptions(today=date(2026, 11, 30))

        def run_import() -> None:
            with database.session() as session:
                import_file(session, path, options)

        return _time(run_import)
    finally:
        database.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--plain", action="store_true", help="cells without borders or fonts")
    args = parser.parse_args()
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"ds-ho-{args.residents}{'-plain' if args.plain else ''}.xlsx"
    if not path.exists():
        print(f"Writing {path.name} ({args.residents:,} residents)…", flush=True)
        write_list(path, args.residents, plain=args.plain)
    print(f"File: {path} ({path.stat().st_size / 1e6:.1f} MB)", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        template = Path(folder) / "template.sqlite3"
        open_database(f"sqlite:///{template}").close()
        print(
            f"readers alone: python-calamine {_time(lambda: read_workbook(path)):.2f} s, "
            f"openpyxl read-only {time_openpyxl_read_only(path):.2f} s",
            flush=True,
        )
        pandas_times, import_times = [], []
        for run in range(args.runs):
            pandas_times.append(time_pandas(path))
            import_times.append(time_import(path, template, Path(folder), run))
            print(
                f"run {run + 1}: pandas.read_excel {pandas_times[-1]:.2f} s, "
                f"denkhuya import {import_times[-1]:.2f} s",
                flush=True,
            )
    pandas_median = statistics.median(pandas_times)
    import_median = statistics.median(import_times)
    print(f"median pandas.read_excel (openpyxl, parse only): {pandas_median:.2f} s")
    print(f"median import (read, check, write):            {import_median:.2f} s")
    print(
        f"ratio import / pandas: {import_median / pandas_median:.2f} "
        f"({'faster' if import_median < pandas_median else 'SLOWER'} than pandas)"
    )


if __name__ == "__main__":
    main()
