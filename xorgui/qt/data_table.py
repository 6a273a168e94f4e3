"""The data editor's table: samples as rows, inputs x_0… then targets y_0… as columns, edited in place.

A model/view pair: the numbers live in one NumPy array (10 000 rows scroll
as smoothly as 4), never one widget per cell. A cell typed with text that
is no number keeps the text, shown in red, so that Apply can name it; a
number such as "nan" is kept as the number, and refused at Apply by the
data check.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QTableView

from xorgui.core.model.data import Dataset
from xorgui.core.model.parsing import written_float
from xorgui.core.model.validate import shown

Index = QModelIndex | QPersistentModelIndex
BAD = QBrush(QColor("#f8d0d6"))


class DataTableModel(QAbstractTableModel):
    """A table of ``a`` inputs and ``L`` targets per sample, as the data editor edits it.

    Signals
    -------
    edited()
        The user changed the table (a cell, rows added or removed, a block pasted).
    """

    edited = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.values = np.zeros((0, 2))
        self.inputs = 1
        self.bad: dict[tuple[int, int], str] = {}  # (row, column) → text typed that is no number

    # --- filling -----------------------------------------------------------------------------

    def set_table(self, X: np.ndarray, Y: np.ndarray) -> None:  # noqa: N803 - the maths' names
        """Show inputs ``X`` (m, a) and targets ``Y`` (m, L); every earlier edit is dropped."""
        self.beginResetModel()
        self.values = np.hstack([np.asarray(X, float), np.asarray(Y, float)])
        self.inputs = int(np.shape(X)[1])
        self.bad = {}
        self.endResetModel()

    def set_data(self, data: Dataset) -> None:
        """Show a data set."""
        self.set_table(data.X, data.Y)

    def add_rows(self, values: np.ndarray | list[list[float]], at: int | None = None) -> None:
        """Insert rows of numbers (one per sample, as wide as the table) before row ``at`` (default: at the end)."""
        at = self.rowCount() if at is None else at
        if not len(values):
            return
        self.beginInsertRows(QModelIndex(), at, at + len(values) - 1)
        self.values = np.insert(self.values, at, np.asarray(values, float), axis=0)
        self.bad = {(r + len(values) if r >= at else r, c): t for (r, c), t in self.bad.items()}
        self.endInsertRows()
        self.edited.emit()

    def remove_rows(self, rows: list[int]) -> None:
        """Delete the given rows (any order, repeats allowed)."""
        gone = sorted(set(r for r in rows if 0 <= r < self.rowCount()))
        if not gone:
            return
        self.beginResetModel()  # one reset, not one signal per row of a large selection
        self.values = np.delete(self.values, gone, axis=0)
        kept = np.delete(np.arange(len(self.values) + len(gone)), gone)
        where = {int(old): new for new, old in enumerate(kept)}
        self.bad = {(where[r], c): t for (r, c), t in self.bad.items() if r in where}
        self.endResetModel()
        self.edited.emit()

    def add_column(self, target: bool) -> int:
        """Add a column of zeros after the last input (``target`` False) or the last target; return its index."""
        at = self.columnCount() if target else self.inputs
        self.beginInsertColumns(QModelIndex(), at, at)
        self.values = np.insert(self.values, at, 0.0, axis=1)
        self.inputs += not target
        self.bad = {(r, c + (c >= at)): t for (r, c), t in self.bad.items()}
        self.endInsertColumns()
        self.edited.emit()
        return at

    def remove_columns(self, columns: list[int]) -> None:
        """Delete the given columns (any order, repeats allowed); the others keep their order and are renamed.

        Raises
        ------
        ValueError
            If no input or no target would be left; the table stays as it was.
        """
        gone = sorted(set(c for c in columns if 0 <= c < self.columnCount()))
        if not gone:
            return
        inputs = self.inputs - sum(c < self.inputs for c in gone)
        if inputs == 0 or self.columnCount() - len(gone) == inputs:
            kind = "input (x)" if inputs == 0 else "target (y)"
            raise ValueError(f"a data set needs at least one {kind} column: add another before deleting this one")
        self.beginResetModel()  # the remaining columns are all renamed at once
        self.values = np.delete(self.values, gone, axis=1)
        self.inputs = inputs
        kept = {int(old): new for new, old in enumerate(np.delete(np.arange(len(gone) + self.values.shape[1]), gone))}
        self.bad = {(r, kept[c]): t for (r, c), t in self.bad.items() if c in kept}
        self.endResetModel()
        self.edited.emit()

    # --- reading -----------------------------------------------------------------------------

    def first_bad_cell(self) -> str | None:
        """Describe the first cell (row by row) whose text is no number, or return None if there is none."""
        if not self.bad:
            return None
        r, c = min(self.bad)
        text = self.bad[(r, c)]
        return f"sample {r}, {self.column_name(c)}: {shown(text) if text else 'an empty cell'} is not a number"

    def column_name(self, column: int) -> str:
        """Return "x_j" of an input column, "y_j" of a target column."""
        return f"x_{column}" if column < self.inputs else f"y_{column - self.inputs}"

    # --- Qt's model interface ------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's name and default
        """Return the number of samples."""
        return 0 if parent.isValid() else len(self.values)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's name and default
        """Return the number of inputs plus targets."""
        return 0 if parent.isValid() else int(self.values.shape[1])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Return a cell's text (every digit, as ``repr`` writes the number), or its colour if it is no number."""
        key = (index.row(), index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self.bad[key] if key in self.bad else repr(float(self.values[key]))
        if role == Qt.ItemDataRole.BackgroundRole and (key in self.bad or not np.isfinite(self.values[key])):
            return BAD
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        """Store what was typed in a cell: a number, or the text itself when it is none."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        key, text = (index.row(), index.column()), str(value).strip()
        try:
            self.values[key] = written_float(text)
            self.bad.pop(key, None)
        except ValueError:
            self.bad[key] = text
        self.dataChanged.emit(index, index)
        self.edited.emit()
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Every cell can be selected and edited."""
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt's name
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Name the columns x_0…, y_0…, and number the samples from 0, as the messages do."""
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return self.column_name(section) if orientation == Qt.Orientation.Horizontal else str(section)


class DataTableView(QTableView):
    """The table: typing edits a cell; Ctrl+V pastes a block; Enter (when no cell is being edited) applies.

    Signals
    -------
    pasteRequested()
        The paste key was pressed.
    applyRequested()
        Enter was pressed while no cell was being edited.
    """

    pasteRequested = Signal()
    applyRequested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("dataTable")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.horizontalHeader().setDefaultSectionSize(8 * self.fontMetrics().horizontalAdvance("0"))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Paste and apply; everything else as a table does."""
        if event.matches(QKeySequence.StandardKey.Paste):
            self.pasteRequested.emit()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.state() != self.State.EditingState:
            self.applyRequested.emit()
        else:
            super().keyPressEvent(event)
