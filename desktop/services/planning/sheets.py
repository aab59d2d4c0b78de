"""Walk sheets for a night's plan: the plain data the PDF writer prints, and printing it.

ID numbers are masked to their last 4 digits here, before anything reaches paper. With
a loaded map each team's route map carries the streets of its part of the ward and the
walk along them (the walking map's legs); households with no place on the map are left
off the map and named beside it. Without a map the sketch is today's: the stops, the
straight lines between them and the street of each stretch.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from pathlib import Path

from sqlalchemy.orm import Session

from desktop.domain import roles
from desktop.domain.campaign import (
    APP_114,
    CHIP_CARD_COLLECTED,
    DOCUMENTS,
    DOORSTEP_SERVICES,
    LEVEL2_COLLECTED,
    ROLE_LABELS,
    VNEID_INSTALLED,
)
from desktop.domain.errors import UserError
from desktop.domain.personal_id import mask_personal_id
from desktop.reports.route_sketch import SketchLabel, SketchPoint, SketchStreet, streets_area
from desktop.reports.walk_sheets import (
    SheetResident,
    SheetStop,
    WalkSheet,
    WalkSheets,
    write_walk_sheets,
)
from desktop.services import audit, signed_in
from desktop.services.output_files import check_target, written_in_place
from desktop.services.planning.model import NightPlan, NightTeam, PlanningInput, RoutePlan
from desktop.services.planning.network import WalkingMap, walking_map
from desktop.services.planning.sheet_streets import StreetLines, street_lines

# Column headings on the sheet: short enough for a 19 mm column.
SHEET_HEADINGS = {
    VNEID_INSTALLED: "Cài VNeID",
    LEVEL2_COLLECTED: "Hồ sơ mức 2",
    APP_114: "Báo cháy 114",
    DOCUMENTS: "Tích hợp giấy tờ",
    CHIP_CARD_COLLECTED: "Hồ sơ CCCD chíp",
}
_MAX_STREET_LABELS = 5
# Saved or printed walk sheets are an export of residents' data, audited as exports are.
SHEETS_ACTION = "export"
PRINTED_REASON = "print"  # the audit entry's reason when the sheets went to a printer


@dataclass(frozen=True)
class SheetsDraft:
    """Walk sheets laid out as a PDF, and what they hold (for the audit trail)."""

    day: date
    teams: int
    households: int
    residents: int
    pages: int


def print_walk_sheets(
    session: Session, planning: PlanningInput, plan: NightPlan, path: Path
) -> int:
    """Write the night's walk sheets (PDF) to `path`; return the number of pages.

    The sheets name residents, so the audit trail records who saved them, when, where
    and for how many households and residents (rolled back with the caller's
    transaction if the file cannot be written). Refuses a path that is a folder, in a
    folder that does not exist or cannot be written, or not a .pdf; the file is written
    beside the target and renamed at the end (desktop.services.output_files), so a
    failure leaves no half-written sheets.
    """
    signed_in.require(roles.CAMPAIGNS)
    path = Path(path).absolute()
    if path.suffix.lower() != ".pdf":
        raise UserError("Phiếu đi hộ chỉ xuất ra tệp .pdf.")
    check_target(path, "tên tệp .pdf cần tạo")
    sheets = walk_sheets(planning, plan)
    busy = f"Không ghi được tệp “{path}” (có thể tệp đang mở); hãy đóng tệp hoặc chọn tên khác."
    with written_in_place(path, busy) as temporary:
        pages = write_walk_sheets(temporary, sheets)
        _record_sheets(session, _draft(plan, sheets, pages), str(path))
        session.flush()
    return pages


def draft_walk_sheets(planning: PlanningInput, plan: NightPlan, path: Path) -> SheetsDraft:
    """Lay the night's walk sheets out as a PDF in `path` (a private scratch file) for the
    preview inside the program. Nothing is recorded yet: the sheets leave the program
    only when printed (record_printed_sheets) or saved (save_drafted_sheets)."""
    signed_in.require(roles.CAMPAIGNS)
    sheets = walk_sheets(planning, plan)
    return _draft(plan, sheets, write_walk_sheets(Path(path), sheets))


def record_printed_sheets(session: Session, draft: SheetsDraft, printer: str) -> None:
    """Record in the audit trail that the drafted sheets went to `printer`."""
    signed_in.require(roles.CAMPAIGNS)
    _record_sheets(session, draft, f"máy in: {printer}", PRINTED_REASON)
    session.flush()


def save_drafted_sheets(session: Session, draft: SheetsDraft, pdf: bytes, path: Path) -> Path:
    """Save the previewed sheets' PDF to `path`, audited as print_walk_sheets does (the
    same refusals, and no half-written file)."""
    signed_in.require(roles.CAMPAIGNS)
    path = Path(path).absolute()
    if path.suffix.lower() != ".pdf":
        raise UserError("Phiếu đi hộ chỉ xuất ra tệp .pdf.")
    check_target(path, "tên tệp .pdf cần tạo")
    busy = f"Không ghi được tệp “{path}” (có thể tệp đang mở); hãy đóng tệp hoặc chọn tên khác."
    with written_in_place(path, busy) as temporary:
        temporary.write_bytes(pdf)
        _record_sheets(session, draft, str(path))
        session.flush()
    return path


def _draft(plan: NightPlan, sheets: WalkSheets, pages: int) -> SheetsDraft:
    stops = [stop for sheet in sheets.sheets for stop in sheet.stops]
    return SheetsDraft(
        day=plan.day,
        teams=len(sheets.sheets),
        households=len(stops),
        residents=sum(len(stop.residents) for stop in stops),
        pages=pages,
    )


def _record_sheets(
    session: Session, draft: SheetsDraft, source: str, reason: str = SHEETS_ACTION
) -> None:
    audit.record_change(
        session,
        action=SHEETS_ACTION,
        reason=reason,
        entity_type="walk_sheets",
        entity_key=draft.day.isoformat(),
        changes={
            "teams": [None, draft.teams],
            "households": [None, draft.households],
            "residents": [None, draft.residents],
            "pages": [None, draft.pages],
        },
        source=source,
    )


def walk_sheets(planning: PlanningInput, plan: NightPlan) -> WalkSheets:
    """The sheets of every team in the plan, as plain data for the PDF writer."""
    signed_in.require(roles.CAMPAIGNS)
    pending = {service for c in planning.candidates for r in c.residents for service in r.services}
    services = tuple(
        (service, SHEET_HEADINGS[service]) for service in DOORSTEP_SERVICES if service in pending
    )
    network = walking_map(planning)
    streets = street_lines(planning) if network.streets is not None else None
    return WalkSheets(
        ward_name=planning.ward_name,
        campaign_name=planning.campaign_name,
        day=plan.day,
        window=f"{plan.starts_at:%H:%M}–{plan.ends_at:%H:%M}",
        meeting_label=planning.meeting_label,
        services=services,
        sheets=tuple(
            _sheet(planning, network, streets, planning.team(route.team_id), route)
            for route in plan.routes
        ),
        notices=plan.notices,
    )


def _sheet(
    planning: PlanningInput,
    network: WalkingMap,
    streets: StreetLines | None,
    team: NightTeam,
    route: RoutePlan,
) -> WalkSheet:
    nodes = [network.node(stop.household_id) for stop in route.stops]
    on_map = _on_map(network, streets, nodes)
    return WalkSheet(
        team_name=team.name,
        members=tuple(_member_line(member) for member in team.members),
        stops=tuple(
            _stop(planning, number, stop) for number, stop in enumerate(route.stops, start=1)
        ),
        walk_km=route.walk_m / 1000,
        returns_at=f"{route.returns_at:%H:%M}",
        expected_services=route.expected_services,
        sketch=tuple(
            SketchPoint(*map(float, network.points[node]))
            if on_map is None or on_map[index]
            else None
            for index, node in enumerate(nodes)
        ),
        sketch_labels=_street_labels(planning, nodes) if on_map is None else (),
        schematic=on_map is None and any(not network.placed[node] for node in nodes),
        streets=_team_streets(network, streets, nodes, on_map),
        legs=_legs(network, nodes, on_map),
    )


def _on_map(
    network: WalkingMap, streets: StreetLines | None, nodes: list[int]
) -> list[bool] | None:
    """Which stops have a place on the loaded map (None: no map, draw the sketch as
    without one)."""
    if streets is None:
        return None
    return [bool(network.placed[node]) for node in nodes]


def _team_streets(
    network: WalkingMap, streets: StreetLines | None, nodes: list[int], on_map: list[bool] | None
) -> tuple[SketchStreet, ...]:
    """The map's streets in the team's part of the ward."""
    if streets is None or on_map is None:
        return ()
    mapped = [
        tuple(map(float, network.points[node]))
        for node, shown in zip(nodes, on_map, strict=True)
        if shown
    ]
    return streets.inside(streets_area(mapped))


def _legs(
    network: WalkingMap, nodes: list[int], on_map: list[bool] | None
) -> tuple[tuple[tuple[float, float], ...], ...]:
    """The walk along the streets: meeting point → each stop on the map → meeting point."""
    if on_map is None:
        return ()
    mapped = [node for node, shown in zip(nodes, on_map, strict=True) if shown]
    if not mapped:
        return ()
    return tuple(
        tuple(map(tuple, network.leg(here, there).astype(float).round(2).tolist()))
        for here, there in pairwise([0, *mapped, 0])
    )


def _member_line(member) -> str:
    name = f"{member.rank} {member.full_name}" if member.rank else member.full_name
    role = ROLE_LABELS.get(member.role, member.role)
    return f"{name} – {role}" + (f", {member.unit}" if member.unit else "")


def _stop(planning: PlanningInput, number: int, stop) -> SheetStop:
    candidate = planning.candidate(stop.household_id)
    return SheetStop(
        number=number,
        arrives_at=f"{stop.arrives_at:%H:%M}",
        code=candidate.code,
        address=candidate.address or "(chưa có địa chỉ)",
        group=candidate.group,
        head_name=candidate.head_name,
        residents=tuple(
            SheetResident(
                full_name=resident.full_name,
                relation=resident.relation,
                birth_year=resident.birth_year,
                masked_id=mask_personal_id(resident.personal_id),
                services=resident.services,
            )
            for resident in candidate.residents
        ),
        time_hint=f"{candidate.time_hint:%H:%M}" if candidate.time_hint else None,
        revisit=candidate.revisit,
        without_coordinates=not candidate.has_coordinates,
    )


def _street_labels(planning: PlanningInput, nodes: list[int]) -> tuple[SketchLabel, ...]:
    """The street of each stretch of the route, written once at its first stop."""
    network = walking_map(planning)
    labels: list[SketchLabel] = []
    seen: set[str] = set()
    for node in nodes:
        street = planning.candidates[node - 1].street
        if not street or street in seen:
            continue
        seen.add(street)
        x, y = network.points[node]
        labels.append(SketchLabel(float(x), float(y), street))
        if len(labels) == _MAX_STREET_LABELS:
            break
    return tuple(labels)
