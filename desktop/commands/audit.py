"""`denkhuya audit verify|list|export`: the audit trail, for an inspection.

`verify [--json]`: exit 0 and one line (or {"intact": true, "entries": n,
"first_broken": null}) when every entry's chain hash holds; exit 2 with one sentence
on stderr naming the first entry that does not (changed, or the one after a deleted
entry), and with --json the object with "first_broken": {"id", "at", "actor"} on
stdout all the same.

`list [filters] [--limit N] [--json]`: the newest entries the filters keep, one per
line (time in Vietnam's time, who, what), or {"total": n, "entries": [...]}.
`export FILE.xlsx [filters]`: the entries the filters keep to an Excel file, with the
filters and the chain check in its heading; the export is itself audited.

Filters: --who NAME (as the trail writes it), --action A (view, create, update,
delete, export, backup, restore, clear, login, password, refused), --what E
(resident, household, visit, report, walk_sheets, database, campaign, ward, account,
audit_trail), --from/--to YYYY-MM-DD (days in Vietnam's time, both included),
--resident ID_NUMBER or a name (what concerns that resident: their record, household,
visits, and the files that held them).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from desktop.commands.base import CommandResult, StderrProgress, iso_date, positive_int
from desktop.domain.errors import UserError
from desktop.domain.numbers import number
from desktop.services.database import Database

ACTIONS = (
    "view", "create", "update", "delete", "export", "backup", "restore", "clear", "login",
    "password", "refused",
)  # fmt: skip
WHATS = (
    "resident", "household", "visit", "report", "walk_sheets", "database", "campaign", "ward",
    "account", "audit_trail",
)  # fmt: skip
DEFAULT_LIMIT = 50


def register(subparsers: argparse._SubParsersAction) -> None:
    audit = subparsers.add_parser("audit", help="nhật ký thao tác (ai đã xem, sửa, xuất gì)")
    actions = audit.add_subparsers(dest="audit_action", metavar="VIỆC", required=True)
    verify = actions.add_parser("verify", help="kiểm tra nhật ký có bị sửa, xóa ngoài chương trình")
    verify.add_argument("--json", action="store_true")
    verify.set_defaults(handler=run_verify)

    listing = actions.add_parser("list", help="liệt kê nhật ký, mới nhất trước, theo bộ lọc")
    _filters(listing)
    listing.add_argument(
        "--limit",
        type=positive_int,
        default=DEFAULT_LIMIT,
        metavar="N",
        help=f"số mục tối đa (mặc định {DEFAULT_LIMIT})",
    )
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=run_list)

    export = actions.add_parser("export", help="xuất nhật ký ra tệp Excel cho đoàn kiểm tra")
    export.add_argument("file", type=Path, metavar="FILE.xlsx")
    _filters(export)
    export.add_argument("--json", action="store_true")
    export.set_defaults(handler=run_export)


def _filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--who", metavar="TÊN", help="người thực hiện (như nhật ký ghi)")
    parser.add_argument("--action", choices=ACTIONS, metavar="THAO_TÁC", help=", ".join(ACTIONS))
    parser.add_argument("--what", choices=WHATS, metavar="ĐỐI_TƯỢNG", help=", ".join(WHATS))
    parser.add_argument("--from", dest="date_from", type=iso_date, metavar="YYYY-MM-DD")
    parser.add_argument("--to", dest="date_to", type=iso_date, metavar="YYYY-MM-DD")
    parser.add_argument(
        "--resident",
        metavar="SỐ_ĐỊNH_DANH",
        help="số định danh (đủ 12 số) hoặc họ tên của nhân khẩu",
    )


def _trail_filter(session, args: argparse.Namespace):
    from desktop.services.audit_trail import TrailFilter, find_residents

    residents = ()
    if args.resident is not None:
        residents = tuple(match.id for match in find_residents(session, args.resident))
    return TrailFilter(
        actor=args.who or None,
        action=args.action,
        entity=args.what,
        date_from=args.date_from,
        date_to=args.date_to,
        resident_ids=residents,
    )


def run_verify(database: Database, args: argparse.Namespace) -> CommandResult:
    from desktop.services.audit_trail import check_trail

    with database.session() as session:
        check = check_trail(session)
    if not check.intact:
        if args.json:  # the result still goes to stdout; the refusal to stderr, exit 2
            print(json.dumps(check.as_json(), ensure_ascii=False), flush=True)
        raise UserError(check.sentence())
    return CommandResult(summary=check.sentence(), data=check.as_json())


def run_list(database: Database, args: argparse.Namespace) -> CommandResult:
    from desktop.services.audit_trail import count_trail, search_trail

    with database.session() as session:
        filters = _trail_filter(session, args)
        total = count_trail(session, filters)
        rows = search_trail(session, filters, limit=args.limit)
    lines = [
        "\t".join(
            [f"{row.at:%Y-%m-%d %H:%M:%S}", row.actor, row.description]
            + ([row.link] if row.link else [])
        )
        for row in rows
    ]
    if not lines:
        lines = ["Không có mục nào khớp bộ lọc."]
    elif total > len(rows):
        lines.append(f"(còn {number(total - len(rows))} mục cũ hơn; dùng --limit để xem thêm)")
    return CommandResult(
        summary="\n".join(lines),
        data={"total": total, "entries": [row.as_json() for row in rows]},
    )


def run_export(database: Database, args: argparse.Namespace) -> CommandResult:
    from desktop.services.audit_export import export_trail

    with database.session() as session:
        filters = _trail_filter(session, args)
        exported = export_trail(session, filters, args.file, StderrProgress())
    return CommandResult(
        summary=f"Đã xuất {number(exported.rows)} mục nhật ký thao tác ra {exported.path}.",
        data={"rows": exported.rows, "path": str(exported.path)},
    )
