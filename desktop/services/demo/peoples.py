"""The peoples of Lào Cai as the demo names them: Kinh, Hmong (Mông), Dao and Tày.

Each people has its own family, middle and given names and its own age at marriage;
about one household in five belongs to a minority people.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.services.demo.words import (
    DAO_FAMILIES,
    DAO_FEMALE_GIVEN,
    DAO_FEMALE_MIDDLES,
    DAO_MALE_GIVEN,
    DAO_MALE_MIDDLES,
    HMONG_FAMILIES,
    HMONG_FEMALE_GIVEN,
    HMONG_FEMALE_MIDDLES,
    HMONG_MALE_GIVEN,
    HMONG_MALE_MIDDLES,
    KINH_FAMILIES,
    KINH_FEMALE_GIVEN,
    KINH_FEMALE_MIDDLES,
    KINH_MALE_GIVEN,
    KINH_MALE_MIDDLES,
    TAY_FAMILIES,
)


@dataclass(frozen=True)
class People:
    """How one people names its children and when it marries."""

    key: str
    families: tuple[tuple[str, float], ...]
    male_middles: tuple[str, ...]
    female_middles: tuple[str, ...]
    male_given: tuple[str, ...]
    female_given: tuple[str, ...]
    marriage_ages: tuple[int, int]  # the wife's age at marriage
    exogamous: bool  # spouses never share a family name (Hmong clans)


KINH = People(
    "kinh",
    KINH_FAMILIES,
    KINH_MALE_MIDDLES,
    KINH_FEMALE_MIDDLES,
    KINH_MALE_GIVEN,
    KINH_FEMALE_GIVEN,
    (20, 28),
    False,
)
HMONG = People(
    "hmong",
    HMONG_FAMILIES,
    HMONG_MALE_MIDDLES,
    HMONG_FEMALE_MIDDLES,
    HMONG_MALE_GIVEN,
    HMONG_FEMALE_GIVEN,
    (17, 22),
    True,
)
DAO = People(
    "dao",
    DAO_FAMILIES,
    DAO_MALE_MIDDLES,
    DAO_FEMALE_MIDDLES,
    DAO_MALE_GIVEN,
    DAO_FEMALE_GIVEN,
    (18, 23),
    True,
)
TAY = People(
    "tay",
    TAY_FAMILIES,
    KINH_MALE_MIDDLES,
    KINH_FEMALE_MIDDLES,
    KINH_MALE_GIVEN,
    KINH_FEMALE_GIVEN,
    (19, 25),
    False,
)
# About one household in five belongs to a minority people.
PEOPLES: tuple[tuple[People, float], ...] = ((KINH, 80), (HMONG, 7), (DAO, 5), (TAY, 8))
