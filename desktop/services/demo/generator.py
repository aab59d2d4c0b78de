"""`create_demo_ward`: the steps of making the demo ward, in the order they draw.

One `random.Random(seed)` draws the ward's groups, streets, houses and people in a
fixed order, and the campaign draws from its own generator seeded with the seed and
the day, so the same seed and the same day give the same ward.
"""

from __future__ import annotations

import random

from sqlalchemy.orm import Session

from desktop.services.collector import collector_paused
from desktop.services.demo.campaign.generator import create_demo_campaign
from desktop.services.demo.counting import count_campaign, summarize
from desktop.services.demo.layout import lay_out_ward
from desktop.services.demo.options import DemoOptions, DemoSummary, check_options
from desktop.services.demo.replacing import refuse_unless_empty, registry_counts, remove_registry
from desktop.services.demo.ward import add_groups, add_ward, group_count
from desktop.services.demo.writing import PROGRESS_TEXT, HouseholdWriter
from desktop.services.progress import Progress


def create_demo_ward(
    session: Session, options: DemoOptions, progress: Progress | None = None
) -> DemoSummary:
    """Fill an empty database with a demo ward and return what was made.

    With `options.replace`, first removes the ward, its groups, households, residents,
    campaigns (teams, members, shifts, visits, records) and ward settings (the audit
    trail stays, with one entry saying what was removed). Also makes the current
    campaign (desktop.services.demo.campaign).
    Raises UserError for a database that already holds data without `replace`, or
    for a size outside 1–100,000 households; lets Cancelled from `progress` propagate
    so that the caller's transaction rolls back.
    """
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
        places = lay_out_ward(rng, options.households, len(groups))
        writer = HouseholdWriter(session, ward, groups, options, rng, source)
        writer.write(places, progress)
    progress.step(options.households, options.households, "Đang tạo chiến dịch mẫu…")
    campaign = create_demo_campaign(session, ward, groups, options.seed, options.today)
    count_campaign(groups, writer.counts, campaign)
    return summarize(ward, groups, writer.counts, options, removed, campaign)
