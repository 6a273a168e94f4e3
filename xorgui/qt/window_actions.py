"""The main window's actions, menus, dialogs, remembered settings and shutdown."""

from __future__ import annotations

import platform
from importlib import metadata
from pathlib import Path

import numpy as np
import pyqtgraph as pg
import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox, QToolBar

import xorgui
from xorgui.core.files.access import write_atomic
from xorgui.core.files.export import history_csv, parameters_csv, to_markdown
from xorgui.core.session.command import Reset, Restart, SetSpeed
from xorgui.qt.controls import SPEEDS
from xorgui.qt.exporting import export_widget
from xorgui.qt.panes import size_panes
from xorgui.qt.placement import keep_on_screen
from xorgui.qt.remembered import read_settings, setup_text
from xorgui.qt.study_dialog import StudyDialog

APP_TITLE = "xorgui"

NOTATION = """<p>Layers n = 0 (input) … N (output). <b>w(n)_ij</b>: weight from neuron j of layer n−1 into
neuron i of layer n. <b>b(n)_i</b>: bias. <b>z(n)_i</b> = Σ_j w(n)_ij·a(n−1)_j + b(n)_i, the sum.
<b>a(n)_i</b> = g(z(n)_i), the activation; a(0) = x, ŷ = a(N).</p>
<p><b>δ(n)_i</b> = ∂C/∂z(n)_i: δ(N)_i = ∂C/∂ŷ_i · g′(z(N)_i); δ(n)_i = g′(z(n)_i) · Σ_k w(n+1)_ki · δ(n+1)_k.
∂C/∂w(n)_ij = δ(n)_i · a(n−1)_j, ∂C/∂b(n)_i = δ(n)_i. Update: w ← w − η·∂C/∂w.</p>
<p>Indices i, j count from 0, and so do the inputs: a(0)_j = x_j, the inputs x_0 and x_1.</p>"""


class WindowActions:
    """Mixin of MainWindow: menus and keys, file dialogs, settings, closing."""

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
        # settings held while a past epoch was viewed apply before the run goes on
        self.action_play = self._action("actionPlayPause", "Play", Qt.Key.Key_Space,
                                        lambda: (self._apply_held(), c.toggle()))
        self.action_step = self._action("actionStep", "Step", Qt.Key.Key_Right, lambda: (self._apply_held(), c.step()))
        self.action_reset = self._action("actionReset", "Reset", Qt.Key.Key_R, lambda: c.send(Reset()))
        self.action_restart = self._action("actionRestart", "Restart", "Shift+R", lambda: c.send(Restart()))
        self.action_open = self._action("actionOpen", "Open model…", QKeySequence.StandardKey.Open, self._open_dialog)
        self.action_save = self._action("actionSave", "Save model…", QKeySequence.StandardKey.Save, self._save_dialog)
        self.action_export = self._action("actionExport", "Export image…", "Ctrl+E",
                                          lambda: self._export_view(self, "xorgui"))
        self.action_quit = self._action("actionQuit", "Quit", QKeySequence.StandardKey.Quit, self.close)
        # some platforms (Windows) bind no key to the standard Quit: Ctrl+Q everywhere
        keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Quit)
        self.action_quit.setShortcuts(keys + [QKeySequence("Ctrl+Q")] * (QKeySequence("Ctrl+Q") not in keys))
        self._action("actionClearSelection", "Clear selection", Qt.Key.Key_Escape, lambda: self.network_view.select(""))
        self.action_reset.setToolTip("New random weights from a new seed (R)")
        self.action_restart.setToolTip("The same initial weights again (Shift+R)")
        menus = self.menuBar()
        file_menu = menus.addMenu("&File")
        for a in (self.action_open, self.action_save, self.action_export):
            file_menu.addAction(a)
        export = file_menu.addMenu("Export")
        for text, widget, stem in (("Network graph…", self.graph_panel, "network"),
                                   ("Loss plot…", self.loss_plot, "loss"),
                                   ("Decision boundary…", self.boundary_plot, "boundary"),
                                   ("Loss slice…", self.slice_plot, "loss-slice")):
            export.addAction(text, lambda w=widget, s=stem: self._export_view(w, s))
        export.addSeparator()
        export.addAction("Weights and gradients (CSV)…", lambda: self._export_text("parameters", "csv"))
        export.addAction("Loss history (CSV)…", lambda: self._export_text("history", "csv"))
        export.addAction("Worked example (Markdown)…", lambda: self._export_text("worked", "md"))
        file_menu.addSeparator()
        file_menu.addAction(self.action_quit)
        training = menus.addMenu("&Training")
        for a in (self.action_play, self.action_step, self.action_reset, self.action_restart):
            training.addAction(a)
        training.addSeparator()
        training.addAction(self._action("actionStudy", "Convergence study…", "Ctrl+K", self.show_study))
        help_menu = menus.addMenu("&Help")
        help_menu.addAction(self._action("actionNotation", "Notation", "F1", self._show_notation))
        help_menu.addAction(self._action("actionAbout", "About xorgui", None, self._show_about))
        bar = QToolBar("Training", objectName="trainingToolBar")
        bar.setMovable(False)
        for a in (self.action_play, self.action_step, self.action_reset, self.action_restart):
            bar.addAction(a)
        self.addToolBar(bar)

    def show_study(self) -> None:
        """Open the convergence-study window."""
        if self.study_dialog is None:
            self.study_dialog = StudyDialog(self.controller, self)
            self.study_dialog.openRun.connect(self._open_run)
        self.study_dialog.show()
        self.study_dialog.raise_()

    def _open_run(self, setup) -> None:
        self.controls.show_setup(setup)
        self.controller.rebuild(setup)

    def _open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open model", "", "xorgui models (*.json);;All files (*)")
        if path:
            try:
                self.open_model(path)
            except ValueError as exc:  # a ModelFileError, or settings the panel cannot show
                QMessageBox.warning(self, "Cannot open the model", str(exc))
            else:
                self.show_document(path)

    def _save_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save model", "model.json", "xorgui models (*.json)")
        if path:
            try:
                self.save_model(path)
            except (OSError, ValueError) as exc:
                QMessageBox.warning(self, "Cannot save the model", str(exc))
            else:
                self.show_document(path)

    def show_document(self, path: str) -> None:
        """Name the model file last opened or saved in the window's title: "name.json — xorgui"."""
        self.setWindowFilePath(path)
        self.setWindowTitle(f"{Path(path).name} — {APP_TITLE}")

    def _export_view(self, widget, stem: str) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export image", f"{stem}.png",
                                              "PNG image (*.png);;SVG drawing (*.svg)")
        if path:
            try:
                export_widget(widget, path)
            except OSError as exc:
                QMessageBox.warning(self, "Cannot export", str(exc))

    def _export_text(self, what: str, ext: str) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export", f"xorgui-{what}.{ext}", f"{ext.upper()} (*.{ext})")
        if path:
            try:
                self.export_data(what, path)
            except (OSError, ValueError) as exc:
                QMessageBox.warning(self, "Cannot export", str(exc))

    def export_data(self, what: str, path: str) -> None:
        """Write "parameters" (CSV), "history" (CSV) or "worked" (the inspector's example, Markdown) to ``path``."""
        snap = self.snapshot
        if snap is None:
            raise ValueError("nothing to export yet")
        if what == "parameters":
            text = parameters_csv(snap)
        elif what == "history":
            text = history_csv(self.controller.history)
        elif self.inspector.explanation is None:
            raise ValueError("select a weight, bias or neuron first: the worked example is the inspector's")
        else:
            text = to_markdown(self.inspector.explanation)
        write_atomic(path, text)

    def _show_notation(self) -> None:
        QMessageBox.information(self, "Notation", NOTATION)

    def _show_about(self) -> None:
        QMessageBox.about(self, "About xorgui", about_text())

    # --- settings and shutdown -----------------------------------------------------------------

    def _restore(self) -> None:
        found = read_settings(self.settings, len(SPEEDS))
        if found.geometry is not None:
            if self.restoreGeometry(found.geometry):
                keep_on_screen(self)  # saved on a screen that is gone, or larger than this one
                size_panes(self.centralWidget(), self.width(), self.height())
            else:
                found.problems.append("the window geometry (not a saved geometry)")
        self.controls.set_speed_index(1 if found.speed is None else found.speed)
        self.controller.send(SetSpeed(self.controls.speed))
        if found.setup is not None:
            self.controls.show_setup(found.setup)
            self.controller.rebuild(found.setup)
        if found.problems:
            self.statusBar().showMessage(f"Remembered settings not used (defaults instead): "
                                         f"{'; '.join(found.problems)}.", 30000)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """Remember geometry and settings, then stop the worker and wait for it."""
        self.settings.setValue("geometry", self.saveGeometry())
        text = setup_text(self.controls.setup)
        if text is None:  # never reached by the panel's own setups; a bad one is forgotten, not saved
            self.settings.remove("setup")
        else:
            self.settings.setValue("setup", text)
        self.settings.setValue("speed", self.controls.speed_box.currentIndex())
        self.settings.sync()
        self.controller.shutdown()
        super().closeEvent(event)


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
