"""`denkhuya map load FILE [--bbox S,W,N,E] [--json]` and `denkhuya map locate [--json]`.

`map load` reads the ward's part of an OpenStreetMap extract (.osm.pbf or .osm) and
keeps it as the ward's map, in place of the one before (audited). stdout: one summary
line, or with --json {"ways", "named_streets", "address_points", "area": [S, W, N, E]}.
Progress goes to stderr, and so does the offer of the map's police station when it is
named like the ward.

`map locate` places every household without a position from its address and the map.
stdout: one summary line, or with --json {"located", "by_address_point",
"interpolated", "unplaced": [{"household_code", "address", "why"}]}.

Exit code 2, with one sentence, for no ward, no map (locate), a file that is missing or
not a map, an area that cannot be told, and Ctrl+C.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.commands.base import CommandResult, StderrProgress
from desktop.services.database import Database


def register(subparsers: argparse._SubParsersAction) -> None:
    command = subparsers.add_parser("map", help="bản đồ đường phố của phường (OpenStreetMap)")
    actions = command.add_subparsers(dest="map_action", metavar="VIỆC", required=True)
    load = actions.add_parser(
        "load", help="nạp bản đồ từ tệp OpenStreetMap (.osm.pbf, .osm), thay bản đồ trước"
    )
    load.add_argument("file", type=Path, metavar="FILE.osm.pbf")
    load.add_argument(
        "--bbox",
        type=bounding_box,
        default=None,
        metavar="S,W,N,E",
        help="khung toạ độ của phường khi tệp không có ranh giới phường",
    )
    load.add_argument("--json", action="store_true")
    load.set_defaults(handler=run_load)
    locate = actions.add_parser("locate", help="định vị các hộ chưa có toạ độ theo địa chỉ")
    locate.add_argument("--json", action="store_true")
    locate.set_defaults(handler=run_locate)


def bounding_box(text: str):
    from desktop.domain.errors import UserError
    from desktop.services.maps.area import parse_bbox

    try:
        return parse_bbox(text)
    except UserError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def run_load(database: Database, args: argparse.Namespace) -> CommandResult:
    from desktop.services.maps.loading import load_map

    with database.session() as session:
        result = load_map(session, args.file, args.bbox, StderrProgress())
    offer = result.station_offer()
    if offer is not None:
        print(offer, file=sys.stderr)
    print(
        "Để định vị các hộ chưa có toạ độ theo bản đồ này: denkhuya map locate",
        file=sys.stderr,
    )
    return CommandResult(summary=result.summary(), data=result.as_json())


def run_locate(database: Database, args: argparse.Namespace) -> CommandResult:
    from desktop.services.maps.locating import locate_households

    with database.session() as session:
        result = locate_households(session, StderrProgress())
    for household in result.unplaced:
        print(
            f"Chưa định vị: {household.household_code} ({household.address}): {household.why}",
            file=sys.stderr,
        )
    return CommandResult(summary=result.summary(), data=result.as_json())
