"""The planning window's map: load a map, place the households by address, the station,
and, without a map, a drawing that says it is a diagram."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox
from sqlalchemy import select

from desktop.db.models import Household, Ward
from desktop.services.progress import Cancelled
from desktop.ui.planning import window as planning_window
from desktop.ui.planning.gateway import PlanningGateway
from desktop.ui.planning.map_dialogs import LoadMapDialog, StationDialog
from desktop.ui.planning.map_scene import DIAGRAM_ALL, DIAGRAM_PART, LOCATED
from desktop.ui.planning.window import PlanningWindow
from tests.builders import make_campaign, make_group, make_team, make_ward
from tests.conftest import TODAY
from tests.services.maps.osm_files import POLICE_XY, lat_lon, write_ward
from tests.services.planning.builders import PLANNED_SERVICES, pending_household
from tests.ui.reading import error_text

# (house number, street, lane); none has coordinates.
ADDRESSES = [
    ("20", "đường Hoàng Liên", None),
    ("7", "Hoàng Liên", None),
    ("8", "Hoàng Liên", None),
    ("41", "Hoàng Liên", None),
    ("3", "Hoàng Liên", "ngõ 12"),
    ("15", "phố Nguyễn Huệ", None),
    ("4", "phố Lý Công Uẩn", None),  # not on the map
]


@pytest.fixture
def ward(database) -> list[int]:
    with database.session() as session:
        group = make_group(session, make_ward(session), "Tổ 1")
        ids = [
            pending_household(session, group, house, street=street, lane=lane, located=False)
            for house, street, lane in ADDRESSES
        ]
        make_team(session, make_campaign(session, services=PLANNED_SERVICES))
    return ids


@pytest.fixture
def window(qtbot, database, runner, ward, monkeypatch) -> PlanningWindow:
    monkeypatch.setattr(planning_window, "confirm", lambda *args: True)
    opened = PlanningWindow(database, runner, lambda: TODAY, time_limit=0.3)
    qtbot.addWidget(opened)
    opened.resize(1366, 740)
    opened.show()
    return opened


def test_without_a_map_the_view_says_it_is_a_diagram_and_how_to_get_a_map(window, tmp_path):
    assert "Bản đồ ▸ Nạp bản đồ…" in window.banner.text  # before any plan
    assert window.grab().save(str(tmp_path / "truoc.png"))
    window.plan()
    assert window.map.scene.schematic == DIAGRAM_ALL
    caption = window.map.diagram_caption()
    assert "không phải bản đồ" in caption and "thứ tự chữ cái" in caption
    assert "không có hướng bắc, không có tỉ lệ" in caption
    assert "Chưa có toạ độ của hộ nào" in window.banner.text
    assert (
        "Nạp bản đồ…" in window.banner.text and "Định vị các hộ theo địa chỉ" in window.banner.text
    )
    assert window.map.grab().save(str(tmp_path / "so-do.png"))


def test_load_a_map_then_place_the_households_by_their_addresses(window, database, ward, tmp_path):
    window.load_map_file(write_ward(tmp_path))
    assert "Đã nạp bản đồ cocleu.osm.pbf" in window.banner.text
    assert "Bản đồ có trụ sở “Công an phường Cốc Lếu”" in window.banner.text
    assert window.map_status.has_map and window.map_status.without_position == len(ADDRESSES)

    window.locate_households()
    dialog = window.locate_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.summary.text().startswith(
        "Đã định vị 6 hộ: 2 hộ theo điểm địa chỉ trên bản đồ, 4 hộ nội suy theo số nhà"
    )
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 1).text() == "Số 4, phố Lý Công Uẩn"
    assert dialog.table.item(0, 2).text() == "Không có “phố Lý Công Uẩn” trên bản đồ đã nạp."
    assert dialog.grab().save(str(tmp_path / "dinh-vi.png"))
    dialog.close()
    assert window.map_status.without_position == 1

    window.plan()
    scene = window.map.scene
    kinds = dict(zip(scene.household_ids.tolist(), scene.kinds, strict=True))
    assert [kinds[household] for household in ward[:6]] == [LOCATED] * 6
    assert scene.schematic == DIAGRAM_PART  # Lý Công Uẩn is still drawn on the diagram
    assert "Bên phải: sơ đồ các hộ chưa có vị trí" in window.map.diagram_caption()
    assert "1 hộ chưa có vị trí" in window.banner.text
    assert window.grab().save(str(tmp_path / "sau-dinh-vi.png"))


def test_the_map_menu_actions_open_their_dialogs(window, tmp_path, monkeypatch):
    path = write_ward(tmp_path)

    def choose_file(dialog: QDialog) -> int:
        if isinstance(dialog, LoadMapDialog):
            dialog.file_field.setText(str(path))
            dialog.accept()
            return int(dialog.result())
        return int(QDialog.DialogCode.Rejected)

    monkeypatch.setattr(QDialog, "exec", choose_file)
    assert [action.text() for action in window.map_menu.actions()] == [
        "Nạp bản đồ…",
        "Định vị các hộ theo địa chỉ",
        "Vị trí trụ sở…",
        "",
        "Đặt vị trí hộ đã chọn",
        "Xác nhận vị trí",
    ]
    window.load_map_action.trigger()
    assert window.map_status.has_map and window._map_folder == str(tmp_path)
    map_actions = (window.load_map_action, window.locate_action, window.station_action)
    assert all(action.isEnabled() for action in map_actions)
    # Placing by hand waits for a plan: the households to place are on its map.
    assert not window.place_action.isEnabled()


def test_the_load_dialog_checks_the_file_and_the_box(qtbot, database, tmp_path):
    dialog = LoadMapDialog(None, PlanningGateway.check_bbox)
    qtbot.addWidget(dialog)
    dialog.accept()
    assert error_text(dialog) == "Hãy chọn tệp bản đồ (.osm.pbf)."
    dialog.file_field.setText(str(tmp_path / "khong-co.osm.pbf"))
    dialog.accept()
    assert error_text(dialog).startswith("Không tìm thấy tệp")
    path = write_ward(tmp_path)
    dialog.file_field.setText(str(path))
    dialog.bbox_field.setText("22.5,103.9")
    dialog.accept()
    assert "S,W,N,E" in error_text(dialog) and dialog.bbox_field.hasFocus() is not None
    dialog.bbox_field.setText("22.47,103.95,22.49,103.97")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert (dialog.path, dialog.bbox) == (path, "22.47,103.95,22.49,103.97")


def test_a_cancelled_load_keeps_the_map_before(window, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(
        QMessageBox, "information", lambda parent, title, text, *rest: shown.append(text)
    )

    def stopped(path, bbox, progress):
        raise Cancelled

    monkeypatch.setattr(window.gateway, "load_map", stopped)
    window.load_map_file(write_ward(tmp_path))
    assert shown == ["Đã hủy; bản đồ trước vẫn giữ nguyên."]
    assert not window.map_busy and window.load_map_action.isEnabled()


def test_the_station_is_typed_or_taken_from_the_map(window, database, qtbot, tmp_path):
    window.load_map_file(write_ward(tmp_path))
    dialog = StationDialog(window, window.map_status, window.gateway.set_station)
    qtbot.addWidget(dialog)
    assert dialog.point.text() == "22,49, 103,97"  # where the ward had it
    dialog.point.setText("103,96, 22,48")
    dialog.accept()
    assert "có vẻ bị đảo" in error_text(dialog)
    assert dialog.use_map_button.isEnabled()
    dialog.use_map_button.click()
    dialog.accept()
    assert dialog.saved is not None
    assert dialog.grab().save(str(tmp_path / "tru-so.png"))
    window.station_saved(dialog.saved)
    with database.session() as session:
        ward = session.scalars(select(Ward)).one()
        assert (ward.station_lat, ward.station_lon) == lat_lon(*POLICE_XY)
    assert window.options.station == lat_lon(*POLICE_XY)


def test_without_a_map_the_station_dialog_says_where_the_button_will_come_from(window, qtbot):
    dialog = StationDialog(window, window.map_status, window.gateway.set_station)
    qtbot.addWidget(dialog)
    assert not dialog.use_map_button.isEnabled()
    assert dialog.map_note.text().startswith("Chưa nạp bản đồ")


def test_locate_without_a_map_shows_the_refusal(window, refusals, database):
    window.locate_households()
    assert refusals == [
        "Chưa có bản đồ của phường; hãy nạp bản đồ trước (denkhuya map load TỆP.osm.pbf)."
    ]
    with database.session() as session:
        assert session.scalars(select(Household.lat).where(Household.lat.is_not(None))).all() == []
