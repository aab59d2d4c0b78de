"""Numbers as Vietnamese text writes them: thousands with a dot, decimals with a comma.

One implementation for the window, the command line, the services' sentences and the
reports, so that 12.345 people read the same everywhere.
"""

from __future__ import annotations

# Python writes "1,234.5"; Vietnamese writes "1.234,5".
_SWAP_MARKS = str.maketrans(",.", ".,")


def number(value: int) -> str:
    """12345 → "12.345", -1234 → "-1.234"."""
    return f"{value:,}".replace(",", ".")


def decimal(value: float, places: int = 1) -> str:
    """1318.24 → "1.318,2": rounded to `places` decimals (as Python's format rounds)."""
    return f"{value:,.{places}f}".translate(_SWAP_MARKS)
