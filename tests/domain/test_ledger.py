"""The ledger's rules: what a service changes, and how removing a record undoes it."""

from datetime import date

from desktop.domain.eligibility import ResidentStatus
from desktop.domain.ledger import (
    changes_from_json,
    changes_to_json,
    new_values,
    service_changes,
    services_owed,
    undo_changes,
)

DAY, LATER = date(2026, 11, 25), date(2026, 11, 28)
SERVICES = ("vneid_installed", "level2_collected", "app_114", "documents", "chip_card_collected")


def values(**changes) -> dict:
    base = {
        "vneid_level": 0,
        "vneid_level_changed_on": None,
        "has_chip_card": True,
        "app_114": False,
        "documents_integrated": None,
    }
    return {**base, **changes}


def apply(current: dict, service: str, day: date) -> tuple[dict, dict]:
    changes = service_changes(service, current, day)
    return {**current, **new_values(changes)}, changes


def test_services_only_raise_statuses():
    assert service_changes("vneid_installed", values(), DAY) == {
        "vneid_level": [0, 1],
        "vneid_level_changed_on": [None, DAY],
    }
    assert service_changes("vneid_installed", values(vneid_level=2), DAY) == {}
    assert service_changes("level2_activated", values(vneid_level=1), DAY)["vneid_level"] == [1, 2]
    assert service_changes("level2_collected", values(has_chip_card=None), DAY) == {
        "has_chip_card": [None, True]
    }
    assert service_changes("app_114", values(app_114=False), DAY) == {"app_114": [False, True]}
    assert service_changes("chip_card_collected", values(), DAY) == {}


def test_removing_the_only_record_puts_back_what_it_replaced():
    after, made = apply(values(app_114=False), "app_114", DAY)
    restore, _ = undo_changes(made, after, [])
    assert restore == {"app_114": False}


def test_removing_an_earlier_step_passes_its_starting_point_to_the_later_one():
    installed, first = apply(values(), "vneid_installed", DAY)
    activated, second = apply(installed, "level2_activated", LATER)
    restore, (rewritten,) = undo_changes(first, activated, [second])
    assert restore == {}  # level 2 stands
    assert rewritten["vneid_level"] == [0, 2]
    assert rewritten["vneid_level_changed_on"] == [None, LATER]
    # Removing the activation afterwards now goes all the way back to level 0.
    restore, _ = undo_changes(rewritten, activated, [])
    assert restore == {"vneid_level": 0, "vneid_level_changed_on": None}


def test_a_status_edited_by_hand_since_stays():
    after, made = apply(values(), "vneid_installed", DAY)
    edited = {**after, "vneid_level": 2}
    assert undo_changes(made, edited, []) == ({}, [])


def test_changes_survive_the_round_trip_through_json():
    _, made = apply(values(), "vneid_installed", DAY)
    stored = changes_to_json(made)
    assert stored["vneid_level_changed_on"] == [None, "2026-11-25"]
    assert changes_from_json(stored) == made


def status(**fields) -> ResidentStatus:
    base = {
        "birth_date": None,
        "birth_year": 1980,
        "vneid_level": 0,
        "app_114": None,
        "has_chip_card": True,
        "personal_id": "010080001234",
    }
    return ResidentStatus(**{**base, **fields})


def test_an_adult_is_offered_what_neither_registry_nor_ledger_shows_done():
    assert services_owed(status(), set(), SERVICES, DAY) == (
        "vneid_installed",
        "level2_collected",
        "app_114",
    )
    assert services_owed(status(), {"level2_collected"}, SERVICES, DAY) == (
        "vneid_installed",
        "app_114",
    )
    # Without a chip card, the card application comes before level 2.
    assert services_owed(status(vneid_level=1, has_chip_card=False), set(), SERVICES, DAY) == (
        "app_114",
        "chip_card_collected",
    )
    # Documents go into a level-2 account.
    assert "documents" in services_owed(status(vneid_level=2), set(), SERVICES, DAY)


def test_children_are_offered_nothing_and_level2_needs_an_id_number():
    assert services_owed(status(birth_year=2015), set(), SERVICES, DAY) == ()
    assert "level2_collected" not in services_owed(status(personal_id=None), set(), SERVICES, DAY)
