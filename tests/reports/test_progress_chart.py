"""The groups' progress chart: every bar labelled with its percent, and no label drawn
over the dashed line of the whole unit."""

from __future__ import annotations

import pytest
from reportlab.graphics.shapes import Line, String
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop.reports.progress_chart import group_progress_chart


@pytest.mark.parametrize("near", [59.2, 57.0, 55.5, 59.5, 60.1])
def test_no_percent_is_drawn_over_the_units_line(near):
    drawing = group_progress_chart(["Tổ 1", "Tổ 2", "Tổ 8"], [39.7, 82.0, near], 59.5, 160 * mm)
    (line,) = [shape for shape in drawing.contents if isinstance(shape, Line)]
    labels = [
        shape for shape in drawing.contents
        if isinstance(shape, String) and shape.text.endswith("%") and "Toàn" not in shape.text
    ]  # fmt: skip
    assert sorted(label.text for label in labels) == sorted(
        ["39,7%", "82,0%", f"{near:.1f}%".replace(".", ",")]
    )
    for label in labels:
        width = stringWidth(label.text, label.fontName, label.fontSize)
        assert not (label.x - 1 <= line.x1 <= label.x + width + 1), label.text
