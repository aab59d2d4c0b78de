"""argparse's own words in Vietnamese: its help headings and the sentences it refuses
a command line with ("the following arguments are required: --out").

argparse looks each of its texts up through gettext when it uses it; `speak_vietnamese`
puts this table in front of that lookup. A text not in the table stays as argparse
wrote it (a newer Python may word one differently), so nothing is ever lost.
"""

from __future__ import annotations

import argparse

VIETNAMESE = {
    "usage: ": "cách dùng: ",
    "positional arguments": "tham số",
    "options": "tùy chọn",
    "optional arguments": "tùy chọn",
    "show this help message and exit": "hiện hướng dẫn này rồi thoát",
    "the following arguments are required: %s": "thiếu %s",
    "unrecognized arguments: %s": "không hiểu %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "không có lựa chọn %(value)r (chọn một trong: %(choices)s)"
    ),
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "expected one argument": "cần một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "expected at most one argument": "cần nhiều nhất một giá trị",
    "invalid %(type)s value: %(value)r": "giá trị không hợp lệ: %(value)r",
    "ambiguous option: %(option)s could match %(matches)s": (
        "tùy chọn %(option)s chưa rõ, có thể là %(matches)s"
    ),
    "not allowed with argument %s": "không dùng cùng với %s",
    "ignored explicit argument %r": "bỏ qua giá trị %r",
}


def speak_vietnamese() -> None:
    """Make argparse use the Vietnamese words from now on (once per process is enough)."""
    english = argparse._  # the gettext lookup argparse calls at each use
    if getattr(english, "vietnamese", False):
        return

    def vietnamese(text: str) -> str:
        return VIETNAMESE.get(text, english(text))

    vietnamese.vietnamese = True  # type: ignore[attr-defined]
    argparse._ = vietnamese  # type: ignore[attr-defined]
