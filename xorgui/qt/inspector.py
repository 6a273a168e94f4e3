"""The gradient inspector: how ∂C/∂(selection) arises, with every number."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from xorgui.core.explanation.explain import Explanation
from xorgui.core.explanation.pathgraph import path_edges
from xorgui.core.explanation.worked import fd_check_text, num, to_text
from xorgui.core.model.params import ParamRef, parse_param
from xorgui.core.session.focus import Focused
from xorgui.core.session.snapshot import Snapshot
from xorgui.qt.samples import SampleBox
from xorgui.qt.widgets import named

MAX_RATE = 15  # inspector updates per second while training (at least 10 are promised)


class ValueEdit(QLineEdit):
    """The selected parameter's value: read-only until double-clicked, then Enter applies."""

    def mouseDoubleClickEvent(self, ev) -> None:  # noqa: N802 - Qt's name
        """Start editing."""
        if self.isEnabled():
            self.setReadOnly(False)
            self.selectAll()
        super().mouseDoubleClickEvent(ev)


class Inspector(QWidget):
    """Shows the worked example of the selected gradient for one sample or the batch.

    Signals: ``selectRequested(str)`` a name was typed, ``editRequested(str,
    float)`` a new value for a weight or bias, ``pathHovered(object)``
    (weights, neurons) of the path under the pointer or None,
    ``sampleChanged(int)`` the sample chosen here, −1 for the batch (the
    window shares the choice with the graph).
    """

    selectRequested = Signal(str)
    editRequested = Signal(str, float)
    pathHovered = Signal(object)
    sampleChanged = Signal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("inspector")
        self.snapshot: Snapshot | None = None
        self.name: str = ""
        self.explanation: Explanation | None = None
        self.focused: Focused | None = None  # the latest focus the trainer worked out
        self._shown_at, self.refreshes = 0.0, 0
        self._deferred = QTimer(self, singleShot=True, interval=0)
        self._deferred.timeout.connect(self._refresh)
        self.select_edit = named(QLineEdit(placeholderText="w:2:0:1, b:1:0 or z:1:0"), "selectEdit")
        self.select_edit.setToolTip("Select by name and press Enter; or click the graph")
        self.sample_box = SampleBox("inspectorSample",
                                    lambda data, red: f"batch ({red} over {len(data.X)} samples)")
        self.copy_button = named(QPushButton("Copy as text"), "copyButton")
        self.value_edit = named(ValueEdit(readOnly=True), "paramValueEdit")
        self.value_edit.setToolTip("Double-click to edit the value, Enter to apply")
        self.value_edit.setMinimumWidth(110)
        self.title = named(QLabel("Click a weight, bias or neuron on the graph"), "inspectorTitle")
        self.error = named(QLabel(), "inspectorError")
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()
        self.text = named(QPlainTextEdit(readOnly=True), "inspectorText")
        self.text.setFont(QFont("monospace"))
        # a formula broken in the middle reads wrong: long lines scroll sideways instead
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.title.setWordWrap(True)
        self.paths = named(QListWidget(), "inspectorPaths")
        self.paths.setMouseTracking(True)
        self.paths.setToolTip("Hover a path to see it alone on the graph")
        self._build()
        self.select_edit.returnPressed.connect(self._on_select_typed)
        self.sample_box.currentIndexChanged.connect(self._on_sample)
        self.copy_button.clicked.connect(self.copy_text)
        self.value_edit.returnPressed.connect(self._on_value_typed)
        self.paths.itemEntered.connect(lambda item: self._hover_path(self.paths.row(item)))
        self.paths.viewport().installEventFilter(self)

    def _build(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.select_edit, 1)
        top.addWidget(self.copy_button)
        samples = QHBoxLayout()  # a row of its own: a sample's label is as long as the field beside it
        samples.addWidget(QLabel("sample"))
        samples.addWidget(self.sample_box, 1)
        row = QHBoxLayout()
        row.addWidget(self.title, 1)
        row.addWidget(QLabel("value"))
        row.addWidget(self.value_edit)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.text)
        split.addWidget(self.paths)
        split.setSizes([300, 120])
        box = QVBoxLayout(self)
        box.setContentsMargins(2, 2, 2, 2)
        for part in (top, samples, row):
            box.addLayout(part)
        box.addWidget(self.error)
        box.addWidget(split, 1)

    # --- public ----------------------------------------------------------------------------------

    @property
    def sample(self) -> int | None:
        """Index of the sample shown, or None for the batch."""
        return self.sample_box.sample

    def set_sample(self, sample: int | None) -> None:
        """Show sample ``sample``, None for the batch (without echoing sampleChanged)."""
        self.sample_box.set_sample(sample)
        self._refresh()

    def set_selection(self, name: str) -> None:
        """Explain ``name`` ('' shows nothing)."""
        self.name = name
        self.select_edit.setText(name)
        self._refresh()

    def set_focused(self, focused: Focused) -> None:
        """Show the explanation the trainer worked out for the state shown."""
        self.focused = focused
        self._refresh()

    def set_snapshot(self, snap: Snapshot, throttle: bool = False) -> None:
        """Follow a new snapshot; with ``throttle`` at most MAX_RATE times a second."""
        self.snapshot = snap
        if snap.focused is not None:
            self.focused = snap.focused
        self.sample_box.set_data(snap.data, snap.spec.reduction)
        now = time.perf_counter()
        if throttle and now - self._shown_at < 1 / MAX_RATE:
            return
        self._shown_at = now
        if throttle:  # while training: in a pass of its own, not in the frame that repaints the graph
            self._deferred.start()
        else:
            self._refresh()

    def plain_text(self) -> str:
        """Return what the inspector shows, as plain text."""
        parts = [self.title.text(), f"value = {self.value_edit.text()}" if self.value_edit.text() else "",
                 self.text.toPlainText()]
        return "\n".join(p for p in parts if p)

    def copy_text(self) -> None:
        """Put the worked example on the clipboard: the text ``xorgui explain`` prints."""
        if self.explanation is not None:
            QGuiApplication.clipboard().setText(to_text(self.explanation))

    # --- internals -------------------------------------------------------------------------------

    def _refresh(self) -> None:
        snap = self.snapshot
        self.explanation = None
        if snap is None or not self.name:
            self.title.setText("Click a weight, bias or neuron on the graph")
            self.value_edit.clear()
            self.value_edit.setEnabled(False)
            self.text.clear()
            self.paths.clear()
            return
        ref = parse_param(self.name, snap.spec)
        self._show_value(snap, ref)
        f = self.focused
        if f is None or (f.focus.param, f.focus.sample) != (self.name, self.sample):
            self.title.setText(f"{ref.label}: working it out…")  # the answer is on its way
            self.text.clear()
            self.paths.clear()
            return
        if f.explanation is not self.explanation:
            self.refreshes += 1  # a new worked example shown (the trainer sends about MAX_RATE a second)
        ex = self.explanation = f.explanation
        if ex is None:
            self.title.setText(f"{ref.label}: {f.problem or 'no explanation'}")
            self.text.clear()
            self.paths.clear()
            return
        self.title.setText(title_text(ex, ref.label))
        scroll = self.text.verticalScrollBar().value()
        self.text.setPlainText(to_text(ex))
        self.text.verticalScrollBar().setValue(scroll)
        self._fill_paths(ex)

    def _show_value(self, snap: Snapshot, ref: ParamRef) -> None:
        editable = ref.kind in ("w", "b")
        self.value_edit.setEnabled(editable)
        if self.value_edit.isReadOnly():
            if ref.kind == "z":  # a sum has a value per sample: the chosen one's, or their mean for the batch
                value = num(snap.sample_values("z", ref.n, self.sample)[ref.i])
                text = value if self.sample is not None else f"mean {value}"
            else:
                biases = snap.biases or ()
                text = num(snap.weights[ref.n][ref.i, ref.j] if ref.kind == "w" else biases[ref.n][ref.i])
            self.value_edit.setText(text)

    def _fill_paths(self, ex: Explanation) -> None:
        lines = [f"{k + 1}. " + " · ".join(f.name for f in p.factors) + f" = {num(p.product)}"
                 for k, p in enumerate(ex.paths)]
        lines.append(f"{ex.path_count} path(s) in all; their sum, the exact total: {num(ex.gradient)}")
        if [self.paths.item(k).text() for k in range(self.paths.count())] != lines:
            self.paths.clear()
            self.paths.addItems(lines)

    def _hover_path(self, row: int) -> None:
        ex = self.explanation
        if ex is not None and 0 <= row < len(ex.paths):
            self.pathHovered.emit(path_edges(ex.paths[row], ex.param))
        else:
            self.pathHovered.emit(None)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        """Leaving the path list shows every path again."""
        if event.type() == event.Type.Leave:
            self.pathHovered.emit(None)
        return False

    def _on_select_typed(self) -> None:
        text = self.select_edit.text().strip()
        try:
            if self.snapshot is not None and text:
                parse_param(text, self.snapshot.spec)
        except ValueError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.error.hide()
        self.selectRequested.emit(text)

    def _on_sample(self, _index: int) -> None:
        self._refresh()
        self.sampleChanged.emit(-1 if self.sample is None else self.sample)

    def _on_value_typed(self) -> None:
        try:
            text = self.value_edit.text()
            value = float(text) if "_" not in text else float("nan")  # Python reads 1_0 as 10: refused
            if value != value or abs(value) == float("inf"):
                raise ValueError
        except ValueError:
            self.error.setText(f"{self.value_edit.text()!r} is not a finite number")
            self.error.show()
            return
        self.error.hide()
        self.value_edit.setReadOnly(True)
        self.editRequested.emit(self.name, value)


def title_text(ex: Explanation, label: str) -> str:
    """Return the inspector's headline: the gradient and how well finite differences agree with it."""
    return f"∂C/∂{label} = {num(ex.gradient)}   (finite difference {fd_check_text(ex)})"
