"""The demo ward behind `denkhuya demo`: a realistic ward in Lào Cai to try the program on.

The ward is laid out around its police station: 8–12 residential groups ("Tổ 1", …),
each a sector of the circle within 1.5 km of the station, crossed by streets of Lào
Cai city with lanes (ngõ) and side lanes (ngách) off them. Houses are numbered the way
a team walks them: odd numbers on one side, even on the other, growing along the
street. Families, ID numbers, phones and campaign statuses come from
`desktop.services.demo_people`; the current campaign with its teams and past nights
from `desktop.services.demo_campaign`.

The same seed and the same day give the same ward. Rows are written in bulk with
their primary keys chosen here, so 60,000 households need no flush per row; every
household and resident also gets its "demo" entry in the audit trail.
"""

from __future__ import annotations

import gc
import math
import random
import uuid
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from desktop.db.bulk import search_indexes_filled_afterwards
from desktop.db.models import Household, Resident, ResidentialGroup, Setting, Ward
from desktop.domain.addresses import normalize_street
from desktop.domain.eligibility import ADULT_AGE
from desktop.domain.errors import UserError
from desktop.domain.names import fold, name_sort_key, normalize_name
from desktop.services import audit, demo_campaign
from desktop.services.demo_people import (
    STREETS,
    FamilyMaker,
    IdentifierMaker,
    Member,
    StatusMaker,
)
from desktop.services.households import HouseholdInput, address_columns, next_household_codes
from desktop.services.progress import Progress
from desktop.services.wards import WardInput, create_ward, find_or_create_group

PROVINCE = "Lào Cai"
STATION_LAT, STATION_LON = 22.4900, 103.9700
MAX_HOUSEHOLDS = 100_000
CHUNK_HOUSEHOLDS = 5_000
PROGRESS_TEXT = "Đang tạo phường mẫu…"
# Settings keyed under this prefix describe the ward and go with it on --replace.
WARD_SETTING_PREFIX = "ward."

_METRES_PER_DEGREE_LAT = 110_574.0
_METRES_PER_DEGREE_LON = 111_320.0 * math.cos(math.radians(STATION_LAT))
_FRONTAGE = 8.0  # metres of street per house and side; house numbers count these
_SETBACK = 10.0  # from the middle of the street to a house on it
_LANE_STEP = 6.0  # metres between houses along a lane
_SMALL_LANE = 14  # households a lane holds before side lanes (ngách) branch off it
_RING_STREETS = 6  # streets that run around the station across several groups


@dataclass(frozen=True, kw_only=True)
class DemoOptions:
    """What `denkhuya demo` asks for: size, seed, ward name, the day, and --replace."""

    households: int = 2500
    seed: int = 1
    ward_name: str = "Cốc Lếu"
    today: date
    replace: bool = False


@dataclass(frozen=True)
class GroupTally:
    """The counts of one residential group of the demo ward."""

    name: str
    households: int
    residents: int
    adults: int
    level2: int


@dataclass(frozen=True)
class DemoSummary:
    """What the demo generator made (and, with --replace, what it removed first)."""

    ward: str
    ward_code: str
    province: str
    seed: int
    today: date
    groups: int
    households: int
    residents: int
    adults: int
    level2: int
    level1: int
    app_114: int
    minority_households: int
    by_group: tuple[GroupTally, ...]
    removed: dict[str, int] | None = None
    campaign: demo_campaign.CampaignSummary | None = None

    def as_json(self) -> dict[str, Any]:
        """A plain dict for `--json`: numbers, strings and lists only."""
        return {
            "ward": self.ward,
            "ward_code": self.ward_code,
            "province": self.province,
            "seed": self.seed,
            "today": self.today.isoformat(),
            "groups": self.groups,
            "households": self.households,
            "residents": self.residents,
            "adults": self.adults,
            "level2": self.level2,
            "level1": self.level1,
            "app_114": self.app_114,
            "minority_households": self.minority_households,
            "by_group": [
                {
                    "group": tally.name,
                    "households": tally.households,
                    "residents": tally.residents,
                    "adults": tally.adults,
                    "level2": tally.level2,
                }
                for tally in self.by_group
            ],
            "replaced": dict(self.removed) if self.removed is not None else None,
            "campaign": self.campaign.as_json() if self.campaign is not None else None,
        }


def create_demo_ward(
    session: Session, options: DemoOptions, progress: Progress | None = None
) -> DemoSummary:
    """Fill an empty database with a demo ward and return what was made.

    With `options.replace`, first removes the ward, its groups, households, residents,
    campaigns (teams, members, shifts, visits, records) and ward settings (the audit
    trail stays, with one entry saying what was removed). Also makes the current
    campaign (desktop.services.demo_campaign).
    Raises UserError for a database that already holds data without `replace`, or
    for a size outside 1–100,000 households; lets Cancelled from `progress` propagate
    so that the caller's transaction rolls back.
    """
    progress = progress or Progress()
    _check_options(options)
    source = f"demo seed={options.seed}"
    counts = _registry_counts(session)
    _check_empty_or_replacing(counts, options.replace)
    progress.step(0, options.households, PROGRESS_TEXT)
    removed = _remove_registry(session, counts, source) if any(counts.values()) else None
    rng = random.Random(options.seed)
    ward = _create_ward(session, options.ward_name)
    groups = [
        find_or_create_group(session, ward, f"Tổ {number}", reason=audit.DEMO)
        for number in range(1, _group_count(rng, options.households) + 1)
    ]
    with _garbage_collection_paused():
        places = lay_out_ward(rng, options.households, len(groups))
        writer = _DemoWriter(session, ward, groups, options, rng, source)
        writer.write(places, progress)
    progress.step(options.households, options.households, "Đang tạo chiến dịch mẫu…")
    campaign = demo_campaign.create_demo_campaign(
        session, ward, groups, options.seed, options.today
    )
    writer.count_campaign(campaign)
    return writer.summary(removed, campaign)


@contextmanager
def _garbage_collection_paused() -> Iterator[None]:
    """Pause Python's cycle collector while building hundreds of thousands of rows.

    The rows hold no reference cycles, but the collector keeps scanning them as they
    pile up: for 60,000 households it cost 6 s of 21 s of Python work.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _check_options(options: DemoOptions) -> None:
    if not 1 <= options.households <= MAX_HOUSEHOLDS:
        limit = f"{MAX_HOUSEHOLDS:,}".replace(",", ".")
        raise UserError(f"Phường mẫu chỉ tạo được từ 1 đến {limit} hộ.")
    # Residents are up to 95 years old and ID numbers encode years 1900–2099.
    if not 2000 <= options.today.year <= 2099:
        raise UserError("Ngày của phường mẫu (--today) phải trong các năm 2000–2099.")


# --- Refusing or clearing what is there ------------------------------------------------


# The registry tables, parents first; --replace empties them children first.
_REGISTRY = {
    "ward": Ward,
    "groups": ResidentialGroup,
    "households": Household,
    "residents": Resident,
}


def _registry_counts(session: Session) -> dict[str, int]:
    """How many wards, groups, households, residents and campaign rows the database holds."""
    counts = {
        what: session.scalar(select(func.count()).select_from(model)) or 0
        for what, model in _REGISTRY.items()
    }
    return counts | demo_campaign.campaign_counts(session)


def _check_empty_or_replacing(counts: dict[str, int], replace: bool) -> None:
    if any(counts.values()) and not replace:
        raise UserError("Cơ sở dữ liệu đã có dữ liệu; dùng --replace để thay bằng phường mẫu.")


def _remove_registry(session: Session, counts: dict[str, int], source: str) -> dict[str, int]:
    """Delete the ward and everything under it, and say so in the audit trail.

    The audit trail itself stays: it is the record of who did what with the data.
    """
    old_ward = session.scalars(select(Ward).order_by(Ward.id)).first()
    ward_settings = Setting.key.startswith(WARD_SETTING_PREFIX, autoescape=True)
    removed = {
        **counts,
        "settings": session.scalar(select(func.count()).where(ward_settings)) or 0,
    }
    demo_campaign.remove_campaign_data(session)  # it refers to households and residents
    for model in reversed(_REGISTRY.values()):
        session.execute(delete(model))
    session.execute(delete(Setting).where(ward_settings))
    audit.record_change(
        session,
        action="replace",
        reason=audit.DEMO,
        entity_type="ward",
        entity_key=old_ward.code if old_ward else None,
        changes={
            "ward": [old_ward.name if old_ward else None, None],
            **{what: [count, 0] for what, count in removed.items() if what != "ward"},
        },
        source=source,
    )
    return removed


# --- The ward and its groups -----------------------------------------------------------


def _create_ward(session: Session, raw_name: str) -> Ward:
    name, kind = _ward_name_and_kind(raw_name)
    return create_ward(
        session,
        WardInput(
            name=name,
            province=PROVINCE,
            kind=kind,
            station_lat=STATION_LAT,
            station_lon=STATION_LON,
        ),
        reason=audit.DEMO,
    )


def _ward_name_and_kind(raw_name: str) -> tuple[str, str]:
    """ "Xã Cam Đường" → ("Cam Đường", "Xã"); a bare name is a Phường."""
    name = normalize_name(raw_name)
    for kind in ("Phường", "Xã"):
        if fold(name).startswith(fold(kind) + " "):
            return name[len(kind) + 1 :], kind
    return name, "Phường"


def _group_count(rng: random.Random, households: int) -> int:
    """8 groups for a small ward, up to 12 for a large one, give or take one."""
    base = 8 + int(math.log2(max(households, 1000) / 1000))
    return min(12, max(8, base + rng.choice((-1, 0, 0, 1))))


# --- Laying out streets and houses -----------------------------------------------------

Point = tuple[float, float]  # metres east and north of the station


@dataclass(frozen=True, slots=True)
class Place:
    """Where one household lives: its group, address and position."""

    group: int  # index into the ward's groups
    street: str
    lane: str | None
    house_number: str
    lat: float
    lon: float

    @classmethod
    def at(cls, group: int, street: str, lane: str | None, number: str, point: Point) -> Place:
        """A place `point` metres (east, north) from the station."""
        lat = round(STATION_LAT + point[1] / _METRES_PER_DEGREE_LAT, 6)
        lon = round(STATION_LON + point[0] / _METRES_PER_DEGREE_LON, 6)
        return cls(group, street, lane, number, lat, lon)


@dataclass(frozen=True)
class Segment:
    """A straight piece of a street inside one group's sector."""

    street: str
    group: int
    start: Point
    end: Point
    distance: float  # metres from the start of the street, so numbers go on across pieces

    @property
    def length(self) -> float:
        return math.dist(self.start, self.end)


def lay_out_ward(rng: random.Random, households: int, group_count: int) -> list[Place]:
    """Places for every household, group by group, each group's houses along its streets."""
    segments = lay_out_streets(rng, group_count)
    per_group = apportion(households, [rng.uniform(0.6, 1.4) for _ in range(group_count)])
    places: list[Place] = []
    for group, quota in enumerate(per_group):
        own = [segment for segment in segments if segment.group == group]
        for segment, count in zip(
            own, apportion(quota, [segment.length for segment in own]), strict=True
        ):
            places.extend(_fill_segment(rng, segment, count))
    return places


def lay_out_streets(rng: random.Random, group_count: int) -> list[Segment]:
    """Two streets running out from the centre through each sector, and ring streets
    that cross several sectors, each piece of a ring inside one sector."""
    width = 2 * math.pi / group_count
    turn = rng.uniform(0, 2 * math.pi)
    count = 2 * group_count + _RING_STREETS
    names = iter(normalize_street(f"{kind} {name}") for kind, name in rng.sample(STREETS, count))
    segments = []
    for group in range(group_count):
        first_angle = turn + group * width
        for share, inner in ((0.3, rng.uniform(80, 250)), (0.72, rng.uniform(450, 650))):
            angle = first_angle + width * (share + rng.uniform(-0.08, 0.08))
            outer = rng.uniform(1050, 1280)
            segments.append(
                Segment(next(names), group, _polar(inner, angle), _polar(outer, angle), 0.0)
            )
    for ring in range(_RING_STREETS):
        radius = 300 + ring * 950 / (_RING_STREETS - 1) + rng.uniform(-40, 40)
        segments.extend(_ring_street(rng, next(names), radius, turn, width, group_count))
    return segments


def _ring_street(
    rng: random.Random, name: str, radius: float, turn: float, width: float, group_count: int
) -> list[Segment]:
    span = rng.randint(max(2, group_count // 3), group_count - 1)
    first = rng.randrange(group_count)
    pieces, distance = [], 0.0
    for step in range(span):
        group = (first + step) % group_count
        angle = turn + group * width
        piece = Segment(name, group, _polar(radius, angle), _polar(radius, angle + width), distance)
        pieces.append(piece)
        distance += piece.length
    return pieces


def _polar(radius: float, angle: float) -> Point:
    return (radius * math.cos(angle), radius * math.sin(angle))


def apportion(total: int, weights: list[float]) -> list[int]:
    """Split a whole number in proportion to weights (largest remainders get the rest)."""
    if not weights:
        return []
    scale = total / sum(weights)
    exact = [weight * scale for weight in weights]
    shares = [int(value) for value in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (shares[i] - exact[i], i))
    for index in by_remainder[: total - sum(shares)]:
        shares[index] += 1
    return shares


def _fill_segment(rng: random.Random, segment: Segment, count: int) -> list[Place]:
    """Houses along both sides of a street piece; some slots open into lanes instead."""
    if count == 0:
        return []
    slots = 2 * max(1, int(segment.length // _FRONTAGE) - 1)
    on_street = min(count - round(count * rng.uniform(0.3, 0.5)), int(slots * 0.75))
    in_lanes = count - on_street
    lanes = 0
    if in_lanes:
        lanes = min(slots - on_street, max(1, math.ceil(in_lanes / rng.uniform(8, 26))))
    used = on_street + lanes
    lane_slots = set(rng.sample(range(used), lanes))
    lane_sizes = iter(_positive_shares(rng, in_lanes, lanes))
    step = segment.length / (math.ceil(used / 2) + 1)
    direction = _unit(segment.start, segment.end)
    places = []
    for slot in range(used):
        along, side = (slot // 2 + 1) * step, slot % 2
        number = 2 * int((segment.distance + along) // _FRONTAGE) + 1 + side
        edge = _move(segment.start, direction, along)
        outward = _side_normal(direction, side)
        if slot in lane_slots:
            places.extend(
                _fill_lane(rng, segment, f"ngõ {number}", edge, outward, next(lane_sizes))
            )
        else:
            house = _move(edge, outward, _SETBACK)
            places.append(Place.at(segment.group, segment.street, None, str(number), house))
    return places


def _fill_lane(
    rng: random.Random,
    segment: Segment,
    lane: str,
    mouth: Point,
    direction: Point,
    count: int,
) -> list[Place]:
    """Houses along a lane, numbered 1, 2, 3… (odd on the left); a big ngõ grows ngách."""
    branches = 0
    if count > _SMALL_LANE and lane.startswith("ngõ"):
        on_lane = max(8, round(count * rng.uniform(0.35, 0.55)))
        branches = math.ceil((count - on_lane) / rng.uniform(8, 12))
    else:
        on_lane = count
    used = on_lane + branches
    branch_slots = set(rng.sample(range(used), branches))
    branch_sizes = iter(_positive_shares(rng, count - on_lane, branches))
    lane_number = lane.split(" ")[-1]
    places = []
    for slot in range(used):
        number, side = slot + 1, slot % 2
        point = _move(mouth, direction, _SETBACK + (slot // 2 + 1) * _LANE_STEP)
        outward = _side_normal(direction, side)
        if slot in branch_slots:
            branch = f"ngách {lane_number}/{number}"
            places.extend(_fill_lane(rng, segment, branch, point, outward, next(branch_sizes)))
        else:
            house = _move(point, outward, 4.0)
            places.append(Place.at(segment.group, segment.street, lane, str(number), house))
    return places


def _positive_shares(rng: random.Random, total: int, parts: int) -> list[int]:
    """`total` split into `parts` uneven shares of at least one each."""
    if parts == 0:
        return []
    weights = [rng.uniform(0.6, 1.4) for _ in range(parts)]
    return [1 + share for share in apportion(total - parts, weights)]


def _unit(start: Point, end: Point) -> Point:
    length = math.dist(start, end)
    return ((end[0] - start[0]) / length, (end[1] - start[1]) / length)


def _side_normal(direction: Point, side: int) -> Point:
    """Left of the direction of travel for odd numbers (side 0), right for even."""
    left = (-direction[1], direction[0])
    return left if side == 0 else (-left[0], -left[1])


def _move(point: Point, direction: Point, metres: float) -> Point:
    return (point[0] + direction[0] * metres, point[1] + direction[1] * metres)


# --- Writing households, residents and the audit trail ---------------------------------

_AUDITED_RESIDENT_FIELDS = (
    "full_name",
    "relation",
    "birth_year",
    "gender",
    "personal_id",
    "phone",
    "has_chip_card",
    "vneid_level",
    "app_114",
    "documents_integrated",
    "notes",
)
_AUDITED_RESIDENT_DATES = ("birth_date", "vneid_level_changed_on")


def _bulk_insert(model: type[Household] | type[Resident]) -> Any:
    # The table's own INSERT, one executemany per chunk: for 60,000 households the
    # ORM's bulk path added 7 s to the 29 s of the writing thread.
    return insert(model.__table__)


@dataclass
class _Rows:
    """The rows of one chunk of households, ready for bulk inserts."""

    households: list[dict[str, Any]] = field(default_factory=list)
    residents: list[dict[str, Any]] = field(default_factory=list)
    audit: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _Tally:
    households: int = 0
    residents: int = 0
    adults: int = 0
    level2: int = 0
    level1: int = 0
    app_114: int = 0
    minority_households: int = 0


class _DemoWriter:
    """Makes families for the places and writes them chunk by chunk in bulk."""

    def __init__(
        self,
        session: Session,
        ward: Ward,
        groups: list[ResidentialGroup],
        options: DemoOptions,
        rng: random.Random,
        source: str,
    ) -> None:
        self.session = session
        self.ward = ward
        self.groups = groups
        self.options = options
        self.rng = rng
        self.source = source
        self.tallies = [_Tally() for _ in groups]
        # Some groups far ahead, some far behind: evenly spread, in shuffled order.
        self.level2_shares = [0.2 + 0.6 * i / (len(groups) - 1) for i in range(len(groups))]
        rng.shuffle(self.level2_shares)
        self.families = FamilyMaker(rng, options.today)
        self.identifiers = IdentifierMaker(rng)
        self.statuses = StatusMaker(
            rng, options.today, settled_before=demo_campaign.campaign_start(options.today)
        )
        self.leaders: dict[int, Member] = {}
        self.at = datetime.now(UTC).replace(tzinfo=None)
        self.actor = audit.current_actor()
        self._group_ids = [group.id for group in groups]
        self._name_keys: dict[str, tuple[str, str]] = {}
        self._next_resident_id = 0

    def write(self, places: list[Place], progress: Progress) -> None:
        """Write every household with its residents and audit entries, chunk by chunk.

        A helper thread makes the rows of the next chunk while this thread writes the
        last one: SQLite works with the GIL released, so the two overlap. The helper
        takes the chunks in order, so the ward stays the same for the same seed.
        """
        total = len(places)
        codes = next_household_codes(self.session, self.ward, total)
        first_id = self._next_id(Household.id)
        self._next_resident_id = self._next_id(Resident.id)

        def make(start: int) -> _Rows:
            stop = min(start + CHUNK_HOUSEHOLDS, total)
            ids = range(first_id + start, first_id + stop)
            return self._rows(zip(ids, codes[start:stop], places[start:stop], strict=True))

        starts = range(0, total, CHUNK_HOUSEHOLDS)
        # The full-text indexes are filled once at the end instead of by a trigger per
        # row: 11 s less at 60,000 households.
        with (
            search_indexes_filled_afterwards(self.session, Household.__table__),
            search_indexes_filled_afterwards(self.session, Resident.__table__),
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="demo-rows") as maker,
        ):
            upcoming = maker.submit(make, starts[0])
            for index, start in enumerate(starts):
                rows = upcoming.result()
                if index + 1 < len(starts):
                    upcoming = maker.submit(make, starts[index + 1])
                self._insert(rows)
                progress.step(min(start + CHUNK_HOUSEHOLDS, total), total, PROGRESS_TEXT)
        self._name_leaders()

    def _next_id(self, column: Any) -> int:
        return (self.session.scalar(select(func.max(column))) or 0) + 1

    def _rows(self, households: Iterable[tuple[int, str, Place]]) -> _Rows:
        """The household, resident and audit rows of a chunk of households."""
        rows = _Rows()
        for household_id, code, place in households:
            members = self._members(place.group)
            rows.households.append(self._household_row(household_id, code, place, members[0]))
            rows.audit.append(self._household_audit(code, place))
            for position, member in enumerate(members, start=1):
                resident = self._resident_row(household_id, position, member)
                rows.residents.append(resident)
                rows.audit.append(self._resident_audit(resident, code))
        return rows

    def _insert(self, rows: _Rows) -> None:
        self.session.execute(_bulk_insert(Household), rows.households)
        self.session.execute(_bulk_insert(Resident), rows.residents)
        audit.record_changes(self.session, rows.audit)

    def _members(self, group: int) -> list[Member]:
        """One family, with IDs, phones and statuses, counted in its group's tally."""
        members = self.families.household()
        self.identifiers.fill(members)
        tally = self.tallies[group]
        tally.households += 1
        tally.residents += len(members)
        tally.minority_households += any(member.people != "kinh" for member in members)
        for member in members:
            self.statuses.fill(member, self.level2_shares[group])
            tally.adults += member.age >= ADULT_AGE
            tally.level2 += member.vneid_level == 2
            tally.level1 += member.vneid_level == 1
            tally.app_114 += member.app_114 is True
        head = members[0]
        is_mobile = head.phone is not None and not head.phone.startswith("02")
        if group not in self.leaders and 45 <= head.age <= 70 and is_mobile:
            self.leaders[group] = head
        return members

    def _household_row(
        self, household_id: int, code: str, place: Place, head: Member
    ) -> dict[str, Any]:
        group_id = self._group_ids[place.group]
        address = HouseholdInput(
            group_id=group_id,
            house_number=place.house_number,
            lane=place.lane,
            street=place.street,
            lat=place.lat,
            lon=place.lon,
        )
        return {
            "id": household_id,
            "code": code,
            "group_id": group_id,
            "house_number": place.house_number,
            "lane": place.lane,
            "street": place.street,
            "lat": place.lat,
            "lon": place.lon,
            "notes": None,
            "head_name": head.full_name,
            "head_sort_key": self._name_key(head.full_name)[1],
            "version": 1,
            **address_columns(address),
        }

    def _name_key(self, full_name: str) -> tuple[str, str]:
        """(folded, sort key) of a name; the demo repeats names, so each is worked out once."""
        keys = self._name_keys.get(full_name)
        if keys is None:
            keys = self._name_keys[full_name] = (fold(full_name), name_sort_key(full_name))
        return keys

    def _resident_row(self, household_id: int, position: int, member: Member) -> dict[str, Any]:
        folded, sort_key = self._name_key(member.full_name)
        resident_id = self._next_resident_id
        self._next_resident_id += 1
        return {
            "id": resident_id,
            "uid": str(uuid.UUID(int=self.rng.getrandbits(128), version=4)),
            "household_id": household_id,
            "position": position,
            "full_name": member.full_name,
            "name_folded": folded,
            "name_sort_key": sort_key,
            "relation": member.relation,
            "birth_date": member.birth_date,
            "birth_year": member.birth_year,
            "gender": member.gender,
            "personal_id": member.personal_id,
            "phone": member.phone,
            "has_chip_card": member.has_chip_card,
            "vneid_level": member.vneid_level,
            "vneid_level_changed_on": member.vneid_level_changed_on,
            "app_114": member.app_114,
            "documents_integrated": member.documents_integrated,
            "notes": member.notes,
            "version": 1,
        }

    def _audit(self, entity_type: str, key: str, changes: dict[str, list[Any]]) -> dict:
        return audit.audit_row(
            action="create",
            reason=audit.DEMO,
            entity_type=entity_type,
            entity_key=key,
            changes=changes,
            source=self.source,
            actor=self.actor,
            at=self.at,
        )

    def _household_audit(self, code: str, place: Place) -> dict[str, Any]:
        fields = {
            "group_id": self._group_ids[place.group],
            "house_number": place.house_number,
            "lane": place.lane,
            "street": place.street,
            "lat": place.lat,
            "lon": place.lon,
        }
        return self._audit("household", code, audit.changed_fields({}, fields))

    def _resident_audit(self, row: dict[str, Any], household_code: str) -> dict[str, Any]:
        # What audit.changed_fields({}, …) gives, written out: 200,000 rows make it count.
        changes = {"household": [None, household_code]}
        for name in _AUDITED_RESIDENT_FIELDS:
            if row[name] is not None:
                changes[name] = [None, row[name]]
        for name in _AUDITED_RESIDENT_DATES:
            if row[name] is not None:
                changes[name] = [None, row[name].isoformat()]
        return self._audit("resident", row["uid"], changes)

    def _name_leaders(self) -> None:
        """Each group's leader (tổ trưởng): a head of household of working age with a mobile."""
        rows = []
        for index, group in enumerate(self.groups):
            leader = self.leaders.get(index)
            if leader is None:
                continue
            group.leader_name, group.leader_phone = leader.full_name, leader.phone
            changes = {
                "leader_name": [None, leader.full_name],
                "leader_phone": [None, leader.phone],
            }
            key = f"{self.ward.code}/{group.name}"
            rows.append({**self._audit("group", key, changes), "action": "update"})
        self.session.flush()
        audit.record_changes(self.session, rows)

    def count_campaign(self, campaign: demo_campaign.CampaignSummary) -> None:
        """Count in the statuses the campaign's visits and approvals changed."""
        for group, tally in zip(self.groups, self.tallies, strict=True):
            changes = campaign.status_changes.get(group.id, {})
            tally.level2 += changes.get("level2", 0)
            tally.level1 += changes.get("level1", 0)
            tally.app_114 += changes.get("app_114", 0)

    def summary(
        self,
        removed: dict[str, int] | None,
        campaign: demo_campaign.CampaignSummary | None = None,
    ) -> DemoSummary:
        """The counts of the ward just written."""
        total = _Tally()
        for tally in self.tallies:
            for name in vars(total):
                setattr(total, name, getattr(total, name) + getattr(tally, name))
        return DemoSummary(
            ward=self.ward.name,
            ward_code=self.ward.code,
            province=self.ward.province,
            seed=self.options.seed,
            today=self.options.today,
            groups=len(self.groups),
            households=total.households,
            residents=total.residents,
            adults=total.adults,
            level2=total.level2,
            level1=total.level1,
            app_114=total.app_114,
            minority_households=total.minority_households,
            by_group=tuple(
                GroupTally(group.name, t.households, t.residents, t.adults, t.level2)
                for group, t in zip(self.groups, self.tallies, strict=True)
            ),
            removed=removed,
            campaign=campaign,
        )
