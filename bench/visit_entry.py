"""Typing a night's walk sheets into the visit-entry dialog, key by key (issue #12).

    python bench/visit_entry.py [--households 2500] [--seed 1] [--doors 100]
                                [--runs paced,back-to-back] [--key-interval 0.333]

A demo ward (built once, cached under bench/.cache/) gets a night of 4 teams' shifts on
its "today"; of the doors, 70 % everyone served, 15 % not at home, 10 % one resident
who refuses (the others served), 5 % knocked on off the route. The walk sheets are then
typed in the way the desk types them: the main window opens the dialog (its menu
action, through pytest-qt), and each key is sent to the widget that has the focus at
that moment, nowhere else; the household picker of a door off the route gets the keys
that follow Ctrl+N, as its exec() would. Each run starts from a fresh copy of the
database, and the database is then checked against what was typed: every door's
outcome, every resident's line, every service recorded.

Two runs: "paced" waits `--key-interval` (a person's 3 keys a second) between keys,
with the event loop running; "back-to-back" sends every key at once after the one
before, without ever running the event loop between them (typing ahead while the
program is busy). Printed for each run: keys per household by case, total keys, the
program's latency per key (the time the key took to be handled, plus, when paced, the
events it left behind) and per household, Ctrl+Enter's, and the time 100 households
take a person at 3 keys a second plus 3 s of reading per household.

The bench runs itself under pytest (for pytest-qt's qtbot); it is not a test.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XDG_DATA_HOME", tempfile.mkdtemp(prefix="denkhuya-bench-data-"))

TODAY = date(2026, 11, 30)
TYPED_AT = datetime(2026, 11, 30, 22, 30)  # the desk types the night in after 22:00
TEAMS = 4
SERVED, NOT_HOME, REFUSAL, OFF_ROUTE = "everyone served", "not at home", "one refusal", "off route"
CASES = ((SERVED, 70), (NOT_HOME, 15), (REFUSAL, 10), (OFF_ROUTE, 5))
TARGETS = {SERVED: 4.0, NOT_HOME: 3.0}
PERSON_KEYS_PER_SECOND = 3.0
READING_SECONDS = 3.0
TARGET_MINUTES_PER_100 = 10.0


@dataclass
class Door:
    """A door of the night as the walk sheet and the team's ticks say."""

    team_id: int
    household_id: int
    code: str
    case: str
    listed: list[tuple[int, tuple[str, ...]]]  # (resident, services owed) on the sheet
    residents: list[int]  # everyone in the household
    refuser: int | None = None  # the row (among the listed) of the one who refuses
    keys: int = 0
    latency_ms: float = 0.0


@dataclass
class RunResult:
    mode: str
    doors: list[Door]
    key_ms: list[float] = field(default_factory=list)
    slowest: tuple[float, str] = (0.0, "")  # the slowest key: ms, which key at which door
    save_ms: list[float] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    wall_s: float = 0.0


# --- The database ---------------------------------------------------------------------


def demo_database(households: int, seed: int) -> Path:
    """A cached demo ward of that size (its campaign's nights end the day before TODAY)."""
    cache = ROOT / "bench" / ".cache"
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"visit-entry-{households}-seed{seed}.sqlite3"
    if not path.exists():
        print(f"Tạo phường mẫu {households} hộ (một lần)…", file=sys.stderr)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "desktop",
                "--db",
                f"sqlite:///{path}",
                "demo",
                "--households",
                str(households),
                "--seed",
                str(seed),
                "--today",
                TODAY.isoformat(),
            ],
            check=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
    return path


def prepare_night(database, doors: int, seed: int) -> list[list[Door]]:
    """Four teams' shifts on TODAY over households nobody has visited yet, each door
    given its case; returns the doors of each team in the order the sheet lists them
    (a door off the route where the team knocked on it, not at the end)."""
    from sqlalchemy import select

    from desktop.db.models import Household, Resident, Visit
    from desktop.services import campaigns, shifts, teams
    from desktop.services.owed import residents_owed

    rng = random.Random(f"visit-entry-bench:{seed}")
    cases = [case for case, share in CASES for _ in range(round(doors * share / 100))]
    rng.shuffle(cases)
    with database.session() as session:
        campaign = campaigns.current_campaign(session)
        team_ids = [t.id for t in teams.list_teams(session, campaign.id, TODAY, True)][:TEAMS]
        visited = set(session.scalars(select(Visit.household_id)))
        owed: dict[int, list[tuple[int, tuple[str, ...]]]] = defaultdict(list)
        for row, services in residents_owed(
            session,
            Household.id.is_not(None),
            campaign.services,
            TODAY,
            columns=(),
            order_by=(Household.address_sort_key, Resident.position, Resident.id),
        ):
            if row.household_id not in visited:
                owed[row.household_id].append((row.id, services))
        households = list(owed)
        people = defaultdict(list)
        for resident_id, household_id in session.execute(
            select(Resident.id, Resident.household_id)
            .where(Resident.household_id.in_(households[: doors * 3]))
            .order_by(Resident.position, Resident.id)
        ):
            people[household_id].append(resident_id)
        codes = dict(
            session.execute(
                select(Household.id, Household.code).where(Household.id.in_(households))
            ).all()
        )
        # Who refuses needs someone else to serve: those doors have two on the sheet.
        pool = iter(households[: doors * 3])
        sheets: list[list[Door]] = [[] for _ in team_ids]
        for number, case in enumerate(cases):
            household = next(pool)
            while case == REFUSAL and len(owed[household]) < 2:
                household = next(pool)
            team = number % len(team_ids)
            door = Door(
                team_ids[team],
                household,
                codes[household],
                case,
                owed[household],
                people[household],
                refuser=rng.randrange(len(owed[household])) if case == REFUSAL else None,
            )
            sheets[team].append(door)
        for team, sheet in enumerate(sheets):
            off = [door for door in sheet if door.case == OFF_ROUTE]
            route = [door for door in sheet if door.case != OFF_ROUTE]
            for door in off:  # knocked on somewhere along the walk, never after the last
                route.insert(rng.randrange(1, len(route)), door)
            sheets[team] = route
            shifts.create_shift(
                session,
                shifts.ShiftInput(
                    team_id=team_ids[team],
                    day=TODAY,
                    household_ids=tuple(d.household_id for d in route if d.case != OFF_ROUTE),
                ),
            )
    return sheets


# --- Typing ---------------------------------------------------------------------------


Key = tuple[object, object]  # (Qt key or a character, modifiers)


def door_keys(door: Door) -> list[Key]:
    """What the desk types for a door, reading its line of the walk sheet."""
    from PySide6.QtCore import Qt

    ctrl_enter = (Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    plain = Qt.KeyboardModifier.NoModifier
    if door.case == NOT_HOME:
        return [(Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier), ctrl_enter]
    keys: list[Key] = []
    if door.case == OFF_ROUTE:
        keys.append((Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier))
        keys += [(char, plain) for char in door.code]
        keys += [(Qt.Key.Key_Return, plain), (Qt.Key.Key_Return, plain)]
    keys.append((Qt.Key.Key_Asterisk, Qt.KeyboardModifier.ShiftModifier))
    if door.case == REFUSAL:
        assert door.refuser is not None
        keys += [(Qt.Key.Key_Down, plain)] * door.refuser
        keys.append((Qt.Key.Key_T, plain))
    keys.append(ctrl_enter)
    return keys


class Typist:
    """Sends keys one at a time to the focused widget, timing how long each takes."""

    def __init__(self, qtbot, paced: bool, interval: float, result: RunResult) -> None:
        self.qtbot = qtbot
        self.paced = paced
        self.interval = interval
        self.result = result
        self.queue: list[Key] = []
        self.door: Door | None = None
        self.nested_s = 0.0  # time spent in keys sent while a key was being handled

    def type_door(self, door: Door) -> None:
        self.door = door
        self.queue = door_keys(door)
        while self.queue:
            self.press(*self.queue.pop(0))

    def press(self, key: object, modifiers: object) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QApplication

        target = QApplication.focusWidget()
        if target is None:
            self.result.problems.append(f"không có ô nào nhận phím {key!r}")
            return
        started, nested = time.perf_counter(), self.nested_s
        self.qtbot.keyClick(target, key, modifiers)
        if self.paced:
            QApplication.processEvents()
        elapsed = time.perf_counter() - started
        # Ctrl+N's own time, without the keys typed into the picker it opened.
        spent = (elapsed - (self.nested_s - nested)) * 1000
        self.result.key_ms.append(spent)
        if key == Qt.Key.Key_Return and modifiers == Qt.KeyboardModifier.ControlModifier:
            self.result.save_ms.append(spent)
        assert self.door is not None
        if spent > self.result.slowest[0]:
            self.result.slowest = (spent, f"{key!r} {modifiers!r} at {self.door.code}")
        self.door.keys += 1
        self.door.latency_ms += spent
        if self.paced:
            self.qtbot.wait(max(0, round(self.interval * 1000 - spent)))
        self.nested_s = nested + (time.perf_counter() - started)

    def exec_picker(self, picker) -> int:
        """Stands in for the household picker's exec(): shows it, and the keys typed
        next go to it until it closes; then the dialog under it is active again."""
        from PySide6.QtWidgets import QApplication

        parent = picker.parentWidget()
        picker.show()
        picker.activateWindow()
        QApplication.processEvents()  # exec()'s own loop, before the keys waiting
        while picker.isVisible() and self.queue:
            self.press(*self.queue.pop(0))
        picker.close()
        parent.activateWindow()
        QApplication.processEvents()
        return picker.result()


def run(qtbot, database_path: Path, sheets: list[list[Door]], mode: str, interval: float):
    """Open the dialog as the main window does and type every sheet in."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    from desktop.services.database import open_database
    from desktop.ui.main_window import MainWindow
    from desktop.ui.widgets.task_runner import TaskRunner

    result = RunResult(mode, [door for sheet in sheets for door in sheet])
    typist = Typist(qtbot, mode == "paced", interval, result)
    database = open_database(f"sqlite:///{database_path}")
    asked: list[str] = []
    originals = {name: getattr(QMessageBox, name) for name in ("question", "warning")}
    QMessageBox.question = lambda parent, title, text, *rest: (  # type: ignore[method-assign]
        asked.append(text) or QMessageBox.StandardButton.No
    )
    QMessageBox.warning = lambda parent, title, text, *rest: asked.append(text)  # type: ignore[method-assign]
    window = MainWindow(database, today=lambda: TODAY, runner=TaskRunner(synchronous=True))
    window.campaign_gateway.now = lambda: TYPED_AT
    shown: list[str] = []

    def exec_entry(dialog) -> int:
        dialog.exec_dialog = typist.exec_picker
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        started = time.perf_counter()
        for door in result.doors:
            typist.type_door(door)
            if dialog.error_label.isVisible() and dialog.error_label.text():
                shown.append(dialog.error_label.text())
        result.wall_s = time.perf_counter() - started
        dialog.discard_changes()
        dialog.close()
        return dialog.result()

    window.campaign.exec_dialog = exec_entry
    try:
        window.show()
        qtbot.waitExposed(window)
        window.commands.enter_visits.trigger()  # Chiến dịch → Nhập kết quả đêm
    finally:
        for name, original in originals.items():
            setattr(QMessageBox, name, original)
    result.problems += [f"hộp thoại hiện ra: {text}" for text in asked]
    result.problems += [f"dòng báo lỗi: {text}" for text in shown]
    result.problems += check_database(database, sheets)
    window.close()
    window.deleteLater()
    QApplication.processEvents()
    database.close()
    return result


# --- Checking -------------------------------------------------------------------------


def check_database(database, sheets: list[list[Door]]) -> list[str]:
    """Every door as typed: outcome, each resident's line, the services recorded."""
    from sqlalchemy import select

    from desktop.db.models import ServiceRecord, Shift, ShiftStop, Visit, VisitResident

    problems = []
    with database.session() as session:
        tonight = select(Shift.id).where(Shift.day == TODAY)
        visits = {
            visit.household_id: visit
            for visit in session.scalars(select(Visit).where(Visit.shift_id.in_(tonight)))
        }
        lines = defaultdict(dict)
        for visit_id, resident_id, met, reason in session.execute(
            select(
                VisitResident.visit_id,
                VisitResident.resident_id,
                VisitResident.met,
                VisitResident.reason_not,
            )
        ):
            lines[visit_id][resident_id] = (met, reason)
        services = defaultdict(set)
        for visit_id, resident_id, service in session.execute(
            select(ServiceRecord.visit_id, ServiceRecord.resident_id, ServiceRecord.service)
        ):
            services[visit_id].add((resident_id, service))
        stops = set(session.execute(select(ShiftStop.shift_id, ShiftStop.household_id)).all())
        shift_of = dict(
            session.execute(select(Shift.team_id, Shift.id).where(Shift.day == TODAY)).all()
        )
        doors = [door for sheet in sheets for door in sheet]
        if len(visits) != len(doors):
            problems.append(f"{len(visits)} lượt đến hộ trong cơ sở dữ liệu, đã gõ {len(doors)}")
        for door in doors:
            visit = visits.get(door.household_id)
            if visit is None:
                problems.append(f"{door.code} ({door.case}): không có lượt nào")
                continue
            if visit.shift_id != shift_of[door.team_id]:
                problems.append(f"{door.code}: ghi vào ca khác")
            if (visit.shift_id, door.household_id) not in stops:
                problems.append(f"{door.code}: không có trong lộ trình của ca")
            want_outcome, want_lines, want_services = expected(door)
            if visit.outcome != want_outcome:
                problems.append(f"{door.code} ({door.case}): kết quả {visit.outcome}")
            if lines[visit.id] != want_lines:
                problems.append(f"{door.code} ({door.case}): dòng nhân khẩu {lines[visit.id]}")
            if services[visit.id] != want_services:
                problems.append(
                    f"{door.code} ({door.case}): việc đã ghi {sorted(services[visit.id])}, "
                    f"đã gõ {sorted(want_services)}"
                )
    return problems


def expected(door: Door) -> tuple[str, dict, set]:
    """(outcome, {resident: (met, reason)}, {(resident, service)}) as typed."""
    if door.case == NOT_HOME:
        return "not_home", {r: (False, "not_home") for r in door.residents}, set()
    lines, services = {}, set()
    for row, (resident, owed) in enumerate(door.listed):
        if row == door.refuser:
            lines[resident] = (True, "refused")
            continue
        lines[resident] = (True, None)
        services |= {(resident, service) for service in owed}
    return "met", lines, services


# --- Figures --------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(result: RunResult) -> bool:
    """Print a run's figures; True when the database equals what was typed and the
    key targets are met."""
    by_case: dict[str, list[Door]] = defaultdict(list)
    for door in result.doors:
        by_case[door.case].append(door)
    print(f"\n== {result.mode}: {len(result.doors)} hộ, {len(result.key_ms)} phím ==")
    print(f"{'trường hợp':<16} {'hộ':>4} {'phím TB':>8} {'min–max':>8} {'mục tiêu':>9}")
    ok = True
    for case, _share in CASES:
        doors = by_case.get(case, [])
        if not doors:
            continue
        keys = [door.keys for door in doors]
        mean = statistics.mean(keys)
        target = TARGETS.get(case)
        met = target is None or mean <= target
        ok &= met
        goal = f"≤ {target:g} {'✓' if met else '✗'}" if target else ""
        print(f"{case:<16} {len(doors):>4} {mean:>8.2f} {min(keys):>3}–{max(keys):<4} {goal:>9}")
    total_keys = sum(door.keys for door in result.doors)
    print(f"tổng số phím: {total_keys} ({total_keys / len(result.doors):.2f} mỗi hộ)")
    key_ms, door_ms = result.key_ms, [door.latency_ms for door in result.doors]
    print(
        f"độ trễ mỗi phím: trung vị {statistics.median(key_ms):.1f} ms, "
        f"p95 {percentile(key_ms, 0.95):.1f} ms, lớn nhất {max(key_ms):.1f} ms "
        f"({result.slowest[1]})"
    )
    print(
        f"Ctrl+Enter (lưu và sang hộ sau): trung vị {statistics.median(result.save_ms):.1f} ms, "
        f"lớn nhất {max(result.save_ms):.1f} ms"
    )
    print(
        f"độ trễ mỗi hộ (tổng các phím): trung vị {statistics.median(door_ms):.1f} ms, "
        f"p95 {percentile(door_ms, 0.95):.1f} ms, lớn nhất {max(door_ms):.1f} ms"
    )
    per_key = 1 / PERSON_KEYS_PER_SECOND
    person = sum(max(per_key, ms / 1000) for ms in key_ms) + READING_SECONDS * len(result.doors)
    per_100 = person / len(result.doors) * 100 / 60
    fits = per_100 <= TARGET_MINUTES_PER_100
    ok &= fits
    print(
        f"người gõ 3 phím/giây + đọc 3 giây/hộ: {person / 60:.1f} phút cho {len(result.doors)} "
        f"hộ = {per_100:.1f} phút / 100 hộ (mục tiêu ≤ {TARGET_MINUTES_PER_100:g}) "
        f"{'✓' if fits else '✗'}"
    )
    print(f"thời gian chạy: {result.wall_s:.1f} s")
    if result.problems:
        ok = False
        print(f"CƠ SỞ DỮ LIỆU KHÁC ĐIỀU ĐÃ GÕ ({len(result.problems)}):")
        for problem in result.problems[:20]:
            print(f"  - {problem}")
    else:
        print("cơ sở dữ liệu khớp đúng điều đã gõ: mọi hộ, mọi nhân khẩu, mọi việc ✓")
    return ok


# --- Under pytest ---------------------------------------------------------------------


class _Options:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.ok = True

    def pytest_configure(self, config) -> None:  # noqa: ANN001
        config.bench = self  # type: ignore[attr-defined]


def test_typing_the_night(qtbot, pytestconfig) -> None:  # noqa: ANN001
    """The bench itself (run by main(), not by the test suite)."""
    from desktop.app import make_application
    from desktop.services.database import open_database

    bench = pytestconfig.bench
    args = bench.args
    make_application()
    template = demo_database(args.households, args.seed)
    for mode in args.runs.split(","):
        with tempfile.TemporaryDirectory(prefix="denkhuya-bench-") as folder:
            path = Path(folder) / "night.sqlite3"
            shutil.copy(template, path)
            database = open_database(f"sqlite:///{path}")
            sheets = prepare_night(database, args.doors, args.seed)
            database.close()
            result = run(qtbot, path, sheets, mode, args.key_interval)
            bench.ok &= report(result)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=2500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--doors", type=int, default=100)
    parser.add_argument("--runs", default="paced,back-to-back")
    parser.add_argument("--key-interval", type=float, default=1 / PERSON_KEYS_PER_SECOND)
    options = _Options(parser.parse_args())
    import pytest

    code = pytest.main(
        [
            __file__,
            "-q",
            "-s",
            "-p",
            "no:cacheprovider",
            "-o",
            "addopts=",
            "-o",
            "filterwarnings=",
            "-o",
            "qt_log_level_fail=NO",
        ],
        plugins=[options],
    )
    return int(code) or (0 if options.ok else 1)


if __name__ == "__main__":
    sys.exit(main())
