"""Problems found in an import file: where they are, how bad, and what to do about them.

An error rejects its row (it is not imported and counts in `rejected`); a warning lets
the row in and counts in `warnings`. Each problem names the sheet, the Excel row number
a person sees, and the column heading as written in the file (empty for a problem with
the whole row).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from desktop.domain.errors import UserError

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one row (or one cell) of the file."""

    sheet: str
    row: int
    column: str
    severity: str  # ERROR or WARNING
    message: str
    value: str = ""  # the cell as the file shows it, for the saved problem list

    def as_json(self) -> dict[str, Any]:
        """The shape the CLI prints: sheet, row, column, severity, message."""
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "severity": self.severity,
            "message": self.message,
        }


def sorted_problems(problems: Iterable[Problem], sheet_order: list[str]) -> list[Problem]:
    """Problems in file order: sheet by sheet, row by row, errors before warnings."""
    rank = {name: index for index, name in enumerate(sheet_order)}
    return sorted(
        problems,
        key=lambda p: (rank.get(p.sheet, len(rank)), p.row, p.severity != ERROR),
    )


class ImportRefused(UserError):
    """Nothing could be imported; carries the problems that explain why."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = list(problems or [])
