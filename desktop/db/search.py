"""Finding residents by name and households by address, fast at city scale.

A search is a list of folded words ("nguyen thi uoc"). A name or an address matches
when every word typed is a word of it, the last one possibly unfinished (the list
searches while the officer types). SQLite answers from its FTS5 indexes over the
folded columns; other databases, and checks on a handful of rows, use the equivalent
LIKE conditions. The two must agree: tests/db/test_search.py checks that they do.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, and_, func, or_, select, text
from sqlalchemy.orm import Session

from desktop.db.models import Household, Resident

_NAME_INDEX = "resident_name_search"
_ADDRESS_INDEX = "household_address_search"


def _uses_fts(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def _fts_query(words: list[str]) -> str:
    """FTS5 syntax: whole words, the last one as a prefix ("nguyen" AND "uoc"*)."""
    quoted = [f'"{word}"' for word in words]
    quoted[-1] += "*"
    return " AND ".join(quoted)


def words_condition(column, words: list[str]) -> ColumnElement[bool]:
    """LIKE form of the FTS match over folded text: each word whole, the last a prefix.

    Words come from desktop.domain.names.fold(), so they hold letters and digits only,
    and folded text has single spaces: a word is whole when spaces or the ends of the
    text surround it.
    """
    *whole, last = words
    conditions = [
        or_(
            column == word,
            column.like(f"{word} %"),
            column.like(f"% {word}"),
            column.like(f"% {word} %"),
        )
        for word in whole
    ]
    conditions.append(or_(column.like(f"{last}%"), column.like(f"% {last}%")))
    return and_(*conditions)


def _fts_ids(index: str, words: list[str]) -> Select:
    return (
        select(text("rowid"))
        .select_from(text(index))
        .where(
            text(f"{index} MATCH :match_{index}").bindparams(
                **{f"match_{index}": _fts_query(words)}
            )
        )
    )


def resident_ids_by_name(session: Session, words: list[str]) -> Select:
    """A SELECT of the ids of residents whose name matches the words."""
    if _uses_fts(session):
        return _fts_ids(_NAME_INDEX, words)
    return select(Resident.id).where(words_condition(Resident.name_folded, words))


def household_ids_by_address(session: Session, words: list[str]) -> Select:
    """A SELECT of the ids of households whose address matches the words."""
    if _uses_fts(session):
        return _fts_ids(_ADDRESS_INDEX, words)
    return select(Household.id).where(words_condition(Household.address_folded, words))


def uses_full_text_index(session: Session) -> bool:
    """Whether counting matches is cheap enough to choose a query plan by it."""
    return _uses_fts(session)


def prefix_range(column, prefix: str) -> ColumnElement[bool]:
    """column starts with prefix, as a range an index can answer (LIKE cannot here)."""
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return and_(column >= prefix, column < upper)


def count_matches(session: Session, ids: Select) -> int:
    """How many ids a name or address search yields (cheap with FTS: no rows fetched)."""
    return session.scalar(select(func.count()).select_from(ids.subquery())) or 0
