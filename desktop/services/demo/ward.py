"""The demo ward itself, around its police station in Lào Cai, and its residential groups."""

from __future__ import annotations

import math
import random

from sqlalchemy.orm import Session

from desktop.db.models import ResidentialGroup, Ward
from desktop.domain.names import fold, normalize_name
from desktop.services import audit
from desktop.services.reporting.settings import fill_demo_report_settings
from desktop.services.wards import WardInput, create_ward, find_or_create_group

PROVINCE = "Lào Cai"
STATION_LAT, STATION_LON = 22.4900, 103.9700


def add_ward(session: Session, raw_name: str) -> Ward:
    """The ward named `raw_name` ("Cốc Lếu", "Xã Cam Đường"…), with its station."""
    name, kind = ward_name_and_kind(raw_name)
    ward = create_ward(
        session,
        WardInput(
            name=name,
            province=PROVINCE,
            kind=kind,
            station_lat=STATION_LAT,
            station_lon=STATION_LON,
        ),
        reason=audit.DEMO,
    )
    # The ward's own settings live under "ward." keys, which --replace removes with it.
    fill_demo_report_settings(session, ward)
    return ward


def ward_name_and_kind(raw_name: str) -> tuple[str, str]:
    """ "Xã Cam Đường" → ("Cam Đường", "Xã"); a bare name is a Phường."""
    name = normalize_name(raw_name)
    for kind in ("Phường", "Xã"):
        if fold(name).startswith(fold(kind) + " "):
            return name[len(kind) + 1 :], kind
    return name, "Phường"


def add_groups(session: Session, ward: Ward, count: int) -> list[ResidentialGroup]:
    """ "Tổ 1" to "Tổ `count`"."""
    return [
        find_or_create_group(session, ward, f"Tổ {number}", reason=audit.DEMO)
        for number in range(1, count + 1)
    ]


def group_count(rng: random.Random, households: int) -> int:
    """8 groups for a small ward, up to 12 for a large one, give or take one."""
    base = 8 + int(math.log2(max(households, 1000) / 1000))
    return min(12, max(8, base + rng.choice((-1, 0, 0, 1))))
