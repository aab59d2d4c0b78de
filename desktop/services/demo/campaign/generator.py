"""`create_demo_campaign`: the demo ward's current campaign, step by step.

`denkhuya demo` makes the 50-day peak campaign that began ten days before `--today`:
8 to 16 teams of 3–5 people (officers of the ward police or the provincial police,
youth-union members, a residential-group leader), ward, group and team targets drawn
from where the ward stood on the first day, and for every past night the approvals
due that day, then the shifts (19:00–22:00) with their visits and the services done.
Rows are written in bulk with their ids chosen here, so a 60,000-household ward stays
fast. The same seed and today give the same campaign.
"""

from __future__ import annotations

import random
from datetime import date

from sqlalchemy import update
from sqlalchemy.orm import Session

from desktop.db.models import Campaign, Member, ResidentialGroup, Shift, Visit, Ward
from desktop.domain.campaign import SERVICES
from desktop.services.demo.campaign.approvals import Approvals
from desktop.services.demo.campaign.nights import NightShifts
from desktop.services.demo.campaign.period import CAMPAIGN_NAME, CampaignPeriod
from desktop.services.demo.campaign.records import Recorder
from desktop.services.demo.campaign.residents import WardResidents
from desktop.services.demo.campaign.rows import CampaignRows
from desktop.services.demo.campaign.summary import CampaignSummary, status_changes
from desktop.services.demo.campaign.targets import set_targets
from desktop.services.demo.campaign.teams import Teams, make_teams
from desktop.services.demo.campaign.visits import VisitMaker
from desktop.services.demo.campaign.writing import write_campaign


def create_demo_campaign(
    session: Session, ward: Ward, groups: list[ResidentialGroup], seed: int, today: date
) -> CampaignSummary:
    """Add the current campaign, its teams and its past nights to the demo ward.

    Draws from its own generator, seeded with `seed` and `today`; the campaign made
    before, if any, stops being the current one.
    """
    rng = random.Random(f"demo-campaign:{seed}:{today.isoformat()}")
    period = CampaignPeriod.up_to(today)
    rows = CampaignRows.numbered_after(session)
    residents = WardResidents(session)
    recorder = Recorder(rows, _open_campaign(session, rows, period))
    recorder.note_created("campaign", recorder.campaign_id, {"name": CAMPAIGN_NAME})
    teams = make_teams(rng, rows, recorder, ward, groups, residents.household_count, period)
    set_targets(session, rows, recorder.campaign_id, period.starts_on, teams)
    approvals = Approvals(rng, residents, groups, recorder, today)
    visits = VisitMaker(rng, rows, recorder, approvals, teams.pace, residents.group_of)
    nights = NightShifts(rng, rows, recorder.campaign_id, residents, groups, teams, visits)
    for night in period.nights:
        approvals.approve(night)
        nights.go_out(night)
    write_campaign(session, rows, list(residents.people.values()), recorder.audit)
    return _summary(period, teams, rows, recorder, residents)


def _open_campaign(session: Session, rows: CampaignRows, period: CampaignPeriod) -> int:
    """The campaign's row, now the current campaign; returns its id."""
    session.execute(update(Campaign).values(is_current=False))
    return rows.add(
        Campaign,
        name=CAMPAIGN_NAME,
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        services=list(SERVICES),
        is_current=True,
        notes="Chiến dịch mẫu của phường mẫu.",
        version=1,
    )


def _summary(
    period: CampaignPeriod,
    teams: Teams,
    rows: CampaignRows,
    recorder: Recorder,
    residents: WardResidents,
) -> CampaignSummary:
    return CampaignSummary(
        name=CAMPAIGN_NAME,
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        teams=len(teams.ids),
        members=rows.count(Member),
        shifts=rows.count(Shift),
        visits=rows.count(Visit),
        services={service: recorder.services[service] for service in SERVICES},
        status_changes=status_changes(residents),
    )
