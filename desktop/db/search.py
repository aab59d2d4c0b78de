"""Finding residents by name and households by address, fast at city scale.

A search is a list of folded words ("nguyen thi uoc"). A name or an address matches
when every word typed is a word of it, the last one possibly unfinished (the list
searches while the officer types). SQLite answers from its FTS5 indexes over the
folded columns; other databases, and checks on a handful of rows, use the equivalent
LIKE conditions. PostgreSQL answers from trigram indexes over the folded columns
(migration 0009), which serve the same LIKE conditions written over the text padded
with spaces. They must all agree: tests/db/test_search.py checks that they do.
"""

from __future__ import annotations

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    and_,
    func,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy.orm import Session

from desktop.db.models import Household, Resident

_NAME_INDEX = "resident_name_search"
_ADDRESS_INDEX = "household_address_search"
# Databases whose indexes count a search's matches without reading every row.
_INDEXED_DIALECTS = ("sqlite", "postgresql")
_SPACE = literal_column("' '", String)


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
    text surround it. This is the form for checking a few rows (the members of one
    household, the next households of a walked list); no index answers it.
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


def padded(column) -> ColumnElement[str]:
    """' ' || column || ' ': the folded text with a space at each end, so that every word
    of it is between two spaces. PostgreSQL's trigram indexes (migration 0009) are over
    this very expression; a query must spell it the same way to use them."""
    return _SPACE + column + _SPACE


def indexed_words_condition(column, words: list[str]) -> ColumnElement[bool]:
    """words_condition() as PostgreSQL's trigram index over padded(column) answers it:
    "% thi %" finds "thi" first, inside or last in the name, not "thien"; "% u%" finds
    any word beginning with "u". The index gives candidate rows, PostgreSQL checks each
    with the LIKE itself, so the rows are exactly the LIKE's."""
    *whole, last = words
    spaced = padded(column)
    conditions = [spaced.like(f"% {word} %") for word in whole]
    conditions.append(spaced.like(f"% {last}%"))
    return and_(*conditions)


def _indexed(session: Session, column, words: list[str]) -> ColumnElement[bool]:
    if session.get_bind().dialect.name == "postgresql":
        return indexed_words_condition(column, words)
    return words_condition(column, words)


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
    return select(Resident.id).where(_indexed(session, Resident.name_folded, words))


def household_ids_by_address(session: Session, words: list[str]) -> Select:
    """A SELECT of the ids of households whose address matches the words."""
    if _uses_fts(session):
        return _fts_ids(_ADDRESS_INDEX, words)
    return select(Household.id).where(_indexed(session, Household.address_folded, words))


def households_of(resident_ids: Select) -> Select:
    """A SELECT of the households of the residents that a SELECT of their ids finds.

    Ids read from the resident table itself (PostgreSQL's index, an ID number's range)
    give their households from the same rows; joining resident to itself would make
    PostgreSQL read the whole table (40 ms at 60,000 households). FTS5's ids are
    looked up."""
    if resident_ids.get_final_froms() == [Resident.__table__]:
        return resident_ids.with_only_columns(Resident.household_id)
    return select(Resident.household_id).where(Resident.id.in_(resident_ids.scalar_subquery()))


def checked_row_by_row(query: Select) -> Select:
    """A subquery a walked list checks for each of its rows ("has this household a member
    named …?"), kept so. PostgreSQL would otherwise turn such an EXISTS into a hashed set
    of every matching resident, gathered before the first row is given ("nguyen" is half
    the ward: 60-120 ms, where walking needs the first few hundred households). OFFSET 0
    is the fence its planner respects; it changes no answer, nor SQLite's plan."""
    return query.offset(0)


def uses_full_text_index(session: Session) -> bool:
    """Whether counting matches is cheap enough to choose a query plan by it: SQLite's
    FTS5 tables, PostgreSQL's trigram indexes."""
    return session.get_bind().dialect.name in _INDEXED_DIALECTS


def prefix_range(column, prefix: str) -> ColumnElement[bool]:
    """column starts with prefix, as a range an index can answer (LIKE cannot here)."""
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return and_(column >= prefix, column < upper)


def count_matches(session: Session, ids: Select, up_to: int | None = None) -> int:
    """How many ids a name or address search yields (cheap with an index: no rows
    fetched); with `up_to`, counting stops there, which is all a choice of plan needs
    ("nguyen" is half the ward: PostgreSQL would check every one of its rows)."""
    if up_to is not None:
        ids = ids.limit(up_to)
    return session.scalar(select(func.count()).select_from(ids.subquery())) or 0
