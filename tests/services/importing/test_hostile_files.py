"""Files that cannot be household lists are refused quickly, in bounded memory, with a
sentence stating the limits; nothing is written (issue 11, A).

The files are built small here (hostile.py); bench/import_hostile.py builds them at the
sizes they came in and measures time and peak memory.
"""

from __future__ import annotations

import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from desktop.db.models import Resident, Ward
from desktop.domain.errors import UserError
from desktop.services.importing import read_workbook
from tests.services.importing import hostile

LIMITS = (
    "(giới hạn: một danh sách hộ có tối đa 100.000 dòng, 100 cột, 2.000.000 ô, mỗi ô tối đa "
    "32.767 ký tự)"
)
ROOT = Path(__file__).resolve().parents[3]


def _refusal(path: Path) -> str:
    with pytest.raises(UserError) as refused:
        read_workbook(path)
    return str(refused.value)


def test_one_value_at_the_last_cell_of_a_sheet_is_refused_naming_it(tmp_path, run_import, database):
    """A 2 KB file that made the reader ask for 512 GB and abort the process."""
    path = hostile.table_with_value_at(tmp_path / "xfd.xlsx", "XFD1048576")

    with pytest.raises(UserError) as refused:
        run_import(path, ward="Cốc Lếu")

    assert str(refused.value) == (
        "Tệp “xfd.xlsx” không thể là danh sách hộ: trang “Tổ 1” có dữ liệu tới ô XFD1048576, "
        f"tức 1.048.576 dòng và 16.384 cột {LIMITS}; nếu đó là các ô thừa ngoài bảng, hãy xóa "
        "chúng trong Excel rồi lưu lại."
    )
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Ward)) == 0


def test_one_value_at_the_last_row_of_column_cv(tmp_path):
    """The file that took 4 GB: 100 columns are allowed, a million rows are not."""
    message = _refusal(hostile.table_with_value_at(tmp_path / "cv.xlsx", "CV1048576"))
    assert "có dữ liệu tới ô CV1048576, tức 1.048.576 dòng và 100 cột" in message


def test_a_value_beyond_a_hundred_columns(tmp_path):
    message = _refusal(hostile.table_with_value_at(tmp_path / "cw.xlsx", "CW5"))
    assert "có dữ liệu tới ô CW5, tức 5 dòng và 101 cột" in message


def test_formatted_empty_cells_far_away_do_not_count(tmp_path):
    """Excel writes a formatted empty cell as a tag too: only values count."""
    extra = b'<row r="900000"><c r="XFD900000" s="1"/></row>'
    path = hostile.write_package(tmp_path / "ds.xlsx", hostile.table_rows_xml() + extra)
    rows = read_workbook(path).sheets[0].rows
    assert (len(rows), max(map(len, rows))) == (4, 3)


def test_a_cell_longer_than_excel_allows(tmp_path):
    message = _refusal(hostile.long_inline_cell(tmp_path / "dai.xlsx", 40_000))
    assert message == (
        "Tệp “dai.xlsx” không thể là danh sách hộ: ô D5 của trang “Tổ 1” dài hơn 32.767 ký tự "
        f"{LIMITS}."
    )


def test_a_cell_of_many_megabytes_is_refused_without_reading_it(tmp_path):
    """The 200 MB cell took 193 s and 2.5 GB; here 20 MB, refused in seconds."""
    path = hostile.long_inline_cell(tmp_path / "rat-dai.xlsx", 20 * 2**20)
    started = time.perf_counter()
    message = _refusal(path)
    assert time.perf_counter() - started < 10
    assert "một ô của trang “Tổ 1” dài hơn 32.767 ký tự" in message


def test_a_long_shared_text(tmp_path):
    message = _refusal(hostile.long_shared_cell(tmp_path / "chung.xlsx", 40_000))
    assert "một ô chữ trong tệp dài hơn 32.767 ký tự" in message


def test_a_shared_text_used_by_many_cells_counts_each_time(tmp_path):
    """One 30,000-letter text in 2,000 cells is 60 million letters once read."""
    message = _refusal(hostile.long_shared_cell(tmp_path / "lap.xlsx", 30_000, 2_000))
    assert "các ô có tổng cộng hơn 40.000.000 ký tự" in message


def test_a_shared_string_table_announcing_billions(tmp_path):
    """The reader reserves room for the announced count before reading any entry."""
    message = _refusal(hostile.announced_strings(tmp_path / "sst.xlsx", 4_000_000_000))
    assert message.startswith(
        "Tệp “sst.xlsx” không thể là danh sách hộ: bảng chữ dùng chung của tệp khai báo "
        "4000000000 mục"
    )


def test_too_many_merged_ranges(tmp_path):
    message = _refusal(hostile.merged_ranges(tmp_path / "gop.xlsx", 100_001))
    assert "tệp có hơn 100.000 vùng ô gộp" in message


def test_a_part_that_unpacks_to_more_than_it_states(tmp_path):
    path = hostile.unpacks_to_more_than_it_states(tmp_path / "zip.xlsx", 10 * 2**20)
    assert _refusal(path) == (
        "Không đọc được nội dung tệp “zip.xlsx”: tệp có thể bị hỏng; hãy mở bằng Excel và "
        "lưu lại dạng .xlsx."
    )


def test_more_rows_than_a_list_has(tmp_path):
    rows = [b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (n, n) for n in range(5, 100_002)]
    path = hostile.write_package(tmp_path / "dong.xlsx", [hostile.table_rows_xml(), *rows])
    assert "có dữ liệu tới ô A100001, tức 100.001 dòng và 3 cột" in _refusal(path)


def test_rows_of_all_sheets_count_together(tmp_path):
    workbook = Workbook()
    for index in range(3):
        sheet = workbook.create_sheet(f"Tổ {index + 1}")
        sheet.cell(row=40_000, column=1, value="x")
    workbook.save(tmp_path / "ba-trang.xlsx")
    message = _refusal(tmp_path / "ba-trang.xlsx")
    assert "các trang có tổng cộng hơn 100.000 dòng" in message
    assert "hãy chia danh sách thành nhiều tệp" in message


def test_an_ods_cell_repeated_a_billion_times(tmp_path):
    row = (
        b'<table:table-row table:number-rows-repeated="1048000"><table:table-cell '
        b'table:number-columns-repeated="16384" office:value-type="string"><text:p>x</text:p>'
        b"</table:table-cell></table:table-row>"
    )
    path = hostile.ods(tmp_path / "lap.ods", hostile.ods_table_rows() + row)
    assert "trang “Tổ 1” có dữ liệu tới ô XFD1048004" in _refusal(path)


def test_an_ods_run_of_a_billion_spaces(tmp_path):
    cell = (
        b'<table:table-row><table:table-cell office:value-type="string"><text:p>a'
        b'<text:s text:c="1000000000"/></text:p></table:table-cell></table:table-row>'
    )
    path = hostile.ods(tmp_path / "cach.ods", hostile.ods_table_rows() + cell)
    assert "ô A5 của trang “Tổ 1” dài hơn 32.767 ký tự" in _refusal(path)


def test_an_ods_list_is_read(tmp_path):
    rows = read_workbook(hostile.ods(tmp_path / "ds.ods", hostile.ods_table_rows())).sheets[0]
    assert rows.rows[2] == ["Nguyễn Văn An", "Chủ hộ", 1980.0]


def test_an_xls_value_at_its_last_cell(tmp_path):
    cells = hostile.xls_table_cells()
    cells[(65535, 255)] = "x"
    path = hostile.write_xls(tmp_path / "xa.xls", hostile.workbook_stream(cells))
    assert "trang “Tổ 1” có dữ liệu tới ô IV65536, tức 65.536 dòng và 256 cột" in _refusal(path)


def test_an_xls_declaring_billions_of_rows(tmp_path):
    """The reader reserves room by the declared used range before reading a cell."""
    dimensions = struct.pack("<IIHHH", 0, 0xFFFFFFFF, 0, 0xFFFF, 0)
    stream = hostile.workbook_stream(hostile.xls_table_cells(), dimensions)
    path = hostile.write_xls(tmp_path / "khai.xls", stream)
    assert _refusal(path).startswith("Không đọc được nội dung tệp “khai.xls”: tệp có thể bị hỏng")


def test_an_xls_whose_sectors_loop(tmp_path):
    """The reader would follow the loop for ever, its memory growing."""
    stream = hostile.workbook_stream(hostile.xls_table_cells())
    path = hostile.write_xls(tmp_path / "vong.xls", stream, directory_loop=True)
    assert _refusal(path).startswith("Không đọc được nội dung tệp “vong.xls”: tệp có thể bị hỏng")


def test_an_xls_list_is_read(tmp_path):
    stream = hostile.workbook_stream(hostile.xls_table_cells())
    sheet = read_workbook(hostile.write_xls(tmp_path / "ds.xls", stream)).sheets[0]
    assert sheet.name == "Tổ 1"
    assert sheet.rows[2] == ["Nguyễn Văn An", "Chủ hộ", 1980.0]


def test_a_csv_without_line_breaks(tmp_path):
    path = tmp_path / "mot-dong.csv"
    path.write_text("Họ và tên,Quan hệ\n" + "a" * 3_500_000, encoding="utf-8")
    message = _refusal(path)
    assert message.startswith("Tệp “mot-dong.csv” không thể là danh sách hộ: một dòng của tệp dài")


def test_a_csv_with_an_endless_quoted_cell(tmp_path):
    path = tmp_path / "ngoac.csv"
    path.write_text('Họ và tên,Quan hệ\n"' + "a\n" * 100_000, encoding="utf-8")
    assert _refusal(path).startswith("Không đọc được tệp “ngoac.csv” ở dòng")


def test_a_csv_with_thousands_of_columns(tmp_path):
    path = tmp_path / "cot.csv"
    path.write_text("Họ và tên,Quan hệ" + ",x" * 5000 + "\n", encoding="utf-8")
    assert "dòng 1 có 5.002 cột" in _refusal(path)


def test_a_file_larger_than_any_list(tmp_path):
    path = tmp_path / "lon.csv"
    with path.open("wb") as stream:
        stream.truncate(101 * 2**20)
    assert "tệp nặng 101 MB, quá 100 MB" in _refusal(path)


_CHILD = """
import sys, time
from pathlib import Path
from desktop.domain.errors import UserError
from desktop.services.importing import read_workbook
worst = 0.0
for name in sys.argv[1:]:
    started = time.perf_counter()
    try:
        read_workbook(Path(name))
    except UserError:
        pass
    else:
        raise SystemExit(f"{name} was not refused")
    worst = max(worst, time.perf_counter() - started)
peak = open('/proc/self/status').read().split('VmHWM:')[1].split()[0]
print(worst, int(peak) // 1024)
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmHWM from /proc")
def test_refusals_stay_within_a_minute_and_a_gigabyte(tmp_path):
    """Each file in a fresh process's memory: the peak of the whole process is measured."""
    cells = hostile.xls_table_cells()
    cells[(65535, 255)] = "x"
    files = [
        hostile.table_with_value_at(tmp_path / "xfd.xlsx", "XFD1048576"),
        hostile.table_with_value_at(tmp_path / "cv.xlsx", "CV1048576"),
        hostile.long_inline_cell(tmp_path / "o.xlsx", 50 * 2**20),
        hostile.announced_strings(tmp_path / "sst.xlsx", 4_000_000_000),
        hostile.write_xls(tmp_path / "xa.xls", hostile.workbook_stream(cells)),
    ]
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, *map(str, files)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    seconds, megabytes = done.stdout.split()
    assert float(seconds) < 60
    assert int(megabytes) < 1024


def test_nothing_is_stored_from_a_refused_file(tmp_path, run_import, database):
    path = hostile.long_inline_cell(tmp_path / "dai.xlsx", 40_000)
    with pytest.raises(UserError):
        run_import(path, ward="Cốc Lếu")
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Resident)) == 0


def test_the_command_line_refuses_with_exit_code_2_and_one_sentence(tmp_path, database, capsys):
    import json

    from desktop.cli import run

    path = hostile.table_with_value_at(tmp_path / "xfd.xlsx", "XFD1048576")

    assert run(["--db", database.url, "import", str(path), "--dry-run", "--json"]) == 2

    out, err = capsys.readouterr()
    sentence = json.loads(out)["error"]
    assert sentence.startswith("Tệp “xfd.xlsx” không thể là danh sách hộ")
    assert err.strip().splitlines()[-1].endswith(sentence)
