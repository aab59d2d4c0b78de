"""A resident's gender and relation to the head of household, as people write them."""

from __future__ import annotations

import unicodedata

from desktop.domain.errors import InvalidValue
from desktop.domain.names import fold

HEAD = "Chủ hộ"

# The usual spellings of relations in household registers, most common first.
RELATIONS = [
    HEAD,
    "Vợ",
    "Chồng",
    "Con",
    "Con dâu",
    "Con rể",
    "Bố",
    "Mẹ",
    "Ông",
    "Bà",
    "Cháu",
    "Cháu nội",
    "Cháu ngoại",
    "Anh",
    "Chị",
    "Em",
    "Anh trai",
    "Chị gái",
    "Em trai",
    "Em gái",
    "Bố vợ",
    "Mẹ vợ",
    "Bố chồng",
    "Mẹ chồng",
    "Cô",
    "Dì",
    "Chú",
    "Bác",
    "Cậu",
    "Thím",
    "Mợ",
    "Chắt",
    "Con nuôi",
    "Người ở nhờ",
    "Khác",
]
_RELATION_BY_FOLDED = {fold(relation): relation for relation in RELATIONS}
_RELATION_ALIASES = {"ch": HEAD, "cha": "Bố"}  # "CH" is how "QH với CH" columns abbreviate

GENDER_LABELS = {"male": "Nam", "female": "Nữ"}
_GENDER_BY_FOLDED = {
    "nam": "male",
    "nu": "female",
    "male": "male",
    "female": "female",
    "m": "male",
    "f": "female",
}


def normalize_relation(raw: str | None) -> str:
    """The usual spelling of a relation ("CHỦ HỘ", "chu ho" → "Chủ hộ").

    Unknown relations keep their words, with a capital first letter. Raises
    InvalidValue for an empty relation.
    """
    text = " ".join(unicodedata.normalize("NFC", raw or "").split())
    if not text:
        raise InvalidValue("Quan hệ với chủ hộ không được để trống.")
    folded = fold(text)
    if folded in _RELATION_BY_FOLDED and _accents_agree(text, _RELATION_BY_FOLDED[folded]):
        return _RELATION_BY_FOLDED[folded]
    if folded in _RELATION_ALIASES:
        return _RELATION_ALIASES[folded]
    lowered = text.lower()
    return lowered[:1].upper() + lowered[1:]


def _accents_agree(text: str, relation: str) -> bool:
    # "Bà" and "Ba" fold alike but are different people; typed without any accent we
    # take the usual spelling, typed with accents they must match.
    return text.lower() == relation.lower() or text.lower() == fold(text)


def is_head(relation: str | None) -> bool:
    return relation is not None and fold(relation) == "chu ho"


def normalize_gender(raw: str | None) -> str | None:
    """ "Nam"/"Nữ" in any capitalisation or without accents → "male"/"female"; None if empty."""
    text = fold(raw or "")
    if not text:
        return None
    if text not in _GENDER_BY_FOLDED:
        raise InvalidValue(f"Giới tính “{raw}” không hợp lệ: ghi “Nam” hoặc “Nữ”.")
    return _GENDER_BY_FOLDED[text]
