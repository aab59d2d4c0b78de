"""How large a file may be and still be a household list, and the sentences refusing one.

The readers check these before they build anything in memory, so that a hostile or
broken file is refused in seconds instead of exhausting the machine: a 2 KB workbook
with one value at XFD1048576 asks a spreadsheet reader for 17 billion cells. A ward has
2,000–10,000 households (up to about 50,000 people); the limits leave room for twice
that in one file while keeping the whole import under 1 GB (bench/import_hostile.py
measures both).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.domain.errors import UserError
from desktop.domain.numbers import number
from desktop.services.importing.cell_issues import cell_reference

MAX_ROWS = 100_000  # rows of all sheets together, from row 1 to the last one filled
MAX_COLUMNS = 100  # columns of a sheet, from A to the last one filled
MAX_CELLS = 2_000_000  # rows × columns of all sheets together
MAX_CELL_CHARS = 32_767  # characters in one cell: Excel's own limit
MAX_TEXT_CHARS = 40_000_000  # characters in all cells together
MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_XML_BYTES = 512 * 1024 * 1024  # an .xlsx or .ods unpacked
MAX_MERGED = 100_000  # merged ranges in a workbook
MAX_PROBLEMS = 200_000  # errors and warnings: a list with more is read with the wrong columns

LIMITS = (
    f"một danh sách hộ có tối đa {number(MAX_ROWS)} dòng, {number(MAX_COLUMNS)} cột, "
    f"{number(MAX_CELLS)} ô, mỗi ô tối đa {number(MAX_CELL_CHARS)} ký tự"
)


def too_large(file_name: str, what: str, advice: str = "") -> UserError:
    """ "Tệp “ds.xlsx” không thể là danh sách hộ: {what} ({LIMITS}){; advice}."."""
    sentence = f"Tệp “{file_name}” không thể là danh sách hộ: {what} (giới hạn: {LIMITS})"
    return UserError(f"{sentence}; {advice}." if advice else f"{sentence}.")


STRAY_CELLS = "nếu đó là các ô thừa ngoài bảng, hãy xóa chúng trong Excel rồi lưu lại"
SPLIT_FILE = "hãy chia danh sách thành nhiều tệp (ví dụ mỗi tổ dân phố một tệp) rồi nhập lần lượt"


def long_cell(file_name: str, where: str) -> UserError:
    return too_large(file_name, f"{where} dài hơn {number(MAX_CELL_CHARS)} ký tự")


@dataclass
class Budget:
    """What the sheets read so far take; refuses the file once a limit is passed."""

    file_name: str
    rows: int = 0
    cells: int = 0
    text: int = 0
    merged: int = 0
    sheets: list[str] = field(default_factory=list)

    def fits(self, rows: int, columns: int) -> bool:
        """Whether one more sheet of this extent stays within the limits."""
        return (
            rows <= MAX_ROWS
            and columns <= MAX_COLUMNS
            and self.rows + rows <= MAX_ROWS
            and self.cells + rows * columns <= MAX_CELLS
        )

    def add_sheet(self, sheet: str, rows: int, columns: int, far: tuple[int, int] | None) -> None:
        """A sheet used from A1 to (rows, columns); `far` is the cell that reaches farthest."""
        where = f"trang “{sheet}” có dữ liệu tới ô {cell_reference(*far)}" if far else ""
        if rows > MAX_ROWS or columns > MAX_COLUMNS:
            raise too_large(
                self.file_name,
                f"{where}, tức {number(rows)} dòng và {number(columns)} cột",
                STRAY_CELLS,
            )
        self.rows += rows
        self.cells += rows * columns
        self.sheets.append(sheet)
        if self.rows > MAX_ROWS:
            raise too_large(
                self.file_name,
                f"các trang có tổng cộng hơn {number(MAX_ROWS)} dòng",
                SPLIT_FILE,
            )
        if self.cells > MAX_CELLS:
            raise too_large(
                self.file_name,
                f"{where}, tức {number(rows)} dòng × {number(columns)} cột; các trang có tổng "
                f"cộng hơn {number(MAX_CELLS)} ô",
                STRAY_CELLS,
            )

    def add_text(self, characters: int) -> None:
        self.text += characters
        if self.text > MAX_TEXT_CHARS:
            raise too_large(
                self.file_name,
                f"các ô có tổng cộng hơn {number(MAX_TEXT_CHARS)} ký tự",
                SPLIT_FILE,
            )

    def add_merged(self, count: int) -> None:
        self.merged += count
        if self.merged > MAX_MERGED:
            raise too_large(
                self.file_name, f"tệp có hơn {number(MAX_MERGED)} vùng ô gộp", STRAY_CELLS
            )


def too_many_problems(file_name: str) -> UserError:
    return UserError(
        f"Tệp “{file_name}” có hơn {number(MAX_PROBLEMS)} lỗi và cảnh báo, không thể là danh "
        "sách hộ đọc đúng cột; hãy kiểm tra các cột đã chọn (hoặc sửa tệp) rồi nhập lại."
    )


def check_file_size(file_name: str, size: int) -> None:
    if size > MAX_FILE_BYTES:
        raise too_large(
            file_name,
            f"tệp nặng {number(size // 2**20)} MB, quá {number(MAX_FILE_BYTES // 2**20)} MB",
            SPLIT_FILE,
        )


def damaged(file_name: str) -> UserError:
    return UserError(
        f"Không đọc được nội dung tệp “{file_name}”: tệp có thể bị hỏng; hãy mở bằng Excel "
        "và lưu lại dạng .xlsx."
    )
