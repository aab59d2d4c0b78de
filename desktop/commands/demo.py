"""`denkhuya demo`: a realistic ward to try the program on."""

from __future__ import annotations

import argparse
from datetime import date

from desktop.commands.base import (
    CommandResult,
    StderrProgress,
    iso_date,
    positive_int,
)
from desktop.domain.numbers import number
from desktop.services.database import Database


def register(subparsers: argparse._SubParsersAction) -> None:
    demo = subparsers.add_parser("demo", help="tạo phường mẫu để dùng thử")
    demo.add_argument("--households", type=positive_int, default=2500, metavar="N")
    demo.add_argument("--seed", type=int, default=1, metavar="S")
    demo.add_argument("--ward", default="Cốc Lếu", metavar="NAME")
    demo.add_argument("--today", type=iso_date, default=None, metavar="YYYY-MM-DD")
    demo.add_argument("--replace", action="store_true", help="thay toàn bộ dữ liệu đang có")
    demo.add_argument("--json", action="store_true")
    demo.set_defaults(handler=run_demo)


def run_demo(database: Database, args: argparse.Namespace) -> CommandResult:
    from desktop.services.demo import DemoOptions, create_demo_ward

    options = DemoOptions(
        households=args.households,
        seed=args.seed,
        ward_name=args.ward,
        today=args.today or date.today(),
        replace=args.replace,
    )
    with database.session(writing=True) as session:  # two demos at once: one waits
        summary = create_demo_ward(session, options, StderrProgress())
    campaign = summary.campaign
    return CommandResult(
        summary=(
            f"Đã tạo phường mẫu {summary.ward}: {number(summary.households)} hộ, "
            f"{number(summary.residents)} nhân khẩu, {summary.groups} tổ dân phố; "
            f"chiến dịch “{campaign.name}” với {campaign.teams} tổ công tác và "
            f"{number(campaign.visits)} lượt đến hộ."
        ),
        data=summary.as_json(),
    )
