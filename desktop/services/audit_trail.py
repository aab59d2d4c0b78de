"""Reading the audit trail for an inspection: who did what, when, to which resident.

Administrators and leaders (AUDIT_VIEW) list the trail newest first with filters (the
person, the kind of action, what it was done to, the days in ward time, a resident),
export it to Excel (desktop.services.audit_export), and ask "who has seen or changed
this resident".

A resident is concerned by more entries than those written on their own record: their
household's, their household's visits', and the files and lists that held them. The
trail records a whole-ward export or a backup as one entry and a night's walk sheets
or a pending list by their counts, not person by person; so an entry of that kind is
shown for a resident when they were in the register then (written after the resident
was added), and worded for what the trail can know: "có trong tệp xuất toàn phường",
"có thể có trong phiếu đi hộ". Pages are read in SQL over the indexes on `at` and on
(entity_type, entity_key): a page of a 200,000-entry trail takes a few milliseconds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import ColumnElement, Row, and_, false, func, or_, select
from sqlalchemy.orm import Session

from desktop.db import search
from desktop.db.models import (
    AuditEntry,
    Household,
    Resident,
    ResidentialGroup,
    Shift,
    ShiftStop,
    Visit,
)
from desktop.domain.errors import UserError
from desktop.domain.names import clean_search_text, fold
from desktop.domain.personal_id import mask_personal_id, normalize_personal_id
from desktop.domain.roles import AUDIT_VIEW
from desktop.services import audit, signed_in
from desktop.services.audit_text import (
    ChangeLine,
    EntryFacts,
    TrailNames,
    action_word,
    change_lines,
    describe,
    entity_word,
    reason_word,
)
from desktop.services.lookups import load_or_refuse

# Entries are stored in UTC; the ward keeps Vietnam's time (UTC+7, no daylight saving),
# as desktop.services.flags does.
WARD_TIME = timedelta(hours=7)
_WARD_ZONE = timezone(WARD_TIME)
PAGE_ROWS = 200
MAX_RESIDENTS = 20  # a name that matches more people must be typed in full
HISTORY_LIMIT = 1000  # the newest entries a resident's history shows
EXPORT_ACTION = "export"
TRAIL_ENTITY = "audit_trail"


@dataclass(frozen=True)
class Choice:
    """One entry of a filter's list: the token scripts use, the words people read, and
    the stored values it stands for."""

    key: str
    label: str
    values: tuple[str, ...]


# "Thao tác": what was done.
ACTION_CHOICES = (
    Choice("view", "Xem", ("view",)),
    Choice("create", "Thêm", ("create",)),
    Choice("update", "Sửa", ("update",)),
    Choice("delete", "Xóa", ("delete",)),
    Choice("export", "Xuất ra tệp, in", ("export", "print")),
    Choice("backup", "Sao lưu", ("backup",)),
    Choice("restore", "Khôi phục, thay toàn bộ dữ liệu", ("restore", "replace")),
    Choice("clear", "Bỏ cảnh báo số liệu", ("clear",)),
    Choice(
        "login",
        "Đăng nhập, đăng xuất, mở khóa",
        ("login", "login_failed", "login_refused", "logout", "unlock", "unlock_failed"),
    ),
    Choice("password", "Đổi, đặt lại mật khẩu", ("password_reset", "password_change")),
    Choice("refused", "Bị từ chối vì không đủ quyền", ("refused",)),
)
# "Đối tượng": what it was done to.
ENTITY_CHOICES = (
    Choice("resident", "Nhân khẩu", ("resident",)),
    Choice("household", "Hộ gia đình", ("household",)),
    Choice("visit", "Kết quả đến hộ", ("visit",)),
    Choice("report", "Báo cáo, danh sách", ("report",)),
    Choice("walk_sheets", "Phiếu đi hộ", ("walk_sheets",)),
    Choice("database", "Sao lưu, khôi phục dữ liệu", ("database",)),
    Choice(
        "campaign",
        "Chiến dịch, tổ công tác, ca trực",
        ("campaign", "team", "member", "team_membership", "shift", "flag"),
    ),
    Choice(
        "ward", "Phường, tổ dân phố, bản đồ, thiết lập", ("ward", "group", "ward_map", "setting")
    ),
    Choice("account", "Tài khoản, đăng nhập, quyền", ("account", "command")),
    Choice("audit_trail", "Nhật ký thao tác", (TRAIL_ENTITY,)),
)
_ACTIONS = {choice.key: choice for choice in ACTION_CHOICES}
_ENTITIES = {choice.key: choice for choice in ENTITY_CHOICES}

# How an entry concerns the resident asked about (TrailRow.link).
LINK_WORDS = {
    "view": "Xem hồ sơ (số định danh, điện thoại)",
    "create": "Thêm vào sổ",
    "update": "Sửa hồ sơ",
    "delete": "Xóa khỏi sổ",
    "household": "Hộ của người này",
    "visit": "Lượt đến hộ của người này",
    "export": "Có trong tệp xuất toàn phường",
    "backup": "Có trong bản sao lưu toàn bộ dữ liệu",
    "restore": "Dữ liệu được thay bằng bản sao lưu",
    "walk_sheets": "Có thể có trong phiếu đi hộ (hộ có trong ca đêm đó)",
    "pending": "Có thể có trong danh sách (nhật ký không ghi từng người)",
    "trail": "Có trong tệp xuất nhật ký thao tác",
    "trail_maybe": "Có thể có trong tệp xuất nhật ký thao tác",
}


@dataclass(frozen=True)
class TrailFilter:
    """Which entries to list; an empty field does not filter.

    `actor` as stored; `action` and `entity` the keys of ACTION_CHOICES and
    ENTITY_CHOICES; the dates are days in ward time, both included; `resident_ids`
    the residents whose entries to list (find_residents() finds them)."""

    actor: str | None = None
    action: str | None = None
    entity: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    resident_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class TrailPosition:
    """Where a page ends (the stored UTC time and id of its last entry): the next page
    starts after it, as fast at the end of the trail as at its start."""

    at: datetime
    id: int


@dataclass(frozen=True)
class TrailRow:
    """One entry as the viewer shows it; `at` in ward time, `link` how it concerns the
    resident filtered by ("" without one)."""

    id: int
    at: datetime
    actor: str
    action: str
    reason: str
    entity_type: str
    entity_key: str | None
    description: str
    source: str | None
    chain_hash: str | None
    link: str = ""
    position: TrailPosition | None = None
    # What `changes` is made of, when it is asked for: a page of 200 entries is listed
    # without making the lines of changes that only the chosen entry shows.
    facts: EntryFacts | None = field(default=None, repr=False, compare=False)
    masked: bool = field(default=False, repr=False, compare=False)
    names: TrailNames | None = field(default=None, repr=False, compare=False)

    @property
    def changes(self) -> tuple[ChangeLine, ...]:
        """The entry's changes, one line per value: what, before, after."""
        if self.facts is None:
            return ()
        return change_lines(self.facts, self.masked, self.names)

    @property
    def action_text(self) -> str:
        return action_word(self.action)

    @property
    def entity_text(self) -> str:
        return entity_word(self.entity_type)

    @property
    def reason_text(self) -> str:
        return reason_word(self.reason)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at.replace(tzinfo=_WARD_ZONE).isoformat(timespec="seconds"),
            "actor": self.actor,
            "action": self.action,
            "reason": self.reason,
            "entity_type": self.entity_type,
            "entity_key": self.entity_key,
            "description": self.description,
            "changes": [[c.what, c.before, c.after] for c in self.changes],
            "source": self.source,
            "link": self.link or None,
        }


@dataclass(frozen=True)
class ResidentMatch:
    """A resident a search found, as the filter names them (ID number masked)."""

    id: int
    full_name: str
    birth_year: int | None
    household_code: str
    address: str
    masked_id: str

    def label(self) -> str:
        born = f", sinh {self.birth_year}" if self.birth_year else ""
        return f"{self.full_name}{born} (hộ {self.household_code}, {self.address})"


@dataclass(frozen=True)
class ResidentHistory:
    """Who has seen or changed a resident, newest first (at most HISTORY_LIMIT)."""

    resident: ResidentMatch
    rows: tuple[TrailRow, ...]
    more: bool  # older entries left out


# Times ---------------------------------------------------------------------------------


def ward_time(stored: datetime) -> datetime:
    """A stored (UTC) time as the ward reads it."""
    return stored + WARD_TIME


def _stored_start(day: date) -> datetime:
    """The stored (UTC) time at which a ward day begins."""
    return datetime(day.year, day.month, day.day) - WARD_TIME


# Finding residents ---------------------------------------------------------------------


def find_residents(session: Session, text: str) -> list[ResidentMatch]:
    """The residents a full ID number or a name (folded words, the last one possibly
    unfinished) names, by name order. Refuses an incomplete number, no match, and more
    than MAX_RESIDENTS matches (then the name must be typed in full)."""
    signed_in.require(AUDIT_VIEW)
    typed = " ".join(clean_search_text(text).split())
    words = fold(typed).split()
    if not words:
        raise UserError("Hãy gõ họ tên hoặc số định danh của nhân khẩu cần xem.")
    if not any(ch.isalpha() for ch in typed):
        try:
            personal_id = normalize_personal_id(typed)
        except UserError:
            raise UserError(
                f"“{typed}” không phải một số định danh đủ 12 chữ số; hãy gõ đủ số, hoặc gõ họ tên."
            ) from None
        ids = select(Resident.id).where(Resident.personal_id == personal_id)
    else:
        ids = search.resident_ids_by_name(session, words)
    found = resident_matches(session, Resident.id.in_(ids), MAX_RESIDENTS + 1)
    if not found:
        raise UserError(f"Không có nhân khẩu nào khớp với “{typed}”.")
    if len(found) > MAX_RESIDENTS:
        raise UserError(
            f"Có hơn {MAX_RESIDENTS} nhân khẩu khớp với “{typed}”; hãy gõ đủ họ tên "
            "hoặc số định danh."
        )
    return found


def resident_matches(
    session: Session, condition: ColumnElement[bool], limit: int | None = None
) -> list[ResidentMatch]:
    """The residents a condition keeps, in name order, as the filters name them."""
    statement = (
        select(
            Resident.id,
            Resident.full_name,
            Resident.birth_year,
            Household.code,
            Household.address,
            Resident.personal_id,
        )
        .join(Household, Household.id == Resident.household_id)
        .where(condition)
        .order_by(Resident.name_sort_key, Resident.id)
        .limit(limit)
    )
    return [
        ResidentMatch(id, name, year, code, address or "", mask_personal_id(personal_id))
        for id, name, year, code, address, personal_id in session.execute(statement)
    ]


# What concerns a resident --------------------------------------------------------------


@dataclass
class _Scope:
    """The keys under which the trail writes what concerns some residents."""

    uids: set[str] = field(default_factory=set)
    codes: set[str] = field(default_factory=set)
    visits: set[str] = field(default_factory=set)
    nights: set[str] = field(default_factory=set)
    since_id: int = 0  # whole-ward entries count from after the residents were added

    def condition(self) -> ColumnElement[bool]:
        """Entries of the residents, their households and visits, and the whole-ward
        files written since they were added. Each branch names its entity type, so the
        database answers each from ix_audit_entry_entity."""
        kind, key, later = (
            AuditEntry.entity_type,
            AuditEntry.entity_key,
            AuditEntry.id > self.since_id,
        )
        branches = [
            and_(kind == "resident", key.in_(self.uids)),
            and_(kind == "resident", key.is_(None), AuditEntry.action == EXPORT_ACTION, later),
            and_(kind == "database", later),
            and_(kind == "report", key.startswith("pending:", autoescape=True), later),
            and_(kind == TRAIL_ENTITY, AuditEntry.action == EXPORT_ACTION, later),
        ]
        if self.codes:
            branches.append(and_(kind == "household", key.in_(self.codes)))
        if self.visits:
            branches.append(and_(kind == "visit", key.in_(self.visits)))
        if self.nights:
            branches.append(and_(kind == "walk_sheets", key.in_(self.nights), later))
        return or_(*branches) if self.uids else false()

    def link(self, action: str, entity_type: str, changes: dict | None) -> str:
        if entity_type == TRAIL_ENTITY:
            filters = (changes or {}).get("filters") or [None, {}]
            named = set((filters[1] or {}).get("residents") or ()) if len(filters) == 2 else set()
            return LINK_WORDS["trail" if named & self.uids else "trail_maybe"]
        if entity_type == "resident":
            return LINK_WORDS["export"] if action == EXPORT_ACTION else LINK_WORDS.get(action, "")
        if entity_type in ("household", "visit", "walk_sheets"):
            return LINK_WORDS[entity_type]
        if entity_type == "database":
            return LINK_WORDS["restore" if action == "restore" else "backup"]
        if entity_type == "report":
            return LINK_WORDS["pending"]
        return ""


def _scope(session: Session, resident_ids: Sequence[int]) -> _Scope:
    rows = session.execute(
        select(Resident.uid, Household.id, Household.code)
        .join(Household, Household.id == Resident.household_id)
        .where(Resident.id.in_(resident_ids))
    ).all()
    scope = _Scope(uids={uid for uid, _, _ in rows}, codes={code for _, _, code in rows})
    household_ids = {household_id for _, household_id, _ in rows}
    if not household_ids:
        return scope
    scope.visits = {
        str(visit_id)
        for visit_id in session.scalars(
            select(Visit.id).where(Visit.household_id.in_(household_ids))
        )
    } | _deleted_visits(session, household_ids)
    scope.nights = {
        day.isoformat()
        for day in session.scalars(
            select(Shift.day)
            .join(ShiftStop, ShiftStop.shift_id == Shift.id)
            .where(ShiftStop.household_id.in_(household_ids))
            .distinct()
        )
    }
    added = session.execute(
        select(func.count(), func.min(AuditEntry.id)).where(
            AuditEntry.entity_type == "resident",
            AuditEntry.entity_key.in_(scope.uids),
            AuditEntry.action == "create",
        )
    ).one()
    # A resident whose adding the trail does not hold (older than it) was there all along.
    scope.since_id = added[1] if added[0] >= len(scope.uids) else 0
    return scope


def _deleted_visits(session: Session, household_ids: set[int]) -> set[str]:
    """Visits deleted since (gone from the visit table): their entries name the household."""
    found = set()
    for key, changes in session.execute(
        select(AuditEntry.entity_key, AuditEntry.changes).where(
            AuditEntry.entity_type == "visit", AuditEntry.action == "delete"
        )
    ):
        household = (changes or {}).get("household_id")
        if isinstance(household, list) and household and household[0] in household_ids:
            found.add(key)
    return found


# Listing -------------------------------------------------------------------------------


def _choice(choices: dict[str, Choice], key: str, what: str) -> Choice:
    choice = choices.get(key)
    if choice is None:
        known = ", ".join(choices)
        raise UserError(f"Không có {what} “{key}”; hãy chọn một trong: {known}.")
    return choice


def _conditions(
    session: Session, filters: TrailFilter
) -> tuple[list[ColumnElement[bool]], _Scope | None]:
    conditions: list[ColumnElement[bool]] = []
    if filters.actor:
        conditions.append(AuditEntry.actor == filters.actor)
    if filters.action:
        conditions.append(
            AuditEntry.action.in_(_choice(_ACTIONS, filters.action, "loại thao tác").values)
        )
    if filters.entity:
        conditions.append(
            AuditEntry.entity_type.in_(_choice(_ENTITIES, filters.entity, "đối tượng").values)
        )
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise UserError(
            f"Từ ngày {filters.date_from:%d/%m/%Y} đứng sau đến ngày "
            f"{filters.date_to:%d/%m/%Y}; hãy đổi lại."
        )
    if filters.date_from:
        conditions.append(AuditEntry.at >= _stored_start(filters.date_from))
    if filters.date_to:
        conditions.append(AuditEntry.at < _stored_start(filters.date_to + timedelta(days=1)))
    scope = None
    if filters.resident_ids:
        scope = _scope(session, filters.resident_ids)
        conditions.append(scope.condition())
    return conditions, scope


def trail_actors(session: Session) -> list[str]:
    """Everyone the trail names, in alphabetical order (for the "who" filter)."""
    signed_in.require(AUDIT_VIEW)
    actors = session.scalars(select(AuditEntry.actor).distinct()).all()
    return sorted(actors, key=lambda name: (fold(name), name))


def count_trail(session: Session, filters: TrailFilter) -> int:
    """How many entries the filters keep."""
    signed_in.require(AUDIT_VIEW)
    conditions, _ = _conditions(session, filters)
    return session.scalar(select(func.count(AuditEntry.id)).where(*conditions)) or 0


def search_trail(
    session: Session,
    filters: TrailFilter,
    offset: int = 0,
    limit: int = PAGE_ROWS,
    after: TrailPosition | None = None,
) -> list[TrailRow]:
    """A page of the entries the filters keep, newest first: `limit` entries after
    `offset` of them, or after the entry at `after` (a page's last row's position; the
    way to read far into a long trail). Refuses an unknown action or entity key and
    days in the wrong order."""
    signed_in.require(AUDIT_VIEW)
    conditions, scope = _conditions(session, filters)
    if after is not None:
        conditions.append(
            or_(
                AuditEntry.at < after.at,
                and_(AuditEntry.at == after.at, AuditEntry.id < after.id),
            )
        )
    statement = (
        select(*_LISTED)
        .where(*conditions)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .offset(offset if after is None else 0)
        .limit(limit)
    )
    entries = session.execute(statement).all()
    return _rows(session, entries, scope)


_LISTED = (
    AuditEntry.id,
    AuditEntry.at,
    AuditEntry.actor,
    AuditEntry.action,
    AuditEntry.reason,
    AuditEntry.entity_type,
    AuditEntry.entity_key,
    AuditEntry.changes,
    AuditEntry.source,
    AuditEntry.chain_hash,
)


def _rows(session: Session, entries: Sequence[Row], scope: _Scope | None) -> list[TrailRow]:
    names = _names(session, entries)
    mask = signed_in.masks_personal_numbers()
    rows = []
    for entry in entries:
        facts = EntryFacts(
            entry.action,
            entry.reason,
            entry.entity_type,
            entry.entity_key,
            entry.changes,
            entry.source,
        )
        rows.append(
            TrailRow(
                id=entry.id,
                at=ward_time(entry.at),
                actor=entry.actor,
                action=entry.action,
                reason=entry.reason,
                entity_type=entry.entity_type,
                entity_key=entry.entity_key,
                description=describe(facts, names),
                source=entry.source,
                chain_hash=entry.chain_hash,
                link=scope.link(entry.action, entry.entity_type, entry.changes) if scope else "",
                position=TrailPosition(entry.at, entry.id),
                facts=facts,
                masked=mask,
                names=names,
            )
        )
    return rows


def _names(session: Session, entries: Iterable[Row]) -> TrailNames:
    """The names the page's entries are about, read in three small queries."""
    keys: dict[str, set[str]] = {"resident": set(), "household": set(), "visit": set()}
    for entry in entries:
        if entry.entity_type in keys and entry.entity_key:
            keys[entry.entity_type].add(entry.entity_key)
    residents = dict(
        session.execute(
            select(Resident.uid, Resident.full_name).where(Resident.uid.in_(keys["resident"]))
        ).all()
    )
    households = dict(
        session.execute(
            select(Household.code, Household.address).where(Household.code.in_(keys["household"]))
        ).all()
    )
    group_ids: set[int] = set()
    household_ids: set[int] = set()
    for entry in entries:
        for name, ids in (("group_id", group_ids), ("household_id", household_ids)):
            pair = (entry.changes or {}).get(name)
            if isinstance(pair, list):
                ids.update(value for value in pair if isinstance(value, int))
    visit_ids = [int(key) for key in keys["visit"] if key.isdigit()]
    visits = {
        str(visit_id): code
        for visit_id, code in session.execute(
            select(Visit.id, Household.code)
            .join(Household, Household.id == Visit.household_id)
            .where(Visit.id.in_(visit_ids))
        )
    }
    groups = dict(
        session.execute(
            select(ResidentialGroup.id, ResidentialGroup.name).where(
                ResidentialGroup.id.in_(group_ids)
            )
        ).all()
    )
    household_codes = dict(
        session.execute(
            select(Household.id, Household.code).where(Household.id.in_(household_ids))
        ).all()
    )
    return TrailNames(residents, households, visits, groups, household_codes)


# A resident's history ------------------------------------------------------------------


def resident_history(
    session: Session, resident_id: int, limit: int = HISTORY_LIMIT
) -> ResidentHistory:
    """Who has seen or changed this resident, newest first: their record's entries, their
    household's and its visits', and the exports, backups, walk sheets and pending lists
    that held them or may have (TrailRow.link says which). Refuses a resident deleted
    since the list was read."""
    signed_in.require(AUDIT_VIEW)
    load_or_refuse(session, Resident, resident_id, "Người này")
    (resident,) = resident_matches(session, Resident.id == resident_id)
    rows = search_trail(session, TrailFilter(resident_ids=(resident_id,)), 0, limit + 1)
    return ResidentHistory(resident, tuple(rows[:limit]), more=len(rows) > limit)


def check_trail(session: Session) -> audit.TrailCheck:
    """Whether every entry is as the program wrote it (desktop.services.audit)."""
    signed_in.require(AUDIT_VIEW)
    return audit.verify_trail(session)
