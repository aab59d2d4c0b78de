"""The loaded map's walkable ways, as the planner walks them (plain data, no ORM).

Read once with the night's planning input; the walking map (network.py) turns them
into metres around the meeting point and snaps the households onto them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.db.models import MapWay

# Ways bigger than lanes: the map names these along their line.
MAJOR_HIGHWAYS = frozenset(
    {"primary", "secondary", "tertiary", "residential", "unclassified", "living_street",
     "primary_link", "secondary_link", "tertiary_link", "trunk", "pedestrian"}
)  # fmt: skip


@dataclass(frozen=True, eq=False)
class StreetWay:
    """A walkable way: its OSM node ids (shared where ways meet) and their (lat, lon)."""

    name: str | None
    highway: str
    node_ids: np.ndarray  # (n,) int64
    lat_lon: np.ndarray  # (n, 2) degrees

    @property
    def major(self) -> bool:
        return self.highway in MAJOR_HIGHWAYS


def load_street_ways(session: Session) -> tuple[StreetWay, ...]:
    """Every walkable way of the loaded map (none before a map is loaded)."""
    rows = session.execute(
        select(MapWay.name, MapWay.highway, MapWay.node_ids, MapWay.coords).order_by(MapWay.id)
    ).all()
    return tuple(
        StreetWay(
            name=row.name,
            highway=row.highway,
            node_ids=np.frombuffer(row.node_ids, dtype="<i8").astype(np.int64),
            lat_lon=np.frombuffer(row.coords, dtype="<i4").reshape(-1, 2) / 1e7,
        )
        for row in rows
    )
