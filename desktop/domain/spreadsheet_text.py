"""What spreadsheets do to text: formulas hidden in it, and numbers they rewrote.

A cell that begins with "=", "+", "-" or "@" is a formula to Excel and LibreOffice: text
like `=HYPERLINK(...)` or `=cmd|' /C calc'!A0` typed as a name would run when a list
exported from here is opened (OWASP, "CSV injection"). Such text is no name, relation
or group; a CSV export writes a leading apostrophe before it so that a spreadsheet
shows it as text, and an import takes the apostrophe away again.

A 12-digit number typed into a cell in General format shows as 1.23457E+11; saved as
CSV (or copied back) the last six digits are gone for good.
"""

from __future__ import annotations

import re

from desktop.domain.errors import UserError

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NEUTRALISING_MARK = "'"
_NUMBER = re.compile(r"[+-]?\s*\d[\d\s.,]*%?")
_PHONE = re.compile(r"\+\s*\d[\d\s().\-]*")
_DASHES = re.compile(r"[-\s]+")
_MARKED = re.compile(r"'+[=+\-@\t\r]")
_SCIENTIFIC = re.compile(r"\s*[+-]?\d+(?:[.,]\d+)?\s*[eE]\s*[+-]?\s*\d+\s*")


def looks_like_formula(text: str) -> bool:
    """True for text a spreadsheet would take for a formula: it begins with = + - @ (or a
    tab or carriage return) and is not a number, a phone number or a lone dash."""
    start = text.lstrip(" ")
    if not start.startswith(FORMULA_STARTS):
        return False
    plain = start.strip()
    return not (_NUMBER.fullmatch(plain) or _PHONE.fullmatch(plain) or _DASHES.fullmatch(plain))


def neutralised(text: str) -> str:
    """The text with an apostrophe in front when a spreadsheet would read it as a formula
    (or when it already starts with apostrophes before such a sign, so that
    `without_mark` gives it back exactly)."""
    if text.startswith(FORMULA_STARTS) or _MARKED.match(text):
        return NEUTRALISING_MARK + text
    return text


def without_mark(text: str) -> str:
    """`neutralised` undone: "'=SUM(A1)" → "=SUM(A1)"; any other text as it is."""
    return text[1:] if _MARKED.match(text) else text


def lost_digits(value: object) -> bool:
    """True for a number a spreadsheet has shown in scientific notation and so cut to
    six digits: the text "1.23457E+11", or the number 123457000000 itself."""
    if isinstance(value, str):
        return bool(_SCIENTIFIC.fullmatch(value))
    if isinstance(value, float) and value == value and value >= 1e11 and value.is_integer():
        digits = str(int(value))
        return len(digits.rstrip("0")) <= 6
    return False


def scientific_text(value: float) -> str:
    """123457000000.0 → "1.23457E+11", as Excel shows it."""
    return f"{value:.5E}".replace("E+0", "E+").replace("E-0", "E-")


def refuse_formula(text: str | None, what: str) -> None:
    """Raise UserError when `text` would be a formula in a spreadsheet; `what` names the
    field in the sentence ("Họ và tên", "Quan hệ với chủ hộ", "Tên tổ dân phố")."""
    if text and looks_like_formula(text):
        raise UserError(
            f"{what} “{text.strip()[:40]}” bắt đầu bằng dấu =, +, - hoặc @ như một công thức "
            "bảng tính; hãy viết lại (chỉ chữ)."
        )
