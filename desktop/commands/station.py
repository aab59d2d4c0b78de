"""`denkhuya station LAT,LON [--json]`: where the ward's police station is.

It is the default meeting point of every plan. stdout: one summary line, or with
--json {"station", "lat", "lon"}. Without LAT,LON the current location is printed and
nothing changes. Exit code 2 for a point outside Vietnam or a database without a ward.
"""

from __future__ import annotations

import argparse

from desktop.commands.base import CommandResult
from desktop.services.database import Database


def register(subparsers: argparse._SubParsersAction) -> None:
    command = subparsers.add_parser(
        "station", help="vị trí trụ sở công an phường (điểm tập trung mặc định khi lập tuyến)"
    )
    command.add_argument("location", type=lat_lon, nargs="?", default=None, metavar="LAT,LON")
    command.add_argument("--json", action="store_true")
    command.set_defaults(handler=run_station)


def lat_lon(text: str) -> tuple[float, float]:
    """ "22.4856,103.9707" → (22.4856, 103.9707)."""
    try:
        lat, lon = (float(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"vị trí trụ sở “{text}” phải có dạng LAT,LON (vĩ độ,kinh độ, dấu chấm thập phân)"
        ) from None
    return (lat, lon)


def run_station(database: Database, args: argparse.Namespace) -> CommandResult:
    from desktop.services.wards import set_station_location, station_location

    with database.session() as session:
        if args.location is None:
            station = station_location(session)
        else:
            station = set_station_location(session, *args.location)
    data = {"station": station.name, "lat": station.lat, "lon": station.lon}
    if not station.located:
        return CommandResult(
            summary=f"{station.name} chưa có vị trí; đặt bằng: denkhuya station LAT,LON",
            data=data,
        )
    verb = "Vị trí" if args.location is None else "Đã đặt vị trí"
    return CommandResult(
        summary=f"{verb} {station.name}: {station.lat:.6f}, {station.lon:.6f}.", data=data
    )
