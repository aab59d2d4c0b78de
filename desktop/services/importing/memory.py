"""Pausing Python's cycle collector while an import builds its hundreds of thousands of
small objects.

An import allocates a few containers per cell and keeps them all until it ends, so the
collector's full passes run again and again over a growing heap for nothing: a quarter
of the time of a 50,000-resident import. Nothing an import builds forms cycles that need
collecting, and reference counting still frees everything else as usual.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with the cycle collector off (as it was again afterwards)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
