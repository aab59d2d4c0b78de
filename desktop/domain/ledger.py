"""The service ledger's rules: what a recorded service does to a resident's statuses,
how removing a record undoes it, and which services a resident is still owed.

A ServiceRecord is one service delivered to one resident (once, ever). Applying it only
ever raises a status: VNeID level 0 → 1 → 2, a flag from unknown or "no" to "yes".
Each record keeps the changes it made ({field: [old, new]}); removing it puts back
what it replaced, and when a later record was built on it (VNeID installed, then level 2
activated), the later record takes over the older starting point. A status someone
edited by hand since is left as they set it. So records can be removed in any order
and the resident ends up as if the removed record had never been entered.

Nothing here touches the database: the services and the demo generator share it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from desktop.domain.campaign import (
    APP_114,
    CHIP_CARD_COLLECTED,
    DOCUMENTS,
    LEVEL2_ACTIVATED,
    LEVEL2_COLLECTED,
    VNEID_INSTALLED,
)
from desktop.domain.eligibility import ADULT_AGE, ResidentStatus, age_on, check_level2_allowed
from desktop.domain.errors import InvalidValue

# The resident columns that follow from the ledger.
STATUS_FIELDS = (
    "vneid_level",
    "vneid_level_changed_on",
    "has_chip_card",
    "app_114",
    "documents_integrated",
)
# Fields that change together; the first one decides.
_FIELD_GROUPS = (
    ("vneid_level", "vneid_level_changed_on"),
    ("has_chip_card",),
    ("app_114",),
    ("documents_integrated",),
)
_DATE_FIELDS = ("vneid_level_changed_on",)

Changes = dict[str, list[Any]]  # {field: [old, new]}


def service_changes(service: str, current: Mapping[str, Any], done_on: date) -> Changes:
    """What recording `service` on `done_on` changes on a resident with these statuses.

    Takes the resident's current values of STATUS_FIELDS; returns {field: [old, new]}
    for the fields that change (empty when the status already says so).
    """
    level = current["vneid_level"] or 0
    if service == VNEID_INSTALLED and level < 1:
        return _level_changes(current, 1, done_on)
    if service == LEVEL2_ACTIVATED and level < 2:
        return _level_changes(current, 2, done_on)
    flag = {
        LEVEL2_COLLECTED: "has_chip_card",  # the chip card was checked with the application
        APP_114: "app_114",
        DOCUMENTS: "documents_integrated",
    }.get(service)
    if flag is not None and current[flag] is not True:
        return {flag: [current[flag], True]}
    return {}  # CHIP_CARD_COLLECTED: the new card comes later


def _level_changes(current: Mapping[str, Any], level: int, done_on: date) -> Changes:
    return {
        "vneid_level": [current["vneid_level"], level],
        "vneid_level_changed_on": [current["vneid_level_changed_on"], done_on],
    }


def new_values(changes: Changes) -> dict[str, Any]:
    """The values a set of changes writes."""
    return {field: pair[1] for field, pair in changes.items()}


def undo_changes(
    removed: Changes, current: Mapping[str, Any], later: Sequence[Changes]
) -> tuple[dict[str, Any], list[Changes]]:
    """What removing a record puts back on its resident.

    Takes the removed record's changes, the resident's current statuses, and the
    changes of the resident's records applied after it (oldest first). Returns the
    field values to write on the resident and the later records' changes, rewritten
    where one of them was built on the removed record (it now starts from what the
    removed record had replaced).
    """
    restore: dict[str, Any] = {}
    rewritten = [{field: list(pair) for field, pair in changes.items()} for changes in later]
    for fields in _FIELD_GROUPS:
        key = fields[0]
        if key not in removed:
            continue
        made = removed[key][1]
        if current[key] == made:
            restore.update({field: removed[field][0] for field in fields if field in removed})
            continue
        for changes in rewritten:
            if key in changes and changes[key][0] == made:
                for field in fields:
                    if field in changes and field in removed:
                        changes[field][0] = removed[field][0]
                break
        # Otherwise the status was edited by hand since: the edit stands.
    return restore, rewritten


def changes_to_json(changes: Changes) -> dict[str, list[Any]]:
    """Changes as stored in ServiceRecord.changed (dates as ISO text)."""
    return {
        field: [value.isoformat() if isinstance(value, date) else value for value in pair]
        for field, pair in changes.items()
    }


def changes_from_json(stored: Mapping[str, list[Any]] | None) -> Changes:
    """ServiceRecord.changed read back, with its dates as dates."""
    changes: Changes = {}
    for field, pair in (stored or {}).items():
        if field in _DATE_FIELDS:
            pair = [date.fromisoformat(value) if value else None for value in pair]
        changes[field] = list(pair)
    return changes


def level2_check(status: ResidentStatus, on: date) -> tuple[bool, list[str]]:
    """(allowed, warnings) for level 2 on a day: the rules of check_level2_allowed,
    with the refusal as (False, [the sentence]) instead of an exception."""
    try:
        return True, check_level2_allowed(status, on)
    except InvalidValue as refused:
        return False, [str(refused)]


def services_owed(
    status: ResidentStatus, recorded: set[str], tracked: Sequence[str], on: date
) -> tuple[str, ...]:
    """The doorstep services a team should offer a resident, in the campaign's order.

    Takes the resident's statuses, the services already recorded for them and the
    services the campaign tracks. Offers only what neither the statuses nor the ledger
    show as done, to residents aged 14 and over (younger ones only on request): level 2
    needs the chip card (without one, the card application comes first) and an ID
    number; documents are integrated into a level-2 account.
    The route planner counts a household's worth by the same rule.
    """
    age = age_on(status.birth_date, status.birth_year, on)
    if age is None or age < ADULT_AGE:
        return ()
    owed = {
        VNEID_INSTALLED: status.vneid_level < 1,
        LEVEL2_COLLECTED: status.vneid_level < 2
        and LEVEL2_ACTIVATED not in recorded
        and status.has_chip_card is not False
        and level2_check(status, on)[0],
        APP_114: status.app_114 is not True,
        DOCUMENTS: status.vneid_level == 2 and status.documents_integrated is not True,
        CHIP_CARD_COLLECTED: status.has_chip_card is False,
    }
    return tuple(
        service for service in tracked if owed.get(service, False) and service not in recorded
    )
