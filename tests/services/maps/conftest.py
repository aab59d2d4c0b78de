"""A ward whose households have addresses and (mostly) no positions, and its map file."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.db.models import Household
from desktop.services.database import Database
from tests import builders
from tests.services.maps.osm_files import write_ward

# name → (house number, lane, street); none of them has a position.
ADDRESSES = {
    "hl20": ("20", None, "đường Hoàng Liên"),  # an address point
    "hl41": ("41", None, "Hoàng Liên"),  # a building's address
    "hl7": ("7", None, "Hoàng Liên"),  # between points 1 and 20, north side
    "hl8": ("8", None, "HOÀNG LIÊN"),  # opposite 7
    "lane12": ("3", "ngõ 12", "Hoàng Liên"),  # the map draws ngõ 12
    "lane30": ("5", "ngõ 30 Hoàng Liên", None),  # ngõ 30 is not on the map
    "slash": ("12/4", None, "Đ. Hoàng Liên"),  # house 4 of ngõ 12
    "missing": ("4", None, "phố Lý Công Uẩn"),  # a street the map does not have
    "no_number": (None, None, "phố Nguyễn Huệ"),
    "nh15": ("15", None, "Phố Nguyễn Huệ"),
    "bo_bac": ("9", None, "Bờ Bắc"),
}
# A household whose position came with the ward's list.
LISTED = (22.4801, 103.9601)


@pytest.fixture
def map_file(tmp_path: Path) -> Path:
    return write_ward(tmp_path)


@pytest.fixture
def ward(database: Database) -> dict[str, int]:
    """The households of ADDRESSES by name, and "listed" with its list position."""
    ids = {}
    with database.session() as session:
        ward = builders.make_ward(session)
        group = builders.make_group(session, ward)
        for name, (house, lane, street) in ADDRESSES.items():
            ids[name] = builders.add_household(
                session, group, street=street, house_number=house, lane=lane, lat=None, lon=None
            )
        ids["listed"] = builders.add_household(
            session, group, street="Hoàng Liên", house_number="99", lat=LISTED[0], lon=LISTED[1]
        )
        # As an import writes it: the position, and no source (the list's).
        session.get(Household, ids["listed"]).position_source = None
    return ids
