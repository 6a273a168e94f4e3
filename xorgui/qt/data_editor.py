"""The data editor: the samples as a table, edited in place, pasted, imported, exported, applied as one command.

Nothing here changes the model: Apply checks the table (numbers only, at
least one sample, finite, fitting the network's dims) and asks for a
rebuild with the new data, the one way data reach the trainer. A table
that fails shows one message in red and sends nothing. The table follows
the data of the snapshots (a preset chosen in the settings panel, a model
file opened) unless it holds edits not yet applied.
"""

from __future__ import annotations

import os

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from xorgui.core.files.csvdata import has_header, load_csv, parse_block, save_csv
from xorgui.core.model.data import CUSTOM, DATASETS, Dataset, make_dataset
from xorgui.core.model.datacheck import DataError, check_fits, custom_data
from xorgui.core.model.network import Spec
from xorgui.core.session.snapshot import Snapshot
from xorgui.core.training.setup import Setup
from xorgui.qt.data_table import DataTableModel, DataTableView
from xorgui.qt.save_dialog import save_path
from xorgui.qt.setup_check import check_fit
from xorgui.qt.widgets import MessageArea, named, tip

PICK = "preset…"
CSV_FILTER = "CSV data (*.csv *.tsv *.txt);;All files (*)"


def fitted_spec(spec: Spec, data: Dataset) -> Spec:
    """Return ``spec`` with its first and last widths those of ``data``'s inputs and targets."""
    activations = spec.activations
    if activations[-1] == "softmax" and data.n_outputs == 1:
        activations = (*activations[:-1], "sigmoid")
    return Spec((data.n_inputs, *spec.dims[1:-1], data.n_outputs), activations, spec.bias, spec.cost,
                spec.reduction)


def _button(text: str, name: str, hint: str) -> QToolButton:
    # tool buttons are as wide as their text: the tab stays narrow enough for the side pane
    button = named(QToolButton(), name)
    button.setText(text)
    button.setToolTip(tip(hint))
    return button


class DataEditor(QWidget):
    """Edits the samples of the data set: inputs x_0… and targets y_0…, one row per sample.

    Signals
    -------
    setupRequested(Setup)
        Rebuild the network, paused, with this setup (the current one with the table's data).
    """

    setupRequested = Signal(object)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.model = DataTableModel(self)
        self.table = DataTableView()
        self.table.setModel(self.model)
        self.preset_box = named(QComboBox(), "dataPresetBox")
        self.preset_box.addItems([PICK, *DATASETS])
        self.preset_box.setToolTip("Fill the table with a built-in data set (then Apply)")
        self.preset_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.preset_box.setMinimumContentsLength(6)
        self.add_button = _button("add row", "addRowButton", "Add a sample of zeros after the current row")
        self.delete_button = _button("delete rows", "deleteRowsButton", "Delete the rows of the selected cells")
        self.paste_button = _button("paste", "pasteButton", "Add the rows of a tab- or comma-separated block from "
                                    "the clipboard (Ctrl+V); a block with a header x…,y… replaces the table")
        self.add_input_button = _button("add x", "addInputButton", "Add an input column of zeros after the last "
                                         "input x (Ctrl+Shift+X); the network's first width must then grow too")
        self.add_target_button = _button("add y", "addTargetButton", "Add a target column of zeros after the last "
                                          "target y (Ctrl+Shift+Y); the network's last width must then grow too")
        self.delete_columns_button = _button("delete columns", "deleteColumnsButton",
                                             "Delete the columns of the selected cells (Ctrl+Shift+Delete; a click "
                                             "on a column's name selects it); the others are renamed x_0…, y_0…")
        self.import_button = _button("import…", "importButton", "Read a CSV file: a header x_0,…,y_0,… then one row "
                                     "per sample")
        self.export_button = _button("export…", "exportButton", "Write the table as a CSV file")
        self.revert_button = _button("revert", "revertButton", "Drop the edits: show the model's data again")
        self.apply_button = _button("apply", "applyButton", "Train on the table's data: the network starts over, "
                                    "paused (Enter in the table)")
        self.fit_button = _button("", "fitDimsButton", "Apply the data with the network's first and last widths "
                                  "changed to fit them (the hidden layers stay)")
        self.fit_button.hide()
        self.error = named(QLabel(), "dataError")
        self.error.setStyleSheet("color: #b00020;")
        # as high as its lines, at most three, scrolling beyond: the table keeps its rows in view at 1280×720
        self.error_area = MessageArea(self.error, lines=3)
        self.error_area.hide()
        self.note = named(QLabel(), "dataNote")
        self.note.setWordWrap(True)
        self._setup: Setup | None = None
        self._model_data: Dataset | None = None  # the data of the snapshots
        self._generation: int | None = None
        self._name, self._preset = CUSTOM, ""  # the table's name; the preset it shows unedited, if any
        self.dirty = False
        self._build()
        self._connect()

    def _build(self) -> None:
        col = QVBoxLayout(self)
        col.setContentsMargins(2, 2, 2, 2)
        # four short rows: the tab stays narrow enough for the side pane at 1280×720
        for widgets in ((self.preset_box, self.paste_button, self.apply_button),
                        (self.add_button, self.add_input_button, self.add_target_button),
                        (self.delete_button, self.delete_columns_button),
                        (self.import_button, self.export_button, self.revert_button)):
            row = QHBoxLayout()
            for w in widgets:
                row.addWidget(w)
            row.addStretch(1)
            col.addLayout(row)
        col.addWidget(self.error_area)
        col.addWidget(self.fit_button)
        col.addWidget(self.note)
        col.addWidget(self.table, 1)

    def _connect(self) -> None:
        self.model.edited.connect(self._on_edited)
        self.table.pasteRequested.connect(lambda: self.paste())
        self.table.applyRequested.connect(self.apply)
        self.add_button.clicked.connect(self.add_row)
        self.delete_button.clicked.connect(self.delete_selected_rows)
        self.paste_button.clicked.connect(lambda: self.paste())
        self.add_input_button.clicked.connect(lambda: self.add_column(False))
        self.add_target_button.clicked.connect(lambda: self.add_column(True))
        self.delete_columns_button.clicked.connect(self.delete_selected_columns)
        for keys, act in (("Ctrl+Shift+X", lambda: self.add_column(False)),
                          ("Ctrl+Shift+Y", lambda: self.add_column(True)),
                          ("Ctrl+Shift+Del", self.delete_selected_columns)):
            action = QAction(self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(act)
            self.addAction(action)
        self.import_button.clicked.connect(self._import_dialog)
        self.export_button.clicked.connect(self._export_dialog)
        self.revert_button.clicked.connect(self.revert)
        self.apply_button.clicked.connect(self.apply)
        self.fit_button.clicked.connect(self.apply_fitting_dims)
        self.preset_box.activated.connect(lambda k: self.fill_preset(self.preset_box.itemText(k)) if k else None)

    # --- following the model -------------------------------------------------------------------

    def set_snapshot(self, snap: Snapshot) -> None:
        """Follow the snapshot's setup, and its data when they changed and the table holds no edits."""
        self._setup = snap.setup
        if snap.generation == self._generation:
            return  # the data change only with a new generation
        self._generation = snap.generation
        if self._model_data is not None and snap.data == self._model_data:
            return
        self._model_data = snap.data
        if self.dirty:
            self.note.setText("The model's data changed; the table keeps your edits (revert shows the model's)")
        else:
            self._show_model_data()

    def revert(self) -> None:
        """Drop the table's edits and show the model's data."""
        if self._model_data is not None:
            self._show_model_data()

    def _show_model_data(self) -> None:
        data = self._model_data
        assert data is not None
        self.model.set_data(data)
        self._name = data.name if data.name not in DATASETS else CUSTOM
        setup = self._setup
        self._preset = setup.dataset if setup is not None and setup.custom is None else ""
        self._set_clean()

    # --- editing -------------------------------------------------------------------------------

    def add_row(self) -> None:
        """Add a sample of zeros after the current row (or at the end) and select its first cell."""
        current = self.table.currentIndex()
        at = current.row() + 1 if current.isValid() else self.model.rowCount()
        self.model.add_rows([[0.0] * self.model.columnCount()], at)
        self.table.setCurrentIndex(self.model.index(at, 0))

    def delete_selected_rows(self) -> None:
        """Delete every row that has a selected cell."""
        self.model.remove_rows([i.row() for i in self.table.selectionModel().selectedIndexes()])

    def add_column(self, target: bool) -> None:
        """Add an input (``target`` False) or target column of zeros, and make its first cell the current one."""
        row = max(self.table.currentIndex().row(), 0)
        column = self.model.add_column(target)
        self.table.setCurrentIndex(self.model.index(row, column))
        self.table.setFocus()

    def delete_selected_columns(self) -> bool:
        """Delete every column that has a selected cell (else the current cell's); return whether any went.

        At least one input and one target stay: a deletion that would leave
        none is refused with a message, and the table stays as it was.
        """
        indexes = self.table.selectionModel().selectedIndexes() or [self.table.currentIndex()]
        columns = [i.column() for i in indexes if i.isValid()]
        try:
            self.model.remove_columns(columns)
        except ValueError as exc:
            self._show_error(str(exc))
            return False
        return bool(columns)

    def paste(self, text: str | None = None) -> bool:
        """Add the rows of a block (default: the clipboard's text); one with a header x…,y… replaces the table.

        Cells are separated by tabs (as a spreadsheet copies them) or commas.
        Returns whether the block was taken; if not, the message says why.
        """
        text = QGuiApplication.clipboard().text() if text is None else text
        header = has_header(text)
        columns = [self.model.column_name(c) for c in range(self.model.columnCount())]
        try:
            data = parse_block(text, columns, "the pasted block", self._name)
        except ValueError as exc:
            self._show_error(str(exc))
            return False
        if header or self.model.rowCount() == 0:
            self.model.set_table(data.X, data.Y)
            self._on_edited()
        else:
            self.model.add_rows(np.hstack([data.X, data.Y]))
        return True

    def fill_preset(self, name: str) -> None:
        """Fill the table with a built-in data set, as many targets as the network has outputs (1 or 2)."""
        setup = self._setup if self._setup is not None else Setup()
        outputs = setup.spec.dims[-1] if setup.spec.dims[-1] in (1, 2) else 1
        data = make_dataset(name, outputs, n_points=setup.n_points, seed=setup.seed)
        self.model.set_table(data.X, data.Y)
        self._on_edited()
        self._name, self._preset = CUSTOM, name

    def import_csv(self, path: str) -> bool:
        """Fill the table from a CSV file; return whether it was read (if not, the message says why)."""
        try:
            data = load_csv(path)
        except ValueError as exc:
            self._show_error(str(exc))
            return False
        self.model.set_data(data)
        self._on_edited()
        self._name = data.name if data.name not in DATASETS else CUSTOM
        return True

    def export_csv(self, path: str) -> bool:
        """Write the table as CSV (tab-separated for a .tsv name); return whether it was written."""
        try:
            save_csv(path, self.table_data(), "\t" if path.lower().endswith(".tsv") else ",")
        except (ValueError, OSError) as exc:
            self._show_error(str(exc))
            return False
        self._show_error("")
        return True

    # --- applying ------------------------------------------------------------------------------

    def table_data(self) -> Dataset:
        """Return the table as a checked data set.

        Raises
        ------
        DataError
            Naming the first problem: a cell that is no number, no sample,
            a number that is NaN or infinite (naming its sample and column).
        """
        bad = self.model.first_bad_cell()
        if bad is not None:
            raise DataError(bad)
        a = self.model.inputs
        return custom_data(self.model.values[:, :a], self.model.values[:, a:], self._name)

    def apply(self) -> bool:
        """Check the table and ask for a rebuild with its data; return whether it was sent.

        A table that fails the checks, or does not fit the network's dims,
        shows one message and sends nothing; for the latter a button offers
        to apply with dims that fit (``apply_fitting_dims``).
        """
        if self._setup is None:
            return False
        self.fit_button.hide()
        try:
            if self._preset:
                setup = self._setup.with_(dataset=self._preset)
                check_fit(setup)
            else:
                data = self.table_data()
                setup = self._setup.with_(custom=data)
                self._check_fits(data, self._setup.spec)
        except ValueError as exc:
            self._show_error(str(exc))
            return False
        return self._send(setup)

    def apply_fitting_dims(self) -> bool:
        """Apply the table's data with the network's first and last widths set to its inputs and targets.

        The hidden layers, activations (a softmax output of one target
        becomes sigmoid) and cost stay; returns whether it was sent.
        """
        if self._setup is None:
            return False
        try:
            data = self.table_data()
            setup = self._setup.with_(spec=fitted_spec(self._setup.spec, data), custom=data)
        except ValueError as exc:
            self._show_error(str(exc))
            return False
        return self._send(setup)

    def send_data(self, data: Dataset) -> bool:
        """Ask for a rebuild with ``data`` made elsewhere (a point added on the map); return whether it was sent.

        Data that do not fit the dims show the message here; the table's own
        unapplied edits stay (the table then keeps them, as for any change
        from elsewhere).
        """
        if self._setup is None:
            return False
        try:
            check_fits(data, self._setup.spec.dims)
        except ValueError as exc:
            self._show_error(str(exc))
            return False
        self.setupRequested.emit(self._setup.with_(custom=data))
        return True

    def _check_fits(self, data: Dataset, spec: Spec) -> None:
        try:
            check_fits(data, spec.dims)
        except DataError:
            dims = ", ".join(map(str, (data.n_inputs, *spec.dims[1:-1], data.n_outputs)))
            self.fit_button.setText(f"apply with dims {dims}")
            self.fit_button.setVisible(True)
            raise

    def _send(self, setup: Setup) -> bool:
        self._set_clean()
        self.setupRequested.emit(setup)
        return True

    # --- state and messages --------------------------------------------------------------------

    def _on_edited(self) -> None:
        self.dirty, self._preset = True, ""
        self.note.setText("Edits not applied: apply (Enter) trains on them")
        self.note.show()
        self._show_error("")

    def _set_clean(self) -> None:
        self.dirty = False
        self.note.setText("")
        self.note.hide()
        self._show_error("")

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error_area.setVisible(bool(text))
        self.error_area.updateGeometry()  # its lines changed
        self.note.setVisible(bool(self.note.text()) and not text)  # the message says more
        if not text:
            self.fit_button.hide()

    def _import_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import data", "", CSV_FILTER)
        if path:
            self.import_csv(path)

    def _export_dialog(self) -> None:
        path = save_path(self, "Export data", "data.csv", CSV_FILTER)
        if path:
            self.export_csv(os.fspath(path))
