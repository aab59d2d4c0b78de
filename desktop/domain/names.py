"""Vietnamese personal names: clean-up, folding for search, and dictionary sort order.

Names are stored in NFC with normal capitalisation and single spaces. Search compares
folded text (lower case, no diacritics, đ → d), so "nguyen thi uoc" finds
"Nguyễn Thị Ước". Lists sort by given name (the last word) first, then family and
middle names, in Vietnamese alphabet order with tones compared only when the letters
tie: plain code-point order would put "Ánh" after "Dũng".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")

# Combining marks that carry the five Vietnamese tones, in dictionary order
# (không dấu < huyền < hỏi < ngã < sắc < nặng).
_TONE_RANK = {
    "\u0300": 1,  # huyền
    "\u0309": 2,  # hỏi
    "\u0303": 3,  # ngã
    "\u0301": 4,  # sắc
    "\u0323": 5,  # nặng
}
# Marks that make a letter of its own in the Vietnamese alphabet (ă â ê ô ơ ư).
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}

_ALPHABET = [
    "a",
    "ă",
    "â",
    "b",
    "c",
    "d",
    "đ",
    "e",
    "ê",
    "f",
    "g",
    "h",
    "i",
    "j",
    "k",
    "l",
    "m",
    "n",
    "o",
    "ô",
    "ơ",
    "p",
    "q",
    "r",
    "s",
    "t",
    "u",
    "ư",
    "v",
    "w",
    "x",
    "y",
    "z",
]
# Each letter becomes one printable character whose code point follows the Vietnamese
# alphabet, so the stored key sorts right under plain binary comparison in SQL.
_LETTER_CODE = {letter: chr(0x41 + rank) for rank, letter in enumerate(_ALPHABET)}
# Separators sort below every letter code, so "An" comes before "Anh"; the end of the
# letters sorts below both, so tones are compared only between equal spellings.
_END_OF_LETTERS = " "
_PART_GAP = "!"  # after the given name, before family and middle names
_WORD_GAP = '"'  # between the other words


def normalize_name(raw: str) -> str:
    """Return a name in NFC, single-spaced, each word capitalised ("NGUYỄN  văn a" →
    "Nguyễn Văn A")."""
    text = unicodedata.normalize("NFC", raw or "")
    text = _SPACES.sub(" ", text).strip()
    return " ".join(_capitalize_word(word) for word in text.split(" ")) if text else ""


# A few hundred words make up most Vietnamese names: the per-word work is cached, which
# halves the time of an import of 50,000 residents.
@lru_cache(maxsize=65536)
def _capitalize_word(word: str) -> str:
    # Hyphenated and apostrophe names ("H'Hen", "Ka-Sô") keep each part capitalised.
    parts = re.split(r"([-'’])", word.lower())
    return "".join(part[:1].upper() + part[1:] for part in parts)


def fold(text: str) -> str:
    """Lower case, no diacritics, đ → d, single spaces: the form search compares.

    Punctuation becomes a space ("Số 12, ngõ 5" → "so 12 ngo 5"), the way the full-text
    index splits words, so that its answers and a LIKE over the folded text agree.
    """
    return " ".join(" ".join(_fold_word(word) for word in (text or "").split()).split())


# Longer than any name, address, ID or phone: what is pasted beyond it is cut off.
SEARCH_MAX_LENGTH = 100
# Invisible characters that come with pasted text: soft hyphen, zero-width space and
# joiners, word joiner, byte-order mark.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)


def clean_search_text(text: str) -> str:
    """What a search box's text is searched as: invisible characters and lone
    surrogates dropped, control characters as spaces, full-width and other
    compatibility forms folded ("０９１２" → "0912"), at most SEARCH_MAX_LENGTH long."""
    kept = "".join(
        " " if unicodedata.category(ch) == "Cc" else ch
        for ch in (text or "").translate(_INVISIBLE)
        if not "\ud800" <= ch <= "\udfff"
    )
    return unicodedata.normalize("NFKC", kept)[:SEARCH_MAX_LENGTH]


@lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.lower().replace("đ", "d"))
    return "".join(
        ch if ch.isalnum() else " " for ch in decomposed if not unicodedata.combining(ch)
    )


def _letter_and_tone(char: str) -> tuple[str, int]:
    """Split one precomposed letter into its alphabet letter and its tone rank."""
    decomposed = unicodedata.normalize("NFD", char)
    base = decomposed[0]
    tone = 0
    kept = [base]
    for mark in decomposed[1:]:
        if mark in _TONE_RANK:
            tone = _TONE_RANK[mark]
        elif mark in _LETTER_MARKS:
            kept.append(mark)
    return unicodedata.normalize("NFC", "".join(kept)), tone


@lru_cache(maxsize=65536)
def _word_keys(word: str) -> tuple[str, str]:
    letters, tones = [], []
    for char in word.lower():
        letter, tone = _letter_and_tone(char)
        code = _LETTER_CODE.get(letter)
        if code is None:
            # Digits and stray symbols sort after every letter, in code-point order.
            code = chr(0x7F) + letter
        letters.append(code)
        tones.append(str(tone))
    return "".join(letters), "".join(tones)


def name_sort_key(full_name: str) -> str:
    """A key whose plain string order is Vietnamese list order for people.

    Given name first, then family and middle names; letters by the Vietnamese
    alphabet; tones only break ties between names spelt with the same letters.
    """
    words = [word for word in normalize_name(full_name).split(" ") if word]
    if not words:
        return ""
    given_letters, given_tones = _word_keys(words[-1])
    # The given name is compared whole (letters, then tones) before the other names,
    # the way an officer sorts a list by its "Tên" column and then by "Họ đệm".
    key = given_letters + _END_OF_LETTERS + given_tones
    if len(words) > 1:
        key += _PART_GAP + text_sort_key(" ".join(words[:-1]))
    return key


def text_sort_key(text: str) -> str:
    """Vietnamese alphabet order for any text (street names, group names), word by word."""
    words = normalize_name(text).split(" ")
    keys = [_word_keys(word) for word in words if word]
    return _WORD_GAP.join(k[0] for k in keys) + _END_OF_LETTERS + "".join(k[1] for k in keys)


_DIGIT_RUNS = re.compile(r"([0-9]+)")
_NUMBER_WIDTH = 6


def counted_sort_key(text: str) -> str:
    """A key whose plain string order is the order people count numbered names in:
    "Tổ 2" before "Tổ 10", "Tổ 7A" before "Tổ 8", "Thôn Bản Phiệt" before "Tổ 1".

    Numbers compare by their value, words in Vietnamese alphabet order
    (text_sort_key), numbers before words. Stored as the sort key of groups and teams,
    so it sorts in SQL too; for a name of words and whole numbers it is the key those
    rows have always been given.
    """
    words = normalize_name(text).split(" ")
    return " ".join(_counted_word(word) for word in words if word)


def _counted_word(word: str) -> str:
    parts = [part for part in _DIGIT_RUNS.split(word) if part]
    return "".join(
        _number_key(part) if part.isascii() and part.isdigit() else text_sort_key(part)
        for part in parts
    )


def _number_key(digits: str) -> str:
    """Six digits ("000010"); a longer number after every six-digit one, by its length."""
    digits = digits.lstrip("0") or "0"
    if len(digits) <= _NUMBER_WIDTH:
        return digits.zfill(_NUMBER_WIDTH)
    return "9" * _NUMBER_WIDTH + f"{len(digits):02d}" + digits
