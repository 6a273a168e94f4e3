"""The main window's actions, menus, dialogs and remembered settings."""

from __future__ import annotations

import platform
import sys
from collections.abc import Callable
from functools import partial
from importlib import metadata
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
import PySide6
from PySide6.QtCore import QSettings, Qt, qVersion
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox, QToolBar, QWidget

import xorgui
from xorgui.core.files.access import write_atomic
from xorgui.core.files.export import history_csv, parameters_csv, to_markdown
from xorgui.core.session.command import Reset, Restart, SetSpeed
from xorgui.qt.controls import SPEEDS
from xorgui.qt.exercise_dialog import ExerciseDialog
from xorgui.qt.exporting import export_widget
from xorgui.qt.panes import size_panes
from xorgui.qt.placement import keep_on_screen
from xorgui.qt.quit_anywhere import QuitAnywhere
from xorgui.qt.remembered import read_settings, setup_text
from xorgui.qt.save_dialog import save_path
from xorgui.qt.study_dialog import StudyDialog

if TYPE_CHECKING:
    from xorgui.core.training.setup import Setup
    from xorgui.qt.main_window import MainWindow

APP_TITLE = "xorgui"

NOTATION = """<p>Layers n = 0 (input) … N (output). <b>w(n)_ij</b>: weight from neuron j of layer n−1 into
neuron i of layer n. <b>b(n)_i</b>: bias. <b>z(n)_i</b> = Σ_j w(n)_ij·a(n−1)_j + b(n)_i, the sum.
<b>a(n)_i</b> = g(z(n)_i), the activation; a(0) = x, ŷ = a(N).</p>
<p><b>δ(n)_i</b> = ∂C/∂z(n)_i: δ(N)_i = ∂C/∂ŷ_i · g′(z(N)_i); δ(n)_i = g′(z(n)_i) · Σ_k w(n+1)_ki · δ(n+1)_k.
∂C/∂w(n)_ij = δ(n)_i · a(n−1)_j, ∂C/∂b(n)_i = δ(n)_i. Update: w ← w − η·∂C/∂w.</p>
<p>Indices i, j count from 0, and so do the inputs: a(0)_j = x_j, the inputs x_0 and x_1.</p>"""


class WindowActions:
    """The window's actions, menus and toolbar; its file dialogs and exports; its remembered settings."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        w, c = window, window.controller
        # settings held while a past epoch was viewed apply before the run goes on
        self.play = self._action("actionPlayPause", "Play", Qt.Key.Key_Space, self._play)
        self.step = self._action("actionStep", "Step", Qt.Key.Key_Right, self._step)
        self.reset = self._action("actionReset", "Reset", Qt.Key.Key_R, lambda: c.send(Reset()))
        self.restart = self._action("actionRestart", "Restart", "Shift+R", lambda: c.send(Restart()))
        self.open = self._action("actionOpen", "Open model…", QKeySequence.StandardKey.Open, self._open_dialog)
        self.save = self._action("actionSave", "Save model…", QKeySequence.StandardKey.Save, self._save_dialog)
        self.export = self._action("actionExport", "Export image…", "Ctrl+E", lambda: self._export_view(w, "xorgui"))
        self.quit = self._action("actionQuit", "Quit", QKeySequence.StandardKey.Quit, w.close)
        # some platforms (Windows) bind no key to the standard Quit: Ctrl+Q everywhere
        keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Quit)
        self.quit.setShortcuts(keys + [QKeySequence("Ctrl+Q")] * (QKeySequence("Ctrl+Q") not in keys))
        self.quit_anywhere = QuitAnywhere(w, self.quit.shortcuts())
        self._action("actionClearSelection", "Clear selection", Qt.Key.Key_Escape, lambda: w.network_view.select(""))
        self.reset.setToolTip("New random weights from a new seed (R)")
        self.restart.setToolTip("The same initial weights again (Shift+R)")
        self.training = (self.play, self.step, self.reset, self.restart)
        link = w.step_link
        self.step_through = self._action("actionStepThrough", "Step through", Qt.Key.Key_T, link.toggle)
        self.step_through.setToolTip("Take the next Step apart, phase by phase, on the graph (T)")
        self.step_through.setCheckable(True)
        self.phases = (self._action("actionPhaseNext", "Next phase", Qt.Key.Key_Period, link.next),
                       self._action("actionPhasePrevious", "Previous phase", Qt.Key.Key_Comma, link.previous),
                       self._action("actionPhasePlay", "Play the phases", Qt.Key.Key_P, w.step_bar.play.toggle),
                       self._action("actionPhaseEnd", "To the end (make the Step)", Qt.Key.Key_End, link.to_end))
        self.stepping_changed(False)
        self.exercise: ExerciseDialog | None = None
        self._build_menus()

    def _play(self) -> None:
        self.window.timeline_link.apply_held()
        self.window.controller.toggle()

    def _step(self) -> None:
        self.window.timeline_link.apply_held()
        self.window.controller.step()

    def _action(self, name: str, text: str, shortcut: str | QKeySequence | QKeySequence.StandardKey | Qt.Key | None,
                slot: Callable[[], object]) -> QAction:
        action = QAction(text, self.window)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.window.addAction(action)
        return action

    def _build_menus(self) -> None:
        w = self.window
        menus = w.menuBar()
        file_menu = menus.addMenu("&File")
        for a in (self.open, self.save, self.export):
            file_menu.addAction(a)
        export = file_menu.addMenu("Export")
        views: tuple[tuple[str, QWidget, str], ...] = (
            ("Network graph…", w.graph_panel, "network"), ("Loss plot…", w.loss_plot, "loss"),
            ("Decision boundary…", w.boundary_plot, "boundary"), ("Loss slice…", w.slice_plot, "loss-slice"))
        for text, widget, stem in views:
            export.addAction(text, partial(self._export_view, widget, stem))
        export.addSeparator()
        export.addAction("Weights and gradients (CSV)…", lambda: self._export_text("parameters", "csv"))
        export.addAction("Loss history (CSV)…", lambda: self._export_text("history", "csv"))
        export.addAction("Worked example (Markdown)…", lambda: self._export_text("worked", "md"))
        export.addAction("Step-through (Markdown)…", lambda: self._export_walk("md"))
        export.addAction("Step-through (text)…", lambda: self._export_walk("txt"))
        file_menu.addSeparator()
        file_menu.addAction(self.quit)
        training = menus.addMenu("&Training")
        for a in self.training:
            training.addAction(a)
        training.addSeparator()
        stepping = training.addMenu("Step through")
        for a in (self.step_through, *self.phases):
            stepping.addAction(a)
        training.addAction(self._action("actionExercise", "Exercise: check my hand calculation…", Qt.Key.Key_X,
                                        self.show_exercise))
        training.addSeparator()
        training.addAction(self._action("actionStudy", "Convergence study…", "Ctrl+K", self.show_study))
        help_menu = menus.addMenu("&Help")
        help_menu.addAction(self._action("actionNotation", "Notation", "F1", self._show_notation))
        help_menu.addAction(self._action("actionAbout", "About xorgui", None, self._show_about))
        bar = QToolBar("Training")
        bar.setObjectName("trainingToolBar")
        bar.setMovable(False)
        for a in self.training:
            bar.addAction(a)
        bar.addAction(self.step_through)
        w.addToolBar(bar)

    def stepping_changed(self, active: bool) -> None:
        """Check the step-through's action and open its phase keys while it is on (and only then)."""
        self.step_through.setChecked(active)
        for a in self.phases:
            a.setEnabled(active)

    def _export_walk(self, fmt: str) -> None:
        path = save_path(self.window, "Export the step-through", f"xorgui-step.{fmt}",
                         "Markdown (*.md)" if fmt == "md" else "Text (*.txt)")
        if path:
            self.window.step_link.export(path, fmt)

    def show_exercise(self) -> None:
        """Open the exercise dialog on a new exercise; hide what would give the answer away while it is open."""
        w = self.window
        if self.exercise is None:
            self.exercise = ExerciseDialog(w.controller, w)
            self.exercise.finished.connect(lambda _: w.status_label.show())
        w.step_link.close()
        w.network_view.select("")  # the inspector's worked example would show the numbers
        w._set_sample(None)  # the graph shows the means over the samples, not one sample's values
        w.status_label.hide()  # its loss is the batch's cost
        self.exercise.show()
        self.exercise.raise_()
        self.exercise.ask()

    def show_study(self) -> None:
        """Open the convergence-study window."""
        w = self.window
        if w.study_dialog is None:
            w.study_dialog = StudyDialog(w.controller, w)
            w.study_dialog.openRun.connect(self._open_run)
        w.study_dialog.show()
        w.study_dialog.raise_()

    def _open_run(self, setup: Setup) -> None:
        self.window.controls.show_setup(setup)
        self.window.controller.rebuild(setup)

    def _open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, "Open model", "", "xorgui models (*.json);;All files (*)")
        if path:
            self.open_path(path)

    def open_path(self, path: str) -> None:
        """Open the model file ``path`` as File ▸ Open does; say why in a message box if it cannot be opened."""
        w = self.window
        try:
            w.open_model(path)
        except (OSError, ValueError) as exc:  # a ModelFileError, or settings the panel cannot show
            QMessageBox.warning(w, "Cannot open the model", str(exc))
        else:
            w.show_document(path)

    def _save_dialog(self) -> None:
        w = self.window
        path = save_path(w, "Save model", "model.json", "xorgui models (*.json)")
        if path:
            try:
                w.save_model(path)
            except (OSError, ValueError) as exc:
                QMessageBox.warning(w, "Cannot save the model", str(exc))
            else:
                w.show_document(path)

    def _export_view(self, widget: QWidget, stem: str) -> None:
        path = save_path(self.window, "Export image", f"{stem}.png", "PNG image (*.png);;SVG drawing (*.svg)")
        if path:
            try:
                export_widget(widget, path)
            except OSError as exc:
                QMessageBox.warning(self.window, "Cannot export", str(exc))

    def _export_text(self, what: str, ext: str) -> None:
        path = save_path(self.window, "Export", f"xorgui-{what}.{ext}", f"{ext.upper()} (*.{ext})")
        if path:
            try:
                self.export_data(what, path)
            except (OSError, ValueError) as exc:
                QMessageBox.warning(self.window, "Cannot export", str(exc))

    def export_data(self, what: str, path: str) -> None:
        """Write "parameters" (CSV), "history" (CSV) or "worked" (the inspector's example, Markdown) to ``path``."""
        w = self.window
        snap = w.snapshot
        if snap is None:
            raise ValueError("nothing to export yet")
        if what == "parameters":
            text = parameters_csv(snap)
        elif what == "history":
            text = history_csv(w.controller.history)
        elif w.inspector.explanation is None:
            if w.inspector.name:
                raise ValueError(f"the worked example of {w.inspector.name} is not there yet: try again")
            raise ValueError("select a weight, bias or neuron first: the worked example is the inspector's")
        else:
            text = to_markdown(w.inspector.explanation)
        write_atomic(path, text)

    def _show_notation(self) -> None:
        QMessageBox.information(self.window, "Notation", NOTATION)

    def _show_about(self) -> None:
        QMessageBox.about(self.window, "About xorgui", about_text())

    # --- remembered settings -------------------------------------------------------------------

    def restore(self) -> None:
        """Apply the remembered geometry, speed and setup; say which could not be used."""
        w = self.window
        found = read_settings(w.settings, len(SPEEDS))
        if found.geometry is not None:
            if w.restoreGeometry(found.geometry):
                keep_on_screen(w)  # saved on a screen that is gone, or larger than this one
                size_panes(w.main_splitter, w.width(), w.height())
            else:
                found.problems.append("the window geometry (not a saved geometry)")
        w.controls.set_speed_index(1 if found.speed is None else found.speed)
        w.controller.send(SetSpeed(w.controls.speed))
        if found.setup is not None:
            w.controls.show_setup(found.setup)
            w.controller.rebuild(found.setup)
        if found.problems:
            w.statusBar().showMessage(f"Remembered settings not used (defaults instead): "
                                      f"{'; '.join(found.problems)}.", 30000)

    def remember(self) -> None:
        """Remember the geometry, the setup and the speed for the next start."""
        w = self.window
        w.settings.setValue("geometry", w.saveGeometry())
        text = setup_text(w.controls.setup)
        if text is None:  # never reached by the panel's own setups; a bad one is forgotten, not saved
            w.settings.remove("setup")
        else:
            w.settings.setValue("setup", text)
        w.settings.setValue("speed", w.controls.speed_box.currentIndex())
        w.settings.sync()
        if w.settings.status() != QSettings.Status.NoError:  # the window is closing: the terminal is left to say so
            print(f"xorgui: the settings could not be saved to {w.settings.fileName()}", file=sys.stderr)


def versions() -> dict[str, str]:
    """Return the versions of xorgui (from its installed metadata) and of what it runs on."""
    try:
        own = metadata.version("xorgui")
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        own = xorgui.__version__
    return {"xorgui": own, "Python": platform.python_version(), "Qt": qVersion(), "PySide6": PySide6.__version__,
            "pyqtgraph": pg.__version__, "NumPy": np.__version__}


def about_text() -> str:
    """Return the About box's text: what xorgui is, and the versions."""
    found = versions()
    rows = "".join(f"<tr><td>{name}</td><td>&nbsp;{version}</td></tr>" for name, version in found.items())
    return (f"<p><b>xorgui {found['xorgui']}</b>: watch a small network learn XOR by backpropagation and see how "
            f"every gradient arises.</p><table>{rows}</table>")
