"""How long work reports its progress and learns that the user pressed Cancel.

Services take a Progress and call `step(done, total, text)` now and then; the call
raises Cancelled once the user has asked to stop, and the service lets it propagate so
that its transaction rolls back and nothing is half-written. The GUI's task runner
and the CLI each supply their own Progress; tests use the silent default.
"""

from __future__ import annotations

import threading


class Cancelled(Exception):
    """The user stopped the work; everything it did was rolled back."""


class Progress:
    """Silent progress that can be cancelled from another thread."""

    def __init__(self) -> None:
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def step(self, done: int, total: int, text: str = "") -> None:
        """Report done out of total; raise Cancelled if the user asked to stop."""
        if self._cancel.is_set():
            raise Cancelled
        self.show(done, total, text)

    def show(self, done: int, total: int, text: str) -> None:
        """Display the progress; subclasses draw a bar or print a line."""
