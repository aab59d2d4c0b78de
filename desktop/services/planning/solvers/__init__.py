"""The vehicle-routing library behind one interface (see base.RoutingSolver).

OR-Tools is the product's solver: on the demo ward it served more services than PyVRP
at the same time limit on 200, 500 and 2,000 candidates (bench/plan.py, which keeps a
PyVRP adapter for the comparison).
"""

from __future__ import annotations

from desktop.services.planning.solvers.base import (
    RoutingProblem,
    RoutingSolution,
    RoutingSolver,
    objective,
)

__all__ = ["RoutingProblem", "RoutingSolution", "RoutingSolver", "default_solver", "objective"]


def default_solver() -> RoutingSolver:
    """The product's routing solver (OR-Tools, imported only when planning starts)."""
    from desktop.services.planning.solvers.ortools_solver import OrToolsSolver

    return OrToolsSolver()
