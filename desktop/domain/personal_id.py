"""The 12-digit personal ID number (số định danh cá nhân).

Layout: 3-digit birth-registration province code, one century/gender digit
(0/1 = male/female born 1900–1999, 2/3 for 2000–2099, 4/5 for 2100–2199), the last
two digits of the birth year, and 6 serial digits. There is no check digit, so a
number can only be cross-checked against the person's birth year, gender and the
list of province codes; a mismatch is a warning for a person to look at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.domain.errors import InvalidValue
from desktop.domain.provinces import BIRTH_PROVINCES

_STRIP = re.compile(r"[\s'’‘`.\-]")


@dataclass(frozen=True)
class IdDetails:
    """What a personal ID number says about its holder."""

    province_code: str
    gender: str  # "male" or "female"
    birth_year: int


def normalize_personal_id(raw: object) -> str | None:
    """Return the 12-digit ID, or None for an empty value.

    Accepts what spreadsheets make of it: a number that lost its leading zeros
    (11 digits, or 10 for the province codes 001–009; also as an int/float), spaces,
    dots, a leading apostrophe. Raises InvalidValue for anything that is not a
    12-digit number after that clean-up.
    """
    if raw is None:
        return None
    if isinstance(raw, float):
        if raw != raw or raw != int(raw):  # NaN or a fraction
            raise InvalidValue("Số định danh cá nhân phải gồm 12 chữ số.")
        raw = int(raw)
    text = _STRIP.sub("", str(raw))
    if not text:
        return None
    if not text.isdigit():
        raise InvalidValue(f"Số định danh cá nhân “{raw}” chỉ được chứa chữ số.")
    if len(text) == 11:
        text = "0" + text  # Excel dropped the leading zero
    elif len(text) == 10 and not text.startswith("0"):
        text = "00" + text  # codes 001–009 (Hà Nội, Hà Giang…) lose two zeros in Excel
    if len(text) != 12:
        raise InvalidValue(
            f"Số định danh cá nhân phải gồm 12 chữ số (“{raw}” có {len(text)} chữ số)."
        )
    return text


def decode_personal_id(personal_id: str) -> IdDetails:
    """Read the province, gender and birth year out of a normalised 12-digit ID."""
    century_gender = int(personal_id[3])
    century = 1900 + 100 * (century_gender // 2)
    return IdDetails(
        province_code=personal_id[:3],
        gender="female" if century_gender % 2 else "male",
        birth_year=century + int(personal_id[4:6]),
    )


def personal_id_warnings(personal_id: str, birth_year: int | None, gender: str | None) -> list[str]:
    """Vietnamese sentences for each way the ID disagrees with the person's record.

    An empty list means nothing to look at. Unknown birth year or gender is not
    checked.
    """
    details = decode_personal_id(personal_id)
    warnings = []
    if details.province_code not in BIRTH_PROVINCES:
        warnings.append(
            f"Mã tỉnh nơi đăng ký khai sinh “{details.province_code}” trong số định danh "
            "không có trong danh mục (có thể khai sinh ở nước ngoài); cần kiểm tra lại."
        )
    if int(personal_id[3]) > 5:
        warnings.append(
            f"Chữ số thế kỷ/giới tính “{personal_id[3]}” trong số định danh không hợp lệ."
        )
    elif birth_year is not None and details.birth_year != birth_year:
        warnings.append(
            f"Số định danh ứng với năm sinh {details.birth_year}, "
            f"nhưng năm sinh ghi là {birth_year}."
        )
    if gender is not None and int(personal_id[3]) <= 5 and details.gender != gender:
        said = "nữ" if details.gender == "female" else "nam"
        recorded = "nữ" if gender == "female" else "nam"
        warnings.append(f"Số định danh ứng với giới tính {said}, nhưng ghi là {recorded}.")
    return warnings


def mask_personal_id(personal_id: str | None) -> str:
    """Show only the last 4 digits ("••••••••1234") for printouts and lists."""
    if not personal_id:
        return ""
    return "•" * (len(personal_id) - 4) + personal_id[-4:]
