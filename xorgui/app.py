"""The desktop app: ``create_window()`` for tests and embedding, ``main()`` to run it."""

from __future__ import annotations

import gc
import sys

import pyqtgraph as pg
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from xorgui.qt.main_window import MainWindow


def create_window(settings: QSettings | None = None) -> MainWindow:
    """Build and return the main window (a QApplication must exist)."""
    pg.setConfigOptions(antialias=False, background="w", foreground="k")
    window = MainWindow(settings)
    # The objects built so far live as long as the window: keep the cyclic
    # garbage collector from walking them again and again (its full passes
    # showed up as 30–60 ms stalls of the GUI thread).
    gc.collect()
    gc.freeze()
    return window


def main(argv: list[str] | None = None) -> int:
    """Run the app until its window closes; return the exit status."""
    app = QApplication.instance() or QApplication(sys.argv if argv is None else argv)
    app.setOrganizationName("xorgui")
    app.setApplicationName("xorgui")
    window = create_window()  # kept local: a module-level pyqtgraph window crashes at exit
    window.show()
    code = app.exec()
    del window
    return code
