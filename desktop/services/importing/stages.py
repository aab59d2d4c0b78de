"""One progress bar over several steps: each step reports into its share of the bar."""

from __future__ import annotations

from desktop.services.progress import Progress

_SCALE = 1000


class Stage(Progress):
    """The part [start, end] (fractions of the whole) of another Progress.

    Steps report here from 0 to their own total; cancelling and the Cancelled
    exception go through to the progress underneath.
    """

    def __init__(self, whole: Progress, start: float, end: float) -> None:
        super().__init__()
        self.whole = whole
        self.start = start
        self.end = end

    def cancel(self) -> None:
        self.whole.cancel()

    @property
    def cancelled(self) -> bool:
        return self.whole.cancelled

    def step(self, done: int, total: int, text: str = "") -> None:
        fraction = min(done / total, 1.0) if total else 1.0
        position = self.start + (self.end - self.start) * fraction
        self.whole.step(round(_SCALE * position), _SCALE, text)
