"""`create_demo_ward`: the steps of making the demo ward, in the order they draw.

One `random.Random(seed)` draws the ward's groups, streets, houses and people in a
fixed order; the map (which ngách it lacks, which houses are address points) and the
campaign draw from their own generators, seeded with the seed (and the campaign's with
the day), so the same seed and the same day give the same ward. The ward's list has
positions for one street only (ward_list); the others are placed from the map by the
same locate step as a real ward's (desktop.services.maps.locating).
"""

from __future__ import annotations

import random

from sqlalchemy.orm import Session

from desktop.db.models import Ward
from desktop.domain import roles
from desktop.services import signed_in
from desktop.services.collector import collector_paused
from desktop.services.demo.campaign.generator import create_demo_campaign
from desktop.services.demo.counting import count_campaign, summarize
from desktop.services.demo.layout import Place, WardLayout, lay_out_ward
from desktop.services.demo.options import (
    DemoMapSummary,
    DemoOptions,
    DemoSummary,
    check_options,
)
from desktop.services.demo.replacing import refuse_unless_empty, registry_counts, remove_registry
from desktop.services.demo.street_map import MAP_PROGRESS_TEXT, write_demo_map
from desktop.services.demo.ward import add_groups, add_ward, group_count
from desktop.services.demo.ward_list import as_the_list_has_them
from desktop.services.demo.writing import PROGRESS_TEXT, HouseholdWriter
from desktop.services.maps.locating import locate_households
from desktop.services.progress import Progress


def create_demo_ward(
    session: Session, options: DemoOptions, progress: Progress | None = None
) -> DemoSummary:
    """Fill an empty database with a demo ward and return what was made.

    With `options.replace`, first removes the ward, its groups, households, residents,
    campaigns (teams, members, shifts, visits, records) and ward settings (the audit
    trail stays, with one entry saying what was removed). Also makes the current
    campaign (desktop.services.demo.campaign).
    Lays the ward's streets as its map (street_map) and places the households from it.
    Raises UserError for a database that already holds data without `replace`, or
    for a size outside 1–100,000 households; lets Cancelled from `progress` propagate
    so that the caller's transaction rolls back.
    """
    signed_in.require(roles.REGISTER_EDIT)
    progress = progress or Progress()
    check_options(options)
    source = f"demo seed={options.seed}"
    counts = registry_counts(session)
    refuse_unless_empty(counts, options.replace)
    progress.step(0, options.households, PROGRESS_TEXT)
    removed = remove_registry(session, counts, source) if any(counts.values()) else None
    rng = random.Random(options.seed)
    ward = add_ward(session, options.ward_name)
    groups = add_groups(session, ward, group_count(rng, options.households))
    with collector_paused():
        layout = lay_out_ward(rng, options.households, len(groups))
        places = as_the_list_has_them(layout.places)
        writer = HouseholdWriter(session, ward, groups, options, rng, source)
        writer.write(places, progress)
        ward_map = _map_and_positions(session, ward, layout, places, options.seed, progress)
    progress.step(options.households, options.households, "Đang tạo chiến dịch mẫu…")
    campaign = create_demo_campaign(session, ward, groups, options.seed, options.today)
    count_campaign(groups, writer.counts, campaign)
    return summarize(ward, groups, writer.counts, options, removed, campaign, ward_map)


def _map_and_positions(
    session: Session,
    ward: Ward,
    layout: WardLayout,
    places: list[Place],
    seed: int,
    progress: Progress,
) -> DemoMapSummary:
    """Lay the ward's streets as its map, then place the households the list has no
    position for by their addresses, as `map locate` does on a real ward."""
    progress.step(0, 1, MAP_PROGRESS_TEXT)
    info = write_demo_map(session, ward, layout, places, seed)
    located = locate_households(session, progress)
    return DemoMapSummary(info, sum(place.listed for place in places), located)
