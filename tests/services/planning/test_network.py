"""The walking map: whole matrices for a ward, the same distances pair by pair for a city."""

from __future__ import annotations

import numpy as np
import pytest

from desktop.services.planning import PlanRequest, load_planning_input
from desktop.services.planning.network import PairwiseWalks, build_walking_map
from tests.conftest import TODAY
from tests.services.planning.builders import make_small_ward, pending_household


def _planning(database):
    with database.session() as session:
        ward = make_small_ward(session, households=8, teams=2)
        group = ward.groups["Tổ 1"]
        # Two streets nothing locates: drawn on the schematic map, reached via the station.
        pending_household(session, group, "4", street="phố Cốc Lếu", located=False)
        pending_household(session, group, "9", street="phố Cốc Lếu", located=False)
        pending_household(session, group, "2", street="ngõ Trần Phú", located=False)
    with database.session() as session:
        return load_planning_input(session, PlanRequest(day=TODAY))


def test_distances_pair_by_pair_equal_the_whole_matrices(database) -> None:
    planning = _planning(database)
    whole = build_walking_map(planning)
    by_pairs = build_walking_map(planning, dense_nodes=0)
    assert isinstance(whole.straight, np.ndarray)
    assert isinstance(by_pairs.straight, PairwiseWalks)
    assert not whole.placed.all()  # the unplaced streets are part of the check
    every = np.ix_(np.arange(len(whole.points)), np.arange(len(whole.points)))
    for name in ("straight", "walk", "seconds"):
        dense, lazy = getattr(whole, name), getattr(by_pairs, name)
        assert lazy[every] == pytest.approx(dense)
        assert lazy[0, 3] == pytest.approx(dense[0, 3])
        assert isinstance(lazy[2, 5], float)
        nodes = np.array([1, 4, 9])
        assert lazy[0, nodes] == pytest.approx(dense[0, nodes])
        assert lazy[nodes, 0] == pytest.approx(dense[nodes, 0])


def test_an_unplaced_house_is_reached_through_the_meeting_point(database) -> None:
    planning = _planning(database)
    network = build_walking_map(planning, dense_nodes=0)
    unplaced = [node for node in range(1, len(network.points)) if not network.placed[node]]
    located = [node for node in range(1, len(network.points)) if network.placed[node]]
    approach = network.straight[0, unplaced[0]]
    assert network.straight[0, unplaced[1]] == pytest.approx(approach)
    assert network.straight[located[0], unplaced[0]] == pytest.approx(
        network.straight[0, located[0]] + approach
    )
