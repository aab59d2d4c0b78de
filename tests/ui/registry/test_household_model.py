"""The household list model: pages from SQL, sorts in SQL, passes Qt's model checks."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, Qt

from desktop.services import registry
from desktop.services.database import Database
from desktop.services.registry import HouseholdQuery
from desktop.ui.registry.gateway import RegistryGateway
from desktop.ui.registry.household_table_model import ID_ROLE, HouseholdColumn, HouseholdTableModel
from desktop.ui.registry.resident_table_model import ResidentColumn, ResidentTableModel
from tests.ui.conftest import add_bare_households


def _model(database: Database, today: date, page_size: int = 200) -> HouseholdTableModel:
    gateway = RegistryGateway(database, lambda: today)
    return HouseholdTableModel(gateway.households_page, page_size=page_size)


def test_scrolling_fetches_the_next_page(qapp, database, today, small_ward):
    add_bare_households(database, small_ward["to1"], 450)  # 453 households in all
    model = _model(database, today)
    model.set_query(HouseholdQuery())

    assert model.rowCount() == 200
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 400
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 453
    assert not model.canFetchMore(QModelIndex())
    ids = [model.data(model.index(row, 0), ID_ROLE) for row in range(model.rowCount())]
    assert len(set(ids)) == 453, "a page repeated or skipped households"


def test_clicking_a_sortable_header_orders_the_list_in_sql(qapp, database, today, small_ward):
    model = _model(database, today)
    model.set_query(HouseholdQuery(group_id=small_ward["to2"]))
    heads = lambda: [model.household(row).head_name for row in range(model.rowCount())]  # noqa: E731

    model.sort(HouseholdColumn.HEAD, Qt.SortOrder.AscendingOrder)
    # Vietnamese order goes by given name: Bình before Cường.
    assert heads() == ["Lê Văn Bình", "Phạm Văn Cường"]
    model.sort(HouseholdColumn.HEAD, Qt.SortOrder.DescendingOrder)
    assert heads() == ["Phạm Văn Cường", "Lê Văn Bình"]
    assert model.query.sort == registry.SORT_BY_HEAD and model.query.descending

    model.sort(HouseholdColumn.MEMBERS, Qt.SortOrder.AscendingOrder)  # not sortable in SQL
    assert heads() == ["Phạm Văn Cường", "Lê Văn Bình"]
    assert model.query.sort == registry.SORT_BY_HEAD


def test_household_rows_read_as_the_desk_expects(qapp, database, today, small_ward):
    model = _model(database, today)
    model.set_query(HouseholdQuery(text="nguyen thi uoc"))

    assert model.rowCount() == 1
    row = {column: model.data(model.index(0, column)) for column in HouseholdColumn}
    assert row[HouseholdColumn.ADDRESS] == "Số 7, đường Nguyễn Huệ"
    assert row[HouseholdColumn.HEAD] == "Lê Văn Bình"
    assert row[HouseholdColumn.MEMBERS] == "2"
    assert row[HouseholdColumn.PENDING] == "2"  # both adults still owe level 2 and 114
    assert row[HouseholdColumn.GROUP] == "Tổ 2"
    assert row[HouseholdColumn.MATCHED] == "Nguyễn Thị Ước"
    assert model.data(model.index(0, HouseholdColumn.PENDING), Qt.ItemDataRole.BackgroundRole)


def test_household_model_passes_qt_model_checks(qtmodeltester, database, today, small_ward):
    add_bare_households(database, small_ward["to1"], 30)
    model = _model(database, today, page_size=10)
    model.set_query(HouseholdQuery())
    qtmodeltester.check(model, force_py=True)


def test_resident_model_marks_pending_and_matches(qtmodeltester, database, today, small_ward):
    gateway = RegistryGateway(database, lambda: today)
    model = ResidentTableModel()
    model.set_residents(gateway.residents(small_ward["uoc"], "nguyen thi uoc"))
    qtmodeltester.check(model, force_py=True)

    names = [model.data(model.index(row, ResidentColumn.NAME)) for row in range(2)]
    assert names == ["Lê Văn Bình", "Nguyễn Thị Ước"]
    uoc = model.index(1, ResidentColumn.NAME)
    assert model.data(uoc, Qt.ItemDataRole.FontRole).bold()
    assert model.data(model.index(0, ResidentColumn.NAME), Qt.ItemDataRole.FontRole) is None
    assert model.data(model.index(1, ResidentColumn.PENDING)) == "mức 2, 114"
    assert model.data(model.index(1, ResidentColumn.VNEID_LEVEL)) == "Chưa có"
    level = model.index(1, ResidentColumn.VNEID_LEVEL)
    assert model.data(level, Qt.ItemDataRole.BackgroundRole) is not None


def test_a_household_that_moved_away_says_so_in_grey_instead_of_its_pending_count(qapp):
    gone = registry.HouseholdRow(
        id=1, code="010-1", group_name="Tổ 1", address="Số 1", head_name="Nguyễn Văn Đi",
        members=3, pending=2, has_coordinates=True, moved_away=True,
    )  # fmt: skip
    here = registry.HouseholdRow(
        id=2, code="010-2", group_name="Tổ 1", address="Số 2", head_name="Trần Văn Ở",
        members=3, pending=2, has_coordinates=True,
    )  # fmt: skip
    model = HouseholdTableModel(lambda query, after, limit: [gone, here])
    model.set_query(HouseholdQuery())
    pending = [model.index(row, HouseholdColumn.PENDING) for row in range(2)]
    assert [model.data(index) for index in pending] == ["Đã chuyển đi", "2"]
    grey = model.data(model.index(0, HouseholdColumn.HEAD), Qt.ItemDataRole.ForegroundRole)
    assert grey is not None and model.data(
        model.index(1, HouseholdColumn.HEAD), Qt.ItemDataRole.ForegroundRole
    ) is None
    assert "chuyển đi" in model.data(pending[0], Qt.ItemDataRole.ToolTipRole)


def test_the_address_header_says_the_order_goes_by_street_then_number(qapp):
    model = HouseholdTableModel(lambda query, after, limit: [])
    tip = model.headerData(
        HouseholdColumn.ADDRESS, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
    )
    assert "theo tên phố, rồi ngõ, rồi số nhà" in tip
