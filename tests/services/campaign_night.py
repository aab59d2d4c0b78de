"""Two nights of a campaign entered through the services, with a log of what was typed.

The tally, dashboard and CLI tests compute their expected numbers from the log, in
plain Python, and compare them with what the services count from the database.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.db.models import Resident
from desktop.services import approvals
from desktop.services.campaigns import TargetInput
from desktop.services.database import Database, open_database
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
from tests.services.night_log import counts_from_log

FIRST_NIGHT, SECOND_NIGHT = date(2026, 11, 24), date(2026, 11, 25)
TARGETS = {"level2_activated": 40, "app_114": 30, "level2_collected": 45}


@dataclass
class Log:
    """What was entered: visits as (night, team, [(met, services)]), activations as
    (night, team credited or None)."""

    visits: list[tuple[date, str, list[tuple[bool, tuple[str, ...]]]]] = field(default_factory=list)
    activations: list[tuple[date, str | None]] = field(default_factory=list)
    households: dict[str, int] = field(default_factory=dict)
    residents: dict[str, list[int]] = field(default_factory=dict)
    teams: dict[str, int] = field(default_factory=dict)
    campaign_id: int = 0


def _household(session: Session, log: Log, group, key: str, number: int, people: int) -> None:
    head = f"Nguyễn Văn {key.capitalize()}"
    home = add_household(
        session,
        group,
        head=head,
        house_number=str(number),
        birth_year=1975,
        personal_id=f"0100750{number:05d}",
        has_chip_card=True,
    )
    ids = [session.scalar(select(Resident.id).where(Resident.full_name == head))]
    for index in range(1, people):
        ids.append(
            add_resident(
                session,
                home,
                f"Lê Thị {key.capitalize()} {chr(ord('A') + index)}",
                relation="Vợ" if index == 1 else "Con",
                birth_year=1990 + index,
                personal_id=f"01019{index}{number:03d}{index:03d}",
                has_chip_card=True,
            )
        )
    log.households[key] = home
    log.residents[key] = ids


def enter_two_nights(session: Session) -> Log:
    """Teams 1 and 3 go out on both nights, team 2 only on the first; approvals on the
    second night credit team 1, team 2 (which stays in) and "Khác" (the station)."""
    log = Log()
    ward = make_ward(session)
    first, second = make_group(session, ward, "Tổ 1"), make_group(session, ward, "Tổ 2")
    for number, (key, group, people) in enumerate(
        [("an", first, 3), ("binh", first, 2), ("cuong", first, 2), ("dung", second, 4),
         ("giang", second, 2), ("hai", second, 1)],
        start=1,
    ):  # fmt: skip
        _household(session, log, group, key, number, people)
    log.campaign_id = make_campaign(
        session,
        targets=tuple(TargetInput(service, n) for service, n in TARGETS.items())
        + (TargetInput("app_114", 12, group_id=first.id),),
    )
    for number, officer in ((1, "Trần Văn Hùng"), (2, "Đỗ Minh Đức"), (3, "Phạm Quang Huy")):
        log.teams[f"Tổ công tác {number}"] = make_team(
            session, log.campaign_id, f"Tổ công tác {number}", (officer,)
        )
    r, h = log.residents, log.households

    def visit(night, team, key, outcome, lines):
        enter_visit(session, log.teams[team], night, h[key], r[key], outcome, lines)
        log.visits.append((night, team, list(lines)))

    # First night.
    visit(FIRST_NIGHT, "Tổ công tác 1", "an", "met", [
        (True, ("vneid_installed", "level2_collected", "app_114")),
        (True, ("app_114",)),
        (False, ()),
    ])  # fmt: skip
    visit(FIRST_NIGHT, "Tổ công tác 1", "binh", "not_home", [(False, ()), (False, ())])
    visit(FIRST_NIGHT, "Tổ công tác 2", "dung", "met", [
        (True, ("level2_collected",)), (True, ("level2_collected", "documents")),
        (True, ()), (False, ()),
    ])  # fmt: skip
    visit(FIRST_NIGHT, "Tổ công tác 3", "giang", "met", [(True, ("level2_collected",)), (True, ())])
    # Second night: teams 1 and 3 both knock at Bình's (counted twice); team 2 stays in,
    # but the approvals credit it with the applications it collected the night before.
    visit(SECOND_NIGHT, "Tổ công tác 1", "cuong", "met", [(True, ("app_114",)), (False, ())])
    visit(SECOND_NIGHT, "Tổ công tác 1", "binh", "met", [(True, ("level2_collected",)), (True, ())])
    visit(SECOND_NIGHT, "Tổ công tác 3", "binh", "refused", [(True, ()), (False, ())])
    activate(session, log, SECOND_NIGHT, [
        ("an", 0, "Tổ công tác 1"),
        ("dung", 0, "Tổ công tác 2"),
        ("dung", 1, "Tổ công tác 2"),
        ("hai", 0, None),  # applied at the station: no team collected it
    ])  # fmt: skip
    return log


def activate(
    session: Session, log: Log, night: date, who: list[tuple[str, int, str | None]]
) -> None:
    """Mark residents (household key, index, team that collected) activated on a night."""
    approvals.mark_activated(session, [log.residents[key][i] for key, i, _ in who], night, TODAY)
    log.activations += [(night, team) for _, _, team in who]


def expected_counts(log: Log, nights: set[date]) -> dict[str, dict[str, int]]:
    """{team name ("Khác" for none): the eight counts} over the nights, from the log only."""
    return counts_from_log(
        log.visits, [(night, team or "Khác") for night, team in log.activations], nights
    )


@contextmanager
def two_nights_database(folder: Path, template: Path) -> Iterator[tuple[Database, Log]]:
    """A database holding the two nights, for a module of tests that only read it."""
    path = folder / "denkhuya.sqlite3"
    shutil.copy(template, path)
    database = open_database(f"sqlite:///{path}")
    try:
        with database.session() as session:
            log = enter_two_nights(session)
        yield database, log
    finally:
        database.close()
