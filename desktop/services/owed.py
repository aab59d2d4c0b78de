"""Residents still owed a doorstep service, read from the database.

The rule is the ledger's (desktop.domain.ledger.services_owed, the one the visit entry
offers services by), applied to the stored statuses and the services already recorded.
The route planner (which households are worth a visit) and the pending list (who is
still to be served) both select residents through here, so they cannot disagree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Row, and_, or_, select
from sqlalchemy.orm import Session

from desktop.db import status_sql
from desktop.db.models import Household, Resident, ServiceRecord
from desktop.domain.eligibility import ResidentStatus
from desktop.domain.ledger import services_owed

# What the rule reads of a resident (the row also carries the columns a caller asks for).
_STATUS_COLUMNS = (
    Resident.id,
    Resident.household_id,
    Resident.birth_date,
    Resident.birth_year,
    Resident.personal_id,
    Resident.vneid_level,
    Resident.app_114,
    Resident.has_chip_card,
    Resident.documents_integrated,
)


def maybe_owed(day: date) -> ColumnElement[bool]:
    """Aged 14 or more on `day` and not yet done with everything the statuses show.

    Only a filter, so that the Python rule looks only at residents the SQL cannot
    rule out: every service services_owed() offers needs one of these.
    """
    return and_(
        status_sql.is_adult(day),
        or_(
            Resident.vneid_level < 2,
            Resident.app_114.is_not(True),
            Resident.documents_integrated.is_not(True),
            Resident.has_chip_card.is_(False),
        ),
    )


def services_recorded(session: Session, area: ColumnElement[bool]) -> dict[int, set[str]]:
    """resident id → the services the ledger holds for them, for the residents of the
    households matching `area` (a condition on Household)."""
    recorded: dict[int, set[str]] = defaultdict(set)
    for resident_id, service in session.execute(
        select(ServiceRecord.resident_id, ServiceRecord.service)
        .join(Resident, Resident.id == ServiceRecord.resident_id)
        .join(Household, Household.id == Resident.household_id)
        .where(area)
    ):
        recorded[resident_id].add(service)
    return recorded


def residents_owed(
    session: Session,
    area: ColumnElement[bool],
    tracked: Sequence[str],
    on: date,
    columns: Sequence[Any],
    order_by: Sequence[Any],
) -> Iterator[tuple[Row, tuple[str, ...]]]:
    """(row, services owed) for each resident of the households matching `area` who is
    owed at least one of the `tracked` services on `on`, in `order_by` order.

    The row holds the resident's id, household id, birth date and year, ID number and
    statuses, then `columns` (of Resident or Household).
    """
    recorded = services_recorded(session, area)
    rows = session.execute(
        select(*_STATUS_COLUMNS, *columns)
        .join(Household, Household.id == Resident.household_id)
        .where(area, maybe_owed(on))
        .order_by(*order_by)
    )
    tracked = tuple(tracked)
    for row in rows:
        status = ResidentStatus(
            birth_date=row.birth_date,
            birth_year=row.birth_year,
            vneid_level=row.vneid_level,
            app_114=row.app_114,
            has_chip_card=row.has_chip_card,
            personal_id=row.personal_id,
            documents_integrated=row.documents_integrated,
        )
        owed = services_owed(status, recorded.get(row.id, set()), tracked, on)
        if owed:
            yield row, owed


def birth_year_of(row: Row) -> int | None:
    """The year of birth a list prints: the one recorded, else the birth date's."""
    return row.birth_year or (row.birth_date.year if row.birth_date else None)
