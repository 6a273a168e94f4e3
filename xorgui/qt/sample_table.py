"""The truth table's samples: inputs, target, output, cost and result per sample, as a model/view table.

A snapshot only swaps the arrays the model reads: the cells are written
as text when the view paints them, so 10 000 samples cost what the rows
in view cost. The rows are rebuilt (a model reset) only when the data
change; a new snapshot of the same data only says that the values did.

The numbers have as many significant digits as let every column show
whole in the table's width, from ``DIGITS`` down to ``MIN_DIGITS`` (a
projector's narrow pane shows 0.1058 where a wide one shows 0.10579723);
a cell's tooltip then gives all its digits.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from xorgui.core.explanation.logic import NOT_A_NUMBER
from xorgui.core.model.data import Dataset
from xorgui.core.model.notation import num
from xorgui.core.session.snapshot import Snapshot
from xorgui.qt.widgets import tip

DIGITS = 8  # as every view writes a number (``num``)
MIN_DIGITS = 4  # fewer would hide what a step of training changes

Index = QModelIndex | QPersistentModelIndex
CLASS_COLUMNS = ["x_0", "x_1", "y", "ŷ", "C", "result"]
VALUE_COLUMNS = [*CLASS_COLUMNS[:-1], "|ŷ − y|"]
RESULT_TIP = "Whether the output gives the target's class: ŷ ≥ 0.5 for one output, the largest output for several"
ERROR_TIP = ("How far each output is from its target: the targets are values, not classes (0/1 or one-hot), "
             "so there is no right or wrong, only the error and the cost C")
DIVERGED = QColor(176, 0, 32)
BLACK = QColor(0, 0, 0)


class SampleTableModel(QAbstractTableModel):
    """One row per sample of a snapshot: x_0, the other inputs, y, ŷ, C, and right/wrong or |ŷ − y|.

    Signals
    -------
    modelReset()
        (Qt's) The rows were rebuilt: the data, or whether the targets are classes, changed.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.data_set: Dataset | None = None
        self.classes = True
        self.longest = [0] * len(CLASS_COLUMNS)  # the longest text painted so far, per column
        self._cells: tuple[np.ndarray, ...] = ()  # per column: values (m, k), or for the result booleans (m,)
        self.grew = False  # a painted text was longer than any before in its column
        self.digits = DIGITS  # significant digits of the numbers shown (the table picks them for its width)

    @property
    def headers(self) -> list[str]:
        """The column names: the last is "result" for class targets, "|ŷ − y|" for others."""
        return CLASS_COLUMNS if self.classes else VALUE_COLUMNS

    def set_snapshot(self, snap: Snapshot) -> bool:
        """Show a snapshot's samples; return whether the rows were rebuilt (only when the data changed)."""
        data, classes = snap.data, snap.derived.classes
        rebuild = self.data_set is None or classes != self.classes or not (
            data is self.data_set or data == self.data_set)
        if rebuild:
            self.beginResetModel()
        self.data_set, self.classes = data, classes
        yhat = snap.a[-1]
        last = snap.derived.wrong if classes else np.abs(yhat - data.Y)
        self._cells = (data.X[:, :1], data.X[:, 1:], data.Y, yhat, snap.derived.sample_costs[:, None], last)
        if rebuild:
            self.longest = [0] * len(CLASS_COLUMNS)
            self.endResetModel()
        elif self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))
        return rebuild

    def text(self, row: int, column: int, digits: int | None = None) -> str:
        """Return a cell's text: the values joined by ", " (each by ``num``), or "right"/"wrong".

        The numbers have ``digits`` significant digits, by default ``self.digits``.
        """
        values = self._cells[column][row]
        if column == 5 and self.classes:
            return "wrong" if values else "right"
        return ", ".join(num(v, digits or self.digits) for v in values.tolist())

    def finite(self, row: int, column: int) -> bool:
        """Return whether every value of a cell is a finite number."""
        if column == 5 and self.classes:
            return True
        return all(math.isfinite(v) for v in self._cells[column][row].tolist())

    # --- Qt's model interface ------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's name and default
        """Return the number of samples."""
        return 0 if parent.isValid() or self.data_set is None else len(self.data_set.X)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's name and default
        """Return the number of columns (six)."""
        return 0 if parent.isValid() else len(CLASS_COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Return a cell's text; a value that is not a number is coloured, and its tooltip says why."""
        r, c = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            text = self.text(r, c)
            if len(text) > self.longest[c]:
                self.longest[c], self.grew = len(text), True
            return text
        if role == Qt.ItemDataRole.ForegroundRole:
            return BLACK if self.finite(r, c) else DIVERGED
        if role == Qt.ItemDataRole.ToolTipRole:
            if not self.finite(r, c):
                return NOT_A_NUMBER
            whole = self.text(r, c, DIGITS)
            return f"{self.headers[c]} = {whole}" if whole != self.text(r, c) else ""
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt's name
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Name the columns; the last one's tooltip says what it shows."""
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        if role == Qt.ItemDataRole.ToolTipRole and section == 5:
            return tip(RESULT_TIP if self.classes else ERROR_TIP)
        return None


class SampleTable(QTableView):
    """The samples of the truth table, read-only; the columns grow to fit the longest text shown so far.

    Fitting a column measures the rows in view and a few around them
    (``resizeContentsPrecision``), not all 10 000; it runs after a paint
    showed a text longer than any before in its column, and when the
    table's width changes. It first picks the most digits (``DIGITS`` …
    ``MIN_DIGITS``) with which the columns fit the width.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("samplesTable")
        self.samples = SampleTableModel(self)
        self.setModel(self.samples)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        rows = self.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setResizeContentsPrecision(100)
        self.setMinimumHeight(header.sizeHint().height() + rows.defaultSectionSize() + 4)
        self._fit = QTimer(self, singleShot=True, interval=0)
        self._fit.timeout.connect(self.fit_columns)
        self.samples.modelReset.connect(self._fit.start)

    def set_snapshot(self, snap: Snapshot) -> bool:
        """Show a snapshot's samples; return whether the rows were rebuilt."""
        return self.samples.set_snapshot(snap)

    def rowCount(self) -> int:  # noqa: N802 - as QTableWidget names it
        """Return the number of rows."""
        return self.samples.rowCount()

    def columnCount(self) -> int:  # noqa: N802 - as QTableWidget names it
        """Return the number of columns."""
        return self.samples.columnCount()

    def fit_columns(self) -> None:
        """Pick the most digits with which every column fits the width (at least ``MIN_DIGITS``), and fit them."""
        room, header = self.viewport().width(), self.horizontalHeader()
        for digits in range(DIGITS, MIN_DIGITS - 1, -1):
            self.samples.digits = digits
            needed = sum(max(self.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in range(self.columnCount()))
            if needed <= room:
                break
        self.samples.longest = [0] * self.columnCount()  # measured again, at the digits picked
        self.resizeColumnsToContents()
        self.viewport().update()
        self.samples.grew = False

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """Paint, then fit the columns if a text came out longer than any before in its column."""
        super().paintEvent(event)
        if self.samples.grew:
            self.samples.grew = False
            self._fit.start()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """Resize, then fit the columns (and their digits) to the new width."""
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit.start()
