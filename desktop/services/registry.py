"""Reading the registry: the ward tree, pages of households, a household's residents.

Everything is sorted, filtered and paged in SQL over indexed columns, so a list of
60,000 households opens and scrolls as fast as a list of 600. Pages are keyset pages:
the next one starts after the last row shown, never with OFFSET.

Someone who may not see ID numbers and phones whole (desktop.services.signed_in:
leaders, data entry) gets them masked in the rows, and finds people only by a whole
number they already know: a search by the first digits would read the numbers back a
digit at a time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import ColumnElement, case, exists, func, or_, select, tuple_, union
from sqlalchemy.orm import Session

from desktop.db import search, status_sql
from desktop.db.models import (
    Household,
    Resident,
    ResidentialGroup,
    ServiceRecord,
    Shift,
    Visit,
    Ward,
)
from desktop.domain.campaign import LEVEL2_COLLECTED, MOVED_AWAY
from desktop.domain.eligibility import pending_services
from desktop.domain.errors import InvalidValue, UserError
from desktop.domain.names import clean_search_text, fold
from desktop.domain.personal_id import mask_personal_id
from desktop.domain.phones import mask_phone, normalize_phone
from desktop.services import signed_in
from desktop.services.ledger import resident_status
from desktop.services.revisits import households_moved_away

# Quick filters offered above the household list.
ALL = "all"
PENDING_ANY = "pending_any"
NOT_ACTIVATED = "not_activated"
PENDING_LEVEL2 = "pending_level2"
PENDING_114 = "pending_114"
NO_COORDINATES = "no_coordinates"
MOVED_AWAY_FILTER = "moved_away"
QUICK_FILTERS = {
    ALL: "Tất cả hộ",
    PENDING_ANY: "Còn người chưa xong",
    NOT_ACTIVATED: "Chưa kích hoạt mức 2",
    PENDING_LEVEL2: "Chưa làm hồ sơ mức 2",
    PENDING_114: "Chưa cài 114",
    NO_COORDINATES: "Chưa có tọa độ",
    MOVED_AWAY_FILTER: "Đã chuyển đi",
}

SORT_BY_ADDRESS, SORT_BY_HEAD, SORT_BY_CODE = "address", "head", "code"
_SORT_COLUMNS = {
    SORT_BY_ADDRESS: Household.address_sort_key,
    SORT_BY_HEAD: Household.head_sort_key,
    SORT_BY_CODE: Household.code,
}


@dataclass(frozen=True)
class GroupSummary:
    """A residential group with its counts, for the tree on the left."""

    id: int
    name: str
    households: int
    residents: int
    adults: int
    level2: int


@dataclass(frozen=True)
class WardOverview:
    """The ward, its groups and the ward's totals."""

    ward_id: int
    name: str
    kind: str
    province: str
    station_name: str
    groups: list[GroupSummary]

    @property
    def households(self) -> int:
        return sum(group.households for group in self.groups)

    @property
    def residents(self) -> int:
        return sum(group.residents for group in self.groups)

    @property
    def adults(self) -> int:
        return sum(group.adults for group in self.groups)

    @property
    def level2(self) -> int:
        return sum(group.level2 for group in self.groups)


@dataclass(frozen=True)
class HouseholdQuery:
    """What the household list shows: an area, a search, a quick filter and an order."""

    group_id: int | None = None
    text: str = ""
    quick_filter: str = ALL
    sort: str = SORT_BY_ADDRESS
    descending: bool = False


@dataclass(frozen=True)
class HouseholdRow:
    id: int
    code: str
    group_name: str
    address: str
    head_name: str
    members: int
    pending: int
    has_coordinates: bool
    matched_names: str = ""
    sort_value: str = ""
    moved_away: bool = False  # the latest visit found the household gone


@dataclass(frozen=True)
class ResidentRow:
    id: int
    full_name: str
    relation: str
    birth_date: date | None
    birth_year: int | None
    gender: str | None
    personal_id_masked: str
    phone: str | None
    has_chip_card: bool | None
    vneid_level: int
    app_114: bool | None
    documents_integrated: bool | None
    pending: frozenset[str] = field(default_factory=frozenset)
    matches_search: bool = False


def ward_overview(session: Session, today: date) -> WardOverview | None:
    """The ward with every residential group and its counts; None for an empty database."""
    ward = session.scalars(select(Ward).order_by(Ward.id)).first()
    if ward is None:
        return None
    resident_counts = (
        select(
            Household.group_id,
            func.count(Resident.id).label("residents"),
            func.sum(case((status_sql.is_adult(today), 1), else_=0)).label("adults"),
            func.sum(case((Resident.vneid_level == 2, 1), else_=0)).label("level2"),
        )
        .join(Resident, Resident.household_id == Household.id)
        .group_by(Household.group_id)
    )
    by_group = {row.group_id: row for row in session.execute(resident_counts)}
    household_counts = dict(
        session.execute(select(Household.group_id, func.count()).group_by(Household.group_id)).all()
    )
    groups = []
    for group in session.scalars(
        select(ResidentialGroup)
        .where(ResidentialGroup.ward_id == ward.id)
        .order_by(ResidentialGroup.sort_key)
    ):
        counts = by_group.get(group.id)
        groups.append(
            GroupSummary(
                id=group.id,
                name=group.name,
                households=household_counts.get(group.id, 0),
                residents=counts.residents if counts else 0,
                adults=int(counts.adults or 0) if counts else 0,
                level2=int(counts.level2 or 0) if counts else 0,
            )
        )
    return WardOverview(ward.id, ward.name, ward.kind, ward.province, ward.station_name, groups)


# How a search finds its households depends on how many residents and addresses match
# (counted first, from the indexes): a few, and it collects them and sorts them; many,
# and it walks the households in list order, testing each, until a page is full. Both
# stay under a few milliseconds on either side of this line at 200,000 residents.
_MANY_MATCHES = 8_000


# Digits that start an ID number or a phone: three when they begin with 0 ("091", a
# mobile network; "001", a province of birth), four otherwise ("8491…").
NUMBER_PREFIX_DIGITS = 3


def is_number_search(text: str) -> bool:
    """The start of an ID number or a phone: no letters, and four digits or more, or
    three or more when it begins with 0 or +. Shorter numbers ("12") are searched as
    words, as house numbers."""
    text = text.strip()
    digits = sum(ch.isdigit() for ch in text)
    if any(ch.isalpha() for ch in text):
        return False
    leading_zero = text[:1] in ("0", "+")
    return digits >= 4 or (leading_zero and digits >= NUMBER_PREFIX_DIGITS)


def too_short_number(text: str) -> bool:
    """ "0" or "09": too few digits to search ID numbers or phones by."""
    text = text.strip()
    return text.isdigit() and text.startswith("0") and len(text) < NUMBER_PREFIX_DIGITS


# What a number search looks for when it may find nothing: no ID number or phone starts
# with a letter.
_NO_NUMBER = "x"
PERSONAL_ID_DIGITS = 12


def only_whole_numbers() -> bool:
    """Whether the person signed in finds people only by a whole ID number or phone
    (they see numbers masked)."""
    return signed_in.masks_personal_numbers()


def partial_number(text: str) -> bool:
    """Whether `text` searches by the first digits of a number rather than a whole ID
    number or phone (which only_whole_numbers() people do not get answered)."""
    text = clean_search_text(text).strip()
    if not is_number_search(text):
        return False
    return _number_prefixes(text, whole_only=True) == (_NO_NUMBER, _NO_NUMBER)


def _number_prefixes(text: str, whole_only: bool | None = None) -> tuple[str, str]:
    """(ID number prefix, phone prefix) of digits typed as a person would type them;
    with `whole_only` (default: only_whole_numbers()), only a whole ID number or phone,
    else _NO_NUMBER."""
    digits = "".join(ch for ch in text if ch.isdigit())
    try:
        whole_phone = normalize_phone(text)
    except InvalidValue:
        whole_phone = None
    phone = whole_phone or digits
    if whole_only is None:
        whole_only = only_whole_numbers()
    if whole_only:
        digits = digits if len(digits) == PERSONAL_ID_DIGITS else _NO_NUMBER
        phone = whole_phone or _NO_NUMBER
    return digits, phone


def _matching_residents(text: str) -> ColumnElement[bool] | None:
    """Which residents a search names: digits by ID number or phone, words by name."""
    text = clean_search_text(text).strip()
    if not fold(text):  # nothing to search for, or only punctuation
        return None
    if is_number_search(text):
        digits, phone = _number_prefixes(text)
        return or_(
            search.prefix_range(Resident.personal_id, digits),
            search.prefix_range(Resident.phone, phone),
        )
    return search.words_condition(Resident.name_folded, fold(text).split())


def _matching_households(
    session: Session, text: str, counting: bool = False
) -> ColumnElement[bool] | None:
    """Which households a search shows: those of the matching residents, and for words
    also those whose address or code matches.

    A count visits every match anyway, so it always collects them from the indexes;
    a page walks the list instead when the matches are many.
    """
    residents = _matching_residents(text)
    if residents is None:
        return None
    text = clean_search_text(text).strip()
    if is_number_search(text):
        digits, phone = _number_prefixes(text)
        resident_sets = [
            select(Resident.id).where(search.prefix_range(Resident.personal_id, digits)),
            select(Resident.id).where(search.prefix_range(Resident.phone, phone)),
        ]
        household_sets, household_test = [], None
    else:
        words = fold(text).split()
        resident_sets = [search.resident_ids_by_name(session, words)]
        household_sets = [
            search.household_ids_by_address(session, words),
            select(Household.id).where(Household.code == text.upper()),
        ]
        household_test = or_(
            search.words_condition(Household.address_folded, words),
            Household.code == text.upper(),
        )
    collect = search.uses_full_text_index(session) and (
        counting or _few_matches(session, [*resident_sets, *household_sets[:1]])
    )
    if collect:
        members = [search.households_of(ids) for ids in resident_sets]
        return Household.id.in_(union(*members, *household_sets))
    has_member = exists(
        search.checked_row_by_row(
            select(Resident.id).where(Resident.household_id == Household.id, residents)
        )
    )
    return has_member if household_test is None else or_(has_member, household_test)


def _few_matches(session: Session, id_sets: list) -> bool:
    # Counting stops past the threshold: only whether the sum passes it matters.
    counts = (search.count_matches(session, ids, up_to=_MANY_MATCHES + 1) for ids in id_sets)
    return sum(counts) <= _MANY_MATCHES


def _household_conditions(
    session: Session, query: HouseholdQuery, today: date, counting: bool = False
) -> tuple[list[ColumnElement[bool]], ColumnElement[bool] | None]:
    """The WHERE conditions of a query, and the condition marking matching residents."""
    households = _matching_households(session, query.text, counting)
    conditions = [households] if households is not None else []
    matched = _matching_residents(query.text)
    if query.group_id is not None:
        conditions.append(Household.group_id == query.group_id)
    if query.quick_filter not in QUICK_FILTERS:
        raise UserError(f"Bộ lọc “{query.quick_filter}” không có.")
    quick = {
        PENDING_ANY: lambda: status_sql.household_has(status_sql.pending_any(today)),
        NOT_ACTIVATED: lambda: status_sql.household_has(status_sql.not_activated(today)),
        PENDING_LEVEL2: lambda: status_sql.household_has(status_sql.pending_level2(today)),
        PENDING_114: lambda: status_sql.household_has(status_sql.pending_app_114(today)),
        NO_COORDINATES: lambda: or_(Household.lat.is_(None), Household.lon.is_(None)),
        MOVED_AWAY_FILTER: lambda: _latest_outcome() == MOVED_AWAY,
    }.get(query.quick_filter)
    if quick is not None:
        conditions.append(quick())
    return conditions, matched


def count_households(session: Session, query: HouseholdQuery, today: date) -> int:
    """How many households the query shows in all."""
    conditions, _ = _household_conditions(session, query, today, counting=True)
    return session.scalar(select(func.count(Household.id)).where(*conditions)) or 0


def list_households(
    session: Session,
    query: HouseholdQuery,
    today: date,
    after: tuple[str, int] | None = None,
    limit: int = 200,
) -> list[HouseholdRow]:
    """One page of the household list, starting after the (sort value, id) of a row.

    Each row carries its sort value, so the caller asks for the next page with
    `after=(row.sort_value, row.id)` of the last row it has.
    """
    if query.sort not in _SORT_COLUMNS:
        raise UserError(f"Không sắp xếp được theo “{query.sort}”.")
    sort_column = _SORT_COLUMNS[query.sort]
    conditions, matched = _household_conditions(session, query, today)
    key = tuple_(sort_column, Household.id)
    if after is not None:
        conditions.append(key < tuple_(*after) if query.descending else key > tuple_(*after))
    order = (sort_column, Household.id)
    if query.descending:
        order = (sort_column.desc(), Household.id.desc())
    # Plain columns, not ORM objects: a page is read-only and this halves its cost.
    page = session.execute(
        select(
            Household.id,
            Household.code,
            ResidentialGroup.name.label("group_name"),
            Household.address,
            Household.head_name,
            (Household.lat.is_not(None) & Household.lon.is_not(None)).label("located"),
            sort_column.label("sort_value"),
        )
        .join(ResidentialGroup, ResidentialGroup.id == Household.group_id)
        .where(*conditions)
        .order_by(*order)
        .limit(limit)
    ).all()
    household_ids = [row.id for row in page]
    members, pending = _member_counts(session, household_ids, today)
    names = _matched_names(session, household_ids, matched)
    gone = _moved_away(session, household_ids)
    return [
        HouseholdRow(
            id=row.id,
            code=row.code,
            group_name=row.group_name,
            address=row.address,
            head_name=row.head_name,
            members=members.get(row.id, 0),
            pending=pending.get(row.id, 0),
            has_coordinates=bool(row.located),
            matched_names=names.get(row.id, ""),
            sort_value=row.sort_value,
            moved_away=row.id in gone,
        )
        for row in page
    ]


def _latest_outcome() -> ColumnElement[str]:
    """The outcome of the household's latest visit (of any campaign), for a WHERE."""
    return (
        select(Visit.outcome)
        .join(Shift, Shift.id == Visit.shift_id)
        .where(Visit.household_id == Household.id)
        .order_by(Shift.day.desc(), Visit.visited_at.desc(), Visit.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def _moved_away(session: Session, household_ids: list[int]) -> set[int]:
    """Which of these households the latest visit found moved away."""
    if not household_ids:
        return set()
    return households_moved_away(session, Visit.household_id.in_(household_ids))


def _member_counts(session: Session, household_ids: list[int], today: date) -> tuple[dict, dict]:
    if not household_ids:
        return {}, {}
    rows = session.execute(
        select(
            Resident.household_id,
            func.count(),
            func.sum(case((status_sql.pending_any(today), 1), else_=0)),
        )
        .where(Resident.household_id.in_(household_ids))
        .group_by(Resident.household_id)
    ).all()
    return {row[0]: row[1] for row in rows}, {row[0]: int(row[2] or 0) for row in rows}


def _matched_names(
    session: Session, household_ids: list[int], matched: ColumnElement[bool] | None
) -> dict[int, str]:
    if matched is None or not household_ids:
        return {}
    rows = session.execute(
        select(Resident.household_id, Resident.full_name)
        .where(Resident.household_id.in_(household_ids), matched)
        .order_by(Resident.household_id, Resident.position)
    ).all()
    names: dict[int, list[str]] = {}
    for household_id, full_name in rows:
        names.setdefault(household_id, []).append(full_name)
    return {household_id: ", ".join(found) for household_id, found in names.items()}


def household_residents(
    session: Session, household_id: int, today: date, search_text: str = ""
) -> list[ResidentRow]:
    """The residents of a household in register order, marked where they match a search."""
    matched = _matching_residents(search_text)
    masked = signed_in.masks_personal_numbers()
    matching_ids: set[int] = set()
    if matched is not None:
        matching_ids = set(
            session.scalars(
                select(Resident.id).where(Resident.household_id == household_id, matched)
            )
        )
    residents = session.scalars(
        select(Resident)
        .where(Resident.household_id == household_id)
        .order_by(Resident.position, Resident.id)
    ).all()
    collected = set(
        session.scalars(
            select(ServiceRecord.resident_id).where(
                ServiceRecord.resident_id.in_([resident.id for resident in residents]),
                ServiceRecord.service == LEVEL2_COLLECTED,
            )
        )
    )
    return [
        _resident_row(
            resident, today, resident.id in matching_ids, resident.id in collected, masked
        )
        for resident in residents
    ]


def _resident_row(
    resident: Resident, today: date, matches: bool, level2_collected: bool, masked: bool
) -> ResidentRow:
    status = resident_status(resident, level2_collected)
    return ResidentRow(
        id=resident.id,
        full_name=resident.full_name,
        relation=resident.relation,
        birth_date=resident.birth_date,
        birth_year=resident.birth_year,
        gender=resident.gender,
        personal_id_masked=mask_personal_id(resident.personal_id),
        phone=(mask_phone(resident.phone) or None) if masked else resident.phone,
        has_chip_card=resident.has_chip_card,
        vneid_level=resident.vneid_level,
        app_114=resident.app_114,
        documents_integrated=resident.documents_integrated,
        pending=frozenset(pending_services(status, today)),
        matches_search=matches,
    )
