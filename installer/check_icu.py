"""Does Qt still get from ICU what it asks of it, with the data trimmed by trim_icu.py?

Run by a Python with PySide6 whose ICU is the trimmed library, preloaded so that Qt's
libicuuc finds it instead of its own:

    LD_PRELOAD=dist/denkhuya/_internal/PySide6/Qt/lib/libicudata.so.73 \\
        build/venv/bin/python installer/check_icu.py

(installer/ci_frozen.sh after the build; tests/test_installer.py on a trimmed copy).
Checks Vietnamese collation (ă, â, đ, ư are letters of their own, after a, d, u: root
collation would put "âb" before "ac"), Vietnamese upper case, and the Vietnamese name of
the ward's time zone. Prints one line; exit code 0 when all hold, 1 otherwise.
"""

from __future__ import annotations

import functools
import sys

from PySide6.QtCore import QCollator, QLocale, QTimeZone

WORDS = ["ư", "u", "đ", "d", "âb", "ac", "ăn", "an", "Ê", "e"]
VIETNAMESE_ORDER = ["ac", "an", "ăn", "âb", "d", "đ", "e", "Ê", "u", "ư"]
STREET, STREET_UPPER = "đường Nguyễn Trãi", "ĐƯỜNG NGUYỄN TRÃI"
ZONE = b"Asia/Ho_Chi_Minh"


def main() -> int:
    with open("/proc/self/maps", encoding="utf-8") as maps:
        loaded = sorted({line.split()[-1] for line in maps if "icudata" in line})
    vietnamese = QLocale("vi_VN")
    collator = QCollator(vietnamese)
    order = sorted(WORDS, key=functools.cmp_to_key(collator.compare))
    upper = vietnamese.toUpper(STREET)
    zone = QTimeZone(ZONE).displayName(
        QTimeZone.TimeType.StandardTime, QTimeZone.NameType.LongName, vietnamese
    )
    good = order == VIETNAMESE_ORDER and upper == STREET_UPPER and zone.startswith("Giờ")
    print(
        f"ICU ({', '.join(loaded) or 'không thấy libicudata'}): "
        f"thứ tự {' '.join(order)}; {upper}; {zone} — {'đạt' if good else 'KHÔNG ĐẠT'}"
    )
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
