"""What `denkhuya demo` asks for (DemoOptions) and what it made (DemoSummary)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from desktop.domain.errors import UserError
from desktop.domain.numbers import number
from desktop.services.demo.campaign.summary import CampaignSummary
from desktop.services.maps.locating import LocateResult
from desktop.services.maps.storing import MapInfo

MAX_HOUSEHOLDS = 100_000


@dataclass(frozen=True, kw_only=True)
class DemoOptions:
    """What `denkhuya demo` asks for: size, seed, ward name, the day, and --replace."""

    households: int = 2500
    seed: int = 1
    ward_name: str = "Cốc Lếu"
    today: date
    replace: bool = False


def check_options(options: DemoOptions) -> None:
    """Raise UserError for a size outside 1–100,000 households or a day outside 2000–2099."""
    if not 1 <= options.households <= MAX_HOUSEHOLDS:
        raise UserError(f"Phường mẫu chỉ tạo được từ 1 đến {number(MAX_HOUSEHOLDS)} hộ.")
    # Residents are up to 95 years old and ID numbers encode years 1900–2099.
    if not 2000 <= options.today.year <= 2099:
        raise UserError("Ngày của phường mẫu (--today) phải trong các năm 2000–2099.")


@dataclass(frozen=True)
class GroupTally:
    """The counts of one residential group of the demo ward."""

    name: str
    households: int
    residents: int
    adults: int
    level2: int


@dataclass(frozen=True)
class DemoMapSummary:
    """The demo's map, and where its households' positions came from: the ward's list
    for a few (`from_list`), `map locate` for the others (`located`)."""

    info: MapInfo
    from_list: int
    located: LocateResult

    def as_json(self) -> dict[str, Any]:
        return {
            "ways": self.info.ways,
            "named_streets": self.info.named_streets,
            "address_points": self.info.address_points,
            "from_list": self.from_list,
            **self.located.as_json(),
        }


@dataclass(frozen=True)
class DemoSummary:
    """What the demo generator made (and, with --replace, what it removed first)."""

    ward: str
    ward_code: str
    province: str
    seed: int
    today: date
    groups: int
    households: int
    residents: int
    adults: int
    level2: int
    level1: int
    app_114: int
    minority_households: int
    by_group: tuple[GroupTally, ...]
    removed: dict[str, int] | None = None
    campaign: CampaignSummary | None = None
    ward_map: DemoMapSummary | None = None

    def as_json(self) -> dict[str, Any]:
        """A plain dict for `--json`: numbers, strings and lists only."""
        return {
            "ward": self.ward,
            "ward_code": self.ward_code,
            "province": self.province,
            "seed": self.seed,
            "today": self.today.isoformat(),
            "groups": self.groups,
            "households": self.households,
            "residents": self.residents,
            "adults": self.adults,
            "level2": self.level2,
            "level1": self.level1,
            "app_114": self.app_114,
            "minority_households": self.minority_households,
            "by_group": [
                {
                    "group": tally.name,
                    "households": tally.households,
                    "residents": tally.residents,
                    "adults": tally.adults,
                    "level2": tally.level2,
                }
                for tally in self.by_group
            ],
            "replaced": dict(self.removed) if self.removed is not None else None,
            "campaign": self.campaign.as_json() if self.campaign is not None else None,
            "map": self.ward_map.as_json() if self.ward_map is not None else None,
        }
