"""Choosing a household's position on the map from the household dialog: the picker
canvas, its dialog, and the household saved with a confirmed position."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from sqlalchemy import select

from desktop.db.models import AuditEntry, Household
from desktop.domain.positions import CONFIRMED, INTERPOLATED
from desktop.services.maps.loading import load_map
from desktop.services.maps.locating import locate_households
from desktop.services.registry import HouseholdQuery
from desktop.ui.registry.editor import RegistryEditor
from desktop.ui.registry.gateway import RegistryGateway
from desktop.ui.registry.household_dialog import HouseholdDialog
from desktop.ui.widgets.position_picker import (
    NUDGE_FAR_M,
    NUDGE_M,
    PickerPoint,
    PickerStreet,
    PositionPicker,
    PositionPickerDialog,
)
from tests.builders import add_household, make_group, make_ward
from tests.services.maps.osm_files import HOANG_LIEN_Y, lat_lon, metres, write_ward
from tests.ui.reading import error_text

SHOTS = Path("/tmp/work/place")
STREETS = [
    PickerStreet("Đường Hoàng Liên", np.array([[-300.0, 0.0], [300.0, 0.0]])),
    PickerStreet("Ngõ 12 Hoàng Liên", np.array([[-100.0, 0.0], [-100.0, 150.0]])),
]
NEIGHBOURS = [PickerPoint("7", -40.0, 9.0), PickerPoint("9", -20.0, 9.0)]
BOUNDS = (-400.0, -300.0, 400.0, 300.0)


@pytest.fixture
def picker(qtbot) -> PositionPicker:
    canvas = PositionPicker()
    qtbot.addWidget(canvas)
    canvas.resize(600, 400)
    canvas.set_content(STREETS, NEIGHBOURS, (0.0, 9.0), BOUNDS)
    canvas.show()
    return canvas


def click(widget: QWidget, point: QPoint) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)


def test_a_click_puts_the_house_there_and_a_drag_carries_it(picker):
    spot = picker.to_screen(30, 9).toPoint()
    click(picker, spot)
    assert picker.position == pytest.approx(picker.to_world(QPointF(spot)))
    start, end = picker.to_screen(30, 9).toPoint(), picker.to_screen(60, -9).toPoint()
    QTest.mousePress(picker, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(picker, end)
    QTest.mouseRelease(picker, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    assert picker.position == pytest.approx((60, -9), abs=1 / picker.scale)


def test_arrow_keys_nudge_the_house_by_a_metre_or_ten(picker):
    QTest.keyClick(picker, Qt.Key.Key_Right)
    QTest.keyClick(picker, Qt.Key.Key_Right)
    QTest.keyClick(picker, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert picker.position == pytest.approx((2 * NUDGE_M, 9 - NUDGE_FAR_M))


def test_a_house_cannot_be_put_outside_the_maps_area(picker):
    assert not picker.place((500.0, 0.0))
    assert picker.position == (0.0, 9.0)


def test_the_picker_dialog_wants_a_position_and_gives_it_back(qtbot):
    dialog = PositionPickerDialog(
        None, "Chọn vị trí", STREETS, NEIGHBOURS, None, BOUNDS, lambda p: f"{p[0]:.0f};{p[1]:.0f}"
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.coordinates.text() == "Chưa đặt: bấm vào chỗ của nhà trên bản đồ."
    QTest.keyClick(dialog.picker, Qt.Key.Key_Return)  # Enter: "Dùng vị trí này"
    assert dialog.result() != dialog.DialogCode.Accepted
    assert error_text(dialog) == "Hãy bấm vào chỗ của nhà trên bản đồ trước."
    click(dialog.picker, dialog.picker.to_screen(-30, 9).toPoint())
    assert error_text(dialog) == ""
    assert dialog.coordinates.text() == "-30;9"
    QTest.keyClick(dialog.picker, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.chosen == pytest.approx((-30, 9), abs=1 / dialog.picker.scale)


# The household dialog, on the test map ------------------------------------------------


@pytest.fixture
def mapped_ward(database, tmp_path) -> dict[str, int]:
    """Two households of Hoàng Liên located by `map locate` on the test map, and one of
    a street the map does not have."""
    with database.session() as session:
        group = make_group(session, make_ward(session), "Tổ 1")
        ids = {
            "hl7": add_household(
                session, group, street="Hoàng Liên", house_number="7", lat=None, lon=None
            ),
            "hl20": add_household(
                session, group, street="Hoàng Liên", house_number="20", lat=None, lon=None
            ),
            "lcu": add_household(
                session, group, street="phố Lý Công Uẩn", house_number="4", lat=None, lon=None
            ),
        }
        ids["group"] = group.id
    with database.session() as session:
        load_map(session, write_ward(tmp_path))
    with database.session() as session:
        locate_households(session)
    return ids


def stored(database, household_id: int) -> Household:
    with database.session() as session:
        household = session.get(Household, household_id)
        session.expunge(household)
        return household


def edit_with_picker(qtbot, database, household_id: int, pick) -> HouseholdDialog:
    """Open the household's edit dialog through the registry's editor, press "Chọn trên
    bản đồ…", let `pick(picker_dialog)` choose, then save the household dialog."""
    gateway = RegistryGateway(database)
    parent = QWidget()
    qtbot.addWidget(parent)
    editor = RegistryEditor(parent, gateway)
    row = next(
        r for r in gateway.households_page(HouseholdQuery(), None, 50) if r.id == household_id
    )
    opened: list[HouseholdDialog] = []

    def exec_dialog(dialog: HouseholdDialog) -> int:
        opened.append(dialog)

        def exec_picker(picker: PositionPickerDialog) -> int:
            picker.show()
            pick(picker)
            return picker.result()

        PositionPickerDialog.exec = exec_picker  # restored by the monkeypatch below
        dialog.map_button.click()
        dialog.accept()
        return dialog.result()

    editor.exec_dialog = exec_dialog
    group_id = gateway.household_form(household_id).group_id
    editor.edit_household(row, [(group_id, row.group_name)])
    return opened[0]


@pytest.fixture(autouse=True)
def keep_picker_exec(monkeypatch):
    monkeypatch.setattr(PositionPickerDialog, "exec", PositionPickerDialog.exec)


def test_choosing_on_the_map_fills_the_coordinates_and_saves_them_confirmed(
    qtbot, database, mapped_ward
):
    household_id = mapped_ward["lcu"]  # no position: the picker opens near the station
    before = stored(database, household_id)
    chosen: list = []

    def pick(picker: PositionPickerDialog) -> None:
        canvas = picker.picker
        assert {street.name for street in canvas.streets} >= {"Đường Hoàng Liên"}
        assert canvas.position is None
        # The picker's metres are around its own centre: the same surroundings say where.
        around = RegistryGateway(database).position_surroundings(
            household_id, None, "phố Lý Công Uẩn"
        )
        x, y = around.metres(*lat_lon(200, HOANG_LIEN_Y + 9))
        click(canvas, canvas.to_screen(x, y).toPoint())
        QTest.keyClick(canvas, Qt.Key.Key_Up)  # one metre further from the street
        SHOTS.mkdir(parents=True, exist_ok=True)
        assert picker.grab().save(str(SHOTS / "chon-vi-tri.png"))
        chosen.append(canvas.position)
        picker.accept()

    dialog = edit_with_picker(qtbot, database, household_id, pick)
    assert dialog.result() == dialog.DialogCode.Accepted
    after = stored(database, household_id)
    assert after.position_source == CONFIRMED and after.version > before.version
    assert metres(after.lat, after.lon) == pytest.approx((200, HOANG_LIEN_Y + 10), abs=0.3)
    assert dialog.lat.text() == f"{after.lat:.6f}".rstrip("0").replace(".", ",")
    with database.session() as session:
        entry = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity_key == after.code, AuditEntry.action == "update")
            .order_by(AuditEntry.id)
        ).all()[-1]
        assert entry.changes == {
            "lat": [None, after.lat],
            "lon": [None, after.lon],
            "position_source": [None, CONFIRMED],
        }


def test_keeping_the_estimate_on_the_map_confirms_it_without_moving_it(
    qtbot, database, mapped_ward
):
    household_id = mapped_ward["hl7"]
    estimate = stored(database, household_id)
    assert estimate.position_source == INTERPOLATED

    def pick(picker: PositionPickerDialog) -> None:
        canvas = picker.picker
        # Opened on the house itself, its neighbour number 20 drawn beside it.
        assert canvas.position == pytest.approx((0.0, 0.0), abs=0.01)
        assert [neighbour.label for neighbour in canvas.neighbours] == ["20"]
        canvas.zoom_by(2)
        SHOTS.mkdir(parents=True, exist_ok=True)
        assert picker.grab().save(str(SHOTS / "chon-vi-tri-uoc-tinh.png"))
        picker.accept()

    edit_with_picker(qtbot, database, household_id, pick)
    after = stored(database, household_id)
    assert (after.lat, after.lon) == pytest.approx((estimate.lat, estimate.lon), abs=1e-6)
    assert after.position_source == CONFIRMED
    with database.session() as session:
        changes = session.scalars(
            select(AuditEntry.changes)
            .where(AuditEntry.entity_key == after.code, AuditEntry.reason == "edit")
            .order_by(AuditEntry.id)
        ).all()
    assert changes[-1]["position_source"] == [INTERPOLATED, CONFIRMED]


def test_cancelling_the_picker_changes_nothing(qtbot, database, mapped_ward):
    household_id = mapped_ward["hl20"]
    before = stored(database, household_id)
    dialog = edit_with_picker(qtbot, database, household_id, lambda picker: picker.reject())
    assert not dialog.position_confirmed
    after = stored(database, household_id)
    assert (after.lat, after.position_source) == (before.lat, before.position_source)


def test_without_a_map_the_button_says_where_to_load_one(qtbot, database):
    with database.session() as session:
        group = make_group(session, make_ward(session), "Tổ 1")
        household_id = add_household(session, group, house_number="3")
    gateway = RegistryGateway(database)
    form = gateway.household_form(household_id)
    dialog = HouseholdDialog(
        None,
        [(form.group_id, "Tổ 1")],
        check=gateway.clean_household,
        save=lambda data: gateway.update_household(form.id, data, form.version),
        form=form,
        surroundings=lambda near, street: gateway.position_surroundings(form.id, near, street),
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.map_button.text() == "Chọn trên &bản đồ…"
    assert dialog.lon.nextInFocusChain() is dialog.map_button  # Tab reaches it
    dialog.map_button.click()  # opens nothing (no modal box noted)
    assert error_text(dialog).startswith(
        "Chưa có bản đồ: nạp bản đồ trong cửa sổ “Lập tuyến đêm nay”"
    )
    assert dialog.picker is None
