"""`denkhuya plan`: tonight's routes for the teams, walk sheets, and (with --save) shifts.

    denkhuya plan [--date YYYY-MM-DD] [--teams N] [--group NAME]... [--start HH:MM]
                  [--end HH:MM] [--meet LAT,LON] [--save] [--json] [--out walk_sheets.pdf]

stdout: one summary line, or with --json {"start": [lat, lon], "routes": [{"team",
"stops": [household codes in walking order], "walk_m", "minutes", "expected_services"}],
"unassigned": [codes], "without_coordinates": [codes]}. Notices go to stderr. Without
--save nothing is written to the database.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime, time
from pathlib import Path

from desktop.commands.base import CommandResult, iso_date, positive_int
from desktop.domain.numbers import number
from desktop.services.database import Database


def register(subparsers: argparse._SubParsersAction) -> None:
    command = subparsers.add_parser("plan", help="lập lộ trình đi hộ tối nay cho các tổ")
    command.add_argument("--date", type=iso_date, default=None, metavar="YYYY-MM-DD")
    command.add_argument("--teams", type=positive_int, default=None, metavar="N")
    command.add_argument("--group", action="append", default=[], metavar="NAME")
    command.add_argument("--start", type=clock_time, default=time(19, 0), metavar="HH:MM")
    command.add_argument("--end", type=clock_time, default=time(22, 0), metavar="HH:MM")
    command.add_argument("--meet", type=lat_lon, default=None, metavar="LAT,LON")
    command.add_argument("--save", action="store_true", help="lưu thành ca trực của đêm đó")
    command.add_argument("--json", action="store_true")
    command.add_argument("--out", type=Path, default=None, metavar="walk_sheets.pdf")
    command.set_defaults(handler=run_plan)


def clock_time(text: str) -> time:
    try:
        return datetime.strptime(text, "%H:%M").time()
    except ValueError:
        raise argparse.ArgumentTypeError(f"giờ “{text}” phải có dạng HH:MM") from None


def lat_lon(text: str) -> tuple[float, float]:
    parts = text.split(",")
    try:
        lat, lon = (float(part) for part in parts)
    except ValueError:
        raise argparse.ArgumentTypeError(f"điểm tập trung “{text}” phải có dạng LAT,LON") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise argparse.ArgumentTypeError(f"toạ độ “{text}” nằm ngoài giới hạn vĩ độ, kinh độ")
    return (lat, lon)


def run_plan(database: Database, args: argparse.Namespace) -> CommandResult:
    from desktop.services.planning import PlanRequest, load_planning_input, plan_night
    from desktop.services.planning.saving import save_night_plan
    from desktop.services.planning.sheets import print_walk_sheets

    request = PlanRequest(
        day=args.date or date.today(),
        starts_at=args.start,
        ends_at=args.end,
        group_names=tuple(args.group),
        team_count=args.teams,
        meeting_point=args.meet,
    )
    with database.session() as session:
        planning = load_planning_input(session, request)
        print(
            f"Đang lập lộ trình cho {len(planning.teams)} tổ, "
            f"{number(len(planning.candidates))} hộ cần đến…",
            file=sys.stderr,
        )
        plan = plan_night(planning)
        saved = save_night_plan(session, planning, plan) if args.save else None
        # Inside the transaction: sheets that cannot be written leave nothing saved.
        pages = print_walk_sheets(session, planning, plan, args.out) if args.out else None
    for notice in plan.notices:
        print(notice, file=sys.stderr)
    return CommandResult(
        summary=_summary(plan, saved, args.out, pages), data=plan.as_json(planning)
    )


def _summary(plan, saved, out: Path | None, pages: int | None) -> str:
    households = sum(len(route.stops) for route in plan.routes)
    text = (
        f"Lộ trình đêm {plan.day:%d/%m/%Y} ({plan.starts_at:%H:%M}–{plan.ends_at:%H:%M}): "
        f"{len(plan.routes)} tổ, {number(households)} hộ, "
        f"{number(plan.expected_services)} việc dự kiến; "
        f"{number(len(plan.unassigned))} hộ để đêm khác"
    )
    if plan.without_coordinates:
        text += f"; {number(len(plan.without_coordinates))} hộ chưa có toạ độ"
    if saved is not None:
        text += f"; đã lưu {len(saved.shift_ids)} ca trực"
    if out is not None:
        text += f"; phiếu đi hộ: {out} ({pages} trang)"
    return text + "."
