"""Finding residents by name: SQLite's FTS5 index where there is one, LIKE elsewhere.

The index holds folded names ("nguyen thi uoc"), so the query is folded the same way
by the caller. Every word typed must begin a word of the name, in any order.
"""

from __future__ import annotations

from sqlalchemy import Select, and_, select, text
from sqlalchemy.orm import Session

from desktop.db.models import Resident


def resident_ids_by_name(session: Session, folded_words: list[str]) -> Select:
    """A SELECT of the ids of residents whose name has a word starting with each word."""
    if session.get_bind().dialect.name == "sqlite":
        match = " AND ".join(f'"{word.replace(chr(34), "")}"*' for word in folded_words)
        return (
            select(text("rowid"))
            .select_from(text("resident_name_search"))
            .where(text("resident_name_search MATCH :name_match").bindparams(name_match=match))
        )
    conditions = [
        Resident.name_folded.like(f"{word}%") | Resident.name_folded.like(f"% {word}%")
        for word in folded_words
    ]
    return select(Resident.id).where(and_(*conditions))
