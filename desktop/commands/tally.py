"""`denkhuya tally [--date YYYY-MM-DD] [--json]`: a night's results by team.

stdout: one summary line, or with --json the object
{"date", "teams": [{"team", the eight counts}], "total", "cumulative", "targets"}
(desktop.services.tally). Exit code 2 when there is no campaign or nothing on that date.
"""

from __future__ import annotations

import argparse

from desktop.commands.base import CommandResult, iso_date
from desktop.services.database import Database


def register(subparsers: argparse._SubParsersAction) -> None:
    tally = subparsers.add_parser("tally", help="kết quả một đêm của chiến dịch, theo tổ")
    tally.add_argument(
        "--date",
        type=iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="đêm cần xem (mặc định: đêm gần nhất có kết quả)",
    )
    tally.add_argument("--json", action="store_true")
    tally.set_defaults(handler=run_tally)


def run_tally(database: Database, args: argparse.Namespace) -> CommandResult:
    from desktop.services.tally import night_tally

    with database.session() as session:
        tally = night_tally(session, args.date)
    return CommandResult(summary=tally.summary(), data=tally.as_json())
