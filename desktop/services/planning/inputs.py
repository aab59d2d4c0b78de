"""Reading a night's planning input from the database, and refusing what cannot be planned."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import time

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.db.models import Household, ResidentialGroup, Shift, ShiftStop, Ward
from desktop.domain.errors import UserError
from desktop.services.planning.candidates import load_candidates
from desktop.services.planning.geometry import to_lat_lon, to_metres
from desktop.services.planning.model import Candidate, LatLon, PlanningInput, PlanRequest
from desktop.services.planning.network import walking_map
from desktop.services.planning.night_teams import campaign_for_night, night_teams
from desktop.services.planning.schedule import door_seconds
from desktop.services.planning.street_order import AddressPoint, estimate_from_neighbours
from desktop.services.planning.streets import load_street_ways
from desktop.services.settings import load_planning_settings
from desktop.services.wards import current_ward

_NO_COORDINATES = (
    "Chưa có toạ độ của hộ nào: lộ trình được xếp theo đường, ngõ và số nhà "
    "(số lẻ, số chẵn); quãng đường và thời gian đi bộ chỉ là ước tính."
)


def load_planning_input(session: Session, request: PlanRequest) -> PlanningInput:
    """Teams, candidates, settings and meeting point for the night the request names.

    Raises UserError (one Vietnamese sentence) when there is no current campaign or no
    team, a team has no members, a group is unknown, the window is empty or too short
    for even one visit, or nothing is pending in the area.
    """
    _check_window(request.starts_at, request.ends_at)
    ward = current_ward(session)
    if ward is None:
        raise UserError("Cơ sở dữ liệu chưa có phường/xã nào; hãy nhập danh sách hộ trước.")
    campaign = campaign_for_night(session, request.day)
    groups = _groups(session, ward, request.group_names)
    teams = night_teams(session, campaign, request.day, request.team_count, request.team_ids)
    services = tuple(campaign.services)
    taken = _on_other_routes(session, request, [team.team_id for team in teams])
    candidates = load_candidates(
        session, campaign.id, [group.id for group in groups], services, request.day, taken
    )
    area = _area_name(request.group_names)
    if not candidates:
        raise UserError(
            f"Không còn hộ nào cần vận động ở {area}: mọi người trong diện đã được làm xong "
            "hoặc đã được xếp cho tổ khác tối nay."
        )
    meeting_point, meeting_label, notices = _meeting_point(request, ward, candidates)
    estimated, placement_notices = _estimated_positions(session, candidates, meeting_point)
    planning = PlanningInput(
        campaign_id=campaign.id,
        campaign_name=campaign.name,
        ward_name=f"{ward.kind} {ward.name}",
        day=request.day,
        starts_at=request.starts_at,
        ends_at=request.ends_at,
        group_names=tuple(group.name for group in groups) if request.group_names else (),
        group_ids=tuple(group.id for group in groups) if request.group_names else (),
        meeting_point=meeting_point,
        meeting_label=meeting_label,
        teams=teams,
        candidates=tuple(candidates),
        settings=load_planning_settings(session),
        estimated_positions=estimated,
        notices=(*notices, *placement_notices),
        streets=load_street_ways(session),
    )
    _check_one_visit_fits(planning)
    return planning


def _check_window(starts_at: time, ends_at: time) -> None:
    if ends_at <= starts_at:
        raise UserError(
            f"Giờ kết thúc ({ends_at:%H:%M}) phải sau giờ bắt đầu ({starts_at:%H:%M}) "
            "trong cùng một buổi tối."
        )


def _groups(session: Session, ward: Ward, names: Sequence[str]) -> list[ResidentialGroup]:
    """The named groups (all of the ward's when none is named); refuses an unknown name."""
    groups = session.scalars(
        select(ResidentialGroup)
        .where(ResidentialGroup.ward_id == ward.id)
        .order_by(ResidentialGroup.sort_key, ResidentialGroup.id)
    ).all()
    if not names:
        return list(groups)
    by_name = {" ".join(group.name.casefold().split()): group for group in groups}
    chosen, unknown = [], []
    for name in names:
        group = by_name.get(" ".join(name.casefold().split()))
        if group is None:
            unknown.append(name)
        elif group not in chosen:
            chosen.append(group)
    if unknown:
        known = ", ".join(group.name for group in groups[:12])
        more = "…" if len(groups) > 12 else ""
        raise UserError(
            f"Không có tổ dân phố “{unknown[0]}” trong {ward.kind.lower()} {ward.name}; "
            f"các tổ hiện có: {known}{more}."
        )
    return chosen


def _area_name(group_names: Sequence[str]) -> str:
    if not group_names:
        return "toàn phường"
    return ", ".join(group_names)


def _on_other_routes(session: Session, request: PlanRequest, team_ids: list[int]) -> set[int]:
    """Households already on the night's saved routes of teams not being planned now."""
    return set(
        session.scalars(
            select(ShiftStop.household_id)
            .join(Shift, Shift.id == ShiftStop.shift_id)
            .where(Shift.day == request.day, Shift.team_id.not_in(team_ids))
        )
    )


def _meeting_point(
    request: PlanRequest, ward: Ward, candidates: list[Candidate]
) -> tuple[LatLon | None, str, list[str]]:
    """The meeting point, its label for the walk sheet, and a notice when it is guessed.

    The station (`denkhuya station LAT,LON`, or the planning window's station dialog) is
    every plan's meeting point unless the request names another."""
    if request.meeting_point is not None:
        label = request.meeting_label or (
            f"Điểm tập trung {request.meeting_point[0]:.5f}, {request.meeting_point[1]:.5f}"
        )
        return request.meeting_point, label, []
    if ward.station_lat is not None and ward.station_lon is not None:
        return (ward.station_lat, ward.station_lon), f"Trụ sở {ward.station_name}", []
    located = [(c.lat, c.lon) for c in candidates if c.has_coordinates]
    if not located:
        return None, f"Trụ sở {ward.station_name}", []
    middle = (
        sum(point[0] for point in located) / len(located),
        sum(point[1] for point in located) / len(located),
    )
    notice = (
        "Chưa có toạ độ của trụ sở công an (đặt bằng “Vị trí trụ sở…” trong cửa sổ lập tuyến "
        "hoặc lệnh denkhuya station LAT,LON); điểm tập trung tạm lấy ở giữa các hộ cần đến "
        "(có thể chọn điểm khác bằng --meet)."
    )
    return middle, f"Điểm tập trung {middle[0]:.5f}, {middle[1]:.5f}", [notice]


def _estimated_positions(
    session: Session, candidates: list[Candidate], meeting_point: LatLon | None
) -> tuple[dict[int, LatLon], list[str]]:
    """Positions for households without coordinates from their street's located houses."""
    missing = [candidate for candidate in candidates if not candidate.has_coordinates]
    if not missing:
        return {}, []
    if len(missing) == len(candidates) and not _ward_has_coordinates(session):
        return {}, [_NO_COORDINATES]
    streets = {candidate.street for candidate in missing if candidate.street}
    rows = session.execute(
        select(
            Household.id,
            Household.street,
            Household.lane,
            Household.house_number,
            Household.address_sort_key,
            Household.lat,
            Household.lon,
        ).where(
            Household.street.in_(list(streets)),
            Household.lat.is_not(None),
            Household.lon.is_not(None),
        )
    ).all()
    origin = meeting_point or ((rows[0].lat, rows[0].lon) if rows else None)
    located = []
    if rows and origin is not None:
        metres = to_metres([(row.lat, row.lon) for row in rows], origin)
        located = [
            AddressPoint(
                row.id, row.street, row.lane, row.house_number, row.address_sort_key, *metres[i]
            )
            for i, row in enumerate(rows)
        ]
    estimates = estimate_from_neighbours(
        (
            AddressPoint(c.household_id, c.street, c.lane, c.house_number, c.address_sort_key)
            for c in missing
        ),
        located,
    )
    positions = {
        household_id: to_lat_lon(point, origin) for household_id, point in estimates.items()
    }
    if not positions and len(missing) == len(candidates):
        return {}, [_NO_COORDINATES]
    notices = (
        [
            f"{len(positions)} hộ chưa có toạ độ được xếp cạnh các hộ cùng phố theo số nhà "
            "(số lẻ, số chẵn)."
        ]
        if positions
        else []
    )
    unplaced = len(missing) - len(positions)
    if unplaced:
        notices.append(
            f"{unplaced} hộ ở phố chưa có hộ nào có toạ độ: xếp theo đường, ngõ và số nhà; "
            "quãng đường đến đó chỉ là ước tính."
        )
    return positions, notices


def _ward_has_coordinates(session: Session) -> bool:
    return (
        session.scalar(select(Household.id).where(Household.lat.is_not(None)).limit(1)) is not None
    )


def _check_one_visit_fits(planning: PlanningInput) -> None:
    """Refuse a window in which no team could visit even the nearest, quickest household."""
    network = walking_map(planning)
    window = planning.window_minutes * 60
    helpers = max(team.helpers for team in planning.teams)
    nodes = np.arange(1, len(planning.candidates) + 1)
    there_and_back = network.seconds[0, nodes] + network.seconds[nodes, 0]
    quickest = min(
        float(walk) + door_seconds(planning, candidate, helpers)
        for walk, candidate in zip(there_and_back, planning.candidates, strict=True)
    )
    if quickest > window:
        raise UserError(
            f"Khung giờ {planning.starts_at:%H:%M}–{planning.ends_at:%H:%M} quá ngắn để đến "
            f"dù chỉ một hộ (cần ít nhất {math.ceil(quickest / 60)} phút kể cả đi bộ); "
            "hãy kéo dài khung giờ."
        )
