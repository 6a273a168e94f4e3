"""The main window: graph, plots, controls, menus and status bar."""

from __future__ import annotations

import math
import time
from pathlib import Path

import numpy as np
from PySide6.QtCore import QSettings, QSize, Qt, QTimer, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from xorgui.core.files.modelfile import ModelFileError, load_model, save_model
from xorgui.core.model.notation import num
from xorgui.core.session.command import SetParam, SetSpeed, Surface
from xorgui.core.session.snapshot import Snapshot
from xorgui.core.training.trainer import Trainer
from xorgui.qt.banner import Banner
from xorgui.qt.boundary_plot import BoundaryPlot, boundary_page
from xorgui.qt.controller import Controller
from xorgui.qt.controls import Controls
from xorgui.qt.data_editor import DataEditor
from xorgui.qt.fault_barrier import FaultBarrier
from xorgui.qt.inspector import Inspector
from xorgui.qt.legend import Legend
from xorgui.qt.loss_plot import LossPlot
from xorgui.qt.network_view import NetworkView
from xorgui.qt.panels import LogicPanel, SlicePlot
from xorgui.qt.panes import GRAPH_MINIMUM, INSPECTOR_MINIMUM_WIDTH, PLOT_MINIMUM, pane_splitter, scrolled, size_panes
from xorgui.qt.placement import place_new
from xorgui.qt.samples import SampleBox
from xorgui.qt.step_bar import StepBar
from xorgui.qt.study_dialog import StudyDialog
from xorgui.qt.timeline_bar import TimelineBar
from xorgui.qt.widgets import tip
from xorgui.qt.window_actions import APP_TITLE, WindowActions
from xorgui.qt.window_banner import BannerLink
from xorgui.qt.window_selection import SelectionLink
from xorgui.qt.window_stepping import StepLink
from xorgui.qt.window_timeline import TimelineLink


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
        self.data_editor = DataEditor()
        self.inspector = Inspector()
        self.logic_panel, self.slice_plot = LogicPanel(), SlicePlot()
        self.study_dialog: StudyDialog | None = None
        self.timeline = TimelineBar()
        self.step_bar = StepBar()
        self.encoding_box = QComboBox()
        self.encoding_box.setObjectName("edgeEncoding")
        self.encoding_box.addItems(["edges: weight w", "edges: gradient ∂C/∂w", "edges: last update Δw"])
        self.value_editor = QLineEdit(self.network_view)
        self.value_editor.setObjectName("graphValueEditor")
        self.value_editor.hide()
        self.sample_box = SampleBox("sampleBox", lambda data, _: f"the mean over all {len(data.X)} samples")
        self.sample_box.setToolTip(tip("The sample whose activations fill the neurons and whose values hovering shows; "
                                       "the inspector explains the gradient of the same sample (or of the batch)"))
        self._rate, self._tabs_at, self._surface_at = (time.perf_counter(), 0), 0.0, 0.0
        self._later = QTimer(self, singleShot=True, interval=0)
        self._later.timeout.connect(lambda: self._draw_plots(1))
        self._later_loss = QTimer(self, singleShot=True, interval=0)
        self._later_loss.timeout.connect(lambda: self._draw_plots(2))
        self.epochs_per_second = 0.0
        self.faults = FaultBarrier(lambda text: self.statusBar().showMessage(text, 15000))
        try:
            self._build()
            self.timeline_link = TimelineLink(self)
            self.selection_link = SelectionLink(self)
            self.banner_link = BannerLink(self)
            self.step_link = StepLink(self)
            self.menus = WindowActions(self)
            self.action_play, self.action_step, self.action_reset, self.action_restart = self.menus.training
            self._connect()
            self.menus.restore()
        except BaseException:
            self.controller.shutdown()  # never leave the worker thread behind
            raise

    # --- construction ------------------------------------------------------------------------

    def _build(self) -> None:
        self.banner = Banner()
        self.banner_text, self.banner_restart = self.banner.label, self.banner.button
        graph = QWidget()
        graph.setObjectName("graphPane")
        col = QVBoxLayout(graph)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.banner)
        top = QHBoxLayout()
        top.addWidget(self.encoding_box)
        top.addStretch(1)
        top.addWidget(QLabel("neurons show"))
        top.addWidget(self.sample_box)
        col.addLayout(top)
        # the graph with its colour legend: what File ▸ Export ▸ Network graph writes
        self.graph_panel = QWidget()
        self.graph_panel.setObjectName("graphPanel")
        drawn = QVBoxLayout(self.graph_panel)
        drawn.setContentsMargins(0, 0, 0, 0)
        drawn.setSpacing(0)
        drawn.addWidget(self.legend)
        drawn.addWidget(self.network_view, 1)
        col.addWidget(self.graph_panel, 1)
        col.addWidget(self.step_bar)
        col.addWidget(self.timeline)
        self.network_view.setMinimumSize(GRAPH_MINIMUM)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("sideTabs")
        self.tabs.addTab(boundary_page(self.boundary_plot), "boundary")
        self.tabs.addTab(self.logic_panel, "truth table")
        self.tabs.addTab(self.slice_plot, "loss slice")
        self.tabs.addTab(self.data_editor, "data")
        # whatever a tab holds (a neuron list of [2, 64, 64, 2]), it scrolls instead of squeezing the graph
        tabs = scrolled(self.tabs, "tabsScroll", PLOT_MINIMUM)
        self.loss_plot.setMinimumSize(PLOT_MINIMUM)
        plots = pane_splitter(Qt.Orientation.Horizontal, "plotsSplitter", [self.loss_plot, tabs])
        center = pane_splitter(Qt.Orientation.Vertical, "centerSplitter", [graph, plots], stretch=(1, 1))
        panel = scrolled(self.controls, "controlsScroll", QSize(0, 0), horizontal=False)
        self.inspector.setMinimumWidth(INSPECTOR_MINIMUM_WIDTH)
        main = pane_splitter(Qt.Orientation.Horizontal, "mainSplitter", [panel, center, self.inspector],
                             stretch=(0, 1, 0))
        self.main_splitter = main
        self.setCentralWidget(main)
        self.status_label = QLabel()
        self.status_label.setObjectName("statusText")
        # no stretch: the space left of it shows messages (a stretched label left them none)
        self.statusBar().addPermanentWidget(self.status_label)
        place_new(self)
        size_panes(main, self.width(), self.height())

    def _connect(self) -> None:
        c = self.controller
        c.snapshotChanged.connect(self._on_snapshot)
        c.runningChanged.connect(self._on_running)
        c.errorOccurred.connect(self._on_error)
        self.controls.setupRequested.connect(c.rebuild)
        self.data_editor.setupRequested.connect(c.rebuild)
        self.boundary_plot.dataRequested.connect(self.data_editor.send_data)
        self.controls.speedRequested.connect(lambda speed: c.send(SetSpeed(speed)))
        view, insp = self.network_view, self.inspector
        view.legendChanged.connect(self.legend.set_scale)
        view.fillScaleChanged.connect(self.legend.set_fill_scale)
        insp.editRequested.connect(self.edit_parameter)
        insp.sampleChanged.connect(lambda k: self._set_sample(None if k < 0 else k))
        self.sample_box.currentIndexChanged.connect(lambda _: self._set_sample(self.sample_box.sample))
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.encoding_box.currentIndexChanged.connect(
            lambda k: view.set_encoding(("weight", "gradient", "update")[k]))

    # --- public API ----------------------------------------------------------------------------

    @property
    def snapshot(self) -> Snapshot | None:
        """The latest snapshot received (None until the trainer has answered)."""
        return self.controller.snapshot

    def settled(self) -> bool:
        """Whether the views show what the trainer worked out for the selection, sample and neuron now chosen.

        The trainer answers a new selection within milliseconds; tests wait for this.
        """
        return self.controller.shows(self.selection_link.focus)

    def open_model(self, path: str) -> None:
        """Load a model file, paused, as File ▸ Open does; raise ModelFileError for a bad file."""
        net, setup = load_model(path)
        try:  # a model this app cannot train (three inputs, say) is refused here, the network untouched
            Trainer(net.copy(), setup.data(), setup.config)
        except ValueError as exc:
            raise ModelFileError(f"{path}: {exc}") from None
        self.controls.show_setup(setup)
        self.controller.load(net, setup)

    def edit_parameter(self, name: str, value: float) -> None:
        """Set a weight or bias (``w:n:i:j``, ``b:n:i``) to ``value``: a command to the worker."""
        self.controller.send(SetParam(name, float(value)))

    def show_document(self, path: str) -> None:
        """Name the model file last opened or saved in the window's title: "name.json — xorgui"."""
        self.setWindowFilePath(path)
        self.setWindowTitle(f"{Path(path).name} — {APP_TITLE}")

    def show_study(self) -> None:
        """Open the convergence-study window."""
        self.menus.show_study()

    def export_data(self, what: str, path: str) -> None:
        """Write "parameters" (CSV), "history" (CSV) or "worked" (the inspector's example, Markdown) to ``path``."""
        self.menus.export_data(what, path)

    def go_live(self) -> None:
        """Show the run's latest epoch again, applying the settings held while a past one was viewed."""
        self.timeline_link.go_live()

    def branch(self, epoch: int) -> None:
        """Continue from ``epoch`` of the run with the settings now in the panel; keep the old loss curve."""
        self.timeline_link.branch(epoch)

    def save_model(self, path: str) -> None:
        """Write the current network and settings to a model file, as File ▸ Save does."""
        snap = self.snapshot
        if snap is None:
            raise ValueError("nothing to save yet")
        save_model(path, snap.network(), snap.setup)

    # --- slots ---------------------------------------------------------------------------------

    @Slot(object)
    def _on_snapshot(self, snap: Snapshot) -> None:
        guard = self.faults.run
        guard("sample list", self._fill_samples, snap)
        if snap.live:
            self.timeline_link.on_live()
        guard("timeline", self.timeline.set_snapshot, snap)
        guard("loss plot", self.loss_plot.mark_epoch, None if snap.live else snap.epoch)
        guard("network graph", self.network_view.set_snapshot, snap)
        guard("inspector", self.inspector.set_snapshot, snap, self.controller.running)
        guard("data editor", self.data_editor.set_snapshot, snap)
        if self.controller.running:
            # The other views follow in passes of their own, each repainted on its
            # own: no single pass blocks the GUI thread for long.
            self._later.start()
        else:
            self._draw_plots()
        if snap.setup is not None and not self.controller.running:
            guard("settings panel", self.controls.show_setup, snap.setup, snap.learning_rate)
        guard("loss plot", self.loss_plot.set_classes, snap.derived.classes)
        guard("status bar", self._update_status, snap)
        guard("banner", self.banner_link.update, snap)

    def _draw_plots(self, stage: int = 0) -> None:
        snap = self.snapshot
        if snap is None:
            return
        if stage in (0, 1):
            # while training, a hidden map waits (restyling 10 000 points costs tens of ms): it is
            # drawn when its tab shows (_on_tab_changed) or training pauses (stage 0)
            if stage == 0 or self.boundary_plot.isVisible():
                self.faults.run("decision boundary", self.boundary_plot.set_snapshot, snap)
            self.update_tabs(snap)
        if stage in (0, 2):
            self.faults.run("loss plot", self.loss_plot.set_history, self.controller.history,
                            self.controller.running)
        if stage == 1:
            self._later_loss.start()

    def update_tabs(self, snap: Snapshot, force: bool = False) -> None:
        """Update the visible tab (at most 10 times a second while running, unless ``force``)."""
        # hidden tabs cost nothing; the visible one follows at most 10 times a second while running
        now = time.perf_counter()
        if not force and self.controller.running and now - self._tabs_at < 0.1:
            return
        self._tabs_at = now
        if self.logic_panel.isVisible():
            self.faults.run("truth table", self.logic_panel.set_snapshot, snap)
        if self.slice_plot.isVisible():
            view = self.network_view
            if view.selected is not None and view.second is not None and view.selected.kind in ("w", "b"):
                if force or now - self._surface_at > 0.5:  # the host computes it; at most twice a second
                    self._surface_at = now
                    self.controller.send(Surface(view.selected.name, view.second.name))
            else:
                self.faults.run("loss slice", self.slice_plot.set_selection, snap,
                                view.selected.name if view.selected else "")

    def _on_tab_changed(self, _: int) -> None:
        if self.snapshot is not None:
            if self.boundary_plot.isVisible() and self.boundary_plot.snapshot is not self.snapshot:
                self.faults.run("decision boundary", self.boundary_plot.set_snapshot, self.snapshot)
            self.update_tabs(self.snapshot, force=True)
        self.selection_link.refocus()  # the loss slice may have come into view

    def _fill_samples(self, snap: Snapshot) -> None:
        self.sample_box.set_data(snap.data, snap.spec.reduction)
        self.inspector.sample_box.set_data(snap.data, snap.spec.reduction)
        self._set_sample(self.sample_box.sample)

    def _set_sample(self, sample: int | None) -> None:
        """Show ``sample`` (None: the batch) in the graph and the inspector; the graph's box holds the choice."""
        self.sample_box.set_sample(sample)
        if self.network_view.sample != sample:
            self.network_view.set_sample(sample)
        if self.inspector.sample != sample:
            self.inspector.set_sample(sample)
        self.selection_link.refocus()

    def _update_status(self, snap: Snapshot) -> None:
        running = self.controller.running
        now = time.perf_counter()
        t0, e0 = self._rate
        if now - t0 >= 0.5:
            self.epochs_per_second = max(0.0, (snap.epoch - e0) / (now - t0)) if running else 0.0
            self._rate = (now, snap.epoch)
        self.status_label.setText(status_text(snap, self.epochs_per_second if running else None))

    @Slot(bool)
    def _on_running(self, running: bool) -> None:
        self.action_play.setText("Pause" if running else "Play")
        self._rate = (time.perf_counter(), self.snapshot.epoch if self.snapshot else 0)
        self.epochs_per_second = 0.0
        if self.snapshot is not None:
            self.faults.run("status bar", self._update_status, self.snapshot)

    @Slot(str)
    def _on_error(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        """Remember geometry and settings, then stop the worker and wait for it."""
        self.menus.remember()
        self.controller.shutdown()
        super().closeEvent(event)


def status_text(snap: Snapshot, epochs_per_second: float | None) -> str:
    """Return the status line: epoch, loss, errors, speed while running, η, and why training stopped.

    The errors are the share misclassified for targets that are classes,
    else the largest |ŷ − y| (there is no right or wrong).
    """
    finite = math.isfinite(snap.loss)
    if snap.derived.classes:
        errors = f"misclassified {100 * snap.error_rate:.0f} %"
    else:
        errors = f"largest |ŷ − y| {num(float(np.max(np.abs(snap.a[-1] - snap.data.Y))), 4)}"
    text = f"epoch {snap.epoch:,}   " + (
        f"loss {snap.loss:.6g}   {errors}   " if finite else "loss not a number: training diverged   ")
    if epochs_per_second is not None:
        text += f"{epochs_per_second:,.0f} epochs/s   "
    text += f"η = {snap.learning_rate:g}"
    if snap.stop_reason:
        text += f"   stopped: {snap.stop_reason}"
    elif snap.live and snap.epoch >= snap.config.epochs:
        text += f"   stopped: the epoch limit ({snap.config.epochs:,}) is reached; raise it, or Reset (R)"
    return text
