"""Several desks typing in walk sheets at once on one PostgreSQL database (issue 15, 8).

    python bench/desks.py [URL] [--seconds 120] [--desks 4] [--households 10000]
                          [--database desks_bench] [--seed 1] [--contested-every 1.0]
                          [--no-vacuum] [--json FILE]

URL is a PostgreSQL server (default: the team's shared one); its own database is only
used to create `--database` afresh (the user needs CREATEDB). The demo ward is loaded
into it by `denkhuya demo` (its campaign's nights end the day before TODAY), and every
team gets a shift on each later night of the campaign over households nobody has
visited yet, in address order; the (team, night) shifts are dealt out to the desks.
Then the database is vacuumed, as autovacuum would a minute later (--no-vacuum: start
at once, as a desk would right after the demo or a big import).

Each desk is an OS process doing what the visit-entry dialog does through its
gateway, one transaction each: open the household (open_visit), check, save
(save_visit), then read the walk sheet again (shift_detail); a door knocked on off the
route first joins the sheet (append_stop). Of its doors, 70 % everyone served, 15 % not
at home, 10 % one resident who refuses, 5 % off the route. Besides, every
`--contested-every` seconds, one household is typed in by two desks at once (the same
walk-sheet line opened on both before either saves): one saves it, the other must get
a Vietnamese sentence, counted as an expected refusal. Every second such door is an
edit instead: its owner enters it, then both desks open the visit and change it at once
(Alt+V at one, a note at the other); one change is saved, the other refused.

Afterwards the database is checked against what the desks say they saved: one visit
per door saved, each resident's line (met, services, reason), the notes and each
service record as entered, an audit entry per save, the audit chain intact; and no
desk may have seen an unexpected error (a traceback, or a refusal of a door nobody
else typed). Printed: doors, saves (visits entered or changed) and saves per second
per desk and in total, latency (median, p95) of a save and of a whole door (open,
check, save, the sheet read again), the expected refusals and their sentences. Exit 1
when a check fails.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("XDG_DATA_HOME", tempfile.mkdtemp(prefix="denkhuya-bench-data-"))

DEFAULT_URL = "postgresql+psycopg://denkhuya:secret@127.0.0.1:55432/denkhuya"
TODAY = date(2026, 11, 30)  # the demo's today: its nights end the day before
SERVED, NOT_HOME, REFUSAL, OFF_ROUTE = "served", "not_home", "refusal", "off_route"
EDITED = "edited"  # a contested door's change: Alt+V (its owner), a note (the other desk)
CASES = ((SERVED, 70), (NOT_HOME, 15), (REFUSAL, 10), (OFF_ROUTE, 5))


@dataclass
class Door:
    shift_id: int
    household_id: int
    case: str
    contested_with: int | None = None  # the other desk typing the same line
    edit: bool = False  # contested: both desks change a visit entered before


@dataclass
class DeskResult:
    desk: int
    doors: int = 0
    saved: list[dict] = field(default_factory=list)  # what each saved visit holds
    save_ms: list[float] = field(default_factory=list)
    door_ms: list[float] = field(default_factory=list)
    expected: list[dict] = field(default_factory=list)  # refusals of contested doors
    unexpected: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # the desk process's own CPU time while typing
    ran_out: bool = False


# --- The database ---------------------------------------------------------------------


def fresh_database(url: str, name: str) -> str:
    """Create `name` afresh on the server of `url`; return its URL."""
    from sqlalchemy import create_engine, make_url, text

    server = make_url(url)
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return server.set(database=name).render_as_string(hide_password=False)


def vacuum(url: str) -> None:
    """What autovacuum does within a minute or two of the demo's bulk writes: without
    it, each audited save first reads the demo's ~60,000 sealed (dead) entries of the
    unsealed-entries index (the entries are written, then sealed by an UPDATE)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("VACUUM (ANALYZE)"))
    engine.dispose()


def load_demo(url: str, households: int, seed: int) -> float:
    started = time.perf_counter()
    demo = subprocess.run(
        [sys.executable, "-m", "desktop", "--db", url, "demo"]
        + ["--households", str(households), "--seed", str(seed), "--today", TODAY.isoformat()],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
    )
    if demo.returncode != 0:
        sys.exit(f"demo failed:\n{demo.stderr}")
    return time.perf_counter() - started


def prepare_shifts(url: str, desks: int, seed: int) -> tuple[list[list[Door]], date, int]:
    """One shift per team on each night from TODAY to the campaign's end, over the
    households not visited yet (address order, a walk in one piece); the shifts dealt
    out to the desks in turn. Returns each desk's doors, the day the desks type on (the
    campaign's last) and the number of shifts."""
    from sqlalchemy import select

    from desktop.db.models import Household, Resident, Visit
    from desktop.services import campaigns, shifts, teams
    from desktop.services.database import open_database
    from desktop.services.owed import residents_owed

    rng = random.Random(f"desks-bench:{seed}")
    database = open_database(url)
    with database.session() as session:
        campaign = campaigns.current_campaign(session)
        assert campaign is not None, "the demo made no campaign"
        nights = [TODAY + timedelta(days=n) for n in range((campaign.ends_on - TODAY).days + 1)]
        team_ids = [t.id for t in teams.list_teams(session, campaign.id, TODAY, True)]
        visited = set(session.scalars(select(Visit.household_id)))
        owed = residents_owed(
            session,
            Household.id.is_not(None),
            campaign.services,
            TODAY,
            columns=(),
            order_by=(Household.address_sort_key, Resident.position, Resident.id),
        )
        households = list(
            dict.fromkeys(row.household_id for row, _ in owed if row.household_id not in visited)
        )
    pairs = [(team, night) for night in nights for team in team_ids]
    per_shift = max(1, len(households) // len(pairs))
    cases = [case for case, share in CASES for _ in range(share)]
    doors: list[list[Door]] = [[] for _ in range(desks)]
    with database.session() as session:
        for number, (team, night) in enumerate(pairs):
            chunk = households[number * per_shift : (number + 1) * per_shift]
            if not chunk:
                break
            walk = [(household, rng.choice(cases)) for household in chunk]
            shift_id = shifts.create_shift(
                session,
                shifts.ShiftInput(
                    team_id=team,
                    day=night,
                    household_ids=tuple(h for h, case in walk if case != OFF_ROUTE),
                ),
            )
            doors[number % desks] += [Door(shift_id, h, case) for h, case in walk]
    database.close()
    return doors, nights[-1], len(pairs)


def contest(doors: list[list[Door]], seconds: float, every: float) -> list[tuple[float, Door]]:
    """The doors two desks type at once: at each moment, a door taken from the END of
    one desk's share (so that its owner will not reach it by itself), typed by that desk
    and the next one. Returns (moment, door), with each door's two desks."""
    moments: list[tuple[float, Door]] = []
    desks = len(doors)
    if desks < 2:
        return moments
    for number in range(int(max(0.0, seconds - 5) / every)):
        owner = number % desks
        door = doors[owner].pop()
        door.case = SERVED if door.case == OFF_ROUTE else door.case  # on the sheet
        door.edit = number % 2 == 1
        moments.append((number * every + every / 2, Door(**asdict(door))))
    return moments


# --- A desk ---------------------------------------------------------------------------


def desk_main(
    desk: int,
    url: str,
    doors: list[Door],
    contested: list[tuple[float, Door, int, int]],
    barriers: list,
    typing_day: str,
    seconds: float,
    ready,
    go,
    out: str,
) -> None:
    """One desk: the dialog's transactions, door after door, for `seconds`."""
    from desktop.services.database import open_database
    from desktop.ui.campaign.gateway import CampaignGateway

    day = date.fromisoformat(typing_day)
    database = open_database(url)
    gateway = CampaignGateway(
        database, today=lambda: day, now=lambda: datetime.combine(day, clock(23, 30))
    )
    rng = random.Random(f"desk:{desk}")
    result = DeskResult(desk)
    ready.wait()
    go.wait()
    started, cpu = time.perf_counter(), time.process_time()
    pending = list(contested)
    queue = iter(doors)
    while (elapsed := time.perf_counter() - started) < seconds:
        if pending and pending[0][0] <= elapsed:
            _moment, door, other, pair = pending.pop(0)
            door.contested_with = other
            both_opened = barriers[pair]
            if door.edit:
                if other != pair:  # the owner enters it first, alone
                    first = Door(door.shift_id, door.household_id, door.case)
                    enter_door(gateway, first, rng, result)
                    door.case = EDITED
                both_opened.wait(timeout=60)  # entered: now both open it
        else:
            door, both_opened = next(queue, None), None
            if door is None:
                result.ran_out = True
                break
        enter_door(gateway, door, rng, result, both_opened, desk)
    result.seconds = time.perf_counter() - started
    result.cpu_seconds = time.process_time() - cpu
    database.close()
    Path(out).write_text(json.dumps(asdict(result), ensure_ascii=False))


def enter_door(
    gateway, door: Door, rng: random.Random, result: DeskResult, both_opened=None, desk=0
) -> None:
    """Type one door in as the dialog does; sort out what refused it. A contested door
    waits, once opened and checked, for the other desk to have it open too."""
    from desktop.domain.errors import UserError
    from desktop.services.machine import machine_refusal

    result.doors += 1
    started = time.perf_counter()
    try:
        if door.case == OFF_ROUTE:  # Ctrl+N: the picker puts the door on the sheet
            gateway.append_stop(door.shift_id, door.household_id)
        sheet = gateway.open_visit(door.shift_id, door.household_id)
        data = edited_input(sheet, desk, door) if door.edit else visit_input(sheet, door.case, rng)
        gateway.check_visit(data, sheet.version)  # its warnings: the desk says yes
        if both_opened is not None:
            both_opened.wait(timeout=60)
        saving = time.perf_counter()
        saved = gateway.save_visit(data, sheet.version)
        result.save_ms.append((time.perf_counter() - saving) * 1000)
        gateway.shift_detail(door.shift_id)  # the dialog shows the sheet again
    except Exception as error:  # what the dialog or the window would show
        refusal = error if isinstance(error, UserError) else machine_refusal(error)
        record = {
            "household": door.household_id,
            "shift": door.shift_id,
            "error": type(error).__name__,
            "sentence": str(refusal) if refusal is not None else None,
        }
        if refusal is None:
            record["traceback"] = traceback.format_exc()
            result.unexpected.append(record)
        elif door.contested_with is not None:
            result.expected.append(record)
        else:
            result.unexpected.append(record)  # a refusal of a door nobody else typed
        return
    if door.contested_with is None:  # a contested door waited for the other desk
        result.door_ms.append((time.perf_counter() - started) * 1000)
    result.saved.append(
        {
            "visit": saved.visit_id,
            "shift": door.shift_id,
            "household": door.household_id,
            "outcome": data.outcome,
            "notes": data.notes or None,
            "lines": {
                str(line.resident_id): [line.met, list(line.services), line.reason_not]
                for line in data.residents
            },
            "services_added": saved.services_added,
            "contested": door.contested_with is not None,
            "edit": door.edit,
        }
    )


def edited_input(sheet, desk: int, door: Door):
    """A change to the visit entered before: its owner (the desk whose shift it is)
    makes it "not at home", the other desk keeps every line and adds a note."""
    from desktop.domain.campaign import NOT_HOME
    from desktop.services.visits import ResidentVisitInput, VisitInput

    lines = tuple(
        ResidentVisitInput(
            r.id, r.met, tuple(s for s in sheet.services if s in r.services_here), r.reason_not
        )
        for r in sheet.residents
        if r.met is not None
    )
    if door.case == EDITED:
        return VisitInput(sheet.shift_id, sheet.household_id, NOT_HOME)
    return VisitInput(
        sheet.shift_id, sheet.household_id, sheet.outcome, lines, notes=f"Sửa ở bàn {desk + 1}"
    )


def visit_input(sheet, case: str, rng: random.Random):
    """What the desk types for the door: `*` (every service owed ticked), Alt+V, or `*`
    and one resident's T (refused)."""
    from desktop.domain.campaign import (
        LEVEL2_COLLECTED,
        MET,
        NOT_HOME,
        RESIDENT_REFUSED,
    )
    from desktop.services.visits import ResidentVisitInput, VisitInput

    if case == NOT_HOME:
        return VisitInput(sheet.shift_id, sheet.household_id, NOT_HOME)
    listed = [r for r in sheet.residents if r.owed]
    refuser = rng.choice(listed).id if case == REFUSAL and len(listed) > 1 else None
    lines = []
    for resident in listed:
        if resident.id == refuser:
            lines.append(ResidentVisitInput(resident.id, True, (), RESIDENT_REFUSED))
            continue
        done = {d.service for d in resident.done}
        services = tuple(
            s
            for s in sheet.services
            if s in resident.owed
            and s not in done
            and (s != LEVEL2_COLLECTED or resident.level2_allowed)
        )
        lines.append(ResidentVisitInput(resident.id, True, services))
    return VisitInput(sheet.shift_id, sheet.household_id, MET, tuple(lines))


# --- Checking -------------------------------------------------------------------------


def check(url: str, results: list[DeskResult], shift_ids: set[int]) -> list[str]:
    """The database against what the desks say they saved."""
    from sqlalchemy import func, select

    from desktop.db.models import AuditEntry, ServiceRecord, Visit, VisitResident
    from desktop.services import audit
    from desktop.services.database import open_database

    problems = []
    saved: dict[tuple[int, int], dict] = {}
    for entry in sorted((s for r in results for s in r.saved), key=lambda s: s["edit"]):
        saved[entry["shift"], entry["household"]] = entry  # a change after the entry
    edits = sum(s["edit"] for r in results for s in r.saved)
    reported = sum(len(r.saved) for r in results) - edits
    if len(saved) != reported:
        problems.append(f"{reported - len(saved)} hộ được hai bàn cùng báo đã nhập")
    database = open_database(url)
    with database.session() as session:
        visits = {
            (v.shift_id, v.household_id): v
            for v in session.scalars(select(Visit).where(Visit.shift_id.in_(shift_ids)))
        }
        if len(visits) != reported:
            problems.append(f"{len(visits)} lượt trong cơ sở dữ liệu, các bàn báo {reported}")
        lines: dict[int, dict[str, list]] = defaultdict(dict)
        for line in session.scalars(
            select(VisitResident).where(VisitResident.visit_id.in_([v.id for v in visits.values()]))
        ):
            lines[line.visit_id][str(line.resident_id)] = [line.met, [], line.reason_not]
        records = Counter()
        for record in session.scalars(
            select(ServiceRecord).where(ServiceRecord.visit_id.in_([v.id for v in visits.values()]))
        ):
            records[record.visit_id] += 1
            lines[record.visit_id].setdefault(str(record.resident_id), [None, [], None])[1].append(
                record.service
            )
        for key, entry in saved.items():
            visit = visits.get(key)
            if visit is None or visit.id != entry["visit"]:
                problems.append(f"lượt của hộ {key[1]} (ca {key[0]}) đã báo lưu mà không có")
                continue
            if visit.notes != entry["notes"]:
                problems.append(f"hộ {key[1]}: ghi chú “{visit.notes}”, đã nhập “{entry['notes']}”")
            if visit.outcome != entry["outcome"]:
                problems.append(f"hộ {key[1]}: kết quả {visit.outcome}, đã nhập {entry['outcome']}")
            stored = {
                resident: [met, sorted(services), reason]
                for resident, (met, services, reason) in lines[visit.id].items()
            }
            typed = {
                resident: [met, sorted(services), reason]
                for resident, (met, services, reason) in entry["lines"].items()
            }
            if stored != typed:
                problems.append(f"hộ {key[1]}: từng người {stored}, đã nhập {typed}")
            typed_services = sum(len(services) for _met, services, _r in entry["lines"].values())
            if records[visit.id] != typed_services:
                problems.append(
                    f"hộ {key[1]}: {records[visit.id]} việc ghi sổ, đã nhập {typed_services}"
                )
            if not entry["edit"] and entry["services_added"] != typed_services:
                problems.append(f"hộ {key[1]}: báo thêm {entry['services_added']} việc")
        audited = session.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(
                AuditEntry.entity_type == "visit",
                AuditEntry.entity_key.in_([str(v.id) for v in visits.values()]),
            )
        )
        if audited != len(visits) + edits:
            problems.append(f"{audited} mục nhật ký cho {len(visits)} lượt và {edits} lần sửa")
        trail = audit.verify_trail(session)
        if not trail.intact:
            problems.append(trail.sentence())
    database.close()
    return problems


def contested_outcomes(results: list[DeskResult], moments) -> list[str]:
    """Each door typed by two desks at once: saved by one, refused to the other."""
    problems = []
    saved = Counter(
        (s["shift"], s["household"]) for r in results for s in r.saved if s["contested"]
    )
    refused = Counter((e["shift"], e["household"]) for r in results for e in r.expected)
    for _moment, door in moments:
        key = (door.shift_id, door.household_id)
        if (saved[key], refused[key]) != (1, 1):
            problems.append(
                f"hộ {door.household_id} nhập ở hai bàn cùng lúc: lưu {saved[key]} lần, "
                f"từ chối {refused[key]} lần (phải là 1 và 1)"
            )
    return problems


# --- Running --------------------------------------------------------------------------


def sample_waits(url: str, seconds: float, processes) -> Counter:
    """What the desks' server connections are doing, sampled every 0.1 s while they
    type: running or waiting for the desk (None), or waiting on a lock (which)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    seen: Counter = Counter()
    query = text(
        "SELECT state, wait_event_type, wait_event FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid() "
        "AND backend_type = 'client backend'"
    )
    ends = time.perf_counter() + seconds
    with engine.connect() as connection:
        while time.perf_counter() < ends and any(p.is_alive() for p in processes):
            for state, kind, event in connection.execute(query):
                if state == "idle in transaction" or kind == "Client":
                    seen["waiting for the desk (Python)"] += 1
                elif state == "idle":
                    seen["idle (between transactions)"] += 1
                elif kind is None:
                    seen["running (server CPU)"] += 1
                else:
                    seen[f"waiting: {kind} {event}"] += 1
            time.sleep(0.1)
    engine.dispose()
    return seen


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", nargs="?", default=DEFAULT_URL)
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--desks", type=int, default=4)
    parser.add_argument("--households", type=int, default=10000)
    parser.add_argument("--database", default="desks_bench")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--contested-every", type=float, default=1.0)
    parser.add_argument("--json", type=Path, help="write the figures here too")
    parser.add_argument(
        "--no-vacuum",
        action="store_true",
        help="start right after the demo, before autovacuum has passed over it",
    )
    args = parser.parse_args()

    url = fresh_database(args.url, args.database)
    print(f"Cơ sở dữ liệu {args.database}: phường mẫu {args.households} hộ…", file=sys.stderr)
    demo_s = load_demo(url, args.households, args.seed)
    doors, typing_day, shifts_made = prepare_shifts(url, args.desks, args.seed)
    moments = contest(doors, args.seconds, args.contested_every)
    if not args.no_vacuum:
        vacuum(url)
    print(
        f"demo {demo_s:.0f} s; {shifts_made} ca trực, "
        + ", ".join(f"bàn {d + 1}: {len(share)} hộ" for d, share in enumerate(doors)),
        file=sys.stderr,
    )
    contested: list[list[tuple[float, Door, int, int]]] = [[] for _ in range(args.desks)]
    for number, (moment, door) in enumerate(moments):
        owner = number % args.desks
        other = (owner + 1) % args.desks
        contested[owner].append((moment, door, other, owner))
        contested[other].append((moment, Door(**asdict(door)), owner, owner))

    spawn = multiprocessing.get_context("spawn")
    barriers = [spawn.Barrier(2) for _ in range(args.desks)]  # desk d and d + 1
    ready = spawn.Barrier(args.desks + 1)
    go = spawn.Event()
    scratch = Path(tempfile.mkdtemp(prefix="desks-bench-"))
    processes = [
        spawn.Process(
            target=desk_main,
            args=(
                desk,
                url,
                doors[desk],
                contested[desk],
                barriers,
                typing_day.isoformat(),
                args.seconds,
                ready,
                go,
                str(scratch / f"desk{desk}.json"),
            ),
        )
        for desk in range(args.desks)
    ]
    for process in processes:
        process.start()
    ready.wait(timeout=300)  # every desk has its database open
    go.set()
    waits = sample_waits(url, args.seconds, processes)
    for process in processes:
        process.join()
    results = []
    crashed = []
    for desk, process in enumerate(processes):
        path = scratch / f"desk{desk}.json"
        if process.exitcode != 0 or not path.exists():
            crashed.append(f"bàn {desk + 1} dừng với mã {process.exitcode}")
            continue
        data = json.loads(path.read_text())
        results.append(DeskResult(**data))

    shift_ids = {door.shift_id for share in doors for door in share}
    shift_ids |= {door.shift_id for _m, door in moments}
    problems = crashed + check(url, results, shift_ids) + contested_outcomes(results, moments)
    report(args, results, problems, waits)
    if args.json:
        data = {**figures(results, problems), "server_connections": dict(waits)}
        args.json.write_text(json.dumps(data, ensure_ascii=False, indent=1))
    return 1 if problems or any(r.unexpected for r in results) else 0


_HOUSEHOLD_CODE = re.compile(r"\b[A-Z]+-\d+\b")


def figures(results: list[DeskResult], problems: list[str]) -> dict:
    saves = [ms for r in results for ms in r.save_ms]
    doors = [ms for r in results for ms in r.door_ms]
    return {
        "desks": [
            {
                "desk": r.desk + 1,
                "doors": r.doors,
                "visits": len(r.saved),
                "visits_per_second": len(r.saved) / r.seconds,
                "save_ms_median": statistics.median(r.save_ms) if r.save_ms else None,
                "save_ms_p95": percentile(r.save_ms, 0.95),
                "door_ms_median": statistics.median(r.door_ms) if r.door_ms else None,
                "door_ms_p95": percentile(r.door_ms, 0.95),
                "expected_refusals": len(r.expected),
                "unexpected": len(r.unexpected),
                "ran_out": r.ran_out,
            }
            for r in results
        ],
        "visits": sum(len(r.saved) for r in results),
        "visits_per_second": sum(len(r.saved) / r.seconds for r in results),
        "save_ms_median": statistics.median(saves) if saves else None,
        "save_ms_p95": percentile(saves, 0.95),
        "door_ms_median": statistics.median(doors) if doors else None,
        "door_ms_p95": percentile(doors, 0.95),
        "expected_refusals": sum(len(r.expected) for r in results),
        "refusal_sentences": dict(
            Counter(
                f"{e['error']}: " + _HOUSEHOLD_CODE.sub("<mã hộ>", e["sentence"])
                for r in results
                for e in r.expected
            )
        ),
        "unexpected": [e for r in results for e in r.unexpected],
        "problems": problems,
    }


def report(args, results: list[DeskResult], problems: list[str], waits: Counter) -> None:
    data = figures(results, problems)
    print(f"{args.desks} desks, {args.seconds:.0f} s, PostgreSQL database {args.database}")
    print("Each save is a visit entered (or, at a door typed on two desks, changed).")
    print("desk  doors   saves   saves/s  save ms (median, p95)  door ms (median, p95)  refused")
    for d in data["desks"]:
        print(
            f"{d['desk']:>4}  {d['doors']:>5}  {d['visits']:>6}  {d['visits_per_second']:>8.1f}"
            f"  {d['save_ms_median']:>10.1f} {d['save_ms_p95']:>9.1f}"
            f"  {d['door_ms_median']:>10.1f} {d['door_ms_p95']:>9.1f}"
            f"  {d['expected_refusals']:>7}" + ("  (ran out of doors)" if d["ran_out"] else "")
        )
    print(
        f"total  {sum(d['doors'] for d in data['desks']):>5}  {data['visits']:>6}"
        f"  {data['visits_per_second']:>8.1f}  {data['save_ms_median']:>10.1f}"
        f" {data['save_ms_p95']:>9.1f}  {data['door_ms_median']:>10.1f}"
        f" {data['door_ms_p95']:>9.1f}  {data['expected_refusals']:>7}"
    )
    cpu = sum(r.cpu_seconds for r in results)
    wall = max((r.seconds for r in results), default=0.0)
    print(
        f"Desk processes' own CPU: {cpu:.0f} s in {wall:.0f} s ({os.cpu_count()} CPUs, "
        f"load average now {os.getloadavg()[0]:.1f})"
    )
    sampled = sum(waits.values())
    if sampled:
        print("The desks' server connections, sampled every 0.1 s:")
        for what, times in waits.most_common():
            print(f"  {100 * times / sampled:5.1f} %  {what}")
    print("Expected refusals (doors typed on two desks at once):")
    for sentence, count in sorted(data["refusal_sentences"].items(), key=lambda kv: -kv[1]):
        print(f"  {count:>4} × {sentence}")
    print(f"Unexpected errors: {len(data['unexpected'])}")
    for error in data["unexpected"][:5]:
        print(
            f"  hộ {error['household']}, ca {error['shift']}: {error['error']}: {error['sentence']}"
        )
        if error.get("traceback"):
            print("    " + error["traceback"].replace("\n", "\n    "))
    print("Database against what the desks entered: " + ("ok" if not problems else "PROBLEMS"))
    for problem in problems[:20]:
        print(f"  {problem}")


if __name__ == "__main__":
    sys.exit(main())
