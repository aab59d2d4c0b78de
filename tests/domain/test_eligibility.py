"""Who is counted, who is still pending, and who may get level 2 of the electronic ID."""

from datetime import date

import pytest

from desktop.domain.eligibility import (
    ResidentStatus,
    adult_cutoff,
    age_on,
    check_level2_allowed,
    is_adult,
    pending_services,
)
from desktop.domain.errors import InvalidValue

TODAY = date(2026, 11, 30)
WITH_ID = "010085001234"


def resident(
    birth_date: date | None = None,
    birth_year: int | None = None,
    vneid_level: int = 0,
    app_114: bool | None = None,
    personal_id: str | None = WITH_ID,
    has_chip_card: bool | None = None,
) -> ResidentStatus:
    return ResidentStatus(
        birth_date=birth_date,
        birth_year=birth_year,
        vneid_level=vneid_level,
        app_114=app_114,
        personal_id=personal_id,
        has_chip_card=has_chip_card,
    )


def test_age_turns_on_the_birthday_not_the_day_after():
    born = date(2012, 11, 30)
    assert age_on(born, 2012, date(2026, 11, 29)) == 13
    assert age_on(born, 2012, date(2026, 11, 30)) == 14


def test_with_only_a_birth_year_the_age_is_the_one_reached_that_year():
    assert age_on(None, 2012, date(2026, 1, 1)) == 14


def test_unknown_age_is_none():
    assert age_on(None, None, TODAY) is None


def test_leap_day_birthday_counts_from_first_march_in_other_years():
    born = date(2012, 2, 29)
    assert age_on(born, 2012, date(2026, 2, 28)) == 13
    assert age_on(born, 2012, date(2026, 3, 1)) == 14


def test_fourteen_on_the_birthday_is_adult_and_the_day_before_is_not():
    assert is_adult(resident(birth_date=date(2012, 11, 30)), TODAY)
    assert not is_adult(resident(birth_date=date(2012, 12, 1)), TODAY)


def test_birth_date_outranks_birth_year():
    # Born in December 2012: still 13 in late November 2026, although 2026 − 2012 = 14.
    assert not is_adult(resident(birth_date=date(2012, 12, 1), birth_year=2012), TODAY)
    assert is_adult(resident(birth_year=2012), TODAY)


def test_unknown_age_is_not_counted_as_adult():
    assert not is_adult(resident(), TODAY)


def test_adult_cutoff_on_a_leap_day_falls_back_to_28_february():
    assert adult_cutoff(date(2028, 2, 29)) == (date(2014, 2, 28), 2014)
    assert adult_cutoff(TODAY) == (date(2012, 11, 30), 2012)


@pytest.mark.parametrize(
    ("vneid_level", "app_114", "pending"),
    [
        (0, None, {"level2", "app_114"}),
        (1, False, {"level2", "app_114"}),
        (2, None, {"app_114"}),
        (1, True, {"level2"}),
        (2, True, set()),
    ],
)
def test_an_adult_is_pending_for_what_is_missing(vneid_level, app_114, pending):
    status = resident(birth_year=1980, vneid_level=vneid_level, app_114=app_114)
    assert pending_services(status, TODAY) == pending


def test_children_and_unknown_ages_are_never_pending():
    assert pending_services(resident(birth_year=2015), TODAY) == set()
    assert pending_services(resident(), TODAY) == set()


def test_level2_for_an_adult_needs_no_warning():
    assert check_level2_allowed(resident(birth_year=1980, vneid_level=2), TODAY) == []


def test_level2_at_fourteen_exactly_needs_no_warning():
    assert check_level2_allowed(resident(birth_date=date(2012, 11, 30)), TODAY) == []


@pytest.mark.parametrize("born", [date(2020, 11, 30), date(2012, 12, 1)])
def test_level2_from_six_to_thirteen_is_allowed_with_a_warning(born):
    warnings = check_level2_allowed(resident(birth_date=born), TODAY)
    assert len(warnings) == 1
    assert "đề nghị của gia đình" in warnings[0]


def test_level2_under_six_is_refused():
    with pytest.raises(InvalidValue, match="dưới 6 tuổi"):
        check_level2_allowed(resident(birth_date=date(2020, 12, 1)), TODAY)


def test_level2_without_an_id_number_is_refused():
    with pytest.raises(InvalidValue, match="số định danh"):
        check_level2_allowed(resident(birth_year=1980, personal_id=None), TODAY)


def test_level2_with_unknown_age_asks_for_a_check():
    warnings = check_level2_allowed(resident(), TODAY)
    assert len(warnings) == 1
    assert "ngày sinh" in warnings[0]


def test_level2_for_someone_recorded_without_a_chip_card_asks_for_a_check():
    warnings = check_level2_allowed(resident(birth_year=1980, has_chip_card=False), TODAY)
    assert len(warnings) == 1 and "thẻ căn cước gắn chíp" in warnings[0]
    assert check_level2_allowed(resident(birth_year=1980, has_chip_card=None), TODAY) == []


def test_a_collected_level2_application_is_no_longer_pending():
    collected = ResidentStatus(
        birth_date=None, birth_year=1980, vneid_level=1, app_114=None, level2_collected=True
    )
    assert pending_services(collected, TODAY) == {"app_114"}
