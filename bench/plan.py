"""Night route planning: solver choice, speed, tour quality and gain over a hand plan (issue #5).

    python bench/plan.py [--households 2000] [--time-limit 3] [--quick]

Builds (once, cached under bench/.cache/) a demo ward with a current campaign of 8
teams, then prints:

1. the solver comparison: OR-Tools and PyVRP on the same 50, 200 and 500 candidates
   drawn from the ward (and the whole ward), same time limit, 8 teams: services
   planned, metres walked, households, solve time;
2. end to end through the service (reading candidates, walking map, solve, walking
   order) for 8 teams over the whole ward, against the 10 s target;
3. tour quality: each route's closed walk against a strong reference tour of the same
   stops (exact Held–Karp up to 12 stops, a 10 s OR-Tools TSP beyond), as walked (along
   the streets with a map, else straight line × detour),
   also with faster visit settings (long routes) and with revisit time hints;
4. the plan against the duty officer's street-by-street hand plan, and the ratio;
5. how even the teams' evenings are.

PyVRP is needed only here (bench/plan_pyvrp.py); the product plans with OR-Tools.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import statistics
import subprocess
import sys
import time
from datetime import date
from datetime import time as clock_time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from desktop.domain.addresses import house_number_key  # noqa: E402
from desktop.domain.campaign import OFFICER, YOUTH_UNION  # noqa: E402
from desktop.services.campaigns import (  # noqa: E402
    CampaignInput,
    create_campaign,
    current_campaign,
)
from desktop.services.database import open_database  # noqa: E402
from desktop.services.planning import PlanRequest, load_planning_input, plan_night  # noqa: E402
from desktop.services.planning.geometry import tour_length  # noqa: E402
from desktop.services.planning.model import PlanningInput  # noqa: E402
from desktop.services.planning.network import walking_map  # noqa: E402
from desktop.services.planning.problem import routing_problem  # noqa: E402
from desktop.services.planning.schedule import door_seconds  # noqa: E402
from desktop.services.planning.solvers import RoutingProblem, objective  # noqa: E402
from desktop.services.planning.solvers.base import PRIZE_PER_SERVICE  # noqa: E402
from desktop.services.planning.solvers.ortools_solver import OrToolsSolver  # noqa: E402
from desktop.services.planning.tours import EXACT_LIMIT, shortest_tour  # noqa: E402
from desktop.services.settings import PlanningSettings  # noqa: E402
from desktop.services.teams import (  # noqa: E402
    MemberInput,
    TeamInput,
    add_member_to_team,
    create_member,
    create_team,
    list_teams,
)

TODAY = date(2026, 11, 30)
TEAMS = 8
_GIVEN_NAMES = ("An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Khánh", "Lan", "Minh", "Ngọc")


# --- The ward ------------------------------------------------------------------------


def demo_database(households: int, seed: int) -> str:
    """A cached demo ward of that size with a current campaign of at least 8 teams."""
    cache = ROOT / "bench" / ".cache"
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"plan-{households}-seed{seed}.sqlite3"
    url = f"sqlite:///{path}"
    if not path.exists():
        print(f"Tạo phường mẫu {households} hộ (một lần)…", file=sys.stderr)
        subprocess.run(
            [sys.executable, "-m", "desktop", "--db", url, "demo", "--households",
             str(households), "--seed", str(seed), "--today", TODAY.isoformat()],
            check=True,
            cwd=ROOT,
        )  # fmt: skip
    database = open_database(url)
    with database.session() as session:
        _ensure_teams(session)
    database.close()
    return url


def _ensure_teams(session) -> None:
    """The demo's campaign and teams when it has them; made here when it does not (yet)."""
    campaign = current_campaign(session)
    if campaign is None:
        campaign_id = create_campaign(
            session,
            CampaignInput(
                name="Cao điểm 50 ngày đêm (bench)",
                starts_on=date(2026, 11, 1),
                ends_on=date(2026, 12, 31),
            ),
            make_current=True,
        )
    else:
        campaign_id = campaign.id
    teams = [team for team in list_teams(session, campaign_id, TODAY, True) if team.members]
    for number in range(len(teams) + 1, TEAMS + 1):
        team_id = create_team(session, campaign_id, TeamInput(name=f"Tổ bench {number:02d}"))
        for seat, role in enumerate((OFFICER, YOUTH_UNION)):
            member_id = create_member(
                session,
                MemberInput(full_name=f"Trần {_GIVEN_NAMES[(2 * number + seat) % 10]}", role=role),
            )
            add_member_to_team(session, team_id, member_id, date(2026, 11, 1))


# --- 1. Solver comparison -------------------------------------------------------------


def solver_comparison(planning: PlanningInput, sizes: list[int], limit: float) -> None:
    from plan_pyvrp import PyVrpSolver

    solvers = [OrToolsSolver(), PyVrpSolver()]
    print(f"   {TEAMS} teams, {limit:g} s each, same instances (demo ward)")
    print(f"{'candidates':>10} {'solver':>8} {'services':>9} {'walk_m':>8} {'stops':>6} "
          f"{'time_s':>7} {'objective':>12}")  # fmt: skip
    rng = random.Random(7)
    everyone = [candidate.household_id for candidate in planning.candidates]
    for size in sizes:
        chosen = everyone if size >= len(everyone) else sorted(rng.sample(everyone, size))
        problem, _ = routing_problem(planning, chosen)
        for solver in solvers:
            solution = solver.solve(problem, limit, seed=1)
            served, walked, stops = _measure(problem, solution.routes)
            total = objective(problem, solution.routes)
            print(f"{len(chosen):>10} {solver.name:>8} {served:>9} {walked:>8} {stops:>6} "
                  f"{solution.seconds:>7.2f} {total:>12}")  # fmt: skip


def _measure(problem: RoutingProblem, routes: list[list[int]]) -> tuple[int, int, int]:
    served = sum(int(problem.prize[node]) for route in routes for node in route)
    walked = objective(problem, routes) - sum(
        int(problem.prize[node])
        for node in range(1, problem.nodes)
        if node not in {stop for route in routes for stop in route}
    )
    return served // PRIZE_PER_SERVICE, walked, sum(len(route) for route in routes)


# --- 2. End to end ---------------------------------------------------------------------


def end_to_end(url: str, repeat: int) -> tuple[PlanningInput, object]:
    print(f"\n2. End to end: {TEAMS} teams, whole ward, through the service (target ≤ 10 s)")
    database = open_database(url)
    timings, last = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        with database.session() as session:
            planning = load_planning_input(session, PlanRequest(day=TODAY, team_count=TEAMS))
        read = time.perf_counter() - started
        plan = plan_night(planning)
        total = time.perf_counter() - started
        timings.append(total)
        last = (planning, plan)
        print(f"   candidates {len(planning.candidates)}: read + map {read:.2f} s, "
              f"total {total:.2f} s, services {plan.expected_services}")  # fmt: skip
    database.close()
    print(f"   median {statistics.median(timings):.2f} s, worst {max(timings):.2f} s")
    return last


# --- 3. Tour quality -------------------------------------------------------------------


def reference_tour(stops: list[int], matrix: np.ndarray) -> float:
    """The best closed tour we can find: exact when short, a long OR-Tools TSP otherwise."""
    if len(stops) <= EXACT_LIMIT:
        return tour_length(shortest_tour(stops, matrix), matrix)
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

    nodes = [0, *stops]
    sub = np.rint(matrix[np.ix_(nodes, nodes)] * 100).astype(int).tolist()
    manager = pywrapcp.RoutingIndexManager(len(nodes), 1, 0)
    routing = pywrapcp.RoutingModel(manager)
    routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitMatrix(sub))
    parameters = pywrapcp.DefaultRoutingSearchParameters()
    parameters.local_search_metaheuristic = (
        routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    )
    parameters.time_limit.FromSeconds(10)
    solution = routing.SolveWithParameters(parameters)
    order, index = [], solution.Value(routing.NextVar(routing.Start(0)))
    while not routing.IsEnd(index):
        order.append(nodes[manager.IndexToNode(index)])
        index = solution.Value(routing.NextVar(index))
    return min(tour_length(order, matrix), tour_length(shortest_tour(stops, matrix), matrix))


def tour_quality(label: str, planning: PlanningInput, plan) -> float:
    network = walking_map(planning)
    gaps = []
    for route in plan.routes:
        nodes = [network.node(stop.household_id) for stop in route.stops]
        if not nodes:
            continue
        ours = tour_length(nodes, network.walk)
        best = reference_tour(nodes, network.walk)
        gaps.append((ours / best - 1) * 100 if best else 0.0)
    sizes = [len(route.stops) for route in plan.routes]
    worst, mean = max(gaps), statistics.mean(gaps)
    print(f"   {label}: {len(gaps)} routes of {min(sizes)}–{max(sizes)} stops, "
          f"gap to reference: max {worst:.2f} %, mean {mean:.2f} %")  # fmt: skip
    return max(gaps)


def with_hints(planning: PlanningInput, share: float = 0.1) -> PlanningInput:
    """The same night with a tenth of the households asking for a time (revisits)."""
    rng = random.Random(3)
    hours = [f"{hour}:{minute:02d}" for hour in (19, 20, 21) for minute in (0, 30)]
    candidates = tuple(
        dataclasses.replace(
            candidate,
            revisit=True,
            time_hint=clock_time.fromisoformat(f"{rng.choice(hours):0>5}"),
        )
        if rng.random() < share
        else candidate
        for candidate in planning.candidates
    )
    return dataclasses.replace(planning, candidates=candidates)


# --- 4. The hand plan ------------------------------------------------------------------


def hand_plan(
    planning: PlanningInput, continue_mid_street: bool = False
) -> tuple[int, int, list[int]]:
    """The duty officer's plan: each team takes the next streets, walking each house by
    house (odd side up, even side back down) until its time is up; the next team takes
    the next street. With `continue_mid_street` the next team goes on from the very
    house where the last one stopped (kinder to the hand plan). Returns (services,
    households, services per team)."""
    network = walking_map(planning)
    horizon = planning.window_minutes * 60
    ordered = sorted(
        range(1, len(planning.candidates) + 1), key=lambda node: _walk_key(planning, node)
    )
    street_of = [planning.candidates[node - 1].street or "" for node in ordered]
    position, per_team, visited = 0, [], 0
    for team in planning.teams:
        clock, previous, served = 0.0, 0, 0
        while position < len(ordered):
            node = ordered[position]
            candidate = planning.candidates[node - 1]
            arrive = clock + network.seconds[previous, node]
            leave = arrive + door_seconds(planning, candidate, team.helpers)
            if leave + network.seconds[node, 0] > horizon:
                break  # time is up
            clock, previous, served = leave, node, served + candidate.worth
            position += 1
            visited += 1
        per_team.append(served)
        if not continue_mid_street and 0 < position < len(ordered):
            interrupted = street_of[position - 1]
            while position < len(ordered) and street_of[position] == interrupted:
                position += 1  # the rest of that street waits for another night
    return sum(per_team), visited, per_team


def _walk_key(planning: PlanningInput, node: int) -> tuple:
    candidate = planning.candidates[node - 1]
    street_and_lane, _, _ = candidate.address_sort_key.rpartition("|")
    side, number, rest = house_number_key(candidate.house_number)
    return (street_and_lane, side, number if side == 0 else -number, rest)


# --- Main ------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=3.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="skip the solver comparison")
    args = parser.parse_args()
    url = demo_database(args.households, args.seed)

    planning, plan = end_to_end(url, args.repeat)
    print("\n1. Solver comparison" + (" skipped (--quick)" if args.quick else ""))
    if not args.quick:
        solver_comparison(planning, [50, 200, 500, len(planning.candidates)], args.time_limit)

    print("\n3. Walking order against the best closed tour of the same stops (target ≤ 3 %)")
    tour_quality("default settings", planning, plan)
    hinted = with_hints(planning)
    tour_quality("10 % revisits with time hints", hinted, plan_night(hinted))
    fast = dataclasses.replace(
        planning, settings=PlanningSettings(minutes_per_household=2, minutes_per_service=1)
    )
    tour_quality("long routes (2 min/household, 1 min/service)", fast, plan_night(fast))

    print("\n4. Against the street-by-street hand plan (target ≥ 1.25×)")
    planned = plan.expected_services
    households = sum(len(route.stops) for route in plan.routes)
    print(f"   planned:     {planned} services at {households} households "
          f"(per team {[route.expected_services for route in plan.routes]})")  # fmt: skip
    for label, kind in (("next street", False), ("mid-street", True)):
        hand, hand_households, hand_teams = hand_plan(planning, continue_mid_street=kind)
        print(f"   hand plan, next team starts at the {label}: {hand} services at "
              f"{hand_households} households (per team {hand_teams}); "
              f"ratio {planned / hand:.2f}×")  # fmt: skip

    print("   same ward, other visit times (minutes per household + per service):")
    for per_household, per_service in ((3, 3), (2, 1)):
        other = dataclasses.replace(
            planning,
            settings=PlanningSettings(
                minutes_per_household=per_household, minutes_per_service=per_service
            ),
        )
        services = plan_night(other).expected_services
        by_street, _, _ = hand_plan(other)
        mid_street, _, _ = hand_plan(other, continue_mid_street=True)
        print(f"   {per_household} + {per_service} min: planned {services}, hand plan "
              f"{by_street} (next street) / {mid_street} (mid-street); ratio "
              f"{services / by_street:.2f}× / {services / mid_street:.2f}×")  # fmt: skip

    print("\n5. Teams' evenings (minutes out, walk, services)")
    for route in plan.routes:
        services, stops = route.expected_services, len(route.stops)
        print(f"   {route.team_name:<18} {route.minutes:6.1f} min {route.walk_m:7.0f} m "
              f"{services:4d} services {stops:3d} households")  # fmt: skip
    minutes = [route.minutes for route in plan.routes]
    print(f"   spread: {min(minutes):.1f}–{max(minutes):.1f} min of "
          f"{planning.window_minutes:.0f}")  # fmt: skip


if __name__ == "__main__":
    main()
