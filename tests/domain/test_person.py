"""Relations to the head of household and genders, however they were written."""

import unicodedata

import pytest

from desktop.domain.errors import InvalidValue
from desktop.domain.person import HEAD, is_head, normalize_gender, normalize_relation


@pytest.mark.parametrize(
    "raw",
    [
        "Chủ hộ",
        "CHỦ HỘ",
        "chủ hộ",
        "  chủ   hộ ",
        "chu ho",
        "Chu Ho",
        "CHU HO",
        "CH",
        unicodedata.normalize("NFD", "Chủ hộ"),
    ],
)
def test_every_way_of_writing_the_head_becomes_chu_ho(raw):
    assert normalize_relation(raw) == HEAD == "Chủ hộ"


@pytest.mark.parametrize(
    ("raw", "usual"),
    [
        ("VỢ", "Vợ"),
        ("vo", "Vợ"),
        ("con dâu", "Con dâu"),
        ("CON RE", "Con rể"),
        ("cha", "Bố"),
        ("cháu NỘI", "Cháu nội"),
        (unicodedata.normalize("NFD", "Cháu ngoại"), "Cháu ngoại"),
    ],
)
def test_relations_take_their_usual_spelling(raw, usual):
    assert normalize_relation(raw) == usual


def test_accents_that_disagree_are_not_forced_into_a_known_relation():
    # "Bà" (grandmother) and "Bá" fold alike; what was typed with accents is kept.
    assert normalize_relation("bà") == "Bà"
    assert normalize_relation("BÁ") == "Bá"


def test_unknown_relations_keep_their_words_with_a_capital():
    assert normalize_relation("BẠN CÙNG PHÒNG") == "Bạn cùng phòng"


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_an_empty_relation_is_refused(raw):
    with pytest.raises(InvalidValue):
        normalize_relation(raw)


def test_is_head_recognises_the_head_only():
    assert is_head("Chủ hộ") and is_head("CHỦ HỘ")
    assert not is_head("Con") and not is_head(None)


@pytest.mark.parametrize(
    ("raw", "gender"),
    [
        ("Nam", "male"),
        ("NAM", "male"),
        ("nam", "male"),
        ("Nữ", "female"),
        ("NỮ", "female"),
        ("nu", "female"),
        (unicodedata.normalize("NFD", "Nữ"), "female"),
        ("Male", "male"),
        ("F", "female"),
    ],
)
def test_genders_in_any_capitalisation(raw, gender):
    assert normalize_gender(raw) == gender


def test_an_empty_gender_is_unknown():
    assert normalize_gender("") is None
    assert normalize_gender(None) is None


def test_an_unreadable_gender_is_refused_with_the_expected_words():
    with pytest.raises(InvalidValue, match="“Nam” hoặc “Nữ”"):
        normalize_gender("khác")
