"""The planning lists' rows as plain data, made from the planning input and the plan.

One StopRow per household on a list (a team's route, the unassigned, those without
coordinates) and one TeamRow per line of the team summary; the Qt models only show
them. Kept apart from the models so that the words and numbers are easy to test.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from html import escape

from PySide6.QtCore import QCoreApplication

from desktop.domain.campaign import SERVICE_LABELS
from desktop.services.planning import Candidate, NightPlan, PlanningInput, RoutePlan
from desktop.services.planning.schedule import door_seconds


def _tr(text: str) -> str:
    return QCoreApplication.translate("PlanningRows", text)


UNASSIGNED = -1  # the summary's line (and list) of households no team takes
WITHOUT_COORDINATES = -2  # the summary's line of households placed by address only


@dataclass(frozen=True)
class StopRow:
    """A household on one of the lists."""

    household_id: int
    number: int | None  # 1-based on its route; None off the routes
    arrives_at: time | None
    address: str
    head_name: str
    group: str
    pending: int  # services still to do there
    minutes: int  # at the door
    walk_m: float | None  # from the previous stop (or the meeting point)
    locked: bool
    estimated: bool  # no coordinates: placed by address
    team_name: str  # "" while unassigned
    time_hint: time | None
    revisit: bool


@dataclass(frozen=True)
class TeamRow:
    """A line of the team summary: a team's evening, or the unassigned households."""

    key: int  # team id, or UNASSIGNED / WITHOUT_COORDINATES
    index: int | None  # colour index of the team; None for the other lines
    name: str
    members: tuple[str, ...]
    stops: int
    services: int
    walk_m: float | None
    minutes: float | None
    window_minutes: float
    returns_at: time | None
    fits_window: bool


def route_rows(planning: PlanningInput, plan: NightPlan, route: RoutePlan) -> list[StopRow]:
    """The stops of a route in walking order."""
    return [
        _row(
            planning,
            plan,
            planning.candidate(stop.household_id),
            number=number,
            arrives_at=stop.arrives_at,
            walk_m=stop.walk_m,
            team_name=route.team_name,
            helpers=planning.team(route.team_id).helpers,
        )
        for number, stop in enumerate(route.stops, start=1)
    ]


def unassigned_rows(planning: PlanningInput, plan: NightPlan) -> list[StopRow]:
    """The households no team takes tonight, most services first."""
    return [
        _row(planning, plan, planning.candidate(household_id)) for household_id in plan.unassigned
    ]


def without_coordinates_rows(planning: PlanningInput, plan: NightPlan) -> list[StopRow]:
    """The households placed by address only, in address order, with the team they go to."""
    where: dict[int, tuple[RoutePlan, int]] = {}
    for route in plan.routes:
        for number, stop in enumerate(route.stops, start=1):
            where[stop.household_id] = (route, number)
    rows = []
    for household_id in plan.without_coordinates:
        route, number = where.get(household_id, (None, None))
        stop = route.stops[number - 1] if route is not None and number else None
        rows.append(
            _row(
                planning,
                plan,
                planning.candidate(household_id),
                number=number,
                arrives_at=stop.arrives_at if stop else None,
                walk_m=stop.walk_m if stop else None,
                team_name=route.team_name if route else "",
                helpers=planning.team(route.team_id).helpers if route else None,
            )
        )
    return rows


def team_rows(planning: PlanningInput, plan: NightPlan) -> list[TeamRow]:
    """A line per team, then the unassigned, then (if any) those without coordinates."""
    rows = []
    for index, team in enumerate(planning.teams):
        route = plan.route(team.team_id)
        rows.append(
            TeamRow(
                key=team.team_id,
                index=index,
                name=team.name,
                members=tuple(member.full_name for member in team.members),
                stops=len(route.stops),
                services=route.expected_services,
                walk_m=route.walk_m,
                minutes=route.minutes,
                window_minutes=planning.window_minutes,
                returns_at=route.returns_at if route.stops else None,
                fits_window=route.fits_window,
            )
        )
    left = [planning.candidate(household_id) for household_id in plan.unassigned]
    rows.append(_other_row(UNASSIGNED, _tr("Chưa xếp tổ"), left, planning.window_minutes))
    if plan.without_coordinates:
        placed = [planning.candidate(household_id) for household_id in plan.without_coordinates]
        rows.append(
            _other_row(WITHOUT_COORDINATES, _tr("Chưa có toạ độ"), placed, planning.window_minutes)
        )
    return rows


def pending_lines(candidate: Candidate) -> list[str]:
    """ "Nguyễn Văn An (Chủ hộ): Cài VNeID (mức 1), Cài Báo cháy 114" per pending resident."""
    return [
        f"{resident.full_name} ({resident.relation}): "
        + ", ".join(SERVICE_LABELS.get(service, service) for service in resident.services)
        for resident in candidate.residents
    ]


def household_tooltip(planning: PlanningInput, plan: NightPlan, household_id: int) -> str:
    """Rich text for hovering a household: address, head, team and time, pending services."""
    candidate = planning.candidate(household_id)
    lines = [
        f"<b>{escape(candidate.address or candidate.code)}</b> ({escape(candidate.group)})",
        escape(_tr("Chủ hộ: {name}").format(name=candidate.head_name)),
        escape(_where(plan, household_id)),
        escape(_tr("Còn {count} việc:").format(count=candidate.worth))
        + "<br>"
        + "<br>".join(f"• {escape(line)}" for line in pending_lines(candidate)),
    ]
    if candidate.time_hint is not None:
        hint = _tr("Hẹn quay lại khoảng {time}").format(time=f"{candidate.time_hint:%H:%M}")
        lines.append(escape(hint))
    if not candidate.has_coordinates:
        lines.append(f"<i>{escape(_tr('Chưa có toạ độ: vị trí ước tính theo số nhà'))}</i>")
    return "<br>".join(lines)


def _where(plan: NightPlan, household_id: int) -> str:
    for route in plan.routes:
        if household_id in route.household_ids:
            number = route.household_ids.index(household_id)
            text = _tr("{team}, điểm thứ {number}, đến lúc {time}").format(
                team=route.team_name,
                number=number + 1,
                time=f"{route.stops[number].arrives_at:%H:%M}",
            )
            if household_id in plan.locks:
                text += _tr(" (đã khóa vào tổ)")
            return text
    return _tr("Chưa xếp tổ")


def _row(
    planning: PlanningInput,
    plan: NightPlan,
    candidate: Candidate,
    *,
    number: int | None = None,
    arrives_at: time | None = None,
    walk_m: float | None = None,
    team_name: str = "",
    helpers: int | None = None,
) -> StopRow:
    """A household's row; its minutes at the door for a team of `helpers` (None: the
    night's typical team, for a household no team takes yet)."""
    door = door_seconds(planning, candidate, helpers or planning.typical_helpers)
    return StopRow(
        household_id=candidate.household_id,
        number=number,
        arrives_at=arrives_at,
        address=candidate.address or candidate.code,
        head_name=candidate.head_name,
        group=candidate.group,
        pending=candidate.worth,
        minutes=round(door / 60),
        walk_m=walk_m,
        locked=candidate.household_id in plan.locks,
        estimated=not candidate.has_coordinates,
        team_name=team_name,
        time_hint=candidate.time_hint,
        revisit=candidate.revisit,
    )


def _other_row(key: int, name: str, candidates: list[Candidate], window: float) -> TeamRow:
    return TeamRow(
        key=key,
        index=None,
        name=name,
        members=(),
        stops=len(candidates),
        services=sum(candidate.worth for candidate in candidates),
        walk_m=None,
        minutes=None,
        window_minutes=window,
        returns_at=None,
        fits_window=True,
    )
