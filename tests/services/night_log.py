"""The counts a night's tally should show, worked out from a log of what was typed.

Plain Python over the log, never the program's own counting, so that a test comparing
the two can fail. Shared by the campaign-night and reporting-station builders.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from datetime import date

COUNT_KEYS = (
    "households_visited",
    "residents_met",
    "vneid_installed",
    "level2_collected",
    "level2_activated",
    "app_114",
    "documents",
    "chip_card_collected",
)

Line = tuple[bool, tuple[str, ...]]  # (met, services done) for one resident of a visit


def counts_from_log(
    visits: Iterable[tuple[date, Hashable, Sequence[Line]]],
    activations: Iterable[tuple[date, Hashable]],
    nights: set[date],
) -> dict:
    """{key: the eight counts} over the nights; visits as (night, key, lines) and
    activations as (night, key), keyed as the caller chooses (team, group, …)."""
    counts: dict = {}

    def row(key: Hashable) -> dict[str, int]:
        return counts.setdefault(key, dict.fromkeys(COUNT_KEYS, 0))

    for night, key, lines in visits:
        if night in nights:
            row(key)["households_visited"] += 1
            row(key)["residents_met"] += sum(met for met, _ in lines)
            for _, services in lines:
                for service in services:
                    row(key)[service] += 1
    for night, key in activations:
        if night in nights:
            row(key)["level2_activated"] += 1
    return counts
