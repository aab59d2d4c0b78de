"""The walk sheet's route map: numbers that never hide each other, street names that
read upright and stay off the numbers, the walk along the streets."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pdfplumber
import pytest
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate

from desktop.reports.fonts import register_fonts
from desktop.reports.route_sketch import (
    RouteSketch,
    SketchLabel,
    SketchPoint,
    SketchStreet,
    meeting_is_far,
    sketch_extent,
)
from desktop.reports.sketch_layout import NamedLine, TextPlace, place_markers, place_street_names

RADIUS = 3.0
BOX = (0.0, 0.0, 200.0, 120.0)


@pytest.fixture(autouse=True)
def fonts() -> None:
    register_fonts()


def _closest(centres) -> float:
    return min(math.dist(a, b) for a, b in itertools.combinations(centres, 2))


def _inside(centre, radius, box) -> bool:
    return (
        box[0] <= centre[0] - radius
        and centre[0] + radius <= box[2]
        and (box[1] <= centre[1] - radius and centre[1] + radius <= box[3])
    )


# --- Markers -------------------------------------------------------------------------------


def test_ten_households_in_one_building_get_ten_numbers_side_by_side() -> None:
    building = [(100.0, 60.0)] * 10
    centres = place_markers(building, RADIUS, BOX, gap=0.5)
    assert _closest(centres) >= 2 * RADIUS + 0.5 - 1e-6
    assert centres[0] == (100.0, 60.0)  # the first keeps the building's spot
    # The others crowd round it, not across the page.
    assert max(math.dist(centre, building[0]) for centre in centres) < 4 * 2 * RADIUS
    assert all(_inside(centre, RADIUS, BOX) for centre in centres)


def test_nearly_identical_positions_never_hide_each_other() -> None:
    rng = np.random.default_rng(5)
    spots = [(80 + dx, 50 + dy) for dx, dy in rng.normal(0, 0.4, (25, 2))]
    spots += [(120.0, 50.0)] * 8 + [(120.2, 50.1)] * 4
    centres = place_markers(spots, RADIUS, BOX, gap=0.5)
    assert len(centres) == len(spots)
    assert _closest(centres) >= 2 * RADIUS + 0.5 - 1e-6
    assert all(_inside(centre, RADIUS, BOX) for centre in centres)


def test_crowds_in_a_corner_stay_inside_the_map() -> None:
    corner = [(1.0, 1.0)] * 12
    centres = place_markers(corner, RADIUS, BOX)
    assert _closest(centres) >= 2 * RADIUS - 1e-6
    assert all(_inside(centre, RADIUS, BOX) for centre in centres)


def test_markers_with_room_stay_on_their_stops() -> None:
    spots = [(20.0, 20.0), (60.0, 20.0), (60.0, 80.0), (150.0, 100.0)]
    assert place_markers(spots, RADIUS, BOX) == spots


def test_markers_keep_off_the_meeting_point_and_come_out_the_same_every_time() -> None:
    spots = [(50.0, 50.0)] * 6
    meeting = (44.0, 44.0, 56.0, 56.0)  # the meeting point's square over the stops
    first = place_markers(spots, RADIUS, BOX, keep_clear=[meeting])
    for x, y in first:
        dx = max(meeting[0] - x, x - meeting[2], 0.0)
        dy = max(meeting[1] - y, y - meeting[3], 0.0)
        assert math.hypot(dx, dy) >= RADIUS - 1e-6
    assert place_markers(spots, RADIUS, BOX, keep_clear=[meeting]) == first


# --- Street names --------------------------------------------------------------------------


def _boxes_overlap(a: TextPlace, b: TextPlace) -> bool:
    """Two turned rectangles overlap unless an edge direction of one separates them."""
    corners_a, corners_b = a.corners(), b.corners()
    for corners in (corners_a, corners_b):
        for edge in (corners[1] - corners[0], corners[3] - corners[0]):
            axis = edge / np.hypot(*edge)
            pa, pb = corners_a @ axis, corners_b @ axis
            if pa.max() <= pb.min() + 1e-6 or pb.max() <= pa.min() + 1e-6:
                return False
    return True


def _touches_circle(place: TextPlace, x: float, y: float, radius: float) -> bool:
    cos, sin = math.cos(place.angle), math.sin(place.angle)
    along = abs((x - place.x) * cos + (y - place.y) * sin)
    across = abs(-(x - place.x) * sin + (y - place.y) * cos)
    outside = math.hypot(max(along - place.half_width, 0), max(across - place.half_height, 0))
    return outside < radius - 1e-6


def _width(text: str) -> float:
    return 3.2 * len(text)


def test_street_names_read_upright_whichever_way_the_street_was_drawn() -> None:
    lines = [
        NamedLine("Phố Cốc Lếu", np.array([[190.0, 30.0], [20.0, 30.0]])),  # east to west
        NamedLine("Phố Lê Lợi", np.array([[150.0, 110.0], [110.0, 40.0]])),  # south-westwards
        NamedLine("Ngõ 12", np.array([[10.0, 110.0], [10.0, 40.0]])),  # north to south
    ]
    names = place_street_names(lines, _width, 7.0, BOX, np.zeros((0, 3)))
    assert {name.text for name in names} == {"Phố Cốc Lếu", "Phố Lê Lợi", "Ngõ 12"}
    for name in names:
        assert -math.pi / 2 < name.angle <= math.pi / 2 + 1e-9, name
    by_text = {name.text: name for name in names}
    assert by_text["Phố Cốc Lếu"].angle == pytest.approx(0.0)
    assert by_text["Ngõ 12"].angle == pytest.approx(math.pi / 2)


def test_street_names_keep_off_numbers_and_each_other() -> None:
    # A grid of streets with stops all along them.
    lines = [NamedLine(f"Phố Ngang {row}", np.array([[0.0, y], [200.0, y]]))
             for row, y in enumerate(range(10, 120, 20))]  # fmt: skip
    lines += [NamedLine(f"Phố Dọc {column}", np.array([[x, 0.0], [x, 120.0]]))
              for column, x in enumerate(range(15, 200, 30))]  # fmt: skip
    stops = [(float(x), float(y)) for x in range(5, 200, 13) for y in range(10, 120, 20)]
    circles = np.array([(x, y, RADIUS) for x, y in stops])
    names = place_street_names(
        lines, _width, 7.0, BOX, circles, spacing=80.0, step_out=2 * RADIUS + 1
    )
    assert {f"Phố Ngang {row}" for row in range(6)} <= {name.text for name in names}
    for a, b in itertools.combinations(names, 2):
        assert not _boxes_overlap(a, b), (a.text, b.text)
    for name in names:
        assert not any(_touches_circle(name, x, y, RADIUS) for x, y in stops), name.text
        corners = name.corners()
        assert (corners[:, 0] >= BOX[0]).all() and (corners[:, 0] <= BOX[2]).all()
        assert (corners[:, 1] >= BOX[1]).all() and (corners[:, 1] <= BOX[3]).all()


def test_a_street_with_no_room_gets_no_name() -> None:
    lines = [NamedLine("Đường Rất Dài Tên Không Vừa", np.array([[10.0, 10.0], [30.0, 10.0]]))]
    assert place_street_names(lines, _width, 7.0, BOX, np.zeros((0, 3))) == []


# --- The sketch ----------------------------------------------------------------------------

HOANG_LIEN = SketchStreet("Đường Hoàng Liên", ((-300.0, -20.0), (400.0, -20.0)), major=True)
LANE = SketchStreet("Ngõ 12 Hoàng Liên", ((-150.0, -20.0), (-150.0, 110.0)))
FOOTWAY = SketchStreet(None, ((0.0, -20.0), (0.0, -150.0)))


def _sketch(stops, **options) -> RouteSketch:
    sketch = RouteSketch(260 * mm, None, stops, **options)
    sketch.wrap(260 * mm, 130 * mm)
    return sketch


def _leg(*points: tuple[float, float]) -> tuple[tuple[float, float], ...]:
    return tuple(points)


def test_a_crowded_route_map_shows_every_number_apart_with_a_line_to_its_house() -> None:
    building = [SketchPoint(150.0, -12.0)] * 10
    cluster = [SketchPoint(220.0 + 0.3 * i, -28.0 - 0.2 * i) for i in range(6)]
    spread = [SketchPoint(-100.0, -12.0), SketchPoint(-50.0, -28.0)]
    stops = [*spread, *building, *cluster]
    layout = _sketch(stops, streets=[HOANG_LIEN, LANE, FOOTWAY]).layout()
    assert layout.numbers == list(range(1, len(stops) + 1))
    radius = RouteSketch.marker_radius
    assert _closest(layout.markers) >= 2 * radius - 1e-6
    moved = [spot != marker for spot, marker in zip(layout.spots, layout.markers, strict=True)]
    assert moved.count(True) == 9 + 5  # all but one of each crowd
    # The spots themselves are where the houses are: only labels move.
    origin = np.array(layout.spots[0]) - np.array([-100.0, -12.0]) * layout.scale
    assert layout.spots[2] == pytest.approx(tuple(origin + np.array([150.0, -12.0]) * layout.scale))


def test_the_route_map_names_its_streets_clear_of_the_numbers() -> None:
    stops = [SketchPoint(-100.0 + 25 * i, -12.0 if i % 2 else -28.0) for i in range(12)]
    layout = _sketch(stops, streets=[HOANG_LIEN, LANE, FOOTWAY]).layout()
    names = [name.text for name in layout.names]
    assert "Đường Hoàng Liên" in names and "Ngõ 12 Hoàng Liên" in names
    radius = RouteSketch.marker_radius
    for name in layout.names:
        assert not any(_touches_circle(name, x, y, radius) for x, y in layout.markers)
    for a, b in itertools.combinations(layout.names, 2):
        assert not _boxes_overlap(a, b)


def test_with_a_map_the_walk_follows_the_legs_along_the_streets() -> None:
    stops = [SketchPoint(-100.0, -12.0), SketchPoint(50.0, -28.0)]
    legs = [
        _leg((0.0, 0.0), (0.0, -20.0), (-100.0, -20.0), (-100.0, -12.0)),
        _leg((-100.0, -12.0), (-100.0, -20.0), (50.0, -20.0), (50.0, -28.0)),
        _leg((50.0, -28.0), (50.0, -20.0), (0.0, -20.0), (0.0, 0.0)),
    ]
    layout = _sketch(stops, streets=[HOANG_LIEN], legs=legs).layout()
    assert len(layout.route) == 3
    origin = np.array(layout.meeting)
    for drawn, leg in zip(layout.route, legs, strict=True):
        assert drawn == pytest.approx(origin + np.asarray(leg) * layout.scale)


def test_without_a_map_the_walk_is_straight_from_stop_to_stop() -> None:
    stops = [SketchPoint(40.0, 10.0), SketchPoint(60.0, 30.0)]
    sketch = _sketch(stops, labels=[SketchLabel(40.0, 10.0, "đường Hoàng Liên")])
    layout = sketch.layout()
    (route,) = layout.route
    assert route == pytest.approx(np.array([layout.meeting, *layout.spots, layout.meeting]))
    assert layout.streets == [] and layout.names == []
    assert [label.text for label in layout.labels] == ["đường Hoàng Liên"]


def test_a_far_meeting_point_sits_on_the_edge_where_the_walk_leaves_the_map() -> None:
    stops = [SketchPoint(2000.0, 1500.0), SketchPoint(2100.0, 1550.0)]
    assert meeting_is_far([(stop.x, stop.y) for stop in stops], 250.0)
    x0, y0, x1, y1 = sketch_extent([(stop.x, stop.y) for stop in stops], 250.0)
    assert x0 > 0 and y0 > 0  # the meeting point (0, 0) is left out
    legs = [
        _leg((0.0, 0.0), (2000.0, 0.0), (2000.0, 1500.0)),
        _leg((2000.0, 1500.0), (2100.0, 1550.0)),
        _leg((2100.0, 1550.0), (2100.0, 0.0), (0.0, 0.0)),
    ]
    sketch = _sketch(stops, streets=[SketchStreet("Phố Xa", ((1800.0, 1500.0), (2300.0, 1500.0)))],
                     legs=legs)  # fmt: skip
    layout = sketch.layout()
    assert layout.meeting_far
    # The first leg comes up x = 2000 m from the south: the meeting point is on the
    # bottom edge of the map, straight below the first stop.
    first_x = layout.spots[0][0]
    assert layout.meeting[0] == pytest.approx(first_x, abs=0.01)
    assert layout.meeting[1] < sketch.map_box[1] + 4 * mm


def test_the_route_map_in_a_pdf_writes_its_street_names(tmp_path) -> None:
    stops = [SketchPoint(-100.0 + 25 * i, -12.0 if i % 2 else -28.0) for i in range(6)]
    path = tmp_path / "so-do.pdf"
    document = SimpleDocTemplate(str(path))
    sketch = RouteSketch(170 * mm, 120 * mm, stops, streets=[HOANG_LIEN, LANE])
    document.build([sketch])
    with pdfplumber.open(path) as pdf:
        text = pdf.pages[0].extract_text()
    assert "Đường Hoàng Liên" in text
    assert "Bắc" in text and " m" in text  # north arrow and scale bar
