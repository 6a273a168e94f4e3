"""The main window: graph, plots, controls, menus and status bar."""

from __future__ import annotations

import json
import math
import time

from PySide6.QtCore import QPoint, QSettings, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from xorgui.core.modelfile import ModelFileError, load_model, save_model, setup_from_dict, setup_to_dict
from xorgui.core.snapshot import Snapshot
from xorgui.qt.controller import Controller
from xorgui.qt.controls import Controls
from xorgui.qt.inspector import Inspector
from xorgui.qt.legend import Legend
from xorgui.qt.network_view import NetworkView
from xorgui.qt.plots import BoundaryPlot, LossPlot

NOTATION = """<p>Layers n = 0 (input) … N (output). <b>w(n)_ij</b>: weight from neuron j of layer n−1 into
neuron i of layer n. <b>b(n)_i</b>: bias. <b>z(n)_i</b> = Σ_j w(n)_ij·a(n−1)_j + b(n)_i, the sum.
<b>a(n)_i</b> = g(z(n)_i), the activation; a(0) = x, ŷ = a(N).</p>
<p><b>δ(n)_i</b> = ∂C/∂z(n)_i: δ(N)_i = ∂C/∂ŷ_i · g′(z(N)_i); δ(n)_i = g′(z(n)_i) · Σ_k w(n+1)_ki · δ(n+1)_k.
∂C/∂w(n)_ij = δ(n)_i · a(n−1)_j, ∂C/∂b(n)_i = δ(n)_i. Update: w ← w − η·∂C/∂w.</p>
<p>Indices i, j count from 0; the inputs are labelled x1, x2.</p>"""


class MainWindow(QMainWindow):
    """The xorgui explorer."""

    def __init__(self, settings: QSettings | None = None) -> None:
        super().__init__()
        self.setWindowTitle("xorgui — backpropagation on XOR")
        self.settings = settings if settings is not None else QSettings()
        self.controller = Controller(self)
        self.network_view = NetworkView()
        self.legend = Legend()
        self.loss_plot = LossPlot()
        self.boundary_plot = BoundaryPlot()
        self.controls = Controls()
        self.inspector = Inspector()
        self.encoding_box = QComboBox(objectName="edgeEncoding")
        self.encoding_box.addItems(["edges: weight w", "edges: gradient ∂C/∂w", "edges: last update Δw"])
        self.value_editor = QLineEdit(self.network_view, objectName="graphValueEditor")
        self.value_editor.hide()
        self.sample_box = QComboBox(objectName="sampleBox")
        self.sample_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.sample_box.setToolTip("The sample whose activations fill the neurons and whose values hovering shows")
        self._samples_of = None
        self._rate = (time.perf_counter(), 0)
        self.epochs_per_second = 0.0
        try:
            self._build()
            self._build_actions()
            self._connect()
            self._restore()
        except BaseException:
            self.controller.shutdown()  # never leave the worker thread behind
            raise

    # --- construction ------------------------------------------------------------------------

    def _build(self) -> None:
        self.banner = QFrame(objectName="divergenceBanner")
        self.banner.setStyleSheet("#divergenceBanner { background: #fde8e8; border: 1px solid #b00020; }")
        self.banner_text = QLabel(wordWrap=True)
        self.banner_restart = QPushButton("Restart")
        row = QHBoxLayout(self.banner)
        row.addWidget(self.banner_text, 1)
        row.addWidget(self.banner_restart)
        self.banner.hide()
        graph = QWidget()
        col = QVBoxLayout(graph)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.banner)
        top = QHBoxLayout()
        top.addWidget(self.encoding_box)
        top.addStretch(1)
        top.addWidget(QLabel("neurons show"))
        top.addWidget(self.sample_box)
        col.addLayout(top)
        col.addWidget(self.legend)
        col.addWidget(self.network_view, 1)
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(self.loss_plot)
        bottom.addWidget(self.boundary_plot)
        bottom.setSizes([500, 350])
        center = QSplitter(Qt.Orientation.Vertical)
        center.addWidget(graph)
        center.addWidget(bottom)
        center.setSizes([430, 330])
        scroll = QScrollArea(widgetResizable=True)
        scroll.setWidget(self.controls)
        scroll.setMinimumWidth(250)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        main = QSplitter(Qt.Orientation.Horizontal)
        main.addWidget(scroll)
        main.addWidget(center)
        main.setStretchFactor(1, 1)
        main.addWidget(self.inspector)
        main.setStretchFactor(0, 0)
        main.setStretchFactor(2, 0)
        main.setSizes([270, 740, 430])
        self.setCentralWidget(main)
        self.status_label = QLabel(objectName="statusText")
        self.statusBar().addPermanentWidget(self.status_label, 1)
        self.resize(1440, 860)

    def _action(self, name: str, text: str, shortcut: str | QKeySequence | None, slot) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        c = self.controller
        self.action_play = self._action("actionPlayPause", "Play", Qt.Key.Key_Space, c.toggle)
        self.action_step = self._action("actionStep", "Step", Qt.Key.Key_Right, c.step)
        self.action_reset = self._action("actionReset", "Reset", Qt.Key.Key_R, lambda: c.command("reset"))
        self.action_restart = self._action("actionRestart", "Restart", "Shift+R", lambda: c.command("restart"))
        self.action_open = self._action("actionOpen", "Open model…", QKeySequence.StandardKey.Open, self._open_dialog)
        self.action_save = self._action("actionSave", "Save model…", QKeySequence.StandardKey.Save, self._save_dialog)
        self.action_export = self._action("actionExport", "Export image…", "Ctrl+E", self._export_dialog)
        self.action_quit = self._action("actionQuit", "Quit", QKeySequence.StandardKey.Quit, self.close)
        self._action("actionClearSelection", "Clear selection", Qt.Key.Key_Escape, lambda: self.network_view.select(""))
        self.action_reset.setToolTip("New random weights from a new seed (R)")
        self.action_restart.setToolTip("The same initial weights again (Shift+R)")
        menus = self.menuBar()
        file_menu = menus.addMenu("&File")
        for a in (self.action_open, self.action_save, self.action_export):
            file_menu.addAction(a)
        file_menu.addSeparator()
        file_menu.addAction(self.action_quit)
        training = menus.addMenu("&Training")
        for a in (self.action_play, self.action_step, self.action_reset, self.action_restart):
            training.addAction(a)
        help_menu = menus.addMenu("&Help")
        help_menu.addAction(self._action("actionNotation", "Notation", "F1", self._show_notation))
        help_menu.addAction(self._action("actionAbout", "About xorgui", None, self._show_about))
        bar = QToolBar("Training", objectName="trainingToolBar")
        bar.setMovable(False)
        for a in (self.action_play, self.action_step, self.action_reset, self.action_restart):
            bar.addAction(a)
        self.addToolBar(bar)

    def _connect(self) -> None:
        c = self.controller
        c.snapshotChanged.connect(self._on_snapshot)
        c.runningChanged.connect(self._on_running)
        c.errorOccurred.connect(self._on_error)
        c.generationChanged.connect(lambda _: self.loss_plot.clear())
        self.controls.setupRequested.connect(c.rebuild)
        self.controls.learningRateRequested.connect(lambda lr: c.command("set_lr", lr))
        self.controls.configRequested.connect(lambda changes: c.command("configure", changes))
        self.controls.speedRequested.connect(lambda speed: c.command("set_speed", speed))
        self.banner_restart.clicked.connect(lambda: c.command("restart"))
        view, insp = self.network_view, self.inspector
        view.legendChanged.connect(self.legend.set_scale)
        view.hovered.connect(self._on_hovered)
        view.selectionChanged.connect(self._on_selection)
        view.editRequested.connect(self._open_value_editor)
        insp.selectRequested.connect(self._select)
        insp.editRequested.connect(self.edit_parameter)
        insp.pathHovered.connect(lambda p: view.highlight_path(*p) if p else view.highlight_path(None))
        insp.sampleChanged.connect(lambda k: k >= 0 and self.sample_box.setCurrentIndex(k))
        self.sample_box.currentIndexChanged.connect(self._on_sample)
        self.encoding_box.currentIndexChanged.connect(
            lambda k: view.set_encoding(("weight", "gradient", "update")[k]))
        self.value_editor.returnPressed.connect(self._apply_value_editor)
        self.value_editor.editingFinished.connect(self.value_editor.hide)

    # --- public API ----------------------------------------------------------------------------

    @property
    def snapshot(self) -> Snapshot | None:
        """The latest snapshot received (None until the trainer has answered)."""
        return self.controller.snapshot

    def open_model(self, path: str) -> None:
        """Load a model file, paused, as File ▸ Open does; raise ModelFileError for a bad file."""
        net, setup = load_model(path)
        self.controls.show_setup(setup)
        self.controller.load(net, setup)

    def edit_parameter(self, name: str, value: float) -> None:
        """Set a weight or bias (``w:n:i:j``, ``b:n:i``) to ``value``: a command to the worker."""
        self.controller.command("set_param", name, float(value))

    def save_model(self, path: str) -> None:
        """Write the current network and settings to a model file, as File ▸ Save does."""
        snap = self.snapshot
        if snap is None:
            raise ValueError("nothing to save yet")
        save_model(path, snap.network(), snap.setup)

    # --- slots ---------------------------------------------------------------------------------

    @Slot(object)
    def _on_snapshot(self, snap: Snapshot) -> None:
        self._fill_samples(snap)
        self.network_view.set_snapshot(snap)
        self.inspector.set_snapshot(snap, throttle=self.controller.running)
        self.boundary_plot.set_snapshot(snap)
        self.loss_plot.set_history(self.controller.history, throttle=self.controller.running)
        if snap.setup is not None and not self.controller.running:
            self.controls.show_setup(snap.setup, snap.learning_rate)
        self._update_status(snap)
        diverged = snap.stop_reason is not None and not math.isfinite(snap.epoch_losses[-1]
                                                                       if len(snap.epoch_losses) else snap.loss)
        if diverged:
            self.banner_text.setText(f"Training paused: {snap.stop_reason}. Lower the learning rate, then Restart.")
        self.banner.setVisible(diverged)

    def _fill_samples(self, snap: Snapshot) -> None:
        key = (snap.data.name, snap.data.X.tobytes(), snap.data.Y.tobytes())
        if key == self._samples_of:
            return
        self._samples_of = key
        keep = self.sample_box.currentIndex()
        self.sample_box.blockSignals(True)
        self.sample_box.clear()
        for x, label in zip(snap.data.X, snap.data.labels):
            self.sample_box.addItem(f"x = ({x[0]:.3g}, {x[1]:.3g}) → {label}")
        self.sample_box.setCurrentIndex(keep if 0 <= keep < len(snap.data.X) else 0)
        self.sample_box.blockSignals(False)
        self.network_view.sample = self.sample_box.currentIndex()

    def _update_status(self, snap: Snapshot) -> None:
        now = time.perf_counter()
        t0, e0 = self._rate
        if now - t0 >= 0.5:
            self.epochs_per_second = max(0.0, (snap.epoch - e0) / (now - t0)) if self.controller.running else 0.0
            self._rate = (now, snap.epoch)
        text = (f"epoch {snap.epoch:,}   loss {snap.loss:.6g}   misclassified {100 * snap.error_rate:.0f} %   "
                f"{self.epochs_per_second:,.0f} epochs/s   η = {snap.learning_rate:g}")
        if snap.stop_reason:
            text += f"   stopped: {snap.stop_reason}"
        self.status_label.setText(text)

    @Slot(bool)
    def _on_running(self, running: bool) -> None:
        self.action_play.setText("Pause" if running else "Play")
        self._rate = (time.perf_counter(), self.snapshot.epoch if self.snapshot else 0)

    @Slot(str)
    def _on_error(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def _hidden_neuron(self, name: str) -> tuple[int, int] | None:
        if name[:2] in ("z:", "b:") and self.snapshot is not None:
            n, i = (int(v) for v in name.split(":")[1:3])
            return (n, i) if n < self.snapshot.spec.N else None
        return None

    @Slot(str)
    def _on_hovered(self, name: str) -> None:
        # a hovered hidden neuron's map, else the selected one's, else the output
        selected = self.network_view.selected
        neuron = self._hidden_neuron(name) or (self._hidden_neuron(selected.name) if selected else None)
        if neuron != self.boundary_plot.neuron:
            self.boundary_plot.show_neuron(neuron)

    @Slot(str)
    def _on_selection(self, name: str) -> None:
        self.inspector.set_selection(name)
        self._on_hovered("")

    def _select(self, name: str) -> None:
        try:
            self.network_view.select(name)
        except ValueError as exc:
            self.statusBar().showMessage(str(exc), 6000)

    def _on_sample(self, index: int) -> None:
        if index >= 0:
            self.network_view.set_sample(index)
            if self.inspector.sample is not None:
                self.inspector.set_sample(index)

    def _open_value_editor(self, name: str) -> None:
        if self.snapshot is None:
            return
        self.network_view.select(name)
        kind, n, i, *j = (int(v) if v.isdigit() else v for v in name.split(":"))
        value = self.snapshot.weights[n][i, j[0]] if kind == "w" else self.snapshot.biases[n][i]
        editor = self.value_editor
        editor.setProperty("param", name)
        editor.setText(f"{value:.10g}")
        editor.adjustSize()
        editor.move(self.network_view.anchor(name) - QPoint(editor.width() // 2, editor.height() // 2))
        editor.show()
        editor.setFocus()
        editor.selectAll()

    def _apply_value_editor(self) -> None:
        text = self.value_editor.text()
        try:
            value = float(text)
            if not math.isfinite(value):
                raise ValueError
        except ValueError:
            self.statusBar().showMessage(f"{text!r} is not a finite number: the value is unchanged", 6000)
            return
        self.value_editor.hide()
        self.edit_parameter(self.value_editor.property("param"), value)

    def _open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open model", "", "xorgui models (*.json);;All files (*)")
        if path:
            try:
                self.open_model(path)
            except ModelFileError as exc:
                QMessageBox.warning(self, "Cannot open the model", str(exc))

    def _save_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save model", "model.json", "xorgui models (*.json)")
        if path:
            try:
                self.save_model(path)
            except (OSError, ValueError) as exc:
                QMessageBox.warning(self, "Cannot save the model", str(exc))

    def _export_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export image", "xorgui.png", "PNG images (*.png)")
        if path and not self.grab().save(path):
            QMessageBox.warning(self, "Cannot export the image", f"could not write {path}")

    def _show_notation(self) -> None:
        QMessageBox.information(self, "Notation", NOTATION)

    def _show_about(self) -> None:
        QMessageBox.about(self, "About xorgui", "<b>xorgui</b>: watch a small network learn XOR by backpropagation "
                          "and see how every gradient arises.")

    # --- settings and shutdown -----------------------------------------------------------------

    def _restore(self) -> None:
        geometry = self.settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        text = self.settings.value("setup")
        self.controls.set_speed_index(int(self.settings.value("speed", 1)))
        self.controller.command("set_speed", self.controls.speed)
        if text:
            try:
                setup = setup_from_dict(json.loads(text))
            except (ValueError, TypeError, KeyError):
                return  # settings from another version: start from the default
            self.controls.show_setup(setup)
            self.controller.rebuild(setup)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """Remember geometry and settings, then stop the worker and wait for it."""
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("setup", json.dumps(setup_to_dict(self.controls.setup)))
        self.settings.setValue("speed", self.controls.speed_box.currentIndex())
        self.settings.sync()
        self.controller.shutdown()
        super().closeEvent(event)
