"""Files the desk writes for the user: exports, reports and walk sheets.

Each is written under a temporary name beside the target and renamed at the end, so a
cancelled or failed write leaves nothing behind, and never half a file under the real
name; the rename stays on one disk. A target the user cannot have is refused with one
sentence before anything is built.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from desktop.domain.errors import UserError
from desktop.services.private_files import create_private_file, note_temporary


def check_target(path: Path, name_hint: str) -> None:
    """Refuse a target that is a folder, or in a folder that does not exist.

    `name_hint` finishes the sentence for a folder: "hãy ghi {name_hint}", e.g.
    "tên tệp cần xuất".
    """
    if path.is_dir():
        raise UserError(f"“{path}” là một thư mục; hãy ghi {name_hint}.")
    if not path.parent.is_dir():
        raise UserError(f"Thư mục “{path.parent}” không tồn tại; hãy chọn thư mục khác.")


def check_writable(path: Path) -> None:
    """Refuse a folder that cannot be written, before anything slow is built for it."""
    temporary_beside(path).unlink()


def temporary_beside(path: Path) -> Path:
    """A new empty file beside the target, for the owner only (it will hold citizens'
    data), noted so that it is removed if the process dies before renaming it
    (desktop.services.private_files); refuses a folder that cannot be written."""
    temporary = path.with_name(f".{path.stem}.{secrets.token_hex(4)}.tmp")
    try:
        create_private_file(temporary)
        note_temporary(temporary)
    except OSError:
        raise UserError(
            f"Không ghi được vào thư mục “{path.parent}”; hãy chọn thư mục khác."
        ) from None
    return temporary


@contextmanager
def written_in_place(path: Path, busy_message: str) -> Iterator[Path]:
    """Give the block a temporary file beside `path` to write; rename it to `path` when
    the block ends, or remove it when the block raises (Cancelled included).

    Refuses a folder that cannot be written, and a target that cannot be replaced
    (open in another program) with `busy_message`.
    """
    temporary = temporary_beside(path)
    try:
        yield temporary
        try:
            os.replace(temporary, path)
        except OSError:
            raise UserError(busy_message) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def append_heading_row(sheet: WriteOnlyWorksheet, names: Iterable[str]) -> None:
    """The column headings of a streamed sheet, in bold."""
    bold = Font(bold=True)
    header = []
    for name in names:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)


def append_streamed_rows(
    sheet: WriteOnlyWorksheet,
    chunks: Iterable[Sequence[Any]],
    cells: Callable[[WriteOnlyWorksheet, Any], list[Any]],
) -> int:
    """Append the rows of every chunk (each row's cells made by `cells`) and return how
    many; a failure or a Cancel part-way discards the half-written sheet."""
    written = 0
    try:
        for chunk in chunks:
            for row in chunk:
                sheet.append(cells(sheet, row))
            written += len(chunk)
    except BaseException:
        discard_sheet(sheet)
        raise
    return written


def discard_sheet(sheet: WriteOnlyWorksheet) -> None:
    """Close a half-written sheet and remove the scratch file openpyxl streams it to."""
    sheet.close()
    writer = getattr(sheet, "_writer", None)
    if writer is not None:
        writer.cleanup()
