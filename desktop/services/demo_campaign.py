"""The demo ward's current campaign: teams, targets and ten nights of visits and approvals.

`denkhuya demo` makes the 50-day peak campaign that began ten days before `--today`:
8 to 16 teams of 3–5 people (officers of the ward police or the provincial police,
youth-union members, a residential-group leader), ward, group and team targets drawn
from where the ward stood on the first day, and for every past night the shifts
(19:00–22:00), the visits with their outcomes, the services done and, a few days after
collection, the approvals credited to the collecting team; some residents apply at the
station instead ("Khác"). Teams differ in how much they get done.

The residents' statuses follow from the records by the ledger's own rules
(desktop.domain.ledger): each record keeps what it changed, and each resident it
changed gets an audit entry naming the visit and the shift, or the approval. Rows are
written in bulk with their ids chosen here, so a 60,000-household ward stays fast. The
same seed and today give the same campaign.
"""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import bindparam, case, delete, func, insert, select, update
from sqlalchemy.orm import Session

from desktop.db import status_sql
from desktop.db.models import (
    Campaign,
    CampaignTarget,
    Household,
    Member,
    Resident,
    ResidentialGroup,
    ServiceRecord,
    Shift,
    ShiftGroup,
    ShiftMember,
    ShiftStop,
    Team,
    TeamMembership,
    Visit,
    VisitResident,
    Ward,
)
from desktop.domain.campaign import (
    ABSENT,
    ALREADY_DONE,
    APP_114,
    CHIP_CARD_COLLECTED,
    COME_BACK,
    DOCUMENTS,
    DOORSTEP_SERVICES,
    GROUP_LEADER,
    LEVEL2_ACTIVATED,
    LEVEL2_COLLECTED,
    MET,
    MOVED_AWAY,
    NEEDS_CHIP_CARD,
    NO_SMARTPHONE,
    NOT_HOME,
    OFFICER,
    REFUSED,
    RESIDENT_REFUSED,
    SERVICES,
    UNDER_AGE,
    VNEID_INSTALLED,
    YOUTH_UNION,
)
from desktop.domain.eligibility import ADULT_AGE, LEVEL2_MIN_AGE, ResidentStatus, age_on
from desktop.domain.ledger import (
    STATUS_FIELDS,
    changes_to_json,
    level2_check,
    new_values,
    service_changes,
    services_owed,
)
from desktop.domain.names import name_sort_key
from desktop.services import audit
from desktop.services.demo_people import KINH, TAY, FamilyMaker, IdentifierMaker, Weighted
from desktop.services.ledger import audit_changes
from desktop.services.teams import team_sort_key

CAMPAIGN_NAME = "Tháng cao điểm 50 ngày cấp CCCD gắn chíp và định danh điện tử"
CAMPAIGN_DAYS = 50
DAYS_UNDER_WAY = 10
_VIETNAM = timedelta(hours=7)  # entries are stored in UTC, like the audit trail

# Ranks of ward officers and of the provincial police youth union, with weights.
_OFFICER_RANKS = Weighted(
    [("Thiếu úy", 12), ("Trung úy", 30), ("Thượng úy", 30), ("Đại úy", 22), ("Thiếu tá", 6)]
)
_YOUTH_RANKS = Weighted([("Thiếu úy", 40), ("Trung úy", 45), ("Thượng úy", 15)])
_PROVINCIAL_POLICE = "Công an tỉnh Lào Cai"
_PROVINCIAL_YOUTH = "Đoàn Thanh niên Công an tỉnh"
_CITY_YOUTH = "Thành đoàn Lào Cai"

# How a first visit and a return visit go.
_FIRST_OUTCOMES = Weighted(
    [(MET, 74), (NOT_HOME, 13), (COME_BACK, 7), (REFUSED, 4), (MOVED_AWAY, 2)]
)
_RETURN_OUTCOMES = Weighted([(MET, 82), (NOT_HOME, 11), (COME_BACK, 3), (REFUSED, 4)])
# The chance a willing team gets each owed service done for a resident it meets.
_SERVICE_CHANCE = {
    VNEID_INSTALLED: 0.8,
    LEVEL2_COLLECTED: 0.6,
    APP_114: 0.65,
    DOCUMENTS: 0.35,
    CHIP_CARD_COLLECTED: 0.45,
}
_NEEDS_A_PHONE = (VNEID_INSTALLED, APP_114)


@dataclass(frozen=True)
class CampaignSummary:
    """What the demo campaign holds, and how it moved the ward's counts."""

    name: str
    starts_on: date
    ends_on: date
    teams: int
    members: int
    shifts: int
    visits: int
    services: dict[str, int]
    # group id → change in residents at level 2, at level 1, with the 114 app
    status_changes: dict[int, Counter]

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "starts_on": self.starts_on.isoformat(),
            "ends_on": self.ends_on.isoformat(),
            "teams": self.teams,
            "members": self.members,
            "shifts": self.shifts,
            "visits": self.visits,
            "services": dict(self.services),
        }


def campaign_start(today: date) -> date:
    """The first day of the demo campaign: about ten days before today."""
    return today - timedelta(days=DAYS_UNDER_WAY)


# --- Counting and clearing -------------------------------------------------------------

# The campaign tables, children first: the order --replace empties them in.
_TABLES = (
    ServiceRecord,
    VisitResident,
    Visit,
    ShiftStop,
    ShiftMember,
    ShiftGroup,
    Shift,
    CampaignTarget,
    TeamMembership,
    Team,
    Member,
    Campaign,
)


def campaign_counts(session: Session) -> dict[str, int]:
    """How many campaigns, members, visits and service records the database holds."""
    counted = {"campaigns": Campaign, "members": Member, "visits": Visit, "services": ServiceRecord}
    return {
        what: session.scalar(select(func.count()).select_from(model)) or 0
        for what, model in counted.items()
    }


def remove_campaign_data(session: Session) -> None:
    """Delete every campaign with its teams, members, shifts, visits and records."""
    for model in _TABLES:
        session.execute(delete(model))


# --- Making the campaign ---------------------------------------------------------------


def create_demo_campaign(
    session: Session, ward: Ward, groups: list[ResidentialGroup], seed: int, today: date
) -> CampaignSummary:
    """Add the current campaign, its teams and its past nights to the demo ward."""
    maker = _CampaignMaker(session, ward, groups, seed, today)
    maker.set_up()
    for night in maker.nights:
        maker.approve(night)
        maker.go_out(night)
    maker.write()
    return maker.summary()


@dataclass
class _Person:
    """A resident as the campaign sees them, with their statuses as they go."""

    id: int
    uid: str
    household_id: int
    birth_date: date | None
    birth_year: int | None
    personal_id: str | None
    phone: str | None
    values: dict[str, Any]
    original: dict[str, Any]
    recorded: set[str] = field(default_factory=set)

    def status(self) -> ResidentStatus:
        return ResidentStatus(
            birth_date=self.birth_date,
            birth_year=self.birth_year,
            vneid_level=self.values["vneid_level"],
            app_114=self.values["app_114"],
            has_chip_card=self.values["has_chip_card"],
            personal_id=self.personal_id,
            level2_collected=LEVEL2_COLLECTED in self.recorded,
            documents_integrated=self.values["documents_integrated"],
        )

    def age(self, day: date) -> int | None:
        return age_on(self.birth_date, self.birth_year, day)


@dataclass
class _Rows:
    """Rows for each campaign table, and ids handed out in order."""

    tables: dict[type, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    next_ids: dict[type, int] = field(default_factory=dict)

    def add(self, model: type, **row: Any) -> int:
        if "id" in model.__table__.c and "id" not in row:
            row["id"] = self.next_ids[model]
            self.next_ids[model] += 1
        self.tables[model].append(row)
        return row.get("id", 0)


class _CampaignMaker:
    def __init__(
        self,
        session: Session,
        ward: Ward,
        groups: list[ResidentialGroup],
        seed: int,
        today: date,
    ) -> None:
        self.session = session
        self.ward = ward
        self.groups = groups
        self.today = today
        self.rng = random.Random(f"demo-campaign:{seed}:{today.isoformat()}")
        self.starts_on = campaign_start(today)
        self.ends_on = self.starts_on + timedelta(days=CAMPAIGN_DAYS - 1)
        self.nights = [self.starts_on + timedelta(days=n) for n in range(DAYS_UNDER_WAY)]
        self.actor = audit.current_actor()
        self.rows = _Rows()
        for model in _TABLES:
            if "id" in model.__table__.c:
                self.rows.next_ids[model] = (session.scalar(select(func.max(model.id))) or 0) + 1
        self.audit: list[dict[str, Any]] = []
        self.people: dict[int, _Person] = {}
        self.residents_of: dict[int, list[_Person]] = {}  # household id → loaded residents
        self.households = self._households()
        self.group_of = {h: g for g, homes in self.households.items() for h in homes}
        self.cursor = {group.id: 0 for group in groups}  # next unvisited household
        self.last_visit: dict[int, tuple[date, str, datetime | None]] = {}
        self.to_revisit: dict[int, set[int]] = defaultdict(set)  # group → households
        self.approvals_due: dict[date, list[tuple[int, int | None]]] = defaultdict(list)
        self.team_ids: list[int] = []
        self.team_names: dict[int, str] = {}
        self.roles: dict[int, str] = {}  # member id → role
        self.home_group: dict[int, int] = {}
        self.pace: dict[int, float] = {}
        self.memberships: dict[int, list[tuple[int, date, date | None]]] = defaultdict(list)
        self.services = Counter()
        self.campaign_id = 0

    # Households and residents ---------------------------------------------------------

    def _households(self) -> dict[int, list[int]]:
        """Each group's households in walking order (codes follow the streets)."""
        by_group: dict[int, list[int]] = defaultdict(list)
        for household_id, group_id in self.session.execute(
            select(Household.id, Household.group_id).order_by(Household.code)
        ):
            by_group[group_id].append(household_id)
        return by_group

    def _load(self, household_ids: list[int]) -> dict[int, list[_Person]]:
        """The residents of the households, loaded once and kept as they change."""
        wanted = sorted(set(household_ids))
        missing = [household for household in wanted if household not in self.residents_of]
        for household in missing:
            self.residents_of[household] = []
        for start in range(0, len(missing), 900):
            chunk = missing[start : start + 900]
            rows = self.session.execute(
                select(
                    Resident.id,
                    Resident.uid,
                    Resident.household_id,
                    Resident.birth_date,
                    Resident.birth_year,
                    Resident.personal_id,
                    Resident.phone,
                    *(getattr(Resident, name) for name in STATUS_FIELDS),
                )
                .where(Resident.household_id.in_(chunk))
                .order_by(Resident.household_id, Resident.position)
            )
            for row in rows:
                if row.id not in self.people:
                    values = {name: getattr(row, name) for name in STATUS_FIELDS}
                    person = self.people[row.id] = _Person(
                        row.id,
                        row.uid,
                        row.household_id,
                        row.birth_date,
                        row.birth_year,
                        row.personal_id,
                        row.phone,
                        values,
                        dict(values),
                    )
                    self.residents_of[row.household_id].append(person)
        return {household: self.residents_of[household] for household in wanted}

    # The campaign, its teams and targets ---------------------------------------------

    def set_up(self) -> None:
        self.session.execute(update(Campaign).values(is_current=False))
        self.campaign_id = self.rows.add(
            Campaign,
            name=CAMPAIGN_NAME,
            starts_on=self.starts_on,
            ends_on=self.ends_on,
            services=list(SERVICES),
            is_current=True,
            notes="Chiến dịch mẫu của phường mẫu.",
            version=1,
        )
        self._audit_created("campaign", self.campaign_id, {"name": CAMPAIGN_NAME})
        self._make_teams()
        self._set_targets()

    def _make_teams(self) -> None:
        households = sum(len(ids) for ids in self.households.values())
        count = max(8, len(self.groups)) + min(4, households // 15_000)
        paces = [0.55 + 0.8 * i / (count - 1) for i in range(count)]
        self.rng.shuffle(paces)
        people = _MemberMaker(self.rng, self.today, self.ward)
        leaders_used: set[int] = set()
        for index in range(count):
            group = self.groups[index % len(self.groups)]
            name = f"Tổ công tác số {index + 1}"
            team_id = self.rows.add(
                Team,
                campaign_id=self.campaign_id,
                name=name,
                sort_key=team_sort_key(name),
                active=True,
                notes=f"Phụ trách {group.name}",
            )
            self.team_ids.append(team_id)
            self.team_names[team_id] = name
            self.home_group[team_id] = group.id
            self.pace[team_id] = paces[index]
            leader = group.leader_name if group.id not in leaders_used else None
            leaders_used.add(group.id)
            for member in people.team(group, leader):
                member_id = self.rows.add(Member, **member)
                self.roles[member_id] = member["role"]
                self._audit_created("member", member_id, {"full_name": member["full_name"]})
                self.memberships[team_id].append((member_id, self.starts_on, None))
        self._move_one_member()
        for team_id, periods in self.memberships.items():
            for member_id, from_date, to_date in periods:
                self.rows.add(
                    TeamMembership,
                    team_id=team_id,
                    member_id=member_id,
                    from_date=from_date,
                    to_date=to_date,
                )

    def _move_one_member(self) -> None:
        """A youth-union member of a team of four or five moves half-way to a team of
        three or four: the history shows it, and both teams keep 3–5 people."""
        big = [t for t in self.team_ids if len(self.memberships[t]) >= 4]
        small = [t for t in self.team_ids if len(self.memberships[t]) <= 4]
        for source in big:
            youth = [
                (index, period)
                for index, period in enumerate(self.memberships[source])
                if self.roles[period[0]] == YOUTH_UNION
            ]
            target = next((t for t in small if t != source), None)
            if youth and target is not None:
                index, (member_id, from_date, _) = youth[-1]
                moved_on = self.starts_on + timedelta(days=DAYS_UNDER_WAY // 2)
                self.memberships[source][index] = (
                    member_id,
                    from_date,
                    moved_on - timedelta(days=1),
                )
                self.memberships[target].append((member_id, moved_on, None))
                return

    def _members_on(self, team_id: int, night: date) -> list[int]:
        return [
            member_id
            for member_id, from_date, to_date in self.memberships[team_id]
            if from_date <= night and (to_date is None or night <= to_date)
        ]

    def _set_targets(self) -> None:
        """Targets from where the ward stood on the first day: level 2 for about 60 % of
        the adults still missing it, and so on, for the ward, each group and each team."""
        adult = status_sql.is_adult(self.starts_on)

        def among_adults(condition):
            return func.sum(case((adult & condition, 1), else_=0))

        rows = self.session.execute(
            select(
                Household.group_id,
                among_adults(Resident.vneid_level < 2),
                among_adults(Resident.vneid_level == 0),
                among_adults(Resident.app_114.is_not(True)),
                among_adults(Resident.vneid_level == 2),
                among_adults(Resident.has_chip_card.is_not(True)),
            )
            .join(Household, Household.id == Resident.household_id)
            .group_by(Household.group_id)
        ).all()
        shares = {
            LEVEL2_ACTIVATED: (1, 0.6),
            LEVEL2_COLLECTED: (1, 0.65),
            VNEID_INSTALLED: (2, 0.5),
            APP_114: (3, 0.5),
            DOCUMENTS: (4, 0.3),
            CHIP_CARD_COLLECTED: (5, 0.5),
        }
        for service, (column, share) in shares.items():
            total = sum(int(row[column] or 0) for row in rows)
            self._target(service, _round_to(total * share, 10))
        for row in rows:
            for service in (LEVEL2_ACTIVATED, APP_114):
                column, share = shares[service]
                self._target(service, round(int(row[column] or 0) * share), group_id=row[0])
        ward_level2 = sum(int(row[1] or 0) for row in rows) * 0.6
        teams_per_group = Counter(self.home_group.values())
        missing = {row[0]: int(row[1] or 0) for row in rows}
        for team_id in self.team_ids:
            group = self.home_group[team_id]
            share = missing.get(group, 0) / max(1, sum(missing.values()))
            self._target(
                LEVEL2_ACTIVATED,
                round(ward_level2 * share / teams_per_group[group]),
                team_id=team_id,
            )

    def _target(self, service: str, target: int, group_id=None, team_id=None) -> None:
        self.rows.add(
            CampaignTarget,
            campaign_id=self.campaign_id,
            service=service,
            group_id=group_id,
            team_id=team_id,
            target=target,
        )

    # Approvals ------------------------------------------------------------------------

    def approve(self, night: date) -> None:
        """The day's approval list (applications collected some days before), and a
        few residents who applied at the station."""
        source = f"Phê duyệt mức 2 ngày {night:%d/%m/%Y}"
        at = datetime.combine(night, time(9, 30)) - _VIETNAM
        for person_id, team_id in self.approvals_due.pop(night, []):
            self._activate(self.people[person_id], night, team_id, source, at)
        for person in self._station_applicants(night):
            self._activate(person, night, None, source, at)

    def _activate(
        self, person: _Person, night: date, team_id: int | None, source: str, at: datetime
    ) -> None:
        if LEVEL2_ACTIVATED in person.recorded or person.values["vneid_level"] == 2:
            return
        changes = self._record(person, LEVEL2_ACTIVATED, night, team_id, None, "approval", at)
        self.audit.append(
            self._resident_audit(person, changes, {LEVEL2_ACTIVATED: night}, audit.APPROVAL,
                                 source, at)
        )  # fmt: skip

    def _station_applicants(self, night: date) -> list[_Person]:
        households = sum(len(ids) for ids in self.households.values())
        wanted = self.rng.randint(0, min(8, max(2, households // 700)))
        picked = []
        for _ in range(wanted):
            group = self.rng.choice(self.groups)
            homes = self.households[group.id]
            home = homes[self.rng.randrange(len(homes))]
            for person in self._load([home])[home]:
                allowed, _ = level2_check(person.status(), night)
                adult = (person.age(night) or 0) >= ADULT_AGE
                if (
                    adult
                    and allowed
                    and person.values["vneid_level"] < 2
                    and person.values["has_chip_card"] is True
                    and not person.recorded & {LEVEL2_COLLECTED, LEVEL2_ACTIVATED}
                ):
                    picked.append(person)
                    break
        return picked

    # The night's shifts ----------------------------------------------------------------

    def go_out(self, night: date) -> None:
        households = sum(len(ids) for ids in self.households.values())
        quotas = {
            team_id: round(self.rng.randint(15, 30) * self.pace[team_id])
            for team_id in self.team_ids
            if self.rng.random() < 0.8
        }
        cap = max(8, round(households * 0.04))
        if sum(quotas.values()) > cap:
            scale = cap / sum(quotas.values())
            quotas = {team: math.floor(q * scale) for team, q in quotas.items()}
        taken: set[int] = set()
        routes = {}
        for team_id, quota in quotas.items():
            route = self._route(team_id, night, quota, taken) if quota else []
            if route:
                routes[team_id] = route
        people = self._load([home for route in routes.values() for home in route])
        for team_id, route in routes.items():
            self._shift(team_id, night, route, people)

    def _route(self, team_id: int, night: date, quota: int, taken: set[int]) -> list[int]:
        """Households that asked to be seen again first, then the next ones in order."""
        home = self.home_group[team_id]
        revisits = [
            household
            for household in sorted(self.to_revisit[home])
            if household not in taken and self._due_again(household, night)
        ][: max(1, quota // 3)]
        route = list(revisits)
        groups = [home] + [g.id for g in self.groups if g.id != home]
        for group_id in groups:
            homes = self.households[group_id]
            while len(route) < quota and self.cursor[group_id] < len(homes):
                household = homes[self.cursor[group_id]]
                self.cursor[group_id] += 1
                if household not in taken:
                    route.append(household)
            if len(route) >= quota:
                break
        taken.update(route)
        return route

    def _due_again(self, household: int, night: date) -> bool:
        last = self.last_visit.get(household)
        if last is None or last[1] not in (NOT_HOME, COME_BACK) or last[0] >= night:
            return False
        return last[2] is None or last[2].date() <= night

    def _shift(
        self, team_id: int, night: date, route: list[int], people: dict[int, list[_Person]]
    ) -> None:
        starts_at = time(19, 30) if self.rng.random() < 0.15 else time(19, 0)
        shift_id = self.rows.add(
            Shift,
            campaign_id=self.campaign_id,
            team_id=team_id,
            day=night,
            starts_at=starts_at,
            ends_at=time(22, 0),
            meeting_lat=None,
            meeting_lon=None,
            notes=None,
            version=1,
        )
        for member_id in self._members_on(team_id, night):
            self.rows.add(ShiftMember, shift_id=shift_id, member_id=member_id)
        area = set()
        minutes = (22 * 60 - (starts_at.hour * 60 + starts_at.minute) - 15) / len(route)
        team_name = self.team_names[team_id]
        for position, household in enumerate(route, start=1):
            self.rows.add(ShiftStop, shift_id=shift_id, household_id=household, position=position)
            area.add(self._group_of(household))
            start = starts_at.hour * 60 + starts_at.minute + int((position - 0.5) * minutes)
            visited_at = time(start // 60, start % 60)
            source = f"ca #{shift_id} ({team_name}, {night:%d/%m/%Y})"
            self._visit(shift_id, team_id, night, household, visited_at, people[household], source)
        for group_id in sorted(area):
            self.rows.add(ShiftGroup, shift_id=shift_id, group_id=group_id)

    def _group_of(self, household: int) -> int:
        return self.group_of[household]

    # One visit ------------------------------------------------------------------------

    def _visit(
        self,
        shift_id: int,
        team_id: int,
        night: date,
        household: int,
        visited_at: time,
        residents: list[_Person],
        shift_source: str,
    ) -> None:
        again = household in self.last_visit
        outcome = (_RETURN_OUTCOMES if again else _FIRST_OUTCOMES).pick(self.rng)
        come_back_at = None
        if outcome == COME_BACK:
            day = night + timedelta(days=self.rng.randint(1, 3))
            come_back_at = datetime.combine(day, time(self.rng.randint(19, 20), 30))
        entered_at = datetime.combine(night, time(22, 30)) - _VIETNAM
        visit_id = self.rows.add(
            Visit,
            shift_id=shift_id,
            household_id=household,
            outcome=outcome,
            visited_at=visited_at,
            come_back_at=come_back_at,
            notes=None,
            entered_by=self.actor,
            entered_at=entered_at,
            version=1,
        )
        self.last_visit[household] = (night, outcome, come_back_at)
        revisit = self.to_revisit[self.group_of[household]]
        if outcome in (NOT_HOME, COME_BACK):
            revisit.add(household)
        else:
            revisit.discard(household)
        source = f"Lượt #{visit_id}, {shift_source}"
        for line in self._lines(outcome, residents, night, team_id):
            person, met, reason, services = line
            self.rows.add(
                VisitResident, visit_id=visit_id, resident_id=person.id, met=met, reason_not=reason
            )
            status_changes: dict[str, list[Any]] = {}
            for service in services:
                changes = self._record(person, service, night, team_id, visit_id, "visit",
                                       entered_at)  # fmt: skip
                for name, (old, new) in changes.items():
                    status_changes[name] = [status_changes.get(name, [old])[0], new]
                if service == LEVEL2_COLLECTED and self.rng.random() < 0.9:
                    approved = night + timedelta(days=self.rng.randint(2, 5))
                    if approved < self.today:
                        self.approvals_due[approved].append((person.id, team_id))
            if services:
                added = dict.fromkeys(services, night)
                self.audit.append(
                    self._resident_audit(person, status_changes, added, audit.VISIT, source,
                                         entered_at)
                )  # fmt: skip
        self.audit.append(
            audit.audit_row(
                action="create",
                reason=audit.VISIT,
                entity_type="visit",
                entity_key=str(visit_id),
                changes={"outcome": [None, outcome]},
                source=source,
                actor=self.actor,
                at=entered_at,
            )
        )

    def _lines(
        self, outcome: str, residents: list[_Person], night: date, team_id: int
    ) -> list[tuple[_Person, bool, str | None, list[str]]]:
        """(resident, met, reason not, services done) for those the visit recorded."""
        if outcome in (NOT_HOME, MOVED_AWAY) or not residents:
            return []
        if outcome == REFUSED:
            return [(residents[0], True, RESIDENT_REFUSED, [])]
        lines = []
        chance = 0.3 if outcome == COME_BACK else None
        for index, person in enumerate(residents):
            age = person.age(night) or 0
            met_chance = chance if chance is not None else (0.8 if age >= ADULT_AGE else 0.7)
            if not (index == 0 and chance is None) and self.rng.random() >= met_chance:
                lines.append((person, False, ABSENT, []))
                continue
            services, reason = self._services(person, age, night, team_id)
            lines.append((person, True, reason, services))
        return lines

    def _services(
        self, person: _Person, age: int, night: date, team_id: int
    ) -> tuple[list[str], str | None]:
        if age < LEVEL2_MIN_AGE:
            return [], UNDER_AGE
        if age < ADULT_AGE:
            allowed, _ = level2_check(person.status(), night)
            asked = person.values["has_chip_card"] is True and self.rng.random() < 0.04
            if allowed and asked and LEVEL2_COLLECTED not in person.recorded:
                return [LEVEL2_COLLECTED], None
            return [], UNDER_AGE
        owed = services_owed(person.status(), person.recorded, DOORSTEP_SERVICES, night)
        if not owed:
            return [], ALREADY_DONE
        has_phone = person.phone is not None
        done = [
            service
            for service in owed
            if (has_phone or service not in _NEEDS_A_PHONE)
            and self.rng.random() < min(0.95, _SERVICE_CHANCE[service] * self.pace[team_id])
        ]
        if done:
            return done, None
        if not has_phone:
            return [], NO_SMARTPHONE
        if person.values["has_chip_card"] is False:
            return [], NEEDS_CHIP_CARD
        return [], RESIDENT_REFUSED if self.rng.random() < 0.3 else None

    # Records and writing ---------------------------------------------------------------

    def _record(
        self,
        person: _Person,
        service: str,
        night: date,
        team_id: int | None,
        visit_id: int | None,
        source: str,
        at: datetime,
    ) -> dict[str, list[Any]]:
        changes = service_changes(service, person.values, night)
        person.values.update(new_values(changes))
        person.recorded.add(service)
        self.services[service] += 1
        self.rows.add(
            ServiceRecord,
            resident_id=person.id,
            service=service,
            done_on=night,
            campaign_id=self.campaign_id,
            team_id=team_id,
            visit_id=visit_id,
            source=source,
            entered_by=self.actor,
            entered_at=at,
            changed=changes_to_json(changes) or None,
        )
        return changes

    def _resident_audit(
        self,
        person: _Person,
        changes: dict[str, list[Any]],
        added: dict[str, date],
        reason: str,
        source: str,
        at: datetime,
    ) -> dict[str, Any]:
        return audit.audit_row(
            action="update",
            reason=reason,
            entity_type="resident",
            entity_key=person.uid,
            changes=audit_changes(changes, added, {}),
            source=source,
            actor=self.actor,
            at=at,
        )

    def _audit_created(self, entity_type: str, key: int, changes: dict[str, Any]) -> None:
        self.audit.append(
            audit.audit_row(
                action="create",
                reason=audit.DEMO,
                entity_type=entity_type,
                entity_key=str(key),
                changes={name: [None, value] for name, value in changes.items()},
                actor=self.actor,
            )
        )

    def write(self) -> None:
        """Every row in bulk, parents first; then the residents' new statuses."""
        for model in reversed(_TABLES):
            rows = self.rows.tables.get(model)
            if rows:
                self.session.execute(insert(model.__table__), rows)
        changed = [p for p in self.people.values() if p.values != p.original]
        if changed:
            table = Resident.__table__
            self.session.execute(
                update(table)
                .where(table.c.id == bindparam("person_id"))
                .values(
                    {name: bindparam(f"new_{name}") for name in STATUS_FIELDS}
                    | {"version": table.c.version + 1}
                ),
                [
                    {"person_id": p.id} | {f"new_{n}": p.values[n] for n in STATUS_FIELDS}
                    for p in changed
                ],
            )
        audit.record_changes(self.session, self.audit)

    def summary(self) -> CampaignSummary:
        changes: dict[int, Counter] = defaultdict(Counter)
        for person in self.people.values():
            before, after = person.original, person.values
            if before == after:
                continue
            group = changes[self._group_of(person.household_id)]
            group["level2"] += (after["vneid_level"] == 2) - (before["vneid_level"] == 2)
            group["level1"] += (after["vneid_level"] == 1) - (before["vneid_level"] == 1)
            group["app_114"] += (after["app_114"] is True) - (before["app_114"] is True)
        return CampaignSummary(
            name=CAMPAIGN_NAME,
            starts_on=self.starts_on,
            ends_on=self.ends_on,
            teams=len(self.team_ids),
            members=len(self.rows.tables[Member]),
            shifts=len(self.rows.tables[Shift]),
            visits=len(self.rows.tables[Visit]),
            services={service: self.services[service] for service in SERVICES},
            status_changes=dict(changes),
        )


def _round_to(value: float, step: int) -> int:
    return int(round(value / step) * step) if value >= step else round(value)


class _MemberMaker:
    """The people of a team: officers, youth-union members and a group leader."""

    def __init__(self, rng: random.Random, today: date, ward: Ward) -> None:
        self.rng = rng
        self.names = FamilyMaker(rng, today)
        self.phones = IdentifierMaker(rng)
        self.ward_police = ward.station_name
        self.ward_youth = f"Đoàn {ward.kind.lower()} {ward.name}"
        self.ward_name = ward.name

    def team(self, group: ResidentialGroup, leader: str | None) -> list[dict[str, Any]]:
        officers = self.rng.choice((1, 1, 2))
        youth = self.rng.choice((1, 2, 2))
        members = [self._officer() for _ in range(officers)]
        members += [self._youth() for _ in range(youth)]
        if leader:
            members.append(
                self._row(leader, GROUP_LEADER, None, f"{group.name}, {self.ward_name}",
                          group.leader_phone)
            )  # fmt: skip
        while len(members) < 3:
            members.append(self._youth())
        return members[:5]

    def _person(self, age: int) -> str:
        people = TAY if self.rng.random() < 0.15 else KINH
        gender = "male" if self.rng.random() < 0.7 else "female"
        family = self.names.family_name(people)
        return self.names.full_name(people, family, gender, age)

    def _officer(self) -> dict[str, Any]:
        unit = self.ward_police if self.rng.random() < 0.75 else _PROVINCIAL_POLICE
        name = self._person(self.rng.randint(24, 45))
        return self._row(name, OFFICER, _OFFICER_RANKS.pick(self.rng), unit, self.phones.mobile())

    def _youth(self) -> dict[str, Any]:
        unit = self.rng.choice((_PROVINCIAL_YOUTH, _CITY_YOUTH, self.ward_youth))
        rank = _YOUTH_RANKS.pick(self.rng) if unit == _PROVINCIAL_YOUTH else None
        name = self._person(self.rng.randint(19, 30))
        return self._row(name, YOUTH_UNION, rank, unit, self.phones.mobile())

    @staticmethod
    def _row(
        name: str, role: str, rank: str | None, unit: str, phone: str | None
    ) -> dict[str, Any]:
        return {
            "full_name": name,
            "name_sort_key": name_sort_key(name),
            "role": role,
            "rank": rank,
            "unit": unit,
            "phone": phone,
            "active": True,
        }
