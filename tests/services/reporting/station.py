"""A small station's two nights, entered through the services, with a log of what was
typed: which team went to which household of which group, who was met, what was done,
and who was activated. The reporting tests compute every expected figure from the log,
in plain Python, and never from the report code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.db.models import Resident
from desktop.services import approvals
from desktop.services.campaigns import TargetInput
from tests.builders import (
    add_household,
    add_resident,
    enter_visit,
    make_campaign,
    make_group,
    make_team,
    make_ward,
)
from tests.conftest import TODAY
from tests.services.night_log import COUNT_KEYS, Line, counts_from_log

FIRST_NIGHT, SECOND_NIGHT = date(2026, 11, 24), date(2026, 11, 25)
WARD_TARGETS = {"level2_activated": 20, "app_114": 10}
GROUP_TARGET = ("Tổ 1", "app_114", 5)
TEAM_1, TEAM_2 = "Tổ công tác 1", "Tổ công tác 2"


@dataclass
class StationLog:
    """What was entered at one station."""

    ward: str
    unit: str
    visits: list[tuple[date, str, str, list[Line]]] = field(default_factory=list)
    activations: list[tuple[date, str | None, str]] = field(default_factory=list)
    residents: dict[str, list[int]] = field(default_factory=dict)
    households: dict[str, tuple[int, str]] = field(default_factory=dict)
    teams: dict[str, int] = field(default_factory=dict)
    groups: dict[str, int] = field(default_factory=dict)
    campaign_id: int = 0

    def counts(self, nights: set[date], by: str) -> dict:
        """{key: the eight counts} over the nights, keyed by "team", "group" or
        "pair" ((team, group)); "Khác" for activations no team collected."""

        def key(team: str, group: str):
            return {"team": team, "group": group, "pair": (team, group)}[by]

        return counts_from_log(
            [(night, key(team, group), lines) for night, team, group, lines in self.visits],
            [(night, key(team or "Khác", group)) for night, team, group in self.activations],
            nights,
        )

    def total(self, nights: set[date]) -> dict[str, int]:
        rows = self.counts(nights, "team").values()
        return {key: sum(row[key] for row in rows) for key in COUNT_KEYS}


# (key, group, house number, [(name, relation, birth year, has chip card, extra fields)])
_HOUSEHOLDS = [
    ("an", "Tổ 1", 1, [("Nguyễn Văn An", "Chủ hộ", 1975, True, {}),
                       ("Lê Thị Hoa", "Vợ", 1990, True, {}),
                       ("Nguyễn Minh Khôi", "Con", 2016, None, {})]),
    ("binh", "Tổ 1", 2, [("Trần Văn Bình", "Chủ hộ", 1960, False, {}),
                         ("Trần Quốc Bảo", "Con", 1995, True, {})]),
    ("cuong", "Tổ 2", 3, [("Phạm Văn Cường", "Chủ hộ", 1980, True,
                           {"vneid_level": 2, "app_114": True, "documents_integrated": True}),
                          ("Phạm Thị Diệu", "Con", 2000, True, {})]),
    ("dung", "Tổ 2", 4, [("Đỗ Văn Dũng", "Chủ hộ", 1985, True, {}),
                         ("Vũ Thị Én", "Vợ", 1987, True, {})]),
    ("em", "Tổ 3", 5, [("Hoàng Văn Ước", "Chủ hộ", 1970, True, {})]),
]  # fmt: skip


def build_station(session: Session, ward_name: str = "Cốc Lếu", prefix: str = "010") -> StationLog:
    """A ward of three groups (Tổ 3 never visited), two teams, two nights, three
    activations on the second night (one applied at the station: "Khác")."""
    ward = make_ward(session, ward_name)
    log = StationLog(ward=ward_name, unit=ward.station_name)
    for name in ("Tổ 1", "Tổ 2", "Tổ 3"):
        log.groups[name] = make_group(session, ward, name).id
    groups = {name: make_group(session, ward, name) for name in log.groups}
    for index, (key, group, number, people) in enumerate(_HOUSEHOLDS):
        head_name, _, year, chip, extra = people[0]
        pid = f"{prefix}0{year % 100:02d}{index:03d}000"
        home = add_household(
            session, groups[group], head=head_name, house_number=str(number),
            birth_year=year, personal_id=pid, has_chip_card=chip, **extra,
        )  # fmt: skip
        ids = [session.scalar(select(Resident.id).where(Resident.personal_id == pid))]
        for position, (name, relation, year, chip, extra) in enumerate(people[1:], start=1):
            century = 2 if year >= 2000 else 0
            ids.append(
                add_resident(
                    session, home, name, relation=relation, birth_year=year,
                    personal_id=f"{prefix}{century}{year % 100:02d}{index:03d}{position:03d}",
                    has_chip_card=chip, **extra,
                )
            )  # fmt: skip
        log.households[key] = (home, group)
        log.residents[key] = ids
    log.campaign_id = make_campaign(
        session,
        targets=(
            *(TargetInput(service, n) for service, n in WARD_TARGETS.items()),
            TargetInput(GROUP_TARGET[1], GROUP_TARGET[2], group_id=log.groups[GROUP_TARGET[0]]),
        ),
    )
    officers = {TEAM_1: "Trần Văn Hùng", TEAM_2: "Đỗ Minh Đức"}
    for team, officer in officers.items():
        log.teams[team] = make_team(session, log.campaign_id, team, (officer,))

    def visit(night: date, team: str, key: str, outcome: str, lines: list[Line]) -> None:
        household, group = log.households[key]
        enter_visit(session, log.teams[team], night, household, log.residents[key], outcome, lines)
        log.visits.append((night, team, group, lines))

    visit(FIRST_NIGHT, TEAM_1, "an", "met", [
        (True, ("vneid_installed", "level2_collected", "app_114")),
        (True, ("app_114",)),
        (False, ()),
    ])  # fmt: skip
    visit(FIRST_NIGHT, TEAM_2, "dung", "met", [
        (True, ("vneid_installed", "level2_collected")), (True, ()),
    ])  # fmt: skip
    visit(FIRST_NIGHT, TEAM_2, "cuong", "met", [
        (True, ()), (True, ("vneid_installed", "level2_collected", "app_114")),
    ])  # fmt: skip
    visit(SECOND_NIGHT, TEAM_1, "binh", "not_home", [(False, ()), (False, ())])
    visit(SECOND_NIGHT, TEAM_2, "an", "met", [
        (True, ()), (True, ("vneid_installed", "level2_collected")), (False, ()),
    ])  # fmt: skip
    visit(SECOND_NIGHT, TEAM_1, "dung", "met", [(True, ("app_114",)), (False, ())])
    activated = [("an", 0, TEAM_1), ("cuong", 1, TEAM_2), ("dung", 1, None)]
    approvals.mark_activated(
        session, [log.residents[key][i] for key, i, _ in activated], SECOND_NIGHT, TODAY
    )
    log.activations += [(SECOND_NIGHT, team, log.households[key][1]) for key, _, team in activated]
    return log
