"""The truth-table panel: samples, what each neuron computes, diagnostics; and (re-exported) the loss slice."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from xorgui.core.explanation.logic import NOT_A_NUMBER, brief
from xorgui.core.model.notation import num
from xorgui.core.session.snapshot import Snapshot
from xorgui.qt.sample_table import SampleTable
from xorgui.qt.slice_plot import SlicePlot
from xorgui.qt.widgets import named, tip

__all__ = ["LogicPanel", "SlicePlot"]

UNIT_COLUMNS = ["neuron", "computes", "margin", "outputs"]
# the formula kept on one line (no-break spaces): a pane too narrow for the caption moves it whole
UNIT_CAPTION = ("Outputs on (0,0) (0,1) (1,0) (1,1), thresholded. "
                + "XOR = (A OR B) AND NOT (A AND B)".replace(" ", "\u00a0"))
UNIT_TIP = ("Each neuron's output on the four corners, thresholded at 0.5 (0 for tanh) and named as a Boolean "
            "function of x_0 and x_1; the margin is the output's smallest distance from the threshold")
DIVERGED = QColor(176, 0, 32)
WARNING = "color: #8a4b00;"  # the diagnostics' findings


class LogicPanel(QWidget):
    """Each sample's output, target, cost and result (or error); what each neuron computes; stalled neurons.

    The three parts share the panel's height in a splitter and each scrolls
    on its own, so the panel never asks for more height than it gets,
    whatever the network's size. A whole-network verdict (see
    ``core.explanation.diagnostics.verdict``) shows above them when there is one.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("truthTable")
        self.verdict = named(QLabel(wordWrap=True, alignment=Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft),
                             "networkVerdict")
        self.verdict.setStyleSheet("color: #b00020;")
        self.verdict_area = _scrolled(self.verdict, lines=4)
        self.verdict_area.hide()
        self.table = SampleTable()
        self.units = _table("unitLogic", UNIT_COLUMNS)
        self.units.setToolTip(tip(UNIT_TIP))
        caption = named(QLabel(UNIT_CAPTION, wordWrap=True), "unitCaption")
        caption.setToolTip(tip(UNIT_TIP))
        units_box = QWidget()
        col = QVBoxLayout(units_box)
        col.setContentsMargins(0, 2, 0, 0)
        col.setSpacing(2)
        col.addWidget(_scrolled(caption, lines=2))
        col.addWidget(self.units, 1)
        self.findings = named(QLabel(wordWrap=True, alignment=Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft),
                              "diagnostics")
        self.findings_area = _scrolled(self.findings)
        self.splitter = QSplitter(Qt.Orientation.Vertical, childrenCollapsible=False)
        for part, stretch in ((self.table, 4), (units_box, 3), (self.findings_area, 1)):
            self.splitter.addWidget(part)
            self.splitter.setStretchFactor(self.splitter.count() - 1, stretch)
        box = QVBoxLayout(self)
        box.setContentsMargins(2, 2, 2, 2)
        box.addWidget(self.verdict_area)
        box.addWidget(self.splitter, 1)

    def set_snapshot(self, snap: Snapshot) -> None:
        """Fill the table, the unit logic, the verdict and the diagnostics from a snapshot."""
        self.table.set_snapshot(snap)
        _fill(self.units, self._unit_rows(snap))
        verdict = snap.derived.verdict
        self.verdict.setText(verdict or "")
        self.verdict_area.setVisible(verdict is not None)
        found = snap.derived.findings  # as the network view shows them
        self.findings.setText("\n".join(f"⚠ {f.reason}" for f in found) or "No saturated or dead neurons.")
        warn = WARNING if found else ""  # the all-clear in the text's own colour, not a warning's
        if self.findings.styleSheet() != warn:
            self.findings.setStyleSheet(warn)

    @staticmethod
    def _unit_rows(snap: Snapshot) -> list[list[Cell]]:
        rows = []
        for u in snap.derived.units:
            name = f"{'ŷ' if u.n == snap.spec.N else f'h({u.n})'}_{u.i}"
            what = (u.name, False) if u.finite else (u.summary, True)
            outputs = (", ".join(brief(v) for v in u.outputs), not u.finite)
            rows.append([(name, False), what, (u.margin_text if u.finite else "", False), outputs])
        return rows


Cell = tuple  # (text, whether it stands for a value that is not a finite number)


def _cell(values: np.ndarray) -> Cell:
    """Return the values as text (each by num), flagged if any is not a finite number."""
    values = values.tolist()  # Python floats: per-cell NumPy calls cost more than the table itself
    return ", ".join(num(v) for v in values), not all(math.isfinite(v) for v in values)


def _table(name: str, headers: list[str]) -> QTableWidget:
    """Return a read-only table whose columns fit their content (it scrolls rather than cut them)."""
    table = named(QTableWidget(0, len(headers)), name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    rows = table.verticalHeader()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(table.fontMetrics().height() + 6)
    # sized to the content by _fill once per update: ResizeToContents measured every row again at each
    # changed cell (4 s per update for 200 samples)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    # room for the header and one row: a splitter may squeeze it that far, no further
    table.setMinimumHeight(table.horizontalHeader().sizeHint().height() + rows.defaultSectionSize() + 4)
    return table


def _scrolled(label: QLabel, lines: int | None = None) -> QScrollArea:
    """Return ``label`` in a frameless scroll area, at most ``lines`` lines high: longer wrapped text scrolls."""
    area = QScrollArea(widgetResizable=True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(label)
    spacing = label.fontMetrics().lineSpacing()
    area.setMinimumHeight(spacing + 4)
    if lines is not None:
        area.setMaximumHeight(lines * spacing + 8)
    return area


def _fill(table: QTableWidget, rows: list[list[Cell]]) -> None:
    """Write ``rows`` into the table, touching only the cells that changed; mark values that are not numbers.

    The columns are fitted to their content when the rows change or a text
    is longer than any before in its column (digits are equally wide in the
    fonts in use): fitting measures every row, too slow to do each update.
    """
    longest = table.property("longest")
    refit = table.rowCount() != len(rows) or longest is None
    if refit:
        table.setRowCount(len(rows))
        longest = [0] * table.columnCount()
    for r, cells in enumerate(rows):
        for c, (text, bad) in enumerate(cells):
            item = table.item(r, c)
            if item is None:
                item = QTableWidgetItem()
                table.setItem(r, c, item)
            elif item.text() == text:
                continue
            if len(text) > longest[c]:
                longest[c], refit = len(text), True
            item.setText(text)
            # a value that is not a number is coloured, and its tooltip says why
            item.setForeground(DIVERGED if bad else QColor(0, 0, 0))
            item.setToolTip(NOT_A_NUMBER if bad else "")
    if refit:
        table.resizeColumnsToContents()
        table.setProperty("longest", longest)
