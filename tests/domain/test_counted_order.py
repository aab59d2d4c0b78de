"""Numbered names (groups, teams) sort as people count them."""

from __future__ import annotations

import pytest

from desktop.domain.names import counted_sort_key, text_sort_key


def test_numbers_sort_by_their_value_and_before_words():
    names = ["Tổ 10", "Tổ 2", "Thôn Bản Phiệt", "Tổ 1", "Tổ 9", "Tổ 7"]
    assert sorted(names, key=counted_sort_key) == [
        "Thôn Bản Phiệt",
        "Tổ 1",
        "Tổ 2",
        "Tổ 7",
        "Tổ 9",
        "Tổ 10",
    ]


def test_a_number_with_a_letter_stays_beside_its_number():
    names = ["Tổ 10", "Tổ 7B", "Tổ 8", "Tổ 7", "Tổ 7A", "Tổ dân phố số 12", "Tổ dân phố số 3"]
    assert sorted(names, key=counted_sort_key) == [
        "Tổ 7",
        "Tổ 7A",
        "Tổ 7B",
        "Tổ 8",
        "Tổ 10",
        "Tổ dân phố số 3",
        "Tổ dân phố số 12",
    ]


def test_leading_zeros_and_big_numbers_count_by_value():
    assert counted_sort_key("Tổ 02") == counted_sort_key("Tổ 2")
    assert counted_sort_key("Tổ 999999") < counted_sort_key("Tổ 1000000")
    assert counted_sort_key("Tổ 1000000") < counted_sort_key("Tổ 20000000")


def test_words_sort_in_the_vietnamese_alphabet_and_ignore_how_they_were_typed():
    assert sorted(["Thôn Đồng", "Thôn Dốc"], key=counted_sort_key) == ["Thôn Dốc", "Thôn Đồng"]
    assert counted_sort_key("  tổ   3 ") == counted_sort_key("Tổ 3")


@pytest.mark.parametrize("name", ["Tổ 1", "Tổ 12", "Thôn Bản Phiệt", "Tổ công tác số 3", "Bản 4"])
def test_names_of_words_and_whole_numbers_keep_the_key_they_were_stored_with(name):
    """Groups and teams keep their stored sort keys: for such names the key is the one
    the services wrote before this function existed."""
    before = " ".join(
        f"{int(word):06d}" if word.isdigit() else text_sort_key(word) for word in name.split(" ")
    )
    assert counted_sort_key(name) == before
