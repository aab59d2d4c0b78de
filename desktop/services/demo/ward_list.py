"""What the demo ward's list knows of where its households are: as little as a real one.

A real ward's list has addresses and no coordinates, save for the odd street someone
once surveyed. So the demo's list has coordinates for the households of one street
only (about 5 % of the ward; their source is "list"), and every other household is
placed from the map by the same `map locate` a real ward uses. A few households live
on a new street of a resettlement area that the map does not have yet: they stay
unplaced, and `locate` lists them, as it would on a real ward.
"""

from __future__ import annotations

import dataclasses
from collections import Counter

from desktop.services.demo.layout import Place

LISTED_SHARE = 0.05  # of the ward's households, on the one street the list has positions for
NEW_STREET = "đường N1"  # in the resettlement area, too new for the map
_NEW_STREET_EVERY = 100  # one household on the new street per this many, three at most
_NEW_STREET_MOST = 3


def as_the_list_has_them(places: list[Place]) -> list[Place]:
    """The places as the ward's list holds them: one street's households `listed` (with
    their coordinates), a few moved to NEW_STREET, the rest as they were."""
    listed = listed_street(places)
    # The new street's houses are numbered from 1, odd on one side.
    moved = {index: str(2 * k + 1) for k, index in enumerate(_on_the_new_street(places, listed))}
    return [
        dataclasses.replace(place, street=NEW_STREET, house_number=moved[index])
        if index in moved
        else dataclasses.replace(place, listed=True)
        if place.street == listed
        else place
        for index, place in enumerate(places)
    ]


def listed_street(places: list[Place]) -> str | None:
    """The street (its lanes included) whose share of the ward is nearest LISTED_SHARE."""
    if not places:
        return None
    counts = Counter(place.street for place in places)
    wanted = LISTED_SHARE * len(places)
    return min(counts, key=lambda street: abs(counts[street] - wanted))


def _on_the_new_street(places: list[Place], listed: str | None) -> list[int]:
    """The indexes of the highest-numbered houses facing the last street laid out
    (not the listed one): they are the new street's."""
    count = min(_NEW_STREET_MOST, len(places) // _NEW_STREET_EVERY)
    facing = [
        index for index, place in enumerate(places) if place.lane is None and place.street != listed
    ]
    if not count or not facing:
        return []
    street = places[facing[-1]].street
    own = [index for index in facing if places[index].street == street]
    own.sort(key=lambda index: int(places[index].house_number), reverse=True)
    return own[:count]
