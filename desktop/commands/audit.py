"""`denkhuya audit verify [--json]`: whether the audit trail is as the program wrote it.

Exit 0 and one line (or {"intact": true, "entries": n, "first_broken": null}) when
every entry's chain hash holds; exit 2 with one sentence on stderr naming the first
entry that does not (changed, or the one after a deleted entry), and with --json the
object with "first_broken": {"id", "at", "actor"} on stdout all the same.
"""

from __future__ import annotations

import argparse
import json

from desktop.commands.base import CommandResult
from desktop.domain.errors import UserError
from desktop.services.database import Database


def register(subparsers: argparse._SubParsersAction) -> None:
    audit = subparsers.add_parser("audit", help="nhật ký thao tác (ai đã xem, sửa, xuất gì)")
    actions = audit.add_subparsers(dest="audit_action", metavar="VIỆC", required=True)
    verify = actions.add_parser("verify", help="kiểm tra nhật ký có bị sửa, xóa ngoài chương trình")
    verify.add_argument("--json", action="store_true")
    verify.set_defaults(handler=run_verify)


def run_verify(database: Database, args: argparse.Namespace) -> CommandResult:
    from desktop.services.audit import verify_trail

    with database.session() as session:
        check = verify_trail(session)
    if not check.intact:
        if args.json:  # the result still goes to stdout; the refusal to stderr, exit 2
            print(json.dumps(check.as_json(), ensure_ascii=False), flush=True)
        raise UserError(check.sentence())
    return CommandResult(summary=check.sentence(), data=check.as_json())
