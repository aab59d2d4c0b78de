"""The pending list (danh sách còn phải làm): residents still to be served, by group.

A resident is listed when the visit entry would offer them a service at the door
(desktop.services.owed: the ledger's rule over the services the campaign tracks, the
one the route planner counts by), and the list says why it is not done yet, from the
household's latest visit of the campaign: not visited yet, nobody at home, asked to
come back, the resident away, no smartphone, the chip card first… ID numbers are
masked to their last 4 digits here, before anything reaches paper or a spreadsheet.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.db.models import (
    Household,
    Resident,
    ResidentialGroup,
    Shift,
    Visit,
    VisitResident,
)
from desktop.domain import roles
from desktop.domain.campaign import MET, OUTCOME_LABELS, REASON_LABELS, SERVICE_LABELS
from desktop.domain.errors import UserError
from desktop.domain.names import fold
from desktop.domain.personal_id import mask_personal_id
from desktop.reports.data import (
    PendingGroup,
    PendingPerson,
    PendingReport,
    ReportHeading,
    ReportSettings,
)
from desktop.reports.report_text import LIST_CODE, number_pattern_for
from desktop.services import signed_in
from desktop.services.campaigns import CampaignInfo, require_campaign
from desktop.services.owed import birth_year_of, residents_owed
from desktop.services.progress import Progress
from desktop.services.reporting.settings import load_report_settings

NOT_VISITED = "Chưa đến hộ"
_PROGRESS_TEXT = "Đang lập danh sách còn phải làm…"


@dataclass(frozen=True)
class _LatestVisit:
    visit_id: int
    day: date
    outcome: str


def pending_report(
    session: Session,
    on: date,
    group_names: Sequence[str] = (),
    progress: Progress | None = None,
    campaign_id: int | None = None,
) -> PendingReport:
    """The residents of the groups named (default: every group) still owed a service of
    the current campaign on `on`, with the reason, group by group.

    Refuses, with one sentence, when there is no campaign or a group name is unknown.
    """
    signed_in.require(roles.REPORTS)
    progress = progress or Progress()
    campaign = require_campaign(session, campaign_id)
    groups = _groups(session, group_names)
    settings = load_report_settings(session)
    progress.step(0, len(groups) + 1, _PROGRESS_TEXT)
    latest = _latest_visits(session, campaign.id)
    lines = _visit_lines(session, [visit.visit_id for visit in latest.values()])
    results = []
    totals: Counter[str] = Counter()
    for index, (group_id, group_name) in enumerate(groups, start=1):
        people = _group_people(session, campaign, group_id, on, latest, lines)
        for person in people:
            totals.update(person.services)
        results.append(
            PendingGroup(
                name=group_name,
                people=tuple(people),
                households=len({person.household_code for person in people}),
            )
        )
        progress.step(index, len(groups) + 1, _PROGRESS_TEXT)
    labels = [SERVICE_LABELS[s] for s in campaign.services if SERVICE_LABELS[s] in totals]
    which = "" if not group_names else " (" + ", ".join(name for _, name in groups) + ")"
    return PendingReport(
        heading=ReportHeading(
            settings=_as_a_list(settings),
            issued_on=on,
            subject=f"Người dân còn phải thực hiện {campaign.name}{which}",
            file_title=f"Danh sách còn phải làm ngày {on:%d/%m/%Y}",
            title="DANH SÁCH",
            addressed=False,
        ),
        campaign_name=campaign.name,
        on=on,
        groups=tuple(results),
        service_totals={label: totals[label] for label in labels},
    )


def _as_a_list(settings: ReportSettings) -> ReportSettings:
    """The settings as a list prints them: numbered "…/DS-CAP", not "…/BC-CAP" (the
    pattern's "BC" is a báo cáo's code)."""
    return replace(settings, number_pattern=number_pattern_for(settings.number_pattern,
                                                               LIST_CODE))  # fmt: skip


def _groups(session: Session, names: Sequence[str]) -> list[tuple[int, str]]:
    """(id, name) of the groups asked for, in the ward's order; all when none is named."""
    every = session.execute(
        select(ResidentialGroup.id, ResidentialGroup.name).order_by(
            ResidentialGroup.sort_key, ResidentialGroup.id
        )
    ).all()
    if not names:
        return [(row.id, row.name) for row in every]
    by_folded = {fold(row.name): (row.id, row.name) for row in every}
    chosen: dict[int, str] = {}
    for name in names:
        found = by_folded.get(fold(" ".join(name.split())))
        if found is None:
            known = ", ".join(row.name for row in every[:12]) or "chưa có tổ nào"
            raise UserError(f"Không có tổ dân phố “{name.strip()}”; các tổ hiện có: {known}.")
        chosen[found[0]] = found[1]
    return [(row.id, row.name) for row in every if row.id in chosen]


def _latest_visits(session: Session, campaign_id: int) -> dict[int, _LatestVisit]:
    """household id → its latest visit of the campaign (night, time, order of entry)."""
    latest: dict[int, tuple[tuple, _LatestVisit]] = {}
    for visit_id, household_id, day, visited_at, outcome in session.execute(
        select(Visit.id, Visit.household_id, Shift.day, Visit.visited_at, Visit.outcome)
        .join(Shift, Shift.id == Visit.shift_id)
        .where(Shift.campaign_id == campaign_id)
    ):
        order = (day, visited_at or time.min, visit_id)
        known = latest.get(household_id)
        if known is None or order > known[0]:
            latest[household_id] = (order, _LatestVisit(visit_id, day, outcome))
    return {household_id: visit for household_id, (_, visit) in latest.items()}


def _visit_lines(session: Session, visit_ids: list[int]) -> dict[tuple[int, int], tuple]:
    """(visit id, resident id) → (met, reason) for the visits given."""
    found: dict[tuple[int, int], tuple] = {}
    for start in range(0, len(visit_ids), 900):
        chunk = visit_ids[start : start + 900]
        for visit_id, resident_id, met, reason in session.execute(
            select(
                VisitResident.visit_id,
                VisitResident.resident_id,
                VisitResident.met,
                VisitResident.reason_not,
            ).where(VisitResident.visit_id.in_(chunk))
        ):
            found[(visit_id, resident_id)] = (met, reason)
    return found


def _group_people(
    session: Session,
    campaign: CampaignInfo,
    group_id: int,
    on: date,
    latest: dict[int, _LatestVisit],
    lines: dict[tuple[int, int], tuple],
) -> list[PendingPerson]:
    people = []
    for row, owed in residents_owed(
        session,
        Household.group_id == group_id,
        campaign.services,
        on,
        columns=(Resident.full_name, Household.code, Household.address, Household.head_name),
        order_by=(Household.address_sort_key, Household.id, Resident.position, Resident.id),
    ):
        people.append(
            PendingPerson(
                full_name=row.full_name,
                birth_year=birth_year_of(row),
                masked_id=mask_personal_id(row.personal_id),
                household_code=row.code,
                address=row.address,
                head_name=row.head_name,
                services=tuple(SERVICE_LABELS[service] for service in owed),
                reason=_reason(latest.get(row.household_id), lines, row.id),
            )
        )
    return people


def _reason(
    visit: _LatestVisit | None, lines: dict[tuple[int, int], tuple], resident_id: int
) -> str:
    """Why a resident is still pending, from the household's latest visit."""
    if visit is None:
        return NOT_VISITED
    when = f"{visit.day:%d/%m/%Y}"
    if visit.outcome != MET:
        return f"{OUTCOME_LABELS.get(visit.outcome, visit.outcome)} (lần đến {when})"
    line = lines.get((visit.visit_id, resident_id))
    if line is None:
        return f"Chưa ghi kết quả (lần đến {when})"
    met, reason = line
    if reason:
        return f"{REASON_LABELS.get(reason, reason)} (lần đến {when})"
    return f"Đã gặp, chưa làm xong (lần đến {when})" if met else f"Không gặp (lần đến {when})"
