"""`denkhuya demo`: a realistic ward to try the program on.

The ward comes with its map, and its households are placed from it as `map locate`
places a real ward's: those the map cannot place are named on stderr, as there.
"""

from __future__ import annotations

import argparse
import sys
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
        summary = create_demo_ward(session, options, _StepsProgress())
    campaign = summary.campaign
    ward_map = summary.ward_map
    # As `map locate` does: the households the map could not place, one line each.
    for household in ward_map.located.unplaced:
        print(
            f"Chưa định vị: {household.household_code} ({household.address}): {household.why}",
            file=sys.stderr,
        )
    return CommandResult(
        summary=(
            f"Đã tạo phường mẫu {summary.ward}: {number(summary.households)} hộ, "
            f"{number(summary.residents)} nhân khẩu, {summary.groups} tổ dân phố; "
            f"bản đồ mẫu {number(ward_map.info.ways)} đoạn đường, "
            f"{number(ward_map.from_list)} hộ có toạ độ theo danh sách, "
            f"{number(ward_map.located.located)} hộ định vị theo địa chỉ, "
            f"{number(len(ward_map.located.unplaced))} hộ chưa định vị được; "
            f"chiến dịch “{campaign.name}” với {campaign.teams} tổ công tác và "
            f"{number(campaign.visits)} lượt đến hộ."
        ),
        data=summary.as_json(),
    )


class _StepsProgress(StderrProgress):
    """StderrProgress that starts again at each step (households, map, locating,
    campaign), so that every step shows it is under way."""

    def __init__(self) -> None:
        super().__init__()
        self._text: str | None = None

    def show(self, done: int, total: int, text: str) -> None:
        if text != self._text:
            self._text = text
            self._last_shown = -10
        super().show(done, total, text)
