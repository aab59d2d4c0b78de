"""Vietnamese names: stored clean, searched folded, listed in dictionary order."""

import unicodedata

import pytest

from desktop.domain.names import fold, name_sort_key, normalize_name, text_sort_key


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def vietnamese_order(names: list[str]) -> list[str]:
    return sorted(names, key=name_sort_key)


def test_decomposed_input_is_stored_composed():
    stored = normalize_name(nfd("Nguyễn Thị Ước"))
    assert stored == "Nguyễn Thị Ước"
    assert unicodedata.is_normalized("NFC", stored)
    assert len(stored) == len("Nguyễn Thị Ước")


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("NGUYỄN  văn   a", "Nguyễn Văn A"),
        ("  trần thị bình ", "Trần Thị Bình"),
        ("đặng\tđình\nđức", "Đặng Đình Đức"),
        ("h'hen niê", "H'Hen Niê"),
        ("ka-sô liêng", "Ka-Sô Liêng"),
        ("", ""),
    ],
)
def test_names_get_capitals_and_single_spaces(raw, stored):
    assert normalize_name(raw) == stored


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Nguyễn Thị Ước", "nguyen thi uoc"),
        ("ĐẶNG ĐÌNH ĐỨC", "dang dinh duc"),
        ("Đào", "dao"),
        ("Lưu  Bá   Ơn", "luu ba on"),
    ],
)
def test_folding_drops_case_diacritics_and_the_bar_of_d(text, folded):
    assert fold(text) == folded


def test_folding_decomposed_text_gives_the_same_result():
    assert fold(nfd("Nguyễn Thị Ước")) == "nguyen thi uoc"


def test_lists_sort_by_given_name_first():
    assert vietnamese_order(["Nguyễn Văn Bình", "Trần Thị An"]) == [
        "Trần Thị An",
        "Nguyễn Văn Bình",
    ]


def test_same_given_name_then_sorts_by_family_and_middle_names():
    assert vietnamese_order(["Trần Văn An", "Lê Thị An", "Lê Văn An"]) == [
        "Lê Thị An",
        "Lê Văn An",
        "Trần Văn An",
    ]


def test_d_with_bar_comes_after_d():
    # Code-point order would agree here, but for the wrong reason; the next test shows why.
    assert vietnamese_order(["Trần Thị Đào", "Nguyễn Văn Dũng"]) == [
        "Nguyễn Văn Dũng",
        "Trần Thị Đào",
    ]


def test_a_with_tone_is_still_an_a():
    # Plain Python order puts "Á" (U+00C1) after every Latin letter.
    assert sorted(["Dũng", "Ánh"]) == ["Dũng", "Ánh"]
    assert vietnamese_order(["Lê Văn Dũng", "Phạm Thị Ánh"]) == ["Phạm Thị Ánh", "Lê Văn Dũng"]


def test_letters_with_marks_follow_their_base_letter():
    given = ["Ư", "U", "Ơ", "Ô", "O", "Ê", "E", "Â", "Ă", "A", "Đ", "D"]
    ordered = [name.split()[-1] for name in vietnamese_order([f"Lê {g}" for g in given])]
    assert ordered == ["A", "Ă", "Â", "D", "Đ", "E", "Ê", "O", "Ô", "Ơ", "U", "Ư"]


def test_tones_only_break_ties_between_equal_spellings():
    # không dấu, huyền, hỏi, ngã, sắc, nặng; and "Bạ" still before "Bi".
    given = ["Bi", "Bạ", "Bá", "Bã", "Bả", "Bà", "Ba"]
    ordered = [name.split()[-1] for name in vietnamese_order([f"Lê {g}" for g in given])]
    assert ordered == ["Ba", "Bà", "Bả", "Bã", "Bá", "Bạ", "Bi"]


def test_shorter_name_comes_before_its_longer_extension():
    assert vietnamese_order(["Lê Anh", "Lê An", "Lê Ân"]) == ["Lê An", "Lê Anh", "Lê Ân"]


def test_sort_key_ignores_how_the_name_was_typed():
    assert name_sort_key(nfd("nguyễn  thị ước")) == name_sort_key("Nguyễn Thị Ước")


def test_text_sort_key_orders_street_names_in_the_vietnamese_alphabet():
    streets = ["Đường Sắt", "Duyên Hải", "Âu Cơ", "An Dương Vương", "Hoàng Liên"]
    assert sorted(streets, key=text_sort_key) == [
        "An Dương Vương",
        "Âu Cơ",
        "Duyên Hải",
        "Đường Sắt",
        "Hoàng Liên",
    ]
