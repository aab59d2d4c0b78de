"""What every CLI command shares: exit codes, argument types, results, stderr progress."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from desktop.services.progress import Progress

EXIT_OK, EXIT_BUG, EXIT_REFUSED = 0, 1, 2


@dataclass
class CommandResult:
    """One line for people on stdout, or the JSON object with --json."""

    summary: str
    data: dict[str, Any] = field(default_factory=dict)


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ngày “{text}” phải có dạng YYYY-MM-DD") from None


def positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"“{text}” phải là số nguyên dương")
    return int(text)


class StderrProgress(Progress):
    """Progress as a line on stderr, printed every 10 percent."""

    def __init__(self) -> None:
        super().__init__()
        self._last_shown = -10

    def show(self, done: int, total: int, text: str) -> None:
        percent = int(100 * done / total) if total else 100
        if percent >= self._last_shown + 10:
            self._last_shown = percent
            print(f"{text} {percent}%", file=sys.stderr)
