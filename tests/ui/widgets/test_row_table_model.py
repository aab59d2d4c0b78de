"""TextRowTableModel: each row's texts made once and kept in step with the rows."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.ui.widgets.row_table_model import DISPLAY, ID_ROLE, TOOLTIP, TextRowTableModel


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    age: int


class PeopleModel(TextRowTableModel[Person]):
    def __init__(self) -> None:
        super().__init__()
        self.headers = ("Tên", "Tuổi")
        self.made: list[int] = []

    def row_id(self, row: Person) -> int:
        return row.id

    def row_texts(self, row: Person) -> tuple[str, ...]:
        self.made.append(row.id)
        return (row.name, f"{row.age} tuổi")

    def cell(self, row: Person, column: int, role: int) -> object:
        return row.name.upper() if role == TOOLTIP else None


def test_texts_are_made_once_per_row_and_follow_the_rows(qtmodeltester):
    model = PeopleModel()
    model.replace_rows([Person(7, "An", 30), Person(9, "Bình", 41)])
    model.append_rows([Person(12, "Cúc", 25)])
    model.append_rows([])
    for _ in range(3):
        texts = [model.data(model.index(row, 1), DISPLAY) for row in range(model.rowCount())]

    assert texts == ["30 tuổi", "41 tuổi", "25 tuổi"]
    assert model.made == [7, 9, 12]
    assert model.data(model.index(2, 0), ID_ROLE) == 12
    assert model.data(model.index(1, 0), TOOLTIP) == "BÌNH"
    assert model.row_of(12) == 2 and model.row_of(8) is None
    qtmodeltester.check(model, force_py=True)

    model.replace_rows([Person(9, "Bình", 42)])
    assert model.data(model.index(0, 1), DISPLAY) == "42 tuổi"
    assert model.row_of(7) is None
