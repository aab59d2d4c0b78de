"""Vietnamese phone numbers, as people and spreadsheets write them.

Mobiles have 10 digits starting 03, 05, 07, 08 or 09; landlines 11 digits starting 02
(Lào Cai: 0214…). "+84" or "84" in front stands for the leading 0, and Excel drops the
leading 0 of a number typed into a cell.
"""

from __future__ import annotations

import re

from desktop.domain.errors import InvalidValue

_NOISE = re.compile(r"[\s.\-()'’/]")
_MOBILE_PREFIXES = ("03", "05", "07", "08", "09")


def normalize_phone(raw: object) -> str | None:
    """Return the phone as 0xxxxxxxxx (mobile) or 02xxxxxxxxx (landline), None if empty.

    Raises InvalidValue when the digits cannot be a Vietnamese phone number.
    """
    if raw is None:
        return None
    if isinstance(raw, float):
        if raw != raw or raw != int(raw):
            raise InvalidValue("Số điện thoại không hợp lệ.")
        raw = int(raw)
    text = _NOISE.sub("", str(raw))
    if not text:
        return None
    if text.startswith("+"):
        text = text[1:]
        if not text.startswith("84"):
            raise InvalidValue(f"Số điện thoại “{raw}” không phải số Việt Nam (+84).")
    if not text.isdigit():
        raise InvalidValue(f"Số điện thoại “{raw}” chỉ được chứa chữ số.")
    if text.startswith("840") and len(text) in (12, 13):
        text = text[2:]  # "+84 (0) 912…": the zero was kept after the country code
    elif text.startswith("84") and len(text) in (11, 12):
        text = "0" + text[2:]
    elif not text.startswith("0") and len(text) in (9, 10):
        text = "0" + text  # Excel dropped the leading zero
    if len(text) == 10 and text.startswith(_MOBILE_PREFIXES):
        return text
    if len(text) == 11 and text.startswith("02"):
        return text
    raise InvalidValue(
        f"Số điện thoại “{raw}” không hợp lệ: di động gồm 10 chữ số bắt đầu bằng "
        "03, 05, 07, 08, 09; cố định gồm 11 chữ số bắt đầu bằng 02."
    )


def mask_phone(phone: str | None) -> str:
    """Only the last 3 digits of a phone ("•••••••678"), for people who may not see it
    whole (leaders, data entry): enough to tell two numbers of a family apart. The
    audit viewer masks phones the same way."""
    if not phone:
        return ""
    return "•" * max(len(phone) - 3, 0) + phone[-3:]
