"""Where number n stands along a street: lines, chains of ways and numberings."""

import numpy as np
import pytest

from desktop.domain.house_numbering import STREET_SIDE_M, street_numbering
from desktop.domain.polylines import Polyline, longest_chains

EAST = Polyline.of([(0, 0), (100, 0), (200, 0)])


def test_project_and_point_at_go_both_ways():
    along, offset, distance = EAST.project((150, 7))
    assert (along, offset, distance) == (150, 7, 7)  # left of walking east is north
    assert EAST.project((50, -3))[1] == -3
    assert EAST.point_at(150, 7) == (150, 7)
    assert EAST.point_at(500) == (200, 0)  # clamped to the end


def test_ways_sharing_nodes_make_one_line_along_the_longest_path():
    points = np.array([(0, 0), (100, 0), (200, 0), (100, 30)], dtype=float)
    pieces = [
        ([1, 2], points[[0, 1]]),
        ([2, 3], points[[1, 2]]),
        ([2, 4], points[[1, 3]]),  # a short spur
    ]
    (line,) = longest_chains(pieces)
    assert line.length == pytest.approx(200)


def test_pieces_with_a_small_gap_are_joined_far_ones_stay_apart():
    near = [([1, 2], np.array([(0.0, 0.0), (100.0, 0.0)])),
            ([3, 4], np.array([(130.0, 0.0), (230.0, 0.0)]))]  # fmt: skip
    assert [round(line.length) for line in longest_chains(near)] == [230]
    far = [near[0], ([3, 4], np.array([(900.0, 0.0), (950.0, 0.0)]))]
    assert [round(line.length) for line in longest_chains(far)] == [100, 50]


def test_address_points_tell_the_direction_and_the_odd_side():
    # Numbers rise westwards here, odd numbers south: both against the line's drawing.
    anchors = [(2, 180, 5), (11, 150, -5), (40, 20, 5)]
    numbering = street_numbering(EAST, anchors, highest=40)
    assert numbering.line.start.tolist() == [200, 0]
    assert numbering.odd_left  # walking west, south is on the left
    x, y = numbering.place(11)
    assert (x, y) == pytest.approx((150, -STREET_SIDE_M))
    x, y = numbering.place(21)  # between 11 (x 150) and 40 (x 20)
    assert x == pytest.approx(150 - (21 - 11) / (40 - 11) * 130)


def test_without_points_the_street_starts_at_the_end_nearer_the_centre():
    numbering = street_numbering(EAST, [], highest=18, start_near=(250, 10))
    assert numbering.line.start.tolist() == [200, 0]
    assert numbering.place(1) == pytest.approx((200 - 200 / 20, -STREET_SIDE_M))


def test_a_lane_branches_off_at_its_number_on_its_side():
    numbering = street_numbering(EAST, [], highest=48)  # 4 m a number
    lane = numbering.branch(12)  # even: right of walking east, south
    assert lane.line.start.tolist() == pytest.approx([48, 0])
    assert lane.line.end[1] < -100
    x, y = lane.place(4)
    assert y < 0 and x != pytest.approx(48)
